// The simulator with Anthropic's semantics (docs (shared) domain.md §1.2, §1.5, §1.7), against tokens signed at
// test time: signatures and algorithms, key ids, times and the 30 s leeway, the issuer's lifetime cap, each matcher,
// CEL conditions, the target, and the minted lifetime at the edges of its formula.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  anthropicMintedLifetime,
  keyPlan,
  readKeySet,
  simulate,
  type RuleDecision,
  type RuleSet,
  type Simulation,
  verifyAndSimulate,
  verifySignature,
} from '../../../src/core/simulate';
import { ANTHROPIC_AUD, GH, ghClaims, makeKey, makeSecret, manifest, NOW, read, rulesOf, sign, type RuleSpec, type TestKey } from './fixtures';

let rs: TestKey;
let es: TestKey;
let ps: TestKey;
let other: TestKey;
let hs: TestKey;

before(async () => {
  [rs, es, ps, other, hs] = await Promise.all([makeKey('RS256', 'rs'), makeKey('ES256', 'es'), makeKey('PS256', 'ps'), makeKey('RS256', 'rs'), makeSecret('hs')]);
});

const MAIN: RuleSpec = { name: 'main', match: { subject_prefix: 'repo:acme/app:ref:refs/heads/main', audience: ANTHROPIC_AUD } };

async function run(claims: Record<string, unknown>, opts: { key?: TestKey; header?: Record<string, unknown>; rules?: readonly RuleSpec[]; max?: number; now?: number; discovery?: boolean } = {}): Promise<Simulation> {
  const rules = rulesOf(manifest(opts.rules ?? [MAIN], { keys: [rs.jwk, es.jwk, ps.jwk], ...(opts.max !== undefined ? { max: opts.max } : {}), ...(opts.discovery ? { discovery: true } : {}) }));
  const compact = await sign(claims, { key: opts.key ?? rs, ...(opts.header ? { header: opts.header } : {}) });
  return verifyAndSimulate(rules, read(compact), { now: opts.now ?? NOW });
}

const only = (s: Simulation, name = 'main'): RuleDecision => s.results.find((d) => d.rule === name)!;
const failed = (d: RuleDecision) => d.reasons.filter((r) => r.outcome === 'fail').map((r) => r.check);
const reasonOf = (d: RuleDecision, check: string) => d.reasons.find((r) => r.check === check);

