// Who else can get a token from the same issuer, per kind of issuer: the claims a legitimate workload's token carries,
// and the tokens its neighbours can obtain (a fork's pull request, a sibling repository, another branch, environment,
// namespace, tenant). Each family renders its tokens from a few parts (owner, repository, ref...), so a neighbour
// differs from the legitimate token exactly where the issuer would make it differ. Claim formats: docs (shared)
// domain.md §4.1 (AWS), §5.1 (GitHub), §5.2 (GitLab), §5.3 (Kubernetes), §5.4 (SPIFFE), §5.5 (Google), §5.6 (Entra).
import type { IssuerFamily } from '../issuers';

export type Claims = Record<string, unknown>;

export interface Neighbour {
  readonly name: string;
  readonly description: string;
  /** The neighbour's claims (iss, aud and times are the driver's). */
  readonly claims: Claims;
}

export interface Kit {
  /** A concrete subject under a `subject_prefix` that ends in `*` (given without the `*`). */
  complete(prefix: string): string;
  /** The claims a token of this family carries around `known` (known values win). */
  legit(known: Claims, iss: string): Claims;
  /** Other identities' tokens from the same issuer; `shared`: the issuer signs for other tenants too. */
  neighbours(legit: Claims, shared: boolean): Neighbour[];
  /** The audience the same workload's token carries when it is minted for another service. */
  otherAudience(legit: Claims, iss: string): string;
  readonly defaultIssuer: string;
  /** Typical `exp − iat` of the family's tokens. */
  readonly lifetime: number;
  /** Kubernetes always sends `aud` as an array (§5.3). */
  readonly audArray?: boolean;
}

const s = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const other = (v: string | undefined, a: string, b: string) => (v === a ? b : a);

