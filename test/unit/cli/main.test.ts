import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main, type Io } from '../../../src/cli/main';

function capture(): Io & { out: string; err: string } {
  const io = { out: '', err: '', isTTY: false, env: {} as Record<string, string>, stdout: (s: string) => void (io.out += s), stderr: (s: string) => void (io.err += s) };
  return io;
}

const AUDIENCE_ONLY = JSON.stringify({
  name: 'ci',
  issuer_id: 'fdis_01SDCCSbTxrXDpWc1phhtcfK',
  match: { audience: 'https://api.anthropic.com' },
  target: { type: 'service_account', service_account_id: 'svac_01SDCCSbTxrXDpWc1phhtcfK' },
  workspace_id: 'wrkspc_01SDCCSbTxrXDpWc1phhtcfK',
  oauth_scope: 'workspace:inference',
}, null, 2);

let dir: string;
const cwd = process.cwd();

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyless-cli-'));
  mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
  mkdirSync(join(dir, 'node_modules', 'dep'), { recursive: true });
  mkdirSync(join(dir, 'generated'), { recursive: true });
  writeFileSync(join(dir, '.github', 'rule.json'), AUDIENCE_ONLY);
  writeFileSync(join(dir, 'node_modules', 'dep', 'rule.json'), AUDIENCE_ONLY);
  writeFileSync(join(dir, 'generated', 'rule.json'), AUDIENCE_ONLY);
  writeFileSync(join(dir, '.gitignore'), 'generated/\n');
  writeFileSync(join(dir, 'notes.yaml'), 'title: [unclosed\n'); // not a known kind: skipped quietly
  writeFileSync(join(dir, 'blob.json'), Buffer.from([0x7b, 0x00, 0x01, 0x7d]));
  writeFileSync(join(dir, 'bom.json'), '\uFEFF' + AUDIENCE_ONLY);
  process.chdir(dir);
});

after(() => {
  process.chdir(cwd);
  rmSync(dir, { recursive: true, force: true });
});

