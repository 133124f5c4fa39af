// What Anthropic decides for a token presented against one federation rule: the issuer (`iss` byte for byte), the
// token checks of that issuer, then the rule's `match` (all populated matchers ANDed), then the target. Facts: docs
// (shared) domain.md §1.2 (issuer, JWT verification), §1.5 (matchers, scopes, roles), §1.7 (minted lifetime),
// §1.13 (the default audience is inferred).
import { type DecisionContext, evaluateCondition, matchesPattern, reason, remaining, type TokenFacts } from './checks';
import type { AnthropicSimRule } from './rules';
import { show } from './token';
import type { Reason, RuleDecision, SimIssuer } from './types';


/** What Anthropic's docs and examples use when `match.audience` is omitted; the exact default is not documented. */
export const ANTHROPIC_DEFAULT_AUDIENCE = 'https://api.anthropic.com';

/** `max(60, min(token_lifetime_seconds, 2 × remaining assertion validity))` (§1.7). */
export function anthropicMintedLifetime(tokenLifetimeSeconds: number, remainingSeconds: number): number {
  return Math.max(60, Math.min(tokenLifetimeSeconds, 2 * remainingSeconds));
}

export function issuerCheck(iss: unknown, issuer: SimIssuer | undefined, issuerRef: string | undefined, field: string): Reason {
  if (!issuer) return reason('iss', 'assumed', `iss not compared: the rule's issuer${issuerRef ? ` ${issuerRef}` : ''} is not in this document`);
  if (issuer.issuerUrl === undefined) return reason('iss', 'assumed', `iss not compared: ${issuer.label} has no ${field}`);
  if (iss === issuer.issuerUrl) return reason('iss', 'pass', `iss equals the ${field} of ${issuer.label}`);
  const near = typeof iss === 'string' && iss.replace(/(?<!\/)\/+$/, '') === issuer.issuerUrl.replace(/(?<!\/)\/+$/, '') ? ' (they differ only in a trailing slash, which counts)' : '';
  return reason('iss', 'fail', `iss ${show(iss)} is not ${show(issuer.issuerUrl)}, the ${field} of ${issuer.label}${field === 'issuer_url' ? ', compared byte for byte' : ''}${near}`);
}

function subjectPrefix(rule: AnthropicSimRule, t: TokenFacts): Reason | undefined {
  const p = rule.subjectPrefix;
  if (p === undefined || p === null) return undefined;
  if (typeof p !== 'string') return reason('subject_prefix', 'fail', `subject_prefix is ${show(p)}, not a string`);
  if (typeof t.sub !== 'string') return reason('subject_prefix', 'fail', 'the token has no string sub to compare with subject_prefix');
  const { pattern, literal } = rule.subjectPrefixShown!;
  const prefix = p.endsWith('*');
  if (matchesPattern(p, t.sub)) return reason('subject_prefix', 'pass', prefix ? `sub ${t.subShown} starts with ${literal} (subject_prefix ${pattern})` : `sub equals subject_prefix ${pattern}`);
  return reason('subject_prefix', 'fail', prefix
    ? `sub ${t.subShown} does not start with ${literal} (subject_prefix ${pattern})`
    : `sub ${t.subShown} is not ${pattern}: subject_prefix is an exact match unless it ends in *`);
}

function audience(rule: AnthropicSimRule, aud: readonly string[], rawAud: unknown): Reason {
  const a = rule.audience;
  if (a !== undefined && a !== null && typeof a !== 'string') return reason('audience', 'fail', `audience is ${show(a)}, not a string`);
  const want = typeof a === 'string' ? a : ANTHROPIC_DEFAULT_AUDIENCE;
  const assumed = typeof a === 'string' ? '' : ' (no audience in the rule: Anthropic then expects its own audience, assumed to be this one)';
  return aud.includes(want)
    ? reason('audience', 'pass', `aud ${show(rawAud)} contains ${show(want)}${assumed}`)
    : reason('audience', 'fail', rawAud === undefined ? `the token has no aud; the rule needs ${show(want)}${assumed}` : `aud ${show(rawAud)} does not contain ${show(want)}${assumed}`);
}

