// Masking and fingerprints: a preview shows a public prefix and at most 4 characters; fingerprints are salted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fingerprint, mask } from '../../../src/core/secrets/mask';
import { keys } from '../../../src/core/secrets/samples';

describe('mask', () => {
  it('shows the public prefix and the last characters', () => {
    const key = keys.anthropic('api03', 'm');
    assert.equal(mask(key), `sk-ant-api03-…${key.slice(-4)}`);
    const gh = keys.github('ghp', 'm');
    assert.equal(mask(gh), `ghp_…${gh.slice(-4)}`);
    const id = keys.awsKeyId('AKIA', 'm');
    assert.equal(mask(id), `AKIA…${id.slice(-2)}`, 'a 16-character body shows 2');
    assert.equal(mask(keys.pem('RSA', 'm')), '-----BEGIN RSA PRIVATE KEY-----…');
    assert.equal(mask(keys.slackWebhook('m')).startsWith('hooks.slack.com/services/…'), true);
  });

  it('shows fewer characters of short secrets, and none of very short ones', () => {
    assert.equal(mask('abcdefghij'), '…');
    assert.equal(mask('abcdefghijklmnop'), '…op');
    assert.equal(mask('sk-short'), '…', 'a prefix is only shown when a real body follows');
  });

  it('never shows more than 4 characters beyond a public prefix, for any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.constantFrom('', 'sk-ant-api03-', 'ghp_', 'AKIA', 'eyJ', 'xoxb-'), (body, prefix) => {
        const secret = prefix + body;
        const m = mask(secret);
        const [pre, post] = m.split('…');
        assert.ok(post!.length <= 4);
        assert.ok(secret.endsWith(post!));
        assert.ok(pre === '' || secret.startsWith(pre!));
        if (secret.length > 8) assert.ok(!m.includes(secret));
      }),
    );
  });
});

describe('fingerprint', () => {
  it('is a salted SHA-256 prefix, stable per salt', () => {
    const key = keys.openai('proj', 'fp');
    const a = fingerprint(key, 'salt-a');
    assert.match(a, /^[0-9a-f]{32}$/);
    assert.equal(a, fingerprint(key, 'salt-a'));
    assert.notEqual(a, fingerprint(key, 'salt-b'));
    assert.notEqual(a, fingerprint(`${key}x`, 'salt-a'));
    assert.notEqual(fingerprint('ab', 'c'), fingerprint('b', 'ca'), 'salt and secret are separated');
  });
});
