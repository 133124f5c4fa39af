// Issue #9, CEL expressions built to be slow: every comprehension step counts against one budget per evaluation,
// whatever the comprehension iterates (literal lists and maps, claim lists, the results of `map` and `filter`), and a
// regular-expression match is charged as many steps. Each hostile shape must stop with the budget's error well inside
// the time bound (millions of steps take seconds), and the same shape made small must keep its CEL result: the
// rewrite that counts the steps must not change what an expression means.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCelError, run } from '@bufbuild/cel';
import fc from 'fast-check';
import { type CelClaims, celClaims, MAX_COMPREHENSION_STEPS, plain, program, REGEX_STEPS, STEP_NODES } from '../../../src/core/simulate/cel-eval';
import { PER_INPUT_MS, runs, timed } from './hostile';

const OUT_OF_STEPS = new RegExp(`^Keyless stops evaluating after ${MAX_COMPREHENSION_STEPS.toLocaleString('en')} comprehension steps`);

/** `[from, …, from + n - 1]` */
const ints = (n: number, from = 0): string => `[${Array.from({ length: n }, (_, i) => i + from).join(', ')}]`;
/** `{"k0": 0, …}` */
const keyed = (n: number): string => `{${Array.from({ length: n }, (_, i) => `"k${i}": ${i}`).join(', ')}}`;

const CLAIMS = {
  sub: 'repo:acme/app:ref:refs/heads/main',
  l: Array.from({ length: 300 }, (_, i) => `v${i}`),
  small: ['v0', 'v1', 'v2'],
  n: [1, 2, 3],
  m: { a: 1, b: 2 },
  big: Array.from({ length: 20_000 }, (_, i) => i),
  mid: Array.from({ length: 5_000 }, (_, i) => i),
  fill: Array.from({ length: MAX_COMPREHENSION_STEPS / 100 - 1 }, (_, i) => i),
  over: Array.from({ length: MAX_COMPREHENSION_STEPS / 100 }, (_, i) => i),
};

/** Converted once: the large lists are what the tests iterate, and converting them for every call would cost more. */
const CEL_CLAIMS = celClaims(CLAIMS);

function evaluate(expr: string, claims: CelClaims = CEL_CLAIMS) {
  const { value, ms } = timed(() => program(expr, 'claims').run(claims));
  return { outcome: value, ms };
}

/** The expression runs out of steps, quickly. */
function assertStopped(expr: string): void {
  const { outcome, ms } = evaluate(expr);
  assert.equal(outcome.ok, false, `expected the budget's error, got ${JSON.stringify(outcome, (_, v) => (typeof v === 'bigint' ? Number(v) : v))}`);
  if (!outcome.ok) assert.match(outcome.error, OUT_OF_STEPS);
  assert.ok(ms < PER_INPUT_MS, `took ${ms.toFixed(0)} ms`);
}

/** The expression evaluates to this value (compared as plain JSON). */
function assertValue(expr: string, expected: unknown): void {
  const { outcome } = evaluate(expr);
  assert.ok(outcome.ok, !outcome.ok ? `${expr}: ${outcome.error}` : '');
  if (outcome.ok) assert.deepEqual(plain(outcome.value), expected, expr);
}

