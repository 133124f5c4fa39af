import { ruleLabel } from '../../anthropic/model';
import { moveOut, removeNested, wrapScalar } from '../../anthropic/match-edits';
import { claimsMapOf } from '../../anthropic/pins';
import { spanInScalar } from '../../cel';
import { setScalar } from '../../edit';
import type { Fix, TextEdit } from '../../model';
import type { Report } from '../../rule';
import { createRule } from '../../rule';
import { type PairNode, type ScalarNode, pairOf, str } from '../../tree';

// `claims` is a map of exact string equalities on top-level claims (domain.md §1.5). `sub`, `aud` and `iss` have
// dedicated matchers (or are fixed by the issuer), and a `*` in a value is a literal character.

/** `<condition> && expr`, parenthesised when the condition has a lower-precedence operator. */
function appendCondition(cond: ScalarNode, condText: string, expr: string): TextEdit[] {
  const wrap = /\|\||\?/.test(condText);
  return wrapScalar(cond, wrap ? '(' : '', `${wrap ? ')' : ''} && ${expr}`) ?? [setScalar(cond, `${wrap ? `(${condText})` : condText} && ${expr}`)];
}

type Msg = 'subClaim' | 'subDuplicate' | 'subNarrower' | 'subContradicts' | 'audClaim' | 'issClaim' | 'wildcardValue';

