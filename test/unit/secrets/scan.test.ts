// scanText as a whole: generated keys found at their exact offsets inside random text (fast-check), random text
// without keys found clean, inline suppression, long lines and line breaks, overlaps, robustness and linear cost.
// Assertions compare spans, ids and masked values, never keys.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Span } from '../../../src/core/model';
import { DETECTORS } from '../../../src/core/secrets/detectors';
import { keys } from '../../../src/core/secrets/samples';
import { LONG_LINE, REACH, scanText } from '../../../src/core/secrets/scan';
import type { SecretDetector, SecretFinding } from '../../../src/core/secrets/types';

const spanOf = (f: SecretFinding): Span => f.span;
const ids = (fs: readonly SecretFinding[]): string[] => fs.map((f) => `${f.detectorId}@${f.span.start}${f.suppressed ? ' suppressed' : ''}`);

/** A generated key of each fixed format, and the detector that must report it. */
const GENERATORS: readonly (readonly [string, (seed: string) => string])[] = [
  ['anthropic-api-key', (s) => keys.anthropic('api03', s)],
  ['anthropic-admin-key', (s) => keys.anthropic('admin01', s)],
  ['anthropic-oauth-token', (s) => keys.anthropicOAuth(s)],
  ['openai-project-key', (s) => keys.openai('proj', s)],
  ['openai-service-account-key', (s) => keys.openai('svcacct', s)],
  ['openai-admin-key', (s) => keys.openai('admin', s)],
  ['openai-legacy-key', (s) => keys.openai('legacy', s)],
  ['aws-access-key', (s) => keys.awsKeyId('AKIA', s)],
  ['aws-bedrock-api-key', (s) => keys.bedrock(s)],
  ['github-pat', (s) => keys.github('ghp', s)],
  ['github-app-installation-token', (s) => keys.github('ghs', s)],
  ['github-fine-grained-pat', (s) => keys.githubFineGrained(s)],
  ['google-api-key', (s) => keys.googleApiKey(s)],
  ['azure-client-secret', (s) => keys.azureSecret(s)],
  ['slack-bot-token', (s) => keys.slackBot(s)],
  ['slack-user-token', (s) => keys.slackUser(s)],
  ['slack-app-token', (s) => keys.slackApp(s)],
  ['slack-refresh-token', (s) => keys.slackRefresh(s)],
  ['slack-webhook', (s) => keys.slackWebhook(s)],
  ['stripe-live-secret-key', (s) => keys.stripe('sk_live', s)],
  ['stripe-test-key', (s) => keys.stripe('sk_test', s)],
  ['private-key', (s) => keys.pem('RSA', s)],
  ['jwt', (s) => keys.jwt({ iss: 'https://token.actions.githubusercontent.com', sub: `repo:acme/${s}:ref:refs/heads/main`, exp: 4102444800 }, s)],
];

const PREFIX_ONLY = new Set(['anthropic-oauth-token', 'aws-bedrock-api-key']);

// filler that cannot glue onto a key: the separators around a key are whitespace
const filler = fc.string({ maxLength: 60 });
const separator = fc.constantFrom(' ', '\n', '\r\n', '\t', ' = ', ': ', '\n\n');

