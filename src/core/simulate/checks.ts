// Checks on the presented token itself (signature, algorithm, key id, times, lifetime), made once per issuer and
// shared by every rule of that issuer, and the small matchers both providers use (exact-or-trailing-`*`, CEL).
// Facts: docs (shared) domain.md §1.2 (Anthropic), §2.2 and §2.4 (OpenAI, Codex).
import { parseCel } from '../cel';
import { claimUses, conjuncts } from '../cel-analysis';
import { type CelClaims, type CelVariable, celClaims, plain, program } from './cel-eval';
import { ASYMMETRIC_ALGS } from './keys';
import { audiences, numericClaim, show } from './token';
import type { CheckName, Jwt, KeySet, Outcome, Product, Reason, SignatureCheck, SimIssuer } from './types';

/** Anthropic caps assertions at 16 KiB (§1.2). */
export const MAX_ASSERTION_BYTES = 16 * 1024;
/** Anthropic's leeway on `exp`, `nbf` and `iat` (§1.2). */
export const ANTHROPIC_LEEWAY = 30;

export const reason = (check: CheckName, outcome: Outcome, message: string): Reason => ({ check, outcome, message });

/** What is read from a token once, whichever rules it meets. */
export interface TokenFacts {
  readonly jwt: Jwt;
  readonly sub: unknown;
  /** `show(sub)`, once: every subject matcher quotes it. */
  readonly subShown: string;
  readonly aud: readonly string[];
  readonly iat?: number;
  readonly exp?: number;
  readonly nbf?: number;
  /** The claims as CEL input, converted on first use. */
  cel(): CelClaims;
}

export function tokenFacts(jwt: Jwt): TokenFacts {
  let cel: CelClaims | undefined;
  const c = jwt.claims;
  return {
    jwt,
    sub: c.sub,
    subShown: show(c.sub),
    aud: audiences(c),
    ...(numericClaim(c, 'iat') !== undefined ? { iat: numericClaim(c, 'iat')! } : {}),
    ...(numericClaim(c, 'exp') !== undefined ? { exp: numericClaim(c, 'exp')! } : {}),
    ...(numericClaim(c, 'nbf') !== undefined ? { nbf: numericClaim(c, 'nbf')! } : {}),
    cel: () => (cel ??= celClaims(c)),
  };
}

/** What deciding one token against many rules shares: the token, the time, and reasons built once per token. */
export interface DecisionContext {
  readonly t: TokenFacts;
  readonly now: number;
  /** The token checks of an issuer (its keys, its lifetime cap), made once per issuer. */
  base(issuer: SimIssuer | undefined, product: Product): TokenChecks;
  /**
   * Reasons of one kind that depend only on a key and the token (the same issuer, the same audience), built once per
   * token. Keys are objects or strings the rules already hold, so a lookup builds nothing.
   */
  readonly memo: { readonly iss: Map<unknown, Reason>; readonly audience: Map<unknown, Reason> };
}

/** How a product treats the token itself. */
export interface TokenPolicy {
  /** Seconds of clock skew allowed on `exp`, `nbf`, `iat`. */
  readonly leeway: number;
  readonly leewayNote: string;
  readonly maxBytes?: number;
  readonly requireAud: boolean;
}

export const ANTHROPIC_POLICY: TokenPolicy = { leeway: ANTHROPIC_LEEWAY, leewayNote: 'the 30 s leeway', maxBytes: MAX_ASSERTION_BYTES, requireAud: false };
// OpenAI requires `iss, aud, sub, exp, iat` (§2.2) and documents no leeway and no size cap: none is applied
export const OPENAI_POLICY: TokenPolicy = { leeway: 0, leewayNote: 'no leeway (OpenAI documents none)', requireAud: true };

const ago = (s: number) => (s === 1 ? '1 s' : `${s} s`);

export interface TokenChecks {
  readonly reasons: readonly Reason[];
  readonly failed: boolean;
}

