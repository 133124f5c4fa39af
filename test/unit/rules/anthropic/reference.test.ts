import rule from '../../../../src/core/rules/anthropic/reference';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const ISSUER = 'fdis_01HqR3kZ8vWn2pYt5mXc7bLd';
const SA = 'svac_01JbT6nP4sQw9eRk2vZy8hMf';
const WS = 'wrkspc_01KfD8aL3mNq7tXw5cVb9rEz';

const manifest = (issuerRef: string, saRef: string) => dedent(`
  federation_issuers:
    - name: github-actions
      issuer_url: https://token.actions.githubusercontent.com
    - name: eks-prod
      issuer_url: https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE
  service_accounts:
    - name: ci-deployer
    - name: inference-worker
  federation_rules:
    - name: gha-deploy-main
      issuer_id: ${issuerRef}
      match: { subject_prefix: "repo:acme/payments:ref:refs/heads/main", claims: { repository_owner: acme } }
      target: { type: service_account, service_account_id: ${saRef} }
      workspace_id: ${WS}
      oauth_scope: workspace:inference
`);

const ghaRule = (issuerId: string, saId: string) => json({
  name: 'gha-deploy-main',
  issuer_id: issuerId,
  match: { subject_prefix: 'repo:acme/payments:ref:refs/heads/main', claims: { repository_owner: 'acme' } },
  target: { type: 'service_account', service_account_id: saId },
  workspace_id: WS,
  oauth_scope: 'workspace:inference',
});

ruleTester.run(rule, {
  valid: [
    ghaRule(ISSUER, SA),
    { name: 'manifest rule naming its issuer and service account', code: manifest('github-actions', 'ci-deployer') },
    { name: 'manifest rule naming an existing issuer and service account by id', code: manifest(ISSUER, SA) },
    {
      name: 'list response (ids only)',
      code: json({
        data: [{
          type: 'federation_rule', id: 'fdrl_01SDCCSbTxrXDpWc1phhtcfK', name: 'eks-inference', issuer_id: ISSUER, issuer_name: 'eks-prod',
          match: { subject_prefix: 'system:serviceaccount:inference:inference-worker', audience: 'https://api.anthropic.com' },
          target: { type: 'service_account', service_account_id: SA, service_account_name: 'inference-worker' },
          oauth_scope: 'workspace:inference', applies_to_all_workspaces: true, created_at: '2026-09-01T10:00:00Z',
        }],
        has_more: false,
      }),
    },
  ],
  invalid: [
    {
      name: 'manifest: typos in the issuer and service-account names',
      code: manifest('github-action', 'inference-wroker'),
      errors: [
        {
          messageId: 'unknownInManifest', line: 11, column: 16, endColumn: 29,
          message: '`issuer_id` "github-action" is neither a `fdis_…` id nor the name or id of an issuer in this file',
          suggestions: [
            { title: 'Use issuer "github-actions"', output: manifest('github-actions', 'inference-wroker') },
            { title: 'Use issuer "eks-prod"', output: manifest('eks-prod', 'inference-wroker') },
          ],
        },
        {
          messageId: 'unknownInManifest', line: 13, column: 58, endColumn: 74,
          suggestions: [
            { title: 'Use service account "inference-worker"', output: manifest('github-action', 'inference-worker') },
            { title: 'Use service account "ci-deployer"', output: manifest('github-action', 'ci-deployer') },
          ],
        },
      ],
    },
    {
      name: 'outside a manifest, names are not ids (warning)',
      code: ghaRule('github-actions', 'ci-deployer'),
      errors: [
        { messageId: 'notTagged', line: 3, column: 16, severity: 'warning', message: 'issuer ids start with `fdis_`' },
        { messageId: 'notTagged', line: 12, column: 27, severity: 'warning', message: 'service account ids start with `svac_`' },
      ],
    },
    {
      name: 'manifest with many issuers: no list of choices',
      code: dedent(`
        federation_issuers:
          - { name: gha, issuer_url: "https://token.actions.githubusercontent.com" }
          - { name: gitlab, issuer_url: "https://gitlab.com" }
          - { name: gcp, issuer_url: "https://accounts.google.com" }
          - { name: eks-prod, issuer_url: "https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE" }
          - { name: eks-dev, issuer_url: "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0A1B2C3D4E5F60718293EXAMPLE" }
          - { name: aws-outbound, issuer_url: "https://6f1c2a9e-3b4d-4e8f-9a1b-2c3d4e5f6a7b.tokens.sts.global.api.aws" }
        federation_rules:
          - name: gitlab-release
            issuer_id: gitlab-saas
            match: { subject_prefix: "project_path:acme/payments:ref_type:tag:ref:v2.4.0" }
            target: { type: service_account, service_account_id: ${SA} }
            workspace_id: ${WS}
            oauth_scope: workspace:developer
      `),
      errors: [{ messageId: 'unknownInManifest', line: 10, column: 16 }],
    },
  ],
});