describe('keyless CLI', () => {
  it('--help and --version exit 0; no command prints help and exits 2', async () => {
    const io = capture();
    assert.equal(await main(['--help'], io), 0);
    assert.match(io.out, /keyless check \[options\] PATH/);
    assert.equal(await main(['--version'], capture()), 0);
    assert.equal(await main([], capture()), 2);
  });

  it('usage errors exit 2 with a clear message', async () => {
    for (const [args, message] of [
      [['frobnicate'], /unknown command "frobnicate"/],
      [['check'], /check needs at least one PATH/],
      [['check', '--format', 'xml', '.'], /--format must be one of text, json, sarif/],
      [['check', '--fail-on', 'sometimes', '.'], /--fail-on must be one of/],
      [['check', '--rule', 'nope', '.'], /--rule expects ID=/],
      [['check', '--rule', 'anthropic/nope=off', '.'], /unknown rule "anthropic\/nope"/],
      [['check', 'missing-dir'], /missing-dir: no such file or directory/],
      [['check', '--bogus', '.'], /Unknown option '--bogus'/],
      [['explain'], /explain needs a rule id/],
      [['explain', 'anthropic/constraint'], /unknown rule/],
    ] as const) {
      const io = capture();
      assert.equal(await main([...args], io), 2, args.join(' '));
      assert.match(io.err, message);
    }
  });

  it('walks directories: enters .github, honours .gitignore, skips node_modules and binaries; exit 1 on findings', async () => {
    const io = capture();
    assert.equal(await main(['check', '.'], io), 1);
    assert.match(io.out, /\.github\/rule\.json:4:3 {2}error/);
    assert.match(io.out, /bom\.json:4:3 {2}error/, 'a BOM does not shift columns');
    assert.doesNotMatch(io.out, /node_modules|generated|notes\.yaml|blob\.json/);
    assert.match(io.out, /2 problems \(2 errors, 0 warnings, 0 info\)/);
  });

  it('an explicitly named unrecognised file gets its parse errors; an explicit binary is reported as skipped', async () => {
    const io = capture();
    assert.equal(await main(['check', 'notes.yaml', 'blob.json'], io), 1);
    assert.match(io.out, /notes\.yaml:\d+:\d+ {2}error .*core\/parse-error/);
    assert.match(io.out, /skipped blob\.json: binary file/);
  });

  it('--fail-on decides the exit code; --rule turns a rule off', async () => {
    assert.equal(await main(['check', '--fail-on', 'never', '.'], capture()), 0);
    assert.equal(await main(['check', '--fail-on', 'error', '.'], capture()), 1);
    const io = capture();
    assert.equal(await main(['check', '--rule', 'anthropic/match-constraint=off', '.'], io), 0);
    assert.match(io.out, /No problems found/);
    const warn = capture();
    assert.equal(await main(['check', '--rule', 'anthropic/match-constraint=info', '.'], warn), 0, 'info is below the default fail-on');
  });

  it('--format json gives 1-based positions and a summary', async () => {
    const io = capture();
    await main(['check', '--format', 'json', '.github/rule.json'], io);
    const out = JSON.parse(io.out);
    assert.deepEqual(
      { ...out.findings[0], message: undefined, suggestions: undefined },
      { file: '.github/rule.json', ruleId: 'anthropic/match-constraint', severity: 'error', message: undefined, line: 4, column: 3, endLine: 4, endColumn: 10,
        docs: 'docs/rules/anthropic/match-constraint.md', fixable: false, suggestions: undefined },
    );
    assert.deepEqual(out.summary, { filesChecked: 1, filesRecognised: 1, errors: 1, warnings: 0, infos: 0 });
  });

  it('--format sarif is SARIF 2.1.0 with rule help and regions', async () => {
    const io = capture();
    await main(['check', '--format', 'sarif', '.github/rule.json'], io);
    const sarif = JSON.parse(io.out);
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'anthropic/match-constraint');
    assert.match(rule.help.markdown, /## Why it matters/);
    assert.equal(rule.defaultConfiguration.level, 'error');
    assert.equal(run.results[0].ruleId, 'anthropic/match-constraint');
    assert.equal(run.results[0].ruleIndex, run.tool.driver.rules.indexOf(rule));
    assert.deepEqual(run.results[0].locations[0].physicalLocation.region, { startLine: 4, startColumn: 3, endLine: 4, endColumn: 10 });
    assert.equal(run.results[0].locations[0].physicalLocation.artifactLocation.uri, '.github/rule.json');
  });

  it('--output writes the report to a file', async () => {
    const io = capture();
    assert.equal(await main(['check', '--format', 'json', '--output', 'report.json', '.github/rule.json'], io), 1);
    assert.equal(io.out, '');
  });

  it('--fix writes the safe fixes and reports what is left', async () => {
    writeFileSync('fixme.json', JSON.stringify({ name: 'ci_deploy', issuer_id: 'fdis_01SDCCSbTxrXDpWc1phhtcfK', match: { subject_prefix: 'repo:acme/app:ref:refs/heads/main', audience: 'https://api.anthropic.com', claims: { repository_owner: 'acme' } },
      target: { type: 'service_account', service_account_id: 'svac_01SDCCSbTxrXDpWc1phhtcfK' }, workspace_id: 'wrkspc_01SDCCSbTxrXDpWc1phhtcfK', oauth_scope: 'workspace:inference', token_lifetime_seconds: '600' }, null, 2));
    const io = capture();
    assert.equal(await main(['check', '--fix', 'fixme.json'], io), 0);
    assert.match(io.out, /Fixed 2 problems in 1 file\./);
    const fixed = JSON.parse(readFileSync('fixme.json', 'utf8'));
    assert.equal(fixed.name, 'ci-deploy');
    assert.equal(fixed.token_lifetime_seconds, 600);
  });

  it('rules lists every rule; explain prints the doc', async () => {
    const io = capture();
    assert.equal(await main(['rules'], io), 0);
    assert.match(io.out, /anthropic\/match-constraint +error/);
    const ex = capture();
    assert.equal(await main(['explain', 'anthropic/match-constraint'], ex), 0);
    assert.match(ex.out, /^# anthropic\/match-constraint/);
  });
});
