import { intValue, resourceLabel } from '../../anthropic/fields';
import { removePair, setScalar } from '../../edit';
import { createRule } from '../../rule';
import { type MapNode, deref, pairOf } from '../../tree';

// domain.md §1.2 (`max_jwt_lifetime_seconds` 1–176400, default 3600) and §1.5 (`token_lifetime_seconds` 60–86400,
// default 3600). A value out of range is a 400 at create. Clamping picks a lifetime for the author: suggestions only.
const RANGES = [
  { kind: 'rule', field: 'token_lifetime_seconds', min: 60, max: 86400, what: 'the lifetime of the access tokens minted for this rule' },
  { kind: 'issuer', field: 'max_jwt_lifetime_seconds', min: 1, max: 176400, what: 'the longest `exp − iat` accepted in a presented JWT' },
] as const;

const DEFAULT_SECONDS = 3600;

export default createRule({
  id: 'anthropic/lifetime-range',
  domain: 'anthropic',
  description: 'Keep token and JWT lifetimes within the ranges the Admin API accepts.',
  type: 'problem',
  defaultSeverity: 'error',
  hasSuggestions: true,
  messages: {
    outOfRange:
      '`{{field}}` of {{object}} is {{value}}, outside {{min}}–{{max}} ({{what}}): the Admin API rejects it with 400. Pick a value in range, or leave it out for the default ({{default}} s).',
  },
  check(ctx) {
    for (const range of RANGES) {
      const items: readonly { node: MapNode }[] = range.kind === 'rule' ? ctx.model.rules : ctx.model.issuers;
      for (const item of items) {
        const pair = pairOf(item.node, range.field);
        const v = deref(pair?.value);
        const n = intValue(v);
        if (!pair || v?.kind !== 'scalar' || n === undefined || (n >= range.min && n <= range.max)) continue;
        const bound = n < range.min ? range.min : range.max;
        ctx.report({
          span: v.span,
          messageId: 'outOfRange',
          data: {
            field: range.field, object: resourceLabel(range.kind, item.node), value: n,
            min: range.min, max: range.max, what: range.what, default: DEFAULT_SECONDS,
          },
          suggest: [
            { title: `Use the ${n < range.min ? 'minimum' : 'maximum'} (${bound} s)`, edits: [setScalar(v, bound)] },
            { title: `Remove ${range.field} (default ${DEFAULT_SECONDS} s)`, edits: [removePair(ctx.text, item.node, pair)] },
          ],
        });
      }
    }
  },
});
