import rule from '../../../../src/core/rules/openai/matcher-wildcard';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const mapping = (attribute_matchers: Record<string, unknown>) =>
  json({
    name: 'payments-main',
    project_id: 'proj_7Hq2LmX9aB3cD4eF',
    service_account_id: 'user-svc-acct-payments',
    attribute_matchers,
    permissions: { type: 'restricted', scopes: ['api.model.request'] },
  });

ruleTester.run(rule, {
  valid: [
    // the guide's example: one trailing `*` after a prefix, plus an exact derived attribute
    mapping({ iss: 'https://token.actions.githubusercontent.com', sub: 'repo:acme/payments:*', 'openai.repository_ref': 'acme/payments@refs/heads/main' }),
    // booleans and numbers are scalar values
    mapping({ sub: 'repo:acme/payments:ref:refs/heads/main', 'openai.production': true, repository_id: 123456789 }),
    dedent(`
      name: ci-codex
      workspace_id: ws_5f2c9d1e
      principal_id: user-8kLq2n
      external_subject: system:serviceaccount:production:codex-*
      audiences: [api://openai-codex-production]
      claims:
        repository: acme/payments
    `),
  ],
  invalid: [
    {
      name: '`*` alone (JSON)',
      code: mapping({ iss: 'https://token.actions.githubusercontent.com', sub: '*' }),
      errors: [{
        messageId: 'alone', line: 7, column: 12, endColumn: 15,
        suggestions: [{ output: mapping({ iss: 'https://token.actions.githubusercontent.com', sub: '<exact value to match>' }) }],
      }],
    },
    {
      name: 'mid-string `*` points at the star',
      code: mapping({ sub: 'repo:*:environment:production' }),
      errors: [{
        messageId: 'mid', line: 6, column: 18, endColumn: 19,
        suggestions: [{ output: mapping({ sub: '<exact value to match>' }) }],
      }],
    },
    {
      name: 'a run of trailing stars collapses to one (preferred fix, YAML)',
      code: dedent(`
        name: payments
        service_account_id: user-svc-acct-payments
        attribute_matchers:
          sub: repo:acme/payments:ref:refs/heads/release/**
      `),
      errors: [{ messageId: 'multiple', line: 4, column: 50, endColumn: 52 }],
      output: dedent(`
        name: payments
        service_account_id: user-svc-acct-payments
        attribute_matchers:
          sub: repo:acme/payments:ref:refs/heads/release/*
      `),
    },
    {
      name: 'two separate stars',
      code: dedent(`
        name: payments
        service_account_id: user-svc-acct-payments
        attribute_matchers:
          sub: "repo:acme/*/ref:refs/heads/*"
      `),
      errors: [{
        messageId: 'multiple', line: 4, column: 36, endColumn: 37,
        suggestions: [{ output: dedent(`
          name: payments
          service_account_id: user-svc-acct-payments
          attribute_matchers:
            sub: "<exact value to match>"
        `) }],
      }],
    },
    {
      name: 'a list or null as a matcher value',
      code: dedent(`
        name: payments
        service_account_id: user-svc-acct-payments
        attribute_matchers:
          sub: [repo:acme/payments:ref:refs/heads/main, repo:acme/payments:ref:refs/heads/release]
          environment:
      `),
      errors: [
        { messageId: 'notScalar', line: 4, column: 8, message: 'is a list' },
        { messageId: 'notScalar', line: 5, column: 3, message: 'is null' },
      ],
    },
    {
      name: 'Codex external_subject with a leading wildcard',
      code: json({ name: 'ci-codex', workspace_id: 'ws_5f2c9d1e', principal_id: 'user-8kLq2n', external_subject: '*:environment:production', audiences: ['api://openai-codex-production'] }),
      errors: [{
        messageId: 'mid', line: 5, column: 24,
        suggestions: [{ output: json({ name: 'ci-codex', workspace_id: 'ws_5f2c9d1e', principal_id: 'user-8kLq2n', external_subject: '<exact value to match>', audiences: ['api://openai-codex-production'] }) }],
      }],
    },
    {
      name: 'Codex exact claims take `*` literally (warning)',
      code: dedent(`
        name: ci-codex
        workspace_id: ws_5f2c9d1e
        principal_id: user-8kLq2n
        external_subject: repo:acme/payments:environment:production
        claims:
          ref: refs/heads/*
      `),
      errors: [{ messageId: 'literalStar', line: 6, column: 8, severity: 'warning' }],
    },
  ],
});