/** The token-level checks for one issuer, in the order a provider makes them. */
export function tokenChecks(t: TokenFacts, issuer: SimIssuer | undefined, keys: KeySet | undefined, signature: SignatureCheck | undefined, now: number, policy: TokenPolicy): TokenChecks {
  const out: Reason[] = [];
  const { header } = t.jwt;
  if (policy.maxBytes !== undefined) {
    out.push(t.jwt.bytes <= policy.maxBytes
      ? reason('size', 'pass', `${t.jwt.bytes} bytes, within the 16 KiB limit`)
      : reason('size', 'fail', `the token is ${t.jwt.bytes} bytes; assertions over 16 KiB are rejected`));
  }
  const alg = header.alg;
  out.push(typeof alg === 'string' && ASYMMETRIC_ALGS.includes(alg)
    ? reason('alg', 'pass', `alg ${alg} is an asymmetric signature algorithm`)
    : reason('alg', 'fail', `alg ${show(alg)} is rejected: only RS256/384/512, PS256/384/512 and ES256/384/512 are accepted${typeof alg === 'string' && /^HS/.test(alg) ? ' (HS* is a shared-secret MAC, which anyone holding the secret can forge)' : alg === 'none' ? ' (none means unsigned)' : ''}`));
  out.push(kidCheck(header.kid, issuer, keys));
  out.push(signatureReason(signature));
  out.push(typeof t.sub === 'string' && t.sub !== ''
    ? reason('sub', 'pass', `sub is ${show(t.sub)}`)
    : reason('sub', 'fail', t.sub === undefined ? 'the token has no sub claim, which is required' : `sub is ${show(t.sub)}, not a non-empty string`));
  if (policy.requireAud) out.push(t.aud.length ? reason('aud', 'pass', `aud is ${show(t.jwt.claims.aud)}`) : reason('aud', 'fail', 'the token has no aud claim, which is required'));
  out.push(timeCheck('iat', t.jwt.claims.iat, t.iat, now, policy));
  out.push(timeCheck('exp', t.jwt.claims.exp, t.exp, now, policy));
  if (t.jwt.claims.nbf !== undefined) out.push(timeCheck('nbf', t.jwt.claims.nbf, t.nbf, now, policy));
  const cap = issuer?.maxJwtLifetimeSeconds;
  if (cap !== undefined && t.iat !== undefined && t.exp !== undefined) {
    const life = t.exp - t.iat;
    out.push(life <= cap
      ? reason('lifetime', 'pass', `exp − iat is ${life} s, within the ${cap} s the ${issuer!.label} accepts`)
      : reason('lifetime', 'fail', `exp − iat is ${life} s, more than the ${cap} s the ${issuer!.label} accepts (${issuer!.product === 'anthropic' ? 'max_jwt_lifetime_seconds' : 'max_assertion_lifetime_seconds'})`));
  }
  return { reasons: out, failed: out.some((r) => r.outcome === 'fail') };
}

function kidCheck(kid: unknown, issuer: SimIssuer | undefined, keys: KeySet | undefined): Reason {
  if (typeof kid !== 'string' || kid === '') return reason('kid', 'fail', 'the header has no kid; tokens without one are rejected (the key must be found by its id)');
  if (keys) {
    return keys.kids.has(kid)
      ? reason('kid', 'pass', `kid "${kid}" is in ${keys.source}`)
      : reason('kid', 'fail', `kid "${kid}" is not in ${keys.source}`);
  }
  const where = issuer?.keyLocation.kind === 'discovery' || issuer?.keyLocation.kind === 'jwks' ? `${issuer.label} publishes its keys at ${issuer.keyLocation.url}` : 'the issuer\'s keys are not in the document';
  return reason('kid', 'assumed', `kid "${kid}" not looked up: ${where} (give them with --jwks)`);
}

function signatureReason(sig: SignatureCheck | undefined): Reason {
  if (!sig || sig.status === 'not-verified') return reason('signature', 'assumed', `not verified${sig ? `: ${sig.detail}` : ''}; this decision assumes the issuer signed the token`);
  if (sig.status === 'verified') return reason('signature', 'pass', sig.detail);
  // with a bad `alg` or `kid` there was nothing to verify: that check fails too, and this says why verification stopped
  return reason('signature', 'fail', sig.cause === 'signature' ? sig.detail : `not verifiable: ${sig.detail}`);
}

function timeCheck(name: 'iat' | 'exp' | 'nbf', raw: unknown, v: number | undefined, now: number, p: TokenPolicy): Reason {
  if (raw === undefined) return name === 'nbf' ? reason('nbf', 'pass', 'no nbf') : reason(name, 'fail', `the token has no ${name} claim, which is required`);
  if (v === undefined) return reason(name, 'fail', `${name} is ${show(raw)}, not a NumericDate (seconds since the epoch)`);
  const d = v - now;
  // the comparisons jose and PyJWT make: expired when exp <= now − leeway; too early when iat/nbf > now + leeway
  if (name === 'exp') {
    if (v <= now - p.leeway) return reason('exp', 'fail', `expired ${ago(-d)} ago (exp ${v}), beyond ${p.leewayNote}`);
    return reason('exp', 'pass', d > 0 ? `valid for ${ago(d)} more (exp ${v})` : `expired ${ago(-d)} ago (exp ${v}), within ${p.leewayNote}`);
  }
  const what = name === 'iat' ? 'issued' : 'not valid before';
  if (v > now + p.leeway) return reason(name, 'fail', `${what} ${ago(d)} in the future (${name} ${v}), beyond ${p.leewayNote}`);
  return reason(name, 'pass', d > 0 ? `${what} ${ago(d)} in the future (${name} ${v}), within ${p.leewayNote}` : `${what} ${ago(-d)} ago (${name} ${v})`);
}

