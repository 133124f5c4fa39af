// Which top-level claims each identity provider puts in its tokens, and which of them are strings even when they look
// like numbers. Facts: docs (shared) domain.md §4.1, §5. Only providers whose claim sets are documented are listed.
import type { IssuerFamily } from './issuers';

export interface ClaimCatalog {
  /** True when the provider's claim set is fixed (a Kubernetes API server, AWS STS): any other name is absent. */
  readonly closed: boolean;
  readonly names: ReadonlySet<string>;
  /** Families of claims named by prefix (GitHub's `repo_property_*`). */
  readonly prefixes?: readonly string[];
}

const REGISTERED = ['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'jti'];

const GITHUB = [
  'actor', 'actor_id', 'base_ref', 'check_run_id', 'enterprise', 'enterprise_id', 'environment', 'event_name', 'head_ref',
  'job_workflow_ref', 'job_workflow_sha', 'ref', 'ref_type', 'repository', 'repository_id', 'repository_owner',
  'repository_owner_id', 'repository_visibility', 'run_id', 'run_number', 'run_attempt', 'runner_environment', 'workflow',
  'workflow_ref', 'workflow_sha',
];
const GITLAB = [
  'namespace_id', 'namespace_path', 'project_id', 'project_path', 'user_id', 'user_login', 'user_email', 'user_identities',
  'pipeline_id', 'pipeline_source', 'job_id', 'ref', 'ref_type', 'ref_path', 'ref_protected', 'environment', 'environment_protected',
  'deployment_tier', 'runner_id', 'runner_environment', 'sha', 'ci_config_ref_uri', 'ci_config_sha', 'project_visibility',
];
const KUBERNETES = [
  'kubernetes.io', 'kubernetes.io/serviceaccount/namespace', 'kubernetes.io/serviceaccount/secret.name',
  'kubernetes.io/serviceaccount/service-account.name', 'kubernetes.io/serviceaccount/service-account.uid',
];
const AWS_STS = ['https://sts.amazonaws.com/'];
const GOOGLE = ['azp', 'email', 'email_verified', 'google'];
const ENTRA = ['tid', 'oid', 'azp', 'appid', 'ver', 'idp', 'roles', 'xms_mirid'];

const cat = (closed: boolean, names: readonly string[], prefixes?: readonly string[]): ClaimCatalog => ({
  closed,
  names: new Set([...REGISTERED, ...names]),
  ...(prefixes ? { prefixes } : {}),
});

/**
 * Claim sets per family. Closed: Kubernetes/EKS (the API server's fixed set), AWS STS outbound, Google service-account ID
 * tokens. Open (providers add claims over time, or let you add your own): GitHub, GitLab, SPIFFE, Entra.
 */
export const CLAIM_CATALOGS: Partial<Record<IssuerFamily, ClaimCatalog>> = {
  'github-actions': cat(false, GITHUB, ['repo_property_']),
  gitlab: cat(false, GITLAB),
  kubernetes: cat(true, KUBERNETES),
  eks: cat(true, KUBERNETES),
  'aws-sts-outbound': cat(true, AWS_STS),
  google: cat(true, GOOGLE),
  spiffe: cat(false, []),
  'entra-v2': cat(false, ENTRA),
  'entra-v1': cat(false, ENTRA),
};

const LABELS: Partial<Record<IssuerFamily, string>> = {
  'github-actions': 'GitHub Actions', gitlab: 'GitLab CI', kubernetes: 'Kubernetes', 'aws-sts-outbound': 'AWS STS', google: 'Google', 'entra-v2': 'Microsoft Entra ID',
};

/** Generic names another provider could plausibly send too: never called "another provider's claim". */
const GENERIC = new Set(['ref_protected', 'environment_protected', 'sha', 'roles', 'idp', 'ver', 'email', 'email_verified']);

/** The one provider (other than `family`) known to send this claim, when exactly one does: `repository_owner` -> GitHub Actions. */
export function distinctiveOwner(claim: string, family: IssuerFamily): string | undefined {
  if (GENERIC.has(claim)) return undefined;
  const owners = new Set<string>();
  for (const [f, c] of Object.entries(CLAIM_CATALOGS) as [IssuerFamily, ClaimCatalog][]) {
    if (REGISTERED.includes(claim) || !c.names.has(claim)) continue;
    owners.add(f === 'eks' ? 'kubernetes' : f === 'entra-v1' ? 'entra-v2' : f);
  }
  const norm = family === 'eks' ? 'kubernetes' : family === 'entra-v1' ? 'entra-v2' : family;
  if (owners.size !== 1 || owners.has(norm)) return undefined;
  return LABELS[[...owners][0] as IssuerFamily];
}

/** Whether a claim is known to be absent from this family's tokens; returns the provider that does send it, or ''. */
export function absentClaim(claim: string, family: IssuerFamily): string | undefined {
  const c = CLAIM_CATALOGS[family];
  if (!c || c.names.has(claim) || c.prefixes?.some((p) => claim.startsWith(p))) return undefined;
  const other = distinctiveOwner(claim, family);
  if (other) return other;
  return c.closed ? '' : undefined;
}

/**
 * Claims the provider sends as strings, even when the value is a number or a boolean: GitHub sends every custom claim as a
 * string (`repository_owner_id: "123456"`, `repo_property_*` booleans as "true"/"false"); GitLab `ref_protected` and
 * `environment_protected` are "true"/"false".
 */
export function isStringClaim(claim: string, family: IssuerFamily): boolean {
  if (family === 'github-actions') return (GITHUB.includes(claim) || claim.startsWith('repo_property_')) || ['iss', 'sub', 'jti'].includes(claim);
  if (family === 'gitlab') return claim === 'ref_protected' || claim === 'environment_protected';
  return false;
}
