import { setScalar } from '../../edit';
import type { IssuerFamily } from '../../issuers';
import type { Severity } from '../../model';
import { type Constraint, parseWildcard, ruleConstraints } from '../../openai/matchers';
import { evidenceNote, type OpenAIRule } from '../../openai/model';
import { createRule } from '../../rule';
import { analyzeSubject, type SubjectIssue, type SubjectIssueCode } from '../../subjects';
import { deref, type ScalarNode } from '../../tree';

// A trailing `*` is a prefix match (domain.md §2.1, §2.4). The usual prefix pitfalls (subjects.ts): an open owner, a
// whole organization, a name prefix without a delimiter, every branch and pull request of a repository, a whole
// Kubernetes namespace, SPIFFE trust domain or AWS account. Another matcher that pins the opened part exactly
// (e.g. `ref`, or an `openai.*` attribute derived from it) closes the gap, as in the guide's own example.
type Id = 'tenantOpen' | 'tenantWide' | 'noDelimiter' | 'repoWide' | 'allBranches' | 'allEnvironments' | 'clusterWide' | 'namespaceWide' | 'trustDomainWide' | 'accountWide' | 'numericWildcard';

const TEMPLATE = '{{field}} `{{value}}` admits {{detail}}{{example}}{{note}}. {{advice}}';

const BY_CODE: Readonly<Record<Exclude<SubjectIssueCode, 'match-all'>, { id: Id; advice: string }>> = {
  'tenant-open': { id: 'tenantOpen', advice: 'Pin the owner (organization, account, trust domain) and the workload.' },
  'tenant-wide': { id: 'tenantWide', advice: 'Pin one repository and a branch or environment, or match those claims exactly.' },
  'no-delimiter': { id: 'noDelimiter', advice: 'End the prefix at a delimiter (`/` or `:`) or match the exact value.' },
  'repo-wide': { id: 'repoWide', advice: 'Pin a branch or environment in the subject, or also match `ref` or `environment` exactly.' },
  'all-branches': { id: 'allBranches', advice: 'Pin the branch (e.g. `refs/heads/main`), or use a protected environment.' },
  'all-environments': { id: 'allEnvironments', advice: 'Pin the environment.' },
  'k8s-cluster-wide': { id: 'clusterWide', advice: 'Pin the namespace and the service account.' },
  'k8s-namespace-wide': { id: 'namespaceWide', advice: 'Pin the service account.' },
  'spiffe-trust-domain-wide': { id: 'trustDomainWide', advice: 'Pin the workload path (e.g. `/ns/<namespace>/sa/<service-account>`).' },
  'aws-account-wide': { id: 'accountWide', advice: 'Pin the role name.' },
  'google-numeric-wildcard': { id: 'numericWildcard', advice: 'Match the full numeric id (and `email`) exactly.' },
};

/** Pitfalls no other matcher can repair: reported even when unknown `openai.*` attributes are matched too. */
const ALWAYS: readonly SubjectIssueCode[] = ['tenant-open', 'k8s-cluster-wide', 'google-numeric-wildcard'];

export default createRule({
  id: 'openai/subject-scope',
  domain: 'openai',
  description: 'Keep subject prefixes in OpenAI mappings and Codex rules from admitting other repositories, branches or workloads.',
  type: 'problem',
  defaultSeverity: 'warning',
  hasSuggestions: true,
  messages: Object.fromEntries(Object.values(BY_CODE).map((c) => [c.id, TEMPLATE])) as Record<Id, string>,
  check(ctx) {
    for (const rule of ctx.model.rules) {
      for (const t of targets(rule)) {
        const v = t.node.value as string;
        const w = parseWildcard(v);
        if (w.kind !== 'prefix') continue; // exact values admit nothing else; invalid ones are openai/matcher-wildcard's
        const family = rule.evidence?.profile.family;
        const a = analyzeSubject(t.prefix + v, 'trailing-star', family);
        const issue = a.issues.find((i) => i.code !== 'match-all');
        if (!issue || issue.code === 'match-all') continue;
        const { constraints, opaque } = ruleConstraints(rule);
        // `openai.*` attributes whose transformations are not in this file may pin the rest (the guide's own example)
        if (opaque && !ALWAYS.includes(issue.code)) continue;
        const others = constraints.filter((c) => !(c.via === t.via && c.claim === t.claim));
        if (closed(issue, a.family, a.prefix, t.claim, others)) continue;
        const c = BY_CODE[issue.code];
        ctx.report({
          span: t.node.span,
          messageId: c.id,
          severity: severity(issue.code, a.family, rule.evidence?.profile.shared ?? false),
          data: { field: t.field, value: v, detail: issue.detail, example: example(a.alsoAdmits[0], t.prefix), note: evidenceNote(rule.evidence), advice: c.advice },
          suggest: pinnedForms(issue, a.prefix, a.family).map(([title, value]) => ({
            title,
            edits: [setScalar(t.node, value.slice(t.prefix.length))],
          })),
        });
      }
    }
  },
});

