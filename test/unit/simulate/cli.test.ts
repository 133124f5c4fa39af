// `keyless simulate` as a user runs it: text and JSON output, exit codes (0 whenever it ran, 2 on bad input), which
// part of a bad token is wrong, keys from a file or fetched only when asked, attack mode; and no output ever holds
// the token. Keys and tokens are made at test time.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main, type Io } from '../../../src/cli/main';
import { runSimulate } from '../../../src/cli/simulate';
import { ANTHROPIC_AUD, ghClaims, makeKey, manifest, NOW, sign, type TestKey } from './fixtures';

function capture(): Io & { out: string; err: string } {
  const io = { out: '', err: '', isTTY: false, env: {} as Record<string, string>, stdout: (s: string) => void (io.out += s), stderr: (s: string) => void (io.err += s) };
  return io;
}

let dir: string;
let key: TestKey;
let token: string;
let forged: string;
const tokens: string[] = [];
const path = (f: string) => join(dir, f);

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = capture();
  const code = await main(['simulate', ...args], io);
  for (const t of tokens) {
    assert.ok(!(io.out + io.err).includes(t), 'the output holds a whole token');
    assert.ok(!(io.out + io.err).includes(t.split('.')[2]!), 'the output holds a token\'s signature');
  }
  return { code, out: io.out, err: io.err };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keyless-simulate-'));
  key = await makeKey('RS256', 'k1');
  const other = await makeKey('RS256', 'k1');
  token = await sign(ghClaims({ sub: 'repo:acme/app:pull_request', ref: 'refs/pull/7/merge', event_name: 'pull_request' }), { key });
  forged = await sign(ghClaims(), { key: other });
  tokens.push(token, forged);
  writeFileSync(path('rules.json'), manifest([
    { name: 'wide', match: { subject_prefix: 'repo:acme/app:*', audience: ANTHROPIC_AUD } },
    { name: 'pinned', match: { subject_prefix: 'repo:acme/app:ref:refs/heads/main', audience: ANTHROPIC_AUD } },
  ], { keys: [key.jwk] }));
  writeFileSync(path('discovery-rules.json'), manifest([{ name: 'wide', match: { subject_prefix: 'repo:acme/app:*', audience: ANTHROPIC_AUD } }], { discovery: true }));
  writeFileSync(path('token.jwt'), `${token}\n`);
  writeFileSync(path('forged.jwt'), forged);
  writeFileSync(path('jwks.json'), JSON.stringify({ keys: [key.jwk] }));
  writeFileSync(path('openid-configuration.json'), JSON.stringify({ issuer: 'https://token.actions.githubusercontent.com', jwks_uri: 'https://token.actions.githubusercontent.com/.well-known/jwks' }));
  writeFileSync(path('notes.json'), JSON.stringify({ title: 'not rules' }));
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('keyless simulate: decisions', () => {
  it('text: one line per rule with its grant or its failing checks; exit 0', async () => {
    const r = await cli('--rules', path('rules.json'), '--token', path('token.jwt'), '--now', String(NOW));
    assert.equal(r.code, 0);
    assert.match(r.out, /Token {6}alg "RS256", kid "k1", iss "https:\/\/token\.actions\.githubusercontent\.com", sub "repo:acme\/app:pull_request"/);
    assert.match(r.out, /Signature {2}verified: RS256 signature verified with key "k1" of the inline JWKS of issuer "github"/);
    assert.match(r.out, /ACCEPTED {2}wide {2}\(.*rules\.json:\d+\) {2}→ service account svac_deployer \(deployer\), workspace wrkspc_prod, scope workspace:inference, for 580 s/);
    assert.match(r.out, /rejected {2}pinned .*\n {2}✗ subject_prefix: sub "repo:acme\/app:pull_request" is not "repo:acme\/app:ref:refs\/heads\/main"/);
    assert.match(r.out, /1 of 2 rules accepts this token\./);
  });

  it('JSON: signature and one result per rule, with the documented fields', async () => {
    const r = await cli('--rules', path('rules.json'), '--token', path('token.jwt'), '--now', String(NOW), '--format', 'json');
    assert.equal(r.code, 0);
    const j = JSON.parse(r.out);
    assert.equal(j.signature, 'verified');
    assert.deepEqual(j.token.header, { alg: 'RS256', kid: 'k1', typ: 'JWT' });
    assert.deepEqual(j.results.map((x: { rule: string; accepted: boolean; lifetimeSeconds: number | null; serviceAccount: string }) => [x.rule, x.accepted, x.lifetimeSeconds, x.serviceAccount]), [
      ['wide', true, 580, 'svac_deployer (deployer)'],
      ['pinned', false, null, 'svac_deployer (deployer)'],
    ]);
    for (const x of j.results) for (const reason of x.reasons) assert.deepEqual(Object.keys(reason), ['check', 'outcome', 'message']);
  });

  it('an expired or forged token is a decision, not an error', async () => {
    const expired = await cli('--rules', path('rules.json'), '--token', path('token.jwt'), '--now', String(NOW + 400), '--format', 'json');
    assert.equal(expired.code, 0);
    assert.ok(JSON.parse(expired.out).results.every((x: { accepted: boolean }) => !x.accepted));
    assert.match(expired.out, /expired 110 s ago/);
    const f = await cli('--rules', path('rules.json'), '--token', path('forged.jwt'), '--now', String(NOW));
    assert.equal(f.code, 0);
    assert.match(f.out, /Signature {2}invalid: .*the signature does not verify with its key "k1"/);
    assert.match(f.out, /0 of 2 rules accept this token\./);
  });

  it('the token may be given inline or on standard input, and is never printed', async () => {
    const inline = await cli('--rules', path('rules.json'), '--token', token, '--now', String(NOW));
    assert.equal(inline.code, 0);
    assert.match(inline.out, /ACCEPTED {2}wide/);
    let out = '';
    const code = await runSimulate(['--rules', path('rules.json'), '--token', '-', '--now', String(NOW)], (s) => void (out += s), { readStdin: async () => `${token}\n`, fetch, clock: () => NOW * 1000 });
    assert.equal(code, 0);
    assert.match(out, /ACCEPTED {2}wide/);
    assert.ok(!out.includes(token));
  });

  it('--now defaults to the clock', async () => {
    let out = '';
    await runSimulate(['--rules', path('rules.json'), '--token', path('token.jwt')], (s) => void (out += s), { readStdin: async () => '', fetch, clock: () => (NOW + 1) * 1000 });
    assert.match(out, /now 1800000001/);
  });
});

