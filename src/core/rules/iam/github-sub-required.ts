import { addConditions } from '../../iam/fixes';
import { cap, claimEntries, conditionsKnown, hasAnyCondition, pinnedSubject, providersOf, roleOf, statements } from '../../iam/query';
import { createRule } from '../../rule';

// domain.md §4.2 M1 (Access Analyzer "Missing github repo condition key"; AWS's create-role guardrail): a trust
// statement for GitHub's OIDC provider must test `:sub` or `:job_workflow_ref`; `repository` and the like alone are
// not enough (AWS rejects them, and they admit every branch, pull request and environment).
export default createRule({
  id: 'iam/github-sub-required',
  domain: 'iam',
  description: 'Require a `sub` (or `job_workflow_ref`) condition on trust statements for GitHub Actions.',
  type: 'problem',
  defaultSeverity: 'error',
  hasSuggestions: true,
  messages: {
    missingSub:
      '{{policy}} trusts GitHub Actions without testing `{{prefix}}:sub` or `:job_workflow_ref` with StringEquals or StringLike: any workflow in any repository on GitHub can assume {{role}}. Pin `{{prefix}}:sub` to one repository and branch or environment.',
    otherClaimsOnly:
      '{{policy}} trusts GitHub Actions on {{claims}} but not on `{{prefix}}:sub` or `:job_workflow_ref`: that admits every branch, pull request (from forks too) and environment it matches, and AWS expects a `sub` or `job_workflow_ref` condition. Pin `{{prefix}}:sub` to one branch or environment.',
  },
  check(ctx) {
    for (const { policy, statement: s } of statements(ctx.model)) {
      // no condition at all is iam/oidc-condition-required's finding; an intrinsic Condition is not judged
      if (!s.webIdentity || !hasAnyCondition(s) || !conditionsKnown(s)) continue;
      for (const p of providersOf(s)) {
        if (p.family !== 'github-actions') continue;
        if (claimEntries(s, p, ['sub', 'job_workflow_ref']).length) continue;
        const prefix = p.provider ?? 'token.actions.githubusercontent.com';
        const others = claimEntries(s, p, ['repository', 'repository_owner', 'repository_id', 'repository_owner_id', 'actor', 'actor_id', 'workflow', 'ref', 'environment', 'enterprise_id']);
        // a literal `repository` value fills the repository part of the suggested subject
        const repo = others.find((o) => o.entry.claim!.toLowerCase() === 'repository' && o.block.baseLower === 'stringequals')?.entry.values[0];
        const [owner, name] = repo?.text && !repo.template && /^[^/*?]+\/[^/*?]+$/.test(repo.text) ? repo.text.split('/') : [];
        const key = `${prefix}:sub`;
        const suggest = (['branch', 'environment'] as const).flatMap((form) => {
          const edits = addConditions(policy, s, [['StringEquals', key, pinnedSubject('github-actions', { owner, name, form })]]);
          return edits ? [{ title: form === 'branch' ? `Pin ${key} to the main branch` : `Pin ${key} to a deployment environment`, edits }] : [];
        });
        const claims = [...new Set(others.map((o) => `\`${o.entry.key}\``))];
        ctx.report({
          span: s.condition!.keySpan,
          messageId: claims.length ? 'otherClaimsOnly' : 'missingSub',
          data: { policy: cap(policy.label), role: roleOf(policy), prefix, claims: claims.join(', ') },
          suggest,
        });
      }
    }
  },
});
