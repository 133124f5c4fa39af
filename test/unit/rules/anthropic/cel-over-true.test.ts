import rule from '../../../../src/core/rules/anthropic/cel-over-true';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const ISSUER = 'fdis_01HqR3kZ8vWn2pYt5mXc7bLd';
const SA = 'svac_01JbT6nP4sQw9eRk2vZy8hMf';
const WS = 'wrkspc_01KfD8aL3mNq7tXw5cVb9rEz';

/** A manifest with the public GitHub issuer and one rule matching only on `condition` (YAML, single-quoted). */
const github = (condition: string, subject?: string) => dedent(`
  federation_issuers:
    - name: github-actions
      issuer_url: https://token.actions.githubusercontent.com
      jwks: { type: discovery }
      max_jwt_lifetime_seconds: 600
  federation_rules:
    - name: gha-deploy
      issuer_id: github-actions
      match:
        audience: https://api.anthropic.com${subject ? `\n        subject_prefix: ${subject}` : ''}
        condition: '${condition}'
      target: { type: service_account, service_account_id: ${SA} }
      workspace_id: ${WS}
      oauth_scope: workspace:developer
`);

const ghaJson = (condition: string) => ({
  name: 'gha-deploy',
  issuer_id: ISSUER,
  match: { subject_prefix: 'repo:acme/payments:environment:production', audience: 'https://api.anthropic.com', condition },
  target: { type: 'service_account', service_account_id: SA },
  workspace_id: WS,
  oauth_scope: 'workspace:developer',
});

const k8s = (condition: string) => ({
  federation_issuers: [{ name: 'onprem-k8s', issuer_url: 'https://kubernetes.default.svc.cluster.local', jwks: { type: 'inline', keys: [{ kty: 'RSA', kid: 'k1', alg: 'RS256', use: 'sig', n: '<modulus>', e: 'AQAB' }] } }],
  federation_rules: [{ name: 'onprem-batch', issuer_id: 'onprem-k8s', match: { audience: 'https://api.anthropic.com', condition }, target: { type: 'service_account', service_account_id: SA }, workspace_id: WS, oauth_scope: 'workspace:inference' }],
});

