import rule from '../../../../src/core/rules/anthropic/oauth-scope';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const ISSUER = 'fdis_01HqR3kZ8vWn2pYt5mXc7bLd';
const SA = 'svac_01JbT6nP4sQw9eRk2vZy8hMf';
const WS = 'wrkspc_01KfD8aL3mNq7tXw5cVb9rEz';

const ghaRule = (scope: unknown) => ({
  name: 'gha-deploy-main',
  issuer_id: ISSUER,
  match: { subject_prefix: 'repo:acme/payments:ref:refs/heads/main', claims: { repository_owner: 'acme' } },
  target: { type: 'service_account', service_account_id: SA },
  workspace_id: WS,
  oauth_scope: scope,
});

const bootstrap = (role: string) => dedent(`
  service_accounts:
    - name: platform-bootstrap
      ${role}
  federation_rules:
    - name: gha-bootstrap
      issuer_id: ${ISSUER}
      match:
        subject_prefix: repo:acme/platform:environment:admin
        claims: { repository_owner: acme }
      target: { type: service_account, service_account_id: platform-bootstrap }
      workspace_id: ${WS}
      oauth_scope: org:admin
`);

ruleTester.run(rule, {
  valid: [
    json(ghaRule('workspace:inference')),
    json(ghaRule('workspace:developer workspace:inference')),
    {
      name: 'list response: a Console-created bootstrap rule is the server\'s state',
      code: json({ data: [{ type: 'federation_rule', id: 'fdrl_01SDCCSbTxrXDpWc1phhtcfK', ...ghaRule('org:admin'), created_at: '2026-09-01T10:00:00Z' }], has_more: false }),
    },
  ],
  invalid: [
    {
      name: 'comma-separated scopes (JSON)',
      code: json(ghaRule('workspace:inference,workspace:developer')),
      errors: [{ messageId: 'commaSeparated', line: 15, column: 18, endColumn: 59 }],
      output: json(ghaRule('workspace:inference workspace:developer')),
    },
    {
      name: 'comma and space, and the old tunnels scope (YAML plain scalar)',
      code: dedent(`
        name: eks-tunnels
        issuer_id: ${ISSUER}
        match: { subject_prefix: "system:serviceaccount:mcp:tunnel-connector", audience: "https://api.anthropic.com" }
        target: { type: service_account, service_account_id: ${SA} }
        workspace_id: ${WS}
        oauth_scope: workspace:inference, org:manage_tunnels
      `),
      errors: [
        { messageId: 'commaSeparated', line: 6, column: 14 },
        { messageId: 'renamed', line: 6, column: 35, endColumn: 53, severity: 'warning', message: '`org:manage_tunnels` was renamed `workspace:manage_tunnels`' },
      ],
      output: dedent(`
        name: eks-tunnels
        issuer_id: ${ISSUER}
        match: { subject_prefix: "system:serviceaccount:mcp:tunnel-connector", audience: "https://api.anthropic.com" }
        target: { type: service_account, service_account_id: ${SA} }
        workspace_id: ${WS}
        oauth_scope: workspace:inference workspace:manage_tunnels
      `),
    },
    {
      name: 'a typo, a bare scope name and the wrong case (JSON)',
      code: json(ghaRule('workspace:inferance inference Workspace:Developer')),
      errors: [
        {
          messageId: 'unknown', line: 15, column: 19, endColumn: 38,
          suggestions: [{ title: 'Use workspace:inference', output: json(ghaRule('workspace:inference inference Workspace:Developer')) }],
        },
        {
          messageId: 'unknown', line: 15, column: 39, endColumn: 48, message: '`inference` is not an Anthropic OAuth scope',
          suggestions: [{ title: 'Use workspace:inference', output: json(ghaRule('workspace:inferance workspace:inference Workspace:Developer')) }],
        },
        { messageId: 'wrongCase', line: 15, column: 49, endColumn: 68 },
      ],
      output: json(ghaRule('workspace:inferance inference workspace:developer')),
    },
    {
      name: 'a made-up scope gets no suggestion',
      code: json(ghaRule('messages:write')),
      errors: [{ messageId: 'unknown', line: 15, column: 19 }],
    },
    {
      name: 'an empty scope',
      code: json(ghaRule('')),
      errors: [{
        messageId: 'empty', line: 15, column: 18,
        suggestions: [{ output: json(ghaRule('workspace:inference')) }, { output: json(ghaRule('workspace:developer')) }],
      }],
    },
    {
      name: 'MCP tunnel connector on EKS: workspace:manage_tunnels is granted from the Console only (YAML)',
      code: dedent(`
        name: eks-tunnels
        issuer_id: ${ISSUER}
        match: { subject_prefix: "system:serviceaccount:mcp:tunnel-connector", audience: "https://api.anthropic.com" }
        target: { type: service_account, service_account_id: ${SA} }
        workspace_id: ${WS}
        oauth_scope: "workspace:manage_tunnels"
      `),
      errors: [{ messageId: 'consoleOnly', line: 6, column: 15, endColumn: 39, severity: 'info', message: 'Create this rule in the Console.' }],
    },
    {
      name: 'org:admin for a developer service account: the exchange is rejected',
      code: bootstrap('organization_role: developer'),
      errors: [
        {
          messageId: 'adminNeedsAdminSa', line: 12, column: 18, endColumn: 27, severity: 'error',
          message: 'its service account "platform-bootstrap" has organization_role `developer`',
          suggestions: [
            { title: 'Grant workspace:developer instead', output: bootstrap('organization_role: developer').replace('oauth_scope: org:admin', 'oauth_scope: workspace:developer') },
            { title: 'Make service account "platform-bootstrap" an admin', output: bootstrap('organization_role: admin') },
          ],
        },
        { messageId: 'consoleOnly', line: 12, column: 18, severity: 'info' },
      ],
    },
    {
      name: 'org:admin for a service account without a role (developer by default)',
      code: bootstrap('description: Bootstraps the platform'),
      errors: [
        {
          messageId: 'adminNeedsAdminSa', line: 12, column: 18, message: 'has organization_role `developer`',
          suggestions: [
            { output: bootstrap('description: Bootstraps the platform').replace('oauth_scope: org:admin', 'oauth_scope: workspace:developer') },
            { output: bootstrap('description: Bootstraps the platform\n      organization_role: admin') },
          ],
        },
        { messageId: 'consoleOnly', line: 12, column: 18, severity: 'info' },
      ],
    },
    {
      name: 'org:admin for an admin service account: only the Console note',
      code: bootstrap('organization_role: admin'),
      errors: [{ messageId: 'consoleOnly', line: 12, column: 18, endColumn: 27, severity: 'info', message: 'can only be set from a Console session' }],
    },
  ],
});
