import { capitalized } from '../../anthropic/fields';
import { removePair } from '../../edit';
import { createRule } from '../../rule';
import { deref, pairOf } from '../../tree';

// domain.md §1.5: `attributes` (CEL extraction) is not yet supported; a non-empty value is a 400. Responses carry
// `attributes: null`, and an empty object asks for nothing, so both are fine.
export default createRule({
  id: 'anthropic/no-attributes',
  domain: 'anthropic',
  description: 'Disallow federation rule attributes, which the Admin API does not support yet.',
  type: 'problem',
  defaultSeverity: 'error',
  fixable: true,
  messages: {
    unsupported:
      '{{object}} sets `attributes`, which the Admin API does not support yet: it rejects the rule with 400. Remove them; match on claims with `claims` or `condition` instead.',
  },
  check(ctx) {
    for (const rule of ctx.model.rules) {
      const pair = pairOf(rule.node, 'attributes');
      const v = deref(pair?.value);
      if (!pair || !v) continue;
      const empty =
        (v.kind === 'scalar' && (v.value === null || v.value === '')) ||
        (v.kind === 'map' && v.pairs.length === 0) ||
        (v.kind === 'seq' && v.items.length === 0);
      if (empty) continue;
      ctx.report({
        span: pair.key.span,
        messageId: 'unsupported',
        data: { object: capitalized('rule', rule.node) },
        fix: { title: 'Remove attributes', edits: [removePair(ctx.text, rule.node, pair)] },
      });
    }
  },
});
