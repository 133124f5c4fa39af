import type { IssuerFamily } from '../../issuers';
import type { Severity } from '../../model';
import { setScalar } from '../../edit';
import { claimEntries, pinnedSubject, providersOf, statements } from '../../iam/query';
import { createRule } from '../../rule';
import { type SubjectIssueCode, analyzeSubject } from '../../subjects';

// domain.md §4.2 M3, M4, M14; §5.1, §5.3: a `StringLike` pattern on `:sub` admits every subject it matches. Every
// value of a list is checked (AWS's own guardrail only looks at the first).
const SEVERITY: Readonly<Record<SubjectIssueCode, Severity>> = {
  'match-all': 'error',
  'tenant-open': 'error',
  'tenant-wide': 'error',
  'k8s-cluster-wide': 'error',
  'spiffe-trust-domain-wide': 'error',
  'google-numeric-wildcard': 'error',
  'aws-account-wide': 'warning',
  'no-delimiter': 'warning',
  'repo-wide': 'warning',
  'all-branches': 'warning',
  'all-environments': 'warning',
  'k8s-namespace-wide': 'warning',
};

export default createRule({
  id: 'iam/subject-scope',
  domain: 'iam',
  description: 'Flag `sub` patterns in trust policies that admit more workloads than one.',
  type: 'problem',
  defaultSeverity: 'error',
  hasSuggestions: true,
  messages: {
    broad: '`{{key}}` pattern `{{value}}` admits {{detail}}{{examples}}. Pin it to the one {{unit}} that needs the role.',
    leadingWildcard:
      '`{{key}}` pattern `{{value}}` starts with a wildcard: any repository, namespace or project whose subject ends this way matches, whoever owns it. Start the pattern with the literal owner and name.',
  },
  check(ctx) {
    for (const { policy, statement: s } of statements(ctx.model)) {
      if (!s.webIdentity) continue;
      for (const p of providersOf(s)) {
        for (const { block, entry } of claimEntries(s, p, ['sub'], 'any')) {
          if (block.baseLower !== 'stringlike') continue;
          for (const v of entry.values) {
            const node = v.node;
            if (v.text === undefined || node.kind !== 'scalar') continue;
            const pattern = v.template ? v.text.replace(/\$\{!/g, '${') : v.text;
            const a = analyzeSubject(pattern, 'glob', p.family);
            const issue = a.issues[0];
            const family = a.family ?? p.family;
            const unit = family === 'github-actions' ? 'repository and branch or environment' : family === 'eks' || family === 'kubernetes' ? 'service account' : 'workload';
            const suggest = suggestions(a.prefix, family).map(([title, value]) => ({ title, edits: [policy.source.edit(setScalar(node, value))] }));
            if (issue) {
              const examples = a.alsoAdmits.length ? ` (for example \`${a.alsoAdmits.slice(0, 2).join('`, `')}\`)` : '';
              ctx.report({ span: v.span, messageId: 'broad', severity: SEVERITY[issue.code], data: { key: entry.key, value: v.text, detail: issue.detail, examples, unit }, suggest });
            } else if (a.wildcard && a.prefix === '') {
              ctx.report({ span: v.span, messageId: 'leadingWildcard', data: { key: entry.key, value: v.text }, suggest });
            }
          }
        }
      }
    }
  },
});

/** Pinned alternatives, keeping the owner/repository (or namespace) the pattern already names. */
function suggestions(prefix: string, family: IssuerFamily | undefined): [string, string][] {
  if (family === 'github-actions') {
    const m = /^repo:([^/:]+)\/([^:]*)/.exec(prefix);
    const parts = { owner: m?.[1], name: m?.[2] || undefined };
    return [
      ['Pin to the main branch', pinnedSubject(family, parts)],
      ['Pin to one deployment environment', pinnedSubject(family, { ...parts, form: 'environment' })],
    ];
  }
  if (family === 'eks' || family === 'kubernetes') {
    return [['Pin to one service account', pinnedSubject(family, { owner: /^system:serviceaccount:([^:]+):/.exec(prefix)?.[1] })]];
  }
  if (family === 'gitlab') {
    const m = /^project_path:([^/:]+)\/([^:]*)/.exec(prefix);
    return [['Pin to the main branch', pinnedSubject(family, { owner: m?.[1], name: m?.[2] || undefined })]];
  }
  return [];
}
