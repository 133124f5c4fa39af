import rule from '../../../../src/core/rules/openai/mapping-pin';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const GITHUB = 'https://token.actions.githubusercontent.com';
const EKS = 'https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

/** A stand-alone API Platform mapping. */
const mapping = (attribute_matchers: Record<string, unknown>) =>
  json({ name: 'payments-main', project_id: 'proj_7Hq2LmX9', service_account_id: 'user-svc-payments', attribute_matchers });

/** A YAML manifest: one provider with one mapping. */
const manifest = (issuer: string, matchers: string) =>
  dedent(`
    workload_identity_providers:
      - name: prod
        issuer: ${issuer}
        audience: https://api.openai.com/v1
        federation_rules:
          - name: payments-main
            service_account_id: user-svc-payments
            attribute_matchers: ${matchers}
  `);

ruleTester.run(rule, {
  valid: [
    mapping({ iss: GITHUB, sub: 'repo:acme/payments:ref:refs/heads/main' }),
    // the tenant pinned by a claim: scope is openai/subject-scope's business
    mapping({ iss: GITHUB, repository_owner: 'acme', ref: 'refs/heads/main' }),
    // derived attributes whose transformations are not in this file may pin anything
    mapping({ iss: GITHUB, 'openai.repository_ref': 'acme/payments@refs/heads/main' }),
    // rejected as written (a mid-string `*`): openai/matcher-wildcard reports it, not this rule
    mapping({ repository: 'acme/*/docs' }),
    manifest(EKS, '{ sub: "system:serviceaccount:inference:inference-worker" }'),
    // a non-shared issuer: any identity claim pins the mapping
    dedent(`
      workload_identity_providers:
        - name: eks-prod
          issuer: ${EKS}
          audience: https://api.openai.com/v1
          attribute_transformations:
            - attribute: openai.service_account
              expression: 'assertion["kubernetes.io"].serviceaccount.name'
          federation_rules:
            - name: inference
              service_account_id: user-svc-inference
              attribute_matchers:
                openai.service_account: inference-worker
    `),
    json({ name: 'entra-payments-production', workspace_id: 'ws_5f2c9d1e', principal_id: 'user-8kLq2n', external_subject: '11111111-2222-3333-4444-555555555555', audiences: ['api://openai-codex-production'] }),
    json({ name: 'two-workloads', workspace_id: 'ws_5f2c9d1e', principal_id: 'user-8kLq2n', condition: 'assertion.sub in ["workload-a", "workload-b"]', audiences: ['api://openai-codex-production'] }),
  ],
  invalid: [
    {
      name: 'GitHub mapping on iss and aud only (JSON)',
      code: mapping({ iss: GITHUB, aud: 'https://api.openai.com/v1' }),
      errors: [{
        messageId: 'unpinned', line: 5, column: 3, endColumn: 23, severity: 'error', message: 'every workflow of every repository on GitHub',
        suggestions: [
          { title: 'Add a sub matcher to fill in', output: mapping({ iss: GITHUB, aud: 'https://api.openai.com/v1', sub: '<subject of the one workload to admit>' }) },
          { title: 'Add a repository_owner matcher to fill in', output: mapping({ iss: GITHUB, aud: 'https://api.openai.com/v1', repository_owner: '<repository_owner>' }) },
        ],
      }],
    },
    {
      name: 'GitHub mapping on a branch only: every repository\'s main branch',
      code: manifest(GITHUB, '{ ref: refs/heads/main }'),
      errors: [{
        messageId: 'unpinned', line: 8, column: 9, severity: 'error', message: 'it checks `ref`',
        suggestions: [
          { output: manifest(GITHUB, '{ ref: refs/heads/main, sub: "<subject of the one workload to admit>" }') },
          { output: manifest(GITHUB, '{ ref: refs/heads/main, repository_owner: "<repository_owner>" }') },
        ],
      }],
    },
    {
      name: 'an empty matcher set on a non-shared issuer is a warning',
      code: manifest(EKS, '{}'),
      errors: [{
        messageId: 'noIdentity', line: 8, column: 9, severity: 'warning', message: 'matches no claim that identifies a workload (it checks nothing)',
        suggestions: [{ output: manifest(EKS, '{"sub": "<subject of the one workload to admit>"}') }],
      }],
    },
    {
      name: 'Codex rule with an audience only is rejected',
      code: dedent(`
        name: ci-codex
        workspace_id: ws_5f2c9d1e
        principal_id: user-8kLq2n
        audiences: [api://openai-codex-production]
      `),
      errors: [{
        messageId: 'codexNoCheck', line: 1, column: 7,
        suggestions: [{ output: dedent(`
          name: ci-codex
          workspace_id: ws_5f2c9d1e
          principal_id: user-8kLq2n
          audiences: [api://openai-codex-production]
          external_subject: "<subject of the one workload to admit>"
        `) }],
      }],
    },
    {
      name: 'Codex wildcard-only subject counts as no check',
      code: json({ name: 'ci-codex', workspace_id: 'ws_5f2c9d1e', principal_id: 'user-8kLq2n', external_subject: '*' }),
      errors: [{
        messageId: 'codexNoCheck', line: 2, column: 11,
        suggestions: [{ output: json({ name: 'ci-codex', workspace_id: 'ws_5f2c9d1e', principal_id: 'user-8kLq2n', external_subject: '<subject of the one workload to admit>' }) }],
      }],
    },
    {
      name: 'Codex rule on the GitHub provider matching a branch claim only',
      code: dedent(`
        workload_identity_providers:
          - name: gha-codex
            issuer: https://token.actions.githubusercontent.com
            check_jti: true
            mappings:
              - name: ci-codex
                workspace_id: ws_5f2c9d1e
                principal_id: user-8kLq2n
                audiences: [api://openai-codex-production]
                claims:
                  ref: refs/heads/main
      `),
      errors: [{
        messageId: 'unpinned', line: 6, column: 15, severity: 'error',
        suggestions: [
          { output: dedent(`
            workload_identity_providers:
              - name: gha-codex
                issuer: https://token.actions.githubusercontent.com
                check_jti: true
                mappings:
                  - name: ci-codex
                    workspace_id: ws_5f2c9d1e
                    principal_id: user-8kLq2n
                    audiences: [api://openai-codex-production]
                    claims:
                      ref: refs/heads/main
                    external_subject: "<subject of the one workload to admit>"
          `) },
          { output: dedent(`
            workload_identity_providers:
              - name: gha-codex
                issuer: https://token.actions.githubusercontent.com
                check_jti: true
                mappings:
                  - name: ci-codex
                    workspace_id: ws_5f2c9d1e
                    principal_id: user-8kLq2n
                    audiences: [api://openai-codex-production]
                    claims:
                      ref: refs/heads/main
                      repository_owner: "<repository_owner>"
          `) },
        ],
      }],
    },
  ],
});
