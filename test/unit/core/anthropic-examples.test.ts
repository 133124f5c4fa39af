// The scoping and CEL rules together over the reference documents (domain.md §1.11) and a good GitHub rule: they
// must stay quiet, alone and inside list responses and manifests. And one document with every pitfall at once, so
// that each rule is seen to fire alongside the others.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from '../../../src/core/engine';
import audienceRequired from '../../../src/core/rules/anthropic/audience-required';
import celCondition from '../../../src/core/rules/anthropic/cel-condition';
import celOverTrue from '../../../src/core/rules/anthropic/cel-over-true';
import celStaticEquivalent from '../../../src/core/rules/anthropic/cel-static-equivalent';
import claimsMatcher from '../../../src/core/rules/anthropic/claims-matcher';
import googleSubject from '../../../src/core/rules/anthropic/google-subject';
import lifetimeForScope from '../../../src/core/rules/anthropic/lifetime-for-scope';
import subjectPrefixScope from '../../../src/core/rules/anthropic/subject-prefix-scope';
import tenantPin from '../../../src/core/rules/anthropic/tenant-pin';

const RULES = [audienceRequired, celCondition, celOverTrue, celStaticEquivalent, claimsMatcher, googleSubject, lifetimeForScope, subjectPrefixScope, tenantPin];

const issuers = [
  { name: 'github-actions', issuer_url: 'https://token.actions.githubusercontent.com', jwks: { type: 'discovery' }, max_jwt_lifetime_seconds: 600, check_jti: true },
  { name: 'onprem-k8s', issuer_url: 'https://kubernetes.default.svc.cluster.local', jwks: { type: 'inline', keys: [{ kty: 'RSA', kid: 'k1', alg: 'RS256', use: 'sig', n: '<modulus>', e: 'AQAB' }] } },
  { name: 'corp-idp', issuer_url: 'https://idp.corp.internal', jwks: { type: 'explicit_url', url: 'https://keys.corp.example.com/jwks.json', ca_cert_pem: '-----BEGIN CERTIFICATE-----\n...' } },
];

const rules = [
  {
    name: 'gha-deploy-main',
    issuer_id: 'fdis_01HqR3kZ8vWn2pYt5mXc7bLd',
    match: { subject_prefix: 'repo:acme/payments:ref:refs/heads/main', audience: 'https://api.anthropic.com', claims: { repository_owner: 'acme' } },
    target: { type: 'service_account', service_account_id: 'svac_01JbT6nP4sQw9eRk2vZy8hMf' },
    workspace_id: 'wrkspc_01KfD8aL3mNq7tXw5cVb9rEz',
    oauth_scope: 'workspace:inference',
    token_lifetime_seconds: 600,
  },
  {
    name: 'gha-release',
    issuer_id: 'fdis_01HqR3kZ8vWn2pYt5mXc7bLd',
    match: {
      audience: 'https://api.anthropic.com',
      condition: 'claims.repository_owner_id == "123456" && claims.repository == "acme/payments" && claims.ref in ["refs/heads/main", "refs/heads/release"]',
    },
    target: { type: 'service_account', service_account_id: 'svac_01JbT6nP4sQw9eRk2vZy8hMf' },
    applies_to_all_workspaces: true,
    oauth_scope: 'workspace:developer',
  },
  {
    name: 'aws-inference',
    issuer_id: 'fdis_01HqR3kZ8vWn2pYt5mXc7bLd',
    match: {
      subject_prefix: 'arn:aws:iam::123456789012:role/inference-worker',
      audience: 'https://api.anthropic.com',
      condition: 'claims["https://sts.amazonaws.com/"].aws_account == "123456789012"',
    },
    target: { type: 'service_account', service_account_id: 'svac_01JbT6nP4sQw9eRk2vZy8hMf' },
    workspace_id: 'wrkspc_01KfD8aL3mNq7tXw5cVb9rEz',
    oauth_scope: 'workspace:developer',
    token_lifetime_seconds: 600,
  },
];

const run = (text: string, path: string) => check(text, path, { ruleSet: RULES }).findings.map((f) => `${f.ruleId}/${f.messageId}: ${f.message}`);

