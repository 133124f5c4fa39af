// What a reset keeps of a `.keyless/baseline.json` that cannot be used (issue #9): the salt and the valid entries when
// the file is JSON of this version, a fresh empty baseline otherwise, and nothing at all for a newer Keyless's file.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addToBaseline, corruptBackupName, createBaseline, parseBaseline, salvageBaseline, salvageSummary, serializeBaseline, type BaselineSalvage, type BaselineSalvaged } from '../../../src/core/secrets/baseline';
import { keys } from '../../../src/core/secrets/samples';
import { scanText } from '../../../src/core/secrets/scan';

const SALT = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const FRESH = 'aaaabbbbccccddddeeeeffff00001111';
const fresh = () => FRESH;

/** Two accepted keys in a valid file, as `Add to Baseline` writes them. */
function twoEntries(): Record<string, unknown>[] {
  const secrets = [keys.anthropic('api03', 's1'), keys.github('ghp', 's2')];
  let b = createBaseline(SALT);
  scanText(`A=${secrets[0]}\nB=${secrets[1]}\n`, 'app/.env', { salt: SALT }).forEach((f, i) => (b = addToBaseline(b, f, 'app/.env', { line: i + 1, addedAt: '2026-05-01T10:00:00Z' })));
  return (JSON.parse(serializeBaseline(b)) as { entries: Record<string, unknown>[] }).entries;
}

function salvaged(s: BaselineSalvage): BaselineSalvaged {
  assert.equal(s.kind, 'salvaged');
  return s as BaselineSalvaged;
}

