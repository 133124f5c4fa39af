// The snowflake rules, sorted by id.
import type { Rule } from '../../rule';
import authenticationPolicy from './authentication-policy';
import oidcAudience from './oidc-audience';
import staticFallback from './static-fallback';
import wifIdentity from './wif-identity';
import wifPolicyProviders from './wif-policy-providers';
import wifUserType from './wif-user-type';

export const snowflakeRules: readonly Rule[] = [
  authenticationPolicy,
  oidcAudience,
  staticFallback,
  wifIdentity,
  wifPolicyProviders,
  wifUserType,
] as readonly Rule[];
