import type { Fix } from '../../model';
import { setScalar } from '../../edit';
import { POSITIVE_STRING_OPERATORS, globMatch } from '../../iam/facts';
import { addConditions } from '../../iam/fixes';
import { actionAnchor, cap, conditionsKnown, keyEntries, namesMinting, statements } from '../../iam/query';
import { createRule } from '../../rule';

// domain.md §4.1: `SigningAlgorithm` is required and is `RS256` or `ES384`; `sts:SigningAlgorithm` pins it, so a
// relying party that accepts only one algorithm always gets it.
const KEY = 'sts:SigningAlgorithm';
const ALGORITHMS = ['RS256', 'ES384'] as const;

export default createRule({
  id: 'iam/outbound-signing-algorithm',
  domain: 'iam',
  description: 'Pin `sts:SigningAlgorithm` to RS256 or ES384 for `sts:GetWebIdentityToken`.',
  type: 'suggestion',
  defaultSeverity: 'info',
  fixable: true,
  hasSuggestions: true,
  messages: {
    unpinned:
      '{{policy}} allows `sts:GetWebIdentityToken` without pinning `sts:SigningAlgorithm`: callers choose RS256 or ES384 per request. Pin the one your relying party expects.',
    wildcard: '`sts:SigningAlgorithm` pattern `{{value}}` admits both RS256 and ES384. Pin the one your relying party expects.',
    unknown:
      '`sts:SigningAlgorithm` is compared with `{{value}}`, which STS never sends (it signs with `RS256` or `ES384` only): this condition never passes and no token can be minted. Use `RS256` or `ES384`.',
  },
  check(ctx) {
    for (const { policy, statement: s } of statements(ctx.model)) {
      // `*` and `sts:*` statements are about more than minting: iam/outbound-audience alone speaks to them
      if (!s.mintsTokens || !namesMinting(s) || !conditionsKnown(s)) continue;
      const pins = keyEntries(s, KEY, POSITIVE_STRING_OPERATORS);
      if (pins.length === 0) {
        const suggest = ALGORITHMS.flatMap((alg) => {
          const edits = addConditions(policy, s, [['StringEquals', KEY, alg]]);
          return edits ? [{ title: `Pin sts:SigningAlgorithm to ${alg}`, edits }] : [];
        });
        ctx.report({ span: actionAnchor(s), messageId: 'unpinned', data: { policy: cap(policy.label) }, suggest });
        continue;
      }
      for (const { block, entry } of pins) {
        for (const v of entry.values) {
          if (v.text === undefined || v.template || v.node.kind !== 'scalar') continue;
          const node = v.node;
          const matches = ALGORITHMS.filter((alg) =>
            block.baseLower === 'stringlike' ? globMatch(v.text!, alg, true)
              : block.baseLower === 'stringequalsignorecase' ? v.text!.toLowerCase() === alg.toLowerCase() : v.text === alg);
          if (matches.length === 2) {
            ctx.report({ span: v.span, messageId: 'wildcard', data: { value: v.text } });
          } else if (matches.length === 0) {
            const fixes: Omit<Fix, 'preferred'>[] = ALGORITHMS.map((alg) => ({ title: `Use ${alg}`, edits: [policy.source.edit(setScalar(node, alg))] }));
            // the same name in the wrong case is a typo with one meaning: fix it
            const typo = fixes.find((_, i) => ALGORITHMS[i]!.toLowerCase() === v.text!.toLowerCase());
            ctx.report({ span: v.span, messageId: 'unknown', severity: 'error', data: { value: v.text }, fix: typo, suggest: typo ? [] : fixes });
          }
        }
      }
    }
  },
});
