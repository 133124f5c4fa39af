// What a subject pattern really admits. Shared by every place a subject is matched: Anthropic `subject_prefix`,
// OpenAI `sub` matchers, IAM `:sub` conditions and Snowflake `SUBJECT`.
//
// Wildcard syntaxes:
//  - 'trailing-star': only a final `*` is special and means "any continuation" (Anthropic, OpenAI).
//  - 'glob': `*` (any run) and `?` (one character) anywhere (IAM StringLike).
//  - 'exact': no wildcard at all (IAM StringEquals, Snowflake SUBJECT).
import { type IssuerFamily, familyFromSubject } from './issuers';

export type WildcardSyntax = 'trailing-star' | 'glob' | 'exact';

export type SubjectIssueCode =
  /** The pattern is only wildcards: every subject of the issuer matches. */
  | 'match-all'
  /** The tenant (GitHub owner, GitLab group, Buildkite/TFC organization, AWS account, SPIFFE trust domain) is open. */
  | 'tenant-open'
  /** Every repository/project of one tenant. */
  | 'tenant-wide'
  /** A name prefix with no delimiter before the wildcard: `repo:acme/app*` also admits `repo:acme/app-sandbox`. */
  | 'no-delimiter'
  /** Every context of one repository: pull requests (forks too), every branch, tag and environment. */
  | 'repo-wide'
  /** Every branch (any collaborator can push one) or every ref of a repository. */
  | 'all-branches'
  /** Every environment of a repository. */
  | 'all-environments'
  /** Kubernetes: every service account of the cluster. */
  | 'k8s-cluster-wide'
  /** Kubernetes: every service account of a namespace (including `default`). */
  | 'k8s-namespace-wide'
  /** SPIFFE: every workload of a trust domain. */
  | 'spiffe-trust-domain-wide'
  /** AWS: every role of an account. */
  | 'aws-account-wide'
  /** Google: a wildcard on a numeric service-account id (ids are opaque; a prefix matches strangers' accounts). */
  | 'google-numeric-wildcard';

export interface SubjectIssue {
  readonly code: SubjectIssueCode;
  /** Plain-words description of what else matches. */
  readonly detail: string;
  /** Offset, within the pattern, of the wildcard (or of the end of the pattern) the issue is about. */
  readonly at: number;
}

export interface SubjectAnalysis {
  readonly pattern: string;
  readonly family: IssuerFamily | undefined;
  /** True when the pattern contains a wildcard under its syntax. */
  readonly wildcard: boolean;
  /** The literal part before the first wildcard (the whole pattern when there is none). */
  readonly prefix: string;
  readonly issues: readonly SubjectIssue[];
  /** Concrete subjects (other than the obvious one) this pattern also admits; for hovers and attack tokens. */
  readonly alsoAdmits: readonly string[];
}

function firstWildcard(p: string, syntax: WildcardSyntax): number {
  if (syntax === 'exact') return -1;
  if (syntax === 'trailing-star') return p.endsWith('*') ? p.length - 1 : -1;
  const a = p.indexOf('*');
  const b = p.indexOf('?');
  return a < 0 ? b : b < 0 ? a : Math.min(a, b);
}

