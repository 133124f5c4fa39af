// The `.keyless/baseline.json` format: round trip, accepting and removing findings, stale entries, and clear errors
// (never exceptions) for corrupt, older and newer files. Only fingerprints are ever written.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addToBaseline, createBaseline, isBaselined, newSalt, parseBaseline, removeFromBaseline, serializeBaseline, staleEntries, type Baseline } from '../../../src/core/secrets/baseline';
import { mask } from '../../../src/core/secrets/mask';
import { keys } from '../../../src/core/secrets/samples';
import { scanText } from '../../../src/core/secrets/scan';

const SALT = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const doc = (): { text: string; secrets: string[] } => {
  const secrets = [keys.anthropic('api03', 'b1'), keys.github('ghp', 'b2'), keys.stripe('sk_test', 'b3')];
  return { text: `A=${secrets[0]}\nB=${secrets[1]}\nC=${secrets[2]}\n`, secrets };
};

function parsed(text: string): Baseline {
  const r = parseBaseline(text);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.baseline;
}

describe('baseline', () => {
  it('round-trips, with entries in a stable order, and never holds a key', () => {
    const { text, secrets } = doc();
    const findings = scanText(text, 'app/.env', { salt: SALT });
    let b = createBaseline(SALT);
    findings.forEach((f, i) => (b = addToBaseline(b, f, 'app/.env', { line: i + 1, addedAt: '2026-05-01T10:00:00Z' })));
    const out = serializeBaseline(b);
    for (const s of secrets) assert.ok(!out.includes(s) && !out.includes(s.slice(-20)), `baseline holds ${mask(s)}`);
    const back = parsed(out);
    assert.deepEqual(back, { ...b, entries: [...b.entries].sort((x, y) => (x.line ?? 0) - (y.line ?? 0)) });
    assert.equal(serializeBaseline(back), out);
    assert.ok(out.endsWith('\n'));
    for (const f of scanText(text, 'app/.env', { salt: SALT })) assert.ok(isBaselined(f, back, 'app/.env'));
  });

  it('matches by fingerprint and detector, in the given file, whatever the line', () => {
    const { text } = doc();
    const [f] = scanText(text, '.env', { salt: SALT });
    const b = addToBaseline(createBaseline(SALT), f!, './app/.env', { line: 1 });
    assert.equal(b.entries[0]!.file, 'app/.env');
    const moved = scanText(`\n\n\n${text}`, '.env', { salt: SALT })[0]!;
    assert.ok(isBaselined(moved, b, 'app/.env'));
    assert.ok(isBaselined(moved, b));
    assert.ok(!isBaselined(moved, b, 'other/.env'));
    const otherSalt = scanText(text, '.env', { salt: 'another' })[0]!;
    assert.ok(!isBaselined(otherSalt, b), 'a different salt gives a different fingerprint');
    assert.equal(addToBaseline(b, f!, 'app/.env').entries.length, 1, 'adding twice keeps one entry');
    assert.equal(removeFromBaseline(b, f!).entries.length, 0);
    assert.equal(removeFromBaseline(b, f!, 'other/.env').entries.length, 1);
  });

  it('finds stale entries: secrets no longer in the workspace', () => {
    const { text } = doc();
    const findings = scanText(text, '.env', { salt: SALT });
    let b = createBaseline(SALT);
    for (const f of findings) b = addToBaseline(b, f, 'app/.env');
    assert.deepEqual(staleEntries(b, findings), []);
    assert.deepEqual(staleEntries(b, findings.slice(1)).map((e) => e.detectorId), [findings[0]!.detectorId]);
    assert.deepEqual(staleEntries(b, new Map([['app/.env', findings]])), []);
    assert.equal(staleEntries(b, new Map([['moved/.env', findings]])).length, 3, 'by file, a moved secret leaves its old entry stale');
    assert.equal(staleEntries(b, []).length, 3);
  });

  it('says where a syntax error is, never what text is there (it may be a key pasted by mistake)', () => {
    const key = keys.anthropic('api03', 'pasted');
    const r = parseBaseline(`{\n  "version": 1,\n  "salt": "x",\n  "entries": [{"fingerprint": ${key}}]\n}\n`);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.match(r.error, /not valid JSON \(line 4, column 31: invalid symbol\)/);
    for (let i = 0; i + 6 <= key.length; i++) assert.ok(!r.error.includes(key.slice(i, i + 6)), `the message holds "${key.slice(i, i + 6)}"`);
  });

  it('explains corrupt, older and newer files instead of throwing', () => {
    const good = JSON.parse(serializeBaseline(addToBaseline(createBaseline(SALT), scanText(doc().text, '.env', { salt: SALT })[0]!, '.env'))) as Record<string, unknown>;
    const entry = (good['entries'] as Record<string, unknown>[])[0]!;
    const cases: readonly (readonly [string, RegExp])[] = [
      ['{"version": 1, "salt": "x", "entries": [', /not valid JSON/],
      ['', /not valid JSON/],
      ['[]', /JSON object/],
      [JSON.stringify({ salt: SALT, entries: [] }), /no "version".*predates/],
      [JSON.stringify({ ...good, version: 0 }), /version 0, older/],
      [JSON.stringify({ ...good, version: 2 }), /version 2, written by a newer Keyless/],
      [JSON.stringify({ ...good, version: '1' }), /"version" must be an integer/],
      [JSON.stringify({ ...good, salt: '' }), /"salt"/],
      [JSON.stringify({ ...good, entries: {} }), /"entries" must be an array/],
      [JSON.stringify({ ...good, entries: [{ ...entry, fingerprint: keys.github('ghp', 'oops') }] }), /entry 1: "fingerprint".*never keys/],
      [JSON.stringify({ ...good, entries: [entry, { ...entry, detectorId: 7 }] }), /entry 2: "detectorId"/],
      [JSON.stringify({ ...good, entries: [{ ...entry, file: '' }] }), /"file"/],
      [JSON.stringify({ ...good, entries: [{ ...entry, line: 0 }] }), /"line"/],
      [JSON.stringify({ ...good, entries: [{ ...entry, addedAt: 'yesterday' }] }), /"addedAt"/],
      [JSON.stringify({ ...good, entries: ['x'] }), /entry 1 must be an object/],
    ];
    for (const [text, error] of cases) {
      const r = parseBaseline(text);
      assert.equal(r.ok, false, text.slice(0, 60));
      if (!r.ok) assert.match(r.error, error);
    }
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const r = parseBaseline(text);
        assert.ok(r.ok || r.error.length > 0);
      }),
      { numRuns: 300 },
    );
    assert.equal(parseBaseline(undefined as unknown as string).ok, false);
  });

  it('makes fresh 128-bit salts', () => {
    const a = newSalt();
    assert.match(a, /^[0-9a-f]{32}$/);
    assert.notEqual(a, newSalt());
    assert.match(createBaseline().salt, /^[0-9a-f]{32}$/);
  });
});
