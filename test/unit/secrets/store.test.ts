// The workspace's keys, file by file (what the Keys view shows): one file replaced at a time, suppressed and
// baselined keys counted but not shown, and the provider -> type -> location grouping, worst first.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addToBaseline, createBaseline } from '../../../src/core/secrets/baseline';
import { keys } from '../../../src/core/secrets/samples';
import { scanText } from '../../../src/core/secrets/scan';
import { keysIn, KeyStore } from '../../../src/core/secrets/store';

const anthropic = keys.anthropic('api03', 'store-1');
const admin = keys.anthropic('admin01', 'store-2');
const github = keys.github('ghp', 'store-3');

describe('keysIn', () => {
  it('places each key by 0-based line and UTF-16 character, and keeps only its masked form', () => {
    const text = `# config\nexport ANTHROPIC_API_KEY="${anthropic}"\r\nTOKEN=${github}\n`;
    const { keys: found } = keysIn(text, 'file:///w/app/.env', { path: '/w/app/.env' });
    assert.deepEqual(found.map((k) => [k.detectorId, k.range.start, k.range.end]), [
      ['anthropic-api-key', { line: 1, character: 26 }, { line: 1, character: 26 + anthropic.length }],
      ['github-pat', { line: 2, character: 6 }, { line: 2, character: 6 + github.length }],
    ]);
    assert.ok(found.every((k) => k.file === 'file:///w/app/.env'));
    assert.ok(!JSON.stringify(found).includes(anthropic.slice(-12)) && !JSON.stringify(found).includes(github.slice(-12)), 'no stored key holds the secret');
  });

  it('counts keys marked reviewed and keys in the baseline without keeping them', () => {
    const text = `A=${anthropic} # keyless:allow\nB=${github}\nC=${admin}\n`;
    const salt = '00112233445566778899aabbccddeeff';
    const accepted = scanText(text, 'app/.env', { salt }).find((f) => f.detectorId === 'github-pat')!;
    const baseline = addToBaseline(createBaseline(salt), accepted, 'app/.env');
    const r = keysIn(text, 'file:///w/app/.env', { path: '/w/app/.env', baseline, baselinePath: 'app/.env' });
    assert.deepEqual(r.keys.map((k) => k.detectorId), ['anthropic-admin-key']);
    assert.equal(r.suppressed, 1);
    assert.equal(r.baselined, 1);
    // the same baseline entry does not accept the key in another file
    assert.equal(keysIn(text, 'x', { path: '/w/other/.env', baseline, baselinePath: 'other/.env' }).baselined, 0);
  });

  it('fingerprints with the baseline salt, so they match what `keyless scan` prints next to that baseline', () => {
    const text = `A=${anthropic}\n`;
    const baseline = createBaseline('ffeeddccbbaa99887766554433221100');
    const [withSalt] = keysIn(text, 'f', { path: '.env', baseline }).keys;
    assert.equal(withSalt!.fingerprint, scanText(text, '.env', { salt: baseline.salt })[0]!.fingerprint);
    assert.notEqual(withSalt!.fingerprint, keysIn(text, 'f', { path: '.env' }).keys[0]!.fingerprint);
  });
});

describe('KeyStore', () => {
  const fileA = keysIn(`A=${anthropic}\nB=${admin}\n`, 'file:///w/a/.env', { path: '/w/a/.env' });
  const fileB = keysIn(`token: ${github}\nkey: ${anthropic}\n`, 'file:///w/b/ci.yaml', { path: '/w/b/ci.yaml' });

  it('replaces one file at a time and says whether anything shown changed', () => {
    const store = new KeyStore();
    assert.equal(store.set('file:///w/a/.env', fileA), true);
    assert.equal(store.set('file:///w/a/.env', fileA), false, 'the same keys again: no change');
    assert.equal(store.set('file:///w/b/ci.yaml', fileB), true);
    assert.equal(store.count, 4);
    assert.equal(store.set('file:///w/a/.env', { keys: [], suppressed: 0, baselined: 0 }), true, 'a file without keys is forgotten');
    assert.equal(store.has('file:///w/a/.env'), false);
    assert.equal(store.count, 2);
    assert.equal(store.delete('file:///w/b/ci.yaml'), true);
    assert.equal(store.delete('file:///w/b/ci.yaml'), false);
    assert.equal(store.count, 0);
  });

  it('forgets a deleted folder, and only that folder', () => {
    const store = new KeyStore();
    store.set('file:///w/a/.env', fileA);
    store.set('file:///w/b/ci.yaml', fileB);
    store.set('file:///w/ab/ci.yaml', fileB);
    assert.equal(store.deleteUnder('file:///w/a/'), true);
    assert.deepEqual(store.files().sort(), ['file:///w/ab/ci.yaml', 'file:///w/b/ci.yaml']);
    assert.equal(store.deleteUnder('file:///w/a/'), false);
  });

  it('groups provider -> key type -> locations, worst first, locations by file then position', () => {
    const store = new KeyStore();
    store.set('file:///w/b/ci.yaml', fileB);
    store.set('file:///w/a/.env', fileA);
    const groups = store.groups();
    assert.deepEqual(
      groups.map((g) => [g.provider, g.severity, g.count, g.types.map((t) => [t.type, t.severity, t.keys.map((k) => `${k.file.slice(10)}:${k.range.start.line}`)])]),
      [
        ['Anthropic', 'critical', 3, [['Admin key', 'critical', ['a/.env:1']], ['API key', 'high', ['a/.env:0', 'b/ci.yaml:1']]]],
        ['GitHub', 'high', 1, [['Personal access token (classic)', 'high', ['b/ci.yaml:0']]]],
      ],
    );
  });

  it('keeps files whose keys are all reviewed or accepted (a baseline change can bring them back)', () => {
    const store = new KeyStore();
    assert.equal(store.set('file:///w/x', { keys: [], suppressed: 2, baselined: 1 }), true);
    assert.deepEqual(store.files(), ['file:///w/x']);
    assert.equal(store.count, 0);
    assert.equal(store.suppressed, 2);
    assert.equal(store.baselined, 1);
  });
});
