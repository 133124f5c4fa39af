import { anchorOf, isEnabled, type OpenAIRule, ruleLabel } from '../../openai/model';
import { parseWildcard } from '../../openai/matchers';
import { createRule } from '../../rule';
import { deref, pairOf, str } from '../../tree';

// API Platform token exchange succeeds only when exactly one enabled mapping of the (provider, service account) pair
// matches; when two match, the exchange is rejected and permissions are never combined (domain.md §2.1). Codex
// evaluates only the rule the process names, so overlapping Codex rules are fine. Limits: 50 providers per
// organization, 50 mappings per provider.
const MAX_PROVIDERS = 50;
const MAX_RULES = 50;

type Values = Map<string, string>;

export default createRule({
  id: 'openai/ambiguous-mappings',
  domain: 'openai',
  description: 'Disallow two enabled mappings of one provider and service account that can match the same token.',
  type: 'problem',
  defaultSeverity: 'error',
  messages: {
    ambiguous:
      '{{rule}} and {{other}} map service account {{account}} and can both match the same token ({{why}}): OpenAI rejects an exchange that more than one enabled mapping matches, so those workloads get no token. Make the matchers disjoint (e.g. different `sub` values), merge the two, or disable one.',
    tooManyRules: '{{provider}} has {{count}} mappings: OpenAI allows at most 50 per provider. Merge mappings with trailing-`*` prefixes, or split the workloads across providers.',
    tooManyProviders: 'This manifest has {{count}} providers: OpenAI allows at most 50 per organization.',
  },
  check(ctx) {
    for (const list of ctx.model.providerLists) {
      if (list.seq.items.length > MAX_PROVIDERS) ctx.report({ span: list.key.span, messageId: 'tooManyProviders', data: { count: list.seq.items.length } });
    }
    for (const p of ctx.model.providers) {
      if (p.rules.length > MAX_RULES) {
        ctx.report({ span: p.rulesKey?.span ?? anchorOf(p), messageId: 'tooManyRules', data: { provider: p.name ? `Provider "${str(p.name)}"` : 'This provider', count: p.rules.length } });
      }
    }
    const groups = new Map<string, { rule: OpenAIRule; values: Values }[]>();
    for (const rule of ctx.model.rules) {
      const account = str(rule.serviceAccountId);
      if (rule.product !== 'api' || !rule.providerKey || account === undefined || !isEnabled(rule)) continue;
      const values = matcherValues(rule);
      if (!values) continue;
      const key = `${rule.providerKey}\0${account}`;
      const group = groups.get(key) ?? [];
      const clashes = group.filter((o) => overlap(o.values, values));
      if (clashes.length) {
        const first = clashes[0]!;
        ctx.report({
          span: anchorOf(rule),
          messageId: 'ambiguous',
          data: { rule: ruleLabel(rule), other: ruleLabel(first.rule), account, why: reason(first.values, values) },
          related: clashes.map((o) => ({ span: anchorOf(o.rule), message: `${ruleLabel(o.rule)} can match the same token` })),
        });
      }
      group.push({ rule, values });
      groups.set(key, group);
    }
  },
});

/** The matchers as strings (OpenAI compares values as strings); undefined when a value is not a usable scalar. */
function matcherValues(rule: OpenAIRule): Values | undefined {
  const out: Values = new Map();
  const m = rule.matchers;
  if (!m) return pairOf(rule.node, 'attribute_matchers') ? undefined : out;
  for (const p of m.pairs) {
    const v = deref(p.value);
    if (v?.kind !== 'scalar' || v.value === null) return undefined;
    const s = String(v.value);
    const w = parseWildcard(s);
    if (w.kind !== 'exact' && w.kind !== 'prefix') return undefined; // rejected anyway (openai/matcher-wildcard)
    out.set(String(p.key.value), s);
  }
  return out;
}

/** Can one token satisfy both values? Exact values must be equal; a prefix must agree with the other's start. */
function compatible(a: string, b: string): boolean {
  const wa = parseWildcard(a);
  const wb = parseWildcard(b);
  if (wa.kind === 'exact' && wb.kind === 'exact') return a === b;
  if (wa.kind === 'prefix' && wb.kind === 'prefix') return wa.prefix.startsWith(wb.prefix) || wb.prefix.startsWith(wa.prefix);
  return wa.kind === 'prefix' ? b.startsWith(wa.prefix) : a.startsWith(wb.prefix);
}

/**
 * Two mappings overlap when one's matcher keys are a subset of the other's and every shared key can take one value
 * satisfying both: then a token that matches the larger mapping matches the smaller one too (or both are the same).
 * Mappings on disjoint keys are not reported: whether one token satisfies both depends on the workloads.
 */
function overlap(a: Values, b: Values): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const [k, v] of small) {
    const w = large.get(k);
    if (w === undefined || !compatible(v, w)) return false;
  }
  return true;
}

function reason(a: Values, b: Values): string {
  if (a.size === b.size && [...a].every(([k, v]) => b.get(k) === v)) return 'identical matchers';
  return "one's matchers are a subset of the other's and the values they share overlap";
}
