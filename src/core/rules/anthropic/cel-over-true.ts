import { evidenceNote, ruleLabel } from '../../anthropic/model';
import { claimsMapOf, conditionFor, impliedClaims, staticTenantPin, tenantPredicate } from '../../anthropic/pins';
import { type CelCondition, type CelExpr, encodeInScalar } from '../../cel';
import { type ClaimUse, claimUses, constValue, evaluateWith, knownClaim, nodes, usesWithin } from '../../cel-analysis';
import { overTrue } from '../../cel-scope';
import type { Fix } from '../../model';
import { createRule } from '../../rule';
import { str } from '../../tree';

// Conditions that are true for tokens their author did not mean (the analysis is cel-scope.ts): a path through an
// `||` that skips the tenant check, tenant claims read without pinning them, conditions that only exclude, regexes
// that search instead of match, prefixes that stop mid-name.

const text = (c: CelCondition, e: CelExpr) => c.source.slice(e.span.start, e.span.end);
const NOUNS: Record<string, string> = { 'github-actions': 'repository owner', gitlab: 'group', buildkite: 'organization', 'terraform-cloud': 'organization', google: 'service account' };

const litOf = (u: ClaimUse) => (u.literal?.lit.type === 'string' ? u.literal.lit.value : undefined);
const claimName = (u: ClaimUse) => u.path.join('.');

/** "whose `x` is anything but "v"" / "that carries `x`", for uses that only exclude or test presence. */
function excludes(uses: readonly ClaimUse[]): string {
  return uses.map((u) => (u.op === 'has' ? `that ${u.negated ? 'lacks' : 'carries'} \`${claimName(u)}\`` : `whose \`${claimName(u)}\` is anything but ${litOf(u) !== undefined ? `"${litOf(u)}"` : 'the listed values'}`)).join(' and ');
}

function weakness(u: ClaimUse, noun: string): string {
  const lit = litOf(u);
  if (u.op === 'has') return `it admits every token that ${u.negated ? 'lacks' : 'carries'} \`${claimName(u)}\``;
  if (u.op === '!=' || u.negated) return `it admits every ${noun} but ${lit !== undefined ? `"${lit}"` : 'the listed ones'}`;
  if (u.op === 'startsWith' && lit !== undefined) return `any value that starts with "${lit}" passes, e.g. "${lit}-attacker"`;
  if (u.op === 'endsWith' && lit !== undefined) return `any value that ends with "${lit}" passes, e.g. "attacker${lit}"`;
  if (u.op === 'contains' && lit !== undefined) return `any value containing "${lit}" passes, e.g. "attacker-${lit}"`;
  return 'values it does not name pass too';
}

