import rule from '../../../../src/core/rules/anthropic/no-attributes';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const ISSUER = 'fdis_01HqR3kZ8vWn2pYt5mXc7bLd';
const SA = 'svac_01JbT6nP4sQw9eRk2vZy8hMf';
const WS = 'wrkspc_01KfD8aL3mNq7tXw5cVb9rEz';

const ghaRule = (extra: Record<string, unknown>) => ({
  name: 'gha-deploy-main',
  issuer_id: ISSUER,
  match: { subject_prefix: 'repo:acme/payments:ref:refs/heads/main', claims: { repository_owner: 'acme' } },
  target: { type: 'service_account', service_account_id: SA },
  ...extra,
  workspace_id: WS,
  oauth_scope: 'workspace:inference',
});

ruleTester.run(rule, {
  valid: [
    json(ghaRule({})),
    { name: 'response objects carry attributes: null', code: json({ type: 'federation_rule', id: 'fdrl_01SDCCSbTxrXDpWc1phhtcfK', ...ghaRule({ attributes: null }), created_at: '2026-09-01T10:00:00Z' }) },
    { name: 'an empty attributes object asks for nothing', code: json(ghaRule({ attributes: {} })) },
  ],
  invalid: [
    {
      name: 'CEL attribute extraction (JSON)',
      code: json(ghaRule({ attributes: { team: 'claims.repository_owner', env: 'claims.environment' } })),
      errors: [{ messageId: 'unsupported', line: 14, column: 3, endColumn: 15, message: 'Rule "gha-deploy-main" sets `attributes`' }],
      output: json(ghaRule({})),
    },
    {
      name: 'attributes in a manifest rule (YAML, block)',
      code: dedent(`
        federation_rules:
          - name: eks-inference
            issuer_id: ${ISSUER}
            match: { subject_prefix: "system:serviceaccount:inference:inference-worker", audience: "https://api.anthropic.com" }
            target: { type: service_account, service_account_id: ${SA} }
            attributes:
              namespace: claims["kubernetes.io"].namespace
            workspace_id: ${WS}
            oauth_scope: workspace:inference
      `),
      errors: [{ messageId: 'unsupported', line: 6, column: 5 }],
      output: dedent(`
        federation_rules:
          - name: eks-inference
            issuer_id: ${ISSUER}
            match: { subject_prefix: "system:serviceaccount:inference:inference-worker", audience: "https://api.anthropic.com" }
            target: { type: service_account, service_account_id: ${SA} }
            workspace_id: ${WS}
            oauth_scope: workspace:inference
      `),
    },
  ],
});
