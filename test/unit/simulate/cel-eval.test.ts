// CEL over token claims: the simulator plans each expression once and reads claims by key (`claims.a` planned as
// `claims["a"]`, which is what selection means on a map). Every result, value or error, must be the one
// @bufbuild/cel's own `run` gives for the expression as written.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCelError, run } from '@bufbuild/cel';
import { celClaims, plain, program } from '../../../src/core/simulate/cel-eval';

const CLAIMS = {
  sub: 'repo:acme/app:ref:refs/heads/main', iat: 1700000000, aud: ['https://a', 'https://b'], email_verified: true, none: null,
  a: { b: { c: 'deep' } }, 'kubernetes.io': { namespace: 'inference', serviceaccount: { name: 'worker' } },
  'https://sts.amazonaws.com/': { aws_account: '123456789012', request_tags: { team: 'ml' } },
};

const EXPRESSIONS = [
  'claims.sub.startsWith("repo:acme/")', 'claims.a.b.c == "deep"', 'claims["a"].b.c', 'claims.a["b"].c', 'claims.a.b',
  'has(claims.a.b)', 'has(claims.a.z)', 'has(claims.missing)', 'claims.missing == 1', 'claims.a.missing', 'claims.sub.missing',
  'claims["kubernetes.io"].serviceaccount.name == "worker"', 'claims["https://sts.amazonaws.com/"].request_tags.team',
  'claims.aud.exists(x, x == "https://b")', '"https://a" in claims.aud', 'claims.aud[1]', 'size(claims.aud) == 2',
  'claims.iat > 1600000000 && claims.iat < 1800000000', 'claims.iat == 1700000000', 'claims.email_verified', 'claims.none == null',
  '[claims.a].exists(q, q.b.c == "deep")', 'claims.sub.matches("^repo:acme/[^:]+:ref:refs/heads/main$")', 'claims.sub == 1',
  'claims', '1 / 0 == 1', 'claims.sub +',
];

describe('CEL over claims', () => {
  const claims = celClaims(CLAIMS);
  for (const expr of EXPRESSIONS) {
    it(expr, () => {
      const mine = program(expr, 'claims').run(claims);
      const reference = run(expr, { claims: celClaims(CLAIMS) as never });
      if (isCelError(reference)) {
        assert.equal(mine.ok, false, `expected an error, got ${JSON.stringify(mine)}`);
        if (!mine.ok && !mine.error.startsWith('does not parse')) assert.equal(mine.error, reference.message);
      } else {
        assert.ok(mine.ok, !mine.ok ? mine.error : '');
        assert.deepEqual(plain(mine.value), plain(reference));
      }
    });
  }

  it('the same program serves every token; `assertion` is its own variable', () => {
    const p = program('claims.sub == "x"', 'claims');
    assert.equal(p, program('claims.sub == "x"', 'claims'));
    assert.deepEqual(p.run(celClaims({ sub: 'x' })), { ok: true, value: true });
    assert.deepEqual(p.run(celClaims({ sub: 'y' })), { ok: true, value: false });
    assert.deepEqual(program('assertion.sub == "x"', 'assertion').run(celClaims({ sub: 'x' })), { ok: true, value: true });
    assert.equal(program('claims.sub == "x"', 'assertion').run(celClaims({ sub: 'x' })).ok, false);
  });

  it('evaluation leaves the stack trace limit as it found it, errors or not', () => {
    const before = Error.stackTraceLimit;
    program('claims.missing', 'claims').run(celClaims({}));
    program('claims.sub', 'claims').run(celClaims({ sub: 'x' }));
    assert.equal(Error.stackTraceLimit, before);
  });
});
