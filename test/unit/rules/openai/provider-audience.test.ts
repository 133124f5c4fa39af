import rule from '../../../../src/core/rules/openai/provider-audience';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const GITHUB = 'https://token.actions.githubusercontent.com';

const apiProvider = (extra: Record<string, unknown> = {}) =>
  json({
    type: 'oidc',
    name: 'github-actions-prod',
    issuer: GITHUB,
    ...extra,
    verification: { type: 'discovery', discovery_url: null },
  });

const codexManifest = (provider: string, rule: string) =>
  dedent(`
    workload_identity_providers:
      - name: entra-production
        type: oidc
        issuer: https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0
        max_assertion_lifetime_seconds: 86400
        check_jti: true${provider}
        mappings:
          - name: entra-payments-production
            workspace_id: ws_5f2c9d1e
            principal_id: user-8kLq2n
            external_subject: 11111111-2222-3333-4444-555555555555${rule}
  `);

ruleTester.run(rule, {
  valid: [
    apiProvider({ audience: 'https://api.openai.com/v1' }),
    json({ name: 'entra-production', type: 'oidc', issuer: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0', audience: 'api://openai-codex-production', max_assertion_lifetime_seconds: 86400, check_jti: true }),
    codexManifest('', '\n            audiences: [api://openai-codex-production]'),
    codexManifest('\n        audience: api://openai-codex-production', ''),
    // a Codex rule whose provider is not in the file: its audience is unknown
    json({ name: 'ci-codex', workspace_id: 'ws_5f2c9d1e', principal_id: 'user-8kLq2n', external_subject: 'repo:acme/payments:environment:production' }),
    dedent(`
      workload_identity_providers:
        - name: github-actions-prod
          issuer: https://token.actions.githubusercontent.com
          audience: https://api.openai.com/v1
          federation_rules:
            - name: payments-main
              service_account_id: user-svc-payments
              attribute_matchers:
                aud: https://api.openai.com/v1
                sub: repo:acme/payments:ref:refs/heads/main
    `),
    dedent(`
      workload_identity_providers:
        - name: spiffe-production
          type: spiffe_jwt
          issuer: spiffe://example.com
          jwks_uri: https://spiffe.example.com/bundle.json
          check_jti: true
          mappings:
            - name: payments-api
              workspace_id: ws_5f2c9d1e
              principal_id: user-8kLq2n
              external_subject: spiffe://example.com/ns/payments/sa/api
              audiences: [api://openai-codex-production]
    `),
  ],
  invalid: [
    {
      name: 'API Platform provider without an audience (JSON)',
      code: apiProvider(),
      errors: [{
        messageId: 'apiMissing', line: 3, column: 11, endColumn: 32,
        suggestions: [
          { title: 'Set audience https://api.openai.com/v1', output: apiProvider().replace('null\n  }\n}', 'null\n  },\n  "audience": "https://api.openai.com/v1"\n}') },
          { title: 'Add an audience to fill in', output: apiProvider().replace('null\n  }\n}', 'null\n  },\n  "audience": "<audience your tokens carry for OpenAI>"\n}') },
        ],
      }],
    },
    {
      name: 'empty audience',
      code: apiProvider({ audience: '' }),
      errors: [{ messageId: 'empty', line: 5, column: 15, suggestions: [{ output: apiProvider({ audience: 'https://api.openai.com/v1' }) }] }],
    },
    {
      name: 'a list of audiences on an API Platform provider',
      code: dedent(`
        name: github-actions-prod
        issuer: https://token.actions.githubusercontent.com
        audience: [https://api.openai.com/v1, https://github.com/acme]
        verification: { type: discovery }
      `),
      errors: [{ messageId: 'notString', line: 3, column: 11, message: 'exactly one audience' }],
    },
    {
      name: 'Codex provider without audience and a rule without audiences',
      code: codexManifest('', ''),
      errors: [{
        messageId: 'codexRuleMissing', line: 8, column: 15,
        suggestions: [{ output: codexManifest('', '\n            audiences: ["<audience your tokens carry for OpenAI>"]') }],
      }],
    },
    {
      name: 'SPIFFE Codex rule without audiences (provider not in the file)',
      code: json({ name: 'payments-api', workspace_id: 'ws_5f2c9d1e', principal_id: 'user-8kLq2n', external_subject: 'spiffe://example.com/ns/payments/sa/api' }),
      errors: [{
        messageId: 'spiffeRuleMissing', line: 2, column: 11,
        suggestions: [{ output: json({ name: 'payments-api', workspace_id: 'ws_5f2c9d1e', principal_id: 'user-8kLq2n', external_subject: 'spiffe://example.com/ns/payments/sa/api', audiences: ['<audience your tokens carry for OpenAI>'] }) }],
      }],
    },
    {
      name: 'Codex provider without audience, rules elsewhere (warning)',
      code: json({ name: 'eks-prod', type: 'oidc', issuer: 'https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE', check_jti: true }),
      errors: [{
        messageId: 'codexProviderNoRules', line: 2, column: 11, severity: 'warning',
        suggestions: [{ output: json({ name: 'eks-prod', type: 'oidc', issuer: 'https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE', check_jti: true, audience: '<audience your tokens carry for OpenAI>' }) }],
      }],
    },
    {
      name: 'SPIFFE provider, rules elsewhere (warning)',
      code: json({ name: 'spiffe-production', type: 'spiffe_jwt', issuer: 'spiffe://example.com', jwks_uri: 'https://spiffe.example.com/bundle.json', max_assertion_lifetime_seconds: 3600, check_jti: true }),
      errors: [{ messageId: 'codexProviderNoRules', line: 2, column: 11, severity: 'warning', message: 'type `spiffe_jwt`' }],
    },
    {
      name: 'an `aud` matcher that contradicts the provider audience',
      code: dedent(`
        workload_identity_providers:
          - name: github-actions-prod
            issuer: https://token.actions.githubusercontent.com
            audience: https://api.openai.com/v1
            federation_rules:
              - name: payments-main
                service_account_id: user-svc-payments
                attribute_matchers:
                  aud: https://github.com/acme
                  sub: repo:acme/payments:ref:refs/heads/main
      `),
      errors: [{
        messageId: 'audContradicts', line: 9, column: 16, severity: 'warning',
        suggestions: [
          { output: dedent(`
            workload_identity_providers:
              - name: github-actions-prod
                issuer: https://token.actions.githubusercontent.com
                audience: https://api.openai.com/v1
                federation_rules:
                  - name: payments-main
                    service_account_id: user-svc-payments
                    attribute_matchers:
                      aud: https://api.openai.com/v1
                      sub: repo:acme/payments:ref:refs/heads/main
          `) },
          { output: dedent(`
            workload_identity_providers:
              - name: github-actions-prod
                issuer: https://token.actions.githubusercontent.com
                audience: https://api.openai.com/v1
                federation_rules:
                  - name: payments-main
                    service_account_id: user-svc-payments
                    attribute_matchers:
                      sub: repo:acme/payments:ref:refs/heads/main
          `) },
        ],
      }],
    },
  ],
});