const google = (condition: string) => ({
  federation_issuers: [{ name: 'google', issuer_url: 'https://accounts.google.com' }],
  federation_rules: [{ name: 'gce-batch', issuer_id: 'google', match: { audience: 'https://api.anthropic.com', condition }, target: { type: 'service_account', service_account_id: SA }, workspace_id: WS, oauth_scope: 'workspace:inference' }],
});

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
    github('(claims.repository_owner == "acme" && claims.ref == "refs/heads/main") || (claims.repository_owner_id == "123456" && claims.environment == "production")'),
    github('claims.repository_owner == "acme" && (claims.ref == "refs/heads/main" || claims.ref == "refs/heads/release")'),
    github('claims.ref == "refs/heads/main" || claims.ref == "refs/heads/release"', 'repo:acme/payments:*'),
    json(ghaJson('claims.actor != "dependabot[bot]"')),
    json(ghaJson('claims.repository.matches("^acme/(payments|billing)$") && claims.job_workflow_ref.startsWith("acme/workflows/.github/workflows/deploy.yml@")')),
    json(k8s('claims["kubernetes.io"].namespace == "inference" && claims["kubernetes.io"].serviceaccount.name != "default"')),
    github('claims.repository.startsWith("acme/") && !(claims.event_name in ["pull_request", "pull_request_target"])'),
    {
      name: 'Google: every service account of one project (the domain after @) is a tenant pin',
      code: json(google('claims.email.endsWith("@acme-prod.iam.gserviceaccount.com") && claims.email_verified')),
    },
    {
      name: 'constant conditions are cel-condition\'s business',
      code: json(k8s('claims["kubernetes.io"].namespace != "kube-system" || true')),
    },
  ],
  invalid: [
    {
      name: 'an `||` branch without the owner admits any repository\'s main branch',
      code: github('claims.repository_owner == "acme" || claims.ref == "refs/heads/main"'),
      errors: [{
        messageId: 'orWithoutTenant', line: 11, column: 56, endColumn: 87,
        message: '`claims.ref == "refs/heads/main"` does not pin the repository owner, and it alone makes the `||` true: rule "gha-deploy" admits the token of any repository owner on GitHub Actions for which it holds, e.g. `repo:attacker/any-repo:ref:refs/heads/main`. Require the tenant (`claims.repository_owner` or `claims.repository_owner_id`) in every branch',
      }],
    },
    {
      name: 'a tenant claim read without pinning it',
      code: github('claims.repository.endsWith("/payments") && claims.ref == "refs/heads/main"'),
      errors: [{
        messageId: 'weakTenant', line: 11, column: 19, endColumn: 58,
        message: 'reads `repository` but does not pin it: any value that ends with "/payments" passes, e.g. "attacker/payments". On GitHub Actions that is other customers\' tokens',
      }],
    },
    {
      name: 'Google: an email suffix without the @ is any project whose id ends that way',
      code: json(google('claims.email.endsWith("acme-prod.iam.gserviceaccount.com")')),
      errors: [{ messageId: 'weakTenant', line: 14, column: 23, message: 'any value that ends with "acme-prod.iam.gserviceaccount.com" passes, e.g. "attackeracme-prod.iam.gserviceaccount.com"' }],
    },
    {
      name: 'a tenant excluded rather than required',
      code: github('claims.repository_owner != "evil-corp"'),
      errors: [{ messageId: 'weakTenant', line: 11, column: 19, message: 'it admits every repository owner but "evil-corp"' }],
    },
    {
      name: 'a condition that only excludes, with nothing else in match (Kubernetes)',
      code: json(k8s('claims["kubernetes.io"].namespace != "kube-system"')),
      errors: [{ messageId: 'negativeOnly', line: 27, column: 23, message: 'it holds for every token whose `kubernetes.io.namespace` is anything but "kube-system"' }],
    },
    {
      name: 'has() alone',
      code: json(k8s('has(claims["kubernetes.io"].pod)')),
      errors: [{ messageId: 'negativeOnly', line: 27, column: 23, message: 'every token that carries `kubernetes.io.pod`' }],
    },
    {
      name: 'an exclusion as an `||` branch defeats the other one',
      code: json(ghaJson('claims.ref == "refs/heads/main" || claims.actor != "dependabot[bot]"')),
      errors: [{
        messageId: 'negativeBranch', line: 7, column: 56,
        message: '`claims.actor != "dependabot[bot]"` holds for every token whose `actor` is anything but "dependabot[bot]", so the `||` admits all of them whatever `claims.ref == "refs/heads/main"` requires.',
      }],
    },
    {
      name: 'an unanchored regex (JSON): the suggestion anchors it between the escaped quotes',
      code: json(ghaJson('claims.repository.matches("acme/payments")')),
      errors: [{
        messageId: 'unanchoredRegex', line: 7, column: 45, endColumn: 62,
        message: '`matches()` finds "acme/payments" anywhere in `claims.repository`, so it also matches "attacker-acme/payments-fork". Anchor it: "^acme/payments$".',
        suggestions: [{ output: json(ghaJson('claims.repository.matches("^acme/payments$")')) }],
      }],
    },
    {
      name: 'anchors and alternation',
      code: github('claims.repository_owner == "acme" && claims.ref.matches("^refs/heads/main|refs/heads/release$")'),
      errors: [{
        messageId: 'unanchoredRegex', line: 11, column: 75,
        message: 'the anchors bind tighter than `|`, so they apply to the first and last alternatives only. Anchor it: "^(?:refs/heads/main|refs/heads/release)$".',
        suggestions: [{ output: github('claims.repository_owner == "acme" && claims.ref.matches("^(?:refs/heads/main|refs/heads/release)$")') }],
      }],
    },
    {
      name: 'an `||` branch the subject already makes true: the other branch restricts nothing',
      code: github('claims.repository_owner == "acme" || claims.ref == "refs/heads/main"', '"repo:acme/platform:*"'),
      errors: [{
        messageId: 'impliedBranch', line: 12, column: 19, endColumn: 52,
        message: '`claims.repository_owner == "acme"` always holds for the tokens that reach this condition (`subject_prefix` "repo:acme/platform:*" requires `repository_owner` "acme"), so the `||` is always true and `claims.ref == "refs/heads/main"` restricts nothing. If both must hold, write `&&`.',
      }],
    },
    {
      name: 'the same through claims and a Kubernetes namespace (JSON)',
      code: json({
        name: 'batch-reports',
        issuer_id: ISSUER,
        match: {
          subject_prefix: 'system:serviceaccount:batch:report-builder',
          audience: 'https://api.anthropic.com',
          condition: 'claims["kubernetes.io"].namespace == "batch" || claims["kubernetes.io"].serviceaccount.name == "report-builder"',
        },
        target: { type: 'service_account', service_account_id: SA },
        workspace_id: WS,
        oauth_scope: 'workspace:inference',
      }),
      errors: [{ messageId: 'impliedBranch', line: 7, column: 19, message: 'requires `kubernetes.io.namespace` "batch"' }],
    },
    {
      name: 'prefixes that stop in the middle of a name',
      code: github('claims.repository_owner == "acme" && claims.job_workflow_ref.startsWith("acme/workflows/.github/workflows/deploy") && claims.sub.startsWith("repo:acme/app")'),
      errors: [
        { messageId: 'noDelimiter', line: 11, column: 56, message: 'it also admits "acme/workflows/.github/workflows/deploy-sandbox"' },
        { messageId: 'noDelimiter', line: 11, column: 137, message: 'it also admits "repo:acme/app-sandbox:ref:refs/heads/dev"' },
      ],
    },
  ],
});
