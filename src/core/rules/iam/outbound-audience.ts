import type { Json } from '../../edit';
import { POSITIVE_STRING_OPERATORS, globMatch, hasWildcard } from '../../iam/facts';
import { type ConditionAdd, addConditions } from '../../iam/fixes';
import { actionAnchor, cap, conditionsKnown, keyEntries, statements } from '../../iam/query';
import { createRule } from '../../rule';

// domain.md §4.1 and §4.2 M16: `sts:GetWebIdentityToken` mints a JWT for whatever `Audience` the caller asks for.
// `sts:IdentityTokenAudience` is multivalued: `ForAllValues:` needs `"Null": {"sts:IdentityTokenAudience": "false"}`
// beside it, since it is true when the key is absent.
const KEY = 'sts:IdentityTokenAudience';

export default createRule({
  id: 'iam/outbound-audience',
  domain: 'iam',
  description: 'Require `sts:GetWebIdentityToken` permissions to pin the token audience.',
  type: 'problem',
  defaultSeverity: 'error',
  fixable: true,
  hasSuggestions: true,
  messages: {
    missing:
      '{{policy}} allows {{action}} without an `sts:IdentityTokenAudience` condition: the principal can mint identity tokens for any external service that trusts this account. List the audiences it may request.',
    noNullCheck:
      '`{{operator}}` on `sts:IdentityTokenAudience` is also true when the request carries no audience at all. Add `"Null": {"sts:IdentityTokenAudience": "false"}` beside it.',
    wildcard:
      'Audience pattern `{{value}}` lets the principal mint tokens for {{what}}. List the exact audience URLs of the services it calls.',
  },
  check(ctx) {
    for (const { policy, statement: s } of statements(ctx.model)) {
      if (!s.mintsTokens || !conditionsKnown(s)) continue;
      const positive = keyEntries(s, KEY, POSITIVE_STRING_OPERATORS);
      if (positive.length === 0) {
        const granted = s.actions!.values.find((v) => v.text !== undefined && globMatch(v.text, 'sts:GetWebIdentityToken'))!.text!;
        const action = granted.toLowerCase() === 'sts:getwebidentitytoken' ? `\`${granted}\`` : `\`${granted}\` (which includes \`sts:GetWebIdentityToken\`)`;
        const adds: ConditionAdd[] = [['ForAllValues:StringEquals', KEY, ['<audience URL of the service>'] as Json]];
        if (!keyEntries(s, KEY).some((x) => x.block.baseLower === 'null')) adds.push(['Null', KEY, 'false']);
        const edits = addConditions(policy, s, adds);
        ctx.report({
          span: actionAnchor(s),
          messageId: 'missing',
          data: { policy: cap(policy.label), action },
          suggest: edits ? [{ title: 'Allow only listed audiences (fill in)', edits }] : [],
        });
        continue;
      }
      const forAll = positive.filter((x) => x.block.qualifier === 'ForAllValues');
      const nullCheck = keyEntries(s, KEY).find((x) => x.block.baseLower === 'null');
      if (forAll.length === positive.length && !nullCheck) {
        const edits = addConditions(policy, s, [['Null', KEY, 'false']]);
        ctx.report({
          span: forAll[0]!.block.keySpan,
          messageId: 'noNullCheck',
          data: { operator: forAll[0]!.block.operator },
          fix: edits ? { title: 'Add the Null check on sts:IdentityTokenAudience', edits } : undefined,
        });
      }
      for (const { block, entry } of positive) {
        if (block.baseLower !== 'stringlike') continue;
        for (const v of entry.values) {
          if (v.text === undefined || !hasWildcard(v.text, v.template)) continue;
          const what = /^[*?]+$/.test(v.text) ? 'any service at all' : 'every audience that matches it, including services you do not control';
          ctx.report({ span: v.span, messageId: 'wildcard', data: { value: v.text, what } });
        }
      }
    }
  },
});
