import rule from '../../../../src/core/rules/anthropic/cel-condition';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const ISSUER = 'fdis_01HqR3kZ8vWn2pYt5mXc7bLd';
const SA = 'svac_01JbT6nP4sQw9eRk2vZy8hMf';
const WS = 'wrkspc_01KfD8aL3mNq7tXw5cVb9rEz';

/** A GitHub rule body (issuer inferred from the subject) with the given condition. */
const gha = (condition: string) => ({
  name: 'gha-release',
  issuer_id: ISSUER,
  match: { subject_prefix: 'repo:acme/payments:environment:production', audience: 'https://api.anthropic.com', condition },
  target: { type: 'service_account', service_account_id: SA },
  workspace_id: WS,
  oauth_scope: 'workspace:developer',
});

const ghaYaml = (conditionLines: string) => dedent(`
  name: gha-release
  issuer_id: ${ISSUER}
  match:
    subject_prefix: repo:acme/payments:environment:production
    audience: https://api.anthropic.com
${conditionLines.split('\n').map((l) => `    ${l}`).join('\n')}
  target: { type: service_account, service_account_id: ${SA} }
  workspace_id: ${WS}
  oauth_scope: workspace:developer
`);

const eks = (condition: string) => dedent(`
  federation_issuers:
    - name: eks-prod-us-west-2
      issuer_url: https://oidc.eks.us-west-2.amazonaws.com/id/B71C4E2F9A0D3E5C6B8A1D7F2E4C9B0A
  federation_rules:
    - name: eks-inference
      issuer_id: eks-prod-us-west-2
      match:
        subject_prefix: system:serviceaccount:inference:inference-worker
        audience: https://api.anthropic.com
        condition: '${condition}'
      target: { type: service_account, service_account_id: ${SA} }
      workspace_id: ${WS}
      oauth_scope: workspace:inference
`);

