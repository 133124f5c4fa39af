import { evidenceNote, ruleLabel } from '../../anthropic/model';
import { type Dimension, pinnedDimensions } from '../../anthropic/pins';
import { spanInScalar } from '../../cel';
import { setScalar } from '../../edit';
import type { IssuerFamily } from '../../issuers';
import type { Fix, Severity } from '../../model';
import { createRule } from '../../rule';
import { type SubjectIssue, type SubjectIssueCode, analyzeSubject } from '../../subjects';
import { str } from '../../tree';

// A `subject_prefix` is an exact match on `sub`, or a prefix match when it ends in `*` (domain.md §1.5). What a prefix
// admits beyond the workload it was written for is what `analyzeSubject` works out; other matchers of the same rule
// that pin what the prefix leaves open (a `ref` claim, a service-account name in the condition) silence the finding.

type Code = Exclude<SubjectIssueCode, 'match-all' | 'google-numeric-wildcard'>;

const MESSAGE_IDS = {
  'tenant-open': 'tenantOpen',
  'tenant-wide': 'tenantWide',
  'no-delimiter': 'noDelimiter',
  'repo-wide': 'repoWide',
  'all-branches': 'allBranches',
  'all-environments': 'allEnvironments',
  'k8s-cluster-wide': 'k8sClusterWide',
  'k8s-namespace-wide': 'k8sNamespaceWide',
  'spiffe-trust-domain-wide': 'spiffeTrustDomainWide',
  'aws-account-wide': 'awsAccountWide',
} as const satisfies Record<Code, string>;

/** Which pinned dimensions (from `claims`/`condition`) make an issue moot. Every listed set is an alternative. */
function compensatedBy(code: Code, prefix: string): readonly (readonly Dimension[])[] {
  const repoLevel = !/^repo:[^/]*\/[^:]*:/.test(prefix);
  switch (code) {
    case 'tenant-open': return [['owner'], ['subject']];
    case 'tenant-wide': return [['repo'], ['subject']];
    case 'no-delimiter':
      if (prefix.startsWith('repo:')) return repoLevel ? [['repo'], ['subject']] : [['ref'], ['subject']];
      if (prefix.startsWith('system:serviceaccount:')) return [['k8s-sa'], ['subject']];
      return [['subject']];
    case 'repo-wide': case 'all-branches': case 'all-environments': return [['ref'], ['subject']];
    case 'k8s-namespace-wide': return [['k8s-sa'], ['subject']];
    case 'k8s-cluster-wide': return [['k8s-sa', 'k8s-namespace'], ['subject']];
    default: return [['subject']];
  }
}

/** Replacement subjects for the suggestions (`literal` is the pattern before its `*`): pinned forms first, then the missing delimiter. */
function replacements(code: Code, literal: string, family: IssuerFamily | undefined): { title: string; value: string }[] {
  const gh = /^repo:([^/:]*)(?:\/([^:]*))?(?::(.*))?$/.exec(literal);
  if (gh) {
    const owner = gh[1] && code !== 'tenant-open' ? gh[1] : '<owner>';
    const repo = gh[2] && code !== 'tenant-wide' ? gh[2] : '<repo>';
    const ctx = gh[3];
    const out = [
      { title: 'Pin the branch', value: `repo:${owner}/${repo}:ref:refs/heads/main` },
      { title: 'Pin the environment', value: `repo:${owner}/${repo}:environment:<environment>` },
    ];
    if (code === 'all-environments') return [out[1]!];
    if (code === 'no-delimiter') {
      if (ctx === undefined) return [...out, { title: 'Add the missing delimiter (every context of this one repository)', value: `repo:${owner}/${gh[2]}:*` }];
      if (ctx.startsWith('ref:refs/heads/')) return [{ title: 'Match this one branch exactly', value: literal }, { title: 'Add the missing delimiter (branches under this name)', value: `${literal}/*` }];
      return [{ title: 'Match this one environment exactly', value: literal }];
    }
    return out;
  }
  const k8s = /^system:serviceaccount:([^:]*)(?::(.*))?$/.exec(literal);
  if (k8s) {
    if (code === 'k8s-cluster-wide') return [{ title: 'Name the namespace and service account', value: 'system:serviceaccount:<namespace>:<service-account>' }];
    if (code === 'k8s-namespace-wide') return [{ title: 'Name the service account', value: `system:serviceaccount:${k8s[1]}:<service-account>` }];
    return [{ title: 'Match this one service account exactly', value: literal }];
  }
  const spiffe = /^spiffe:\/\/([^/]*)(\/.*)?$/.exec(literal);
  if (spiffe) {
    if (code === 'spiffe-trust-domain-wide') return [{ title: 'Name the workload', value: `spiffe://${spiffe[1]}/ns/<namespace>/sa/<service-account>` }];
    if (code === 'no-delimiter') return [{ title: 'Match this one SPIFFE ID exactly', value: literal }, { title: 'Add the missing delimiter (IDs under this path)', value: `${literal}/*` }];
    return [{ title: 'Name the workload', value: 'spiffe://<trust-domain>/ns/<namespace>/sa/<service-account>' }];
  }
  const aws = /^(arn:aws[a-z-]*:iam::)(\d*)/.exec(literal);
  if (aws) {
    const account = /^\d{12}$/.test(aws[2] ?? '') && code !== 'tenant-open' ? aws[2]! : '<account-id>';
    if (code === 'no-delimiter') return [{ title: 'Match this one role exactly', value: literal }];
    return [{ title: 'Name the role', value: `${aws[1]}${account}:role/<role-name>` }];
  }
  if (family === 'gitlab' || literal.startsWith('project_path:')) {
    const m = /^project_path:([^/:]*)(?:\/([^:]*))?/.exec(literal);
    const group = m?.[1] && code !== 'tenant-open' ? m[1] : '<group>';
    const project = m?.[2] && code !== 'tenant-wide' && code !== 'no-delimiter' ? m[2] : '<project>';
    return [{ title: 'Pin the project and branch', value: `project_path:${group}/${project}:ref_type:branch:ref:main` }];
  }
  return [];
}

