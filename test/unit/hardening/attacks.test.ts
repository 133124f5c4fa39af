// The classic attacks on a document reader, one by one: alias bombs, nesting 10,000 deep, 10 MB single lines, huge
// files, binary content with a text extension, invalid UTF-8 and byte order marks, CR/CRLF/mixed line ends (the
// findings must stay on the same text), JWTs with giant or malformed parts, and CEL conditions built to be slow. Each
// must end in a result or a clear error, in bounded time, never in a throw or a hang.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseCel } from '../../../src/core/cel';
import { formatScalar } from '../../../src/core/edit';
import { check } from '../../../src/core/engine';
import type { Finding } from '../../../src/core/model';
import { allowCommentEdit } from '../../../src/core/secrets/allow';
import { keys } from '../../../src/core/secrets/samples';
import { scanText } from '../../../src/core/secrets/scan';
import { loadRuleSet, parseToken, runAttacks, simulate } from '../../../src/core/simulate';
import { MAX_COMPREHENSION_STEPS, MAX_LIST_READS } from '../../../src/core/simulate/cel-eval';
import { MAX_JSON_DEPTH } from '../../../src/core/simulate/token';
import { ghClaims, manifest, NOW } from '../simulate/fixtures';
import { assertCheckResult, assertEditsApply, assertSpan, EXTRA_DOCS, fixtureDocs, PER_INPUT_MS, ROOT, timed } from './hostile';

const MB = 1024 * 1024;

/** check() on hostile input: the result keeps its promises, in time. */
function checkWithin(text: string, path: string, ms: number, explicit = true) {
  const r = timed(() => check(text, path, { explicit }));
  assertCheckResult(text, r.value, path);
  assert.ok(r.ms < ms, `${path}: check took ${r.ms.toFixed(0)} ms on ${text.length} characters (bound ${ms} ms)`);
  return r.value;
}

function scanWithin(text: string, path: string, ms: number) {
  const r = timed(() => scanText(text, path));
  for (const f of r.value) assertSpan(f.span, text.length, f.detectorId, true);
  assert.ok(r.ms < ms, `${path}: scan took ${r.ms.toFixed(0)} ms on ${text.length} characters (bound ${ms} ms)`);
  return r.value;
}

/**
 * Cost at 1x and 4x the size, best of three each: a linear cost grows about 4 times, a quadratic one 16 times. The
 * bound of 8 leaves room for a busy machine without letting a quadratic cost through, and a miss is measured again
 * (up to three times: someone else's work can slow one measurement, never a quadratic algorithm down to linear).
 * `make` gets a variant number so that inputs differ from run to run where a cache would answer the second time.
 */
function assertLinear(what: string, make: (n: number, variant: number) => string, run: (text: string) => unknown, n: number): void {
  let variant = 0;
  const best = (size: number) => Math.min(...[0, 1, 2].map(() => timed(() => run(make(size, variant++))).ms));
  run(make(n, variant++)); // warm up, at both sizes
  run(make(4 * n, variant++));
  const seen: string[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const [a, b] = [best(n), best(4 * n)];
    if (b < Math.max(8 * a, 40)) return;
    seen.push(`${a.toFixed(1)} ms -> ${b.toFixed(1)} ms`);
  }
  assert.fail(`${what}: not linear from ${make(n, 0).length} to ${make(4 * n, 0).length} characters (${seen.join('; ')})`);
}

const messages = (fs: readonly Finding[]) => fs.map((f) => `${f.ruleId}: ${f.message}`);

