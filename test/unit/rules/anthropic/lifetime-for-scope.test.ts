import rule from '../../../../src/core/rules/anthropic/lifetime-for-scope';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const ISSUER = 'fdis_01HqR3kZ8vWn2pYt5mXc7bLd';
const SA = 'svac_01JbT6nP4sQw9eRk2vZy8hMf';
const ADMIN_SA = 'svac_01MzW4cR7tYp2nQk8vLx5sHd';
const WS = 'wrkspc_01KfD8aL3mNq7tXw5cVb9rEz';

const aws = (over: Record<string, unknown>) => ({
  name: 'aws-bootstrap',
  issuer_id: ISSUER,
  match: {
    subject_prefix: 'arn:aws:iam::123456789012:role/anthropic-admin-bootstrap',
    audience: 'https://api.anthropic.com',
    condition: 'claims["https://sts.amazonaws.com/"].aws_account == "123456789012"',
  },
  target: { type: 'service_account', service_account_id: ADMIN_SA },
  applies_to_all_workspaces: true,
  ...over,
});

const adminManifest = (issuerExtra: string, ruleExtra: string) => dedent(`
  federation_issuers:
    - name: aws-sts-123456789012
      issuer_url: https://4f1c2a9e-7b3d-4e8f-a1c5-9d2b6e0f3a7c.tokens.sts.global.api.aws${issuerExtra}
  service_accounts:
    - name: admin-automation
      organization_role: admin
  federation_rules:
    - name: aws-admin
      issuer_id: aws-sts-123456789012
      match: { subject_prefix: "arn:aws:iam::123456789012:role/anthropic-admin", audience: "https://api.anthropic.com" }
      target: { type: service_account, service_account_id: admin-automation }
      applies_to_all_workspaces: true
      oauth_scope: org:admin${ruleExtra}
`);

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
    json(aws({ oauth_scope: 'org:admin', token_lifetime_seconds: 600 })),
    json(aws({ oauth_scope: 'org:admin', token_lifetime_seconds: 900 })),
    {
      name: 'the issuer accepts 5-minute tokens only, so the default 3600 is capped at 600',
      code: adminManifest('\n      max_jwt_lifetime_seconds: 300', ''),
    },
    json(aws({ oauth_scope: 'workspace:developer', token_lifetime_seconds: 3600 })),
    json(aws({ oauth_scope: 'workspace:developer' })),
    json(aws({ oauth_scope: 'workspace:inference', token_lifetime_seconds: 28800 })),
    {
      name: 'an out-of-range lifetime is lifetime-range\'s finding',
      code: json(aws({ oauth_scope: 'org:admin', token_lifetime_seconds: 100000 })),
    },
  ],
  invalid: [
    {
      name: 'org:admin with the default lifetime (AWS, issuer not in the file)',
      code: json(aws({ oauth_scope: 'org:admin' })),
      errors: [{
        messageId: 'adminLifetime', line: 14, column: 19, endColumn: 28, severity: 'warning',
        message: 'grants `org:admin` with `token_lifetime_seconds` 3600 (not set: the default): a minted token lives max(60, min(token_lifetime_seconds, 2 × the presented token\'s remaining validity)) s, so 3600 s whenever the presented token is still valid for 1800 s or more.',
        suggestions: [{ title: 'Set token_lifetime_seconds: 600', output: json(aws({ oauth_scope: 'org:admin', token_lifetime_seconds: 600 })) }],
      }],
    },
    {
      name: 'org:admin among other scopes',
      code: json(aws({ oauth_scope: 'workspace:developer org:admin', token_lifetime_seconds: 7200 })),
      errors: [{
        messageId: 'adminLifetime', line: 15, column: 29, endColumn: 33, message: '`token_lifetime_seconds` 7200:',
        suggestions: [{ output: json(aws({ oauth_scope: 'workspace:developer org:admin', token_lifetime_seconds: 600 })) }],
      }],
    },
    {
      name: 'org:admin with the issuer in the manifest: the issuer\'s max_jwt_lifetime_seconds gives the real bound',
      code: adminManifest('', '\n      token_lifetime_seconds: 3600'),
      errors: [{
        messageId: 'adminLifetime', line: 14, column: 29, message: 'issuer "aws-sts-123456789012" accepts tokens valid for up to 3600 s, so minted tokens can live up to 3600 s',
        suggestions: [{ output: adminManifest('', '\n      token_lifetime_seconds: 600') }],
      }],
    },
    {
      name: 'org:admin without a lifetime, the default is set where the rule ends (YAML)',
      code: adminManifest('\n      max_jwt_lifetime_seconds: 900', ''),
      errors: [{
        messageId: 'adminLifetime', line: 14, column: 18, endColumn: 27, message: 'accepts tokens valid for up to 900 s, so minted tokens can live up to 1800 s',
        suggestions: [{ output: adminManifest('\n      max_jwt_lifetime_seconds: 900', '\n      token_lifetime_seconds: 600') }],
      }],
    },
    {
      name: 'GitHub Actions tokens are short-lived: reported as info, with the real bound',
      code: dedent(`
        name: gha-admin-bootstrap
        issuer_id: ${ISSUER}
        match:
          subject_prefix: repo:acme/platform-admin:environment:production
          claims: { repository_owner: acme }
        target: { type: service_account, service_account_id: ${ADMIN_SA} }
        applies_to_all_workspaces: true
        oauth_scope: org:admin
        token_lifetime_seconds: 1800
      `),
      errors: [{
        messageId: 'adminLifetime', line: 9, column: 25, severity: 'info', message: 'today\'s tokens live about 600 s, but the rule itself allows 1800 s',
        suggestions: [{ output: dedent(`
          name: gha-admin-bootstrap
          issuer_id: ${ISSUER}
          match:
            subject_prefix: repo:acme/platform-admin:environment:production
            claims: { repository_owner: acme }
          target: { type: service_account, service_account_id: ${ADMIN_SA} }
          applies_to_all_workspaces: true
          oauth_scope: org:admin
          token_lifetime_seconds: 600
        `) }],
      }],
    },
    {
      name: 'MCP tunnels scope for eight hours on Kubernetes',
      code: dedent(`
        name: tunnels-operator
        issuer_id: ${ISSUER}
        match: { subject_prefix: "system:serviceaccount:mcp-tunnels:tunnel-operator", audience: "https://api.anthropic.com" }
        target: { type: service_account, service_account_id: ${SA} }
        workspace_id: ${WS}
        oauth_scope: workspace:manage_tunnels
        token_lifetime_seconds: 28800
      `),
      errors: [{
        messageId: 'longLifetime', line: 7, column: 25, endColumn: 30, severity: 'info', message: 'grants `workspace:manage_tunnels` with `token_lifetime_seconds` 28800',
        suggestions: [{ output: dedent(`
          name: tunnels-operator
          issuer_id: ${ISSUER}
          match: { subject_prefix: "system:serviceaccount:mcp-tunnels:tunnel-operator", audience: "https://api.anthropic.com" }
          target: { type: service_account, service_account_id: ${SA} }
          workspace_id: ${WS}
          oauth_scope: workspace:manage_tunnels
          token_lifetime_seconds: 600
        `) }],
      }],
    },
  ],
});