export default createRule({
  id: 'anthropic/claims-matcher',
  domain: 'anthropic',
  description: 'Keep `sub`, `aud` and `iss` out of `claims`, and no `*` in claim values (they are exact matches).',
  type: 'problem',
  defaultSeverity: 'warning',
  fixable: true,
  hasSuggestions: true,
  messages: {
    subClaim:
      '{{rule}} matches `sub` in `claims`{{star}}. `subject_prefix` is the matcher for the subject (exact, or a prefix when it ends in `*`), and it is what readers and the Console look at; move it there.',
    subDuplicate: '`claims.sub` repeats `subject_prefix` "{{prefix}}": the same exact match on `sub`, twice. Remove the copy in `claims`.',
    subNarrower:
      '`claims.sub` "{{value}}" is narrower than `subject_prefix` "{{prefix}}" (both apply): {{rule}} admits only "{{value}}", which the prefix does not say. Put the exact subject in `subject_prefix`.',
    subContradicts:
      '`claims.sub` "{{value}}" is not matched by `subject_prefix` "{{prefix}}", and both must hold: {{rule}} never matches any token. Keep the one you mean.',
    audClaim:
      '{{rule}} matches `aud` in `claims`: claims are exact string matches, so a token whose `aud` is a list (Kubernetes always sends one) never matches. {{advice}}',
    issClaim: '`claims.iss` is fixed by the rule\'s issuer: a token reaches this rule only if its `iss` is the issuer\'s `issuer_url`{{detail}}. Remove it.',
    wildcardValue:
      '`claims.{{claim}}` "{{value}}": claim values are exact string matches, so `*` is a literal character and this matches only a value containing "*". For a prefix, use a condition such as `claims.{{claim}}.startsWith({{literal}})`.',
  },
  check(ctx) {
    for (const rule of ctx.model.rules) {
      const match = rule.matchMap;
      const claims = claimsMapOf(rule);
      const holder = pairOf(match, 'claims');
      if (!match || !claims || !holder) continue;
      const label = ruleLabel(rule);
      const prefix = str(rule.subjectPrefix);
      const audience = str(rule.audience);
      const issuerUrl = str(rule.issuer?.issuerUrl);
      // Google's subject is an opaque numeric id that the docs match as `claims.sub` (with `claims.email`), never with
      // `subject_prefix` (anthropic/google-subject): there `claims.sub` is the right place
      const google = rule.evidence?.profile.family === 'google';
      const remove = (item: PairNode): TextEdit => removeNested(ctx.text, match, holder, claims, item);
      for (const item of claims.pairs) {
        const key = item.key.value;
        const valueNode = item.value && item.value.kind === 'scalar' ? item.value : undefined;
        const value = str(valueNode);
        if (value === undefined || !valueNode) continue;
        const report = (r: Omit<Report<Msg>, 'data'> & { data?: Record<string, string> }) => ctx.report({ ...r, data: { rule: label, value, ...r.data } });
        if (key === 'sub' && !google) {
          if (prefix === undefined) {
            const move: Fix = { title: `Move it to subject_prefix: "${value}"`, edits: moveOut(ctx.text, match, holder, claims, item, [['subject_prefix', value]]) };
            const star = value.includes('*') ? ' (there `*` is a literal character; in `subject_prefix` a trailing `*` makes a prefix match)' : '';
            report({ span: item.key.span, messageId: 'subClaim', data: { star }, ...(star ? { suggest: [move] } : { fix: move }) });
          } else if (!prefix.endsWith('*') && value === prefix) {
            report({ span: item.key.span, messageId: 'subDuplicate', data: { prefix }, fix: { title: 'Remove claims.sub', edits: [remove(item)] } });
          } else if (prefix.endsWith('*') && value.startsWith(prefix.slice(0, -1))) {
            report({
              span: item.key.span, messageId: 'subNarrower', data: { prefix },
              fix: { title: `Set subject_prefix to "${value}" and remove claims.sub`, edits: [setScalar(rule.subjectPrefix!, value), remove(item)] },
            });
          } else {
            report({
              span: item.key.span, messageId: 'subContradicts', data: { prefix },
              suggest: [
                { title: `Keep subject_prefix "${prefix}"`, edits: [remove(item)] },
                { title: `Keep "${value}" (in subject_prefix)`, edits: [setScalar(rule.subjectPrefix!, value), remove(item)] },
              ],
            });
          }
        } else if (key === 'aud') {
          const advice = audience === undefined
            ? 'Use `audience`, which matches a string or any element of a list.'
            : audience === value ? '`audience` already says the same; remove this one.' : `\`audience\` already requires "${audience}"; keep the one you mean.`;
          const suggest: Fix[] = audience === undefined
            ? [{ title: `Move it to audience: "${value}"`, edits: moveOut(ctx.text, match, holder, claims, item, [['audience', value]]) }]
            : [{ title: 'Remove claims.aud', edits: [remove(item)] }];
          report({ span: item.key.span, messageId: 'audClaim', data: { advice }, suggest });
        } else if (key === 'iss') {
          const same = issuerUrl !== undefined && issuerUrl === value;
          const detail = issuerUrl === undefined ? '' : same ? ', which is this value' : `, "${issuerUrl}", so with this value the rule never matches`;
          const fix = { title: 'Remove claims.iss', edits: [remove(item)] };
          report({ span: item.key.span, messageId: 'issClaim', data: { detail }, ...(same ? { fix } : { suggest: [fix] }) });
        } else if (typeof key === 'string' && value.includes('*')) {
          const star = value.indexOf('*');
          const trailing = star === value.length - 1;
          const literal = JSON.stringify(trailing ? value.slice(0, -1) : value.slice(0, star));
          const expr = `claims.${/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : `[${JSON.stringify(key)}]`}.startsWith(${literal})`.replace('.[', '[');
          const cond = rule.condition;
          const condText = str(cond);
          const suggest: Fix[] = !trailing
            ? []
            : cond && condText !== undefined
              ? [{ title: `Require it in the condition: ${expr}`, edits: [...appendCondition(cond, condText, expr), remove(item)] }]
              : [{ title: `Match the prefix in a condition: ${expr}`, edits: moveOut(ctx.text, match, holder, claims, item, [['condition', expr]]) }];
          report({ span: spanInScalar(valueNode, ctx.text, { start: star, end: star + 1 }), messageId: 'wildcardValue', data: { claim: key, literal }, suggest });
        }
      }
    }
  },
});
