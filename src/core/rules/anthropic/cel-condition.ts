import { evidenceNote, ruleLabel } from '../../anthropic/model';
import { conditionFor } from '../../anthropic/pins';
import { type CelCondition, type CelExpr, encodeInScalar } from '../../cel';
import { claimUses, constValue, constantCulprit, nodes } from '../../cel-analysis';
import { absentClaim, isStringClaim } from '../../claim-catalog';
import type { TextEdit } from '../../model';
import { createRule } from '../../rule';

// `match.condition` is CEL over one variable, `claims`; it must return a bool, and a constant-true condition is
// rejected with 400 (domain.md §1.5). Claims a provider never sends make a comparison an error (never true), and
// GitHub sends every custom claim as a string, numbers included (§5.1).

const text = (c: CelCondition, e: CelExpr) => c.source.slice(e.span.start, e.span.end);

/** The literal rewritten as a CEL string, in the quote style the condition already uses. */
function quoted(c: CelCondition, lit: Extract<CelExpr, { kind: 'literal' }>): string | undefined {
  const raw = text(c, lit);
  const value = lit.lit.type === 'bool' ? String(lit.lit.value) : lit.lit.type === 'int' || lit.lit.type === 'uint' ? String(lit.lit.value) : lit.lit.type === 'double' ? raw : undefined;
  if (value === undefined) return undefined;
  const q = c.tokens.find((t) => t.kind === 'string')?.text.replace(/^[rRbB]+/, '')[0] === "'" ? "'" : '"';
  return `${q}${value}${q}`;
}

export default createRule({
  id: 'anthropic/cel-condition',
  domain: 'anthropic',
  description: 'Require `match.condition` to be valid CEL that can be both true and false, and that reads claims the issuer sends, with their types.',
  type: 'problem',
  defaultSeverity: 'error',
  fixable: true,
  messages: {
    syntax: 'The condition of {{rule}} is not valid CEL: {{detail}}. A condition that does not parse matches no token.',
    notBool: 'The condition of {{rule}} is {{what}}, not a bool: a condition must evaluate to `true` or `false`.',
    constantTrue:
      'The condition of {{rule}} is always true{{because}}: it constrains nothing, and the Admin API rejects a constant-true condition (400). Remove the constant part.',
    alwaysTrueBranch: '`{{part}}` is always true, so `{{whole}}` is too: the rest of that `||` has no effect. Remove the constant.',
    constantFalse: 'The condition of {{rule}} is always false{{because}}: the rule never matches any token.',
    absentClaim:
      '{{issuer}} tokens carry no `{{claim}}` claim{{owner}}{{note}}: reading it is an error, so `{{atom}}` is never true. Match a claim this issuer sends.',
    numberForString: '{{issuer}} sends `{{claim}}` as a string (e.g. "{{example}}"), so `{{atom}}` {{outcome}}. {{advice}}',
  },
  check(ctx) {
    for (const rule of ctx.model.rules) {
      const cond = conditionFor(rule, ctx.text);
      if (!cond) continue;
      const label = ruleLabel(rule);
      if (cond.error) {
        ctx.report({ span: cond.toDoc(cond.error.span), messageId: 'syntax', data: { rule: label, detail: cond.error.message } });
        continue;
      }
      const root = cond.root;
      if (!root) continue;
      if (root.kind === 'list' || root.kind === 'map' || (root.kind === 'literal' && root.lit.type !== 'bool')) {
        const what = root.kind === 'literal' ? `a ${root.lit.type} literal` : `a ${root.kind}`;
        ctx.report({ span: cond.toDoc(root.span), messageId: 'notBool', data: { rule: label, what } });
        continue;
      }
      const value = constValue(root);
      if (value !== undefined) {
        const culprit = constantCulprit(root, value);
        const because = culprit === root ? '' : ` because \`${text(cond, culprit)}\` is`;
        ctx.report({ span: cond.toDoc(culprit.span), messageId: value ? 'constantTrue' : 'constantFalse', ...(value ? {} : { severity: 'warning' as const }), data: { rule: label, because } });
        continue;
      }
      for (const e of nodes(root)) {
        if (e.kind !== 'call' || e.fn !== '_||_' || constValue(e) !== true) continue;
        const part = e.args.find((a) => constValue(a) === true)!;
        ctx.report({ span: cond.toDoc(part.span), messageId: 'alwaysTrueBranch', severity: 'warning', data: { part: text(cond, part), whole: text(cond, e) } });
      }

      const profile = rule.evidence?.profile;
      if (!profile) continue;
      const data = { rule: label, issuer: profile.label, note: evidenceNote(rule.evidence) };
      for (const use of claimUses(root).uses) {
        const claim = use.path[0]!;
        const owner = absentClaim(claim, profile.family);
        if (owner !== undefined) {
          ctx.report({
            span: cond.toDoc(use.access.span),
            messageId: 'absentClaim',
            severity: 'warning',
            data: { ...data, claim, owner: owner ? ` (it is a ${owner} claim)` : '', atom: text(cond, use.atom) },
          });
          continue;
        }
        if (use.path.length !== 1 || !isStringClaim(claim, profile.family)) continue;
        const lits = use.op === 'in' ? [...(use.literals ?? [])] : use.literal ? [use.literal] : [];
        const wrong = lits.filter((l) => l.lit.type === 'int' || l.lit.type === 'uint' || l.lit.type === 'double' || l.lit.type === 'bool');
        if (wrong.length === 0 || !['==', '!=', 'in', 'compare'].includes(use.op)) continue;
        const edits: TextEdit[] = [];
        const fixedAtom = { text: text(cond, use.atom), shift: use.atom.span.start };
        let newAtom = fixedAtom.text;
        for (const l of [...wrong].reverse()) {
          const q = quoted(cond, l);
          const at = cond.toDocExact(l.span);
          if (q === undefined) continue;
          newAtom = newAtom.slice(0, l.span.start - fixedAtom.shift) + q + newAtom.slice(l.span.end - fixedAtom.shift);
          if (at && !(cond.node.style === 'plain' && at.start === cond.node.span.start)) edits.push({ span: at, newText: encodeInScalar(cond.node, q) });
        }
        const outcome = use.op === '!=' ? 'is always true' : use.op === 'compare' ? 'is an error (no ordering between a string and a number), never true' : 'is never true';
        const compare = use.op === 'compare';
        const access = text(cond, use.access);
        const advice = compare
          ? `Convert the claim first: \`${fixedAtom.text.replace(access, `int(${access})`)}\`.`
          : `Quote the literal: \`${newAtom}\`.`;
        const example = wrong[0]!.lit.type === 'bool' ? String((wrong[0]!.lit as { value: boolean }).value) : '123456';
        ctx.report({
          span: cond.toDoc(use.atom.span),
          messageId: 'numberForString',
          data: { ...data, claim, atom: fixedAtom.text, outcome, advice, example },
          ...(!compare && edits.length === wrong.length ? { fix: { title: `Quote the literal: ${newAtom}`, edits } } : {}),
        });
      }
    }
  },
});