export function analyzeSubject(pattern: string, syntax: WildcardSyntax, familyHint?: IssuerFamily): SubjectAnalysis {
  const w = firstWildcard(pattern, syntax);
  const wildcard = w >= 0;
  const prefix = wildcard ? pattern.slice(0, w) : pattern;
  const family = familyHint && familyHint !== 'custom' ? familyHint : familyFromSubject(prefix || pattern);
  const issues: SubjectIssue[] = [];
  const also: string[] = [];
  const add = (code: SubjectIssueCode, detail: string, ...examples: string[]) => {
    issues.push({ code, detail, at: wildcard ? w : pattern.length });
    also.push(...examples);
  };
  if (!wildcard) return { pattern, family, wildcard, prefix, issues, alsoAdmits: also };
  if (/^[*?]*$/.test(pattern)) {
    add('match-all', 'every subject the issuer signs');
    return { pattern, family, wildcard, prefix, issues, alsoAdmits: also };
  }

  const segs = (s: string, sep: string) => s.split(sep);
  if (prefix.startsWith('repo:') || (family === 'github-actions' && prefix.startsWith('repo'))) {
    const rest = prefix.slice('repo:'.length);
    const slash = rest.indexOf('/');
    if (slash < 0) {
      if (rest === '') add('tenant-open', 'every repository of every GitHub owner', 'repo:attacker/any-repo:ref:refs/heads/main');
      else add('tenant-open', `every GitHub owner whose name starts with "${rest}"`, `repo:${rest}-attacker/app:ref:refs/heads/main`);
    } else {
      const owner = rest.slice(0, slash);
      const afterOwner = rest.slice(slash + 1);
      const colon = afterOwner.indexOf(':');
      // immutable subjects (`repo:acme@123/app@456:...`) carry the repository id too: examples do the same
      const repoId = /@\d+$/.test(owner) ? '@987654321' : '';
      if (colon < 0) {
        if (afterOwner === '') add('tenant-wide', `every repository of ${owner}, including forks' pull requests to any of them`,
          `repo:${owner}/sandbox${repoId}:ref:refs/heads/dev`, `repo:${owner}/any-repo${repoId}:pull_request`);
        else add('no-delimiter', `every repository of ${owner} whose name starts with "${afterOwner}", and every branch and pull request of each`,
          `repo:${owner}/${afterOwner}-sandbox${afterOwner.includes('@') ? '' : repoId}:ref:refs/heads/dev`, `repo:${owner}/${afterOwner}:pull_request`);
      } else {
        const repo = `${owner}/${afterOwner.slice(0, colon)}`;
        const ctx = afterOwner.slice(colon + 1);
        if (ctx === '') add('repo-wide', `every context of ${repo}: pull requests (from forks too), every branch, tag and environment`,
          `repo:${repo}:pull_request`, `repo:${repo}:ref:refs/heads/any-branch`, `repo:${repo}:environment:any`);
        else if (ctx === 'ref:' || ctx === 'ref:refs/' ) add('all-branches', `every branch and tag of ${repo}`, `repo:${repo}:ref:refs/heads/any-branch`, `repo:${repo}:ref:refs/tags/v0-test`);
        else if (ctx === 'ref:refs/heads/') add('all-branches', `every branch of ${repo} (anyone with push access can create one)`, `repo:${repo}:ref:refs/heads/any-branch`);
        else if (ctx === 'environment:') add('all-environments', `every environment of ${repo}`, `repo:${repo}:environment:staging`);
        else if (!/[/:-]$/.test(ctx) && (ctx.startsWith('ref:refs/heads/') || ctx.startsWith('environment:')))
          add('no-delimiter', `every ${ctx.startsWith('ref:') ? 'branch' : 'environment'} of ${repo} whose name starts with "${ctx.replace(/^ref:refs\/heads\/|^environment:/, '')}"`,
            `repo:${repo}:${ctx}-unprotected`);
      }
    }
  } else if (prefix.startsWith('system:serviceaccount:')) {
    const rest = prefix.slice('system:serviceaccount:'.length);
    const colon = rest.indexOf(':');
    if (colon < 0) {
      if (rest === '') add('k8s-cluster-wide', 'every service account in every namespace of the cluster', 'system:serviceaccount:kube-system:default');
      else add('k8s-cluster-wide', `every service account in every namespace whose name starts with "${rest}"`, `system:serviceaccount:${rest}-dev:default`);
    } else {
      const ns = rest.slice(0, colon);
      const sa = rest.slice(colon + 1);
      if (sa === '') add('k8s-namespace-wide', `every service account in namespace ${ns}, including its "default" account that every pod without one runs as`, `system:serviceaccount:${ns}:default`);
      else add('no-delimiter', `every service account in ${ns} whose name starts with "${sa}"`, `system:serviceaccount:${ns}:${sa}-debug`);
    }
  } else if (prefix.startsWith('spiffe://')) {
    const rest = prefix.slice('spiffe://'.length);
    const slash = rest.indexOf('/');
    if (slash < 0) {
      add('tenant-open', rest === '' ? 'every SPIFFE ID of every trust domain' : `every trust domain whose name starts with "${rest}"`, `spiffe://${rest}attacker.example/ns/default/sa/default`);
    } else {
      const td = rest.slice(0, slash);
      const path = rest.slice(slash + 1);
      if (path === '') add('spiffe-trust-domain-wide', `every workload of trust domain ${td}`, `spiffe://${td}/ns/default/sa/default`);
      else if (!path.endsWith('/')) add('no-delimiter', `every SPIFFE ID under ${td} whose path starts with "/${path}"`, `spiffe://${td}/${path}-debug`);
    }
  } else if (/^arn:aws[a-z-]*:(iam|sts)::/.test(prefix)) {
    const m = /^arn:aws[a-z-]*:(?:iam|sts)::([^:]*)(?::(.*))?$/.exec(prefix)!;
    const account = m[1]!;
    const resource = m[2];
    if (resource === undefined) add('tenant-open', account === '' ? 'every AWS account' : `every AWS account whose id starts with "${account}"`, 'arn:aws:iam::999999999999:role/attacker');
    else if (resource === '' || resource === 'role/' || resource === 'assumed-role/') add('aws-account-wide', `every role of account ${account}`, `arn:aws:iam::${account}:role/any-role`);
    else if (!resource.endsWith('/')) add('no-delimiter', `every role of account ${account} whose name starts with "${resource.replace(/^(assumed-)?role\//, '')}"`, `arn:aws:iam::${account}:${resource}-dev`);
  } else if (prefix.startsWith('project_path:')) {
    const rest = prefix.slice('project_path:'.length);
    const slash = rest.indexOf('/');
    if (slash < 0) add('tenant-open', rest === '' ? 'every GitLab project' : `every GitLab group whose path starts with "${rest}"`, `project_path:${rest}attacker/app:ref_type:branch:ref:main`);
    else {
      const group = rest.slice(0, slash);
      const after = rest.slice(slash + 1);
      const colon = after.indexOf(':');
      if (colon < 0) {
        if (after === '') add('tenant-wide', `every project of GitLab group ${group}`, `project_path:${group}/sandbox:ref_type:branch:ref:dev`);
        else add('no-delimiter', `every project of ${group} whose path starts with "${after}"`, `project_path:${group}/${after}-sandbox:ref_type:branch:ref:dev`);
      } else if (after.slice(colon + 1) === '') {
        add('repo-wide', `every branch and tag of ${group}/${after.slice(0, colon)}`, `project_path:${group}/${after.slice(0, colon)}:ref_type:branch:ref:any-branch`);
      }
    }
  } else if (prefix.startsWith('organization:')) {
    const parts = segs(prefix.slice('organization:'.length), ':');
    if (parts.length === 1) add('tenant-open', parts[0] === '' ? 'every organization' : `every organization whose name starts with "${parts[0]}"`, `organization:${parts[0]}attacker:pipeline:x`);
    else if (parts.length === 2 && parts[1] === '') add('tenant-wide', `every pipeline/workspace of organization ${parts[0]}`);
  } else if (family === 'google' && /^\d*$/.test(prefix)) {
    add('google-numeric-wildcard', 'every Google service account whose numeric id starts with these digits, in any project', `${prefix}${'7'.repeat(Math.max(1, 21 - prefix.length))}`);
  }
  return { pattern, family, wildcard, prefix, issues, alsoAdmits: also };
}

/** True when a subject pattern pins the tenant of a shared issuer (GitHub owner, GitLab group, ...). */
export function pinsTenant(pattern: string, syntax: WildcardSyntax, family: IssuerFamily): boolean {
  const a = analyzeSubject(pattern, syntax, family);
  if (a.issues.some((i) => i.code === 'match-all' || i.code === 'tenant-open')) return false;
  const p = a.prefix;
  switch (family) {
    case 'github-actions':
      return /^repo:[^/:*?]+\//.test(p) || /^repository_owner(_id)?:[^:*?]+/.test(p);
    case 'gitlab':
      return /^project_path:[^/:*?]+\//.test(p);
    case 'buildkite':
    case 'terraform-cloud':
      return /^organization:[^:*?]+:/.test(p);
    case 'google':
      return /^\d{15,25}$/.test(pattern);
    default:
      return p.length > 0;
  }
}
