// Evaluating CEL over a token's claims with a real CEL implementation (@bufbuild/cel): Anthropic `condition` reads
// the variable `claims`, OpenAI attribute transformations and Codex conditions read `assertion` (domain.md §1.5,
// §2.1, §2.4). A program is planned once per expression text and reused for every token; the claims are converted
// once per token. Evaluation never throws: an error is a value, as it is for the provider (the rule does not match).
import { type CelList, CelScalar, type CelValue, celEnv, celFunc, celList, isCelError, isCelList, isCelMap, isCelUint, listType, mapType, parse, plan } from '@bufbuild/cel';
import { RE2JS } from '@bufbuild/re2';

export type CelVariable = 'claims' | 'assertion';

/** The claims in CEL's terms: JSON objects are maps, arrays lists, numbers doubles (as JSON claims decode). */
export type CelClaims = ReadonlyMap<string, unknown>;

export type CelOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

interface Program {
  readonly parseError?: string;
  run(claims: CelClaims): CelOutcome;
}

/**
 * Every comprehension (`all`, `exists`, `exists_one`, `map`, `filter`) counts its steps against one budget per
 * evaluation, whatever it iterates: a claim list, a literal list or map, the result of another comprehension. Three
 * nested over 300-element literals are 27 million steps; past this many the evaluation stops with an error (and a
 * condition that errs is not true). A step costs @bufbuild/cel about 0.15 µs per node of CEL it evaluates (1.5 to 3 µs
 * for a predicate like `a + b + c == 0`), so a step counts once per STEP_NODES nodes, and the whole budget takes 20 to
 * 55 ms of CPU whatever the predicate (process.cpuUsage, warm, on the 2-core development machine; the first run, before
 * the JIT, up to three times that). Compiling a regular expression (about 350 µs for a short one) counts as
 * REGEX_STEPS steps, once per pattern: compiled patterns are kept; a match counts one step.
 */
export const MAX_COMPREHENSION_STEPS = 20_000;
export const STEP_NODES = 12;
export const REGEX_STEPS = 200;
const OUT_OF_STEPS = `Keyless stops evaluating after ${MAX_COMPREHENSION_STEPS.toLocaleString('en')} comprehension steps (a step counts once per ${STEP_NODES} nodes of its predicate, a regular-expression compile as ${REGEX_STEPS})`;
let steps = 0;
let outOfSteps = false;

function spend(n: number): void {
  steps += n;
  if (steps > MAX_COMPREHENSION_STEPS) {
    // a function's exception becomes an error value, which `||` and `&&` may absorb: run() reports it anyway
    outOfSteps = true;
    throw new RangeError(OUT_OF_STEPS);
  }
}

// The functions the rewrite in boundComprehensions calls. A name starting with `@` cannot be written in CEL source,
// so an expression cannot call them itself (the parser names its own accumulator `@result` for the same reason).
const STEP = '@keyless_step';
const MATCHES = '@keyless_matches';
const APPEND = '@keyless_append';
const ACCUMULATOR = '@result';

/** Compiled patterns, by source, the oldest compiled dropped first past MAX_PATTERNS. */
const patterns = new Map<string, ReturnType<typeof RE2JS.compile>>();
const MAX_PATTERNS = 256;

function compiledPattern(pattern: string): ReturnType<typeof RE2JS.compile> {
  let re = patterns.get(pattern);
  if (re) {
    spend(1);
    return re;
  }
  spend(REGEX_STEPS);
  re = RE2JS.compile(pattern); // an invalid pattern throws: an error value, as in @bufbuild/cel's own matches
  if (patterns.size >= MAX_PATTERNS) patterns.delete(patterns.keys().next().value!);
  patterns.set(pattern, re);
  return re;
}

/** The lists `@keyless_append` made, with the arrays behind them (only those may grow in place). */
const grown = new WeakMap<CelList, CelValue[]>();

const FUNCS = [
  // wraps a comprehension's loop condition, which the fold evaluates once before each step: counts the step, at the
  // weight the rewrite worked out, and returns the condition
  celFunc(STEP, [CelScalar.DYN, CelScalar.DOUBLE], CelScalar.DYN, (go, weight) => {
    spend(weight);
    return go;
  }),
  // `s.matches(p)`: @bufbuild/cel compiles the pattern on every call (about 350 µs); here a compiled pattern is kept
  // (a condition has a handful), a compile costs REGEX_STEPS steps and a match one
  celFunc(MATCHES, [CelScalar.STRING, CelScalar.STRING], CelScalar.BOOL, (text: string, pattern: string) => compiledPattern(pattern).test(text)),
  // `@result + [x]`, the step of `map` and `filter`: @bufbuild/cel's list `+` nests one more concatenation per step,
  // so reading a list of n built that way costs n²/2 (2,000 elements: a quarter of a second; 5,000 overflow the
  // stack). The accumulator is read only by the next step (`@result` cannot be named in source), so a list made
  // here grows in place; any other list (the macro's initial `[]` is shared) is copied first.
  celFunc(APPEND, [CelScalar.DYN, CelScalar.DYN], listType(CelScalar.DYN), (accu, item) => {
    const list = accu as CelList;
    const items = grown.get(list);
    if (items) {
      items.push(item);
      return list;
    }
    const fresh = [...list, item];
    const made = celList(fresh);
    grown.set(made, fresh);
    return made;
  }),
];