/** ` (e.g. `repo:acme/app-sandbox:…`)`, in the form the field takes (a `repository` value has no context part). */
function example(subject: string | undefined, prefix: string): string {
  if (!subject) return '';
  const v = prefix ? subject.slice(prefix.length).split(':')[0]! : subject;
  return ` (e.g. \`${v}\`)`;
}

interface Target {
  readonly node: ScalarNode;
  readonly field: string;
  /** Claim the value is compared with. */
  readonly claim: string;
  readonly via: Constraint['via'];
  /** Prepended for analysis: a `repository` value `acme/*` is read as the subject `repo:acme/*`. */
  readonly prefix: string;
}

function targets(rule: OpenAIRule): Target[] {
  const out: Target[] = [];
  const family = rule.evidence?.profile.family;
  for (const p of rule.matchers?.pairs ?? []) {
    const v = deref(p.value);
    if (v?.kind !== 'scalar' || typeof v.value !== 'string') continue;
    const key = String(p.key.value);
    const field = `Matcher \`${key}\``;
    if (key === 'sub') out.push({ node: v, field, claim: key, via: 'matcher', prefix: '' });
    else if (key === 'repository' && family === 'github-actions') out.push({ node: v, field, claim: key, via: 'matcher', prefix: 'repo:' });
    else if (key === 'project_path' && family === 'gitlab') out.push({ node: v, field, claim: key, via: 'matcher', prefix: 'project_path:' });
  }
  const s = rule.externalSubject;
  if (s && typeof s.value === 'string') out.push({ node: s, field: '`external_subject`', claim: 'sub', via: 'subject', prefix: '' });
  return out;
}

type Dim = (claim: string) => boolean;
const oneOf = (...names: string[]): Dim => (c) => names.includes(c);
const mentions = (word: string): Dim => (c) => c.includes(word);
const GH_REPO = oneOf('repository', 'repository_id', 'workflow_ref');
const GH_REF = oneOf('ref', 'environment', 'workflow_ref');
const GL_PROJECT = oneOf('project_path', 'project_id', 'ci_config_ref_uri');
const GL_REF = oneOf('ref', 'ref_path', 'environment', 'ci_config_ref_uri');

/** What the wildcard leaves open, as dimensions another exact constraint may close. Empty: nothing else can. */
function openDims(code: SubjectIssueCode, family: IssuerFamily | undefined, prefix: string, claim: string): Dim[] {
  if (prefix.startsWith('repo:')) {
    const repoLevel = !prefix.slice(5).includes(':');
    if (claim === 'repository') return code === 'tenant-wide' || code === 'no-delimiter' ? [GH_REPO] : [];
    if (code === 'tenant-wide' || (code === 'no-delimiter' && repoLevel)) return [GH_REPO, GH_REF];
    return ['repo-wide', 'all-branches', 'all-environments', 'no-delimiter'].includes(code) ? [GH_REF] : [];
  }
  if (prefix.startsWith('project_path:')) {
    if (claim === 'project_path') return code === 'tenant-wide' || code === 'no-delimiter' ? [GL_PROJECT] : [];
    if (code === 'tenant-wide' || code === 'no-delimiter') return [GL_PROJECT, GL_REF];
    return code === 'repo-wide' ? [GL_REF] : [];
  }
  if (code === 'k8s-cluster-wide') return [mentions('namespace'), mentions('serviceaccount')];
  if (code === 'k8s-namespace-wide' || (code === 'no-delimiter' && prefix.startsWith('system:serviceaccount:'))) return [mentions('serviceaccount')];
  if (code === 'google-numeric-wildcard' || family === 'google') return [oneOf('email')];
  return [];
}

