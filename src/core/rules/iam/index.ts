// The iam rules, sorted by id.
import type { Rule } from '../../rule';
import audienceCondition from './audience-condition';
import conditionKeyProvider from './condition-key-provider';
import forallvaluesSingleValued from './forallvalues-single-valued';
import githubSubRequired from './github-sub-required';
import oidcConditionRequired from './oidc-condition-required';
import outboundAudience from './outbound-audience';
import outboundDuration from './outbound-duration';
import outboundSigningAlgorithm from './outbound-signing-algorithm';
import stringEqualsWildcard from './string-equals-wildcard';
import stringLikeNoWildcard from './string-like-no-wildcard';
import subjectScope from './subject-scope';
import webIdentityPrincipal from './web-identity-principal';

export const iamRules: readonly Rule[] = [
  audienceCondition,
  conditionKeyProvider,
  forallvaluesSingleValued,
  githubSubRequired,
  oidcConditionRequired,
  outboundAudience,
  outboundDuration,
  outboundSigningAlgorithm,
  stringEqualsWildcard,
  stringLikeNoWildcard,
  subjectScope,
  webIdentityPrincipal,
] as readonly Rule[];
