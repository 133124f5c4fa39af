// `keyless scan` / `keyless baseline` as a user runs them. Keys are assembled from fragments at test time; every
// output format is checked never to contain one whole.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main, type Io } from '../../../src/cli/main';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const random = (n: number, alphabet = ALNUM) => Array.from(randomBytes(n), (b) => alphabet[b % alphabet.length]).join('');
const anthropicKey = ['sk', 'ant', 'api03', random(93, `${ALNUM}_-`) + 'AA'].join('-');
const awsId = 'AKIA' + random(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567');
const awsSecret = random(40, `${ALNUM}+/`);
const secrets = [anthropicKey, awsId, awsSecret];

function capture(): Io & { out: string; err: string } {
  const io = { out: '', err: '', isTTY: false, env: {} as Record<string, string>, stdout: (s: string) => void (io.out += s), stderr: (s: string) => void (io.err += s) };
  return io;
}

function assertNoSecret(s: string, where: string): void {
  for (const k of secrets) assert.ok(!s.includes(k), `${where} contains a whole key`);
}

let dir: string;
const cwd = process.cwd();

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyless-scan-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, '.env'), `ANTHROPIC_API_KEY=${anthropicKey}\nLOG_LEVEL=info\n`);
  writeFileSync(join(dir, 'src', 'config.js'), `export const aws = {\n  accessKeyId: "${awsId}",\n  secretAccessKey: "${awsSecret}",\n};\n`);
  writeFileSync(join(dir, 'src', 'reviewed.py'), `KEY = "${anthropicKey}"  # keyless:allow\n`);
  writeFileSync(join(dir, 'src', 'app.py'), 'import os\nkey = os.environ["ANTHROPIC_API_KEY"]\nexample = "sk-ant-api03-..."\n');
  writeFileSync(join(dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]));
  process.chdir(dir);
});

after(() => {
  process.chdir(cwd);
  rmSync(dir, { recursive: true, force: true });
});

describe('keyless scan', () => {
  it('finds the keys, masked, with their way out; exit 1', async () => {
    const io = capture();
    assert.equal(await main(['scan', '.'], io), 1);
    assert.match(io.out, /\.env:1:19 {2}high {6}Anthropic API key {2}sk-ant-api03-…/);
    assert.match(io.out, /way out: docs\/migrate\/anthropic\.md/);
    assert.match(io.out, /src\/config\.js:2:\d+ {2}critical/);
    assert.match(io.out, /1 marked as reviewed not shown/);
    assert.doesNotMatch(io.out, /app\.py|logo\.png/);
    assertNoSecret(io.out + io.err, 'text output');
  });

  it('JSON: 1-based positions, provider, type, severity, masked, fingerprint', async () => {
    const io = capture();
    assert.equal(await main(['scan', '--format', 'json', '.'], io), 1);
    assertNoSecret(io.out, 'JSON output');
    const out = JSON.parse(io.out);
    const key = out.keys.find((k: { file: string }) => k.file === '.env');
    assert.deepEqual(
      { ...key, masked: typeof key.masked, fingerprint: typeof key.fingerprint },
      { file: '.env', line: 1, column: 19, endLine: 1, endColumn: 19 + anthropicKey.length, detectorId: 'anthropic-api-key', provider: 'Anthropic', type: 'API key',
        severity: 'high', masked: 'string', fingerprint: 'string', migrate: 'docs/migrate/anthropic.md' },
    );
    assert.ok(key.masked.length <= 24 && !key.masked.includes(anthropicKey.slice(13, 40)));
  });

  it('SARIF: rules with the migration guide as help, results with regions, never a key', async () => {
    const io = capture();
    await main(['scan', '--format', 'sarif', '.'], io);
    assertNoSecret(io.out, 'SARIF output');
    const run = JSON.parse(io.out).runs[0];
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'anthropic-api-key');
    assert.match(rule.help.markdown, /workload identity federation/);
    const res = run.results.find((r: { ruleId: string }) => r.ruleId === 'anthropic-api-key');
    assert.deepEqual(res.locations[0].physicalLocation.region, { startLine: 1, startColumn: 19, endLine: 1, endColumn: 19 + anthropicKey.length });
    assert.ok(res.partialFingerprints['keylessFingerprint/v1']);
  });

  it('a BOM does not shift columns (the same reading as keyless check)', async () => {
    mkdirSync('bom', { recursive: true });
    writeFileSync('bom/.env', `\uFEFFANTHROPIC_API_KEY=${anthropicKey}\n`);
    const io = capture();
    await main(['scan', '--format', 'json', 'bom'], io);
    const key = JSON.parse(io.out).keys[0];
    assert.deepEqual([key.line, key.column], [1, 19]);
    rmSync('bom', { recursive: true, force: true });
  });

  it('--fail-on decides the exit code; usage errors exit 2', async () => {
    assert.equal(await main(['scan', '--fail-on', 'never', '.'], capture()), 0);
    assert.equal(await main(['scan', '--fail-on', 'critical', '.env'], capture()), 0, 'the .env key is high, not critical');
    const io = capture();
    assert.equal(await main(['scan', '--fail-on', 'sometimes', '.'], io), 2);
    assert.match(io.err, /--fail-on must be one of/);
    assert.equal(await main(['scan'], capture()), 2);
    assert.equal(await main(['scan', 'nope'], capture()), 2);
  });

  it('baseline add records fingerprints only; then nothing is reported; stale entries are listed; remove works', async () => {
    const io = capture();
    assert.equal(await main(['baseline', 'add', '.'], io), 0);
    assert.match(io.out, /Added 2 keys/);
    const file = readFileSync('.keyless/baseline.json', 'utf8');
    assertNoSecret(file, 'the baseline file');
    const after = capture();
    assert.equal(await main(['scan', '.'], after), 0);
    assert.match(after.out, /No long-lived keys found .*2 in the baseline/);
    // the key leaves the .env: its baseline entry is stale
    writeFileSync('.env', 'LOG_LEVEL=info\n');
    const stale = capture();
    await main(['scan', '--format', 'json', '.'], stale);
    const report = JSON.parse(stale.out);
    assert.equal(report.staleBaseline.length, 1);
    const rm = capture();
    assert.equal(await main(['baseline', 'remove', report.staleBaseline[0].fingerprint], rm), 0);
    assert.match(rm.out, /Removed 1 entry/);
    assert.equal(JSON.parse(readFileSync('.keyless/baseline.json', 'utf8')).entries.length, 1);
  });

  it('a corrupt baseline is reported clearly and left as it was', async () => {
    mkdirSync('corrupt', { recursive: true });
    writeFileSync('corrupt/baseline.json', '{"version": 1, "entries": [');
    const io = capture();
    assert.equal(await main(['scan', '--baseline', 'corrupt/baseline.json', '.'], io), 2);
    assert.match(io.err, /baseline corrupt\/baseline\.json is not usable/);
    assert.equal(readFileSync('corrupt/baseline.json', 'utf8'), '{"version": 1, "entries": [');
    assert.ok(existsSync('corrupt/baseline.json'));
  });
});
