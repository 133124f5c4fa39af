import { ruleLabel } from '../../anthropic/model';
import { type Entry, replacePair } from '../../anthropic/match-edits';
import { conditionFor } from '../../anthropic/pins';
import { claimUses, conjuncts, constValue } from '../../cel-analysis';
import type { Json } from '../../edit';
import { createRule } from '../../rule';
import { pairOf } from '../../tree';

// A condition that is a conjunction of what the static matchers say: `claims.sub.startsWith("x")` is
// `subject_prefix: "x*"`, `claims.sub == "x"` is `subject_prefix: "x"`, `claims.k == "v"` is `claims: {k: v}` (exact
// string equality on a top-level claim either way), and `claims.aud == "x"` is nearly `audience: x` (`audience` also
// matches an `aud` list that contains it). Domain facts: domain.md §1.5.

interface Static {
  subject?: string;
  audience?: string;
  claims: Record<string, string>;
  exact: boolean;
}

export default createRule({
  id: 'anthropic/cel-static-equivalent',
  domain: 'anthropic',
  description: 'Prefer `subject_prefix`, `audience` and `claims` to a CEL condition that says exactly what they say.',
  type: 'suggestion',
  defaultSeverity: 'info',
  fixable: true,
  hasSuggestions: true,
  messages: {
    staticEquivalent:
      'The condition of {{rule}} says {{how}} what {{matchers}} say{{nearly}}. Static matchers are simpler to read and review; keep `condition` for what they cannot say (nested or non-string claims, lists, alternatives).',
  },
  check(ctx) {
    for (const rule of ctx.model.rules) {
      const cond = conditionFor(rule, ctx.text);
      const root = cond?.root;
      const match = rule.matchMap;
      const condPair = pairOf(match, 'condition');
      if (!cond || !root || !match || !condPair || constValue(root) !== undefined) continue;
      const index = claimUses(root);
      const google = rule.evidence?.profile.family === 'google';
      const out: Static = { claims: {}, exact: true };
      let ok = true;
      let nearly = '';
      for (const c of conjuncts(root)) {
        const uses = index.byAtom.get(c) ?? [];
        const u = uses[0];
        const lit = u?.literal?.lit.type === 'string' ? u.literal.lit.value : undefined;
        if (uses.length !== 1 || !u || u.negated || u.path.length !== 1 || lit === undefined || lit === '') { ok = false; break; }
        const claim = u.path[0]!;
        if (claim === 'sub' && google && u.op === '==') {
          // Google subjects are matched as `claims.sub` (anthropic/google-subject), not with subject_prefix
          if (out.claims.sub !== undefined && out.claims.sub !== lit) { ok = false; break; }
          out.claims.sub = lit;
        } else if (claim === 'sub' && !google && (u.op === '==' || u.op === 'startsWith') && !lit.includes('*')) {
          const subject = u.op === '==' ? lit : `${lit}*`;
          if (out.subject !== undefined && out.subject !== subject) { ok = false; break; }
          out.subject = subject;
        } else if (claim === 'aud' && (u.op === '==' || u.op === 'member')) {
          if (out.audience !== undefined && out.audience !== lit) { ok = false; break; }
          out.audience = lit;
          out.exact = false;
          nearly = u.op === '=='
            ? ' (`audience` also accepts a token whose `aud` is a list containing the value, which `claims.aud == …` does not)'
            : ' (`audience` also accepts a token whose `aud` is a single string, where `… in claims.aud` fails)';
        } else if (claim !== 'sub' && claim !== 'aud' && claim !== 'iss' && u.op === '==') {
          if (out.claims[claim] !== undefined && out.claims[claim] !== lit) { ok = false; break; }
          out.claims[claim] = lit;
        } else { ok = false; break; }
      }
      if (!ok) continue;
      const entries: Entry[] = [];
      if (out.subject !== undefined) entries.push(['subject_prefix', out.subject]);
      if (out.audience !== undefined) entries.push(['audience', out.audience]);
      if (Object.keys(out.claims).length) entries.push(['claims', out.claims as Json]);
      if (entries.length === 0) continue;
      const taken = entries.some(([k]) => pairOf(match, k));
      const matchers = entries
        .map(([k, v]) => (typeof v === 'string' ? `\`${k}: "${v}"\`` : `\`${k}: {${Object.entries(v as Record<string, string>).map(([a, b]) => `${a}: "${b}"`).join(', ')}}\``))
        .join(' and ');
      const fix = { title: `Replace the condition with ${entries.map(([k]) => k).join(' and ')}`, edits: [replacePair(ctx.text, match, condPair, entries)] };
      ctx.report({
        span: cond.toDoc(root.span),
        messageId: 'staticEquivalent',
        data: { rule: ruleLabel(rule), how: out.exact ? 'exactly' : 'nearly', matchers, nearly },
        ...(taken ? {} : out.exact ? { fix } : { suggest: [fix] }),
      });
    }
  },
});
