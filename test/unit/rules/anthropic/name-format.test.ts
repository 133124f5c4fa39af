import rule from '../../../../src/core/rules/anthropic/name-format';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const SA = 'svac_01JbT6nP4sQw9eRk2vZy8hMf';
const WS = 'wrkspc_01KfD8aL3mNq7tXw5cVb9rEz';

ruleTester.run(rule, {
  valid: [
    json({ name: 'github-actions', issuer_url: 'https://token.actions.githubusercontent.com', jwks: { type: 'discovery' } }),
    {
      name: 'manifest: an issuer and a rule may share a name (different resources)',
      code: dedent(`
        federation_issuers:
          - name: aws-outbound
            issuer_url: https://6f1c2a9e-3b4d-4e8f-9a1b-2c3d4e5f6a7b.tokens.sts.global.api.aws
        service_accounts:
          - name: inference-worker
        federation_rules:
          - name: aws-outbound
            issuer_id: aws-outbound
            match: { subject_prefix: "arn:aws:iam::123456789012:role/inference-worker" }
            target: { type: service_account, service_account_id: inference-worker }
            workspace_id: ${WS}
            oauth_scope: workspace:developer
          - name: aws-outbound-2
            issuer_id: aws-outbound
            match: { subject_prefix: "arn:aws:iam::123456789012:role/batch-worker" }
            target: { type: service_account, service_account_id: inference-worker }
            workspace_id: ${WS}
            oauth_scope: workspace:inference
      `),
    },
    {
      name: 'a 255-character name',
      code: json({ name: `svc-${'a'.repeat(251)}`, organization_role: 'developer' }),
    },
  ],
  invalid: [
    {
      name: 'display name instead of a slug (JSON issuer)',
      code: json({ name: 'GitHub Actions', issuer_url: 'https://token.actions.githubusercontent.com' }),
      errors: [{ messageId: 'notSlug', line: 2, column: 11, endColumn: 27, message: 'Rename it "github-actions".' }],
      output: json({ name: 'github-actions', issuer_url: 'https://token.actions.githubusercontent.com' }),
    },
    {
      name: 'manifest: renames carry over to the rules that refer to the issuer and service account',
      code: dedent(`
        federation_issuers:
          - name: EKS_Prod
            issuer_url: https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE
        service_accounts:
          - name: Inference Worker
        federation_rules:
          - name: EKS inference (prod)
            issuer_id: EKS_Prod
            match: { subject_prefix: "system:serviceaccount:inference:inference-worker", audience: "https://api.anthropic.com" }
            target: { type: service_account, service_account_id: Inference Worker }
            workspace_id: ${WS}
            oauth_scope: workspace:inference
      `),
      errors: [
        { messageId: 'notSlug', line: 2, column: 11, message: 'issuer "EKS_Prod"' },
        { messageId: 'notSlug', line: 5, column: 11, message: 'service account "Inference Worker"' },
        { messageId: 'notSlug', line: 7, column: 11, message: 'Rename it "eks-inference-prod".' },
      ],
      output: dedent(`
        federation_issuers:
          - name: eks-prod
            issuer_url: https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE
        service_accounts:
          - name: inference-worker
        federation_rules:
          - name: eks-inference-prod
            issuer_id: eks-prod
            match: { subject_prefix: "system:serviceaccount:inference:inference-worker", audience: "https://api.anthropic.com" }
            target: { type: service_account, service_account_id: inference-worker }
            workspace_id: ${WS}
            oauth_scope: workspace:inference
      `),
    },
    {
      name: 'duplicate rule and service-account names in one manifest',
      code: dedent(`
        service_accounts:
          - name: ci-deployer
          - name: ci-deployer
            organization_role: admin
        federation_rules:
          - name: gha-deploy
            issuer_id: fdis_01HqR3kZ8vWn2pYt5mXc7bLd
            match: { subject_prefix: "repo:acme/payments:ref:refs/heads/main" }
            target: { type: service_account, service_account_id: ${SA} }
            workspace_id: ${WS}
            oauth_scope: workspace:inference
          - name: gha-deploy
            issuer_id: fdis_01HqR3kZ8vWn2pYt5mXc7bLd
            match: { subject_prefix: "repo:acme/payments:environment:production" }
            target: { type: service_account, service_account_id: ${SA} }
            workspace_id: ${WS}
            oauth_scope: workspace:inference
      `),
      errors: [
        { messageId: 'duplicate', line: 3, column: 11, endColumn: 22, message: 'Another service account in this manifest is already named "ci-deployer"' },
        { messageId: 'duplicate', line: 12, column: 11, message: '409 Conflict' },
      ],
    },
    {
      name: 'no automatic rename onto a name that is already taken',
      code: dedent(`
        federation_issuers:
          - name: github-actions
            issuer_url: https://token.actions.githubusercontent.com
          - name: GitHub-Actions
            issuer_url: https://token.actions.githubusercontent.com/acme-enterprise
      `),
      errors: [{ messageId: 'notSlug', line: 4, column: 11, message: /`-`\.$/ }],
    },
    {
      name: 'two names that would slug to the same name get no automatic rename',
      code: dedent(`
        service_accounts:
          - name: Batch Worker
          - name: batch_worker
      `),
      errors: [
        { messageId: 'notSlug', line: 2, column: 11 },
        { messageId: 'notSlug', line: 3, column: 11 },
      ],
    },
    {
      name: 'empty, symbol-only and over-long names',
      code: json({
        data: [
          { type: 'service_account', id: 'svac_01AAAAAAAAAAAAAAAAAAAAAAAA', name: '', organization_role: 'developer' },
          { type: 'service_account', id: 'svac_01BBBBBBBBBBBBBBBBBBBBBBBB', name: '🚀🚀', organization_role: 'developer' },
          { type: 'service_account', id: 'svac_01CCCCCCCCCCCCCCCCCCCCCCCC', name: `svc-${'b'.repeat(252)}`, organization_role: 'developer' },
        ],
        has_more: false,
      }),
      errors: [
        { messageId: 'empty', line: 6, column: 15, endColumn: 17 },
        { messageId: 'notSlug', line: 12, column: 15, endColumn: 21 },
        { messageId: 'tooLong', line: 18, column: 15, message: 'is 256 characters long' },
      ],
    },
  ],
});
