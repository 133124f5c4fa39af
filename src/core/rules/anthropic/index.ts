// The anthropic rules, sorted by id.
import type { Rule } from '../../rule';
import audienceRequired from './audience-required';
import celCondition from './cel-condition';
import celOverTrue from './cel-over-true';
import celStaticEquivalent from './cel-static-equivalent';
import checkJti from './check-jti';
import claimsMatcher from './claims-matcher';
import entraIssuer from './entra-issuer';
import fieldType from './field-type';
import googleSubject from './google-subject';
import inlineJwks from './inline-jwks';
import issuerUrl from './issuer-url';
import lifetimeForScope from './lifetime-for-scope';
import lifetimeRange from './lifetime-range';
import matchConstraint from './match-constraint';
import nameFormat from './name-format';
import noAttributes from './no-attributes';
import oauthScope from './oauth-scope';
import reference from './reference';
import requiredFields from './required-fields';
import subjectPrefixScope from './subject-prefix-scope';
import tenantPin from './tenant-pin';
import workspaceBinding from './workspace-binding';

export const anthropicRules: readonly Rule[] = [
  audienceRequired,
  celCondition,
  celOverTrue,
  celStaticEquivalent,
  checkJti,
  claimsMatcher,
  entraIssuer,
  fieldType,
  googleSubject,
  inlineJwks,
  issuerUrl,
  lifetimeForScope,
  lifetimeRange,
  matchConstraint,
  nameFormat,
  noAttributes,
  oauthScope,
  reference,
  requiredFields,
  subjectPrefixScope,
  tenantPin,
  workspaceBinding,
] as readonly Rule[];
