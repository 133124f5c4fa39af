import rule from '../../../../src/core/rules/anthropic/tenant-pin';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const ISSUER = 'fdis_01HqR3kZ8vWn2pYt5mXc7bLd';
const SA = 'svac_01JbT6nP4sQw9eRk2vZy8hMf';
const WS = 'wrkspc_01KfD8aL3mNq7tXw5cVb9rEz';

const githubManifest = (issuerUrl: string, match: string) => dedent(`
  federation_issuers:
    - name: github-actions
      issuer_url: ${issuerUrl}
      jwks: { type: discovery }
      max_jwt_lifetime_seconds: 600
  federation_rules:
    - name: gha-deploy
      issuer_id: github-actions
      match:
${match.split('\n').map((l) => `        ${l}`).join('\n')}
      target: { type: service_account, service_account_id: ${SA} }
      workspace_id: ${WS}
      oauth_scope: workspace:inference
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
    githubManifest('https://token.actions.githubusercontent.com', 'subject_prefix: repo:acme/payments:environment:production\naudience: https://api.anthropic.com'),
    githubManifest('https://token.actions.githubusercontent.com', 'subject_prefix: "repo:acme@1234567/payments@7654321:ref:refs/heads/main"'),
    json({
      name: 'gha-release',
      issuer_id: ISSUER,
      match: {
        audience: 'https://api.anthropic.com',
        condition: 'claims.repository_owner_id == "123456" && claims.repository == "acme/payments" && claims.ref in ["refs/heads/main", "refs/heads/release"]',
      },
      target: { type: 'service_account', service_account_id: SA },
      applies_to_all_workspaces: true,
      oauth_scope: 'workspace:developer',
    }),
    {
      name: 'a GHEC enterprise issuer is not shared with other customers',
      code: githubManifest('https://token.actions.githubusercontent.com/acme-corp', 'claims: { ref: refs/heads/main, event_name: push }'),
    },
    {
      name: 'a condition that reads a tenant claim satisfies the Admin API (whether it pins it on every path is cel-over-true\'s)',
      code: githubManifest('https://token.actions.githubusercontent.com', 'condition: claims.repository_owner == "acme" || claims.ref == "refs/heads/main"'),
    },
    {
      name: 'an audience-only match is match-constraint\'s finding, a broken condition cel-condition\'s',
      code: json({
        data: [
          { name: 'aud-only', issuer_id: ISSUER, match: { subject_prefix: '*', audience: 'https://api.anthropic.com' }, target: { type: 'service_account', service_account_id: SA } },
          { name: 'broken', issuer_id: ISSUER, match: { subject_prefix: 'repo:*', condition: 'claims.repository_owner == ' }, target: { type: 'service_account', service_account_id: SA } },
        ],
        has_more: false,
      }),
    },
    dedent(`
      name: gce-worker
      issuer_id: ${ISSUER}
      match:
        audience: https://api.anthropic.com
        claims:
          sub: "104892101234567890123"
          email: inference-worker@acme-prod.iam.gserviceaccount.com
      target: { type: service_account, service_account_id: ${SA} }
      workspace_id: ${WS}
      oauth_scope: workspace:inference
    `),
    dedent(`
      name: eks-inference
      issuer_id: ${ISSUER}
      match:
        subject_prefix: system:serviceaccount:inference:inference-worker
        audience: https://api.anthropic.com
      target: { type: service_account, service_account_id: ${SA} }
      workspace_id: ${WS}
      oauth_scope: workspace:inference
    `),
  ],
  invalid: [
    {
      name: 'GitHub, inferred from the subject: an open owner and no tenant claim',
      code: dedent(`
        name: gha-main-anywhere
        issuer_id: ${ISSUER}
        match:
          subject_prefix: "repo:*"
          claims:
            ref: refs/heads/main
        target: { type: service_account, service_account_id: ${SA} }
        oauth_scope: workspace:inference
      `),
      errors: [{
        messageId: 'noTenant', line: 3, column: 1, endColumn: 6, severity: 'error',
        message: 'rule "gha-main-anywhere" trusts GitHub Actions, a public issuer that signs tokens for every repository owner on the platform (issuer not in this file; inferred from the subject\'s shape), and nothing in its `match` pins yours: `subject_prefix` "repo:*" does not name one, `claims` has no tenant claim.',
        suggestions: [{
          title: 'Pin the repository owner: claims.repository_owner = "<owner>"',
          output: dedent(`
            name: gha-main-anywhere
            issuer_id: ${ISSUER}
            match:
              subject_prefix: "repo:*"
              claims:
                ref: refs/heads/main
                repository_owner: "<owner>"
            target: { type: service_account, service_account_id: ${SA} }
            oauth_scope: workspace:inference
          `),
        }],
      }],
    },
    {
      name: 'GitHub issuer in the manifest, a condition on the branch only',
      code: githubManifest('https://token.actions.githubusercontent.com', 'audience: https://api.anthropic.com\ncondition: claims.ref == "refs/heads/main" && claims.event_name == "push"'),
      errors: [{
        messageId: 'noTenant', line: 9, column: 5, endColumn: 10,
        message: 'there is no `subject_prefix`, the condition reads no tenant claim. Any repository owner\'s workload could match',
        suggestions: [{
          output: githubManifest('https://token.actions.githubusercontent.com',
            'audience: https://api.anthropic.com\ncondition: claims.ref == "refs/heads/main" && claims.event_name == "push"\nclaims:\n  repository_owner: "<owner>"'),
        }],
      }],
    },
    {
      name: 'GitLab.com: protected branch but any group (JSON manifest)',
      code: json({
        federation_issuers: [{ name: 'gitlab', issuer_url: 'https://gitlab.com', jwks: { type: 'discovery' } }],
        federation_rules: [{
          name: 'gitlab-main',
          issuer_id: 'gitlab',
          match: { audience: 'https://api.anthropic.com', claims: { ref: 'main', ref_protected: 'true' } },
          target: { type: 'service_account', service_account_id: SA },
          workspace_id: WS,
          oauth_scope: 'workspace:inference',
        }],
      }),
      errors: [{
        messageId: 'noTenant', line: 15, column: 7, message: 'trusts GitLab CI, a public issuer that signs tokens for every group',
        suggestions: [{
          output: json({
            federation_issuers: [{ name: 'gitlab', issuer_url: 'https://gitlab.com', jwks: { type: 'discovery' } }],
            federation_rules: [{
              name: 'gitlab-main',
              issuer_id: 'gitlab',
              match: { audience: 'https://api.anthropic.com', claims: { ref: 'main', ref_protected: 'true', namespace_path: '<group>' } },
              target: { type: 'service_account', service_account_id: SA },
              workspace_id: WS,
              oauth_scope: 'workspace:inference',
            }],
          }),
        }],
      }],
    },
    {
      name: 'Google: a numeric-id prefix pins nobody',
      code: json({
        federation_issuers: [{ name: 'google', issuer_url: 'https://accounts.google.com' }],
        federation_rules: [{
          name: 'gce-workers',
          issuer_id: 'google',
          match: { subject_prefix: '1048921*', audience: 'https://api.anthropic.com' },
          target: { type: 'service_account', service_account_id: SA },
          workspace_id: WS,
          oauth_scope: 'workspace:inference',
        }],
      }),
      errors: [{
        messageId: 'noTenant', line: 12, column: 7, message: '`subject_prefix` "1048921*" does not name one',
        suggestions: [{
          output: json({
            federation_issuers: [{ name: 'google', issuer_url: 'https://accounts.google.com' }],
            federation_rules: [{
              name: 'gce-workers',
              issuer_id: 'google',
              match: { subject_prefix: '1048921*', audience: 'https://api.anthropic.com', claims: { email: '<service-account>@<project>.iam.gserviceaccount.com' } },
              target: { type: 'service_account', service_account_id: SA },
              workspace_id: WS,
              oauth_scope: 'workspace:inference',
            }],
          }),
        }],
      }],
    },
  ],
});
