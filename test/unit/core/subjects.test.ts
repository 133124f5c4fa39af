import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeSubject, pinsTenant } from '../../../src/core/subjects';

const codes = (pattern: string, syntax: 'trailing-star' | 'glob' | 'exact' = 'trailing-star', family?: Parameters<typeof analyzeSubject>[2]) =>
  analyzeSubject(pattern, syntax, family).issues.map((i) => i.code);

describe('analyzeSubject: GitHub Actions', () => {
  it('quiet for pinned subjects, name-based and immutable', () => {
    for (const s of ['repo:acme/payments:ref:refs/heads/main', 'repo:acme/payments:environment:production', 'repo:acme@1234567/payments@7654321:ref:refs/heads/main', 'repo:acme/payments:pull_request']) {
      assert.deepEqual(codes(s), [], s);
    }
  });

  it('tells how far each wildcard reaches, and where', () => {
    const table: [string, string][] = [
      ['*', 'match-all'],
      ['repo:*', 'tenant-open'],
      ['repo:acm*', 'tenant-open'],
      ['repo:acme/*', 'tenant-wide'],
      ['repo:acme/app*', 'no-delimiter'],
      ['repo:acme/app:*', 'repo-wide'],
      ['repo:acme/app:ref:refs/heads/*', 'all-branches'],
      ['repo:acme/app:ref:*', 'all-branches'],
      ['repo:acme/app:environment:*', 'all-environments'],
      ['repo:acme/app:ref:refs/heads/release*', 'no-delimiter'],
      ['repo:acme/app:environment:prod*', 'no-delimiter'],
      ['repo:acme@1234567/*', 'tenant-wide'],
    ];
    for (const [pattern, code] of table) {
      const a = analyzeSubject(pattern, 'trailing-star');
      assert.deepEqual(a.issues.map((i) => i.code), [code], pattern);
      assert.equal(a.issues[0]!.at, pattern.length - 1, `${pattern}: position of the *`);
      assert.equal(a.family, pattern === '*' ? undefined : 'github-actions');
    }
    assert.deepEqual(codes('repo:acme/app:ref:refs/heads/release/*'), []);
  });

  it('names concrete subjects that also match', () => {
    assert.deepEqual(analyzeSubject('repo:acme/app*', 'trailing-star').alsoAdmits, ['repo:acme/app-sandbox:ref:refs/heads/dev', 'repo:acme/app:pull_request']);
    assert.ok(analyzeSubject('repo:acme/app:*', 'trailing-star').alsoAdmits.includes('repo:acme/app:pull_request'));
    assert.deepEqual(analyzeSubject('repo:acme@1234567/*', 'trailing-star').alsoAdmits, ['repo:acme@1234567/sandbox@987654321:ref:refs/heads/dev', 'repo:acme@1234567/any-repo@987654321:pull_request']);
  });

  it('only a trailing star is a wildcard for trailing-star syntax; glob sees every one', () => {
    assert.deepEqual(codes('repo:acme/*/main'), []);
    assert.equal(analyzeSubject('repo:acme/*/main', 'trailing-star').wildcard, false);
    assert.deepEqual(codes('repo:acme/*:ref:refs/heads/main', 'glob'), ['tenant-wide']);
    assert.deepEqual(codes('repo:acme/app:*', 'exact'), []);
  });
});

describe('analyzeSubject: other providers', () => {
  it('Kubernetes', () => {
    assert.deepEqual(codes('system:serviceaccount:*'), ['k8s-cluster-wide']);
    assert.deepEqual(codes('system:serviceaccount:inference:*'), ['k8s-namespace-wide']);
    assert.deepEqual(codes('system:serviceaccount:inference:worker*'), ['no-delimiter']);
    assert.deepEqual(codes('system:serviceaccount:inference:inference-worker'), []);
    assert.ok(analyzeSubject('system:serviceaccount:inference:*', 'trailing-star').alsoAdmits.includes('system:serviceaccount:inference:default'));
  });
  it('SPIFFE', () => {
    assert.deepEqual(codes('spiffe://*'), ['tenant-open']);
    assert.deepEqual(codes('spiffe://prod.acme.internal/*'), ['spiffe-trust-domain-wide']);
    assert.deepEqual(codes('spiffe://prod.acme.internal/ns/batch*'), ['no-delimiter']);
    assert.deepEqual(codes('spiffe://prod.acme.internal/ns/batch/*'), []);
  });
  it('AWS role ARNs', () => {
    assert.deepEqual(codes('arn:aws:iam::*'), ['tenant-open']);
    assert.deepEqual(codes('arn:aws:iam::123456789012:role/*'), ['aws-account-wide']);
    assert.deepEqual(codes('arn:aws:iam::123456789012:role/deploy*'), ['no-delimiter']);
    assert.deepEqual(codes('arn:aws:iam::123456789012:role/inference-worker'), []);
  });
  it('GitLab, Buildkite, HCP Terraform', () => {
    assert.deepEqual(codes('project_path:*'), ['tenant-open']);
    assert.deepEqual(codes('project_path:acme/*'), ['tenant-wide']);
    assert.deepEqual(codes('project_path:acme/app:*'), ['repo-wide']);
    assert.deepEqual(codes('organization:acme:pipeline:*'), []);
    assert.deepEqual(codes('organization:*'), ['tenant-open']);
  });
  it('Google numeric ids', () => {
    assert.deepEqual(codes('1048921012*', 'trailing-star', 'google'), ['google-numeric-wildcard']);
    assert.equal(analyzeSubject('104892101234567890123', 'exact').family, 'google');
  });
});

describe('pinsTenant', () => {
  it('GitHub: an owner before the slash', () => {
    assert.equal(pinsTenant('repo:acme/*', 'trailing-star', 'github-actions'), true);
    assert.equal(pinsTenant('repo:acme@1234567/payments@7654321:ref:refs/heads/main', 'trailing-star', 'github-actions'), true);
    assert.equal(pinsTenant('repository_owner:acme', 'exact', 'github-actions'), true);
    assert.equal(pinsTenant('repo:*', 'trailing-star', 'github-actions'), false);
    assert.equal(pinsTenant('repo:acme*', 'trailing-star', 'github-actions'), false);
  });
  it('GitLab, Buildkite, Google', () => {
    assert.equal(pinsTenant('project_path:acme/app:ref_type:branch:ref:main', 'exact', 'gitlab'), true);
    assert.equal(pinsTenant('project_path:acm*', 'trailing-star', 'gitlab'), false);
    assert.equal(pinsTenant('organization:acme:pipeline:deploy:ref:refs/heads/main', 'exact', 'buildkite'), true);
    assert.equal(pinsTenant('104892101234567890123', 'exact', 'google'), true);
    assert.equal(pinsTenant('1048921012*', 'trailing-star', 'google'), false);
  });
});