export default createRule({
  id: 'anthropic/subject-prefix-scope',
  domain: 'anthropic',
  description: 'Keep `subject_prefix` to the workload you mean: no owner-, repository-, namespace- or account-wide wildcards, and a delimiter before `*`.',
  type: 'problem',
  defaultSeverity: 'warning',
  hasSuggestions: true,
  messages: {
    literalStar:
      '{{rule}}: `*` is a wildcard only at the very end of `subject_prefix`; here it is a literal character, so "{{pattern}}" matches no real subject and every exchange is denied. Name the subject, or end the prefix at the `*`.',
    tenantOpen: '{{rule}}: "{{pattern}}" admits {{detail}}, e.g. `{{example}}`{{note}}. Pin the owner: name the repository and its branch or environment.',
    tenantWide: '{{rule}}: "{{pattern}}" admits {{detail}}, e.g. `{{example}}`{{note}}{{admin}}. Name the one repository and its branch or environment.',
    noDelimiter: '{{rule}}: "{{pattern}}" has no delimiter before `*`, so it admits {{detail}}, e.g. `{{example}}`{{note}}{{admin}}. End the literal part at a delimiter, or match the subject exactly.',
    repoWide: '{{rule}}: "{{pattern}}" admits {{detail}}, e.g. `{{example}}`{{note}}{{admin}}. Pin the branch (`:ref:refs/heads/main`) or the environment (`:environment:<name>`).',
    allBranches: '{{rule}}: "{{pattern}}" admits {{detail}}, e.g. `{{example}}`{{note}}{{admin}}. Pin the protected branch, or an environment with required reviewers.',
    allEnvironments: '{{rule}}: "{{pattern}}" admits {{detail}}, e.g. `{{example}}`{{note}}{{admin}}. Name the environment.',
    k8sClusterWide: '{{rule}}: "{{pattern}}" admits {{detail}}, e.g. `{{example}}`{{note}}{{admin}}. Name the namespace and the service account.',
    k8sNamespaceWide: '{{rule}}: "{{pattern}}" admits {{detail}}, e.g. `{{example}}`{{note}}{{admin}}. Name the service account.',
    spiffeTrustDomainWide: '{{rule}}: "{{pattern}}" admits {{detail}}, e.g. `{{example}}`{{note}}{{admin}}. Name the workload\'s SPIFFE ID.',
    awsAccountWide: '{{rule}}: "{{pattern}}" admits {{detail}}, e.g. `{{example}}`{{note}}{{admin}}. Name the role.',
  },
  check(ctx) {
    for (const rule of ctx.model.rules) {
      const node = rule.subjectPrefix;
      const prefix = str(node);
      if (!node || prefix === undefined) continue;
      const label = ruleLabel(rule);
      const star = prefix.slice(0, prefix.endsWith('*') ? -1 : undefined).indexOf('*');
      if (star >= 0) {
        ctx.report({ span: spanInScalar(node, ctx.text, { start: star, end: star + 1 }), messageId: 'literalStar', severity: 'error', data: { rule: label, pattern: prefix } });
        continue;
      }
      const family = rule.evidence?.profile.family;
      const analysis = analyzeSubject(prefix, 'trailing-star', family);
      const issues = analysis.issues.filter((i): i is SubjectIssue & { code: Code } => i.code in MESSAGE_IDS);
      if (issues.length === 0) continue;
      const pinned = pinnedDimensions(rule, ctx.text);
      const admin = rule.scopes.includes('org:admin');
      for (const issue of issues) {
        if (compensatedBy(issue.code, prefix).some((dims) => dims.every((d) => pinned.has(d)))) continue;
        const severity: Severity = issue.code === 'tenant-open' || admin ? 'error' : 'warning';
        const suggest: Fix[] = replacements(issue.code, analysis.prefix, family)
          .filter((r) => r.value !== prefix)
          .map((r) => ({ title: `${r.title}: "${r.value}"`, edits: [setScalar(node, r.value)] }));
        ctx.report({
          span: spanInScalar(node, ctx.text, { start: issue.at, end: issue.at + 1 }),
          messageId: MESSAGE_IDS[issue.code],
          severity,
          data: {
            rule: label,
            pattern: prefix,
            detail: issue.detail,
            example: analysis.alsoAdmits[0] ?? prefix,
            note: evidenceNote(rule.evidence),
            admin: admin ? ', and this rule grants `org:admin` (the whole Admin API)' : '',
          },
          suggest,
        });
      }
    }
  },
});
