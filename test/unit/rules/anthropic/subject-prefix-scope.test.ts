import rule from '../../../../src/core/rules/anthropic/subject-prefix-scope';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const ISSUER = 'fdis_01HqR3kZ8vWn2pYt5mXc7bLd';
const SA = 'svac_01JbT6nP4sQw9eRk2vZy8hMf';
const WS = 'wrkspc_01KfD8aL3mNq7tXw5cVb9rEz';

const gha = (subject: string, over: Record<string, unknown> = {}) => ({
  name: 'gha-deploy',
  issuer_id: ISSUER,
  match: { subject_prefix: subject, audience: 'https://api.anthropic.com', claims: { repository_owner: 'acme' } },
  target: { type: 'service_account', service_account_id: SA },
  workspace_id: WS,
  oauth_scope: 'workspace:inference',
  token_lifetime_seconds: 600,
  ...over,
});

const eksManifest = (subject: string, condition?: string) => dedent(`
  federation_issuers:
    - name: eks-prod-us-west-2
      issuer_url: https://oidc.eks.us-west-2.amazonaws.com/id/B71C4E2F9A0D3E5C6B8A1D7F2E4C9B0A
      jwks: { type: discovery }
  federation_rules:
    - name: eks-inference
      issuer_id: eks-prod-us-west-2
      match:
        subject_prefix: "${subject}"
        audience: https://api.anthropic.com${condition ? `\n        condition: '${condition}'` : ''}
      target: { type: service_account, service_account_id: ${SA} }
      workspace_id: ${WS}
      oauth_scope: workspace:inference
`);

