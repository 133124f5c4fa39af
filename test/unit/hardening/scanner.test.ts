// The key scanner on hostile input: every detector's own examples (true and false positives) and every fixture,
// mutated, and random text. scanText must return within the time bound with each finding's span and related spans
// inside the document; keysIn's line/character ranges must name the same text; and "Mark as reviewed"
// (allowCommentEdit) must apply to the text it was computed on and leave that key suppressed, as it promises.
// Counterexamples are printed as an example index and the mutations made, never as text: the texts hold keys
// (assembled at test time).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { allowCommentEdit } from '../../../src/core/secrets/allow';
import { DETECTORS } from '../../../src/core/secrets/detectors';
import { scanText } from '../../../src/core/secrets/scan';
import { keysIn } from '../../../src/core/secrets/store';
import type { SecretFinding } from '../../../src/core/secrets/types';
import { LineIndex } from '../../../src/core/text';
import { buildExample } from '../secrets/examples';
import { assertEditsApply, assertSpan, type Doc, fixtureDocs, mutate, mutationArb, PER_INPUT_MS, randomText, runs, timed } from './hostile';

const asDoc = (b: (typeof DETECTORS)[number]['examples']['truePositives'][number]): Doc => {
  const { path, text } = buildExample(b);
  return { path, text };
};
const truePositives: Doc[] = DETECTORS.flatMap((d) => d.examples.truePositives.map(asDoc));
const docs: Doc[] = [...truePositives, ...DETECTORS.flatMap((d) => d.examples.falsePositives.map(([b]) => asDoc(b))), ...fixtureDocs()];

type Mutations = Parameters<typeof mutate>[1];
/** An example index and the mutations to make: the counterexample fast-check prints holds no key. */
const mutatedIndex = (pool: readonly Doc[]) => fc.tuple(fc.nat({ max: pool.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 4 }));
const docOf = (pool: readonly Doc[], [i, ms]: [number, Mutations]): Doc => ({ path: pool[i]!.path, text: mutate(pool[i]!.text, ms) });

// "Mark as reviewed" needs a file format with comments: examples scanned as plain text are placed in some
const COMMENTED = ['config.yaml', '.env', 'deploy.sh', 'app.py', 'src/main.ts', 'Dockerfile', 'settings.ini', 'values.toml', 'README.md'];
const commentable: Doc[] = truePositives.flatMap((d) => (d.path === 'example.txt' ? COMMENTED.map((path) => ({ path, text: d.text })) : [d]));

function assertScan(text: string, found: readonly SecretFinding[], what: string): void {
  let prev = -1;
  for (const f of found) {
    const where = `${what}: ${f.detectorId}`;
    assertSpan(f.span, text.length, where, true);
    assert.ok(f.span.start >= prev, `${where}: findings out of order`);
    prev = f.span.start;
    for (const r of f.related ?? []) assertSpan(r, text.length, `${where} (related)`, true);
    assert.match(f.fingerprint, /^[0-9a-f]{32}$/, where);
    assert.ok(!f.masked.includes(text.slice(f.span.start, f.span.end)) || f.span.end - f.span.start < 8, `${where}: the masked form shows the key`);
  }
}

function scannedWithin(d: Doc, what: string): SecretFinding[] {
  const { value, ms } = timed(() => scanText(d.text, d.path));
  assertScan(d.text, value, what);
  assert.ok(ms < PER_INPUT_MS, `${what}: scan took ${ms.toFixed(0)} ms (${d.text.length} characters)`);
  return value;
}

describe('the key scanner on hostile input', () => {
  it('mutated detector examples and fixtures', () => {
    let found = 0;
    fc.assert(fc.property(mutatedIndex(docs), (m) => void (found += scannedWithin(docOf(docs, m), `example #${m[0]} (${docs[m[0]]!.path})`).length)), runs(1000));
    assert.ok(found > 0, 'the mutated examples still hold keys');
  });

  it('a password that is a PEM armour line is masked like any password, not shown as the armour', () => {
    const text = 'password = "-----BEGIN PRIVATE KEY-----"\n';
    const [f] = scannedWithin({ path: 'connections.toml', text }, 'connections.toml');
    assert.equal(f?.detectorId, 'snowflake-connection-config');
    assert.ok(!f.masked.includes('BEGIN PRIVATE KEY'), f.masked);
  });

  it('random text, under code and configuration paths', () => {
    fc.assert(
      fc.property(fc.constantFrom('src/app.ts', 'config.toml', '.env', 'profiles.yml', 'notes.md', 'x'), randomText, (path, text) => void scannedWithin({ path, text }, path)),
      runs(600),
    );
  });

  it('keysIn: every stored range names the same text as its span', () => {
    fc.assert(
      fc.property(mutatedIndex(docs), (m) => {
        const d = docOf(docs, m);
        const lines = new LineIndex(d.text);
        for (const k of keysIn(d.text, d.path).keys) {
          assert.deepEqual(k.range.start, lines.positionAt(k.span.start), `example #${m[0]}: ${k.detectorId} start`);
          assert.deepEqual(k.range.end, lines.positionAt(k.span.end), `example #${m[0]}: ${k.detectorId} end`);
        }
      }),
      runs(300),
    );
  });

  it('"Mark as reviewed" applies to the text it was computed on and suppresses that key', () => {
    let marked = 0;
    fc.assert(
      fc.property(mutatedIndex(commentable), (m) => {
        const d = docOf(commentable, m);
        for (const f of scanText(d.text, d.path).filter((x) => !x.suppressed)) {
          const what = `example #${m[0]} (${d.path}): ${f.detectorId} at ${f.span.start}`;
          const edits = allowCommentEdit(d.text, d.path, f.span);
          if (!edits || edits.length === 0) continue;
          marked++;
          const after = assertEditsApply(d.text, edits, what);
          // the comment is inserted before or after the key: the key moves by what was inserted before it
          const shift = edits.filter((e) => e.span.end <= f.span.start).reduce((n, e) => n + e.newText.length - (e.span.end - e.span.start), 0);
          const again = scanText(after, d.path).find((x) => x.span.start === f.span.start + shift && x.detectorId === f.detectorId);
          assert.equal(again?.suppressed, 'inline', `${what}: not suppressed after the edit`);
        }
      }),
      runs(250),
    );
    assert.ok(marked > 0, 'some keys were marked as reviewed');
  });
});