describe('scoping and CEL rules over the reference documents', () => {
  it('each issuer and rule alone (JSON)', () => {
    for (const doc of [...issuers, ...rules]) assert.deepEqual(run(JSON.stringify(doc, null, 2), 'doc.json'), [], doc.name);
  });

  it('a list response', () => {
    assert.deepEqual(run(JSON.stringify({ data: rules, has_more: false, first_id: 'fdrl_01A', last_id: 'fdrl_01C' }, null, 2), 'rules.json'), []);
  });

  it('a manifest whose GitHub rule names its issuer', () => {
    const manifest = {
      federation_issuers: issuers,
      federation_rules: rules.map((r, i) => (i === 0 ? { ...r, issuer_id: 'github-actions' } : r)),
    };
    assert.deepEqual(run(JSON.stringify(manifest, null, 2), 'wif.json'), []);
  });

  it('the same manifest as YAML', () => {
    const yaml = [
      'federation_issuers:',
      '  - name: github-actions',
      '    issuer_url: https://token.actions.githubusercontent.com',
      '    max_jwt_lifetime_seconds: 600',
      'federation_rules:',
      '  - name: gha-deploy-main',
      '    issuer_id: github-actions',
      '    match:',
      '      subject_prefix: repo:acme/payments:ref:refs/heads/main',
      '      audience: https://api.anthropic.com',
      '      claims: { repository_owner: acme }',
      '    target: { type: service_account, service_account_id: svac_01JbT6nP4sQw9eRk2vZy8hMf }',
      '    workspace_id: wrkspc_01KfD8aL3mNq7tXw5cVb9rEz',
      '    oauth_scope: workspace:inference',
      '    token_lifetime_seconds: 600',
      '',
    ].join('\n');
    assert.deepEqual(run(yaml, 'wif.yaml'), []);
  });

  it('every rule fires on a document with every pitfall', () => {
    const bad = [
      'federation_issuers:',
      '  - name: github-actions',
      '    issuer_url: https://token.actions.githubusercontent.com',
      '  - name: google',
      '    issuer_url: https://accounts.google.com',
      'federation_rules:',
      '  - name: gha-admin',
      '    issuer_id: github-actions',
      '    match:',
      '      subject_prefix: "repo:*"',
      '      claims: { aud: https://api.anthropic.com, ref: "refs/heads/*" }',
      '    target: { type: service_account, service_account_id: svac_01MzW4cR7tYp2nQk8vLx5sHd }',
      '    applies_to_all_workspaces: true',
      '    oauth_scope: org:admin',
      '  - name: gha-or',
      '    issuer_id: github-actions',
      '    match:',
      '      condition: claims.repository_owner == "acme" || claims.ref == "refs/heads/main"',
      '    target: { type: service_account, service_account_id: svac_01JbT6nP4sQw9eRk2vZy8hMf }',
      '    workspace_id: wrkspc_01KfD8aL3mNq7tXw5cVb9rEz',
      '  - name: k8s-typo',
      '    issuer_id: fdis_01HqR3kZ8vWn2pYt5mXc7bLd',
      '    match:',
      '      subject_prefix: system:serviceaccount:inference:inference-worker',
      '      condition: claims["kubernetes.io"].namespace == "inference" && claims.repository_owner == "acme"',
      '    target: { type: service_account, service_account_id: svac_01JbT6nP4sQw9eRk2vZy8hMf }',
      '    workspace_id: wrkspc_01KfD8aL3mNq7tXw5cVb9rEz',
      '  - name: k8s-static',
      '    issuer_id: fdis_01HqR3kZ8vWn2pYt5mXc7bLd',
      '    match:',
      '      audience: https://api.anthropic.com',
      '      condition: claims.sub == "system:serviceaccount:batch:report-builder"',
      '    target: { type: service_account, service_account_id: svac_01JbT6nP4sQw9eRk2vZy8hMf }',
      '    workspace_id: wrkspc_01KfD8aL3mNq7tXw5cVb9rEz',
      '  - name: gce',
      '    issuer_id: google',
      '    match: { subject_prefix: "1048921012*", audience: https://api.anthropic.com }',
      '    target: { type: service_account, service_account_id: svac_01JbT6nP4sQw9eRk2vZy8hMf }',
      '    workspace_id: wrkspc_01KfD8aL3mNq7tXw5cVb9rEz',
      '',
    ].join('\n');
    const fired = new Set(check(bad, 'bad.yaml', { ruleSet: RULES }).findings.map((f) => f.ruleId));
    assert.deepEqual([...fired].sort(), RULES.map((r) => r.meta.id).sort());
  });
});