describe('CEL comprehensions share one step budget', () => {
  it('literal lists nested three deep (27 million steps)', () => {
    assertStopped(`${ints(300)}.exists(a, ${ints(300)}.exists(b, ${ints(300)}.exists(c, a + b + c == -1)))`);
    assertStopped(`${ints(300)}.all(a, ${ints(300)}.all(b, ${ints(300)}.all(c, a + b + c >= 0)))`);
    assertStopped(`${ints(300)}.exists_one(a, ${ints(300)}.exists_one(b, ${ints(300)}.exists_one(c, a + b + c == -1)))`);
    assertValue(`${ints(10)}.exists(a, ${ints(10)}.exists(b, ${ints(10)}.exists(c, a + b + c == 27)))`, true);
    assertValue(`${ints(10)}.exists(a, ${ints(10)}.exists(b, ${ints(10)}.exists(c, a + b + c == -1)))`, false);
    assertValue(`${ints(10)}.all(a, ${ints(10)}.all(b, a + b >= 0))`, true);
    assertValue(`${ints(10)}.exists_one(a, ${ints(10)}.exists_one(b, a + b == 0))`, true);
  });

  it('a comprehension that finds its answer at once stops there, however large its nest', () => {
    assertValue(`${ints(300)}.exists(a, ${ints(300)}.exists(b, ${ints(300)}.exists(c, a + b + c == 0)))`, true);
    assertValue(`${ints(300)}.all(a, ${ints(300)}.all(b, ${ints(300)}.all(c, a + b + c > 0)))`, false);
    // 20,000 elements each: the steps not taken are not counted (4 steps here, 40,002 if every element were)
    assertValue('[claims.big, claims.big].all(l, l.exists(x, x == 0.0))', true);
    assertValue('[claims.big, claims.big].exists(l, !l.all(x, x > 0.0))', true);
  });

  it('steps are counted exactly, and the budget is per evaluation', () => {
    // `all` over n elements that all hold takes n steps; these predicates have 5 nodes (`@result && b >= 0.0`): one
    // step each. 100 outer steps and 100 inner comprehensions over the MAX / 100 - 1 or MAX / 100 elements of
    // claims.fill, claims.over
    assert.equal(MAX_COMPREHENSION_STEPS % 100, 0);
    const exactly = `${ints(100)}.all(a, claims.fill.all(b, b >= 0.0))`;
    assertValue(exactly, true);
    assertValue(exactly, true); // again: the count starts afresh
    assertStopped(`${ints(100)}.all(a, claims.over.all(b, b >= 0.0))`);
    // a hostile evaluation leaves nothing behind for the next one
    assertValue(exactly, true);
  });

  it('a step counts once per STEP_NODES nodes of its predicate', () => {
    // `@result && (b >= 0.0 && b >= 0.0 && b >= 0.0 && b >= 0.0)`: 17 nodes, two steps each
    assert.ok(17 > STEP_NODES && 17 <= 2 * STEP_NODES);
    const heavy = 'claims.fill.all(b, b >= 0.0 && b >= 0.0 && b >= 0.0 && b >= 0.0)';
    assertValue(`${ints(50)}.all(a, ${heavy})`, true); // 50 + 50 × 2 × (MAX / 100 - 1) = MAX - 50
    assertStopped(`${ints(51)}.all(a, ${heavy})`); // 51 + 51 × 2 × (MAX / 100 - 1) = 1.02 MAX - 51
    // a predicate holding a 300-element literal: a few hundred steps are the budget, not 25,000
    assertStopped(`${ints(300)}.exists(a, ${ints(300)}.exists(b, a * b in ${ints(300, 100_000)}))`);
    assertValue(`${ints(3)}.exists(a, ${ints(3)}.exists(b, a * b in [4, 5]))`, true);
  });

  it('map literals: their keys are iterated, each key a step', () => {
    assertStopped(`${keyed(300)}.all(a, ${keyed(300)}.all(b, ${keyed(300)}.all(c, a + b + c != "")))`);
    assertStopped(`claims.m.all(k, ${keyed(300)}.exists(a, ${keyed(300)}.exists(b, a + b == k)))`);
    assertValue('{"a": 1, "b": 2}.all(k, k in ["a", "b"])', true);
    assertValue('{"a": 1, "b": 2}.exists(k, k == "b")', true);
    assertValue('{"a": 1, "b": 2}.exists_one(k, k != "c")', false);
    assertValue('{"a": 1, "b": 2}.map(k, k + k)', ['aa', 'bb']);
    assertValue('{"a": 1, "b": 2}.filter(k, k == "b")', ['b']);
    assertValue('claims.m.map(k, claims.m[k] * 10.0)', [10, 20]);
  });

  it('the results of .map() and .filter(), iterated', () => {
    assertStopped(`${ints(300)}.map(a, ${ints(300)}.map(b, a * b)).exists(r, r.exists(q, q == -1))`);
    assertStopped(`${ints(300)}.filter(a, ${ints(300)}.filter(b, a < b).size() > 0).exists(x, ${ints(300)}.exists(y, x == -y - 1))`);
    assertStopped(`${ints(300)}.map(a, ${ints(300)}.map(b, ${ints(300)}.map(c, a + b + c)))`);
    assertValue('[1, 2, 3].map(a, [1, 2].map(b, a * b)).exists(r, r.exists(q, q == 6))', true);
    assertValue('[1, 2, 3, 4].filter(x, x % 2 == 0).map(x, x * 10)', [20, 40]);
    assertValue('[1, 2, 3].map(x, x > 1, x * 10)', [20, 30]);
    assertValue('[1, 2].map(a, [3, 4].map(b, a * b)) == [[3, 4], [6, 8]]', true);
    assertValue('[1, 2, 3].filter(x, x > 1).filter(x, x < 3)', [2]);
    assertValue('[].map(x, x)', []);
  });

  it('a list built by .map() over a large claim list reads in linear time (not n² / 2, not a stack overflow)', () => {
    // 5,000 steps to build it, 5,000 to search it
    assertValue('claims.mid.map(x, x).exists(y, y == -1)', false);
    assertValue('claims.mid.filter(x, x < 2500.0).size() == 2500', true); // claims are JSON: numbers are doubles
    assertValue('claims.mid.map(x, x * 2.0)[4999] == 9998.0', true);
    const { ms } = evaluate('claims.mid.map(x, x).exists(y, y == -1)');
    assert.ok(ms < PER_INPUT_MS, `took ${ms.toFixed(0)} ms`);
    assertStopped('claims.big.map(x, x).exists(y, y == -1)');
  });

  it('cel.bind is not a function @bufbuild/cel knows: an error, at once', () => {
    // if a later @bufbuild/cel adds it, the bound values are lists like any other, and the hostile form must stop
    const hostile = `cel.bind(xs, ${ints(300)}, xs.exists(a, xs.exists(b, xs.exists(c, a + b + c == -1))))`;
    const { outcome, ms } = evaluate(hostile);
    assert.equal(outcome.ok, false);
    assert.ok(ms < PER_INPUT_MS, `took ${ms.toFixed(0)} ms`);
    const small = evaluate('cel.bind(xs, [1, 2, 3], xs.exists(x, x == 2))').outcome;
    assert.deepEqual(small, { ok: false, error: 'unbound function: bind' });
  });

  it('claim lists and literal lists mixed in one nest', () => {
    assertStopped(`claims.l.exists(a, ${ints(300)}.exists(b, claims.l.exists(c, a + string(b) + c == "")))`);
    assertStopped(`${ints(300)}.exists(a, claims.l.exists(b, ${ints(300)}.exists(c, a + c == -1 && b == "")))`);
    assertValue(`claims.small.exists(a, ${ints(3)}.exists(b, claims.small.exists(c, a + string(b) + c == "v12v2")))`, true);
    assertValue('claims.n.all(a, [10.0, 20.0].all(b, a < b))', true);
  });

  it('a comprehension nested inside another macro\'s predicate or transform', () => {
    assertStopped(`${ints(300)}.all(a, ${ints(300)}.filter(b, ${ints(300)}.exists(c, a + b + c == -1)).size() == 0)`);
    assertStopped(`${ints(300)}.map(a, ${ints(300)}.exists(b, ${ints(300)}.exists(c, a + b + c == -1)))`);
    assertStopped(`${ints(300)}.exists(a, size(${ints(300)}.map(b, ${ints(300)}.filter(c, a + b == c))) < 0)`);
    assertValue(`${ints(4)}.all(a, ${ints(4)}.filter(b, ${ints(4)}.exists(c, a + b + c == -1)).size() == 0)`, true);
    assertValue(`${ints(3)}.map(a, ${ints(3)}.exists(b, a + b == 3))`, [false, true, true]);
  });

  it('an exhausted budget is reported even where CEL would absorb the error (`err || true`)', () => {
    assertStopped(`${ints(300)}.exists(a, ${ints(300)}.exists(b, ${ints(300)}.exists(c, a + b + c == -1))) || true`);
    assertStopped(`[true, ${ints(300)}.exists(a, ${ints(300)}.exists(b, ${ints(300)}.exists(c, a + b + c == -1)))].exists(x, x)`);
  });

  it('a regular expression\'s compile is charged many steps, once per pattern; matching a kept pattern one step', () => {
    // 300 steps of two nodes' weight and 300 matches: over the budget, which 600 steps alone are far from
    assert.ok(300 * REGEX_STEPS > MAX_COMPREHENSION_STEPS && 50 * (REGEX_STEPS + 1) <= MAX_COMPREHENSION_STEPS);
    assertStopped(`${ints(300)}.exists(a, claims.sub.matches("^repo:acme/[a-z]+:ref:refs/heads/" + string(a) + "$"))`);
    assertStopped(`${ints(300)}.exists(a, ${ints(300)}.exists(b, claims.sub.matches("^repo:acme/.*$") && a + b == -1))`);
    assertValue('[1, 2].exists(a, "x2".matches("^x" + string(a) + "$"))', true);
    assertValue('claims.sub.matches("^repo:acme/[a-z]+:ref:refs/heads/main$")', true);
    assertValue(`${ints(50)}.all(a, claims.sub.matches("^repo:"))`, true); // 50 steps of one, 50 matches
    // one pattern over a long claim list (a groups claim of thousands): compiled once, not once per element
    assertValue('claims.mid.exists(g, string(g).matches("^admin-"))', false);
    assertValue('claims.l.filter(g, g.matches("^v1[0-9]$")).size()', 10);
    // an invalid pattern is the library's own error, as before
    const bad = evaluate('claims.sub.matches("(")').outcome;
    const reference = run('claims.sub.matches("(")', { claims: CEL_CLAIMS as never });
    assert.ok(isCelError(reference));
    assert.deepEqual(bad, { ok: false, error: reference.message });
  });
});

