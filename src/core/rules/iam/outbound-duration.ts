import { addConditions } from '../../iam/fixes';
import type { IamValue } from '../../iam/model';
import { actionAnchor, cap, conditionsKnown, keyEntries, namesMinting, statements } from '../../iam/query';
import { createRule } from '../../rule';

// domain.md §4.1: `DurationSeconds` is 60–3600 (default 300); `sts:DurationSeconds` with `NumericLessThanEquals`
// caps how long a minted token stays valid wherever it is sent.
const KEY = 'sts:DurationSeconds';
const CAPS: ReadonlySet<string> = new Set(['numericlessthanequals', 'numericlessthan', 'numericequals']);
const API_MAX = 3600;
const SHORT = 900;

export default createRule({
  id: 'iam/outbound-duration',
  domain: 'iam',
  description: 'Cap the lifetime of tokens minted with `sts:GetWebIdentityToken`.',
  type: 'suggestion',
  defaultSeverity: 'warning',
  hasSuggestions: true,
  messages: {
    missing:
      '{{policy}} allows `sts:GetWebIdentityToken` without an `sts:DurationSeconds` cap: callers may mint tokens valid for up to an hour, usable by whoever gets hold of one. Cap it, e.g. `"NumericLessThanEquals": {"sts:DurationSeconds": 900}`.',
    beyondMax:
      'Cap `{{value}}` on `sts:DurationSeconds` is above the API maximum of 3600 seconds, so it caps nothing. Use 900 or less.',
    long: 'Cap `{{value}}` on `sts:DurationSeconds` lets minted tokens live {{minutes}} minutes; 900 seconds (15 minutes) or less is enough for an exchange that happens right away.',
  },
  check(ctx) {
    for (const { policy, statement: s } of statements(ctx.model)) {
      // `*` and `sts:*` statements are about more than minting: iam/outbound-audience alone speaks to them
      if (!s.mintsTokens || !namesMinting(s) || !conditionsKnown(s)) continue;
      const caps = keyEntries(s, KEY, CAPS);
      if (caps.length === 0) {
        const edits = addConditions(policy, s, [['NumericLessThanEquals', KEY, SHORT]]);
        ctx.report({
          span: actionAnchor(s),
          messageId: 'missing',
          data: { policy: cap(policy.label) },
          suggest: edits ? [{ title: 'Cap sts:DurationSeconds at 900', edits }] : [],
        });
        continue;
      }
      // every cap must hold, so the tightest one counts; within one entry the values are alternatives (the loosest counts)
      let tightest: { limit: number; value: IamValue } | undefined;
      let unknown = false;
      for (const { block, entry } of caps) {
        let loosest: { limit: number; value: IamValue } | undefined;
        for (const v of entry.values) {
          const n = v.text === undefined || v.template ? NaN : Number(v.text);
          if (!Number.isFinite(n)) {
            unknown = true;
            break;
          }
          const limit = block.baseLower === 'numericlessthan' ? n - 1 : n;
          if (!loosest || limit > loosest.limit) loosest = { limit, value: v };
        }
        if (loosest && (!tightest || loosest.limit < tightest.limit)) tightest = loosest;
      }
      // a cap Keyless cannot read (a !Ref) may be the tightest: judge none then
      if (unknown || !tightest || tightest.limit <= SHORT) continue;
      const value = tightest.value.text!;
      if (tightest.limit > API_MAX) ctx.report({ span: tightest.value.span, messageId: 'beyondMax', data: { value } });
      else ctx.report({ span: tightest.value.span, messageId: 'long', severity: 'info', data: { value, minutes: Math.round(tightest.limit / 60) } });
    }
  },
});
