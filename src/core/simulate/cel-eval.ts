// Evaluating CEL over a token's claims with a real CEL implementation (@bufbuild/cel): Anthropic `condition` reads
// the variable `claims`, OpenAI attribute transformations and Codex conditions read `assertion` (domain.md §1.5,
// §2.1, §2.4). A program is planned once per expression text and reused for every token; the claims are converted
// once per token. Evaluation never throws: an error is a value, as it is for the provider (the rule does not match).
import { CelScalar, celEnv, isCelError, isCelList, isCelMap, isCelUint, mapType, parse, plan } from '@bufbuild/cel';

export type CelVariable = 'claims' | 'assertion';

/** The claims in CEL's terms: JSON objects are maps, arrays lists, numbers doubles (as JSON claims decode). */
export type CelClaims = ReadonlyMap<string, unknown>;

export type CelOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

interface Program {
  readonly parseError?: string;
  run(claims: CelClaims): CelOutcome;
}

const ENVS = {
  claims: celEnv({ variables: { claims: mapType(CelScalar.STRING, CelScalar.DYN) } }),
  assertion: celEnv({ variables: { assertion: mapType(CelScalar.STRING, CelScalar.DYN) } }),
};

const MAX_CACHED = 2000;
// one cache per variable, keyed by the expression text itself: the rules hand in the same string objects every time,
// so a lookup hashes nothing new (a concatenated key would be hashed afresh on every call)
const programs: Record<CelVariable, Map<string, Program>> = { claims: new Map(), assertion: new Map() };

type ParsedExpr = ReturnType<typeof parse>;
type Expr = NonNullable<ParsedExpr['expr']>;

/**
 * `claims.a.b` -> `claims["a"]["b"]`, in place. The variable is a map of JSON values, and on a map CEL defines field
 * selection as the key lookup, so the meaning is the same; but @bufbuild/cel first tries a dotted name as a
 * qualified identifier (a type or enum in its registry) on every evaluation, which doubles the cost of each claim
 * read. Presence tests (`has(claims.a)`) are selections the index form cannot express: they stay.
 */
function indexClaimReads(root: Expr, variable: CelVariable): void {
  let nextId = 1n << 40n; // far above the parser's ids
  // children are rewritten first, so a chain's inner links are already index calls when its outer link is reached
  const rootedAtVariable = (e: Expr | undefined): boolean => {
    const k = e?.exprKind;
    if (k?.case === 'identExpr') return k.value.name === variable;
    if (k?.case === 'selectExpr') return !k.value.testOnly && rootedAtVariable(k.value.operand);
    return k?.case === 'callExpr' && k.value.function === '_[_]' && !k.value.target && rootedAtVariable(k.value.args[0]);
  };
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    for (const v of Object.values(node)) visit(v);
    const e = node as Expr;
    if (e.$typeName !== 'cel.expr.Expr' || e.exprKind?.case !== 'selectExpr' || e.exprKind.value.testOnly || !rootedAtVariable(e.exprKind.value.operand)) return;
    const { operand, field } = e.exprKind.value;
    const key = { $typeName: 'cel.expr.Expr', id: nextId++, exprKind: { case: 'constExpr', value: { $typeName: 'cel.expr.Constant', constantKind: { case: 'stringValue', value: field } } } };
    (e as { exprKind: unknown }).exprKind = { case: 'callExpr', value: { $typeName: 'cel.expr.Expr.Call', function: '_[_]', args: [operand, key] } };
  };
  visit(root);
}

function compile(source: string, variable: CelVariable): Program {
  let exec: (ctx: Record<string, unknown>) => unknown;
  try {
    const parsed = parse(source);
    if (parsed.expr) indexClaimReads(parsed.expr, variable);
    exec = plan(ENVS[variable], parsed) as unknown as (ctx: Record<string, unknown>) => unknown;
  } catch (e) {
    const parseError = `does not parse as CEL (${firstLine(e)})`;
    return { parseError, run: () => ({ ok: false, error: parseError }) };
  }
  return {
    run(claims) {
      // a CEL error is an Error object, and capturing its stack costs ten times the evaluation; errors here are
      // values that are never thrown, so no stack is taken while the program runs
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      try {
        listReads = 0;
        const v = exec({ [variable]: claims });
        return isCelError(v) ? { ok: false, error: v.message } : { ok: true, value: v };
      } catch (e) {
        return { ok: false, error: firstLine(e) };
      } finally {
        Error.stackTraceLimit = limit;
      }
    },
  };
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0]!;
}

/** The planned program for an expression (bounded cache, least recently planned first out). */
export function program(source: string, variable: CelVariable): Program {
  const cache = programs[variable];
  const hit = cache.get(source);
  if (hit) return hit;
  const p = compile(source, variable);
  cache.set(source, p);
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
  return p;
}

/**
 * Comprehensions over claim lists can nest (`claims.l.exists(x, claims.l.exists(y, claims.l.exists(z, …)))`): three
 * over a list of 300 elements are 27 million steps. So the elements of claim lists read during one evaluation are
 * counted, and past this many the evaluation stops with an error (and a condition that errs is not true).
 */
export const MAX_LIST_READS = 100_000;
let listReads = 0;

/** A claim list whose reads count against MAX_LIST_READS (@bufbuild/cel iterates a native array through `values`). */
function counted(items: unknown[]): unknown[] {
  const values = items.values.bind(items);
  Object.defineProperty(items, 'values', {
    *value() {
      for (const v of values()) {
        if (++listReads > MAX_LIST_READS) throw new RangeError(`Keyless stops evaluating after reading ${MAX_LIST_READS.toLocaleString('en')} elements of claim lists`);
        yield v;
      }
    },
  });
  return items;
}

/** A JSON value in CEL's input terms. */
function toCel(v: unknown): unknown {
  if (Array.isArray(v)) return counted(v.map(toCel));
  if (v !== null && typeof v === 'object') return new Map(Object.entries(v).map(([k, x]) => [k, toCel(x)]));
  return v;
}

export function celClaims(claims: Readonly<Record<string, unknown>>): CelClaims {
  return toCel(claims) as CelClaims;
}

/** A CEL result as plain JSON-ish data for messages and comparisons (maps to objects, bigints to numbers). */
export function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (isCelUint(v)) return Number(v.value);
  if (isCelMap(v)) return Object.fromEntries([...v].map(([k, x]) => [String(isCelUint(k) ? k.value : k), plain(x)]));
  if (isCelList(v)) return [...v].map(plain);
  return v;
}
