// Analyses of a parsed CEL condition (see cel.ts): constant folding, which claims are read and how, and whether a
// requirement holds on every path that makes the condition true. Everything here is structural and conservative:
// "unknown" is never reported as a problem. Results are memoised per AST node, so every analysis is linear.
import type { CelExpr, CelLiteral } from './cel';

export function children(e: CelExpr): readonly CelExpr[] {
  switch (e.kind) {
    case 'call': return e.target ? [e.target, ...e.args] : e.args;
    case 'select': return [e.operand];
    case 'list': return e.items;
    case 'map': return e.entries.flatMap((x) => [x.key, x.value]);
    default: return [];
  }
}

const isCall = (e: CelExpr, fn: string): e is Extract<CelExpr, { kind: 'call' }> => e.kind === 'call' && e.fn === fn;

export function stringLiteral(e: CelExpr | undefined): string | undefined {
  return e?.kind === 'literal' && e.lit.type === 'string' ? e.lit.value : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Constant folding over literals, `!`, `&&`, `||`, comparisons between literals, `in` a literal list, ternaries.

const constMemo = new WeakMap<CelExpr, boolean | null>();

function litKey(l: CelLiteral): string | number | boolean | null | undefined {
  switch (l.type) {
    case 'string': return `s:${l.value}`;
    case 'bool': return l.value;
    case 'null': return null;
    case 'int': case 'uint': return Number(l.value);
    case 'double': return l.value;
    default: return undefined;
  }
}

function compareLiterals(fn: string, a: CelLiteral, b: CelLiteral): boolean | undefined {
  const numeric = (l: CelLiteral) => l.type === 'int' || l.type === 'uint' || l.type === 'double';
  if (a.type !== b.type && !(numeric(a) && numeric(b))) return undefined;
  const x = litKey(a);
  const y = litKey(b);
  if (x === undefined || y === undefined) return undefined;
  switch (fn) {
    case '_==_': return x === y;
    case '_!=_': return x !== y;
    default: {
      if (x === null || y === null || typeof x === 'boolean' || typeof y === 'boolean') return undefined;
      const [p, q] = typeof x === 'string' && typeof y === 'string' ? [x.slice(2), y.slice(2)] : [x, y];
      if (fn === '_<_') return p < q;
      if (fn === '_<=_') return p <= q;
      if (fn === '_>_') return p > q;
      if (fn === '_>=_') return p >= q;
      return undefined;
    }
  }
}

/** The constant boolean value of a subexpression, or undefined when it depends on the claims (or is not boolean). */
export function constValue(e: CelExpr): boolean | undefined {
  const hit = constMemo.get(e);
  if (hit !== undefined) return hit ?? undefined;
  const v = computeConst(e);
  constMemo.set(e, v ?? null);
  return v;
}

function computeConst(e: CelExpr): boolean | undefined {
  if (e.kind === 'literal') return e.lit.type === 'bool' ? e.lit.value : undefined;
  if (e.kind !== 'call' || e.target) return undefined;
  const [a, b, c] = e.args;
  switch (e.fn) {
    case '!_': { const v = a && constValue(a); return v === undefined ? undefined : !v; }
    case '_&&_': {
      const x = constValue(a!); const y = constValue(b!);
      return x === false || y === false ? false : x === true && y === true ? true : undefined;
    }
    case '_||_': {
      const x = constValue(a!); const y = constValue(b!);
      return x === true || y === true ? true : x === false && y === false ? false : undefined;
    }
    case '_?_:_': {
      const k = constValue(a!);
      if (k !== undefined) return constValue(k ? b! : c!);
      const t = constValue(b!); const f = constValue(c!);
      return t !== undefined && t === f ? t : undefined;
    }
    case '@in': {
      if (a?.kind !== 'literal' || b?.kind !== 'list' || !b.items.every((i) => i.kind === 'literal')) return undefined;
      const results = b.items.map((i) => compareLiterals('_==_', a.lit, (i as Extract<CelExpr, { kind: 'literal' }>).lit));
      return results.some((r) => r === true) ? true : results.every((r) => r === false) ? false : undefined;
    }
    default:
      if (/^_(==|!=|<|<=|>|>=)_$/.test(e.fn) && a?.kind === 'literal' && b?.kind === 'literal') return compareLiterals(e.fn, a.lit, b.lit);
      return undefined;
  }
}

/** The smallest subexpression whose constant value alone decides that `e` is `want`. */
export function constantCulprit(e: CelExpr, want: boolean): CelExpr {
  if (e.kind === 'call' && !e.target && ((e.fn === '_||_' && want) || (e.fn === '_&&_' && !want))) {
    const c = e.args.find((x) => constValue(x) === want);
    if (c) return constantCulprit(c, want);
  }
  return e;
}

// ---------------------------------------------------------------------------------------------------------------
// Claims: which are read, where, and how.

/** `claims.a.b` / `claims["a"].b` -> ['a', 'b']; `claims` -> []; anything else -> undefined. */
export function claimPath(e: CelExpr): string[] | undefined {
  if (e.kind === 'ident') return e.name === 'claims' ? [] : undefined;
  if (e.kind === 'select') { const p = claimPath(e.operand); return p && [...p, e.field]; }
  if (isCall(e, '_[_]')) {
    const key = stringLiteral(e.args[1]);
    const p = key === undefined ? undefined : claimPath(e.args[0]!);
    return p && [...p, key!];
  }
  return undefined;
}

export type ClaimOp = '==' | '!=' | 'in' | 'startsWith' | 'endsWith' | 'contains' | 'matches' | 'has' | 'exists' | 'member' | 'compare' | 'other';

export interface ClaimUse {
  /** Claim path below `claims` (at least one element). */
  readonly path: readonly string[];
  /** The `claims...` access expression. */
  readonly access: CelExpr;
  readonly op: ClaimOp;
  /** The literal compared with (`==`, `!=`, string methods, `"x" in claims.aud`). */
  readonly literal?: Extract<CelExpr, { kind: 'literal' }>;
  /** The literals of `claims.x in [...]` when every element is a literal. */
  readonly literals?: readonly Extract<CelExpr, { kind: 'literal' }>[];
  /** The whole atom (the comparison or method call), the unit that is true or false. */
  readonly atom: CelExpr;
  /** Under an odd number of `!`. */
  readonly negated: boolean;
}

export interface ClaimIndex {
  readonly uses: readonly ClaimUse[];
  readonly byAtom: ReadonlyMap<CelExpr, readonly ClaimUse[]>;
}

const indexMemo = new WeakMap<CelExpr, ClaimIndex>();

export function claimUses(root: CelExpr): ClaimIndex {
  const hit = indexMemo.get(root);
  if (hit) return hit;
  const uses: ClaimUse[] = [];
  const visit = (e: CelExpr, parent: CelExpr | undefined, negated: boolean) => {
    const path = claimPath(e);
    const extends_ = parent && ((parent.kind === 'select' && parent.operand === e) || (isCall(parent, '_[_]') && parent.args[0] === e));
    if (path && path.length > 0 && !extends_) {
      uses.push(classify(path, e, parent, negated));
      // the index key of claims["..."] is a literal, nothing more to find inside
      return;
    }
    const flip = isCall(e, '!_');
    for (const c of children(e)) visit(c, e, flip ? !negated : negated);
  };
  visit(root, undefined, false);
  const byAtom = new Map<CelExpr, ClaimUse[]>();
  for (const u of uses) byAtom.set(u.atom, [...(byAtom.get(u.atom) ?? []), u]);
  const index = { uses, byAtom };
  indexMemo.set(root, index);
  return index;
}

function classify(path: string[], access: CelExpr, parent: CelExpr | undefined, negated: boolean): ClaimUse {
  const base = { path, access, negated };
  if (!parent || parent.kind !== 'call') return { ...base, op: 'other', atom: parent ?? access };
  const other = parent.args.find((a) => a !== access);
  const lit = other?.kind === 'literal' ? other : undefined;
  if ((parent.fn === '_==_' || parent.fn === '_!=_') && !parent.target) {
    return { ...base, op: parent.fn === '_==_' ? '==' : '!=', ...(lit ? { literal: lit } : {}), atom: parent };
  }
  if (parent.fn === '@in') {
    const [l, r] = parent.args;
    if (l === access && r?.kind === 'list' && r.items.length > 0 && r.items.every((i) => i.kind === 'literal')) {
      return { ...base, op: 'in', literals: r.items as Extract<CelExpr, { kind: 'literal' }>[], atom: parent };
    }
    if (r === access && l?.kind === 'literal') return { ...base, op: 'member', literal: l, atom: parent };
    return { ...base, op: 'other', atom: parent };
  }
  if (parent.target === access && ['startsWith', 'endsWith', 'contains', 'matches'].includes(parent.fn)) {
    const arg = parent.args[0];
    return { ...base, op: parent.fn as ClaimOp, ...(arg?.kind === 'literal' ? { literal: arg } : {}), atom: parent };
  }
  if (parent.macro && parent.fn === 'has') return { ...base, op: 'has', atom: parent };
  if (parent.macro && parent.target === access && (parent.fn === 'exists' || parent.fn === 'exists_one')) return { ...base, op: 'exists', atom: parent };
  if (/^_(<|<=|>|>=)_$/.test(parent.fn)) return { ...base, op: 'compare', ...(lit ? { literal: lit } : {}), atom: parent };
  return { ...base, op: 'other', atom: parent };
}

// ---------------------------------------------------------------------------------------------------------------
// "On every path": does every way of making the condition true go through an atom that satisfies `pred`?

export type UsePredicate = (u: ClaimUse) => boolean;

const pathMemo = new WeakMap<UsePredicate, WeakMap<CelExpr, boolean>>();

export function onEveryPath(e: CelExpr, index: ClaimIndex, pred: UsePredicate): boolean {
  let memo = pathMemo.get(pred);
  if (!memo) pathMemo.set(pred, (memo = new WeakMap()));
  const hit = memo.get(e);
  if (hit !== undefined) return hit;
  const v = everyPath(e, index, pred);
  memo.set(e, v);
  return v;
}

function everyPath(e: CelExpr, index: ClaimIndex, pred: UsePredicate): boolean {
  const k = constValue(e);
  if (k !== undefined) return !k; // never true: vacuously required; always true: requires nothing
  if (e.kind === 'call' && !e.target) {
    const [a, b, c] = e.args;
    if (e.fn === '_&&_') return onEveryPath(a!, index, pred) || onEveryPath(b!, index, pred);
    if (e.fn === '_||_') return onEveryPath(a!, index, pred) && onEveryPath(b!, index, pred);
    if (e.fn === '_?_:_') return (onEveryPath(a!, index, pred) || onEveryPath(b!, index, pred)) && onEveryPath(c!, index, pred);
    if (e.fn === '!_') return false;
  }
  return (index.byAtom.get(e) ?? []).some((u) => !u.negated && pred(u));
}

/** The (deepest) `||` or ternary branch through which the condition can be true without `pred`, if there is one. */
export function branchWithout(e: CelExpr, index: ClaimIndex, pred: UsePredicate): CelExpr | undefined {
  if (e.kind !== 'call' || e.target) return undefined;
  const [a, b, c] = e.args;
  const lacks = (x: CelExpr) => !onEveryPath(x, index, pred);
  if (e.fn === '_||_') {
    for (const x of [a!, b!]) if (lacks(x)) return branchWithout(x, index, pred) ?? x;
    return undefined;
  }
  if (e.fn === '_&&_') {
    if (!lacks(e)) return undefined;
    return branchWithout(a!, index, pred) ?? branchWithout(b!, index, pred);
  }
  if (e.fn === '_?_:_') {
    if (lacks(c!)) return branchWithout(c!, index, pred) ?? c;
    if (lacks(a!) && lacks(b!)) return branchWithout(b!, index, pred) ?? b;
  }
  return undefined;
}

/** A use that constrains the claim to something (not `!=`, not mere presence, not under `!`). */
export const isPositive: UsePredicate = (u) =>
  !u.negated && (u.op === '==' || u.op === 'in' || u.op === 'startsWith' || u.op === 'endsWith' || u.op === 'contains' || u.op === 'matches' || u.op === 'member' || u.op === 'exists');

/** The claim uses inside a subexpression. */
export function usesWithin(e: CelExpr, index: ClaimIndex): ClaimUse[] {
  return index.uses.filter((u) => u.access.span.start >= e.span.start && u.access.span.end <= e.span.end);
}

/** `a && b && c` -> [a, b, c]. */
export function conjuncts(e: CelExpr): CelExpr[] {
  return isCall(e, '_&&_') ? e.args.flatMap(conjuncts) : [e];
}

/** Every subexpression, parents first. */
export function* nodes(e: CelExpr): Generator<CelExpr> {
  const stack = [e];
  while (stack.length) {
    const x = stack.pop()!;
    yield x;
    const kids = children(x);
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Regular expressions given to `matches()` (RE2, unanchored search).

export interface RegexAnchoring {
  readonly start: boolean;
  readonly end: boolean;
  /** A top-level `|`: anchors bind tighter than it, so `^a|b$` matches "xb" and "ax". */
  readonly alternation: boolean;
}

export function regexAnchoring(pattern: string): RegexAnchoring {
  const body = pattern.replace(/^\(\?[a-zA-Z]+\)/, '');
  let depth = 0;
  let inClass = false;
  let alternation = false;
  let endAnchored = false;
  for (let k = 0; k < body.length; k++) {
    const ch = body[k]!;
    if (ch === '\\') {
      if (k + 1 === body.length - 1 && body[k + 1] === 'z') endAnchored = true;
      k++;
      continue;
    }
    if (inClass) { if (ch === ']') inClass = false; continue; }
    if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === '|' && depth === 0) alternation = true;
    else if (ch === '$' && k === body.length - 1) endAnchored = true;
  }
  return { start: body.startsWith('^') || body.startsWith('\\A'), end: endAnchored, alternation };
}

// ---------------------------------------------------------------------------------------------------------------
// Partial evaluation: the value of each subexpression when some claims are known (implied by other matchers, or
// taken from a token).

const claimKey = (path: readonly string[]) => path.join('\u0000');

/** A key for `known` in `evaluateWith`: the claim path below `claims`. */
export const knownClaim = (...path: string[]): string => claimKey(path);

/** Values of the boolean subexpressions decided by constants and the `known` string claims; absent when undecided. */
export function evaluateWith(root: CelExpr, known: ReadonlyMap<string, string>): Map<CelExpr, boolean> {
  const index = claimUses(root);
  const values = new Map<CelExpr, boolean>();
  const ev = (e: CelExpr): boolean | undefined => {
    for (const c of children(e)) ev(c);
    let v = constValue(e);
    if (v === undefined && e.kind === 'call' && !e.target) {
      const [a, b, c] = e.args.map((x) => values.get(x));
      if (e.fn === '!_' && a !== undefined) v = !a;
      else if (e.fn === '_&&_') v = a === false || b === false ? false : a === true && b === true ? true : undefined;
      else if (e.fn === '_||_') v = a === true || b === true ? true : a === false && b === false ? false : undefined;
      else if (e.fn === '_?_:_') v = a === undefined ? (b !== undefined && b === c ? b : undefined) : a ? b : c;
    }
    const uses = index.byAtom.get(e);
    if (v === undefined && uses?.length === 1) {
      const u = uses[0]!;
      const claim = known.get(claimKey(u.path));
      const lit = u.literal?.lit.type === 'string' ? u.literal.lit.value : undefined;
      if (claim !== undefined) {
        if (u.op === 'in') v = (u.literals ?? []).some((l) => l.lit.type === 'string' && l.lit.value === claim);
        else if (lit !== undefined) {
          if (u.op === '==') v = claim === lit;
          else if (u.op === '!=') v = claim !== lit;
          else if (u.op === 'startsWith') v = claim.startsWith(lit);
          else if (u.op === 'endsWith') v = claim.endsWith(lit);
          else if (u.op === 'contains') v = claim.includes(lit);
        }
      }
    }
    if (v !== undefined) values.set(e, v);
    return v;
  };
  ev(root);
  return values;
}
