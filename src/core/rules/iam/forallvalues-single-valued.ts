import type { Fix } from '../../model';
import { isSingleValuedClaim, operatorName, providerFamily } from '../../iam/facts';
import { findBlock, moveEntries, renameOperator } from '../../iam/fixes';
import { statements } from '../../iam/query';
import { createRule } from '../../rule';

// domain.md §4.2 M8 (Access Analyzer FORALLVALUES_WITH_SINGLE_VALUED_KEY): `ForAllValues:` is true when the request
// has no value for the key at all, so on a single-valued claim such as `sub` it admits tokens without that claim and
// does nothing a plain operator would not.
export default createRule({
  id: 'iam/forallvalues-single-valued',
  domain: 'iam',
  description: 'Disallow `ForAllValues:` on single-valued claims such as `sub` and `aud`.',
  type: 'problem',
  defaultSeverity: 'error',
  fixable: true,
  hasSuggestions: true,
  messages: {
    singleValued:
      '`{{operator}}` on {{keys}}: `ForAllValues:` is also true when the token has no such claim, and these claims hold a single value. Use `{{plain}}`.',
  },
  check(ctx) {
    for (const { policy, statement: s } of statements(ctx.model)) {
      for (const block of s.condition?.blocks ?? []) {
        if (block.qualifier !== 'ForAllValues') continue;
        const single = block.entries.filter((e) => e.provider && e.claim && isSingleValuedClaim(e.claim, providerFamily(e.provider)));
        if (single.length === 0) continue;
        const plain = operatorName(undefined, block.base, block.ifExists);
        const target = findBlock(s, plain);
        const all = single.length === block.entries.length;
        let fix: Omit<Fix, 'preferred'> | undefined;
        const suggest: Omit<Fix, 'preferred'>[] = [];
        if (all && !target) fix = { title: `Change \`${block.operator}\` to \`${plain}\``, edits: [renameOperator(policy, block, plain)] };
        else if (target) {
          const moved = moveEntries(policy, s, block, single, target);
          if (moved) suggest.push({ title: `Move ${single.length === 1 ? `\`${single[0]!.key}\`` : 'these keys'} into the existing \`${target.operator}\` block`, edits: moved });
        }
        ctx.report({
          span: block.keySpan,
          messageId: 'singleValued',
          data: { operator: block.operator, keys: single.map((e) => `\`${e.key}\``).join(', '), plain },
          fix,
          suggest,
        });
      }
    }
  },
});
