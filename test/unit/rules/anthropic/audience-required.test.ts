import rule from '../../../../src/core/rules/anthropic/audience-required';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const ISSUER = 'fdis_01HqR3kZ8vWn2pYt5mXc7bLd';
const SA = 'svac_01JbT6nP4sQw9eRk2vZy8hMf';
const WS = 'wrkspc_01KfD8aL3mNq7tXw5cVb9rEz';

const eks = (matchLines: string) => dedent(`
  federation_issuers:
    - name: eks-prod-us-west-2
      issuer_url: https://oidc.eks.us-west-2.amazonaws.com/id/B71C4E2F9A0D3E5C6B8A1D7F2E4C9B0A
  federation_rules:
    - name: eks-inference
      issuer_id: eks-prod-us-west-2
      match:
${matchLines.split('\n').map((l) => `        ${l}`).join('\n')}
      target: { type: service_account, service_account_id: ${SA} }
      workspace_id: ${WS}
      oauth_scope: workspace:inference
`);

const spiffe = (match: Record<string, string>) => ({
  name: 'spire-batch',
  issuer_id: ISSUER,
  match,
  target: { type: 'service_account', service_account_id: SA },
  workspace_id: WS,
  oauth_scope: 'workspace:inference',
});

ruleTester.run(rule, {
  valid: [
    json({
      name: 'gha-deploy-main',
      issuer_id: ISSUER,
      match: { subject_prefix: 'repo:acme/payments:ref:refs/heads/main', audience: 'https://api.anthropic.com', claims: { repository_owner: 'acme' } },
      target: { type: 'service_account', service_account_id: SA },
      workspace_id: WS,
      oauth_scope: 'workspace:inference',
      token_lifetime_seconds: 600,
    }),
    {
      name: 'GitHub and AWS STS outbound rules tie tokens to their issuer by other means',
      code: json({
        data: [
          { name: 'gha', issuer_id: ISSUER, match: { subject_prefix: 'repo:acme/payments:environment:production', claims: { repository_owner: 'acme' } }, target: { type: 'service_account', service_account_id: SA } },
          { name: 'aws', issuer_id: ISSUER, match: { subject_prefix: 'arn:aws:iam::123456789012:role/inference-worker' }, target: { type: 'service_account', service_account_id: SA } },
        ],
        has_more: false,
      }),
    },
    eks('subject_prefix: system:serviceaccount:inference:inference-worker\naudience: https://api.anthropic.com'),
    json(spiffe({ subject_prefix: 'spiffe://prod.acme.internal/ns/batch/sa/report-builder', audience: 'https://api.anthropic.com' })),
    dedent(`
      federation_issuers:
        - name: onprem-k8s
          issuer_url: https://kubernetes.default.svc.cluster.local
          jwks: { type: inline, keys: [{ kty: RSA, kid: k1, alg: RS256, use: sig, n: "<modulus>", e: AQAB }] }
      federation_rules:
        - name: onprem-batch
          issuer_id: onprem-k8s
          match: { subject_prefix: "system:serviceaccount:batch:report-builder", audience: "https://api.anthropic.com" }
          target: { type: service_account, service_account_id: ${SA} }
          workspace_id: ${WS}
          oauth_scope: workspace:inference
    `),
    {
      name: 'an issuer Keyless cannot identify is not guessed at',
      code: json({ name: 'unknown', issuer_id: ISSUER, match: { subject_prefix: '0oa8f2kq9sXy4TbLm5d7' }, target: { type: 'service_account', service_account_id: SA } }),
    },
  ],
  invalid: [
    {
      name: 'EKS issuer in the manifest, no audience',
      code: eks('subject_prefix: system:serviceaccount:inference:inference-worker'),
      errors: [{
        messageId: 'missingAudience', line: 7, column: 5, endColumn: 10,
        message: 'rule "eks-inference" trusts Amazon EKS and sets no `audience`. The same issuer signs EKS service-account tokens for other services too',
        suggestions: [{ title: 'Set audience: https://api.anthropic.com', output: eks('subject_prefix: system:serviceaccount:inference:inference-worker\naudience: https://api.anthropic.com') }],
      }],
    },
    {
      name: 'EKS rule matching the IRSA audience',
      code: eks('subject_prefix: system:serviceaccount:inference:inference-worker\naudience: sts.amazonaws.com'),
      errors: [{
        messageId: 'irsaAudience', line: 9, column: 17, endColumn: 34,
        message: 'that is the IRSA token EKS projects for the AWS SDKs',
        suggestions: [{ output: eks('subject_prefix: system:serviceaccount:inference:inference-worker\naudience: https://api.anthropic.com') }],
      }],
    },
    {
      name: 'Kubernetes inferred from the subject (single rule body, YAML)',
      code: dedent(`
        name: batch-reports
        issuer_id: ${ISSUER}
        match:
          subject_prefix: system:serviceaccount:batch:report-builder
        target: { type: service_account, service_account_id: ${SA} }
        workspace_id: ${WS}
        oauth_scope: workspace:inference
      `),
      errors: [{
        messageId: 'missingAudience', line: 3, column: 1, message: 'trusts Kubernetes (issuer not in this file; inferred from the subject\'s shape) and sets no `audience`',
        suggestions: [{ output: dedent(`
          name: batch-reports
          issuer_id: ${ISSUER}
          match:
            subject_prefix: system:serviceaccount:batch:report-builder
            audience: https://api.anthropic.com
          target: { type: service_account, service_account_id: ${SA} }
          workspace_id: ${WS}
          oauth_scope: workspace:inference
        `) }],
      }],
    },
    {
      name: 'SPIFFE inferred from the subject (JSON)',
      code: json(spiffe({ subject_prefix: 'spiffe://prod.acme.internal/ns/batch/sa/report-builder' })),
      errors: [{
        messageId: 'missingAudience', line: 4, column: 3, message: 'SPIFFE JWT-SVIDs',
        suggestions: [{ output: json(spiffe({ subject_prefix: 'spiffe://prod.acme.internal/ns/batch/sa/report-builder', audience: 'https://api.anthropic.com' })) }],
      }],
    },
    {
      name: 'a custom OIDC issuer in the manifest (JSON)',
      code: json({
        federation_issuers: [{ name: 'corp-idp', issuer_url: 'https://idp.corp.internal', jwks: { type: 'explicit_url', url: 'https://keys.corp.example.com/jwks.json' } }],
        federation_rules: [{ name: 'corp-batch', issuer_id: 'corp-idp', match: { subject_prefix: 'svc-report-builder' }, target: { type: 'service_account', service_account_id: SA }, workspace_id: WS, oauth_scope: 'workspace:inference' }],
      }),
      errors: [{
        messageId: 'missingAudience', line: 16, column: 7, message: 'trusts a custom OIDC issuer and sets no `audience`',
        suggestions: [{
          output: json({
            federation_issuers: [{ name: 'corp-idp', issuer_url: 'https://idp.corp.internal', jwks: { type: 'explicit_url', url: 'https://keys.corp.example.com/jwks.json' } }],
            federation_rules: [{ name: 'corp-batch', issuer_id: 'corp-idp', match: { subject_prefix: 'svc-report-builder', audience: 'https://api.anthropic.com' }, target: { type: 'service_account', service_account_id: SA }, workspace_id: WS, oauth_scope: 'workspace:inference' }],
          }),
        }],
      }],
    },
  ],
});
