// What an OpenAI mapping or Codex rule constrains: wildcard shapes of matcher values, the claims a CEL expression
// reads, and the claims a rule pins (directly, through an `openai.*` attribute transformation, or in a condition).
// Facts: docs (shared) domain.md §2.1 (mapping semantics), §2.4 (Codex rule fields).
import type { OpenAIRule } from './model';
import { deref, type Node, str } from '../tree';

export type WildcardKind =
  /** No `*`: an exact match. */
  | 'exact'
  /** One trailing `*` after a non-empty prefix: a prefix match (the only wildcard OpenAI accepts). */
  | 'prefix'
  /** Nothing but `*`: rejected. */
  | 'alone'
  /** More than one `*`: rejected. */
  | 'multiple'
  /** A single `*` that is not the last character: rejected. */
  | 'mid';

export interface WildcardShape {
  readonly kind: WildcardKind;
  /** The literal part before the first `*` (the whole value when exact). */
  readonly prefix: string;
  /** Index of the first `*` that makes the value invalid (or of the trailing one); -1 when exact. */
  readonly at: number;
}

export function parseWildcard(v: string): WildcardShape {
  const first = v.indexOf('*');
  if (first < 0) return { kind: 'exact', prefix: v, at: -1 };
  const prefix = v.slice(0, first);
  let stars = 0;
  for (let i = first; i < v.length; i++) if (v.charCodeAt(i) === 42) stars++;
  if (stars === v.length) return { kind: 'alone', prefix, at: first };
  if (stars > 1) return { kind: 'multiple', prefix, at: v.indexOf('*', first + 1) };
  if (first !== v.length - 1 || first === 0) return { kind: 'mid', prefix, at: first };
  return { kind: 'prefix', prefix, at: first };
}

const IDENT_START = /[A-Za-z_]/;
const IDENT = /[A-Za-z0-9_]/;

/**
 * Claim paths a CEL expression reads from `assertion` (`assertion.repository` -> `repository`,
 * `assertion["kubernetes.io"].serviceaccount.name` -> `kubernetes.io.serviceaccount.name`). A small scanner, so no
 * pattern can backtrack on hostile input.
 */
export function referencedClaims(cel: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (;;) {
    const i = cel.indexOf('assertion', from);
    if (i < 0) return out;
    from = i + 9;
    if (i > 0 && IDENT.test(cel[i - 1]!)) continue;
    const segs: string[] = [];
    let j = from;
    for (;;) {
      if (cel[j] === '.' && IDENT_START.test(cel[j + 1] ?? '')) {
        let k = j + 1;
        while (k < cel.length && IDENT.test(cel[k]!)) k++;
        segs.push(cel.slice(j + 1, k));
        j = k;
      } else if (cel[j] === '[' && (cel[j + 1] === '"' || cel[j + 1] === "'")) {
        const close = cel.indexOf(cel[j + 1]!, j + 2);
        if (close < 0 || cel[close + 1] !== ']') break;
        segs.push(cel.slice(j + 2, close));
        j = close + 2;
      } else break;
    }
    if (segs.length) out.push(segs.join('.'));
    from = j;
  }
}

/** One claim a rule constrains. */
export interface Constraint {
  /** Claim path (`sub`, `repository`, `kubernetes.io.serviceaccount.name`). */
  readonly claim: string;
  /** True when matched exactly (or read by a condition / a transformation compared exactly). */
  readonly exact: boolean;
  /** For a prefix match, the literal prefix. */
  readonly prefix?: string;
  /** The value matched (exact) or its prefix, when it is a string written in the rule. */
  readonly value?: string;
  /** How the constraint is expressed. */
  readonly via: 'matcher' | 'transformation' | 'claims' | 'subject' | 'condition';
}

export interface RuleConstraints {
  readonly constraints: readonly Constraint[];
  /** The rule matches `openai.*` attributes whose transformations are not in this file: they may pin anything. */
  readonly opaque: boolean;
}

const NON_IDENTITY = new Set(['iss', 'aud', 'exp', 'iat', 'nbf', 'jti']);

/** True for claims that say nothing about which workload sent the token (issuer, audience, times). */
export function isIdentityClaim(claim: string): boolean {
  return !NON_IDENTITY.has(claim);
}

function scalarShape(n: Node | null | undefined): { exact: boolean; prefix?: string; value?: string } | undefined {
  const d = deref(n);
  if (d?.kind !== 'scalar' || d.value === null) return undefined;
  if (typeof d.value !== 'string') return { exact: true };
  const w = parseWildcard(d.value);
  if (w.kind === 'exact') return { exact: true, value: d.value };
  if (w.kind === 'prefix') return { exact: false, prefix: w.prefix, value: w.prefix };
  return undefined; // rejected by OpenAI (openai/matcher-wildcard): constrains nothing usable
}

/** Every claim a mapping or Codex rule constrains, and how. */
export function ruleConstraints(rule: OpenAIRule): RuleConstraints {
  const out: Constraint[] = [];
  let opaque = false;
  for (const p of rule.matchers?.pairs ?? []) {
    const key = String(p.key.value);
    const shape = scalarShape(p.value);
    if (!shape) continue;
    if (key.startsWith('openai.')) {
      if (!rule.provider) {
        opaque = true;
        continue;
      }
      const expr = rule.provider.transformations.get(key);
      for (const claim of expr ? referencedClaims(expr) : []) out.push({ claim, exact: shape.exact, prefix: shape.prefix, via: 'transformation' });
    } else out.push({ claim: key, ...shape, via: 'matcher' });
  }
  const subject = rule.externalSubject ? scalarShape(rule.externalSubject) : undefined;
  if (subject && str(rule.externalSubject)) out.push({ claim: 'sub', ...subject, via: 'subject' });
  const claims = deref(rule.claims);
  if (claims?.kind === 'map') {
    for (const p of claims.pairs) {
      const v = deref(p.value);
      if (v?.kind === 'scalar') out.push({ claim: String(p.key.value), exact: true, via: 'claims' });
    }
  }
  for (const claim of referencedClaims(str(rule.condition) ?? '')) out.push({ claim, exact: true, via: 'condition' });
  return { constraints: out, opaque };
}

/** True when the value is a matcher that constrains something: not empty, not only wildcards. */
export function constrains(v: string): boolean {
  return v.replace(/\*/g, '').trim() !== '';
}
