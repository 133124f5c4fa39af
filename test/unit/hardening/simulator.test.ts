// The token simulator on hostile input: parseToken on random and mutated tokens (a clear error naming the part, never
// quoting it; or a token), loadRuleSet on every mutated fixture, and simulate, verifyAndSimulate and runAttacks on
// what they return, within the time bound. Tokens are signed at test time (see ../simulate/fixtures).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { parseCel } from '../../../src/core/cel';
import { nodes } from '../../../src/core/cel-analysis';
import { check } from '../../../src/core/engine';
import { loadRuleSet, parseToken, runAttacks, simulate, verifyAndSimulate, type Jwt, type RuleSet, type Simulation } from '../../../src/core/simulate';
import { GH, ghClaims, makeKey, manifest, NOW, sign, type TestKey } from '../simulate/fixtures';
import { assertCheckResult, assertSpan, type Doc, EXTRA_DOCS, fixtureDocs, mutate, mutatedDoc, mutationArb, PER_INPUT_MS, randomText, runs, timed } from './hostile';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64url');
const PARTS = ['token', 'header', 'payload', 'signature'];

/** parseToken's promises: a token, or the part that is wrong and a message that quotes no part of the input. */
function assertRead(input: string): Jwt | undefined {
  const { value: r, ms } = timed(() => parseToken(input));
  assert.ok(ms < PER_INPUT_MS, `parseToken took ${ms.toFixed(0)} ms`);
  if (!r.ok) {
    assert.ok(PARTS.includes(r.part), `part ${r.part}`);
    assert.ok(r.message.length > 0);
    for (const piece of input.split(/[.\s]/)) if (piece.length >= 8) assert.ok(!r.message.includes(piece), `the message quotes the input: ${r.message}`);
    return undefined;
  }
  assert.ok(r.token.header !== null && typeof r.token.header === 'object' && !Array.isArray(r.token.header));
  assert.ok(r.token.claims !== null && typeof r.token.claims === 'object' && !Array.isArray(r.token.claims));
  assert.equal(r.token.bytes, r.token.compact.length);
  return r.token;
}

/** Every decision has its checks, a rejection a failing one, and messages print values (not `[object Object]`). */
function assertSimulation(s: Simulation, rules: RuleSet, what: string): void {
  assert.equal(s.results.length, rules.rules.length, what);
  for (const d of s.results) {
    assert.equal(typeof d.accepted, 'boolean', what);
    assert.ok(d.reasons.length > 0, `${what}: ${d.rule} has no reasons`);
    if (!d.accepted) assert.ok(d.reasons.some((r) => r.outcome === 'fail'), `${what}: ${d.rule} rejected without a failing check`);
    for (const r of d.reasons) assert.ok(r.message.length > 0 && !r.message.includes('[object Object]'), `${what}: ${r.check}: ${r.message}`);
  }
}

function loadedWithin(d: Doc): RuleSet {
  const { value, ms } = timed(() => loadRuleSet(d.text, d.path));
  assert.ok(ms < PER_INPUT_MS, `${d.path}: loadRuleSet took ${ms.toFixed(0)} ms`);
  for (const r of value.rules) assertSpan(r.span, d.text.length, `${d.path}: rule ${r.name}`);
  return value;
}