// ---- the rewrite keeps every result: random small comprehensions against @bufbuild/cel's own `run` ----

const VARS = ['a', 'b', 'c'];
const DEPTHS = [0, 1, 2, 3];

/**
 * Random comprehension expressions, three levels at most: `bN` is a boolean, `vN` a value, `rN` something to iterate
 * (a literal list or map, a claim list or map, the result of `map`/`filter`), with the first N of a, b, c bound.
 * Errors are included on purpose (type mismatches, division by zero), to be compared too.
 */
const comprehensions = fc.letrec<Record<string, string>>((tie) => {
  const out: Record<string, fc.Arbitrary<string>> = {};
  for (const d of DEPTHS) {
    const bound = VARS.slice(0, d);
    const variable = bound.length > 0 ? fc.constantFrom(...bound) : fc.constantFrom('1', '"a"', 'claims.n[0]');
    const scalar = fc.constantFrom('0', '1', '2', '3', '"a"', '"b"', '"v1"', '1.0', 'true', 'null');
    const b = tie(`b${d}`), v = tie(`v${d}`), r = tie(`r${d}`);
    const deeper = d < 3;
    const v1 = deeper ? tie(`v${d + 1}`) : v, b1 = deeper ? tie(`b${d + 1}`) : b;
    const iterVar = VARS[Math.min(d, 2)]!;
    out[`v${d}`] = fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      variable,
      scalar,
      fc.tuple(variable, fc.constantFrom('+', '-', '*', '/', '%'), fc.oneof(variable, scalar)).map(([x, op, y]) => `${x} ${op} ${y}`),
      fc.tuple(v, v).map(([x, y]) => `[${x}, ${y}]`),
      ...(deeper ? [
        fc.tuple(r, v1).map(([range, e]) => `${range}.map(${iterVar}, ${e})`),
        fc.tuple(r, b1, v1).map(([range, p, e]) => `${range}.map(${iterVar}, ${p}, ${e})`),
        fc.tuple(r, b1).map(([range, p]) => `${range}.filter(${iterVar}, ${p})`),
        r.map((range) => `size(${range})`),
      ] : []),
    );
    out[`b${d}`] = fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom('true', 'false'),
      fc.tuple(v, fc.constantFrom('==', '!=', '<', '>=', 'in'), fc.oneof(v, r)).map(([x, op, y]) => `${x} ${op} ${y}`),
      fc.tuple(b, fc.constantFrom('&&', '||'), b).map(([x, op, y]) => `(${x} ${op} ${y})`),
      b.map((x) => `!(${x})`),
      ...(deeper ? [fc.tuple(r, fc.constantFrom('all', 'exists', 'exists_one'), b1).map(([range, m, p]) => `${range}.${m}(${iterVar}, ${p})`)] : []),
    );
    out[`r${d}`] = fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.array(fc.oneof(scalar, variable), { maxLength: 4 }).map((xs) => `[${xs.join(', ')}]`),
      fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'v1'), { maxLength: 3 }).map((ks) => `{${ks.map((k, i) => `"${k}": ${i}`).join(', ')}}`),
      fc.constantFrom('claims.small', 'claims.n', 'claims.m', 'claims.missing', '[]', '{}'),
      ...(deeper ? [
        fc.tuple(r, v1).map(([range, e]) => `${range}.map(${iterVar}, ${e})`),
        fc.tuple(r, b1).map(([range, p]) => `${range}.filter(${iterVar}, ${p})`),
      ] : []),
    );
  }
  return out;
});

