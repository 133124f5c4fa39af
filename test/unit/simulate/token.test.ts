// Reading a presented JWT: a signed token reads back to its header and claims; anything else is named by the part
// that is wrong, and no message repeats any part of the input.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { parseToken } from '../../../src/core/simulate';
import { ghClaims, makeKey, sign, type TestKey } from './fixtures';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

let key: TestKey;
let token: string;

before(async () => {
  key = await makeKey('ES256', 'k1');
  token = await sign(ghClaims(), { key });
});

describe('parseToken', () => {
  it('reads a signed JWT: header, claims, byte length; ignores surrounding whitespace and a Bearer prefix', () => {
    for (const input of [token, `${token}\n`, `  Bearer ${token}  `]) {
      const r = parseToken(input);
      assert.ok(r.ok);
      assert.deepEqual(r.token.header, { alg: 'ES256', kid: 'k1', typ: 'JWT' });
      assert.equal(r.token.claims.sub, 'repo:acme/app:ref:refs/heads/main');
      assert.equal(r.token.compact, token);
      assert.equal(r.token.bytes, token.length);
    }
  });

  it('an expired or odd-claimed token is still a token (deciding about it is the simulator\'s job)', () => {
    const r = parseToken([b64({ alg: 'none' }), b64({ exp: 'yesterday' }), 'c2ln'].join('.'));
    assert.ok(r.ok);
    assert.equal(r.token.claims.exp, 'yesterday');
  });

  const [h, p, s] = ['HEADER', 'PAYLOAD', 'SIGNATURE'].map((x, i) => (i === 0 ? b64({ alg: 'RS256', kid: 'k' }) : i === 1 ? b64({ sub: 'x' }) : Buffer.from(x).toString('base64url')));
  const cases: [string, string, 'token' | 'header' | 'payload' | 'signature', RegExp][] = [
    ['empty', '', 'token', /empty/],
    ['one part', 'abc', 'token', /has 1 dot-separated part;/],
    ['two parts', `${h}.${p}`, 'token', /has 2 dot-separated parts; a signed JWT has 3/],
    ['four parts', `${h}.${p}.${s}.x`, 'token', /has 4 dot-separated parts/],
    ['five parts (JWE)', `${h}.x.y.z.w`, 'token', /encrypted JWT \(JWE\)/],
    ['standard base64 header', `${Buffer.from('{"alg":"RS256","kid":"k?>"}').toString('base64')}.${p}.${s}`, 'header', /header \(part 1\) is not base64url: it holds "\+", "\/" or "="/],
    ['header of other characters', `he*der.${p}.${s}`, 'header', /header \(part 1\) is not base64url: it holds characters outside/],
    ['header of impossible length', `abcde.${p}.${s}`, 'header', /cannot be a whole number of bytes/],
    ['header not JSON', `${Buffer.from('not json').toString('base64url')}.${p}.${s}`, 'header', /header \(part 1\) is not JSON/],
    ['header a JSON array', `${b64(['RS256'])}.${p}.${s}`, 'header', /header \(part 1\) is JSON but not an object/],
    ['empty header', `.${p}.${s}`, 'header', /header \(part 1\) is empty/],
    ['payload not base64url', `${h}.pay/load.${s}`, 'payload', /payload \(part 2\) is not base64url/],
    ['payload not JSON', `${h}.${Buffer.from('{"sub": ').toString('base64url')}.${s}`, 'payload', /payload \(part 2\) is not JSON/],
    ['payload not UTF-8', `${h}.${Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64url')}.${s}`, 'payload', /does not decode to UTF-8/],
    ['payload a JSON string', `${h}.${b64('sub')}.${s}`, 'payload', /payload \(part 2\) is JSON but not an object/],
    ['unsigned', `${h}.${p}.`, 'signature', /signature \(part 3\) is empty/],
    ['signature not base64url', `${h}.${p}.sig+nature=`, 'signature', /signature \(part 3\) is not base64url/],
  ];
  for (const [name, input, part, message] of cases) {
    it(`says which part is wrong: ${name}`, () => {
      const r = parseToken(input);
      assert.ok(!r.ok);
      assert.equal(r.part, part);
      assert.match(r.message, message);
      for (const piece of input.split('.').filter((x) => x.length > 3)) assert.ok(!r.message.includes(piece), `the message repeats part of the input: ${name}`);
    });
  }
});