ruleTester.run(rule, {
  valid: [
    json(gha('repo:acme/payments:ref:refs/heads/main')),
    json(gha('repo:acme@1234567/payments@7654321:ref:refs/heads/main')),
    json(gha('repo:acme/payments:environment:production')),
    {
      name: 'a repo-wide prefix whose ref is pinned by claims',
      code: json(gha('repo:acme/payments:*', { match: { subject_prefix: 'repo:acme/payments:*', claims: { repository_owner: 'acme', ref: 'refs/heads/main' } } })),
    },
    {
      name: 'a repo-wide prefix whose ref is pinned on every path of the condition',
      code: json(gha('repo:acme/payments:*', {
        match: { subject_prefix: 'repo:acme/payments:*', condition: 'claims.repository_owner == "acme" && claims.ref in ["refs/heads/main", "refs/heads/release"]' },
      })),
    },
    eksManifest('system:serviceaccount:inference:inference-worker'),
    {
      name: 'a namespace-wide EKS prefix with the service account pinned in the condition',
      code: eksManifest('system:serviceaccount:inference:*', 'claims["kubernetes.io"].serviceaccount.name == "inference-worker"'),
    },
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
    dedent(`
      name: spire-batch
      issuer_id: ${ISSUER}
      match:
        subject_prefix: spiffe://prod.acme.internal/ns/batch/sa/*
        audience: https://api.anthropic.com
      target: { type: service_account, service_account_id: ${SA} }
      workspace_id: ${WS}
      oauth_scope: workspace:inference
    `),
    {
      name: 'Google numeric ids and wildcard-only prefixes are other rules\' business',
      code: dedent(`
        data:
          - name: gce-worker
            issuer_id: ${ISSUER}
            match: { subject_prefix: "104892101234567890123*", claims: { email: worker@acme-prod.iam.gserviceaccount.com } }
            target: { type: service_account, service_account_id: ${SA} }
          - name: everything
            issuer_id: ${ISSUER}
            match: { subject_prefix: "*" }
            target: { type: service_account, service_account_id: ${SA} }
        has_more: false
      `),
    },
    dedent(`
      name: entra-vm
      issuer_id: ${ISSUER}
      match:
        subject_prefix: 5d0b1c7e-8a4f-4c1b-9e3d-2f6a7b8c9d01
        audience: 0f7e3b2a-41c5-4d7e-9a8b-6c5d4e3f2a1b
        claims: { tid: 72f988bf-86f1-41af-91ab-2d7cd011db47 }
      target: { type: service_account, service_account_id: ${SA} }
      workspace_id: ${WS}
      oauth_scope: workspace:inference
    `),
  ],
  invalid: [
    {
      name: 'owner-wide GitHub prefix (JSON)',
      code: json(gha('repo:acme/*')),
      errors: [{
        messageId: 'tenantWide', line: 5, column: 34, endColumn: 35, severity: 'warning',
        message: 'admits every repository of acme, including forks\' pull requests to any of them, e.g. `repo:acme/sandbox:ref:refs/heads/dev`',
        suggestions: [
          { title: 'Pin the branch: "repo:acme/<repo>:ref:refs/heads/main"', output: json(gha('repo:acme/<repo>:ref:refs/heads/main')) },
          { title: 'Pin the environment: "repo:acme/<repo>:environment:<environment>"', output: json(gha('repo:acme/<repo>:environment:<environment>')) },
        ],
      }],
    },
    {
      name: 'no delimiter before the star (YAML, issuer inferred from the subject)',
      code: dedent(`
        name: gha-app
        issuer_id: ${ISSUER}
        match:
          subject_prefix: repo:acme/app*
          claims: { repository_owner: acme }
        target: { type: service_account, service_account_id: ${SA} }
        oauth_scope: workspace:inference
      `),
      errors: [{
        messageId: 'noDelimiter', line: 4, column: 32, endColumn: 33,
        message: /admits every repository of acme whose name starts with "app".*`repo:acme\/app-sandbox:ref:refs\/heads\/dev` \(issuer not in this file; inferred from the subject's shape\)/,
        suggestions: [
          { output: dedent(`
            name: gha-app
            issuer_id: ${ISSUER}
            match:
              subject_prefix: repo:acme/app:ref:refs/heads/main
              claims: { repository_owner: acme }
            target: { type: service_account, service_account_id: ${SA} }
            oauth_scope: workspace:inference
          `) },
          { output: dedent(`
            name: gha-app
            issuer_id: ${ISSUER}
            match:
              subject_prefix: "repo:acme/app:environment:<environment>"
              claims: { repository_owner: acme }
            target: { type: service_account, service_account_id: ${SA} }
            oauth_scope: workspace:inference
          `) },
          { title: 'Add the missing delimiter (every context of this one repository): "repo:acme/app:*"', output: dedent(`
            name: gha-app
            issuer_id: ${ISSUER}
            match:
              subject_prefix: repo:acme/app:*
              claims: { repository_owner: acme }
            target: { type: service_account, service_account_id: ${SA} }
            oauth_scope: workspace:inference
          `) },
        ],
      }],
    },
    {
      name: 'repo-wide on an org:admin rule is an error',
      code: json(gha('repo:acme/payments:*', { oauth_scope: 'org:admin' })),
      errors: [{
        messageId: 'repoWide', line: 5, column: 43, severity: 'error', message: 'pull requests (from forks too)',
        suggestions: [
          { output: json(gha('repo:acme/payments:ref:refs/heads/main', { oauth_scope: 'org:admin' })) },
          { output: json(gha('repo:acme/payments:environment:<environment>', { oauth_scope: 'org:admin' })) },
        ],
      }],
    },
    {
      name: 'repo-wide on a workspace rule is a warning',
      code: json(gha('repo:acme/payments:*')),
      errors: [{
        messageId: 'repoWide', line: 5, column: 43, severity: 'warning', message: 'e.g. `repo:acme/payments:pull_request`',
        suggestions: [
          { output: json(gha('repo:acme/payments:ref:refs/heads/main')) },
          { output: json(gha('repo:acme/payments:environment:<environment>')) },
        ],
      }],
    },
    {
      name: 'every branch, and every environment',
      code: json({ data: [gha('repo:acme/payments:ref:refs/heads/*'), gha('repo:acme/payments:environment:*')], has_more: false, first_id: 'fdrl_01A', last_id: 'fdrl_01B' }),
      errors: [
        {
          messageId: 'allBranches', line: 7, column: 62, message: 'anyone with push access can create one',
          suggestions: [
            { output: json({ data: [gha('repo:acme/payments:ref:refs/heads/main'), gha('repo:acme/payments:environment:*')], has_more: false, first_id: 'fdrl_01A', last_id: 'fdrl_01B' }) },
            { output: json({ data: [gha('repo:acme/payments:environment:<environment>'), gha('repo:acme/payments:environment:*')], has_more: false, first_id: 'fdrl_01A', last_id: 'fdrl_01B' }) },
          ],
        },
        {
          messageId: 'allEnvironments', line: 25, column: 59,
          suggestions: [{ output: json({ data: [gha('repo:acme/payments:ref:refs/heads/*'), gha('repo:acme/payments:environment:<environment>')], has_more: false, first_id: 'fdrl_01A', last_id: 'fdrl_01B' }) }],
        },
      ],
    },
    {
      name: 'a branch prefix without its slash',
      code: json(gha('repo:acme/payments:ref:refs/heads/release*')),
      errors: [{
        messageId: 'noDelimiter', line: 5, column: 65, message: '`repo:acme/payments:ref:refs/heads/release-unprotected`',
        suggestions: [
          { title: 'Match this one branch exactly: "repo:acme/payments:ref:refs/heads/release"', output: json(gha('repo:acme/payments:ref:refs/heads/release')) },
          { output: json(gha('repo:acme/payments:ref:refs/heads/release/*')) },
        ],
      }],
    },
    {
      name: 'a star in the middle is literal on Anthropic',
      code: json(gha('repo:acme/*/main')),
      errors: [{ messageId: 'literalStar', line: 5, column: 34, endColumn: 35, severity: 'error', message: '"repo:acme/*/main" matches no real subject' }],
    },
    {
      name: 'every owner on GitHub',
      code: dedent(`
        name: gha-anyone
        issuer_id: ${ISSUER}
        match:
          subject_prefix: "repo:*"
        target: { type: service_account, service_account_id: ${SA} }
        oauth_scope: workspace:inference
      `),
      errors: [{
        messageId: 'tenantOpen', line: 4, column: 25, severity: 'error', message: 'every repository of every GitHub owner, e.g. `repo:attacker/any-repo:ref:refs/heads/main`',
        suggestions: [
          { output: dedent(`
            name: gha-anyone
            issuer_id: ${ISSUER}
            match:
              subject_prefix: "repo:<owner>/<repo>:ref:refs/heads/main"
            target: { type: service_account, service_account_id: ${SA} }
            oauth_scope: workspace:inference
          `) },
          { output: dedent(`
            name: gha-anyone
            issuer_id: ${ISSUER}
            match:
              subject_prefix: "repo:<owner>/<repo>:environment:<environment>"
            target: { type: service_account, service_account_id: ${SA} }
            oauth_scope: workspace:inference
          `) },
        ],
      }],
    },
    {
      name: 'immutable subjects: owner-wide',
      code: json(gha('repo:acme@1234567/*')),
      errors: [{
        messageId: 'tenantWide', line: 5, column: 42,
        suggestions: [
          { output: json(gha('repo:acme@1234567/<repo>:ref:refs/heads/main')) },
          { output: json(gha('repo:acme@1234567/<repo>:environment:<environment>')) },
        ],
      }],
    },
    {
      name: 'EKS: every service account of a namespace (manifest)',
      code: eksManifest('system:serviceaccount:inference:*'),
      errors: [{
        messageId: 'k8sNamespaceWide', line: 9, column: 56, message: 'including its "default" account',
        suggestions: [{ title: 'Name the service account: "system:serviceaccount:inference:<service-account>"', output: eksManifest('system:serviceaccount:inference:<service-account>') }],
      }],
    },
    {
      name: 'EKS: a service-account name prefix',
      code: eksManifest('system:serviceaccount:inference:worker*'),
      errors: [{
        messageId: 'noDelimiter', line: 9, column: 62, message: '`system:serviceaccount:inference:worker-debug`',
        suggestions: [{ output: eksManifest('system:serviceaccount:inference:worker') }],
      }],
    },
    {
      name: 'self-managed Kubernetes: the whole cluster',
      code: dedent(`
        federation_issuers:
          - name: onprem-k8s
            issuer_url: https://kubernetes.default.svc.cluster.local
            jwks: { type: inline, keys: [{ kty: RSA, kid: k1, alg: RS256, use: sig, n: "<modulus>", e: AQAB }] }
        federation_rules:
          - name: onprem-batch
            issuer_id: onprem-k8s
            match: { subject_prefix: "system:serviceaccount:*", audience: https://api.anthropic.com }
            target: { type: service_account, service_account_id: ${SA} }
            workspace_id: ${WS}
            oauth_scope: workspace:inference
      `),
      errors: [{
        messageId: 'k8sClusterWide', line: 8, column: 53, message: 'every service account in every namespace of the cluster',
        suggestions: [{ output: dedent(`
          federation_issuers:
            - name: onprem-k8s
              issuer_url: https://kubernetes.default.svc.cluster.local
              jwks: { type: inline, keys: [{ kty: RSA, kid: k1, alg: RS256, use: sig, n: "<modulus>", e: AQAB }] }
          federation_rules:
            - name: onprem-batch
              issuer_id: onprem-k8s
              match: { subject_prefix: "system:serviceaccount:<namespace>:<service-account>", audience: https://api.anthropic.com }
              target: { type: service_account, service_account_id: ${SA} }
              workspace_id: ${WS}
              oauth_scope: workspace:inference
        `) }],
      }],
    },
    {
      name: 'SPIFFE: a whole trust domain',
      code: dedent(`
        name: spire-any
        issuer_id: ${ISSUER}
        match:
          subject_prefix: spiffe://prod.acme.internal/*
          audience: https://api.anthropic.com
        target: { type: service_account, service_account_id: ${SA} }
        workspace_id: ${WS}
        oauth_scope: workspace:inference
      `),
      errors: [{
        messageId: 'spiffeTrustDomainWide', line: 4, column: 47, message: 'every workload of trust domain prod.acme.internal',
        suggestions: [{ output: dedent(`
          name: spire-any
          issuer_id: ${ISSUER}
          match:
            subject_prefix: "spiffe://prod.acme.internal/ns/<namespace>/sa/<service-account>"
            audience: https://api.anthropic.com
          target: { type: service_account, service_account_id: ${SA} }
          workspace_id: ${WS}
          oauth_scope: workspace:inference
        `) }],
      }],
    },
    {
      name: 'AWS STS outbound: every role of the account, on an org:admin rule',
      code: json({
        name: 'aws-admin',
        issuer_id: ISSUER,
        match: { subject_prefix: 'arn:aws:iam::123456789012:role/*', audience: 'https://api.anthropic.com' },
        target: { type: 'service_account', service_account_id: SA },
        applies_to_all_workspaces: true,
        oauth_scope: 'org:admin',
        token_lifetime_seconds: 600,
      }),
      errors: [{
        messageId: 'awsAccountWide', line: 5, column: 55, severity: 'error', message: 'every role of account 123456789012, e.g. `arn:aws:iam::123456789012:role/any-role`',
        suggestions: [{
          title: 'Name the role: "arn:aws:iam::123456789012:role/<role-name>"',
          output: json({
            name: 'aws-admin',
            issuer_id: ISSUER,
            match: { subject_prefix: 'arn:aws:iam::123456789012:role/<role-name>', audience: 'https://api.anthropic.com' },
            target: { type: 'service_account', service_account_id: SA },
            applies_to_all_workspaces: true,
            oauth_scope: 'org:admin',
            token_lifetime_seconds: 600,
          }),
        }],
      }],
    },
  ],
});