const ENVS = {
  claims: celEnv({ variables: { claims: mapType(CelScalar.STRING, CelScalar.DYN) }, funcs: FUNCS }),
  assertion: celEnv({ variables: { assertion: mapType(CelScalar.STRING, CelScalar.DYN) }, funcs: FUNCS }),
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

const callOf = (fn: string, args: Expr[]): Expr['exprKind'] =>
  ({ case: 'callExpr', value: { $typeName: 'cel.expr.Expr.Call', function: fn, args } }) as Expr['exprKind'];

/**
 * The nodes a comprehension evaluates at each step: its loop step, where a nested comprehension counts its range and
 * initial value but not what it evaluates at steps of its own (it counts those itself).
 */
function stepNodes(loopStep: Expr): number {
  let n = 0;
  const walk = (e: Expr | undefined): void => {
    if (!e) return;
    n++;
    const k = e.exprKind;
    if (k?.case === 'callExpr') {
      walk(k.value.target);
      k.value.args.forEach(walk);
    } else if (k?.case === 'selectExpr') walk(k.value.operand);
    else if (k?.case === 'listExpr') k.value.elements.forEach(walk);
    else if (k?.case === 'structExpr') {
      for (const entry of k.value.entries) {
        if (entry.keyKind.case === 'mapKey') walk(entry.keyKind.value);
        walk(entry.value);
      }
    } else if (k?.case === 'comprehensionExpr') {
      walk(k.value.iterRange);
      walk(k.value.accuInit);
    }
  };
  walk(loopStep);
  return n;
}

/**
 * In place, three rewrites:
 * - each comprehension's loop condition `c` becomes `@keyless_step(c, weight)`, which counts the step and returns `c`
 *   (the macros' conditions are booleans, never errors: `@not_strictly_false(…)` or `true`); the weight is one per
 *   STEP_NODES nodes of the loop step, counted after its own rewrites (children are rewritten first);
 * - the accumulation of `map` and `filter`, `@result + [x]`, becomes `@keyless_append(@result, x)`;
 * - `s.matches(p)` becomes `@keyless_matches(s, p)` (a compiled pattern kept, its compile charged).
 * What is iterated is left alone, so a map's keys are iterated as before and every macro keeps its result.
 */
function boundComprehensions(root: Expr): void {
  let nextId = 1n << 41n; // above the parser's ids and indexClaimReads'
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    for (const v of Object.values(node)) visit(v);
    const e = node as Expr;
    if (e.$typeName !== 'cel.expr.Expr') return;
    const k = e.exprKind;
    if (k?.case === 'comprehensionExpr' && k.value.loopCondition && k.value.loopStep) {
      const weight = Math.ceil(stepNodes(k.value.loopStep) / STEP_NODES);
      const constant = { $typeName: 'cel.expr.Expr', id: nextId++, exprKind: { case: 'constExpr', value: { $typeName: 'cel.expr.Constant', constantKind: { case: 'doubleValue', value: weight } } } } as Expr;
      k.value.loopCondition = { $typeName: 'cel.expr.Expr', id: nextId++, exprKind: callOf(STEP, [k.value.loopCondition, constant]) } as Expr;
    } else if (k?.case === 'callExpr' && k.value.function === 'matches' && k.value.target && k.value.args.length === 1) {
      (e as { exprKind: unknown }).exprKind = callOf(MATCHES, [k.value.target, k.value.args[0]!]);
    } else if (k?.case === 'callExpr' && k.value.function === '_+_' && !k.value.target && k.value.args.length === 2) {
      const [accu, added] = k.value.args as [Expr, Expr];
      if (accu.exprKind.case !== 'identExpr' || accu.exprKind.value.name !== ACCUMULATOR) return;
      if (added.exprKind.case !== 'listExpr' || added.exprKind.value.elements.length !== 1 || added.exprKind.value.optionalIndices.length > 0) return;
      (e as { exprKind: unknown }).exprKind = callOf(APPEND, [accu, added.exprKind.value.elements[0]!]);
    }
  };
  visit(root);
}

function compile(source: string, variable: CelVariable): Program {
  let exec: (ctx: Record<string, unknown>) => unknown;
  try {
    const parsed = parse(source);
    if (parsed.expr) {
      indexClaimReads(parsed.expr, variable);
      boundComprehensions(parsed.expr);
    }
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
        steps = 0;
        outOfSteps = false;
        const v = exec({ [variable]: claims });
        if (outOfSteps) return { ok: false, error: OUT_OF_STEPS };
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