describe('classic attacks', () => {
  describe('YAML alias bombs (billion laughs)', () => {
    // nine levels of nine aliases each: 9^9 (387 million) strings if anything expanded it
    const levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i < 9; i++) {
      const [prev, name] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const bomb = levels.join('\n');
    const docs: [string, string][] = [
      ['bomb.yaml', `${bomb}\n`],
      ['k8s/pod.yaml', `${bomb}\napiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: *i\nspec:\n  containers:\n    - name: app\n      image: app\n      env: *i\n`],
      ['.github/workflows/ci.yml', `on: push\n${bomb}\njobs:\n  build:\n    runs-on: *i\n    env: *i\n    steps: *i\n`],
      ['docker-compose.yml', `${bomb}\nservices:\n  app:\n    image: app\n    environment: *i\n`],
      ['federation/manifest.yaml', `${bomb}\nfederation_rules:\n  - name: bomb\n    issuer_id: x\n    match: { subject_prefix: *i, audience: *i, claims: *i }\n    target: *i\n    oauth_scope: *i\n`],
      ['trust.yaml', `${bomb}\nVersion: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Principal: { Federated: *i }\n    Action: sts:AssumeRoleWithWebIdentity\n    Condition: { StringEquals: *i, StringLike: { x: *i } }\n`],
    ];
    for (const [path, text] of docs) {
      it(path, () => {
        const r = checkWithin(text, path, PER_INPUT_MS);
        if (path !== 'bomb.yaml') assert.ok(r.kinds.length > 0, `${path}: read as a document of its kind, so its rules meet the bomb`);
        scanWithin(text, path, PER_INPUT_MS);
      });
    }

    it('the simulator reads rules whose every field is the bomb', () => {
      const text = docs[4]![1];
      const { value: rules, ms } = timed(() => loadRuleSet(text, 'federation/manifest.yaml'));
      assert.ok(ms < PER_INPUT_MS, `loadRuleSet took ${ms.toFixed(0)} ms`);
      const token = parseToken(`${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(ghClaims())).toString('base64url')}.c2ln`);
      assert.ok(token.ok);
      const sim = timed(() => simulate(rules, token.token, { now: NOW }));
      assert.ok(sim.ms < PER_INPUT_MS, `simulate took ${sim.ms.toFixed(0)} ms`);
      assert.equal(sim.value.results.length, 1);
      assert.equal(sim.value.results[0]!.accepted, false);
    });

    it('aliases that point back into themselves (a cycle)', () => {
      for (const text of ['a: &a [*a, *a]\n', 'a: &a { b: *a, c: [*a] }\nk: *a\n', 'apiVersion: v1\nkind: Pod\nspec: &s\n  containers: [*s]\n  volumes: *s\n']) {
        checkWithin(text, 'x.yaml', PER_INPUT_MS);
        checkWithin(text, 'k8s/pod.yaml', PER_INPUT_MS, false);
      }
    });
  });

  describe('what broke the parsers before', () => {
    it('input that makes the YAML parser throw is a parse problem', () => {
      const r = checkWithin('(: [? ', 'rule.yaml', PER_INPUT_MS);
      assert.deepEqual(messages(r.findings), ['core/parse-error: The YAML parser could not read this document (PARSER_FAILED)']);
    });

    it('an unterminated JSON document keeps every span inside the text', () => {
      const demo = readFileSync(join(ROOT, 'demo/federation/openai.json'), 'utf8');
      checkWithin(`{${demo.replace(/\n/g, '\r\n').replace('"repository"', '\u0000repository"')}`, 'demo/federation/openai.json', PER_INPUT_MS, false);
    });

    it('keys the YAML parser makes up while recovering (at offset -1) are not read', () => {
      const trust = readFileSync(join(ROOT, 'test/fixtures/workspace/unopened/tokens.json'), 'utf8');
      const text = trust.slice(1).replace('"ForAllValues:StringEquals": {', '"ForAllValues:StringEquals": {\uFEFF');
      const r = checkWithin(text, 'test/fixtures/workspace/unopened/tokens.json', PER_INPUT_MS, false);
      assert.ok(!r.findings.some((f) => f.message.includes('Duplicate key ""')), messages(r.findings).join('; '));
    });
  });

  describe('super-linear regular expressions, end to end (each took seconds to minutes before)', () => {
    it('an issuer URL of 100,000 slashes: checked, loaded, simulated and attacked', async () => {
      const url = `https://token.actions.githubusercontent.com${'/'.repeat(100_000)}x`;
      const text = manifest([{ name: 'main', match: { subject_prefix: 'repo:acme/app:ref:refs/heads/main' } }], { url });
      checkWithin(text, 'federation/manifest.json', PER_INPUT_MS, false);
      const rules = loadRuleSet(text, 'federation/manifest.json');
      const token = parseToken(`${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(ghClaims({ iss: `${url}/` }))).toString('base64url')}.c2ln`);
      assert.ok(token.ok);
      assert.ok(timed(() => simulate(rules, token.token, { now: NOW })).ms < PER_INPUT_MS);
      const start = performance.now();
      await runAttacks(rules, { now: NOW });
      assert.ok(performance.now() - start < 5 * PER_INPUT_MS);
    });

    it('an OpenAI discovery URL of 50,000 colons and a fragment with a line break', () => {
      const doc = JSON.stringify({ workload_identity_providers: [{ name: 'p', issuer: 'https://token.actions.githubusercontent.com', verification: { type: 'discovery', discovery_url: `A://${':'.repeat(50_000)}#\n` }, federation_rules: [] }] });
      checkWithin(doc, 'openai.json', PER_INPUT_MS, false);
    });

    it('a connections.toml line of "[" and 4,000 tabs above a password', () => {
      const text = `[\t${'\t'.repeat(4000)}x\npassword = "${keys.password('toml', 20)}"\n`.repeat(20);
      scanWithin(text, 'connections.toml', PER_INPUT_MS);
    });

    it('"Mark as reviewed" in a Swift file with a run of 80,000 "#"', () => {
      const text = `let a = 1\n${'#'.repeat(80_000)}\nlet token = "${keys.github('ghp', 'swift')}"\n`;
      const [f] = scanWithin(text, 'a.swift', PER_INPUT_MS);
      assert.ok(f);
      const { value: edits, ms } = timed(() => allowCommentEdit(text, 'a.swift', f.span));
      assert.ok(ms < PER_INPUT_MS, `${ms.toFixed(0)} ms`);
      assertEditsApply(text, edits ?? [], 'allow comment');
    });

    it('a first line of 1 MB after "#!" (the interpreter is looked for in its first 512 characters)', () => {
      const text = `#!/${'k.'.repeat(500_000)}\ntoken = "${keys.github('ghp', 'shebang')}"\n`;
      const [f] = scanWithin(text, 'run', PER_INPUT_MS);
      assert.ok(f);
      assert.ok(timed(() => allowCommentEdit(text, 'run', f.span)).ms < PER_INPUT_MS);
    });

    it('a fix writing a value of 40,000 digits and a letter (does YAML read it as a number?)', () => {
      const { value, ms } = timed(() => formatScalar(`${'8'.repeat(40_000)}U`));
      assert.ok(ms < PER_INPUT_MS, `${ms.toFixed(0)} ms`);
      assert.equal(value.length, 40_001, 'plain: not a number');
      assert.equal(formatScalar('1_000'), '"1_000"', 'a YAML 1.1 number is quoted');
    });
  });

  describe('nesting 10,000 deep', () => {
    const cases: [string, string, string][] = [
      ['JSON arrays', 'x.json', `${'['.repeat(10_000)}${']'.repeat(10_000)}`],
      ['JSON objects', 'x.json', `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`],
      ['JSON, unclosed', 'x.json', '['.repeat(10_000)],
      ['YAML flow', 'x.yaml', `a: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`],
      ['YAML flow maps', 'x.yaml', `k: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`],
      ['YAML block sequences', 'x.yaml', `${'- '.repeat(10_000)}x\n`],
      ['YAML block maps (2,000 levels: the text grows with the square of the depth)', 'x.yaml', Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')],
      ['a Kubernetes manifest', 'k8s/pod.yaml', `apiVersion: v1\nkind: Pod\nspec: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`],
      ['an IAM policy', 'trust.json', `{"Version": "2012-10-17", "Statement": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`],
    ];
    for (const [what, path, text] of cases) {
      it(`${what}: reported as too deep (or read), never a stack overflow`, () => {
        const r = checkWithin(text, path, PER_INPUT_MS);
        assert.ok(r.findings.some((f) => f.ruleId === 'core/parse-error' && /deep/i.test(f.message)), `${what}: ${messages(r.findings).join('; ')}`);
        scanWithin(text, path, PER_INPUT_MS);
      });
    }
  });

  describe('10 MB on a single line', () => {
    const line = (unit: string, size = 10 * MB) => unit.repeat(Math.ceil(size / unit.length));
    const cases: [string, string][] = [
      ['small.json', `{"a": "${line('x', 4 * MB)}"}`], // under the 5 MB past which YAML and JSON are not parsed
      ['small.yaml', `a: ${line('y', 4 * MB)}`],
      ['x.yaml', line('a')],
      ['x.json', `{"a": "${line('x')}"}`],
      ['.env', `KEY=${line('v')}`],
      ['Dockerfile', `FROM node\nENV A=${line('b')}`],
      ['wif.sql', `CREATE USER x WORKLOAD_IDENTITY = (ISSUER = '${line('i')}')`],
      ['k8s/pod.yaml', `apiVersion: v1\nkind: Pod\nmetadata: {name: ${line('n')}}`],
    ];
    for (const [path, text] of cases) {
      it(`checker: ${path}`, () => void checkWithin(text, path, 5 * PER_INPUT_MS));
    }
    for (const unit of ['sk-ant-api03-', 'AKIA', 'eyJhbGciOi.', 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=', '=', 'ghp_', '-----BEGIN PRIVATE KEY-----', 'password=']) {
      it(`scanner: ${JSON.stringify(unit)} repeated`, () => void scanWithin(line(unit), 'src/bundle.js', 5 * PER_INPUT_MS));
    }
  });

  describe('huge files: cost linear in the size', () => {
    const repeat = (unit: string) => (n: number) => unit.repeat(n);
    it('a Kubernetes manifest of many containers', () => {
      const container = '    - name: app\n      image: app:1\n      env:\n        - name: ANTHROPIC_API_KEY\n          value: ""\n';
      assertLinear('k8s', (n) => `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n${container.repeat(n)}`, (t) => check(t, 'k8s/pod.yaml'), 300);
    });
    it('a dotenv file of many variables', () => assertLinear('.env', repeat('ANTHROPIC_BASE_URL=https://api.anthropic.com\nAPP_MODE=prod # comment\n'), (t) => check(t, '.env'), 4000));
    it('a SQL script of many statements', () => {
      const stmt = "CREATE USER svc_x TYPE = SERVICE WORKLOAD_IDENTITY = (TYPE = OIDC ISSUER = 'https://token.actions.githubusercontent.com' SUBJECT = 'repo:acme/app:ref:refs/heads/main');\n";
      assertLinear('sql', repeat(stmt), (t) => check(t, 'wif.sql'), 300);
    });
    it('an IAM policy of many statements', () => {
      const st = '{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/*"}}}';
      assertLinear('iam', (n) => `{"Version": "2012-10-17", "Statement": [${Array(n).fill(st).join(',\n')}]}`, (t) => check(t, 'trust.json'), 150);
    });
    it('the scanner on text full of near-matches', () => assertLinear('scan', repeat('sk-ant-api03-AAAA AKIAXXXX ghp_x eyJx. password= '), (t) => scanText(t, 'src/a.ts'), 20_000));
  });

  describe('binary content under a text extension', () => {
    // a PNG header, then bytes of every value: decoded as UTF-8 (replacement characters) and as Latin-1 (controls)
    const bytes = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919 + (i >> 8)) & 0xff)]);
    const texts = [new TextDecoder('utf-8').decode(bytes), new TextDecoder('latin1').decode(bytes), String.fromCharCode(...bytes.subarray(0, 50_000)).replace(/[\s\S]/g, (c) => c + '\u0000')];
    for (const path of ['config.yaml', 'x.json', '.env', 'Dockerfile', 'x.sql', '.github/workflows/x.yml', 'src/a.ts']) {
      it(path, () => {
        for (const t of texts) {
          checkWithin(t, path, PER_INPUT_MS);
          scanWithin(t, path, PER_INPUT_MS);
        }
      });
    }
  });

  describe('invalid UTF-8, lone surrogates and byte order marks', () => {
    const docs = [...fixtureDocs(), ...EXTRA_DOCS].filter((d) => check(d.text, d.path).kinds.length > 0);

    it('invalid UTF-8 (decoded to replacement characters) and lone surrogates inside every fixture', () => {
      const invalid = new TextDecoder('utf-8').decode(Uint8Array.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0xff, 0xfe]));
      for (const d of docs) {
        for (const junk of [invalid, '\uD800', '\uDFFF\uD800', '\uFFFE\uFFFF']) {
          const mid = d.text.indexOf('\n', d.text.length >> 1);
          const text = `${d.text.slice(0, mid)}${junk}${d.text.slice(mid)}`;
          checkWithin(text, d.path, PER_INPUT_MS);
          scanWithin(text, d.path, PER_INPUT_MS);
        }
      }
    });

    it('a byte order mark moves every finding by exactly one character, and changes nothing else', () => {
      for (const d of docs) {
        const plain = check(d.text, d.path);
        const bom = checkWithin(`\uFEFF${d.text}`, d.path, PER_INPUT_MS, false);
        assert.deepEqual(bom.kinds, plain.kinds, d.path);
        const shifted = plain.findings.map((f) => `${f.ruleId}/${f.messageId}@${f.span.start + 1}-${f.span.end + 1}`);
        assert.deepEqual(bom.findings.map((f) => `${f.ruleId}/${f.messageId}@${f.span.start}-${f.span.end}`), shifted, d.path);
      }
    });
  });

  describe('CR, CRLF and mixed line ends: the same findings, on the same text', () => {
    const docs = [...fixtureDocs(), ...EXTRA_DOCS].filter((d) => check(d.text, d.path).kinds.length > 0);
    const unify = (s: string) => s.replace(/\r\n?/g, '\n');
    const endings: [string, (t: string) => string][] = [
      ['CRLF', (t) => t.replace(/\r?\n/g, '\r\n')],
      ['CR', (t) => t.replace(/\r?\n/g, '\r')],
      ['mixed', (t) => {
        let k = 0;
        return t.replace(/\r?\n/g, () => ['\r\n', '\n', '\r'][k++ % 3]!);
      }],
    ];
    for (const [name, convert] of endings) {
      it(name, () => {
        for (const d of docs) {
          const text = convert(d.text);
          const found = (t: string, fs: readonly Finding[]) => fs.map((f) => `${f.ruleId}/${f.messageId} on ${JSON.stringify(unify(t.slice(f.span.start, f.span.end)))}`).sort();
          const r = checkWithin(text, d.path, PER_INPUT_MS, false);
          assert.deepEqual(found(text, r.findings), found(d.text, check(d.text, d.path).findings), `${name}: ${d.path}`);
          // a fix inserts line breaks of the document's own kind (CRLF documents: CRLF)
          if (name === 'CRLF') {
            for (const f of r.findings) for (const fix of f.fixes) for (const e of fix.edits) assert.ok(!/(^|[^\r])\n/.test(e.newText), `${d.path}: ${f.ruleId} fix "${fix.title}" inserts a bare LF`);
          }
        }
      });
    }
  });

  describe('JWTs with giant or malformed parts', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    const header = b64('{"alg":"RS256","kid":"k"}');
    const payload = b64(JSON.stringify(ghClaims()));
    const cases: [string, string, string][] = [
      ['a 10 MB header', `${'A'.repeat(10 * MB)}.${payload}.c2ln`, 'header'],
      ['a 10 MB payload of JSON', `${header}.${b64(`{"x":"${'y'.repeat(8 * MB)}"}`)}.c2ln`, 'ok'],
      ['a 10 MB signature', `${header}.${payload}.${'A'.repeat(10 * MB)}`, 'ok'],
      ['a million dots', '.'.repeat(1_000_000), 'token'],
      ['five parts (a JWE)', `${header}.${payload}.a.b.c`, 'token'],
      ['padding and base64 characters', `${header}=.${payload}.c2ln`, 'header'],
      ['a header that is not JSON', `${b64('{"alg":')}.${payload}.c2ln`, 'header'],
      ['a header that is JSON but not an object', `${b64('["RS256"]')}.${payload}.c2ln`, 'header'],
      ['a payload of invalid UTF-8', `${header}.${Buffer.from([0xc3, 0x28, 0xff]).toString('base64url')}.c2ln`, 'payload'],
      ['a payload nested 100,000 deep', `${header}.${b64(`{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`)}.c2ln`, 'payload'],
      ['a header nested 5,000 deep', `${b64(`{"alg":"RS256","x":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`)}.${payload}.c2ln`, 'header'],
      ['an impossible length', `${header}.${payload}.c2lnX`, 'signature'],
      ['an empty signature', `${header}.${payload}.`, 'signature'],
      ['lone surrogates', `${header}\uD800.${payload}.c2ln`, 'header'],
      ['Bearer and nothing', 'Bearer   ', 'token'],
    ];
    for (const [what, input, expected] of cases) {
      it(`${what}: ${expected === 'ok' ? 'read' : `the ${expected} is named`}, in time`, () => {
        const { value: r, ms } = timed(() => parseToken(input));
        assert.ok(ms < PER_INPUT_MS, `${what}: ${ms.toFixed(0)} ms`);
        if (expected === 'ok') {
          assert.ok(r.ok, r.ok ? '' : r.message);
          return;
        }
        assert.ok(!r.ok, `${what}: read as a token`);
        assert.equal(r.part, expected, r.message);
        assert.ok(r.message.length < 300, 'the message does not repeat the input');
        if (what.includes('nested')) assert.match(r.message, new RegExp(`nested more than ${MAX_JSON_DEPTH} levels`));
      });
    }

    it('a giant token is decided on (rejected for its size by Anthropic), not crashed on', () => {
      const r = parseToken(`${header}.${b64(JSON.stringify(ghClaims({ blob: 'x'.repeat(4 * MB) })))}.c2ln`);
      assert.ok(r.ok);
      const rules = loadRuleSet(manifest([{ name: 'main', match: { subject_prefix: 'repo:acme/app:ref:refs/heads/main' } }]), 'federation/manifest.json');
      const { value: sim, ms } = timed(() => simulate(rules, r.token, { now: NOW }));
      assert.ok(ms < PER_INPUT_MS, `simulate took ${ms.toFixed(0)} ms`);
      assert.equal(sim.results[0]!.accepted, false);
      assert.equal(sim.results[0]!.reasons.find((x) => x.check === 'size')?.outcome, 'fail');
    });
  });

  describe('CEL conditions built to be slow', () => {
    const cond = (condition: string) => manifest([{ name: 'main', match: { subject_prefix: 'repo:acme/app:ref:refs/heads/main', condition } }]);
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    const read = parseToken(`${b64('{"alg":"RS256"}')}.${b64(JSON.stringify(ghClaims({ l: Array.from({ length: 300 }, (_, i) => `v${i}`), sub: `${'a'.repeat(20_000)}!` })))}.c2ln`);
    assert.ok(read.ok);
    const token = read.token;

    /** Checked and simulated within the bound; the simulation decides (a condition that cannot be read is not true). */
    function hostile(condition: string, bound = PER_INPUT_MS): void {
      const text = cond(condition);
      checkWithin(text, 'federation/manifest.json', bound, false);
      const rules = loadRuleSet(text, 'federation/manifest.json');
      const { value: sim, ms } = timed(() => simulate(rules, token, { now: NOW }));
      assert.ok(ms < bound, `simulate took ${ms.toFixed(0)} ms`);
      assert.equal(sim.results.length, 1);
    }

    const cases: [string, string][] = [
      ['5,000 nested parentheses', `${'('.repeat(5000)}claims.sub == "x"${')'.repeat(5000)}`],
      ['a field chain 5,000 long', `claims${'.a'.repeat(5000)} == "x"`],
      ['an index chain 5,000 long', `claims${'["a"]'.repeat(5000)} == "x"`],
      ['20,000 negations', `${'!'.repeat(20_000)}true`],
      ['lists nested 2,000 deep', `claims.sub in ${'['.repeat(2000)}"x"${']'.repeat(2000)}`],
      ['a 100,000-character string literal', `claims.sub == "${'a'.repeat(100_000)}"`],
      ['a 200,000-character string literal (past the parser\'s reach)', `claims.sub == "${'a'.repeat(200_000)}" && claims.ref == "refs/heads/main"`],
      ['a list of 20,000 literals', `claims.sub in [${Array(20_000).fill('"a"').join(',')}]`],
      ['a 10,000-character regular expression', `claims.sub.matches("^${'(a|b)'.repeat(2000)}$")`],
      ['a backtracking regular expression on a 20,000-character claim (RE2: linear)', 'claims.sub.matches("^(a+)+$")'],
      ['comprehensions nested three deep over a claim list of 300 (27 million steps unless cut short)', 'claims.l.exists(x, claims.l.exists(y, claims.l.exists(z, x + y + z == "")))'],
      ['a ternary chain 3,000 long', `${'claims.sub == "x" ? true : '.repeat(3000)}false`],
      ['unbalanced brackets, 50,000 of them', '('.repeat(50_000)],
    ];
    for (const [what, condition] of cases) it(what, () => hostile(condition, 5 * PER_INPUT_MS));

    it('a condition too deep to analyse (or to parse) is opaque, not a syntax error', () => {
      // 5,000 fields deep: parsed, deeper than the analyses go; 5,000 parentheses: deeper than the parser goes
      for (const c of [`claims${'.a'.repeat(5000)} == "x"`, `${'('.repeat(5000)}claims.sub == "x"${')'.repeat(5000)}`]) {
        const parsed = parseCel(c);
        assert.equal(parsed.root, undefined);
        assert.equal(parsed.error, undefined, parsed.error?.message);
        const found = check(cond(c), 'federation/manifest.json').findings.filter((f) => f.ruleId === 'anthropic/cel-condition' && f.messageId === 'syntax');
        assert.deepEqual(messages(found), []);
      }
      // a mistake the brackets show is still reported
      assert.match(parseCel(`${'('.repeat(5000)}claims.sub == "x"`).error?.message ?? '', /never closed/);
    });

    it('comprehensions nested over a claim list stop after a bounded number of reads, with a reason', () => {
      const rules = loadRuleSet(cond('claims.l.exists(x, claims.l.exists(y, claims.l.exists(z, x + y + z == "")))'), 'federation/manifest.json');
      const reason = simulate(rules, token, { now: NOW }).results[0]!.reasons.find((r) => r.check === 'condition');
      assert.equal(reason?.outcome, 'fail');
      // whichever bound is met first: the elements of claim lists read, or the comprehension steps taken
      assert.match(reason!.message, new RegExp(`stops evaluating after (reading ${MAX_LIST_READS.toLocaleString('en')} elements|${MAX_COMPREHENSION_STEPS.toLocaleString('en')} comprehension steps)`));
      // a single comprehension over the same list is read in full
      const one = loadRuleSet(cond('claims.l.exists(x, x == "v299")'), 'federation/manifest.json');
      assert.equal(simulate(one, token, { now: NOW }).results[0]!.reasons.find((r) => r.check === 'condition')?.outcome, 'pass');
    });

    it('a condition that returns a value JSON cannot write (a uint, a list of ints, a duration) is explained, not thrown on', () => {
      for (const [c, shown] of [['2u', 'returns 2,'], ['[1, 2u]', 'returns [1,2],'], ['duration("1s")', 'returns a google.protobuf.Duration,']] as const) {
        const reason = simulate(loadRuleSet(cond(c), 'federation/manifest.json'), token, { now: NOW }).results[0]!.reasons.find((r) => r.check === 'condition');
        assert.equal(reason?.outcome, 'fail');
        assert.ok(reason!.message.includes(shown), reason!.message);
      }
    });

    it('a long && chain: checker and simulator cost linear in its length', () => {
      // conditions and their parts differ from run to run: the parse and program caches must not answer
      const chain = (n: number, variant: number) => cond(Array.from({ length: n }, (_, i) => `claims.c${i % 50} == "x${variant}"`).join(' && '));
      assertLinear('check', chain, (t) => check(t, 'federation/manifest.json'), 500);
      assertLinear('simulate', chain, (t) => simulate(loadRuleSet(t, 'federation/manifest.json'), token, { now: NOW }), 500);
    });
  });
});