ruleTester.run(rule, {
  valid: [
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
    json({
      name: 'aws-inference',
      issuer_id: ISSUER,
      match: {
        subject_prefix: 'arn:aws:iam::123456789012:role/inference-worker',
        audience: 'https://api.anthropic.com',
        condition: 'claims["https://sts.amazonaws.com/"].aws_account == "123456789012"',
      },
      target: { type: 'service_account', service_account_id: SA },
      workspace_id: WS,
      oauth_scope: 'workspace:developer',
      token_lifetime_seconds: 600,
    }),
    eks('claims["kubernetes.io"].namespace == "inference" && claims["kubernetes.io"].serviceaccount.name == "inference-worker"'),
    json(gha('claims.repo_property_tier == "production" && int(claims.run_attempt) < 3 && claims.runner_environment == "github-hosted"')),
    ghaYaml('condition: >-\n  claims.repository_owner_id == "123456" &&\n  claims.job_workflow_ref.startsWith("acme/workflows/.github/workflows/deploy.yml@refs/heads/")'),
    dedent(`
      federation_issuers:
        - name: google
          issuer_url: https://accounts.google.com
      federation_rules:
        - name: gce-inference
          issuer_id: google
          match:
            audience: https://api.anthropic.com
            condition: claims.sub == "104892101234567890123" && claims.email == "inference-worker@acme-prod.iam.gserviceaccount.com" && claims.email_verified
          target: { type: service_account, service_account_id: ${SA} }
          workspace_id: ${WS}
          oauth_scope: workspace:inference
    `),
    {
      name: 'Entra v1 `azp` is anthropic/entra-issuer\'s business',
      code: dedent(`
        federation_issuers:
          - name: entra-v1
            issuer_url: https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/
        federation_rules:
          - name: vm-worker
            issuer_id: entra-v1
            match:
              audience: api://0f7e3b2a-41c5-4d7e-9a8b-6c5d4e3f2a1b
              condition: claims.oid == "5d0b1c7e-8a4f-4c1b-9e3d-2f6a7b8c9d01" && claims.azp == "8c9d0e1f-2a3b-4c5d-6e7f-8091a2b3c4d5"
            target: { type: service_account, service_account_id: ${SA} }
            workspace_id: ${WS}
            oauth_scope: workspace:inference
      `),
    },
  ],
  invalid: [
    {
      name: 'syntax error inside a JSON string with escapes: the position is exact',
      code: json(gha('claims.repository_owner == "acme" &&& claims.ref == "refs/heads/main"')),
      errors: [{ messageId: 'syntax', line: 7, column: 57, endColumn: 58, message: 'is not valid CEL: unexpected character `&` (CEL\'s "and" is `&&`)' }],
    },
    {
      name: 'unterminated string in a folded YAML block',
      code: ghaYaml('condition: >-\n  claims.repository_owner == "acme" &&\n  claims.ref == "refs/heads/main'),
      errors: [{ messageId: 'syntax', line: 8, column: 19, endColumn: 20, message: 'this string literal is never closed' }],
    },
    {
      name: 'an operator with nothing after it',
      code: ghaYaml('condition: claims.repository_owner == "acme" &&'),
      errors: [{ messageId: 'syntax', line: 6, column: 48, endColumn: 50, message: 'expected an operand after `&&`' }],
    },
    {
      name: 'constant true',
      code: ghaYaml('condition: "true"'),
      errors: [{ messageId: 'constantTrue', line: 6, column: 15, endColumn: 19, severity: 'error', message: 'is always true: it constrains nothing, and the Admin API rejects' }],
    },
    {
      name: 'a constant-true branch of a top-level ||',
      code: json(gha('claims.repository_owner == "acme" || 1 == 1')),
      errors: [{ messageId: 'constantTrue', line: 7, column: 58, endColumn: 64, message: 'is always true because `1 == 1` is' }],
    },
    {
      name: 'a constant-true branch deeper down',
      code: ghaYaml('condition: claims.repository_owner == "acme" && (claims.ref == "refs/heads/main" || true)'),
      errors: [{ messageId: 'alwaysTrueBranch', line: 6, column: 87, endColumn: 91, severity: 'warning', message: '`true` is always true, so `claims.ref == "refs/heads/main" || true` is too' }],
    },
    {
      name: 'constant false',
      code: ghaYaml('condition: claims.repository_owner == "acme" && !true'),
      errors: [{ messageId: 'constantFalse', line: 6, column: 51, endColumn: 56, severity: 'warning', message: 'always false because `!true` is: the rule never matches' }],
    },
    {
      name: 'a string, not a bool',
      code: ghaYaml(`condition: '"claims.repository_owner == acme"'`),
      errors: [{ messageId: 'notBool', line: 6, column: 15, message: 'is a string literal, not a bool' }],
    },
    {
      name: 'a GitHub claim on an EKS issuer',
      code: eks('claims.repository_owner == "acme"'),
      errors: [{ messageId: 'absentClaim', line: 10, column: 19, endColumn: 42, severity: 'warning', message: 'Amazon EKS tokens carry no `repository_owner` claim (it is a GitHub Actions claim): reading it is an error, so `claims.repository_owner == "acme"` is never true' }],
    },
    {
      name: 'a claim Kubernetes never sends',
      code: eks('claims["kubernetes.io"].namespace == "inference" && claims.email == "worker@acme.example"'),
      errors: [{ messageId: 'absentClaim', line: 10, column: 71, message: 'Amazon EKS tokens carry no `email` claim: reading' }],
    },
    {
      name: 'a GitHub id compared with a number (YAML): preferred fix quotes it',
      code: ghaYaml('condition: claims.repository_owner_id == 123456 && claims.repository == "acme/payments"'),
      errors: [{
        messageId: 'numberForString', line: 6, column: 14, endColumn: 50, severity: 'error',
        message: 'GitHub Actions sends `repository_owner_id` as a string (e.g. "123456"), so `claims.repository_owner_id == 123456` is never true. Quote the literal: `claims.repository_owner_id == "123456"`.',
      }],
      output: ghaYaml('condition: claims.repository_owner_id == "123456" && claims.repository == "acme/payments"'),
    },
    {
      name: 'numbers in a JSON condition are quoted with escaped quotes; `in` lists and `!=` too',
      code: json(gha('claims.repository_id in [7654321, 7654322] && claims.actor_id != 49699333')),
      errors: [
        { messageId: 'numberForString', line: 7, column: 19, message: '`claims.repository_id in [7654321, 7654322]` is never true' },
        { messageId: 'numberForString', line: 7, column: 65, message: '`claims.actor_id != 49699333` is always true' },
      ],
      output: json(gha('claims.repository_id in ["7654321", "7654322"] && claims.actor_id != "49699333"')),
    },
    {
      name: 'booleans are strings in GitHub custom properties; ordering a string needs a conversion (no fix)',
      code: ghaYaml("condition: claims.repo_property_production == true && claims.run_attempt > 1 && claims.ref == 'refs/heads/main'"),
      errors: [
        { messageId: 'numberForString', line: 6, column: 14, message: '(e.g. "true"), so `claims.repo_property_production == true` is never true. Quote the literal: `claims.repo_property_production == \'true\'`.' },
        { messageId: 'numberForString', line: 6, column: 57, message: 'Convert the claim first: `int(claims.run_attempt) > 1`.' },
      ],
      output: ghaYaml("condition: claims.repo_property_production == 'true' && claims.run_attempt > 1 && claims.ref == 'refs/heads/main'"),
    },
  ],
});
