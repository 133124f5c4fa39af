import rule from '../../../../src/core/rules/anthropic/workspace-binding';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const ISSUER = 'fdis_01HqR3kZ8vWn2pYt5mXc7bLd';
const SA = 'svac_01JbT6nP4sQw9eRk2vZy8hMf';
const WS = 'wrkspc_01KfD8aL3mNq7tXw5cVb9rEz';

const ghaRule = (binding: Record<string, unknown>) => ({
  name: 'gha-deploy-main',
  issuer_id: ISSUER,
  match: { subject_prefix: 'repo:acme/payments:ref:refs/heads/main', claims: { repository_owner: 'acme' } },
  target: { type: 'service_account', service_account_id: SA },
  oauth_scope: 'workspace:inference',
  ...binding,
});

ruleTester.run(rule, {
  valid: [
    json(ghaRule({ workspace_id: WS })),
    json(ghaRule({ applies_to_all_workspaces: true })),
    { name: 'applies_to_all_workspaces: false next to a workspace_id', code: json(ghaRule({ workspace_id: WS, applies_to_all_workspaces: false })) },
    { name: 'the organization\'s default workspace', code: json(ghaRule({ workspace_id: 'default' })) },
    {
      name: 'list response: bound through workspace_ids',
      code: json({
        data: [
          { type: 'federation_rule', id: 'fdrl_01SDCCSbTxrXDpWc1phhtcfK', ...ghaRule({ workspace_id: null, workspace_ids: [WS, 'wrkspc_01MnB4vC7xZ2qW9eR5tY8uIo'], applies_to_all_workspaces: false }), created_at: '2026-09-01T10:00:00Z' },
          { type: 'federation_rule', id: 'fdrl_01TUVWXYZabcdefghijkmnopq', ...ghaRule({ name: 'gha-all', workspace_id: WS, workspace_ids: [], applies_to_all_workspaces: true }), created_at: '2026-09-02T10:00:00Z' },
        ],
        has_more: false,
      }),
    },
    {
      name: 'a partial update body does not restate the binding',
      code: json({ match: { subject_prefix: 'repo:acme/payments:environment:production', claims: { repository_owner: 'acme' } }, oauth_scope: 'workspace:developer' }),
    },
    {
      name: 'manifest with one of each binding (EKS, AWS STS outbound)',
      code: dedent(`
        federation_rules:
          - name: eks-inference
            issuer_id: ${ISSUER}
            match: { subject_prefix: "system:serviceaccount:inference:inference-worker", audience: "https://api.anthropic.com" }
            target: { type: service_account, service_account_id: ${SA} }
            workspace_id: ${WS}
            oauth_scope: workspace:inference
          - name: aws-inference
            issuer_id: fdis_01Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss
            match: { subject_prefix: "arn:aws:iam::123456789012:role/inference-worker" }
            target: { type: service_account, service_account_id: ${SA} }
            applies_to_all_workspaces: true
            oauth_scope: workspace:developer
      `),
    },
  ],
  invalid: [
    {
      name: 'both a workspace and every workspace (JSON): a warning, since the outcome is undocumented',
      code: json(ghaRule({ workspace_id: WS, applies_to_all_workspaces: true })),
      errors: [{
        messageId: 'both', line: 16, column: 32, endColumn: 36, severity: 'warning',
        suggestions: [
          { title: /Keep only the workspace_id/, output: json(ghaRule({ workspace_id: WS })) },
          { title: /every workspace/, output: json(ghaRule({ applies_to_all_workspaces: true })) },
        ],
      }],
    },
    {
      name: 'no binding at all (YAML)',
      code: dedent(`
        name: eks-inference
        issuer_id: ${ISSUER}
        match:
          subject_prefix: system:serviceaccount:inference:inference-worker
          audience: https://api.anthropic.com
        target: { type: service_account, service_account_id: ${SA} }
        oauth_scope: workspace:inference
      `),
      errors: [{
        messageId: 'neither', line: 1, column: 7, endColumn: 20, severity: 'error', message: 'Rule "eks-inference" is bound to no workspace',
        suggestions: [
          {
            title: 'Add a workspace_id to fill in',
            output: dedent(`
              name: eks-inference
              issuer_id: ${ISSUER}
              match:
                subject_prefix: system:serviceaccount:inference:inference-worker
                audience: https://api.anthropic.com
              target: { type: service_account, service_account_id: ${SA} }
              oauth_scope: workspace:inference
              workspace_id: "<wrkspc_… workspace id>"
            `),
          },
          {
            output: dedent(`
              name: eks-inference
              issuer_id: ${ISSUER}
              match:
                subject_prefix: system:serviceaccount:inference:inference-worker
                audience: https://api.anthropic.com
              target: { type: service_account, service_account_id: ${SA} }
              oauth_scope: workspace:inference
              applies_to_all_workspaces: true
            `),
          },
        ],
      }],
    },
    {
      name: 'applies_to_all_workspaces: false and a null workspace_id (JSON)',
      code: json(ghaRule({ workspace_id: null, applies_to_all_workspaces: false })),
      errors: [{
        messageId: 'neither', line: 16, column: 32, endColumn: 37,
        suggestions: [
          { output: json(ghaRule({ workspace_id: '<wrkspc_… workspace id>', applies_to_all_workspaces: false })) },
          { output: json(ghaRule({ workspace_id: null, applies_to_all_workspaces: true })) },
        ],
      }],
    },
    {
      name: 'malformed workspace ids in a manifest; surrounding spaces are trimmed',
      code: dedent(`
        federation_rules:
          - name: gha-deploy-main
            issuer_id: ${ISSUER}
            match: { subject_prefix: "repo:acme/payments:ref:refs/heads/main", claims: { repository_owner: acme } }
            target: { type: service_account, service_account_id: ${SA} }
            workspace_id: payments-prod
            oauth_scope: workspace:inference
          - name: gha-release
            issuer_id: ${ISSUER}
            match: { subject_prefix: "repo:acme/payments:ref:refs/tags/v2.4.0", claims: { repository_owner: acme } }
            target: { type: service_account, service_account_id: ${SA} }
            workspace_id: " ${WS} "
            oauth_scope: workspace:inference
      `),
      errors: [
        { messageId: 'malformed', line: 6, column: 19, endColumn: 32, message: '"payments-prod" is not a workspace id' },
        { messageId: 'malformed', line: 12, column: 19 },
      ],
      output: dedent(`
        federation_rules:
          - name: gha-deploy-main
            issuer_id: ${ISSUER}
            match: { subject_prefix: "repo:acme/payments:ref:refs/heads/main", claims: { repository_owner: acme } }
            target: { type: service_account, service_account_id: ${SA} }
            workspace_id: payments-prod
            oauth_scope: workspace:inference
          - name: gha-release
            issuer_id: ${ISSUER}
            match: { subject_prefix: "repo:acme/payments:ref:refs/tags/v2.4.0", claims: { repository_owner: acme } }
            target: { type: service_account, service_account_id: ${SA} }
            workspace_id: "${WS}"
            oauth_scope: workspace:inference
      `),
    },
  ],
});
