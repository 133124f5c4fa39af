import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildOpenAIModel, type OpenAIModel } from '../../../src/core/openai/model';
import { referencedClaims, parseWildcard } from '../../../src/core/openai/matchers';
import { SourceContext } from '../../../src/core/source';
import { str } from '../../../src/core/tree';
import { dedent, json } from '../helpers/ruleTester';

const build = (text: string, path = 'file.yaml') => buildOpenAIModel(new SourceContext(text, path));
const model = (text: string): OpenAIModel => {
  const b = build(text);
  assert.ok(b, 'expected an OpenAI document');
  return b.model;
};

const API_PROVIDER = {
  type: 'oidc',
  name: 'github-actions-prod',
  issuer: 'https://token.actions.githubusercontent.com',
  audience: 'https://api.openai.com/v1',
  verification: { type: 'discovery', discovery_url: null },
};

describe('openai model: recognises', () => {
  it('an API Platform provider body', () => {
    const b = build(json(API_PROVIDER), 'provider.json');
    assert.deepEqual(b?.kinds, ['openai-workload-identity-provider']);
    const p = b!.model.providers[0]!;
    assert.equal(p.product, 'api');
    assert.equal(p.profile.family, 'github-actions');
    assert.equal(str(p.audience), 'https://api.openai.com/v1');
  });

  it('a Codex provider (spiffe_jwt) and a Codex rule', () => {
    const m = model(json({ name: 'spiffe-production', type: 'spiffe_jwt', issuer: 'spiffe://example.com', jwks_uri: 'https://spiffe.example.com/bundle.json', check_jti: true }));
    assert.equal(m.providers[0]!.product, 'codex');
    assert.equal(m.providers[0]!.spiffe, true);
    const r = model(json({ name: 'ci-codex', workspace_id: 'ws_1', principal_id: 'user_1', external_subject: 'repo:acme/payments:environment:production', audiences: ['api://openai-codex-production'] }));
    assert.equal(r.rules[0]!.product, 'codex');
    assert.equal(r.rules[0]!.evidence?.profile.family, 'github-actions');
  });

  it('an API Platform mapping, and its issuer from the `iss` matcher', () => {
    const b = build(json({ name: 'payments-main', project_id: 'proj_abc', service_account_id: 'sa_1', attribute_matchers: { iss: 'https://gitlab.com', sub: 'project_path:acme/app:ref_type:branch:ref:main' } }));
    assert.deepEqual(b?.kinds, ['openai-federation-rule']);
    assert.equal(b!.model.rules[0]!.product, 'api');
    assert.equal(b!.model.rules[0]!.evidence?.via, 'iss');
    assert.equal(b!.model.rules[0]!.evidence?.profile.family, 'gitlab');
  });

  it('list responses of providers and of mappings (one provider per list)', () => {
    const m = model(json({
      object: 'list',
      data: [
        { object: 'organization.workload_identity_federation_rule', id: 'r1', service_account_id: 'sa_1', attribute_matchers: { sub: 'a' } },
        { object: 'organization.workload_identity_federation_rule', id: 'r2', service_account_id: 'sa_1', attribute_matchers: { sub: 'b' } },
      ],
      has_more: false,
    }));
    assert.equal(m.rules.length, 2);
    assert.equal(m.rules[0]!.providerKey, m.rules[1]!.providerKey);
    assert.ok(m.rules[0]!.providerKey);
  });

  it('a manifest: nested rules, and top-level rules naming their provider by name', () => {
    const m = model(dedent(`
      workload_identity_providers:
        - name: gha
          issuer: https://token.actions.githubusercontent.com
          audience: https://api.openai.com/v1
          federation_rules:
            - name: nested
              service_account_id: sa_1
              attribute_matchers: { sub: "repo:acme/app:ref:refs/heads/main" }
        - name: k8s
          type: oidc
          issuer: https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE
      mappings:
        - name: top
          provider: k8s
          workspace_id: ws_1
          principal_id: user_1
          external_subject: system:serviceaccount:inference:worker
    `));
    assert.deepEqual(m.providers.map((p) => [str(p.name), p.product, p.rules.length]), [['gha', 'api', 1], ['k8s', 'codex', 1]]);
    assert.equal(m.rules[1]!.provider, m.providers[1]);
    assert.equal(m.providers[1]!.profile.family, 'eks');
    assert.equal(m.providerLists.length, 1);
  });

  it('an unmarked provider takes its product from its rules', () => {
    const m = model(dedent(`
      workload_identity_providers:
        - name: gha
          issuer: https://token.actions.githubusercontent.com
          mappings:
            - { name: r, service_account_id: sa_1, attribute_matchers: { sub: "repo:acme/app:ref:refs/heads/main" } }
    `));
    assert.equal(m.providers[0]!.product, 'api');
  });
});

describe('openai model: leaves alone', () => {
  const none = (name: string, text: string, path = 'file.yaml') =>
    it(name, () => assert.equal(build(text, path), undefined));

  none('an Anthropic federation rule (issuer_id, match)', json({
    name: 'gha', issuer_id: 'fdis_01', match: { subject_prefix: 'repo:acme/app:*', audience: 'https://api.anthropic.com' },
    target: { type: 'service_account', service_account_id: 'svac_01' }, oauth_scope: 'workspace:inference',
  }));
  none('an Anthropic issuer (issuer_url)', json({ name: 'gh', issuer_url: 'https://token.actions.githubusercontent.com', jwks: { type: 'discovery' } }));
  none('an Anthropic manifest (federation_issuers + federation_rules)', dedent(`
    federation_issuers:
      - { name: gh, issuer_url: "https://token.actions.githubusercontent.com" }
    federation_rules:
      - { name: r, issuer_id: gh, match: { subject_prefix: "repo:acme/app:*" }, target: { type: service_account, service_account_id: svac_x } }
  `));
  none('an IAM trust policy', json({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' } } }],
  }));
  none('an OIDC client configuration (client_id)', json({ type: 'oidc', issuer: 'https://accounts.google.com', client_id: 'abc.apps.googleusercontent.com', audience: 'x', name: 'login' }));
  none('a Kubernetes AuthenticationConfiguration', dedent(`
    apiVersion: apiserver.config.k8s.io/v1beta1
    kind: AuthenticationConfiguration
    jwt:
      - issuer: { url: "https://token.actions.githubusercontent.com", audiences: [sts.amazonaws.com] }
  `));
  none('random JSON with an issuer field', json({ issuer: 'ACME Corp', amount: 12, currency: 'EUR' }));
  none('a text format (dotenv), whatever it holds', 'issuer=https://token.actions.githubusercontent.com\n', '.env');
});

describe('openai matchers helpers', () => {
  it('parseWildcard', () => {
    assert.deepEqual(['repo:acme/*', 'a', '*', 'repo:*:prod', 'a**', '*a'].map((v) => parseWildcard(v).kind), ['prefix', 'exact', 'alone', 'mid', 'multiple', 'mid']);
  });
  it('referencedClaims', () => {
    assert.deepEqual(referencedClaims('assertion.repository + "@" + assertion.ref'), ['repository', 'ref']);
    assert.deepEqual(referencedClaims('assertion["kubernetes.io"].serviceaccount.name == "web" && myassertion.x'), ['kubernetes.io.serviceaccount.name']);
  });
});
