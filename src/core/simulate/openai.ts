// What OpenAI decides for a token presented against one API Platform mapping or Codex federation rule: the
// provider's issuer and audience, the token checks, then the mapping's attribute matchers (exact, or one trailing `*`
// after a non-empty prefix), and, for mappings, that exactly one enabled mapping of the provider and service
// account matches (applied over all decisions by `settleMappings`). Facts: docs (shared) domain.md §2.1, §2.2, §2.4.
import { parseWildcard } from '../openai/matchers';
import { issuerCheck } from './anthropic';
import { type DecisionContext, evaluateCondition, matchesPattern, reason, remaining, type TokenFacts } from './checks';
import { plain, program } from './cel-eval';
import type { OpenAISimRule } from './rules';
import { show } from './token';
import type { Reason, RuleDecision, SimIssuer } from './types';

/** API Platform access tokens live at most an hour and never outlive the subject token (§2.2). */
export const OPENAI_MAX_TOKEN_LIFETIME = 3600;

/** OpenAI ignores a trailing slash on the issuer URL (§2.1): compare without it. */
function openaiIssuer(iss: unknown, issuer: SimIssuer | undefined, ref: string | undefined): Reason {
  if (issuer?.issuerUrl !== undefined && typeof iss === 'string' && iss !== issuer.issuerUrl && iss.replace(/(?<!\/)\/+$/, '') === issuer.issuerUrl.replace(/(?<!\/)\/+$/, '')) {
    return reason('iss', 'pass', `iss equals the issuer of ${issuer.label} (a trailing slash is ignored)`);
  }
  return issuerCheck(iss, issuer, ref, 'issuer');
}

function providerAudience(rule: OpenAISimRule, t: TokenFacts): Reason | undefined {
  const rawAud = t.jwt.claims.aud;
  if (rule.product === 'codex' && Array.isArray(rule.audiences) && rule.audiences.length) {
    const want = rule.audiences.filter((a): a is string => typeof a === 'string');
    const hit = want.find((a) => t.aud.includes(a));
    return hit ? reason('audiences', 'pass', `aud ${show(rawAud)} contains ${show(hit)}, one of the rule's audiences`) : reason('audiences', 'fail', `aud ${show(rawAud)} contains none of the rule's audiences ${show(want)}`);
  }
  const want = rule.issuer?.audience;
  if (want === undefined) return rule.issuer ? undefined : reason('aud', 'assumed', 'aud not compared: the provider is not in this document');
  return t.aud.includes(want) ? reason('aud', 'pass', `aud ${show(rawAud)} contains ${show(want)}, the audience of ${rule.issuer!.label}`) : reason('aud', 'fail', `aud ${show(rawAud)} does not contain ${show(want)}, the audience of ${rule.issuer!.label}`);
}

/** The value a matcher key reads: a raw claim, or an `openai.*` attribute computed by the provider's transformation. */
function attribute(key: string, rule: OpenAISimRule, t: TokenFacts): { ok: true; value: unknown } | { ok: false; why: string } {
  if (!key.startsWith('openai.')) return { ok: true, value: t.jwt.claims[key] };
  const expr = rule.issuer?.transformations.get(key);
  // raw claims named openai.* are ignored unless a transformation defines them (§2.1)
  if (expr === undefined) return { ok: false, why: rule.issuer ? `no attribute transformation of ${rule.issuer.label} defines ${key}` : `${key} comes from an attribute transformation of a provider that is not in this document` };
  const r = program(expr, 'assertion').run(t.cel());
  if (!r.ok) return { ok: false, why: `the transformation of ${key} fails to evaluate (${r.error})` };
  const v = plain(r.value);
  if (v !== null && typeof v === 'object') return { ok: false, why: `the transformation of ${key} returns ${show(v)}, not a scalar` };
  return { ok: true, value: v };
}

/** One API Platform matcher: values compare as strings; `aud` matches any element of a list. */
function matcher(key: string, want: unknown, rule: OpenAISimRule, t: TokenFacts): Reason | undefined {
  const check = 'attribute_matchers';
  if (want === null || typeof want === 'object') return reason(check, 'fail', `${key}: the value ${show(want)} is not a string, number or boolean`);
  const pattern = String(want);
  const shape = typeof want === 'string' ? parseWildcard(want) : undefined;
  if (shape && shape.kind !== 'exact' && shape.kind !== 'prefix') return reason(check, 'fail', `${key}: ${show(want)} is rejected by OpenAI (one trailing * after a non-empty prefix is the only wildcard)`);
  const a = attribute(key, rule, t);
  if (!a.ok) return reason(check, 'fail', `${key}: ${a.why}`);
  const values = Array.isArray(a.value) ? a.value : [a.value];
  const scalars = values.filter((v) => v !== undefined && v !== null && typeof v !== 'object').map(String);
  if (a.value === undefined) return reason(check, 'fail', `${key}: the token has no ${key}; the mapping wants ${show(want)}`);
  if (scalars.length === 0) return reason(check, 'fail', `${key}: the token's ${key} is ${show(a.value)}, not a scalar`);
  const hit = scalars.find((v) => (shape?.kind === 'prefix' ? matchesPattern(pattern, v) : v === pattern));
  if (hit !== undefined) return undefined;
  return reason(check, 'fail', `${key}: the token has ${show(a.value)}, the mapping wants ${shape?.kind === 'prefix' ? `a value starting with ${show(shape.prefix)}` : show(want)}`);
}