/** Replace the claims a family renders, keep the rest (custom claims the rule asked for stay the same). */
function rerender(legit: Claims, rendered: readonly string[], next: Claims): Claims {
  const out: Claims = { ...legit };
  for (const k of rendered) delete out[k];
  for (const [k, v] of Object.entries(next)) if (v !== undefined) out[k] = v;
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// GitHub Actions (§5.1): sub `repo:OWNER/REPO:<context>`, or `repo:OWNER@ID/REPO@ID:<context>` (immutable subjects).

interface GhParts {
  owner: string; ownerId: string; repo: string; repoId: string; immutable: boolean;
  context: 'ref' | 'environment' | 'pull_request'; ref: string; environment?: string;
  /** `job_workflow_ref` inside the repository (a path), or a reusable workflow elsewhere (kept as is). */
  workflow: { path: string } | { fixed: string };
  actor: string; actorId: string;
}

const GH_SUB = /^repo:([^/:@]+)(?:@(\d+))?\/([^:@]+)(?:@(\d+))?:(.+)$/;
const GH_RENDERED = ['sub', 'repository', 'repository_owner', 'repository_owner_id', 'repository_id', 'ref', 'ref_type', 'event_name', 'environment', 'head_ref', 'base_ref', 'job_workflow_ref', 'workflow_ref', 'actor', 'actor_id'];

function ghParts(c: Claims): GhParts {
  const m = GH_SUB.exec(s(c.sub) ?? '');
  const [rOwner, rRepo] = (s(c.repository) ?? '').split('/');
  const owner = s(c.repository_owner) ?? m?.[1] ?? rOwner ?? 'acme';
  const repo = m?.[3] ?? rRepo ?? 'app';
  const ctx = m?.[5] ?? '';
  const context = ctx === 'pull_request' || (!m && c.event_name === 'pull_request') ? 'pull_request' : ctx.startsWith('environment:') || (!m && s(c.environment)) ? 'environment' : 'ref';
  const ref = context === 'ref' && ctx.startsWith('ref:') ? ctx.slice(4) : context === 'pull_request' ? (s(c.ref) ?? 'refs/pull/7/merge') : (s(c.ref) ?? 'refs/heads/main');
  const jwr = s(c.job_workflow_ref);
  const self = `${owner}/${repo}/`;
  const workflow = jwr && !jwr.startsWith(self) ? { fixed: jwr } : { path: jwr ? jwr.slice(self.length).replace(/@.*$/s, '') : '.github/workflows/deploy.yml' };
  return {
    owner, repo, ref, context, workflow,
    ownerId: s(c.repository_owner_id) ?? m?.[2] ?? '4201',
    repoId: s(c.repository_id) ?? m?.[4] ?? '7301',
    immutable: !!m?.[2],
    ...(context === 'environment' ? { environment: ctx.startsWith('environment:') ? ctx.slice(12) : (s(c.environment) ?? 'production') } : {}),
    actor: s(c.actor) ?? 'release-bot', actorId: s(c.actor_id) ?? '5101',
  };
}

function ghRender(p: GhParts): Claims {
  const repository = `${p.owner}/${p.repo}`;
  const ctx = p.context === 'pull_request' ? 'pull_request' : p.context === 'environment' ? `environment:${p.environment}` : `ref:${p.ref}`;
  const job = 'fixed' in p.workflow ? p.workflow.fixed : `${repository}/${p.workflow.path}@${p.ref}`;
  return {
    sub: p.immutable ? `repo:${p.owner}@${p.ownerId}/${p.repo}@${p.repoId}:${ctx}` : `repo:${repository}:${ctx}`,
    repository, repository_owner: p.owner, repository_owner_id: p.ownerId, repository_id: p.repoId,
    ref: p.ref, ref_type: p.ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    event_name: p.context === 'pull_request' ? 'pull_request' : 'push',
    environment: p.environment,
    head_ref: p.context === 'pull_request' ? 'patch-1' : undefined,
    base_ref: p.context === 'pull_request' ? 'main' : undefined,
    job_workflow_ref: job,
    workflow_ref: 'fixed' in p.workflow ? `${repository}/.github/workflows/ci.yml@${p.ref}` : job,
    actor: p.actor, actor_id: p.actorId,
  };
}

const github: Kit = {
  defaultIssuer: 'https://token.actions.githubusercontent.com',
  lifetime: 300,
  complete(p) {
    if (p.endsWith('environment:')) return `${p}production`;
    if (p.endsWith('refs/tags/')) return `${p}v1.0.0`;
    if (/ref:(refs\/(heads\/)?)?$/.test(p)) return `${p}${p.endsWith('ref:') ? 'refs/heads/main' : p.endsWith('refs/') ? 'heads/main' : 'main'}`;
    if (p.endsWith(':')) return `${p}ref:refs/heads/main`;
    if (p.endsWith('/')) return `${p}app:ref:refs/heads/main`;
    if (/^repo:[^/:]+\/[^/:]+$/.test(p)) return `${p}:ref:refs/heads/main`;
    if (/^repo:[^/:]*$/.test(p)) return `${p}${p === 'repo:' ? 'acme' : ''}/app:ref:refs/heads/main`;
    return p;
  },
  legit: (known) => ({ runner_environment: 'github-hosted', repository_visibility: 'private', ...ghRender(ghParts(known)), ...known }),
  neighbours(legit, shared) {
    const p = ghParts(legit);
    const n = (name: string, description: string, q: Partial<GhParts>): Neighbour => ({ name, description, claims: rerender(legit, GH_RENDERED, ghRender({ ...p, ...q })) });
    const repo = `${p.owner}/${p.repo}`;
    const list = [
      n('fork-pull-request', `a pull request to ${repo}, from a fork too: the workflow runs with the pull request's code and sub repo:${repo}:pull_request`,
        { context: 'pull_request', ref: 'refs/pull/7/merge', environment: undefined, actor: 'outside-contributor', actorId: '99001' }),
      n('sibling-repository', `another repository of ${p.owner} whose name starts with "${p.repo}"`, { repo: `${p.repo}-sandbox`, repoId: '7302' }),
      n('other-branch', `a workflow run on a branch of ${repo} that anyone with push access can create`, { context: 'ref', ref: 'refs/heads/unreviewed-change', environment: undefined }),
      n('other-environment', `a job of ${repo} that deploys to another environment`, { context: 'environment', environment: other(p.environment, 'staging', 'sandbox') }),
    ];
    if (shared) list.push(n('other-tenant', `a repository of another GitHub owner: GitHub's issuer signs for every repository on GitHub`, { owner: other(p.owner, 'attacker', 'mallory'), ownerId: '66601', repoId: '66602' }));
    return list;
  },
  otherAudience: (legit) => `https://github.com/${s(legit.repository_owner) ?? 'acme'}`, // GitHub's default audience (§5.1)
};

// ---------------------------------------------------------------------------------------------------------------
// GitLab CI (§5.2): sub `project_path:GROUP/PROJECT:ref_type:branch|tag:ref:NAME`; `ref` without `refs/heads/`.

interface GlParts { group: string; project: string; refType: string; ref: string; protectedRef: boolean; environment?: string; source: string; namespaceId: string; projectId: string; user: string }
const GL_SUB = /^project_path:(.+)\/([^/:]+):ref_type:([^:]+):ref:(.+)$/s;
const GL_RENDERED = ['sub', 'namespace_id', 'namespace_path', 'project_id', 'project_path', 'ref', 'ref_type', 'ref_path', 'ref_protected', 'pipeline_source', 'environment', 'environment_protected', 'user_login', 'ci_config_ref_uri'];

function glParts(c: Claims): GlParts {
  const m = GL_SUB.exec(s(c.sub) ?? '');
  const path = s(c.project_path);
  const group = m?.[1] ?? s(c.namespace_path) ?? (path ? path.slice(0, path.lastIndexOf('/')) : 'acme');
  return {
    group,
    project: m?.[2] ?? (path ? path.slice(path.lastIndexOf('/') + 1) : 'app'),
    refType: m?.[3] ?? s(c.ref_type) ?? 'branch',
    ref: m?.[4] ?? s(c.ref) ?? 'main',
    protectedRef: c.ref_protected !== 'false',
    ...(s(c.environment) ? { environment: s(c.environment)! } : {}),
    source: s(c.pipeline_source) ?? 'push',
    namespaceId: s(c.namespace_id) ?? '3101', projectId: s(c.project_id) ?? '3102', user: s(c.user_login) ?? 'release-bot',
  };
}

function glRender(p: GlParts): Claims {
  const path = `${p.group}/${p.project}`;
  const refPath = `refs/${p.refType === 'tag' ? 'tags' : 'heads'}/${p.ref}`;
  return {
    sub: `project_path:${path}:ref_type:${p.refType}:ref:${p.ref}`,
    namespace_id: p.namespaceId, namespace_path: p.group, project_id: p.projectId, project_path: path,
    ref: p.ref, ref_type: p.refType, ref_path: refPath, ref_protected: String(p.protectedRef),
    pipeline_source: p.source, user_login: p.user,
    environment: p.environment, environment_protected: p.environment === undefined ? undefined : String(p.protectedRef),
    ci_config_ref_uri: `gitlab.com/${path}//.gitlab-ci.yml@${refPath}`,
  };
}

const gitlab: Kit = {
  defaultIssuer: 'https://gitlab.com',
  lifetime: 300,
  complete(p) {
    if (p.endsWith(':ref:')) return `${p}main`;
    if (p.endsWith(':ref_type:')) return `${p}branch:ref:main`;
    if (p.endsWith(':')) return `${p}ref_type:branch:ref:main`;
    if (p.endsWith('/')) return `${p}app:ref_type:branch:ref:main`;
    if (/^project_path:[^:]+\/[^/:]+$/.test(p)) return `${p}:ref_type:branch:ref:main`;
    if (/^project_path:[^/:]*$/.test(p)) return `${p}${p === 'project_path:' ? 'acme' : ''}/app:ref_type:branch:ref:main`;
    return p;
  },
  legit: (known) => ({ runner_environment: 'gitlab-hosted', ...glRender(glParts(known)), ...known }),
  neighbours(legit, shared) {
    const p = glParts(legit);
    const n = (name: string, description: string, q: Partial<GlParts>): Neighbour => ({ name, description, claims: rerender(legit, GL_RENDERED, glRender({ ...p, ...q })) });
    const path = `${p.group}/${p.project}`;
    const list = [
      // since 2025 a fork's merge request pipeline carries the fork's project claims (§5.2)
      n('fork-merge-request', `a merge request pipeline from a fork of ${path}`, { group: 'outside-contributor', namespaceId: '88801', projectId: '88802', source: 'merge_request_event', ref: 'patch-1', protectedRef: false, environment: undefined, user: 'outside-contributor' }),
      n('sibling-project', `another project of ${p.group} whose path starts with "${p.project}"`, { project: `${p.project}-sandbox`, projectId: '3103' }),
      n('other-branch', `a pipeline on an unprotected branch of ${path}`, { refType: 'branch', ref: 'unreviewed-change', protectedRef: false, environment: undefined }),
      n('other-environment', `a job of ${path} that deploys to another environment`, { environment: other(p.environment, 'staging', 'sandbox') }),
    ];
    if (shared) list.push(n('other-tenant', 'a project of another group: gitlab.com signs for every project on it', { group: other(p.group, 'attacker', 'mallory'), namespaceId: '66601', projectId: '66602' }));
    return list;
  },
  otherAudience: (_legit, iss) => iss, // GitLab's default audience is the instance URL (§5.2)
};

// ---------------------------------------------------------------------------------------------------------------
// Kubernetes and EKS (§5.3): sub `system:serviceaccount:NS:SA`, nested `kubernetes.io` claims, `aud` an array.

const K8S_SUB = /^system:serviceaccount:([^:]+):([^:]+)$/;

function k8sParts(c: Claims): { ns: string; sa: string } {
  const m = K8S_SUB.exec(s(c.sub) ?? '');
  const k = (c['kubernetes.io'] ?? {}) as { namespace?: unknown; serviceaccount?: { name?: unknown } };
  return { ns: m?.[1] ?? s(k.namespace) ?? 'apps', sa: m?.[2] ?? s(k.serviceaccount?.name) ?? 'worker' };
}

function k8sRender(p: { ns: string; sa: string }, uid: string): Claims {
  return {
    sub: `system:serviceaccount:${p.ns}:${p.sa}`,
    'kubernetes.io': { namespace: p.ns, serviceaccount: { name: p.sa, uid: `${uid}-sa` }, pod: { name: `${p.sa}-5d8f7c9b4-x2k7q`, uid: `${uid}-pod` } },
  };
}

const kubernetes = (eks: boolean): Kit => ({
  defaultIssuer: eks ? 'https://oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF' : 'https://kubernetes.default.svc.cluster.local',
  lifetime: 3600,
  audArray: true,
  complete(p) {
    if (/^system:serviceaccount:[^:]*$/.test(p)) return `${p}${p.endsWith(':') ? 'apps' : ''}:worker`;
    if (/^system:serviceaccount:[^:]+:$/.test(p)) return `${p}worker`;
    return p === '' ? 'system:serviceaccount:apps:worker' : p;
  },
  legit: (known) => {
    const rendered = k8sRender(k8sParts(known), '1f0c');
    const given = (known['kubernetes.io'] ?? {}) as Record<string, unknown>;
    return { ...rendered, ...known, 'kubernetes.io': { ...(rendered['kubernetes.io'] as object), ...given } };
  },
  neighbours(legit) {
    const p = k8sParts(legit);
    const n = (name: string, description: string, q: { ns: string; sa: string }): Neighbour => ({ name, description, claims: rerender(legit, ['sub', 'kubernetes.io'], k8sRender(q, '9e7d')) });
    const list: Neighbour[] = [];
    if (p.sa !== 'default') list.push(n('same-namespace-default', `the "default" service account of namespace ${p.ns}, which every pod there runs as unless it names another`, { ns: p.ns, sa: 'default' }));
    list.push(
      n('other-namespace-default', 'the "default" service account of another namespace of the cluster', { ns: other(p.ns, 'sandbox', 'dev'), sa: 'default' }),
      n('sibling-service-account', `another service account of ${p.ns} whose name starts with "${p.sa}"`, { ns: p.ns, sa: `${p.sa}-debug` }),
    );
    return list;
  },
  // the token every pod gets by default is for the API server (EKS: the IRSA token for AWS STS)
  otherAudience: (_legit, iss) => (eks ? 'sts.amazonaws.com' : iss),
});

// ---------------------------------------------------------------------------------------------------------------
// SPIFFE JWT-SVID (§5.4): sub is the SPIFFE ID `spiffe://TRUST-DOMAIN/PATH`.

const spiffe: Kit = {
  defaultIssuer: 'https://oidc-discovery.acme.internal',
  lifetime: 300,
  complete(p) {
    if (p === '' || p === 'spiffe://') return 'spiffe://acme.internal/ns/apps/sa/worker';
    if (/^spiffe:\/\/[^/]+$/.test(p)) return `${p}/ns/apps/sa/worker`;
    return p.endsWith('/') ? `${p}worker` : p;
  },
  legit: (known) => ({ sub: 'spiffe://acme.internal/ns/apps/sa/worker', ...known }),
  neighbours(legit) {
    const m = /^spiffe:\/\/([^/]+)\/(.*)$/.exec(s(legit.sub) ?? '');
    const td = m?.[1] ?? 'acme.internal';
    const path = m?.[2] ?? 'ns/apps/sa/worker';
    const list = [{ name: 'sibling-workload', description: `a workload of ${td} whose SPIFFE ID starts with this one`, claims: { ...legit, sub: `spiffe://${td}/${path}-debug` } }];
    if (path !== 'ns/default/sa/default') list.push({ name: 'other-workload', description: `another workload of trust domain ${td}`, claims: { ...legit, sub: `spiffe://${td}/ns/default/sa/default` } });
    return list;
  },
  otherAudience: (legit) => `spiffe://${/^spiffe:\/\/([^/]+)/.exec(s(legit.sub) ?? '')?.[1] ?? 'acme.internal'}/other-service`,
};

// ---------------------------------------------------------------------------------------------------------------
// Google (§5.5): sub = azp = the numeric service-account id, `email` with format=full.

const gEmail = (name: string, project: string) => `${name}@${project}.iam.gserviceaccount.com`;

const google: Kit = {
  defaultIssuer: 'https://accounts.google.com',
  lifetime: 3600,
  complete: (p) => (/^\d*$/.test(p) ? p.padEnd(21, '7') : p),
  legit(known) {
    const sub = s(known.sub) ?? '104892101234567890123';
    const project = /@([^.@]+)\.iam\.gserviceaccount\.com$/.exec(s(known.email) ?? '')?.[1] ?? 'acme-prod';
    return { sub, azp: sub, email: gEmail('worker', project), email_verified: true, google: { compute_engine: { project_id: project } }, ...known };
  },
  neighbours(legit, shared) {
    const project = /@([^.@]+)\.iam\.gserviceaccount\.com$/.exec(s(legit.email) ?? '')?.[1] ?? 'acme-prod';
    const sa = (id: string, email: string, p: string): Claims => ({ ...legit, sub: id, azp: id, email, google: { compute_engine: { project_id: p } } });
    const list = [{ name: 'same-project-other-account', description: `another service account of project ${project}`, claims: sa('104892109999999990001', gEmail('ci-runner', project), project) }];
    if (shared) list.push({ name: 'other-tenant', description: 'a service account of another Google Cloud project: accounts.google.com signs for every project', claims: sa('117700000000000000042', gEmail('attacker', 'attacker-project'), 'attacker-project') });
    return list;
  },
  otherAudience: () => 'https://other-service-3f2a1b-uc.a.run.app',
};

// ---------------------------------------------------------------------------------------------------------------
// Microsoft Entra managed identities (§5.6): sub = oid, `tid`, client id in `azp` (v2.0) or `appid` (v1.0).

const entra = (v1: boolean): Kit => ({
  defaultIssuer: v1 ? 'https://sts.windows.net/00000000-0000-0000-0000-0000000000aa/' : 'https://login.microsoftonline.com/00000000-0000-0000-0000-0000000000aa/v2.0',
  lifetime: 86400,
  complete: (p) => p,
  legit(known, iss) {
    const tid = /([0-9a-f-]{36})/i.exec(iss)?.[1] ?? '00000000-0000-0000-0000-0000000000aa';
    const oid = s(known.oid) ?? s(known.sub) ?? '6c1e2f0a-0000-4000-8000-00000000b001';
    return { sub: oid, oid, tid, [v1 ? 'appid' : 'azp']: '2d9b7c4e-0000-4000-8000-00000000c001', ver: v1 ? '1.0' : '2.0', ...known };
  },
  neighbours: (legit) => [{
    name: 'other-managed-identity',
    description: 'another managed identity of the same tenant',
    claims: { ...legit, sub: '6c1e2f0a-0000-4000-8000-00000000b999', oid: '6c1e2f0a-0000-4000-8000-00000000b999', [v1 ? 'appid' : 'azp']: '2d9b7c4e-0000-4000-8000-00000000c999' },
  }],
  otherAudience: () => 'https://management.azure.com/',
});

// ---------------------------------------------------------------------------------------------------------------
// AWS STS GetWebIdentityToken (§4.1): sub = the role ARN, context under the claim `https://sts.amazonaws.com/`.

const AWS_NS = 'https://sts.amazonaws.com/';

const aws: Kit = {
  defaultIssuer: 'https://00000000-0000-4000-8000-000000000001.tokens.sts.global.api.aws',
  lifetime: 300,
  complete(p) {
    if (/::$/.test(p)) return `${p}123456789012:role/app`;
    if (/:role\/$/.test(p)) return `${p}app`;
    if (/:\d{12}:$/.test(p)) return `${p}role/app`;
    return p === '' ? 'arn:aws:iam::123456789012:role/app' : p;
  },
  legit(known) {
    const sub = s(known.sub) ?? 'arn:aws:iam::123456789012:role/app';
    const account = /::(\d{12}):/.exec(sub)?.[1] ?? '123456789012';
    const ns = (known[AWS_NS] ?? {}) as Record<string, unknown>;
    return { sub, ...known, [AWS_NS]: { aws_account: account, source_region: 'us-east-1', principal_id: sub, ...ns } };
  },
  neighbours(legit) {
    const sub = s(legit.sub) ?? 'arn:aws:iam::123456789012:role/app';
    const role = (r: string) => sub.replace(/:role\/.*$/s, `:role/${r}`);
    const name = /:role\/(.*)$/s.exec(sub)?.[1] ?? 'app';
    const ns = (legit[AWS_NS] ?? {}) as Record<string, unknown>;
    const n = (id: string, description: string, arn: string): Neighbour => ({ name: id, description, claims: { ...legit, sub: arn, [AWS_NS]: { ...ns, principal_id: arn } } });
    return [
      n('sibling-role', `another role of the account whose name starts with "${name}"`, role(`${name}-dev`)),
      n('other-role', 'any other role of the account allowed to call sts:GetWebIdentityToken', role('ci-runner')),
    ];
  },
  otherAudience: () => 'https://api.other-vendor.example',
};

// ---------------------------------------------------------------------------------------------------------------
// Anything else (Okta, Buildkite, HCP Terraform, custom OIDC): only the subject is known.

const generic: Kit = {
  defaultIssuer: 'https://issuer.invalid',
  lifetime: 300,
  complete: (p) => (p === '' ? 'workload' : /[:/]$/.test(p) ? `${p}app` : p),
  legit: (known) => ({ sub: 'workload', ...known }),
  neighbours(legit, shared) {
    const sub = s(legit.sub) ?? 'workload';
    const list: Neighbour[] = [{ name: 'sibling-subject', description: `a subject that starts with "${sub}"`, claims: { ...legit, sub: `${sub}-other` } }];
    const org = /^organization:([^:]+):/.exec(sub);
    if (shared && org) list.push({ name: 'other-tenant', description: 'a pipeline or workspace of another organization on the same issuer', claims: { ...legit, sub: sub.replace(/^organization:[^:]+:/, `organization:${other(org[1], 'attacker', 'mallory')}:`) } });
    return list;
  },
  otherAudience: () => 'https://other-service.invalid',
};

const KITS: Partial<Record<IssuerFamily, Kit>> = {
  'github-actions': github,
  gitlab,
  kubernetes: kubernetes(false),
  eks: kubernetes(true),
  spiffe,
  google,
  'entra-v2': entra(false),
  'entra-v1': entra(true),
  'aws-sts-outbound': aws,
};

export function kitFor(family: IssuerFamily): Kit {
  return KITS[family] ?? generic;
}
