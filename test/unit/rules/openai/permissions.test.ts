import rule from '../../../../src/core/rules/openai/permissions';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const mapping = (extra: Record<string, unknown>) =>
  json({
    name: 'payments-main',
    project_id: 'proj_7Hq2LmX9',
    service_account_id: 'user-svc-payments',
    attribute_matchers: { iss: 'https://token.actions.githubusercontent.com', sub: 'repo:acme/payments:ref:refs/heads/main' },
    ...extra,
  });

ruleTester.run(rule, {
  valid: [
    mapping({ permissions: { type: 'restricted', scopes: ['api.model.request'] }, enabled: true }),
    // Codex rules narrow with `scopes`; the principal's access is the boundary
    json({ name: 'ci-codex', workspace_id: 'ws_5f2c9d1e', principal_id: 'user-8kLq2n', external_subject: 'repo:acme/payments:environment:production', audiences: ['api://openai-codex-production'] }),
  ],
  invalid: [
    {
      name: 'no permissions (JSON)',
      code: mapping({}),
      errors: [{
        messageId: 'missing', line: 2, column: 11, severity: 'info', message: 'service account `user-svc-payments`',
        suggestions: [{ output: mapping({ permissions: { type: 'restricted', scopes: ['api.model.request'] } }) }],
      }],
    },
    {
      name: 'service_account_default (YAML)',
      code: dedent(`
        name: payments-main
        service_account_id: user-svc-payments
        attribute_matchers:
          sub: repo:acme/payments:ref:refs/heads/main
        permissions:
          type: service_account_default
      `),
      errors: [{
        messageId: 'accountDefault', line: 6, column: 9,
        suggestions: [{ output: dedent(`
          name: payments-main
          service_account_id: user-svc-payments
          attribute_matchers:
            sub: repo:acme/payments:ref:refs/heads/main
          permissions:
            type: restricted
            scopes: ["api.model.request"]
        `) }],
      }],
    },
    {
      name: 'service_account_default with scopes already listed',
      code: mapping({ permissions: { type: 'service_account_default', scopes: ['api.model.read', 'api.model.request'] } }),
      errors: [{
        messageId: 'accountDefault', line: 10, column: 13,
        suggestions: [{ title: 'Use restricted with the listed scopes', output: mapping({ permissions: { type: 'restricted', scopes: ['api.model.read', 'api.model.request'] } }) }],
      }],
    },
  ],
});
