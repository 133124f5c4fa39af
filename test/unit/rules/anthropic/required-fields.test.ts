import rule from '../../../../src/core/rules/anthropic/required-fields';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const ISSUER = 'fdis_01HqR3kZ8vWn2pYt5mXc7bLd';
const SA = 'svac_01JbT6nP4sQw9eRk2vZy8hMf';
const WS = 'wrkspc_01KfD8aL3mNq7tXw5cVb9rEz';

ruleTester.run(rule, {
  valid: [
    {
      name: 'GitHub Actions issuer (discovery)',
      code: json({ name: 'github-actions', issuer_url: 'https://token.actions.githubusercontent.com', jwks: { type: 'discovery' }, max_jwt_lifetime_seconds: 600, check_jti: true }),
    },
    {
      name: 'GitHub Actions rule bound to one workspace',
      code: json({
        name: 'gha-deploy-main',
        issuer_id: ISSUER,
        match: { subject_prefix: 'repo:acme/payments:ref:refs/heads/main', audience: 'https://api.anthropic.com', claims: { repository_owner: 'acme' } },
        target: { type: 'service_account', service_account_id: SA },
        workspace_id: WS,
        oauth_scope: 'workspace:inference',
        token_lifetime_seconds: 600,
      }),
    },
    {
      name: 'manifest: EKS and GitHub, rules naming issuers and service accounts',
      code: dedent(`
        federation_issuers:
          - name: github-actions
            issuer_url: https://token.actions.githubusercontent.com
          - name: eks-prod
            issuer_url: https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE
        service_accounts:
          - name: ci-deployer
          - name: inference-worker
            organization_role: developer
        federation_rules:
          - name: gha-deploy-main
            issuer_id: github-actions
            match: { subject_prefix: "repo:acme/payments:ref:refs/heads/main", claims: { repository_owner: acme } }
            target: { type: service_account, service_account_id: ci-deployer }
            workspace_id: ${WS}
            oauth_scope: workspace:inference
          - name: eks-inference
            issuer_id: eks-prod
            match:
              subject_prefix: system:serviceaccount:inference:inference-worker
              audience: https://api.anthropic.com
            target: { type: service_account, service_account_id: inference-worker }
            applies_to_all_workspaces: true
            oauth_scope: workspace:inference
      `),
    },
    {
      name: 'list response: read-only fields are not required, nulls are the server\'s',
      code: json({
        data: [{
          type: 'federation_rule', id: 'fdrl_01SDCCSbTxrXDpWc1phhtcfK', name: 'aws-inference', description: null,
          issuer_id: ISSUER, issuer_name: 'aws-outbound',
          match: { subject_prefix: 'arn:aws:iam::123456789012:role/inference-worker', audience: 'https://api.anthropic.com' },
          target: { type: 'service_account', service_account_id: SA, service_account_name: 'inference-worker' },
          oauth_scope: 'workspace:developer', token_lifetime_seconds: 600, applies_to_all_workspaces: false,
          workspace_id: null, workspace_ids: [WS], attributes: null,
          created_at: '2026-09-01T10:00:00Z', created_by_actor_id: 'user_01ABCDEFGHJKLMNPQRSTUVWX',
        }],
        has_more: false,
        first_id: 'fdrl_01SDCCSbTxrXDpWc1phhtcfK',
      }),
    },
    {
      name: 'a partial rule update body (no name, no issuer_id) is not a create body',
      code: json({ match: { subject_prefix: 'repo:acme/payments:environment:production', claims: { repository_owner: 'acme' } }, oauth_scope: 'workspace:developer' }),
    },
    {
      name: 'a service-account update body (only mutable fields)',
      code: json({ description: 'Promoted for the bootstrap rule', organization_role: 'admin' }),
    },
    {
      name: 'self-managed Kubernetes issuer with inline keys',
      code: dedent(`
        name: onprem-k8s
        issuer_url: https://kubernetes.default.svc.cluster.local
        jwks:
          type: inline
          keys:
            - { kty: RSA, kid: k1, alg: RS256, use: sig, n: "<modulus>", e: AQAB }
      `),
    },
  ],
  invalid: [
    {
      name: 'JSON rule without name and oauth_scope',
      code: json({
        issuer_id: ISSUER,
        match: { subject_prefix: 'repo:acme/payments:ref:refs/heads/main', claims: { repository_owner: 'acme' } },
        target: { type: 'service_account', service_account_id: SA },
        workspace_id: WS,
      }),
      errors: [
        {
          messageId: 'missingName', line: 1, column: 1, endColumn: 2,
          suggestions: [{
            title: 'Add name to fill in',
            output: json({
              issuer_id: ISSUER,
              match: { subject_prefix: 'repo:acme/payments:ref:refs/heads/main', claims: { repository_owner: 'acme' } },
              target: { type: 'service_account', service_account_id: SA },
              workspace_id: WS,
              name: '<lowercase-name>',
            }),
          }],
        },
        {
          messageId: 'missingOauthScope', line: 1, column: 1, message: 'this rule has no `oauth_scope`',
          suggestions: [
            {
              title: /workspace:inference/,
              output: json({
                issuer_id: ISSUER,
                match: { subject_prefix: 'repo:acme/payments:ref:refs/heads/main', claims: { repository_owner: 'acme' } },
                target: { type: 'service_account', service_account_id: SA },
                workspace_id: WS,
                oauth_scope: 'workspace:inference',
              }),
            },
            {
              title: /workspace:developer/,
              output: json({
                issuer_id: ISSUER,
                match: { subject_prefix: 'repo:acme/payments:ref:refs/heads/main', claims: { repository_owner: 'acme' } },
                target: { type: 'service_account', service_account_id: SA },
                workspace_id: WS,
                oauth_scope: 'workspace:developer',
              }),
            },
          ],
        },
      ],
    },
    {
      name: 'manifest: issuer without issuer_url, unnamed service account, rule without issuer_id and target',
      code: dedent(`
        federation_issuers:
          - name: gitlab-saas
        service_accounts:
          - description: Deploys the payments service
            organization_role: developer
          - name: release-bot
        federation_rules:
          - name: gitlab-release
            match:
              subject_prefix: "project_path:acme/payments:ref_type:tag:ref:v2.4.0"
              claims: { namespace_path: acme }
            workspace_id: ${WS}
            oauth_scope: workspace:developer
      `),
      errors: [
        {
          messageId: 'missingIssuerUrl', line: 2, column: 11, endColumn: 22, message: 'issuer "gitlab-saas" has no `issuer_url`',
          suggestions: [{
            output: dedent(`
              federation_issuers:
                - name: gitlab-saas
                  issuer_url: "<https://… the iss claim of the tokens>"
              service_accounts:
                - description: Deploys the payments service
                  organization_role: developer
                - name: release-bot
              federation_rules:
                - name: gitlab-release
                  match:
                    subject_prefix: "project_path:acme/payments:ref_type:tag:ref:v2.4.0"
                    claims: { namespace_path: acme }
                  workspace_id: ${WS}
                  oauth_scope: workspace:developer
            `),
          }],
        },
        {
          messageId: 'missingName', line: 4, column: 5, endColumn: 16, message: 'this service account has no `name`',
          suggestions: [{
            output: dedent(`
              federation_issuers:
                - name: gitlab-saas
              service_accounts:
                - description: Deploys the payments service
                  organization_role: developer
                  name: "<lowercase-name>"
                - name: release-bot
              federation_rules:
                - name: gitlab-release
                  match:
                    subject_prefix: "project_path:acme/payments:ref_type:tag:ref:v2.4.0"
                    claims: { namespace_path: acme }
                  workspace_id: ${WS}
                  oauth_scope: workspace:developer
            `),
          }],
        },
        {
          messageId: 'missingIssuerId', line: 8, column: 11, message: 'rule "gitlab-release" has no `issuer_id`',
          suggestions: [{
            title: 'Use issuer "gitlab-saas"',
            output: dedent(`
              federation_issuers:
                - name: gitlab-saas
              service_accounts:
                - description: Deploys the payments service
                  organization_role: developer
                - name: release-bot
              federation_rules:
                - name: gitlab-release
                  match:
                    subject_prefix: "project_path:acme/payments:ref_type:tag:ref:v2.4.0"
                    claims: { namespace_path: acme }
                  workspace_id: ${WS}
                  oauth_scope: workspace:developer
                  issuer_id: gitlab-saas
            `),
          }],
        },
        {
          messageId: 'missingTarget', line: 8, column: 11,
          suggestions: [
            {
              title: 'Target service account "release-bot"',
              output: dedent(`
                federation_issuers:
                  - name: gitlab-saas
                service_accounts:
                  - description: Deploys the payments service
                    organization_role: developer
                  - name: release-bot
                federation_rules:
                  - name: gitlab-release
                    match:
                      subject_prefix: "project_path:acme/payments:ref_type:tag:ref:v2.4.0"
                      claims: { namespace_path: acme }
                    workspace_id: ${WS}
                    oauth_scope: workspace:developer
                    target:
                      type: service_account
                      service_account_id: release-bot
              `),
            },
            {
              title: 'Add a target to fill in',
              output: dedent(`
                federation_issuers:
                  - name: gitlab-saas
                service_accounts:
                  - description: Deploys the payments service
                    organization_role: developer
                  - name: release-bot
                federation_rules:
                  - name: gitlab-release
                    match:
                      subject_prefix: "project_path:acme/payments:ref_type:tag:ref:v2.4.0"
                      claims: { namespace_path: acme }
                    workspace_id: ${WS}
                    oauth_scope: workspace:developer
                    target:
                      type: service_account
                      service_account_id: "<svac_… service account id>"
              `),
            },
          ],
        },
      ],
    },
    {
      name: 'target with only the read-only service_account_name (EKS rule, YAML)',
      code: dedent(`
        name: eks-batch
        issuer_id: ${ISSUER}
        match:
          subject_prefix: system:serviceaccount:batch:report-builder
          audience: https://api.anthropic.com
        target:
          service_account_name: report-builder
        workspace_id: ${WS}
        oauth_scope: workspace:inference
      `),
      errors: [
        { messageId: 'missingTargetType', line: 6, column: 1, endColumn: 7 },
        {
          messageId: 'missingServiceAccountId', line: 6, column: 1,
          suggestions: [{
            output: dedent(`
              name: eks-batch
              issuer_id: ${ISSUER}
              match:
                subject_prefix: system:serviceaccount:batch:report-builder
                audience: https://api.anthropic.com
              target:
                service_account_name: report-builder
                service_account_id: "<svac_… service account id>"
              workspace_id: ${WS}
              oauth_scope: workspace:inference
            `),
          }],
        },
      ],
      output: dedent(`
        name: eks-batch
        issuer_id: ${ISSUER}
        match:
          subject_prefix: system:serviceaccount:batch:report-builder
          audience: https://api.anthropic.com
        target:
          service_account_name: report-builder
          type: service_account
        workspace_id: ${WS}
        oauth_scope: workspace:inference
      `),
    },
    {
      name: 'pasted JWKS document without a type: the keys say inline',
      code: json({
        name: 'onprem-k8s',
        issuer_url: 'https://kubernetes.default.svc.cluster.local',
        jwks: { keys: [{ kty: 'RSA', kid: 'k1', alg: 'RS256', use: 'sig', n: '<modulus>', e: 'AQAB' }] },
      }),
      errors: [{ messageId: 'missingJwksType', line: 4, column: 3, endColumn: 9 }],
      output: json({
        name: 'onprem-k8s',
        issuer_url: 'https://kubernetes.default.svc.cluster.local',
        jwks: { keys: [{ kty: 'RSA', kid: 'k1', alg: 'RS256', use: 'sig', n: '<modulus>', e: 'AQAB' }], type: 'inline' },
      }),
    },
    {
      name: 'jwks with only a CA certificate: any of the three types (YAML)',
      code: dedent(`
        name: corp-idp
        issuer_url: https://idp.example.com
        jwks:
          ca_cert_pem: "-----BEGIN CERTIFICATE-----\\n..."
      `),
      errors: [{
        messageId: 'missingJwksType', line: 3, column: 1,
        suggestions: ['discovery', 'explicit_url', 'inline'].map((t) => ({
          title: `Add "type": "${t}"`,
          output: dedent(`
            name: corp-idp
            issuer_url: https://idp.example.com
            jwks:
              ca_cert_pem: "-----BEGIN CERTIFICATE-----\\n..."
              type: ${t}
          `),
        })),
      }],
    },
    {
      name: 'manifest service account with an empty name',
      code: dedent(`
        service_accounts:
          - name:
            organization_role: developer
      `),
      errors: [{
        messageId: 'missingName', line: 2, column: 5, endColumn: 9,
        suggestions: [{
          output: dedent(`
            service_accounts:
              - name: "<lowercase-name>"
                organization_role: developer
          `),
        }],
      }],
    },
  ],
});