function claims(rule: AnthropicSimRule, tokenClaims: Readonly<Record<string, unknown>>): Reason[] {
  const c = rule.claims;
  if (c === undefined || c === null) return [];
  const entries = rule.claimEntries;
  if (!entries) return [reason('claims', 'fail', `claims is ${show(c)}, not a map of claim names to strings`)];
  const fails: Reason[] = [];
  for (const [k, want] of entries) {
    const got = tokenClaims[k];
    if (typeof want !== 'string') fails.push(reason('claims', 'fail', `claims.${k}: the rule's value ${show(want)} is not a string; claims compares top-level strings only (use condition)`));
    else if (got === undefined) fails.push(reason('claims', 'fail', `claims.${k}: the token has no ${k} claim (the rule wants ${show(want)})`));
    else if (typeof got !== 'string') fails.push(reason('claims', 'fail', `claims.${k}: the token's ${k} is ${show(got)}, not a string; claims compares top-level strings only (use condition)`));
    else if (got !== want) fails.push(reason('claims', 'fail', `claims.${k}: the token has ${show(got)}, the rule wants ${show(want)}`));
  }
  if (fails.length || entries.length === 0) return fails;
  return [reason('claims', 'pass', `claims ${entries.map(([k, v]) => `${k} = ${show(v)}`).join(', ')} all equal`)];
}

function condition(rule: AnthropicSimRule, t: TokenFacts): Reason | undefined {
  const c = rule.condition;
  if (c === undefined || c === null) return undefined;
  if (typeof c !== 'string') return reason('condition', 'fail', `condition is ${show(c)}, not a CEL string`);
  const r = evaluateCondition(c, 'claims', t.cel(), t.jwt.claims);
  return reason('condition', r.outcome, r.message);
}

function target(rule: AnthropicSimRule): Reason | undefined {
  // §1.5 rule 4: `org:admin` needs an admin service account, checked again at every exchange
  if (!rule.scopes.includes('org:admin') || rule.serviceAccountRole === undefined) return undefined;
  return rule.serviceAccountRole === 'admin'
    ? reason('service_account', 'pass', 'the service account has organization_role admin, which org:admin needs')
    : reason('service_account', 'fail', `the rule grants org:admin but its service account has organization_role ${show(rule.serviceAccountRole)}: the exchange is rejected`);
}

/**
 * Decide one rule. A token from another issuer stops at `iss`: the rest of the rule says nothing about it. Reasons
 * that only depend on the issuer or the audience are built once per token (`ctx.memo`), which keeps a decision
 * against a large manifest in the microseconds.
 */
export function decideAnthropic(rule: AnthropicSimRule, ctx: DecisionContext): RuleDecision {
  const { t, now } = ctx;
  // rules of one issuer share its reason; a rule whose issuer is not in the document is keyed by what it names
  const issKey = rule.issuer ?? rule.issuerRef;
  let iss = ctx.memo.iss.get(issKey);
  if (!iss) ctx.memo.iss.set(issKey, (iss = issuerCheck(t.jwt.claims.iss, rule.issuer, rule.issuerRef, 'issuer_url')));
  if (iss.outcome === 'fail') return decision(rule, [iss], null);
  const base = ctx.base(rule.issuer, 'anthropic');
  const reasons: Reason[] = [iss];
  for (const r of base.reasons) reasons.push(r);
  let failed = base.failed;
  const add = (r: Reason | undefined) => {
    if (!r) return;
    reasons.push(r);
    if (r.outcome === 'fail') failed = true;
  };
  if (!rule.match) add(reason('subject_prefix', 'fail', 'the rule has no match object'));
  add(subjectPrefix(rule, t));
  if (typeof rule.audience === 'string' || rule.audience === undefined || rule.audience === null) {
    let aud = ctx.memo.audience.get(rule.audience);
    if (!aud) ctx.memo.audience.set(rule.audience, (aud = audience(rule, t.aud, t.jwt.claims.aud)));
    add(aud);
  } else add(audience(rule, t.aud, t.jwt.claims.aud));
  for (const r of claims(rule, t.jwt.claims)) add(r);
  add(condition(rule, t));
  add(target(rule));
  return decision(rule, reasons, failed ? null : anthropicMintedLifetime(rule.tokenLifetimeSeconds, remaining(t, now)));
}

function decision(rule: AnthropicSimRule, reasons: readonly Reason[], lifetimeSeconds: number | null): RuleDecision {
  return {
    rule: rule.name, product: 'anthropic', accepted: lifetimeSeconds !== null, lifetimeSeconds,
    serviceAccount: rule.serviceAccount, workspace: rule.workspace, scope: rule.scope, reasons, span: rule.span,
  };
}
