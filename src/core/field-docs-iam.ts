// The IAM part of the field catalogue: condition operators, set qualifiers, the global condition keys of outbound
// federation, and the claims AWS STS exposes as `<provider>:<claim>` keys. Data only.
// Facts: docs (shared) domain.md §4.1, §4.2, §5.
import { LINKS } from './doc-links';
import type { IssuerFamily } from './issuers';

export interface KeyDoc {
  readonly type: string;
  readonly doc: string;
  readonly link: string;
}

/** Base operators by lower-cased name (IAM compares operator names case-insensitively). */
export const IAM_OPERATORS: Readonly<Record<string, { readonly name: string; readonly doc: string }>> = {
  stringequals: { name: 'StringEquals', doc: 'Exact, case-sensitive string comparison. `*` and `?` are ordinary characters here, not wildcards.' },
  stringnotequals: { name: 'StringNotEquals', doc: 'True when the value differs from every listed value (exact, case-sensitive).' },
  stringequalsignorecase: { name: 'StringEqualsIgnoreCase', doc: 'Exact string comparison that ignores case. `*` and `?` are ordinary characters.' },
  stringnotequalsignorecase: { name: 'StringNotEqualsIgnoreCase', doc: 'True when the value differs from every listed value, ignoring case.' },
  stringlike: { name: 'StringLike', doc: 'Case-sensitive pattern match: `*` matches any run of characters and `?` exactly one, anywhere in the value.' },
  stringnotlike: { name: 'StringNotLike', doc: 'True when the value matches none of the listed patterns (`*` and `?` are wildcards).' },
  numericequals: { name: 'NumericEquals', doc: 'Numeric comparison: the value must equal the listed number.' },
  numericnotequals: { name: 'NumericNotEquals', doc: 'Numeric comparison: the value must differ from the listed number.' },
  numericlessthan: { name: 'NumericLessThan', doc: 'Numeric comparison: the value must be less than the listed number.' },
  numericlessthanequals: { name: 'NumericLessThanEquals', doc: 'Numeric comparison: the value must be at most the listed number (for example, a cap on `sts:DurationSeconds`).' },
  numericgreaterthan: { name: 'NumericGreaterThan', doc: 'Numeric comparison: the value must be greater than the listed number.' },
  numericgreaterthanequals: { name: 'NumericGreaterThanEquals', doc: 'Numeric comparison: the value must be at least the listed number.' },
  null: { name: 'Null', doc: '`"true"`: the key must be absent from the request; `"false"`: it must be present.' },
};

export const IAM_QUALIFIER_DOCS: Readonly<Record<'ForAllValues' | 'ForAnyValue', string>> = {
  ForAllValues:
    'Every value of the (multivalued) key in the request must match one of the listed values. It is also true when the key is absent or empty, so pair it with `"Null": {"<key>": "false"}`. On a single-valued key such as `:sub` it lets a token without that claim through (Access Analyzer: "ForAllValues with single valued key").',
  ForAnyValue: 'At least one value of the (multivalued) key in the request must match one of the listed values.',
};

export const IF_EXISTS_DOC = '`…IfExists`: when the key is absent from the request the condition is true; only a key that is present is tested.';

/** Global condition keys, by lower-cased name. */
export const IAM_GLOBAL_KEYS: Readonly<Record<string, KeyDoc & { readonly name: string }>> = {
  'sts:identitytokenaudience': {
    name: 'sts:IdentityTokenAudience', type: 'multivalued string', link: LINKS.awsOutbound,
    doc: 'The audiences requested from `sts:GetWebIdentityToken`; each becomes an `aud` of the minted token. Constrain it with `ForAllValues:StringEquals` together with `"Null": {"sts:IdentityTokenAudience": "false"}`, or with `ForAnyValue:StringEquals`. Without it the principal can mint tokens for any service.',
  },
  'sts:durationseconds': {
    name: 'sts:DurationSeconds', type: 'number', link: LINKS.awsOutbound,
    doc: 'The lifetime requested from `sts:GetWebIdentityToken` (`DurationSeconds`: 60–3600, default 300). Cap it with `NumericLessThanEquals`.',
  },
  'sts:signingalgorithm': {
    name: 'sts:SigningAlgorithm', type: 'string', link: LINKS.awsOutbound,
    doc: 'The signing algorithm requested from `sts:GetWebIdentityToken`: `RS256` or `ES384`. Pin it with `StringEquals`.',
  },
  'aws:tagkeys': {
    name: 'aws:TagKeys', type: 'multivalued string', link: LINKS.awsOutbound,
    doc: 'The tag keys in the request. Tags passed to `sts:GetWebIdentityToken` become custom claims under `request_tags` and need the permission `sts:TagGetWebIdentityToken`.',
  },
};

/** Global keys named by prefix (`aws:RequestTag/<key>`). */
export const IAM_KEY_PREFIXES: readonly (KeyDoc & { readonly prefix: string })[] = [
  {
    prefix: 'aws:requesttag/', type: 'string', link: LINKS.awsOutbound,
    doc: 'The value of one request tag. Tags passed to `sts:GetWebIdentityToken` become custom claims under `request_tags` of the minted token.',
  },
];

/** What the claims behind `<provider>:<claim>` keys are. */
export const CLAIM_DOCS: Readonly<Record<string, string>> = {
  sub: 'The token\'s subject (`sub`): which workload it was issued to.',
  aud: 'The token\'s audience (`aud`). GitHub Actions (with `aws-actions/configure-aws-credentials`) and EKS IRSA tokens carry `sts.amazonaws.com`; without an `aud` condition a token minted for another audience is accepted.',
  actor: 'The account that triggered the workflow run (GitHub Actions).',
  actor_id: 'The numeric id of the account that triggered the run (GitHub Actions).',
  job_workflow_ref: 'The workflow file the job runs, `ORG/REPO/.github/workflows/FILE@REF` (GitHub Actions). With `:sub`, one of the two keys AWS requires for GitHub.',
  repository: 'The repository, `ORG/REPO` (GitHub Actions).',
  repository_id: 'The repository\'s numeric id, which a renamed or re-created repository does not keep (GitHub Actions).',
  workflow: 'The workflow\'s name (GitHub Actions).',
  ref: 'The git ref that triggered the run, such as `refs/heads/main` (GitHub Actions).',
  environment: 'The deployment environment of the job (GitHub Actions).',
  enterprise_id: 'The numeric id of the enterprise that owns the repository (GitHub Actions).',
};

/** What `sub` looks like per identity provider. */
export const SUBJECT_FORMATS: Partial<Record<IssuerFamily, string>> = {
  'github-actions':
    '`repo:ORG/REPO:ref:refs/heads/BRANCH`, `…:ref:refs/tags/TAG`, `…:environment:NAME` or `…:pull_request`; repositories with immutable subjects use `repo:OWNER@OWNER_ID/REPO@REPO_ID:…`. Without a `:sub` or `:job_workflow_ref` condition, any repository on GitHub can assume the role.',
  eks: '`system:serviceaccount:NAMESPACE:SERVICE_ACCOUNT`.',
  kubernetes: '`system:serviceaccount:NAMESPACE:SERVICE_ACCOUNT`.',
  gitlab: '`project_path:GROUP/PROJECT:ref_type:branch:ref:NAME` (or `ref_type:tag`).',
  google: 'The service account\'s numeric unique id (21 digits, never reused).',
  'aws-sts-outbound': 'The role ARN, `arn:aws:iam::ACCOUNT:role/NAME`.',
  spiffe: 'The SPIFFE ID, `spiffe://TRUST_DOMAIN/PATH`.',
};