describe('signatures and algorithms', () => {
  for (const alg of ['RS256', 'ES256', 'PS256'] as const) {
    it(`${alg}: verified against the issuer's inline JWKS and accepted`, async () => {
      const key = { RS256: () => rs, ES256: () => es, PS256: () => ps }[alg]();
      const s = await run(ghClaims(), { key });
      assert.equal(s.signature.status, 'verified');
      assert.match(s.signature.detail, new RegExp(`${alg} signature verified with key "${key.kid}" of the inline JWKS of issuer "github"`));
      const d = only(s);
      assert.deepEqual(failed(d), []);
      assert.equal(d.accepted, true);
      assert.equal(d.serviceAccount, 'svac_deployer (deployer)');
      assert.equal(d.workspace, 'wrkspc_prod');
      assert.equal(d.scope, 'workspace:inference');
    });
  }

  it('a forged signature (another key under a known kid) is invalid and rejected', async () => {
    const s = await run(ghClaims(), { key: other });
    assert.equal(s.signature.status, 'invalid');
    assert.equal(s.signature.cause, 'signature');
    assert.match(s.signature.detail, /the signature does not verify with its key "rs"/);
    assert.deepEqual(failed(only(s)), ['signature']);
  });

  it('a kid that is not in the JWKS is rejected at kid; no kid at all too', async () => {
    const s = await run(ghClaims(), { header: { kid: 'rotated-away' } });
    assert.equal(s.signature.status, 'invalid');
    assert.equal(s.signature.cause, 'kid');
    assert.deepEqual(failed(only(s)), ['kid', 'signature']);
    assert.match(reasonOf(only(s), 'kid')!.message, /kid "rotated-away" is not in the inline JWKS of issuer "github"/);
    const none = await run(ghClaims(), { header: { kid: undefined } });
    assert.match(reasonOf(only(none), 'kid')!.message, /the header has no kid/);
    assert.equal(only(none).accepted, false);
  });

  it('HS256 is rejected whatever the secret: only asymmetric algorithms are accepted', async () => {
    const s = await run(ghClaims(), { key: hs });
    assert.equal(s.signature.status, 'invalid');
    assert.equal(s.signature.cause, 'alg');
    const d = only(s);
    assert.ok(failed(d).includes('alg'));
    assert.match(reasonOf(d, 'alg')!.message, /alg "HS256" is rejected.*shared-secret MAC/);
  });

  it('a key\'s own alg and use must fit the token', async () => {
    const keys = readKeySet([{ ...rs.jwk, alg: 'PS256' }], 'a set');
    assert.ok(keys.ok);
    const v = await verifySignature(read(await sign(ghClaims(), { key: rs })), keys.keys);
    assert.equal(v.status, 'invalid');
    assert.match(v.detail, /its key "rs" is for PS256, the token is signed with RS256/);
    const enc = readKeySet([{ ...rs.jwk, use: 'enc' }], 'a set');
    assert.ok(enc.ok);
    assert.match((await verifySignature(read(await sign(ghClaims(), { key: rs })), enc.keys)).detail, /for use "enc", not signatures/);
  });

  it('an issuer whose keys are found by discovery: kid and signature are assumed, and the decision says so', async () => {
    const s = await run(ghClaims(), { discovery: true });
    assert.equal(s.signature.status, 'not-verified');
    assert.match(s.signature.detail, /publishes its keys at https:\/\/token\.actions\.githubusercontent\.com\/\.well-known\/openid-configuration; no network call/);
    const d = only(s);
    assert.equal(d.accepted, true);
    assert.deepEqual(d.reasons.filter((r) => r.outcome === 'assumed').map((r) => r.check), ['kid', 'signature']);
  });

  it('keys given by the user stand in for the issuer\'s (a JWKS file)', async () => {
    const rules = rulesOf(manifest([MAIN], { discovery: true }));
    const token = read(await sign(ghClaims(), { key: es }));
    const keys = readKeySet({ keys: [es.jwk] }, 'the key set in jwks.json');
    assert.ok(keys.ok);
    const s = await verifyAndSimulate(rules, token, { now: NOW, keys: keys.keys });
    assert.equal(s.signature.status, 'verified');
    assert.match(reasonOf(only(s), 'kid')!.message, /kid "es" is in the key set in jwks\.json/);
    assert.deepEqual(keyPlan(rules, token).kind, 'fetch');
  });

  it('a key set drops private members and symmetric keys, and says so', () => {
    const r = readKeySet({ keys: [{ ...rs.jwk, d: 'private-part' }, { kty: 'oct', kid: 's', k: 'c2VjcmV0' }, 'junk'] }, 'a set');
    assert.ok(r.ok);
    assert.equal(r.keys.keys.length, 1);
    assert.equal(r.keys.keys[0]!.d, undefined);
    assert.equal(r.warnings.length, 3);
    assert.match(r.warnings.join('\n'), /holds private key material/);
    assert.match(r.warnings.join('\n'), /kty "oct", not a public-key type/);
    const discovery = readKeySet({ issuer: GH, jwks_uri: `${GH}/.well-known/jwks` }, 'doc.json');
    assert.ok(!discovery.ok);
    assert.match(discovery.message, /discovery document/);
  });

  it('an assertion over 16 KiB is rejected', async () => {
    const s = await run(ghClaims({ padding: 'x'.repeat(17 * 1024) }));
    assert.deepEqual(failed(only(s)), ['size']);
  });
});