describe('salvageBaseline', () => {
  it('leaves a usable file alone', () => {
    const text = serializeBaseline({ version: 1, salt: SALT, entries: [] });
    assert.equal(salvageBaseline(text, fresh).kind, 'usable');
  });

  it('a byte-order mark before the JSON is not damage (an editor wrote it; the CLI reads it with Node)', () => {
    const text = `\uFEFF${serializeBaseline({ version: 1, salt: SALT, entries: [] })}`;
    assert.ok(parseBaseline(text).ok);
    assert.equal(salvageBaseline(text, fresh).kind, 'usable');
  });

  it('never resets a newer version: it is valid for a newer Keyless', () => {
    const s = salvageBaseline(JSON.stringify({ version: 2, salt: SALT, entries: [], whatever: true }), fresh);
    assert.equal(s.kind, 'newer');
    if (s.kind === 'newer') assert.match(s.error, /newer Keyless.*update Keyless/);
    const parsed = parseBaseline(JSON.stringify({ version: 3 }));
    assert.ok(!parsed.ok && parsed.newer === true);
    const corrupt = parseBaseline('{');
    assert.ok(!corrupt.ok && corrupt.newer === undefined);
  });

  it('keeps the valid entries, the salt and the other members when one entry is bad', () => {
    const [a, b] = twoEntries();
    const pasted = keys.openai('proj', 'pasted');
    const bad = { ...a, fingerprint: pasted }; // a key pasted where its fingerprint belongs
    const withNote = { ...b, reason: 'test fixture' };
    const text = JSON.stringify({ note: 'reviewed by the platform team', version: 1, salt: SALT, entries: [withNote, bad, a] }, null, 2);
    const s = salvaged(salvageBaseline(text, fresh));
    assert.equal(s.kept, 2);
    assert.equal(s.dropped, 1);
    assert.equal(s.saltKept, true);
    assert.match(s.error, /entry 2: "fingerprint"/);
    const back = parseBaseline(s.text);
    assert.ok(back.ok, back.ok ? '' : back.error);
    assert.deepEqual(back.baseline, s.baseline);
    assert.equal(s.baseline.salt, SALT);
    const written = JSON.parse(s.text) as Record<string, unknown>;
    assert.equal(written['note'], 'reviewed by the platform team');
    // each kept entry as the team wrote it, in the file's order
    assert.deepEqual(written['entries'], [withNote, a]);
    assert.ok(!s.text.includes(pasted) && !s.text.includes(pasted.slice(-16)), 'the dropped entry held a key and it is gone from the new file');
    assert.ok(s.text.endsWith('\n'));
    assert.equal(salvageSummary(s), '2 entries kept, 1 dropped');
  });

  it('starts afresh with a new salt when nothing can be trusted', () => {
    const [a] = twoEntries();
    const cases: readonly (readonly [string, number | undefined, RegExp])[] = [
      ['{"version": 1, "salt": "x", "entries": [', undefined, /not valid JSON/],
      ['', undefined, /not valid JSON/],
      ['[]', undefined, /JSON object/],
      [JSON.stringify({ salt: SALT, entries: [a, a] }), 2, /no "version"/],
      [JSON.stringify({ version: 0, salt: SALT, entries: [a] }), 1, /older/],
      [JSON.stringify({ version: '1', salt: SALT, entries: [a] }), 1, /"version" must be an integer/],
      [JSON.stringify({ version: 1, salt: '', entries: [a, a, a] }), 3, /"salt"/],
      [JSON.stringify({ version: 1, entries: [] }), 0, /"salt"/],
    ];
    for (const [text, dropped, error] of cases) {
      const s = salvaged(salvageBaseline(text, fresh));
      assert.equal(s.saltKept, false, text);
      assert.equal(s.kept, 0, text);
      assert.equal(s.dropped, dropped, text);
      assert.match(s.error, error, text);
      assert.doesNotMatch(s.error, /delete it/, 'the advice to fix or delete the file is left out: the reset is that');
      assert.deepEqual(s.baseline, createBaseline(FRESH));
      assert.equal(s.text, serializeBaseline(createBaseline(FRESH)));
    }
    assert.equal(salvageSummary(salvaged(salvageBaseline('{', fresh))), 'it starts afresh with a new salt; no entry could be read');
    assert.equal(salvageSummary(salvaged(salvageBaseline(JSON.stringify({ version: 0, salt: SALT, entries: [a] }), fresh))), 'it starts afresh with a new salt; its 1 entry could not be kept');
  });

  it('keeps the salt when only the list of entries is unreadable', () => {
    const s = salvaged(salvageBaseline(JSON.stringify({ version: 1, salt: SALT, entries: { a: 1 } }), fresh));
    assert.equal(s.saltKept, true);
    assert.equal(s.kept, 0);
    assert.equal(s.dropped, undefined);
    assert.deepEqual(s.baseline, createBaseline(SALT));
    assert.equal(salvageSummary(s), 'no entry could be read, so it starts with none (its salt is kept)');
  });

  it('uses a random salt by default', () => {
    const s = salvaged(salvageBaseline('not json'));
    assert.match(s.baseline.salt, /^[0-9a-f]{32}$/);
    assert.notEqual(s.baseline.salt, salvaged(salvageBaseline('not json')).baseline.salt);
  });

  it('never throws, and whatever it salvages reads back as the baseline it reports', () => {
    const [a] = twoEntries();
    const entry = fc.oneof(fc.constant(a), fc.jsonValue(), fc.record({ fingerprint: fc.constantFrom(a!['fingerprint'], 'ABC', ''), detectorId: fc.string(), file: fc.string() }));
    const file = fc.oneof(
      fc.string(),
      fc.json(),
      fc.record({ version: fc.constantFrom(1, 1, 2, 0, '1'), salt: fc.oneof(fc.constant(SALT), fc.string()), entries: fc.oneof(fc.array(entry, { maxLength: 6 }), fc.jsonValue()) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
    );
    fc.assert(
      fc.property(file, (text) => {
        const s = salvageBaseline(text, fresh);
        if (s.kind === 'usable') return assert.ok(parseBaseline(text).ok);
        if (s.kind === 'newer') return assert.ok(JSON.parse(text).version > 1);
        const back = parseBaseline(s.text);
        assert.ok(back.ok, back.ok ? '' : back.error);
        assert.deepEqual(back.baseline, s.baseline);
        const raw = (() => {
          try {
            return JSON.parse(text)?.entries;
          } catch {
            return undefined;
          }
        })();
        if (s.dropped !== undefined) assert.equal(s.kept + s.dropped, (raw as unknown[]).length);
      }),
      { numRuns: 400 },
    );
  });
});

describe('corruptBackupName', () => {
  it('names the backup after the file and the UTC time, with no character a file system refuses', () => {
    const now = new Date(Date.UTC(2026, 4, 1, 10, 2, 3, 45));
    assert.equal(corruptBackupName('baseline.json', now), 'baseline.corrupt-2026-05-01T10-02-03-045Z.json');
    assert.equal(corruptBackupName('team.baseline', now), 'team.baseline.corrupt-2026-05-01T10-02-03-045Z.json');
    assert.doesNotMatch(corruptBackupName('baseline.json', new Date()), /[:\\/]/);
  });
});
