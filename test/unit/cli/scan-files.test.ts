// Reading and scanning files for `keyless scan`: the synchronous reader (text, BOM, binary, size limit, a file larger
// than the reused buffer, errors) and the scan pool's results in the order files were added, located. (The unit
// tests' bundles have no worker script, so the pool scans in this thread here; the workspace benchmark runs the
// threads and checks their findings.) Keys are assembled from fragments when the test runs.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { keys } from '../../../src/core/secrets/samples';
import { ReadBuffer, readTextFileSync } from '../../../src/node/read';
import { ScanPool } from '../../../src/cli/scan-files';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyless-read-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

describe('readTextFileSync', () => {
  const into = new ReadBuffer();
  const read = (p: string, max = 1 << 20) => readTextFileSync(p, max, 'too large', into);

  it('reads ASCII and UTF-8 text, and drops a BOM', () => {
    assert.deepEqual(read(file('a.txt', 'plain ascii\n')), { kind: 'text', text: 'plain ascii\n', bom: false });
    assert.deepEqual(read(file('u.txt', 'café ✓\n')), { kind: 'text', text: 'café ✓\n', bom: false });
    assert.deepEqual(read(file('b.txt', '\uFEFFx = 1\n')), { kind: 'text', text: 'x = 1\n', bom: true });
    assert.deepEqual(read(file('e.txt', '')), { kind: 'text', text: '', bom: false });
  });

  it('a NUL in the first 8 KiB makes a file binary; later, it does not', () => {
    assert.equal(read(file('bin', Buffer.from([0x89, 0x50, 0, 1]))).kind, 'binary');
    const late = Buffer.alloc(9000, 0x61);
    late[8500] = 0;
    assert.equal(read(file('late', late)).kind, 'text');
  });

  it('reads a file larger than the buffer whole, after a small one', () => {
    const big = 'line of text\n'.repeat(30_000); // ~390 KB, past the 64 KiB the buffer starts with
    assert.equal(read(file('small.txt', 'tiny\n')).kind, 'text');
    const r = read(file('big.txt', big));
    assert.equal(r.kind === 'text' && r.text, big);
    assert.deepEqual(read(file('small2.txt', 'again\n')), { kind: 'text', text: 'again\n', bom: false }, 'no bytes of the big file left over');
  });

  it('refuses a file over the limit, whether it fits the buffer or not', () => {
    assert.deepEqual(read(file('over.txt', 'x'.repeat(100)), 99), { kind: 'skipped', reason: 'too large' });
    assert.equal(read(file('exact.txt', 'x'.repeat(100)), 100).kind, 'text');
    assert.deepEqual(read(file('huge.txt', 'x'.repeat(300_000)), 200_000), { kind: 'skipped', reason: 'too large' });
  });

  it('a file that is gone is skipped with a reason', () => {
    assert.deepEqual(read(join(dir, 'missing.txt')), { kind: 'skipped', reason: 'disappeared while it was being read' });
  });
});

describe('ScanPool', () => {
  it('returns each file\'s scan in the order added, findings located', async () => {
    const key = keys.anthropic('api03', 'pool');
    const paths = [
      file('one.env', `LOG=1\nANTHROPIC_API_KEY=${key}\n`),
      file('two.txt', 'nothing\n'),
      file('three.bin', Buffer.from([0, 1, 2])),
      file('four.py', `x = 1\n\n  k = "${key}"  # keyless:allow\n`),
    ];
    const pool = new ScanPool({ maxSize: 1 << 20, salt: 'test' });
    for (const p of paths) pool.add({ absolute: p, display: p.slice(dir.length + 1) });
    const results = await pool.finish();
    assert.deepEqual(results.map((r) => r.kind), ['text', 'text', 'binary', 'text']);
    const [one, two, , four] = results;
    assert.ok(one?.kind === 'text' && two?.kind === 'text' && four?.kind === 'text');
    assert.deepEqual(one.findings.map((f) => [f.detectorId, f.line, f.column, f.endLine, f.endColumn]), [['anthropic-api-key', 2, 19, 2, 19 + key.length]]);
    assert.ok(!JSON.stringify(results).includes(key), 'findings hold no key');
    assert.deepEqual(two.findings, []);
    assert.deepEqual(four.findings.map((f) => [f.line, f.column, f.suppressed]), [[3, 8, 'inline']]);
  });
});