describe('times: required claims and the 30 s leeway', () => {
  const at = (over: Record<string, unknown>) => run(ghClaims(over));
  it('exp: accepted up to 29 s after it, rejected from 30 s', async () => {
    assert.equal(only(await at({ exp: NOW - 29, iat: NOW - 300 })).accepted, true);
    const late = only(await at({ exp: NOW - 30, iat: NOW - 300 }));
    assert.deepEqual(failed(late), ['exp']);
    assert.match(reasonOf(late, 'exp')!.message, /expired 30 s ago \(exp \d+\), beyond the 30 s leeway/);
  });

  it('iat: up to 30 s in the future is accepted, 31 s is not', async () => {
    assert.equal(only(await at({ iat: NOW + 30, nbf: NOW })).accepted, true);
    assert.deepEqual(failed(only(await at({ iat: NOW + 31, nbf: NOW }))), ['iat']);
  });

  it('nbf: up to 30 s in the future is accepted, 31 s is not; absent is fine', async () => {
    assert.equal(only(await at({ nbf: NOW + 30 })).accepted, true);
    assert.deepEqual(failed(only(await at({ nbf: NOW + 31 }))), ['nbf']);
    assert.equal(only(await at({ nbf: undefined })).accepted, true);
  });

  it('sub, iat and exp are required, and times must be numbers', async () => {
    assert.deepEqual(failed(only(await at({ sub: undefined }))), ['sub', 'subject_prefix']);
    assert.deepEqual(failed(only(await at({ iat: undefined }))), ['iat']);
    assert.deepEqual(failed(only(await at({ exp: undefined }))), ['exp']);
    const text = only(await at({ exp: String(NOW + 100) }));
    assert.match(reasonOf(text, 'exp')!.message, /not a NumericDate/);
  });

  it('exp − iat within the issuer\'s max_jwt_lifetime_seconds (default 3600)', async () => {
    assert.equal(only(await at({ iat: NOW - 10, exp: NOW - 10 + 3600 })).accepted, true);
    const over = only(await at({ iat: NOW - 10, exp: NOW - 10 + 3601 }));
    assert.deepEqual(failed(over), ['lifetime']);
    assert.match(reasonOf(over, 'lifetime')!.message, /exp − iat is 3601 s, more than the 3600 s the issuer "github" accepts/);
    assert.equal(only(await run(ghClaims({ iat: NOW - 10, exp: NOW - 10 + 600 }), { max: 600 })).accepted, true);
    assert.deepEqual(failed(only(await run(ghClaims({ iat: NOW - 10, exp: NOW - 10 + 601 }), { max: 600 }))), ['lifetime']);
  });
});

