import type { Json } from '../../edit';
import { addConditions, type ConditionAdd } from '../../iam/fixes';
import { audienceValue, hasAnyCondition, pinnedSubject, providerLabel, providersOf, roleOf, statements } from '../../iam/query';
import { createRule } from '../../rule';

// domain.md §4.2 M2 (Access Analyzer "Missing condition key for oidc principal"): a statement trusting an OIDC
// provider with no condition admits every token that provider signs for any of the audiences it is registered with.
export default createRule({
  id: 'iam/oidc-condition-required',
  domain: 'iam',
  description: 'Require conditions on every trust statement for an OIDC provider.',
  type: 'problem',
  defaultSeverity: 'error',
  hasSuggestions: true,
  messages: {
    noCondition:
      'This trust statement has no Condition: every token {{provider}} issues can assume {{role}} ({{who}}). Add conditions on `{{prefix}}:sub` and `{{prefix}}:aud` that name the one workload.',
    emptyCondition:
      'This trust statement\'s Condition is empty: every token {{provider}} issues can assume {{role}} ({{who}}). Add conditions on `{{prefix}}:sub` and `{{prefix}}:aud` that name the one workload.',
  },
  check(ctx) {
    for (const { policy, statement: s } of statements(ctx.model)) {
      if (!s.webIdentity || hasAnyCondition(s)) continue;
      const p = providersOf(s)[0] ?? {};
      const prefix = p.provider ?? '<provider>';
      const who =
        p.family === 'github-actions' ? 'any workflow of any repository on GitHub'
          : p.family === 'eks' || p.family === 'kubernetes' ? 'any pod of the cluster, whatever its service account'
            : p.family === 'gitlab' ? 'any pipeline of any project on the instance'
              : 'any subject of the provider';
      const adds: ConditionAdd[] = [
        ['StringEquals', `${prefix}:aud`, audienceValue(p.family) as Json],
        ['StringEquals', `${prefix}:sub`, pinnedSubject(p.family)],
      ];
      const edits = addConditions(policy, s, adds);
      ctx.report({
        span: s.condition ? s.condition.keySpan : s.principal!.keySpan,
        messageId: s.condition ? 'emptyCondition' : 'noCondition',
        data: { role: roleOf(policy), provider: providerLabel(p), prefix, who },
        suggest: edits ? [{ title: `Add ${prefix}:aud and ${prefix}:sub conditions to fill in`, edits }] : [],
      });
    }
  },
});
