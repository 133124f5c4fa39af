// The structure checks: CRC32 and base62 behind GitHub's token checksum, SHA-256 against the standard vectors and
// Node's implementation, base64/UTF-8 decoding, and the placeholder and reference tests.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { base62, crc32, decodeBase64, decodeUtf8, encodeUtf8, githubChecksumOk, isReference, looksPlaceholder, shannonEntropy } from '../../../src/core/secrets/checks';
import { DETECTORS } from '../../../src/core/secrets/detectors';
import { keys, type GitHubPrefix } from '../../../src/core/secrets/samples';
import { scanText } from '../../../src/core/secrets/scan';
import { sha256Hex } from '../../../src/core/secrets/sha256';

describe('crc32 and base62', () => {
  it('match the standard check values', () => {
    assert.equal(crc32('123456789'), 0xcbf43926);
    assert.equal(crc32(''), 0);
    assert.equal(crc32('The quick brown fox jumps over the lazy dog'), 0x414fa339);
    assert.equal(base62(0, 6), '000000');
    assert.equal(base62(61), 'z');
    assert.equal(base62(62), '10');
    assert.equal(base62(0xffffffff), '4gfFC3');
  });
});

describe('GitHub token checksum', () => {
  const prefixes: GitHubPrefix[] = ['ghp', 'gho', 'ghu', 'ghs', 'ghr'];

  it('generated tokens carry a valid checksum and are found', () => {
    for (const p of prefixes) {
      for (let i = 0; i < 40; i++) {
        const token = keys.github(p, `seed${i}`);
        assert.ok(githubChecksumOk(token.slice(4)), `${p} seed ${i}`);
        const found = scanText(`GITHUB_TOKEN=${token}\n`, '.env');
        assert.deepEqual(found.map((f) => f.span), [{ start: 13, end: 13 + 40 }], `${p} seed ${i}`);
      }
    }
  });

  it('a token with any one character changed is not a GitHub token', () => {
    for (const p of prefixes) {
      const token = keys.github(p, `flip-${p}`);
      for (let at = 4; at < token.length; at++) {
        const c = token[at]!;
        for (const r of [c === 'a' ? 'b' : 'a', c === 'Z' ? 'Y' : 'Z', c === '7' ? '8' : '7']) {
          const changed = token.slice(0, at) + r + token.slice(at + 1);
          assert.equal(githubChecksumOk(changed.slice(4)), false, `${p}: position ${at}`);
          assert.deepEqual(scanText(`token=${changed}`, 'x.env'), [], `${p}: position ${at} reported`);
        }
      }
    }
  });
});

describe('sha256', () => {
  it('matches the FIPS 180-4 vectors', () => {
    assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'), '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    assert.equal(sha256Hex('a'.repeat(1_000_000)), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it("agrees with Node's implementation on any string (UTF-8, block boundaries)", () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        assert.equal(sha256Hex(s), createHash('sha256').update(s, 'utf8').digest('hex'));
      }),
      { numRuns: 300 },
    );
    for (let n = 50; n < 140; n++) assert.equal(sha256Hex('x'.repeat(n)), createHash('sha256').update('x'.repeat(n)).digest('hex'), `length ${n}`);
  });
});

describe('decoding', () => {
  it('base64 and UTF-8 round-trip with Node', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const b = Buffer.from(s, 'utf8');
        assert.deepEqual(encodeUtf8(s), new Uint8Array(b));
        assert.equal(decodeUtf8(new Uint8Array(b)), s.replace(/[\ud800-\udfff]/g, (c, i: number, all: string) => (/[\ud800-\udbff][\udc00-\udfff]/.test(all.slice(i - 1, i + 1)) || /[\ud800-\udbff][\udc00-\udfff]/.test(all.slice(i, i + 2)) ? c : '\ufffd')));
        assert.deepEqual(decodeBase64(b.toString('base64')), new Uint8Array(b));
        assert.deepEqual(decodeBase64(b.toString('base64url')), new Uint8Array(b));
      }),
      { numRuns: 200 },
    );
    assert.equal(decodeBase64('ab$d'), undefined);
    assert.equal(decodeUtf8(Uint8Array.from([0xc0, 0x80])), undefined, 'overlong');
    assert.equal(decodeUtf8(Uint8Array.from([0xed, 0xa0, 0x80])), undefined, 'surrogate');
    assert.equal(decodeUtf8(Uint8Array.from([0xe2, 0x82])), undefined, 'truncated');
  });
});

describe('placeholders and references', () => {
  it('recognise documentation stand-ins', () => {
    for (const s of ['sk-ant-api03-...', 'xxxxxxxx', '<your-key>', 'YOUR_API_KEY', ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join(''), 'changeme', 'REDACTED', '********', 'your-token-here', 'Sample', 'SAMPLE_KEY'])
      assert.ok(looksPlaceholder(s), s);
    for (const s of ['${API_KEY}', '$API_KEY', '{{ env_var("X") }}', '${{ secrets.X }}', 'os.environ["X"]', 'process.env.X', "env_var('DBT_PASSWORD')", '%(password)s', '{password}', 'SNOWFLAKE_PASSWORD', 'op://vault/item/field', '$(AZURE_SECRET)'])
      assert.ok(isReference(s), s);
    // a mixed-case run of x occurs in real random keys (a generated Bedrock key held `XXXXx`): not a placeholder
    for (const s of [keys.password('a'), keys.awsSecret('b'), 'QmVkcm9ja0FQSUtleS1XXXXxq8Zt3', 'MIIEvQIBADANBgkSAmple9w0BAQEF']) {
      assert.ok(!looksPlaceholder(s));
      assert.ok(!isReference(s));
    }
  });

  it('entropy of random bodies is high and of repeated ones low', () => {
    assert.ok(shannonEntropy(keys.anthropic('api03').slice(13, -2)) > 5);
    assert.equal(shannonEntropy('aaaa'), 0);
    assert.equal(shannonEntropy('abab'), 1);
  });
});

describe('detector patterns', () => {
  it('are linear: bounded quantifiers, and no repeated group that holds a quantifier', () => {
    for (const d of DETECTORS) {
      const src = d.pattern.source.replace(/\\./g, '_').replace(/\[[^\]]*\]/g, 'C');
      assert.doesNotMatch(src, /[*+]|\{\d+,\}/, `${d.id}: unbounded quantifier`);
      // (x{1,4}y){1,3} can backtrack exponentially; an optional group (x{1,4}y)? only doubles the paths once
      for (const m of src.matchAll(/\(([^()]*)\)\{\d+(?:,\d+)?\}/g)) assert.doesNotMatch(m[1]!.replace(/^\?(?:[:=!]|<[=!])/, ''), /\{\d|\?/, `${d.id}: repeated group with a quantifier`);
    }
  });
});