export default createRule({
  id: 'anthropic/cel-over-true',
  domain: 'anthropic',
  description: 'Flag CEL conditions that admit tokens their author did not mean: unpinned `||` branches, exclusion-only checks, unanchored regexes, prefixes without a delimiter.',
  type: 'problem',
  defaultSeverity: 'warning',
  hasSuggestions: true,
  messages: {
    orWithoutTenant:
      '`{{branch}}` does not pin the {{noun}}, and it alone makes the `||` true: {{rule}} admits the token of any {{noun}} on {{issuer}} for which it holds{{example}}{{note}}. Require the tenant ({{claims}}) in every branch, or outside the `||`.',
    weakTenant: '`{{atom}}` reads `{{claim}}` but does not pin it: {{what}}{{note}}. On {{issuer}} that is other customers\' tokens; compare with `==` (or `in` a list).',
    negativeOnly:
      'The condition of {{rule}} only excludes: it holds for every token {{what}}, and no other matcher narrows that down. Say what to admit (`==`, `in`), not only what to refuse.',
    negativeBranch: '`{{branch}}` holds for every token {{what}}, so the `||` admits all of them whatever `{{other}}` requires.',
    unanchoredRegex: '`matches()` finds "{{pattern}}" anywhere in `{{claim}}`{{example}}. Anchor it: "{{anchored}}".',
    impliedBranch:
      '`{{branch}}` always holds for the tokens that reach this condition ({{why}}), so the `||` is always true and `{{other}}` restricts nothing. If both must hold, write `&&`.',
    noDelimiter: '`{{atom}}` stops in the middle of a name: it also admits "{{example}}". Compare with `==`, or end the prefix at a delimiter (`/`, `:`, `@`).',
  },
  check(ctx) {
    for (const rule of ctx.model.rules) {
      const cond = conditionFor(rule, ctx.text);
      const root = cond?.root;
      if (!cond || !root) continue;
      const profile = rule.evidence?.profile;
      const label = ruleLabel(rule);
      const note = evidenceNote(rule.evidence);
      const noun = (profile && NOUNS[profile.family]) ?? 'tenant';
      const tenant = profile?.shared && !staticTenantPin(rule, profile)
        ? { pin: tenantPredicate(profile), isTenantClaim: (c: string) => c === 'sub' || profile.tenantClaims.includes(c) }
        : undefined;
      const otherConstraints = (str(rule.subjectPrefix) ?? '').replace(/\*/g, '') !== '' || (claimsMapOf(rule)?.pairs.length ?? 0) > 0;
      // an `||` branch that the other matchers already make true: the other branch restricts nothing
      const implied = impliedClaims(rule);
      if (implied.known.size && constValue(root) === undefined) {
        const values = evaluateWith(root, implied.known);
        const done: CelExpr[] = [];
        for (const e of nodes(root)) {
          if (e.kind !== 'call' || e.fn !== '_||_' || values.get(e) !== true || done.some((d) => d.span.start <= e.span.start && e.span.end <= d.span.end)) continue;
          const branch = e.args.find((a) => values.get(a) === true)!;
          const other = e.args.find((a) => a !== branch)!;
          if (constValue(branch) !== undefined) continue;
          done.push(e);
          const why = [...new Set(usesWithin(branch, claimUses(root)).map((u) => implied.why.get(knownClaim(...u.path))).filter((w): w is string => !!w))].join('; ');
          ctx.report({ span: cond.toDoc(branch.span), messageId: 'impliedBranch', data: { branch: text(cond, branch), why, other: text(cond, other) } });
        }
      }
      for (const f of overTrue(root, { ...(tenant ? { tenant } : {}), otherConstraints, ...(profile ? { family: profile.family } : {}) })) {
        switch (f.kind) {
          case 'unpinned-branch': {
            const ref = usesWithin(f.node, claimUses(root)).find((u) => (u.path[0] === 'ref' || u.path[0] === 'environment') && u.op === '==' && litOf(u) !== undefined);
            const example = profile?.family === 'github-actions' && ref
              ? `, e.g. \`repo:attacker/any-repo:${ref.path[0] === 'ref' ? 'ref:' : 'environment:'}${litOf(ref)}\``
              : '';
            const claims = (profile?.tenantClaims ?? []).slice(0, 2).map((c) => `\`claims.${c}\``).join(' or ');
            ctx.report({ span: cond.toDoc(f.node.span), messageId: 'orWithoutTenant', data: { branch: text(cond, f.node), noun, rule: label, issuer: profile?.label ?? '', example, note, claims } });
            break;
          }
          case 'weak-pin':
            ctx.report({ span: cond.toDoc(f.use.atom.span), messageId: 'weakTenant', data: { atom: text(cond, f.use.atom), claim: claimName(f.use), what: weakness(f.use, noun), note, issuer: profile?.label ?? '' } });
            break;
          case 'negative-branch':
            ctx.report({ span: cond.toDoc(f.node.span), messageId: 'negativeBranch', data: { branch: text(cond, f.node), what: excludes(f.uses), other: text(cond, f.other) } });
            break;
          case 'negative-only':
            ctx.report({ span: cond.toDoc(root.span), messageId: 'negativeOnly', data: { rule: label, what: excludes(f.uses) } });
            break;
          case 'unanchored-regex': {
            const lit = litOf(f.use)!;
            const literal = f.use.literal!;
            const a = f.anchoring;
            const plain = lit.replace(/^\(\?[a-zA-Z]+\)/, '').replace(/^\^/, '').replace(/\$$/, '');
            const example = a.alternation
              ? ': the anchors bind tighter than `|`, so they apply to the first and last alternatives only'
              : !/[\\.*+?()[\]{}|^$]/.test(plain)
                ? `, so it also matches "${a.start ? '' : 'attacker-'}${plain}${a.end ? '' : '-fork'}"`
                : `, so it also matches values with anything ${a.start ? 'after' : a.end ? 'before' : 'before or after'} the match`;
            // rewrite the pattern between its quotes, when it is written without escapes
            const raw = text(cond, literal);
            const q = raw[0];
            const inner = { start: literal.span.start + 1, end: literal.span.end - 1 };
            const target = (q === '"' || q === "'") && raw === `${q}${lit}${q}` && !f.anchored.includes(q) ? cond.toDocExact(inner) : undefined;
            const suggest: Fix[] = target ? [{ title: `Anchor the pattern: "${f.anchored}"`, edits: [{ span: target, newText: encodeInScalar(cond.node, f.anchored) }] }] : [];
            ctx.report({ span: cond.toDoc(literal.span), messageId: 'unanchoredRegex', data: { pattern: lit, claim: `claims.${claimName(f.use)}`, example, anchored: f.anchored }, suggest });
            break;
          }
          case 'no-delimiter':
            ctx.report({ span: cond.toDoc(f.use.atom.span), messageId: 'noDelimiter', data: { atom: text(cond, f.use.atom), example: f.example } });
            break;
        }
      }
    }
  },
});