function apiMatchers(rule: OpenAISimRule, t: TokenFacts): Reason[] {
  if (!rule.matchers) return [reason('attribute_matchers', 'fail', 'the mapping has no attribute_matchers')];
  const fails = rule.matchers.map(([k, v]) => matcher(k, v, rule, t)).filter((r): r is Reason => !!r);
  if (fails.length) return fails;
  return [reason('attribute_matchers', 'pass', rule.matchers.length ? `every attribute matcher matches (${rule.matchers.map(([k, v]) => `${k} ${show(v)}`).join(', ')})` : 'no attribute matchers: every token of the provider matches')];
}

function codexMatchers(rule: OpenAISimRule, t: TokenFacts): Reason[] {
  const out: Reason[] = [];
  const s = rule.externalSubject;
  if (typeof s === 'string') {
    const sub = typeof t.sub === 'string' ? t.sub : undefined;
    out.push(sub !== undefined && matchesPattern(s, sub)
      ? reason('external_subject', 'pass', `sub ${show(sub)} matches external_subject ${show(s)}`)
      : reason('external_subject', 'fail', `sub ${show(t.sub)} does not match external_subject ${show(s)}${s.endsWith('*') ? '' : ' (exact unless it ends in *)'}`));
  }
  const c = rule.claims;
  if (c !== null && typeof c === 'object' && !Array.isArray(c)) {
    // Codex compares top-level scalars type-exactly (§2.4): the string "1" is not the number 1
    for (const [k, want] of Object.entries(c as Record<string, unknown>)) {
      const got = t.jwt.claims[k];
      out.push(got === want ? reason('claims', 'pass', `claims.${k} is ${show(want)}`) : reason('claims', 'fail', `claims.${k}: the token has ${show(got)}, the rule wants ${show(want)} (compared with its type)`));
    }
  }
  if (typeof rule.condition === 'string') {
    const r = evaluateCondition(rule.condition, 'assertion', t.cel(), t.jwt.claims);
    out.push(reason('condition', r.outcome, r.message));
  }
  return out;
}

function providerConditions(rule: OpenAISimRule, t: TokenFacts): Reason | undefined {
  const cond = rule.issuer?.attributeConditions;
  if (cond === undefined) return undefined;
  const r = evaluateCondition(cond, 'assertion', t.cel(), t.jwt.claims);
  return reason('attribute_conditions', r.outcome, `the attribute_conditions of ${rule.issuer!.label}: ${r.message}`);
}

export function decideOpenAI(rule: OpenAISimRule, ctx: DecisionContext): RuleDecision {
  const { t, now } = ctx;
  // keyed by the provider object (an OpenAI issuer check ignores a trailing slash; an Anthropic one does not, and an
  // Anthropic issuer is never an OpenAI provider); a rule whose provider is not in the document, by the reference
  const issKey = rule.issuer ?? `openai:${rule.issuerRef ?? ''}`;
  let iss = ctx.memo.iss.get(issKey);
  if (!iss) ctx.memo.iss.set(issKey, (iss = openaiIssuer(t.jwt.claims.iss, rule.issuer, rule.issuerRef)));
  const decision = (reasons: Reason[], accepted: boolean): RuleDecision => ({
    rule: rule.name,
    product: rule.product,
    accepted,
    // the minted token never outlives the subject token (§2.2, §2.4)
    lifetimeSeconds: accepted ? Math.max(0, Math.min(rule.tokenLifetimeSeconds, OPENAI_MAX_TOKEN_LIFETIME, remaining(t, now))) : null,
    serviceAccount: rule.serviceAccount,
    workspace: rule.workspace,
    scope: rule.scope,
    reasons,
    span: rule.span,
  });
  if (iss.outcome === 'fail') return decision([iss], false);
  const reasons: Reason[] = [iss, ...ctx.base(rule.issuer, rule.product).reasons];
  if (!rule.enabled) reasons.push(reason('enabled', 'fail', `the ${rule.product === 'codex' ? 'rule' : 'mapping'} is disabled (enabled: false)`));
  const aud = providerAudience(rule, t);
  if (aud) reasons.push(aud);
  const pc = providerConditions(rule, t);
  if (pc) reasons.push(pc);
  reasons.push(...(rule.product === 'codex' ? codexMatchers(rule, t) : apiMatchers(rule, t)));
  return decision(reasons, !reasons.some((r) => r.outcome === 'fail'));
}

/**
 * The API Platform issues a token only when exactly one enabled mapping of the provider and service account matches;
 * when several do, the exchange is rejected and permissions are never combined (§2.1). Codex evaluates only the rule
 * the process names, so its rules do not compete.
 */
export function settleMappings(rules: readonly { readonly group?: string }[], decisions: RuleDecision[]): void {
  const byGroup = new Map<string, number[]>();
  rules.forEach((r, i) => {
    if (r.group !== undefined && decisions[i]!.accepted) byGroup.set(r.group, [...(byGroup.get(r.group) ?? []), i]);
  });
  for (const members of byGroup.values()) {
    if (members.length === 1) {
      const d = decisions[members[0]!]!;
      decisions[members[0]!] = { ...d, reasons: [...d.reasons, reason('unique_match', 'pass', 'no other enabled mapping of this provider and service account matches')] };
      continue;
    }
    for (const i of members) {
      const d = decisions[i]!;
      const others = members.filter((j) => j !== i).map((j) => `"${decisions[j]!.rule}"`).join(', ');
      decisions[i] = {
        ...d,
        accepted: false,
        lifetimeSeconds: null,
        reasons: [...d.reasons, reason('unique_match', 'fail', `mapping ${others} of the same provider and service account matches too: OpenAI issues no token when more than one enabled mapping matches`)],
      };
    }
  }
}
