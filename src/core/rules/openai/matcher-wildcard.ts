import { setScalar } from '../../edit';
import type { Span } from '../../model';
import { parseWildcard } from '../../openai/matchers';
import { ruleLabel } from '../../openai/model';
import { createRule } from '../../rule';
import { deref, type ScalarNode } from '../../tree';

// OpenAI accepts one trailing `*` after a non-empty prefix in a mapping value or a Codex `external_subject`; `*`
// alone, a `*` in the middle and more than one `*` are rejected (domain.md §2.1 mapping semantics, §2.4).
// Mapping values must be scalar JSON values; Codex exact claims never treat `*` as a wildcard.
export default createRule({
  id: 'openai/matcher-wildcard',
  domain: 'openai',
  description: 'Use at most one `*`, at the end of a non-empty prefix, in OpenAI mapping values and Codex subjects.',
  type: 'problem',
  defaultSeverity: 'error',
  fixable: true,
  hasSuggestions: true,
  messages: {
    alone:
      '{{field}} is only a wildcard: OpenAI rejects it (a `*` needs a non-empty prefix), and it would admit every token of the provider. Match the exact value, or a prefix ending in `*`.',
    mid: '{{field}} has a `*` that is not the last character: OpenAI rejects it (only one trailing `*` is a wildcard; `repo:*:prod` style patterns are not supported). Match the exact value, or derive an attribute with a transformation or use a condition.',
    multiple:
      '{{field}} has more than one `*`: OpenAI rejects it (a value may end in one `*`, nothing else). Keep a single trailing `*` after the prefix, or match the exact value.',
    notScalar:
      '{{field}} is {{what}}: mapping values must be a string, number or boolean, so OpenAI rejects {{rule}}. Use one value (a prefix ending in `*` for a set of subjects).',
    literalStar:
      'Codex exact claims compare values literally: `*` in {{field}} is not a wildcard, so this claim only matches a token whose value contains a literal `*`. Use `external_subject` (trailing `*`) or a `condition` with `startsWith`.',
  },
  check(ctx) {
    for (const rule of ctx.model.rules) {
      const label = ruleLabel(rule);
      const checkValue = (field: string, node: ScalarNode) => {
        const v = node.value;
        if (typeof v !== 'string' || !v.includes('*')) return;
        const w = parseWildcard(v);
        if (w.kind === 'exact' || w.kind === 'prefix') return;
        const at = starSpan(node, w.at);
        if (w.kind === 'alone') {
          ctx.report({
            span: node.span,
            messageId: 'alone',
            data: { field },
            suggest: [{ title: 'Replace with the exact value to fill in', edits: [setScalar(node, '<exact value to match>')] }],
          });
        } else if (w.kind === 'multiple' && /^[^*]+\*+$/.test(v)) {
          // `repo:acme/app:**` means what `repo:acme/app:*` means: collapse the run (exact, so a preferred fix)
          const run = node.contentSpan ? { start: node.contentSpan.start + w.prefix.length, end: node.contentSpan.end } : node.span;
          ctx.report({
            span: run,
            messageId: 'multiple',
            data: { field },
            fix: { title: `Use a single trailing wildcard: ${w.prefix}*`, edits: [setScalar(node, `${w.prefix}*`)] },
          });
        } else {
          ctx.report({
            span: at,
            messageId: w.kind === 'mid' ? 'mid' : 'multiple',
            data: { field },
            suggest: [{ title: 'Replace with the exact value to fill in', edits: [setScalar(node, '<exact value to match>')] }],
          });
        }
      };
      for (const p of rule.matchers?.pairs ?? []) {
        const field = `Matcher \`${String(p.key.value)}\``;
        const v = deref(p.value);
        if (v?.kind === 'scalar' && v.value !== null) checkValue(field, v);
        else ctx.report({ span: v?.span ?? p.key.span, messageId: 'notScalar', data: { field, rule: label, what: v?.kind === 'seq' ? 'a list' : v?.kind === 'map' ? 'an object' : 'null' } });
      }
      if (rule.externalSubject) checkValue('`external_subject`', rule.externalSubject);
      const claims = deref(rule.claims);
      if (claims?.kind === 'map') {
        for (const p of claims.pairs) {
          const v = deref(p.value);
          if (v?.kind === 'scalar' && typeof v.value === 'string' && v.value.includes('*'))
            ctx.report({ span: v.span, messageId: 'literalStar', severity: 'warning', data: { field: `claim \`${String(p.key.value)}\`` } });
        }
      }
    }
  },
});

/** The span of the `*` at index `at` of the value when its characters map one-to-one onto the text; else the value. */
function starSpan(node: ScalarNode, at: number): Span {
  return node.contentSpan ? { start: node.contentSpan.start + at, end: node.contentSpan.start + at + 1 } : node.span;
}
