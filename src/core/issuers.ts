// Which identity provider an issuer URL (or a subject's shape) belongs to, and what that implies for a trust rule.
// Facts: docs (shared) domain.md §1.8, §5.

export type IssuerFamily =
  | 'github-actions'
  | 'gitlab'
  | 'buildkite'
  | 'terraform-cloud'
  | 'google'
  | 'aws-sts-outbound'
  | 'eks'
  | 'kubernetes'
  | 'entra-v2'
  | 'entra-v1'
  | 'spiffe'
  | 'okta'
  | 'custom';

export interface IssuerProfile {
  readonly family: IssuerFamily;
  /** Human name, used in messages. */
  readonly label: string;
  /**
   * A public issuer that signs tokens for every customer (every GitHub repository, every GCP project): a rule on it
   * must pin the tenant, or anyone on that platform matches.
   */
  readonly shared: boolean;
  /** Top-level claims that identify the tenant (owner/org/project) of a token from this issuer. */
  readonly tenantClaims: readonly string[];
  /** Nothing but the audience ties this issuer's tokens to one destination (Kubernetes, SPIFFE, custom OIDC). */
  readonly needsAudience: boolean;
}

const P = (
  family: IssuerFamily,
  label: string,
  shared: boolean,
  tenantClaims: readonly string[],
  needsAudience: boolean,
): IssuerProfile => ({ family, label, shared, tenantClaims, needsAudience });

export const ISSUER_PROFILES: Readonly<Record<IssuerFamily, IssuerProfile>> = {
  'github-actions': P('github-actions', 'GitHub Actions', true,
    ['repository_owner', 'repository_owner_id', 'repository', 'repository_id', 'enterprise', 'enterprise_id', 'job_workflow_ref', 'workflow_ref'], false),
  gitlab: P('gitlab', 'GitLab CI', true, ['namespace_id', 'namespace_path', 'project_id', 'project_path', 'ci_config_ref_uri'], false),
  buildkite: P('buildkite', 'Buildkite', true, ['organization_slug', 'organization_id', 'pipeline_slug'], false),
  'terraform-cloud': P('terraform-cloud', 'HCP Terraform', true,
    ['terraform_organization_id', 'terraform_organization_name', 'terraform_workspace_id', 'terraform_project_id'], false),
  google: P('google', 'Google Cloud', true, ['email', 'sub', 'azp'], false),
  'aws-sts-outbound': P('aws-sts-outbound', 'AWS STS outbound (GetWebIdentityToken)', false, [], false),
  eks: P('eks', 'Amazon EKS', false, [], true),
  kubernetes: P('kubernetes', 'Kubernetes', false, [], true),
  'entra-v2': P('entra-v2', 'Microsoft Entra ID (v2.0)', false, ['tid'], false),
  'entra-v1': P('entra-v1', 'Microsoft Entra ID (v1.0)', false, ['tid'], false),
  spiffe: P('spiffe', 'SPIFFE', false, [], true),
  okta: P('okta', 'Okta', false, [], false),
  custom: P('custom', 'a custom OIDC issuer', false, [], true),
};

/** Classify an issuer URL. Unknown URLs are `custom`. */
export function classifyIssuerUrl(raw: string): IssuerProfile {
  const url = raw.trim().replace(/(?<!\/)\/+$/, '');
  const host = url.replace(/^https?:\/\//i, '').split('/')[0]!.toLowerCase();
  const path = url.replace(/^https?:\/\/[^/]+/i, '');
  const f = (family: IssuerFamily) => ISSUER_PROFILES[family];
  if (host === 'token.actions.githubusercontent.com') {
    // `/<enterpriseSlug>` is a GHEC enterprise's own issuer: still GitHub, but no longer shared by everyone
    return path === '' ? f('github-actions') : { ...f('github-actions'), shared: false };
  }
  if (/^token\.actions\.[a-z0-9-]+\.ghe\.com$/.test(host) || /\/_services\/token$/.test(path)) return { ...f('github-actions'), shared: false };
  if (host === 'gitlab.com') return f('gitlab');
  if (host === 'agent.buildkite.com') return f('buildkite');
  if (host === 'app.terraform.io') return f('terraform-cloud');
  if (host === 'accounts.google.com') return f('google');
  if (host.endsWith('.tokens.sts.global.api.aws')) return f('aws-sts-outbound');
  if (/^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com$/.test(host)) return f('eks');
  if (host === 'login.microsoftonline.com' && /\/v2\.0$/.test(path)) return f('entra-v2');
  if (host === 'sts.windows.net') return f('entra-v1');
  if (/\.okta(preview)?\.com$/.test(host)) return f('okta');
  if (
    host.startsWith('kubernetes.default.svc') ||
    host === 'container.googleapis.com' ||
    host.endsWith('.oic.prod-aks.azure.com') ||
    /^oidc\.[a-z0-9.-]*(k8s|kubernetes)/.test(host)
  )
    return f('kubernetes');
  if (host.startsWith('oidc-discovery.') || host.includes('spire')) return f('spiffe');
  return f('custom');
}

/** Infer the issuer family from a subject's shape, when the issuer itself is not known. */
export function familyFromSubject(subject: string): IssuerFamily | undefined {
  if (subject.startsWith('repo:')) return 'github-actions';
  if (subject.startsWith('system:serviceaccount:')) return 'kubernetes';
  if (subject.startsWith('spiffe://')) return 'spiffe';
  if (/^arn:aws[a-z-]*:(iam|sts)::/.test(subject)) return 'aws-sts-outbound';
  if (subject.startsWith('project_path:')) return 'gitlab';
  if (/^organization:[^:]*:pipeline:/.test(subject)) return 'buildkite';
  if (/^organization:[^:]*:project:/.test(subject)) return 'terraform-cloud';
  if (/^\d{15,25}\*?$/.test(subject)) return 'google';
  return undefined;
}