describe('scanText: generated keys in random text', () => {
  it('finds every embedded key at its exact offsets, and nothing else', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(filler, separator, fc.integer({ min: 0, max: GENERATORS.length - 1 }), fc.string({ minLength: 1, maxLength: 8 }), separator), { minLength: 1, maxLength: 6 }),
        filler,
        (parts, tail) => {
          let text = '';
          const expected: string[] = [];
          for (const [fill, before, g, seed, after] of parts) {
            const [id, make] = GENERATORS[g]!;
            const key = make(seed);
            text += fill + before;
            expected.push(`${id}@${text.length}-${text.length + key.length}`);
            text += key + after;
          }
          text += tail;
          const found = scanText(text, 'random.txt').map((f) => `${f.detectorId}@${f.span.start}-${f.span.end}`);
          assert.deepEqual(found, expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds nothing in random text without keys', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), fc.string({ unit: 'binary', maxLength: 500 }), (ascii, unicode) => {
        assert.deepEqual(ids(scanText(ascii + unicode, 'random.txt')), []);
      }),
      { numRuns: 300 },
    );
  });

  it('finds nothing in random text built from keyword fragments', () => {
    const fragments = [...new Set(DETECTORS.flatMap((d) => d.keywords))].flatMap((k) => [k, k.toUpperCase()]);
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 12 })), { maxLength: 80 }), (pieces) => {
        // formats that are a prefix plus any characters (docs/domain §6: "prefix only") can be formed from fragments;
        // so can an AWS key id (a prefix plus any 16 base32 characters, no checksum): `A3T` + `SECRETACCESSKEYLF` is one
        const found = scanText(pieces.join(''), 'random.txt').filter(
          (f) => !PREFIX_ONLY.has(f.detectorId) && f.detectorId !== 'aws-access-key' && f.provider !== 'Snowflake' && f.provider !== 'Stripe',
        );
        assert.deepEqual(ids(found), []);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('scanText: look-alikes in realistic files', () => {
  const sha1 = '3f786850e387550fdab836ed7e6dc881de23001b';
  const sha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
  const integrity = `sha512-${keys.awsSecret('i1')}${keys.awsSecret('i2').slice(0, 46)}==`;
  const docs: readonly (readonly [string, string])[] = [
    ['package-lock.json', `{"node_modules/a": {"resolved": "https://registry.npmjs.org/a/-/a-1.0.0.tgz", "integrity": "${integrity}"},\n "b": {"resolved": "git+ssh://git@github.com/acme/b.git#${sha1}"}}`],
    ['yarn.lock', `a@^1.0.0:\n  resolved "https://codeload.github.com/acme/a/tar.gz/${sha1}"\n  checksum ${sha256}\n`],
    ['.github/workflows/ci.yml', 'env:\n  ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC_API_KEY }}\n  AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}\n  GITHUB_TOKEN: ${{ github.token }}\n  SNOWFLAKE_PASSWORD: ${{ secrets.SF }}\n'],
    ['app.py', 'client = Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])\nopenai.api_key = os.getenv("OPENAI_API_KEY")\nsecret = os.environ.get("AWS_SECRET_ACCESS_KEY")\n'],
    ['server.ts', 'const key = process.env.OPENAI_API_KEY!;\nconst stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? "");\nconst id = crypto.randomUUID(); // e.g. 7f3c2a10-5b6d-4e8f-9a0b-1c2d3e4f5a6b\n'],
    ['README.md', 'Set `ANTHROPIC_API_KEY=sk-ant-api03-...` (keys are `sk-ant-api03-` + 93 characters + `AA`). Admin keys start with `sk-ant-admin01-`.\nGitHub tokens (`ghp_` + 36 characters), Slack bot tokens (`xoxb-<team>-<bot>-<secret>`), Stripe keys (`sk_live_<your key>`), AWS key ids (`AKIA` + 16 characters) and JWTs (`eyJhbGciOi...`) are all detected.\n'],
    ['index.html', `<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAA${keys.bedrock('img').slice(4)}${keys.googleApiKey('img')}${keys.github('ghp', 'img').slice(4)}" alt="logo">`],
    ['profiles.yml', "jaffle:\n  outputs:\n    dev:\n      type: snowflake\n      account: acme\n      password: \"{{ env_var('DBT_ENV_SECRET_PASSWORD') }}\"\n"],
    ['.env.example', 'ANTHROPIC_API_KEY=<your-anthropic-key>\nOPENAI_API_KEY=sk-proj-xxxxxxxxxxxxxxxx\nAWS_ACCESS_KEY_ID=YOUR_ACCESS_KEY_ID\nSNOWFLAKE_PASSWORD=\nSLACK_BOT_TOKEN=xoxb-your-bot-token\n'],
    ['ids.txt', `${sha1}\n${sha256}\n${sha256.toUpperCase()}\n7f3c2a10-5b6d-4e8f-9a0b-1c2d3e4f5a6b\n${keys.awsSecret('x').toLowerCase().replace(/[^a-z0-9]/g, '0')}\n`],
  ];
  for (const [path, text] of docs) {
    it(`${path} is clean`, () => assert.deepEqual(ids(scanText(text, path)), []));
  }
});

describe('scanText: inline suppression', () => {
  const key = keys.anthropic('api03', 'suppress');
  const cases: readonly (readonly [string, string, boolean])[] = [
    ['keyless:allow on the line', `ANTHROPIC_API_KEY=${key} # keyless:allow`, true],
    ['keyless:allow on the line above', `# keyless:allow (test fixture)\nANTHROPIC_API_KEY=${key}`, true],
    ['gitleaks:allow on the line', `const k = "${key}"; // gitleaks:allow`, true],
    ['pragma: allowlist secret on the line', `ANTHROPIC_API_KEY=${key}  # pragma: allowlist secret`, true],
    ['pragma: allowlist nextline secret above', `# pragma: allowlist nextline secret\nANTHROPIC_API_KEY=${key}`, true],
    ['CRLF line above', `# keyless:allow\r\nANTHROPIC_API_KEY=${key}\r\n`, true],
    ['gitleaks:allow only counts on its own line', `# gitleaks:allow\nANTHROPIC_API_KEY=${key}`, false],
    ['a marker two lines up does not count', `# keyless:allow\n\nANTHROPIC_API_KEY=${key}`, false],
    ['a marker on the next line does not count', `ANTHROPIC_API_KEY=${key}\n# keyless:allow`, false],
    ['a marker trailing the line above is about that line, not this one', `OTHER=value # keyless:allow\nANTHROPIC_API_KEY=${key}`, false],
    ['a // comment line above counts', `// keyless:allow: revoked, kept for the test\nconst k = "${key}";`, true],
  ];
  for (const [name, text, suppressed] of cases) {
    it(name, () => {
      const found = scanText(text, '.env');
      assert.equal(found.length, 1);
      assert.equal(found[0]!.suppressed === 'inline', suppressed);
    });
  }

  it('a PEM block is suppressed by a marker on the line above it or on its last line', () => {
    const pem = keys.pem('EC', 'sup');
    for (const text of [`# keyless:allow\n${pem}\n`, `${pem} # gitleaks:allow\n`, `key: |  # keyless:allow\n  ${pem.replace(/\n/g, '\n  ')}\n`]) {
      const found = scanText(text, 'key.pem');
      assert.deepEqual(found.map((f) => [f.detectorId, f.suppressed]), [['private-key', 'inline']]);
    }
  });

  it('an AWS pair is suppressed by a marker on the secret line', () => {
    const text = `aws_access_key_id = ${keys.awsKeyId('AKIA', 'p')}\naws_secret_access_key = ${keys.awsSecret('p')} # keyless:allow\n`;
    assert.deepEqual(scanText(text, 'credentials').map((f) => f.suppressed), ['inline']);
  });
});

describe('scanText: lines, offsets and overlaps', () => {
  it('reports exact UTF-16 offsets after astral characters and with CR, LF and CRLF line breaks', () => {
    const key = keys.github('ghp', 'utf16');
    for (const pre of ['😀😀 token: ', '\r\r\r', '\n\r\n\r', 'é\u2028', '']) {
      const found = scanText(`${pre}${key}\n`, 'x.txt');
      assert.deepEqual(found.map(spanOf), [{ start: pre.length, end: pre.length + key.length }], JSON.stringify(pre));
    }
  });

  it('finds keys on very long lines, at their start, middle and end', () => {
    const key = keys.anthropic('admin01', 'long');
    const pad = 'a,'.repeat(LONG_LINE);
    for (const text of [`${key},${pad}`, `${pad}${key},${pad}`, `${pad}${key}`]) {
      const found = scanText(text, 'bundle.min.js');
      const at = text.indexOf(key);
      assert.deepEqual(found.map(spanOf), [{ start: at, end: at + key.length }]);
    }
  });

  it('unanchored detectors use windows on long lines and still find keys there (and not truncated ones)', () => {
    const custom: SecretDetector = { id: 'custom', provider: 'JWT', type: 'test', severity: 'low', keywords: ['tok-'], pattern: /(?<![a-z0-9])(tok-[a-z0-9]{20})(?![a-z0-9])/, examples: { truePositives: [], falsePositives: [] } };
    const token = `tok-${'k3y9'.repeat(5)}`;
    const pad = 'x'.repeat(LONG_LINE + REACH);
    const text = `${pad} ${token} ${pad} ${token}${'q'.repeat(10)} ${pad}`;
    const found = scanText(text, 'x.txt', { detectors: [custom] });
    assert.deepEqual(found.map(spanOf), [{ start: pad.length + 1, end: pad.length + 1 + token.length }]);
  });

  it('reports a Google service-account key once (not again as a PEM block) and a paired AWS secret once', () => {
    const sa = `{"type": "service_account", "private_key": "${keys.pem('', 'sa', { escaped: true })}\\n", "client_email": "a@b.iam.gserviceaccount.com"}`;
    assert.deepEqual(scanText(sa, 'sa.json').map((f) => f.detectorId), ['google-service-account-key']);
    const aws = `AWS_ACCESS_KEY_ID=${keys.awsKeyId('AKIA', 'o')}\nAWS_SECRET_ACCESS_KEY=${keys.awsSecret('o')}\n`;
    const found = scanText(aws, '.env');
    assert.deepEqual(found.map((f) => [f.detectorId, f.severity, f.related?.length]), [['aws-access-key', 'critical', 1]]);
  });

  it('rates by context: expired JWT low, OAuth token in a credentials file medium, encrypted key medium', () => {
    const jwt = keys.jwt({ iss: 'https://issuer.acme.dev', sub: 'x', exp: 1700000000 }, 'exp');
    assert.equal(scanText(jwt, 'a.txt', { now: Date.parse('2026-01-01') })[0]!.severity, 'low');
    assert.equal(scanText(jwt, 'a.txt', { now: Date.parse('2023-01-01') })[0]!.severity, 'medium');
    const oat = keys.anthropicOAuth('c');
    assert.equal(scanText(`{"access_token": "${oat}"}`, '/home/u/.config/anthropic/credentials/default.json')[0]!.severity, 'medium');
    assert.equal(scanText(`TOKEN=${oat}`, 'ci.env')[0]!.severity, 'low');
    assert.equal(scanText(keys.pem('OPENSSH', 'enc', { cipher: 'aes256-ctr' }), 'id_ed25519')[0]!.severity, 'medium');
    assert.equal(scanText(keys.pem('OPENSSH', 'plain'), 'id_ed25519')[0]!.severity, 'critical');
    assert.equal(scanText(keys.pem('RSA', 'legacy', { procType: true }), 'id_rsa')[0]!.severity, 'medium');
  });

  it('fingerprints depend on the salt and the secret, not on where the secret is', () => {
    const key = keys.googleApiKey('fp');
    const a = scanText(`K=${key}`, 'a.env', { salt: 's1' })[0]!;
    const b = scanText(`\n\nOTHER=${key}`, 'b.env', { salt: 's1' })[0]!;
    const c = scanText(`K=${key}`, 'a.env', { salt: 's2' })[0]!;
    assert.equal(a.fingerprint, b.fingerprint);
    assert.notEqual(a.fingerprint, c.fingerprint);
  });
});

describe('scanText: robustness', () => {
  it('never throws: empty text, lone surrogates, throwing hooks, patterns without a group, odd keywords', () => {
    const throwing: SecretDetector = { id: 't', provider: 'JWT', type: 't', severity: 'high', keywords: ['boom'], pattern: /(boom[0-9]{3})/, verify: () => { throw new Error('x'); }, examples: { truePositives: [], falsePositives: [] } };
    const rating: SecretDetector = { ...throwing, id: 'r', keywords: ['rate'], pattern: /(rate[0-9]{3})/, verify: undefined, rate: () => { throw new Error('x'); } };
    const noGroup: SecretDetector = { ...throwing, id: 'g', keywords: ['nogroup'], pattern: /nogroup/, verify: undefined };
    const badKeywords: SecretDetector = { ...throwing, id: 'k', keywords: ['', '\n', 'ünï'], verify: undefined };
    const detectors = [throwing, rating, noGroup, badKeywords];
    assert.deepEqual(scanText('', 'x', { detectors }), []);
    assert.deepEqual(scanText('boom123 nogroup \ud800\udc00\ud800', 'x', { detectors }), []);
    assert.deepEqual(scanText('rate123', 'x', { detectors }).map((f) => f.severity), ['high']);
    assert.deepEqual(scanText(undefined as unknown as string, 'x'), []);
  });

  it('stays linear on adversarial input (keywords repeated back to back)', () => {
    for (const unit of ['AKIA', 'eyJ', 'sk-ant-api03-', '-----BEGIN PRIVATE KEY-----', 'ghp_', 'snowflake://a:', 'jdbc:snowflake://a?', 'abc1Q~', 'xoxb-1', 'T3BlbkFJ', 'SNOWFLAKE_PASSWORD=']) {
      const text = unit.repeat(Math.ceil(2_000_000 / unit.length));
      const start = performance.now();
      scanText(text, 'x.txt');
      const ms = performance.now() - start;
      assert.ok(ms < 5000, `${unit}: ${ms.toFixed(0)} ms for 2 MB`);
    }
  });
});