describe('keyless simulate: keys', () => {
  it('--jwks FILE verifies against that set when the issuer uses discovery', async () => {
    const without = await cli('--rules', path('discovery-rules.json'), '--token', path('token.jwt'), '--now', String(NOW));
    assert.match(without.out, /Signature {2}not-verified: issuer "github" publishes its keys at https:\/\/token\.actions\.githubusercontent\.com\/\.well-known\/openid-configuration; no network call was made/);
    assert.equal(without.out.match(/\? kid: kid "k1" not looked up: issuer "github" publishes its keys at/g)?.length, 1, 'a token-level assumption is printed once');
    const withKeys = await cli('--rules', path('discovery-rules.json'), '--token', path('token.jwt'), '--jwks', path('jwks.json'), '--now', String(NOW));
    assert.match(withKeys.out, /Signature {2}verified: RS256 signature verified with key "k1" of the key set in .*jwks\.json/);
  });

  it('a discovery document as --jwks: its keys are only fetched when asked', async () => {
    const r = await cli('--rules', path('discovery-rules.json'), '--token', path('token.jwt'), '--jwks', path('openid-configuration.json'), '--now', String(NOW));
    assert.equal(r.code, 0);
    assert.match(r.out, /is a discovery document; its keys are at https:\/\/token\.actions\.githubusercontent\.com\/\.well-known\/jwks \(add --fetch-jwks/);
  });

  it('--fetch-jwks follows the issuer\'s discovery document to its JWKS', async () => {
    let server: Server | undefined;
    try {
      const seen: string[] = [];
      server = createServer((req, res) => {
        seen.push(req.url ?? '');
        const base = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
        const body = req.url === '/.well-known/openid-configuration' ? { issuer: base, jwks_uri: `${base}/keys` } : req.url === '/keys' ? { keys: [key.jwk] } : undefined;
        res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
      });
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      writeFileSync(path('local-rules.json'), manifest([{ name: 'wide', match: { subject_prefix: 'repo:acme/app:*', audience: ANTHROPIC_AUD } }], { discovery: true, url: issuer }));
      const local = await sign(ghClaims({ iss: issuer }), { key });
      tokens.push(local);
      writeFileSync(path('local.jwt'), local);
      const off = await cli('--rules', path('local-rules.json'), '--token', path('local.jwt'), '--now', String(NOW));
      assert.match(off.out, /Signature {2}not-verified/);
      assert.deepEqual(seen, [], 'no network call unless asked');
      const on = await cli('--rules', path('local-rules.json'), '--token', path('local.jwt'), '--now', String(NOW), '--fetch-jwks');
      assert.match(on.out, /Signature {2}verified: RS256 signature verified with key "k1" of the JWKS at http:\/\/127\.0\.0\.1:\d+\/keys/);
      assert.deepEqual(seen, ['/.well-known/openid-configuration', '/keys']);
    } finally {
      server?.close();
    }
  });
});

describe('keyless simulate: attacks', () => {
  it('--attacks: text names what gets in; JSON carries the neighbours and the decisions', async () => {
    const text = await cli('--rules', path('rules.json'), '--attacks', '--now', String(NOW));
    assert.equal(text.code, 0);
    assert.match(text.out, /Attacks {4}Attack tokens are signed with a throwaway ES256 key/);
    assert.match(text.out, /wide {2}\(GitHub Actions\)\n {2}subject admits every context of acme\/app/);
    assert.match(text.out, /GETS IN {2}fork-pull-request/);
    assert.match(text.out, /blocked {2}fork-pull-request .*\n.*\n.*subject_prefix: .*\(also accepted by wide\)/);
    assert.match(text.out, /3 neighbour tokens get in/);
    const json = JSON.parse((await cli('--rules', path('rules.json'), '--attacks', '--now', String(NOW), '--format', 'json')).out);
    assert.equal(json.results, undefined, 'no token, no decisions for one');
    assert.equal(json.attacks.holes, 3);
    const pinned = json.attacks.rules.find((t: { rule: string }) => t.rule === 'pinned');
    assert.ok(pinned.attacks.every((a: { getsIn: boolean }) => !a.getsIn));
    assert.deepEqual(Object.keys(pinned.attacks[0]), ['name', 'description', 'expect', 'differs', 'removed', 'acceptedBy', 'getsIn', 'decisions', 'target']);
  });

  it('--attacks with --token: the token is the legitimate one of the rules that accept it', async () => {
    const r = await cli('--rules', path('rules.json'), '--token', path('token.jwt'), '--attacks', '--now', String(NOW));
    assert.match(r.out, /legitimate token \(from --token\): sub "repo:acme\/app:pull_request"/);
  });
});

describe('keyless simulate: bad input exits 2 and says what is wrong', () => {
  const h = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'k1' })).toString('base64url');
  const p = Buffer.from(JSON.stringify({ sub: 'x' })).toString('base64url');
  const cases: [string, () => string[], RegExp][] = [
    ['no --rules', () => ['--token', path('token.jwt')], /simulate needs --rules FILE/],
    ['no --token and no --attacks', () => ['--rules', path('rules.json')], /simulate needs --token JWT_OR_FILE \(or --attacks/],
    ['unreadable rules', () => ['--rules', path('missing.json'), '--token', path('token.jwt')], /cannot read the rules .*missing\.json: no such file/],
    ['a file with no rules', () => ['--rules', path('notes.json'), '--token', path('token.jwt')], /notes\.json holds no federation rules/],
    ['a token file that is not there', () => ['--rules', path('rules.json'), '--token', path('nope.jwt')], /cannot read the token file .*nope\.jwt: no such file/],
    ['wrong number of segments', () => ['--rules', path('rules.json'), '--token', `${h}.${p}`], /the token in --token is not a JWT: the token has 2 dot-separated parts; a signed JWT has 3/],
    ['header not base64url', () => ['--rules', path('rules.json'), '--token', `${h}+x.${p}.c2ln`], /not a JWT: the header \(part 1\) is not base64url/],
    ['payload not JSON', () => ['--rules', path('rules.json'), '--token', `${h}.${Buffer.from('{"sub"').toString('base64url')}.c2ln`], /not a JWT: the payload \(part 2\) is not JSON/],
    ['neither a file nor a JWT', () => ['--rules', path('rules.json'), '--token', 'hello'], /--token is neither a file nor a JWT/],
    ['--now not a number', () => ['--rules', path('rules.json'), '--token', path('token.jwt'), '--now', 'yesterday'], /--now takes seconds since the epoch/],
    ['--format unknown', () => ['--rules', path('rules.json'), '--token', path('token.jwt'), '--format', 'sarif'], /--format must be one of text, json/],
    ['--jwks not JSON', () => ['--rules', path('rules.json'), '--token', path('token.jwt'), '--jwks', path('token.jwt')], /the key set .*token\.jwt is not JSON/],
    ['--jwks not a key set', () => ['--rules', path('rules.json'), '--token', path('token.jwt'), '--jwks', path('notes.json')], /is not a JWKS: expected \{"keys": \[\.\.\.\]\}/],
    ['a positional argument', () => ['--rules', path('rules.json'), path('token.jwt')], /simulate takes no positional arguments/],
    ['an unknown option', () => ['--rules', path('rules.json'), '--bogus'], /Unknown option '--bogus'/],
  ];
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const r = await cli(...args());
      assert.equal(r.code, 2, r.err);
      assert.equal(r.out, '');
      assert.match(r.err, new RegExp(`^keyless: .*${message.source}`));
    });
  }

  it('--help lists simulate', async () => {
    const io = capture();
    assert.equal(await main(['simulate', '--help'], io), 0);
    assert.match(io.out, /keyless simulate --rules FILE --token JWT_OR_FILE/);
  });
});
