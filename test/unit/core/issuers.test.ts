import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ISSUER_PROFILES, classifyIssuerUrl, familyFromSubject } from '../../../src/core/issuers';
import { CLAIM_CATALOGS, absentClaim, distinctiveOwner, isStringClaim } from '../../../src/core/claim-catalog';

describe('classifyIssuerUrl', () => {
  const table: [string, string, boolean][] = [
    ['https://token.actions.githubusercontent.com', 'github-actions', true],
    ['https://token.actions.githubusercontent.com/acme-corp', 'github-actions', false],
    ['https://token.actions.acme.ghe.com', 'github-actions', false],
    ['https://github.acme.internal/_services/token', 'github-actions', false],
    ['https://gitlab.com', 'gitlab', true],
    ['https://agent.buildkite.com', 'buildkite', true],
    ['https://app.terraform.io', 'terraform-cloud', true],
    ['https://accounts.google.com', 'google', true],
    ['https://4f1c2a9e-7b3d-4e8f-a1c5-9d2b6e0f3a7c.tokens.sts.global.api.aws', 'aws-sts-outbound', false],
    ['https://oidc.eks.us-west-2.amazonaws.com/id/B71C4E2F9A0D3E5C6B8A1D7F2E4C9B0A', 'eks', false],
    ['https://kubernetes.default.svc.cluster.local', 'kubernetes', false],
    ['https://container.googleapis.com/v1/projects/acme-prod/locations/us-central1/clusters/inference', 'kubernetes', false],
    ['https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0', 'entra-v2', false],
    ['https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/', 'entra-v1', false],
    ['https://acme.okta.com/oauth2/aus8f2kq9sXy4TbLm5d7', 'okta', false],
    ['https://oidc-discovery.prod.acme.internal', 'spiffe', false],
    ['https://idp.corp.internal', 'custom', false],
    ['https://oidc.k8s.acme.example', 'kubernetes', false],
    // a host that merely mentions kubernetes somewhere is not a cluster issuer
    ['https://login.kubernetes-training.example', 'custom', false],
  ];
  for (const [url, family, shared] of table) {
    it(url, () => {
      const p = classifyIssuerUrl(url);
      assert.equal(p.family, family);
      assert.equal(p.shared, shared);
    });
  }

  it('profiles say which issuers need an audience and which claims pin a tenant', () => {
    assert.deepEqual(['eks', 'kubernetes', 'spiffe', 'custom'].map((f) => ISSUER_PROFILES[f as keyof typeof ISSUER_PROFILES].needsAudience), [true, true, true, true]);
    assert.equal(ISSUER_PROFILES['github-actions'].needsAudience, false);
    assert.ok(ISSUER_PROFILES['github-actions'].tenantClaims.includes('repository_owner_id'));
    assert.ok(ISSUER_PROFILES.google.tenantClaims.includes('email'));
  });
});

describe('familyFromSubject', () => {
  it('recognises subject shapes', () => {
    assert.equal(familyFromSubject('repo:acme/payments:ref:refs/heads/main'), 'github-actions');
    assert.equal(familyFromSubject('system:serviceaccount:inference:inference-worker'), 'kubernetes');
    assert.equal(familyFromSubject('spiffe://prod.acme.internal/ns/batch/sa/report-builder'), 'spiffe');
    assert.equal(familyFromSubject('arn:aws:iam::123456789012:role/inference-worker'), 'aws-sts-outbound');
    assert.equal(familyFromSubject('project_path:acme/app:ref_type:branch:ref:main'), 'gitlab');
    assert.equal(familyFromSubject('104892101234567890123'), 'google');
    assert.equal(familyFromSubject('0oa8f2kq9sXy4TbLm5d7'), undefined);
  });
});

describe('claim catalogs', () => {
  it('closed sets (Kubernetes, AWS STS, Google) know every claim they send', () => {
    assert.equal(CLAIM_CATALOGS.kubernetes?.closed, true);
    assert.equal(absentClaim('kubernetes.io', 'eks'), undefined);
    assert.equal(absentClaim('email', 'kubernetes'), '');
    assert.equal(absentClaim('https://sts.amazonaws.com/', 'aws-sts-outbound'), undefined);
    assert.equal(absentClaim('email', 'google'), undefined);
  });
  it('open sets only flag another provider\'s distinctive claims', () => {
    assert.equal(absentClaim('repository_owner', 'kubernetes'), 'GitHub Actions');
    assert.equal(absentClaim('namespace_path', 'github-actions'), 'GitLab CI');
    assert.equal(absentClaim('some_future_claim', 'github-actions'), undefined);
    assert.equal(absentClaim('repo_property_tier', 'github-actions'), undefined);
    assert.equal(absentClaim('ref', 'gitlab'), undefined);
    assert.equal(distinctiveOwner('ref', 'spiffe'), undefined, 'ref is sent by GitHub and GitLab');
    assert.equal(absentClaim('x', 'okta'), undefined, 'no catalog, no claim');
  });
  it('knows which claims GitHub sends as strings', () => {
    assert.equal(isStringClaim('repository_owner_id', 'github-actions'), true);
    assert.equal(isStringClaim('repo_property_production', 'github-actions'), true);
    assert.equal(isStringClaim('exp', 'github-actions'), false);
    assert.equal(isStringClaim('ref_protected', 'gitlab'), true);
    assert.equal(isStringClaim('namespace_id', 'gitlab'), false);
  });
});