/** An expression of any of the three kinds, short enough that parsing it twice stays cheap. */
const expression = fc.oneof(comprehensions.b0!, comprehensions.v0!, comprehensions.r0!).filter((e) => e.length <= 300);

describe('counting the steps changes no result', () => {
  it('random small comprehensions: the same value or error as @bufbuild/cel\'s own run', () => {
    fc.assert(
      fc.property(expression, (expr) => {
        const mine = program(expr, 'claims').run(CEL_CLAIMS);
        const reference = run(expr, { claims: CEL_CLAIMS as never });
        if (isCelError(reference)) {
          assert.deepEqual(mine, { ok: false, error: reference.message }, expr);
        } else {
          assert.ok(mine.ok, !mine.ok ? `${expr}: ${mine.error}` : '');
          if (mine.ok) assert.deepEqual(plain(mine.value), plain(reference), expr);
        }
      }),
      runs(300),
    );
  });

  it('the generator reaches what it is meant to: nested macros, map and filter results, maps, errors', () => {
    const sample = fc.sample(expression, { numRuns: 400, seed: 9 });
    const nested = sample.filter((e) => (e.match(/\.(all|exists|exists_one|map|filter)\(/g) ?? []).length >= 2);
    const iteratedResult = sample.filter((e) => /\)\.(all|exists|exists_one|map|filter)\(/.test(e));
    const overMaps = sample.filter((e) => /(\}|claims\.m)\.(all|exists|exists_one|map|filter)\(/.test(e));
    const errors = sample.filter((e) => isCelError(run(e, { claims: CEL_CLAIMS as never })));
    for (const [what, found] of [['nested', nested], ['iterated results', iteratedResult], ['over maps', overMaps], ['errors', errors]] as const) {
      assert.ok(found.length >= 20, `only ${found.length} expressions ${what} in 400`);
    }
  });
});
