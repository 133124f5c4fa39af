import type { Fix } from '../../model';
import { LIKE_OF, LITERAL_STRING_OPERATORS, hasWildcard, operatorName } from '../../iam/facts';
import { findBlock, moveEntries, renameOperator } from '../../iam/fixes';
import { entries, statements } from '../../iam/query';
import { createRule } from '../../rule';

// domain.md §4.2 M5: `StringEquals` (and its IgnoreCase/Not forms) compares literally; `*` and `?` are wildcards only
// for `StringLike`/`StringNotLike`. A pattern under `StringEquals` never matches a real value.
export default createRule({
  id: 'iam/string-equals-wildcard',
  domain: 'iam',
  description: 'Flag wildcards under `StringEquals`, where IAM compares them literally.',
  type: 'problem',
  defaultSeverity: 'error',
  fixable: true,
  hasSuggestions: true,
  messages: {
    literal:
      '`{{operator}}` compares `{{value}}` literally: `*` and `?` are ordinary characters there, so `{{key}}` {{effect}}. Use `{{like}}` for a pattern.',
    literalIgnoreCase:
      '`{{operator}}` compares `{{value}}` literally: `*` and `?` are ordinary characters there, so `{{key}}` {{effect}}. IAM has no case-insensitive pattern operator: use `{{like}}` and spell the value in the case the token uses.',
  },
  check(ctx) {
    for (const { policy, statement: s } of statements(ctx.model)) {
      for (const { block, entry } of entries(s)) {
        if (!LITERAL_STRING_OPERATORS.has(block.baseLower)) continue;
        const negated = block.baseLower.startsWith('stringnot');
        const ignoreCase = block.baseLower.endsWith('ignorecase');
        const likeBase = LIKE_OF[negated ? 'stringnotequals' : 'stringequals']!;
        const like = operatorName(block.qualifier, likeBase, block.ifExists);
        const target = findBlock(s, like);
        const fixes: Omit<Fix, 'preferred'>[] = [];
        if (!target) fixes.push({ title: `Change \`${block.operator}\` to \`${like}\``, edits: [renameOperator(policy, block, like)] });
        else {
          const moved = moveEntries(policy, s, block, [entry], target);
          if (moved) fixes.push({ title: `Move \`${entry.key}\` into the existing \`${target.operator}\` block`, edits: moved });
        }
        const effect = negated ? 'differs from it for every real value (the test is always true)' : 'never matches a real value (the statement never applies)';
        for (const v of entry.values) {
          if (v.text === undefined || !hasWildcard(v.text, v.template)) continue;
          const preferred = !ignoreCase && !target ? fixes[0] : undefined;
          ctx.report({
            span: v.span,
            messageId: ignoreCase ? 'literalIgnoreCase' : 'literal',
            data: { operator: block.operator, value: v.text, key: entry.key, effect, like },
            fix: preferred,
            suggest: preferred ? [] : fixes,
          });
        }
      }
    }
  },
});
