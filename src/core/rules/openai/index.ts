// The openai rules, sorted by id.
import type { Rule } from '../../rule';
import ambiguousMappings from './ambiguous-mappings';
import checkJti from './check-jti';
import fieldRange from './field-range';
import mappingPin from './mapping-pin';
import matcherWildcard from './matcher-wildcard';
import permissions from './permissions';
import providerAudience from './provider-audience';
import providerIssuer from './provider-issuer';
import subjectScope from './subject-scope';
import uploadedJwks from './uploaded-jwks';

export const openaiRules: readonly Rule[] = [
  ambiguousMappings,
  checkJti,
  fieldRange,
  mappingPin,
  matcherWildcard,
  permissions,
  providerAudience,
  providerIssuer,
  subjectScope,
  uploadedJwks,
] as readonly Rule[];