/** True when other constraints pin everything the wildcard opens (or pin `sub` itself). */
function closed(issue: SubjectIssue, family: IssuerFamily | undefined, prefix: string, claim: string, others: readonly Constraint[]): boolean {
  const exact = others.filter((c) => c.exact);
  if (claim === 'sub' && exact.some((c) => c.claim === 'sub')) return true;
  if (claim !== 'sub' && others.some((c) => c.claim === 'sub' && namesRepository(c.value ?? ''))) return true;
  const dims = openDims(issue.code, family, prefix, claim);
  return dims.length > 0 && dims.every((d) => exact.some((c) => d(c.claim)));
}

/** An exact subject that names one repository or project (`repo:acme/app:…`, `project_path:acme/app:…`). */
function namesRepository(sub: string): boolean {
  return /^(?:repo|project_path):[^/:]+\/[^:]+:/.test(sub);
}

function severity(code: SubjectIssueCode, family: IssuerFamily | undefined, shared: boolean): Severity {
  switch (code) {
    case 'tenant-open':
    case 'k8s-cluster-wide':
    case 'google-numeric-wildcard':
      return 'error';
    case 'tenant-wide':
      return shared ? 'error' : 'warning';
    case 'no-delimiter':
      // On GitHub and GitLab anyone who can create a repository or branch gets a matching name; elsewhere naming a
      // service account, role or SPIFFE path needs administrative access.
      return family === 'github-actions' || family === 'gitlab' ? 'warning' : 'info';
    default:
      return 'warning';
  }
}

/** Pinned alternatives to offer, as full subjects (the caller strips the analysis prefix). */
function pinnedForms(issue: SubjectIssue, prefix: string, family: IssuerFamily | undefined): [string, string][] {
  const exact = (): [string, string] => ['Match exactly', prefix];
  if (prefix.startsWith('repo:')) {
    const rest = prefix.slice(5);
    const slash = rest.indexOf('/');
    const owner = slash < 0 ? '<owner>' : rest.slice(0, slash);
    const repoLevel = !rest.includes(':');
    if (issue.code === 'tenant-open') return [['Pin owner, repository and branch', 'repo:<owner>/<repository>:ref:refs/heads/main']];
    if (issue.code === 'tenant-wide') return [['Pin one repository and its main branch', `repo:${owner}/<repository>:ref:refs/heads/main`]];
    if (issue.code === 'no-delimiter' && repoLevel) {
      return [['Pin the repository and its main branch', `${prefix}:ref:refs/heads/main`], ['Pin the repository and an environment', `${prefix}:environment:<environment>`]];
    }
    const repo = prefix.slice(0, prefix.indexOf(':', 5) + 1); // `repo:owner/name:`
    if (issue.code === 'repo-wide') return [['Pin the main branch', `${repo}ref:refs/heads/main`], ['Pin an environment', `${repo}environment:<environment>`]];
    if (issue.code === 'all-branches') return [['Pin the main branch', `${repo}ref:refs/heads/main`]];
    if (issue.code === 'all-environments') return [['Pin an environment', `${repo}environment:<environment>`]];
    return [exact()];
  }
  if (prefix.startsWith('project_path:')) {
    const rest = prefix.slice('project_path:'.length);
    const group = rest.split('/')[0] || '<group>';
    if (issue.code === 'tenant-open' || issue.code === 'tenant-wide') return [['Pin one project and its main branch', `project_path:${group}/<project>:ref_type:branch:ref:main`]];
    if (issue.code === 'repo-wide') return [['Pin the main branch', `${prefix}ref_type:branch:ref:main`]];
    if (!rest.includes(':')) return [['Pin the project and its main branch', `${prefix}:ref_type:branch:ref:main`]];
    return [exact()];
  }
  if (issue.code === 'k8s-cluster-wide') return [['Pin namespace and service account', 'system:serviceaccount:<namespace>:<service-account>']];
  if (issue.code === 'k8s-namespace-wide') return [['Pin the service account', `${prefix}<service-account>`]];
  if (issue.code === 'spiffe-trust-domain-wide') return [['Pin the workload path', `${prefix}ns/<namespace>/sa/<service-account>`]];
  if (issue.code === 'aws-account-wide') return [['Pin the role', `${prefix}${prefix.endsWith('/') ? '' : 'role/'}<role-name>`]];
  if (issue.code === 'google-numeric-wildcard' || family === 'google') return [['Match the full service account id', '<numeric service account id>']];
  if (issue.code === 'tenant-open') return [];
  return prefix ? [exact()] : [];
}
