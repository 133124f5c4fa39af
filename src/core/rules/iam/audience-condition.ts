import { needsAudienceCondition } from '../../iam/facts';
import { addConditions } from '../../iam/fixes';
import { audienceValue, cap, claimEntries, conditionsKnown, hasAnyCondition, providerLabel, providersOf, statements } from '../../iam/query';
import { createRule } from '../../rule';

// domain.md §4.2 M7: without an `aud` condition the role accepts a token of the provider minted for any audience the
// IAM OIDC provider lists (GitHub: `sts.amazonaws.com`; EKS IRSA: `sts.amazonaws.com`; GitLab: the job's id_tokens aud).
export default createRule({
  id: 'iam/audience-condition',
  domain: 'iam',
  description: 'Require an `aud` condition in trust statements for GitHub Actions, EKS and GitLab.',
  type: 'problem',
  defaultSeverity: 'warning',
  hasSuggestions: true,
  messages: {
    missingAudience:
      '{{policy}} trusts {{provider}} without a `{{key}}` condition: a token minted for another audience the provider is registered with is accepted too. Add `"{{key}}": "{{audience}}"`.',
  },
  check(ctx) {
    for (const { policy, statement: s } of statements(ctx.model)) {
      // no condition at all is iam/oidc-condition-required's finding; an intrinsic Condition is not judged
      if (!s.webIdentity || !hasAnyCondition(s) || !conditionsKnown(s)) continue;
      for (const p of providersOf(s)) {
        if (!needsAudienceCondition(p.family) || claimEntries(s, p, ['aud'], 'any').some((x) => !x.block.baseLower.includes('not'))) continue;
        const key = `${p.provider ?? '<provider>'}:aud`;
        const audience = audienceValue(p.family);
        const edits = p.provider ? addConditions(policy, s, [['StringEquals', key, audience]]) : undefined;
        ctx.report({
          span: s.condition!.keySpan,
          messageId: 'missingAudience',
          data: { policy: cap(policy.label), provider: providerLabel(p), key, audience },
          suggest: edits ? [{ title: `Add ${key} = ${audience}`, edits }] : [],
        });
      }
    }
  },
});