/** Random CEL over `claims`: every operator, macro and literal kind, nested a few levels, sometimes mutated. */
const celExpr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => {
  const e = tie('e');
  const claim = fc.constantFrom('claims.sub', 'claims.ref', 'claims.repository_owner_id', 'claims.aud', 'claims.l', 'claims["https://x/"].y', 'claims.missing', 'x');
  const literal = fc.oneof(fc.string({ maxLength: 12 }).map((t) => JSON.stringify(t)), fc.integer().map(String), fc.constantFrom('true', 'false', 'null', '1.5', '2u', 'b"x"', "r'\\d+'", '[]', '{}'));
  const regex = fc.oneof(fc.constantFrom('^repo:acme/.*$', '(a+)+$', '[', '(?i)main', '^$', '.*', '\\d{1,5}'), fc.string({ maxLength: 10 })).map((t) => JSON.stringify(t));
  return {
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      claim,
      literal,
      fc.tuple(e, fc.constantFrom('==', '!=', '<', '>=', 'in', '&&', '||', '+', '-', '*', '/', '%'), e).map(([a, op, b]) => `${a} ${op} ${b}`),
      e.map((a) => `!(${a})`),
      fc.tuple(e, e, e).map(([a, b, c]) => `${a} ? ${b} : ${c}`),
      fc.tuple(claim, fc.constantFrom('startsWith', 'endsWith', 'contains'), literal).map(([a, m, b]) => `${a}.${m}(${b})`),
      fc.tuple(claim, regex).map(([a, r]) => `${a}.matches(${r})`),
      fc.tuple(claim, fc.constantFrom('exists', 'all', 'exists_one', 'map', 'filter'), e).map(([a, m, p]) => `${a}.${m}(x, ${p})`),
      claim.map((a) => `has(${a.replace(/\[.*$/, '')})`),
      e.map((a) => `size(${a})`),
      fc.array(e, { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`),
      fc.tuple(literal, e).map(([k, v]) => `{${k}: ${v}}`),
      e.map((a) => `(${a})`),
    ),
  };
}).e;

/** JSON objects of every shape, as claims or headers. */
const jsonObject = fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 8 });

let key: TestKey;
let token: string;
let rulesDocs: Doc[];

before(async () => {
  key = await makeKey('ES256', 'hardening');
  token = await sign(ghClaims({ repository_owner_id: '4201' }), { key });
  const own = {
    path: 'federation/inline-keys.json',
    text: manifest(
      [
        { name: 'main', match: { subject_prefix: 'repo:acme/app:ref:refs/heads/main', audience: 'https://api.anthropic.com' } },
        { name: 'cel', match: { condition: 'claims.repository_owner_id == "4201" && claims.ref.startsWith("refs/heads/") && claims.sub.matches("^repo:acme/[a-z]+:.*$")' } },
      ],
      { keys: [key.jwk] },
    ),
  };
  rulesDocs = [own, ...[...fixtureDocs(), ...EXTRA_DOCS].filter((d) => loadRuleSet(d.text, d.path).rules.length > 0)];
});

describe('the token simulator on hostile input', () => {
  it('parseToken: random text', () => {
    fc.assert(fc.property(randomText, (t) => void assertRead(t)), runs(300));
  });

  it('parseToken: three base64url parts holding random bytes, random JSON or objects of every shape', () => {
    const segment = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }).map(b64),
      fc.jsonValue({ maxDepth: 3 }).map((v) => b64(JSON.stringify(v))),
      jsonObject.map((o) => b64(JSON.stringify(o))),
      fc.stringMatching(/^[A-Za-z0-9_+/=-]{0,40}$/),
    );
    fc.assert(fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), (parts) => void assertRead(parts.join('.'))), runs(400));
  });

  it('parseToken: a signed token, mutated', () => {
    fc.assert(fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (ms) => void assertRead(mutate(token, ms))), runs(300));
  });

  it('loadRuleSet and simulate: every rules document, mutated, against a real token and a random one', () => {
    const real = assertRead(token)!;
    fc.assert(
      fc.property(mutatedDoc(rulesDocs), jsonObject, (d, claims) => {
        const rules = loadedWithin(d);
        for (const t of [real, { header: { alg: 'ES256' }, claims, compact: 'x.y.z', bytes: 5 }]) {
          const { value, ms } = timed(() => simulate(rules, t, { now: NOW }));
          assertSimulation(value, rules, d.path);
          assert.ok(ms < PER_INPUT_MS, `${d.path}: simulate took ${ms.toFixed(0)} ms`);
        }
      }),
      runs(200),
    );
  });

  it('parseCel: random and mutated conditions, every token and node inside the condition', () => {
    fc.assert(
      fc.property(fc.oneof(celExpr, randomText), fc.array(mutationArb, { maxLength: 2 }), (cel, ms) => {
        const source = mutate(cel, ms);
        const { value: p, ms: took } = timed(() => parseCel(source));
        assert.ok(took < PER_INPUT_MS, `parseCel took ${took.toFixed(0)} ms`);
        if (p.error) assertSpan(p.error.span, source.length, `error "${p.error.message}"`);
        for (const t of p.tokens) assertSpan({ start: t.start, end: t.end }, source.length, `token ${t.text}`);
        if (p.root) for (const n of nodes(p.root)) {
          assertSpan(n.span, source.length, `${n.kind} node`);
          assertSpan(n.outer, source.length, `${n.kind} node (outer)`);
        }
      }),
      runs(400),
    );
  });

  it('random CEL conditions (and mutated ones): checked and simulated within the bound', () => {
    const real = assertRead(token)!;
    const withList = { ...real, claims: { ...real.claims, l: ['a', 'b', 1, null, { y: 2 }], 'https://x/': { y: 'z' } } };
    fc.assert(
      fc.property(celExpr, fc.option(fc.array(mutationArb, { maxLength: 2 }), { nil: undefined }), fc.boolean(), (cel, ms, codex) => {
        const condition = ms ? mutate(cel, ms) : cel;
        // an Anthropic rule's condition over `claims`, or a Codex rule's and its provider's over `assertion`
        const over = condition.replace(/\bclaims\b/g, 'assertion');
        const text = codex
          ? JSON.stringify({ workload_identity_providers: [{ name: 'gha', type: 'oidc', issuer: GH, jwks: { keys: [key.jwk] }, attribute_conditions: over, mappings: [{ name: 'ci-codex', workspace_id: 'ws_1', principal_id: 'user_1', external_subject: 'repo:acme/*', audiences: ['api://codex'], condition: over }] }] })
          : manifest([{ name: 'main', match: { subject_prefix: 'repo:acme/app:ref:refs/heads/main', condition } }], { keys: [key.jwk] });
        const checked = timed(() => check(text, 'federation/manifest.json'));
        assertCheckResult(text, checked.value, condition);
        assert.ok(checked.ms < PER_INPUT_MS, `check took ${checked.ms.toFixed(0)} ms`);
        const rules = loadedWithin({ path: 'federation/manifest.json', text });
        const { value, ms: took } = timed(() => simulate(rules, withList, { now: NOW }));
        assertSimulation(value, rules, condition);
        assert.ok(took < PER_INPUT_MS, `simulate took ${took.toFixed(0)} ms`);
      }),
      runs(300),
    );
  });

  it('verifyAndSimulate: mutated documents with inline keys (hostile JWKS), a real signature', async () => {
    const real = assertRead(token)!;
    await fc.assert(
      fc.asyncProperty(mutatedDoc(rulesDocs.slice(0, 1)), async (d) => {
        const rules = loadedWithin(d);
        const s = await verifyAndSimulate(rules, real, { now: NOW });
        assertSimulation(s, rules, d.path);
        assert.ok(['verified', 'invalid', 'not-verified'].includes(s.signature.status));
      }),
      runs(100),
    );
  });

  it('runAttacks: mutated rules documents', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedDoc(rulesDocs), async (d) => {
        const rules = loadedWithin(d);
        const start = performance.now();
        const report = await runAttacks(rules, { now: NOW });
        assert.ok(performance.now() - start < 5 * PER_INPUT_MS, `${d.path}: runAttacks took too long`);
        assert.equal(report.targets.length, rules.rules.length);
        assert.equal(report.holes, report.targets.reduce((n, t) => n + t.attacks.filter((a) => a.getsIn).length, 0));
      }),
      runs(12),
    );
  });
});
