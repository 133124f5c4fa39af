// `keyless baseline repair` and what the other baseline commands do with a file they cannot use (issue #9): they
// refuse and point at repair; repair keeps the exact old bytes in a backup next to the file, then keeps the salt and
// the valid entries. A newer Keyless's file is never touched.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main, type Io } from '../../../src/cli/main';
import { parseBaseline } from '../../../src/core/secrets/baseline';
import { keys } from '../../../src/core/secrets/samples';

function capture(): Io & { out: string; err: string } {
  const io = { out: '', err: '', isTTY: false, env: {} as Record<string, string>, stdout: (s: string) => void (io.out += s), stderr: (s: string) => void (io.err += s) };
  return io;
}

const SALT = '00112233445566778899aabbccddeeff';
const key = keys.anthropic('api03', 'cli-repair');
let dir: string;
const cwd = process.cwd();

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyless-repair-'));
  writeFileSync(join(dir, '.env'), `ANTHROPIC_API_KEY=${key}\n`);
  process.chdir(dir);
});

after(() => {
  process.chdir(cwd);
  rmSync(dir, { recursive: true, force: true });
});

const backups = (folder: string) => readdirSync(folder).filter((n) => /^baseline\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.json$/.test(n)).sort();

describe('keyless baseline repair', () => {
  it('scan, add and remove refuse an unusable baseline, leave it as it was, and say how to repair it', async () => {
    mkdirSync('.keyless', { recursive: true });
    const corrupt = '{"version": 1, "salt": "abc", "entries": [\r\n';
    writeFileSync('.keyless/baseline.json', corrupt);
    for (const args of [['scan', '.'], ['baseline', 'add', '.'], ['baseline', 'remove', 'ab'.repeat(16)]]) {
      const io = capture();
      assert.equal(await main(args, io), 2, args.join(' '));
      assert.match(io.err, /baseline \.keyless\/baseline\.json is not usable: .*not valid JSON.*\. To keep a copy of it and reset it to the entries that can still be read, run `keyless baseline repair`$/m, args.join(' '));
      assert.equal(readFileSync('.keyless/baseline.json', 'utf8'), corrupt);
    }
    assert.deepEqual(backups('.keyless'), []);
    mkdirSync('other', { recursive: true });
    writeFileSync('other/b.json', corrupt);
    const other = capture();
    assert.equal(await main(['scan', '--baseline', 'other/b.json', '.'], other), 2);
    assert.match(other.err, /`keyless baseline repair --baseline other\/b\.json`/);
    rmSync('other', { recursive: true });
  });

  it('backs up the exact bytes, then starts afresh when the file is not JSON; the key can be accepted again', async () => {
    const corrupt = Buffer.from('\uFEFF{"version": 1, "salt": "abc", "entries": [\r\n  {"note": "é"}\r\n', 'utf8');
    writeFileSync('.keyless/baseline.json', corrupt);
    const io = capture();
    assert.equal(await main(['baseline', 'repair'], io), 0);
    const [backup] = backups('.keyless');
    assert.ok(backup, 'a backup was written');
    assert.ok(readFileSync(join('.keyless', backup)).equals(corrupt), 'the backup holds the old bytes exactly');
    const now = parseBaseline(readFileSync('.keyless/baseline.json', 'utf8'));
    assert.ok(now.ok);
    assert.equal(now.baseline.entries.length, 0);
    assert.notEqual(now.baseline.salt, 'abc');
    assert.ok(io.out.includes(join('.keyless', backup)), io.out);
    assert.match(io.out, /new salt.*\nKeys whose entries were not kept are reported again; `keyless baseline add PATH\.\.\.` accepts them again/s);
    assert.doesNotMatch(io.out, /delete it/);
    // usable again: scan reads it, add adds to it
    assert.equal(await main(['baseline', 'add', '.'], capture()), 0);
    assert.equal(await main(['scan', '.'], capture()), 0);
    rmSync(join('.keyless', backup));
  });

  it('keeps the salt and the valid entries when one entry is bad, and never overwrites a backup', async () => {
    const good = JSON.parse(readFileSync('.keyless/baseline.json', 'utf8')) as { salt: string; entries: Record<string, unknown>[] };
    const entry = good.entries[0]!;
    const broken = `${JSON.stringify({ version: 1, salt: good.salt, owner: 'platform', entries: [entry, { ...entry, line: 0 }] }, null, 2)}\n`;
    writeFileSync('.keyless/baseline.json', broken);
    // a backup already there under the name this run would take first is left alone
    const taken = new Set<string>();
    const realNow = Date.now;
    const fixed = Date.UTC(2026, 4, 1, 10, 0, 0, 0);
    Date.now = () => fixed;
    try {
      writeFileSync('.keyless/baseline.corrupt-2026-05-01T10-00-00-000Z.json', 'someone else\n');
      taken.add('baseline.corrupt-2026-05-01T10-00-00-000Z.json');
      const io = capture();
      assert.equal(await main(['baseline', 'repair'], io), 0);
      assert.match(io.out, /1 entry kept, 1 dropped/);
      assert.match(io.out, /^Why: \.keyless\/baseline\.json: entry 2: "line" must be a positive integer\.$/m);
    } finally {
      Date.now = realNow;
    }
    assert.equal(readFileSync('.keyless/baseline.corrupt-2026-05-01T10-00-00-000Z.json', 'utf8'), 'someone else\n');
    assert.deepEqual(backups('.keyless'), ['baseline.corrupt-2026-05-01T10-00-00-000Z.json', 'baseline.corrupt-2026-05-01T10-00-00-001Z.json']);
    assert.equal(readFileSync('.keyless/baseline.corrupt-2026-05-01T10-00-00-001Z.json', 'utf8'), broken);
    const now = JSON.parse(readFileSync('.keyless/baseline.json', 'utf8')) as Record<string, unknown>;
    assert.deepEqual(now, { version: 1, salt: good.salt, owner: 'platform', entries: [entry] });
    // the kept entry still accepts the key: nothing is reported
    const scan = capture();
    assert.equal(await main(['scan', '.'], scan), 0, scan.out);
    for (const n of taken) rmSync(join('.keyless', n));
    rmSync('.keyless/baseline.corrupt-2026-05-01T10-00-00-001Z.json');
  });

  it('leaves a usable file and a newer Keyless\'s file alone, and needs a file to repair', async () => {
    const usable = readFileSync('.keyless/baseline.json', 'utf8');
    const ok = capture();
    assert.equal(await main(['baseline', 'repair'], ok), 0);
    assert.match(ok.out, /is usable: nothing to repair/);
    assert.equal(readFileSync('.keyless/baseline.json', 'utf8'), usable);

    mkdirSync('team', { recursive: true });
    const newer = JSON.stringify({ version: 2, salt: SALT, entries: [], future: true });
    writeFileSync('team/keys.json', newer);
    const io = capture();
    assert.equal(await main(['baseline', 'repair', '--baseline', 'team/keys.json'], io), 2);
    assert.match(io.err, /team\/keys\.json is left as it is: .*written by a newer Keyless.*update Keyless/);
    assert.equal(readFileSync('team/keys.json', 'utf8'), newer);
    assert.deepEqual(readdirSync('team'), ['keys.json'], 'no backup of a newer file');
    const scan = capture();
    assert.equal(await main(['scan', '--baseline', 'team/keys.json', '.'], scan), 2);
    assert.doesNotMatch(scan.err, /repair/, 'no reset is offered for a newer file');

    // another file, named with --baseline: its own name in the message and in its backup's
    writeFileSync('team/old.json', '[]');
    const custom = capture();
    assert.equal(await main(['baseline', 'repair', '--baseline', 'team/old.json'], custom), 0);
    assert.match(custom.out, /^Reset team\/old\.json: it starts afresh with a new salt; no entry could be read\.$/m);
    assert.match(custom.out, /^Why: team\/old\.json must hold a JSON object/m);
    const [copy] = readdirSync('team').filter((n) => n.startsWith('old.corrupt-'));
    assert.ok(copy && custom.out.includes(join('team', copy)), custom.out);
    assert.equal(readFileSync(join('team', copy), 'utf8'), '[]');
    assert.ok(parseBaseline(readFileSync('team/old.json', 'utf8')).ok);

    const missing = capture();
    assert.equal(await main(['baseline', 'repair', '--baseline', 'nope.json'], missing), 2);
    assert.match(missing.err, /cannot read the baseline nope\.json: no such file/);
    assert.equal(await main(['baseline', 'repair', 'extra'], capture()), 2);
  });
});