/** `exp` minus now, never below zero: what is left of the presented token. */
export function remaining(t: TokenFacts, now: number): number {
  return t.exp === undefined ? 0 : t.exp - now;
}

// ---------------------------------------------------------------------------------------------------------------
// Matchers shared by both providers.

/** Exact, or a prefix when the pattern ends in `*` (Anthropic `subject_prefix`, OpenAI and Codex values). */
export function matchesPattern(pattern: string, value: string): boolean {
  return pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : value === pattern;
}

export interface ConditionResult {
  readonly outcome: 'pass' | 'fail';
  readonly message: string;
}

/** What an explanation needs of a condition, worked out once per condition text. */
interface ConditionShape {
  readonly shown: string;
  /** Top-level conjuncts (`a && b && c`), each with the claim paths it reads; one part when there is no `&&`. */
  readonly parts: readonly { readonly text: string; readonly shown: string; readonly paths: readonly (readonly string[])[] }[];
}

const MAX_SHAPES = 2000;
const shapes: Record<CelVariable, Map<string, ConditionShape>> = { claims: new Map(), assertion: new Map() };

function shapeOf(source: string, variable: CelVariable): ConditionShape {
  const cache = shapes[variable];
  let shape = cache.get(source);
  if (shape) return shape;
  // the claim analysis reads `claims`; transformations and Codex conditions read `assertion`, the same thing (renamed
  // in place, padded so that every offset stays where it was)
  const parsed = parseCel(variable === 'claims' ? source : source.replace(/\bassertion\b/g, 'claims   '));
  const index = parsed.root && claimUses(parsed.root);
  const parts = parsed.root ? conjuncts(parsed.root) : [];
  // the conjuncts are disjoint and in source order: one sweep over the uses, sorted by position, gives each part its
  // own (asking every part for the uses within it is quadratic: minutes for a condition of 20,000 conjuncts)
  const uses = [...(index?.uses ?? [])].sort((a, b) => a.access.span.start - b.access.span.start);
  let next = 0;
  shape = {
    shown: clip(source),
    parts: parts.map((part) => {
      const text = source.slice(part.outer.start, part.outer.end);
      const paths = new Map<string, readonly string[]>();
      while (next < uses.length && uses[next]!.access.span.start < part.span.start) next++;
      for (; next < uses.length && uses[next]!.access.span.start < part.span.end; next++) {
        const u = uses[next]!;
        if (u.access.span.end <= part.span.end) paths.set(u.path.join('\u0000'), u.path);
      }
      return { text: parts.length > 1 ? text : source, shown: clip(text), paths: [...paths.values()] };
    }),
  };
  cache.set(source, shape);
  if (cache.size > MAX_SHAPES) cache.delete(cache.keys().next().value!);
  return shape;
}

/**
 * Evaluate a CEL condition that must return true. A condition `a && b && c` is evaluated conjunct by conjunct, with
 * CEL's own rule for `&&` (any false conjunct makes it false, even next to an error; otherwise any error makes it an
 * error): the result is the same, it stops at the first false conjunct, and that conjunct is the explanation.
 */
export function evaluateCondition(source: string, variable: CelVariable, claims: CelClaims, raw: Readonly<Record<string, unknown>>): ConditionResult {
  const shape = shapeOf(source, variable);
  const parts = shape.parts.length > 1 ? shape.parts : [{ text: source, shown: shape.shown, paths: shape.parts[0]?.paths ?? [] }];
  const multi = parts.length > 1;
  let error: string | undefined;
  for (const part of parts) {
    const r = program(part.text, variable).run(claims);
    if (r.ok && r.value === true) continue;
    const values = valuesRead(part.paths, raw, variable);
    const clause = multi ? `: \`${part.shown}\`` : '';
    if (r.ok && r.value === false) return { outcome: 'fail', message: `\`${shape.shown}\` is false${multi ? `${clause} is false` : ''}${values}` };
    const got = r.ok ? `returns ${show(plain(r.value))}, not a bool` : `fails to evaluate (${r.error})`;
    error ??= `\`${shape.shown}\` ${multi ? `is not true${clause} ${got}` : got}${values}; only true matches`;
  }
  return error === undefined ? { outcome: 'pass', message: `\`${shape.shown}\` is true` } : { outcome: 'fail', message: error };
}

/** " (claims.ref is "refs/pull/7/merge")" for the claims a clause reads. */
function valuesRead(paths: readonly (readonly string[])[], raw: Readonly<Record<string, unknown>>, variable: CelVariable): string {
  const shown = paths.slice(0, 4).map((path) => {
    let v: unknown = raw;
    for (const p of path) v = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[p] : undefined;
    const name = variable + path.map((p) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`)).join('');
    return `${name} ${v === undefined ? 'is absent' : `is ${show(v)}`}`;
  });
  return shown.length ? ` (${shown.join(', ')})` : '';
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 160 ? `${one.slice(0, 157)}…` : one;
}
