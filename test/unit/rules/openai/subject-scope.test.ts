import rule from '../../../../src/core/rules/openai/subject-scope';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const GITHUB = 'https://token.actions.githubusercontent.com';

/** An API Platform manifest: one GitHub provider (with the guide's transformation) and one mapping. */
const gha = (matchers: Record<string, unknown>) =>
  json({
    workload_identity_providers: [{
      name: 'github-actions-prod',
      issuer: GITHUB,
      audience: 'https://api.openai.com/v1',
      attribute_transformations: [{ attribute: 'openai.repository_ref', expression: 'assertion.repository + "@" + assertion.ref' }],
      federation_rules: [{ name: 'payments-main', project_id: 'proj_7Hq2LmX9', service_account_id: 'user-svc-payments', attribute_matchers: matchers }],
    }],
  });

const codex = (subject: string, extra = '') =>
  dedent(`
    name: ci-codex
    workspace_id: ws_5f2c9d1e
    principal_id: user-8kLq2n
    external_subject: ${subject}
    audiences: [api://openai-codex-production]
  `) + extra;

ruleTester.run(rule, {
  valid: [
    // the guide's example: a repo-wide `sub`, pinned to main by the derived `openai.repository_ref`
    gha({ iss: GITHUB, sub: 'repo:acme/payments:*', 'openai.repository_ref': 'acme/payments@refs/heads/main' }),
    gha({ sub: 'repo:acme/payments:ref:refs/heads/main' }),
    // org-wide `sub`, but the derived attribute names one repository and one ref exactly
    gha({ sub: 'repo:acme/*', 'openai.repository_ref': 'acme/payments@refs/heads/main' }),
    gha({ sub: 'repo:acme/payments:*', environment: 'production' }),
    gha({ sub: 'repo:acme/payments:environment:production' }),
    // a stand-alone mapping whose derived attribute's transformation is not in the file: may pin the rest
    json({ name: 'payments-main', service_account_id: 'user-svc-payments', attribute_matchers: { iss: GITHUB, sub: 'repo:acme/payments:*', 'openai.repository_ref': 'acme/payments@refs/heads/main' } }),
    codex('system:serviceaccount:inference:inference-worker'),
    codex('spiffe://prod.acme.internal/ns/payments/sa/api'),
    codex('"system:serviceaccount:inference:*"', 'condition: assertion["kubernetes.io"].serviceaccount.name == "inference-worker"\n'),
    codex('arn:aws:iam::123456789012:role/openai-batch'),
  ],
  invalid: [
    {
      name: 'repo-wide sub on GitHub (JSON manifest): forks and every branch',
      code: gha({ iss: GITHUB, sub: 'repo:acme/payments:*' }),
      errors: [{
        messageId: 'repoWide', line: 20, column: 20, severity: 'warning', message: 'pull requests (from forks too)',
        suggestions: [
          { title: 'Pin the main branch', output: gha({ iss: GITHUB, sub: 'repo:acme/payments:ref:refs/heads/main' }) },
          { title: 'Pin an environment', output: gha({ iss: GITHUB, sub: 'repo:acme/payments:environment:<environment>' }) },
        ],
      }],
    },
    {
      name: 'org-wide sub is an error on the shared GitHub issuer',
      code: gha({ sub: 'repo:acme/*' }),
      errors: [{
        messageId: 'tenantWide', line: 19, column: 20, severity: 'error',
        suggestions: [{ output: gha({ sub: 'repo:acme/<repository>:ref:refs/heads/main' }) }],
      }],
    },
    {
      name: 'no delimiter before the wildcard (YAML)',
      code: dedent(`
        workload_identity_providers:
          - name: github-actions-prod
            issuer: https://token.actions.githubusercontent.com
            audience: https://api.openai.com/v1
            federation_rules:
              - name: app
                service_account_id: user-svc-app
                attribute_matchers:
                  sub: repo:acme/app*
      `),
      errors: [{
        messageId: 'noDelimiter', line: 9, column: 16, severity: 'warning', message: 'app-sandbox',
        suggestions: [
          { output: dedent(`
            workload_identity_providers:
              - name: github-actions-prod
                issuer: https://token.actions.githubusercontent.com
                audience: https://api.openai.com/v1
                federation_rules:
                  - name: app
                    service_account_id: user-svc-app
                    attribute_matchers:
                      sub: repo:acme/app:ref:refs/heads/main
          `) },
          { output: dedent(`
            workload_identity_providers:
              - name: github-actions-prod
                issuer: https://token.actions.githubusercontent.com
                audience: https://api.openai.com/v1
                federation_rules:
                  - name: app
                    service_account_id: user-svc-app
                    attribute_matchers:
                      sub: "repo:acme/app:environment:<environment>"
          `) },
        ],
      }],
    },
    {
      name: 'a repository matcher open to every repository of the owner',
      code: gha({ iss: GITHUB, repository: 'acme/*' }),
      errors: [{ messageId: 'tenantWide', line: 20, column: 27, suggestions: [{ output: gha({ iss: GITHUB, repository: 'acme/<repository>:ref:refs/heads/main' }) }] }],
    },
    {
      name: 'Kubernetes namespace-wide Codex subject',
      code: codex('system:serviceaccount:inference:*'),
      errors: [{
        messageId: 'namespaceWide', line: 4, column: 19, severity: 'warning', message: '"default" account',
        suggestions: [{ output: codex('"system:serviceaccount:inference:<service-account>"') }],
      }],
    },
    {
      name: 'SPIFFE trust-domain-wide Codex subject',
      code: codex('spiffe://prod.acme.internal/*'),
      errors: [{ messageId: 'trustDomainWide', line: 4, column: 19, suggestions: [{ output: codex('"spiffe://prod.acme.internal/ns/<namespace>/sa/<service-account>"') }] }],
    },
    {
      name: 'AWS outbound: every role of the account',
      code: codex('arn:aws:iam::123456789012:role/*'),
      errors: [{ messageId: 'accountWide', line: 4, column: 19, suggestions: [{ output: codex('"arn:aws:iam::123456789012:role/<role-name>"') }] }],
    },
    {
      name: 'a name prefix on a non-shared issuer is informational',
      code: codex('system:serviceaccount:production:codex-*'),
      errors: [{ messageId: 'noDelimiter', line: 4, column: 19, severity: 'info', suggestions: [{ output: codex('system:serviceaccount:production:codex-') }] }],
    },
    {
      name: 'Google: a prefix of a numeric service-account id',
      code: json({ name: 'gcp-batch', service_account_id: 'user-svc-batch', attribute_matchers: { iss: 'https://accounts.google.com', sub: '1048921012*' } }),
      errors: [{ messageId: 'numericWildcard', line: 6, column: 12, severity: 'error', suggestions: [{ output: json({ name: 'gcp-batch', service_account_id: 'user-svc-batch', attribute_matchers: { iss: 'https://accounts.google.com', sub: '<numeric service account id>' } }) }] }],
    },
  ],
});