describe('matchers', () => {
  const decide = async (match: Record<string, unknown>, over: Record<string, unknown> = {}) => only(await run(ghClaims(over), { rules: [{ name: 'main', match }] }));

  it('iss must equal issuer_url byte for byte (a trailing slash counts); a token of another issuer stops there', async () => {
    const d = await decide({ subject_prefix: 'repo:acme/app:*' }, { iss: `${GH}/` });
    assert.deepEqual(d.reasons.map((r) => r.check), ['iss']);
    assert.match(d.reasons[0]!.message, /compared byte for byte \(they differ only in a trailing slash, which counts\)/);
  });

  it('subject_prefix is exact unless it ends in *', async () => {
    assert.equal((await decide({ subject_prefix: 'repo:acme/app:ref:refs/heads/main' })).accepted, true);
    const exact = await decide({ subject_prefix: 'repo:acme/app:ref:refs/heads/main' }, { sub: 'repo:acme/app:ref:refs/heads/main-2' });
    assert.deepEqual(failed(exact), ['subject_prefix']);
    assert.match(reasonOf(exact, 'subject_prefix')!.message, /is not "repo:acme\/app:ref:refs\/heads\/main": subject_prefix is an exact match unless it ends in \*/);
    assert.equal((await decide({ subject_prefix: 'repo:acme/app:*' }, { sub: 'repo:acme/app:pull_request' })).accepted, true);
    const prefix = await decide({ subject_prefix: 'repo:acme/app:*' }, { sub: 'repo:acme/app-sandbox:pull_request' });
    assert.match(reasonOf(prefix, 'subject_prefix')!.message, /does not start with "repo:acme\/app:"/);
    assert.equal((await decide({ subject_prefix: 'Repo:acme/app:*' })).accepted, false, 'case-sensitive');
  });

  it('audience matches any element of aud; without one, Anthropic\'s own audience is assumed', async () => {
    assert.equal((await decide({ subject_prefix: 'repo:acme/app:*', audience: 'https://b' }, { aud: ['https://a', 'https://b'] })).accepted, true);
    const wrong = await decide({ subject_prefix: 'repo:acme/app:*', audience: ANTHROPIC_AUD }, { aud: 'https://github.com/acme' });
    assert.deepEqual(failed(wrong), ['audience']);
    const omitted = await decide({ subject_prefix: 'repo:acme/app:*' });
    assert.equal(omitted.accepted, true);
    assert.match(reasonOf(omitted, 'audience')!.message, /no audience in the rule: Anthropic then expects its own audience, assumed/);
    assert.equal((await decide({ subject_prefix: 'repo:acme/app:*' }, { aud: 'sts.amazonaws.com' })).accepted, false);
  });

  it('claims: exact string equality on top-level claims', async () => {
    assert.equal((await decide({ claims: { repository_owner: 'acme', ref: 'refs/heads/main' } })).accepted, true);
    const d = await decide({ claims: { repository_owner: 'acme', ref: 'refs/heads/main', environment: 'prod', repository_owner_id: 4201 } }, { ref: 'refs/heads/dev' });
    assert.deepEqual(failed(d), ['claims', 'claims', 'claims']);
    const text = d.reasons.map((r) => r.message).join('\n');
    assert.match(text, /claims\.ref: the token has "refs\/heads\/dev", the rule wants "refs\/heads\/main"/);
    assert.match(text, /claims\.environment: the token has no environment claim/);
    assert.match(text, /claims\.repository_owner_id: the rule's value 4201 is not a string/);
    const nested = await decide({ claims: { 'kubernetes.io': 'x' } }, { 'kubernetes.io': { namespace: 'x' } });
    assert.match(reasonOf(nested, 'claims')!.message, /is \{"namespace":"x"\}, not a string; claims compares top-level strings only \(use condition\)/);
  });

  it('condition: CEL over claims; true accepts, false names the false clause and the values it read', async () => {
    const cond = 'claims.repository_owner_id == "4201" && claims.ref in ["refs/heads/main", "refs/heads/release"]';
    assert.equal((await decide({ condition: cond })).accepted, true);
    const f = await decide({ condition: cond }, { ref: 'refs/pull/7/merge' });
    assert.deepEqual(failed(f), ['condition']);
    assert.match(reasonOf(f, 'condition')!.message, /is false: `claims\.ref in \["refs\/heads\/main", "refs\/heads\/release"\]` is false \(claims\.ref is "refs\/pull\/7\/merge"\)/);
    const nested = await decide({ condition: 'claims["https://sts.amazonaws.com/"].aws_account == "123456789012"' }, { 'https://sts.amazonaws.com/': { aws_account: '123456789012' } });
    assert.equal(nested.accepted, true);
    assert.equal((await decide({ condition: 'claims.iat <= claims.exp && size(claims.aud) > 0' })).accepted, true, 'numbers and strings as JSON gives them');
  });

  it('condition errors, non-bool results and parse errors never match', async () => {
    const missing = await decide({ condition: 'claims.environment == "production"' });
    assert.deepEqual(failed(missing), ['condition']);
    assert.match(reasonOf(missing, 'condition')!.message, /fails to evaluate \(field not found: environment\) \(claims\.environment is absent\); only true matches/);
    // CEL's && is commutative over errors: a false conjunct wins even after an error
    const falseAfterError = await decide({ condition: 'claims.environment == "production" && claims.ref == "refs/heads/dev"' });
    assert.match(reasonOf(falseAfterError, 'condition')!.message, /is false: `claims\.ref == "refs\/heads\/dev"` is false/);
    assert.match(reasonOf(await decide({ condition: 'claims.sub' }), 'condition')!.message, /returns "repo:acme\/app:ref:refs\/heads\/main", not a bool/);
    assert.match(reasonOf(await decide({ condition: 'claims.sub ==' }), 'condition')!.message, /does not parse as CEL/);
    assert.equal((await decide({ condition: 'has(claims.environment) || claims.ref == "refs/heads/main"' })).accepted, true);
  });

  it('a rule granting org:admin needs an admin service account', async () => {
    const d = await decide({ subject_prefix: 'repo:acme/app:*' });
    assert.equal(d.accepted, true);
    const admin = only(await run(ghClaims(), { rules: [{ name: 'main', match: { subject_prefix: 'repo:acme/app:*' }, extra: { oauth_scope: 'org:admin' } }] }));
    assert.deepEqual(failed(admin), ['service_account']);
    assert.match(reasonOf(admin, 'service_account')!.message, /organization_role "developer": the exchange is rejected/);
  });

  it('a rule whose issuer is not in the document: iss and keys are assumed, the matchers still decide', async () => {
    const text = JSON.stringify({ name: 'gha', issuer_id: 'fdis_elsewhere', match: { subject_prefix: 'repo:acme/app:*', audience: ANTHROPIC_AUD }, target: { type: 'service_account', service_account_id: 'svac_x' }, workspace_id: 'wrkspc_x', oauth_scope: 'workspace:developer' });
    const s = simulate(rulesOf(text), read(await sign(ghClaims(), { key: rs })), { now: NOW });
    const d = s.results[0]!;
    assert.equal(d.rule, 'gha');
    assert.equal(d.accepted, true);
    assert.match(reasonOf(d, 'iss')!.message, /the rule's issuer fdis_elsewhere is not in this document/);
    assert.deepEqual(d.reasons.filter((r) => r.outcome === 'assumed').map((r) => r.check), ['iss', 'kid', 'signature']);
  });

  it('every rule of the document gets a decision, named by name, else id, else its position', () => {
    const text = JSON.stringify({
      federation_rules: [
        { name: 'named', issuer_id: 'x', match: { subject_prefix: 'a' }, target: { type: 'service_account', service_account_id: 'svac_1' }, oauth_scope: 'workspace:developer' },
        { id: 'fdrl_01abc', issuer_id: 'x', match: { subject_prefix: 'a' }, target: { type: 'service_account', service_account_id: 'svac_1' }, oauth_scope: 'workspace:developer' },
        { issuer_id: 'x', match: { subject_prefix: 'a' }, target: { type: 'service_account', service_account_id: 'svac_1' }, oauth_scope: 'workspace:developer' },
      ],
    });
    const rules: RuleSet = rulesOf(text);
    assert.deepEqual(rules.rules.map((r) => r.name), ['named', 'fdrl_01abc', '#3']);
  });
});

describe('minted lifetime: max(60, min(token_lifetime_seconds, 2 × remaining validity))', () => {
  it('at the edges of the formula', () => {
    assert.equal(anthropicMintedLifetime(600, 3000), 600); // the rule's lifetime caps it
    assert.equal(anthropicMintedLifetime(600, 300), 600); // 2 × 300 = 600: equal
    assert.equal(anthropicMintedLifetime(600, 299), 598); // twice what is left of the assertion
    assert.equal(anthropicMintedLifetime(600, 30), 60); // 2 × 30 = 60
    assert.equal(anthropicMintedLifetime(600, 29), 60); // never under 60
    assert.equal(anthropicMintedLifetime(600, -20), 60); // expired within the leeway
    assert.equal(anthropicMintedLifetime(60, 5000), 60);
  });

  it('in decisions: from the presented token\'s exp and now', async () => {
    const spec = (lifetime: number): RuleSpec => ({ ...MAIN, extra: { token_lifetime_seconds: lifetime } });
    const at = async (exp: number, lifetime = 600) => only(await run(ghClaims({ iat: NOW - 100, exp }), { rules: [spec(lifetime)] })).lifetimeSeconds;
    assert.equal(await at(NOW + 3000), 600);
    assert.equal(await at(NOW + 100), 200);
    assert.equal(await at(NOW + 10), 60);
    assert.equal(await at(NOW - 29), 60);
    assert.equal(await at(NOW + 3000, 86400), 6000);
    const defaulted = rulesOf(manifest([{ ...MAIN, extra: { token_lifetime_seconds: undefined } }], { keys: [rs.jwk] }));
    const s = await verifyAndSimulate(defaulted, read(await sign(ghClaims({ iat: NOW, exp: NOW + 3600 }), { key: rs })), { now: NOW });
    assert.equal(s.results[0]!.lifetimeSeconds, 3600, 'token_lifetime_seconds defaults to 3600');
  });
});
