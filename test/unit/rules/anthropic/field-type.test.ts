import rule from '../../../../src/core/rules/anthropic/field-type';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const ISSUER = 'fdis_01HqR3kZ8vWn2pYt5mXc7bLd';
const SA = 'svac_01JbT6nP4sQw9eRk2vZy8hMf';
const WS = 'wrkspc_01KfD8aL3mNq7tXw5cVb9rEz';

const ghaRule = (over: Record<string, unknown>) => ({
  name: 'gha-deploy-main',
  issuer_id: ISSUER,
  match: { subject_prefix: 'repo:acme/payments:ref:refs/heads/main', audience: 'https://api.anthropic.com', claims: { repository_owner: 'acme' } },
  target: { type: 'service_account', service_account_id: SA },
  ...over,
});

ruleTester.run(rule, {
  valid: [
    json({ name: 'github-actions', issuer_url: 'https://token.actions.githubusercontent.com', jwks: { type: 'discovery' }, max_jwt_lifetime_seconds: 600, check_jti: true }),
    json(ghaRule({ applies_to_all_workspaces: true, oauth_scope: 'workspace:developer workspace:manage_tunnels', token_lifetime_seconds: 600 })),
    {
      name: 'GitLab claims that are strings in the token ("true") and a CEL condition for numbers',
      code: dedent(`
        name: gitlab-protected-tags
        issuer_id: ${ISSUER}
        match:
          subject_prefix: "project_path:acme/payments:ref_type:tag:ref:v2.4.0"
          claims:
            namespace_path: acme
            ref_protected: "true"
          condition: claims.namespace_id == "4021"
        target: { type: service_account, service_account_id: ${SA} }
        workspace_id: ${WS}
        oauth_scope: workspace:inference
        token_lifetime_seconds: 900
      `),
    },
    {
      name: 'manifest with explicit-URL and inline issuers, an admin service account',
      code: dedent(`
        federation_issuers:
          - name: corp-idp
            issuer_url: https://idp.corp.internal
            jwks: { type: explicit_url, url: "https://keys.corp.example.com/jwks.json" }
            check_jti: true
          - name: spire-prod
            issuer_url: https://oidc-discovery.prod.example.com
            jwks:
              type: inline
              keys: [{ kty: EC, crv: P-256, kid: spire-2026-09, x: "<x>", y: "<y>" }]
            max_jwt_lifetime_seconds: 300
        service_accounts:
          - name: platform-admin
            organization_role: admin
          - name: inference-worker
            organization_role: developer
      `),
    },
    {
      name: 'response object with the server\'s nulls',
      code: json({
        type: 'federation_rule', id: 'fdrl_01SDCCSbTxrXDpWc1phhtcfK', name: 'aws-inference', description: null, issuer_id: ISSUER,
        match: { subject_prefix: 'arn:aws:iam::123456789012:role/inference-worker', audience: null, claims: null, condition: null },
        target: { type: 'service_account', service_account_id: SA, service_account_name: 'inference-worker' },
        oauth_scope: 'workspace:developer', token_lifetime_seconds: 3600, applies_to_all_workspaces: false,
        workspace_id: null, workspace_ids: [WS], attributes: null, created_at: '2026-09-01T10:00:00Z',
      }),
    },
  ],
  invalid: [
    {
      name: 'quoted number, quoted boolean and a list of scopes (JSON)',
      code: json(ghaRule({ applies_to_all_workspaces: 'true', oauth_scope: ['workspace:inference', 'workspace:manage_tunnels'], token_lifetime_seconds: '600' })),
      errors: [
        { messageId: 'quotedBoolean', line: 15, column: 32, endColumn: 38, message: 'Write `true` without quotes' },
        { messageId: 'scopeList', line: 16, column: 18, message: 'Write "workspace:inference workspace:manage_tunnels"' },
        { messageId: 'quotedInteger', line: 20, column: 29, endColumn: 34 },
      ],
      output: json(ghaRule({ applies_to_all_workspaces: true, oauth_scope: 'workspace:inference workspace:manage_tunnels', token_lifetime_seconds: 600 })),
    },
    {
      name: 'a block list of scopes collapses onto the key\'s line (YAML)',
      code: dedent(`
        name: eks-inference
        issuer_id: ${ISSUER}
        match: { subject_prefix: "system:serviceaccount:inference:inference-worker", audience: "https://api.anthropic.com" }
        target: { type: service_account, service_account_id: ${SA} }
        workspace_id: ${WS}
        oauth_scope:
          - workspace:inference
          - workspace:developer
        token_lifetime_seconds: 900
      `),
      errors: [{ messageId: 'scopeList', line: 7, column: 3 }],
      output: dedent(`
        name: eks-inference
        issuer_id: ${ISSUER}
        match: { subject_prefix: "system:serviceaccount:inference:inference-worker", audience: "https://api.anthropic.com" }
        target: { type: service_account, service_account_id: ${SA} }
        workspace_id: ${WS}
        oauth_scope: workspace:inference workspace:developer
        token_lifetime_seconds: 900
      `),
    },
    {
      name: 'issuer: a duration string, a yes/no flag and a misspelt JWKS type (YAML)',
      code: dedent(`
        name: okta-services
        issuer_url: https://acme.okta.com/oauth2/aus8k2mq9wXYZ1234567
        jwks: { type: explicit-url, url: "https://acme.okta.com/oauth2/aus8k2mq9wXYZ1234567/v1/keys" }
        max_jwt_lifetime_seconds: 1h
        check_jti: yes
      `),
      errors: [
        { messageId: 'badEnum', line: 3, column: 15, endColumn: 27, message: 'accepts only "discovery", "explicit_url" or "inline"' },
        {
          messageId: 'notInteger', line: 4, column: 27, message: 'not the string "1h"',
          suggestions: [{
            title: 'Write 3600 (seconds)',
            output: dedent(`
              name: okta-services
              issuer_url: https://acme.okta.com/oauth2/aus8k2mq9wXYZ1234567
              jwks: { type: explicit-url, url: "https://acme.okta.com/oauth2/aus8k2mq9wXYZ1234567/v1/keys" }
              max_jwt_lifetime_seconds: 3600
              check_jti: yes
            `),
          }],
        },
        { messageId: 'notBoolean', line: 5, column: 12, message: 'not a string' },
      ],
      output: dedent(`
        name: okta-services
        issuer_url: https://acme.okta.com/oauth2/aus8k2mq9wXYZ1234567
        jwks: { type: explicit_url, url: "https://acme.okta.com/oauth2/aus8k2mq9wXYZ1234567/v1/keys" }
        max_jwt_lifetime_seconds: 1h
        check_jti: yes
      `),
    },
    {
      name: 'claims: a number, a boolean and a nested object (GitHub and EKS)',
      code: dedent(`
        name: mixed-claims
        issuer_id: ${ISSUER}
        match:
          subject_prefix: system:serviceaccount:inference:inference-worker
          claims:
            repository_owner_id: 123456
            ref_protected: true
            kubernetes.io: { namespace: inference }
        target: { type: service_account, service_account_id: ${SA} }
        workspace_id: ${WS}
        oauth_scope: workspace:inference
      `),
      errors: [
        {
          messageId: 'claimNotString', line: 6, column: 26, message: 'e.g. `claims.repository_owner_id == 123456`',
          suggestions: [{
            title: 'Quote the value ("123456")',
            output: dedent(`
              name: mixed-claims
              issuer_id: ${ISSUER}
              match:
                subject_prefix: system:serviceaccount:inference:inference-worker
                claims:
                  repository_owner_id: "123456"
                  ref_protected: true
                  kubernetes.io: { namespace: inference }
              target: { type: service_account, service_account_id: ${SA} }
              workspace_id: ${WS}
              oauth_scope: workspace:inference
            `),
          }],
        },
        {
          messageId: 'claimNotString', line: 7, column: 20, message: 'is a boolean',
          suggestions: [{
            output: dedent(`
              name: mixed-claims
              issuer_id: ${ISSUER}
              match:
                subject_prefix: system:serviceaccount:inference:inference-worker
                claims:
                  repository_owner_id: 123456
                  ref_protected: "true"
                  kubernetes.io: { namespace: inference }
              target: { type: service_account, service_account_id: ${SA} }
              workspace_id: ${WS}
              oauth_scope: workspace:inference
            `),
          }],
        },
        { messageId: 'claimNested', line: 8, column: 20, message: 'e.g. `claims["kubernetes.io"].<field> == "<value>"`' },
      ],
    },
    {
      name: 'claims as a list, audience as a list (JSON)',
      code: json(ghaRule({
        match: { subject_prefix: 'repo:acme/payments:ref:refs/heads/main', audience: ['https://api.anthropic.com', 'sts.amazonaws.com'], claims: ['repository_owner'] },
        workspace_id: WS, oauth_scope: 'workspace:inference',
      })),
      errors: [
        {
          messageId: 'audienceList', line: 6, column: 17,
          suggestions: ['https://api.anthropic.com', 'sts.amazonaws.com'].map((a) => ({
            title: `Keep only "${a}"`,
            output: json(ghaRule({
              match: { subject_prefix: 'repo:acme/payments:ref:refs/heads/main', audience: a, claims: ['repository_owner'] },
              workspace_id: WS, oauth_scope: 'workspace:inference',
            })),
          })),
        },
        { messageId: 'notObject', line: 10, column: 15, message: '`match.claims` must be an object, not a list' },
      ],
    },
    {
      name: 'service accounts: a capitalised role is fixed, an unknown role gets choices',
      code: dedent(`
        service_accounts:
          - name: platform-admin
            organization_role: Admin
          - name: reporting
            organization_role: workspace_user
      `),
      errors: [
        { messageId: 'badEnum', line: 3, column: 24, message: '`organization_role` is "Admin"' },
        {
          messageId: 'badEnum', line: 5, column: 24,
          suggestions: ['developer', 'admin'].map((r) => ({
            title: `Write "${r}"`,
            output: dedent(`
              service_accounts:
                - name: platform-admin
                  organization_role: Admin
                - name: reporting
                  organization_role: ${r}
            `),
          })),
        },
      ],
      output: dedent(`
        service_accounts:
          - name: platform-admin
            organization_role: admin
          - name: reporting
            organization_role: workspace_user
      `),
    },
    {
      name: 'target type in CamelCase, jwks written as its type, a numeric name (YAML manifest)',
      code: dedent(`
        federation_issuers:
          - name: 2024
            issuer_url: https://accounts.google.com
            jwks: discovery
        federation_rules:
          - name: gcp-batch
            issuer_id: "2024"
            match: { claims: { sub: "104892101234567890123", email: "batch@acme-prod.iam.gserviceaccount.com" } }
            target: { type: ServiceAccount, service_account_id: ${SA} }
            workspace_id: ${WS}
            oauth_scope: workspace:inference
            token_lifetime_seconds: 600.5
      `),
      errors: [
        { messageId: 'notString', line: 2, column: 11, message: '`name` must be a string, not an integer' },
        { messageId: 'notObject', line: 4, column: 11, message: '`jwks` must be an object, not a string' },
        { messageId: 'badEnum', line: 9, column: 21, message: '`target.type` is "ServiceAccount"' },
        { messageId: 'notInteger', line: 12, column: 29, message: 'not a number' },
      ],
      output: dedent(`
        federation_issuers:
          - name: "2024"
            issuer_url: https://accounts.google.com
            jwks: { type: discovery }
        federation_rules:
          - name: gcp-batch
            issuer_id: "2024"
            match: { claims: { sub: "104892101234567890123", email: "batch@acme-prod.iam.gserviceaccount.com" } }
            target: { type: service_account, service_account_id: ${SA} }
            workspace_id: ${WS}
            oauth_scope: workspace:inference
            token_lifetime_seconds: 600.5
      `),
    },
    {
      name: 'target as a bare id, a target type that is no service account (JSON)',
      code: json({ data: [ghaRule({ target: SA, workspace_id: WS, oauth_scope: 'workspace:inference' }), ghaRule({ name: 'gha-user', target: { type: 'user', service_account_id: SA }, workspace_id: WS, oauth_scope: 'workspace:inference' })] }),
      errors: [
        { messageId: 'notObject', line: 13, column: 17, message: '`target` must be an object, not a string' },
        {
          messageId: 'badEnum', line: 28, column: 17,
          suggestions: [{
            title: 'Write "service_account"',
            output: json({ data: [ghaRule({ target: SA, workspace_id: WS, oauth_scope: 'workspace:inference' }), ghaRule({ name: 'gha-user', target: { type: 'service_account', service_account_id: SA }, workspace_id: WS, oauth_scope: 'workspace:inference' })] }),
          }],
        },
      ],
    },
  ],
});
