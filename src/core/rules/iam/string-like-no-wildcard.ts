import { EQUALS_OF, GLOB_STRING_OPERATORS, hasWildcard, operatorName } from '../../iam/facts';
import { findBlock, moveEntries, renameOperator } from '../../iam/fixes';
import { statements } from '../../iam/query';
import { createRule } from '../../rule';

// domain.md §4.2 M6: `StringLike` whose values hold no `*` or `?` works like `StringEquals`; saying so makes the
// intent plain, and a later edit that adds a stray `*` can no longer widen the condition unnoticed.
export default createRule({
  id: 'iam/string-like-no-wildcard',
  domain: 'iam',
  description: 'Prefer `StringEquals` when a `StringLike` block has no wildcard.',
  type: 'suggestion',
  defaultSeverity: 'info',
  fixable: true,
  hasSuggestions: true,
  messages: {
    noWildcard:
      '`{{operator}}` has no `*` or `?` in any value, so it matches exactly, like `{{equals}}`. Use `{{equals}}` to say so: a pattern operator invites a stray wildcard later.',
  },
  check(ctx) {
    for (const { policy, statement: s } of statements(ctx.model)) {
      for (const block of s.condition?.blocks ?? []) {
        if (!GLOB_STRING_OPERATORS.has(block.baseLower) || !block.map || block.entries.length === 0) continue;
        const values = block.entries.flatMap((e) => e.values);
        // a `${Ref}` of a Sub template may expand to a pattern: only literal values are judged
        if (values.some((v) => v.text === undefined || (v.template && v.text.includes('${')) || hasWildcard(v.text, false))) continue;
        const equals = operatorName(block.qualifier, EQUALS_OF[block.baseLower]!, block.ifExists);
        const target = findBlock(s, equals);
        const moved = target ? moveEntries(policy, s, block, block.entries, target) : undefined;
        ctx.report({
          span: block.keySpan,
          messageId: 'noWildcard',
          data: { operator: block.operator, equals },
          fix: target ? undefined : { title: `Change \`${block.operator}\` to \`${equals}\``, edits: [renameOperator(policy, block, equals)] },
          suggest: moved ? [{ title: `Move these conditions into the existing \`${target!.operator}\` block`, edits: moved }] : [],
        });
      }
    }
  },
});
