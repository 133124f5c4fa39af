import rule from '../../../../src/core/rules/openai/ambiguous-mappings';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const GITHUB = 'https://token.actions.githubusercontent.com';
const PERMS = { type: 'restricted', scopes: ['api.model.request'] };

type Mapping = { name: string; sa?: string; matchers: Record<string, unknown>; enabled?: boolean };

/** A JSON manifest: one GitHub provider and its mappings. */
const manifest = (...mappings: Mapping[]) =>
  json({
    workload_identity_providers: [{
      name: 'github-actions-prod',
      issuer: GITHUB,
      audience: 'https://api.openai.com/v1',
      federation_rules: mappings.map((m) => ({
        name: m.name,
        project_id: 'proj_7Hq2LmX9',
        service_account_id: m.sa ?? 'user-svc-payments',
        attribute_matchers: m.matchers,
        permissions: PERMS,
        ...(m.enabled === undefined ? {} : { enabled: m.enabled }),
      })),
    }],
  });

const main = { name: 'payments-main', matchers: { iss: GITHUB, sub: 'repo:acme/payments:ref:refs/heads/main' } };

ruleTester.run(rule, {
  valid: [
    manifest(main, { name: 'payments-release', matchers: { iss: GITHUB, sub: 'repo:acme/payments:ref:refs/heads/release' } }),
    // same matchers, different service accounts: each exchange names one
    manifest(main, { ...main, name: 'payments-main-readonly', sa: 'user-svc-payments-ro' }),
    // a disabled mapping takes no part in matching
    manifest(main, { ...main, name: 'payments-main-old', enabled: false }),
    // prefix and exact that cannot meet
    manifest({ name: 'billing', matchers: { sub: 'repo:acme/billing:*' } }, { name: 'payments', matchers: { sub: 'repo:acme/payments:environment:production' } }),
    // Codex evaluates only the rule the process names
    dedent(`
      workload_identity_providers:
        - name: gha-codex
          issuer: https://token.actions.githubusercontent.com
          audience: api://openai-codex-production
          mappings:
            - { name: a, workspace_id: ws_1, principal_id: user-1, external_subject: "repo:acme/payments:*" }
            - { name: b, workspace_id: ws_1, principal_id: user-1, external_subject: "repo:acme/payments:*" }
    `),
  ],
  invalid: [
    {
      name: 'identical matchers for one service account (YAML)',
      code: dedent(`
        workload_identity_providers:
          - name: github-actions-prod
            issuer: https://token.actions.githubusercontent.com
            audience: https://api.openai.com/v1
            federation_rules:
              - name: deploy
                service_account_id: user-svc-payments
                attribute_matchers: { sub: "repo:acme/payments:environment:production" }
              - name: deploy-copy
                service_account_id: user-svc-payments
                attribute_matchers: { sub: "repo:acme/payments:environment:production" }
      `),
      errors: [{ messageId: 'ambiguous', line: 9, column: 15, message: 'identical matchers' }],
    },
    {
      name: 'a prefix mapping that also covers an exact one (JSON)',
      code: manifest(
        { name: 'payments-any-ref', matchers: { iss: GITHUB, sub: 'repo:acme/payments:*' } },
        { name: 'payments-main', matchers: { iss: GITHUB, sub: 'repo:acme/payments:ref:refs/heads/main', ref: 'refs/heads/main' } },
      ),
      errors: [{ messageId: 'ambiguous', line: 24, column: 19, message: 'mapping "payments-main" and mapping "payments-any-ref"' }],
    },
    {
      name: 'a list response of one provider\'s mappings',
      code: json({
        object: 'list',
        data: [
          { object: 'organization.workload_identity_federation_rule', id: 'wifr_01', name: 'ci', service_account_id: 'user-svc-payments', attribute_matchers: { repository_owner: 'acme' }, enabled: true },
          { object: 'organization.workload_identity_federation_rule', id: 'wifr_02', name: 'ci-main', service_account_id: 'user-svc-payments', attribute_matchers: { repository_owner: 'acme', ref: 'refs/heads/main' }, enabled: true },
        ],
        first_id: 'wifr_01',
        last_id: 'wifr_02',
        has_more: false,
      }),
      errors: [{ messageId: 'ambiguous', line: 17, column: 15 }],
    },
    {
      name: 'more than 50 mappings on one provider',
      code: manifest(...Array.from({ length: 51 }, (_, i) => ({ name: `svc-${i}`, sa: `user-svc-${i}`, matchers: { sub: `repo:acme/svc-${i}:ref:refs/heads/main` } }))),
      errors: [{ messageId: 'tooManyRules', line: 7, column: 7, message: '51 mappings' }],
    },
    {
      name: 'more than 50 providers in a manifest',
      code: dedent(`
        workload_identity_providers:
      `) + Array.from({ length: 51 }, (_, i) => `  - { name: eks-${i}, issuer: "https://oidc.eks.us-west-2.amazonaws.com/id/CLUSTER${i}", audience: "https://api.openai.com/v1" }\n`).join(''),
      errors: [{ messageId: 'tooManyProviders', line: 1, column: 1, message: '51 providers' }],
    },
  ],
});
