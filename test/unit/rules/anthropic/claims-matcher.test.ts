import rule from '../../../../src/core/rules/anthropic/claims-matcher';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const ISSUER = 'fdis_01HqR3kZ8vWn2pYt5mXc7bLd';
const SA = 'svac_01JbT6nP4sQw9eRk2vZy8hMf';
const WS = 'wrkspc_01KfD8aL3mNq7tXw5cVb9rEz';
const MAIN = 'repo:acme/payments:ref:refs/heads/main';

const gha = (match: Record<string, unknown>) => ({
  name: 'gha-deploy',
  issuer_id: ISSUER,
  match,
  target: { type: 'service_account', service_account_id: SA },
  workspace_id: WS,
  oauth_scope: 'workspace:inference',
});

const yamlRule = (matchLines: string) => dedent(`
  name: gha-deploy
  issuer_id: ${ISSUER}
  match:
${matchLines.split('\n').map((l) => `    ${l}`).join('\n')}
  target: { type: service_account, service_account_id: ${SA} }
  workspace_id: ${WS}
  oauth_scope: workspace:inference
`);

const k8sManifest = (matchLines: string) => dedent(`
  federation_issuers:
    - name: onprem-k8s
      issuer_url: https://kubernetes.default.svc.cluster.local
      jwks: { type: inline, keys: [{ kty: RSA, kid: k1, alg: RS256, use: sig, n: "<modulus>", e: AQAB }] }
  federation_rules:
    - name: onprem-batch
      issuer_id: onprem-k8s
      match:
${matchLines.split('\n').map((l) => `        ${l}`).join('\n')}
      target: { type: service_account, service_account_id: ${SA} }
      workspace_id: ${WS}
      oauth_scope: workspace:inference
`);

ruleTester.run(rule, {
  valid: [
    {
      name: 'Google, issuer not in the file: told by the service-account email and numeric sub',
      code: JSON.stringify({
        name: 'gce-worker', issuer_id: 'fdis_01HqR3kZ8vWn2pYt5mXc7bLd',
        match: { audience: 'https://api.anthropic.com', claims: { sub: '104892101234567890123', email: 'worker@acme-prod.iam.gserviceaccount.com' } },
        target: { type: 'service_account', service_account_id: 'svac_01JbT6nP4sQw9eRk2vZy8hMf' }, workspace_id: 'wrkspc_01KfD8aL3mNq7tXw5cVb9rEz', oauth_scope: 'workspace:inference',
      }, null, 2),
    },
    {
      name: 'Google: claims.sub is where the numeric id belongs (not subject_prefix)',
      code: [
        'federation_issuers:',
        '  - name: google',
        '    issuer_url: https://accounts.google.com',
        'federation_rules:',
        '  - name: gce-worker',
        '    issuer_id: google',
        '    match:',
        '      audience: https://api.anthropic.com',
        '      claims:',
        '        sub: "104892101234567890123"',
        '        email: worker@acme-prod.iam.gserviceaccount.com',
        '    target: { type: service_account, service_account_id: svac_01JbT6nP4sQw9eRk2vZy8hMf }',
        '    workspace_id: wrkspc_01KfD8aL3mNq7tXw5cVb9rEz',
        '    oauth_scope: workspace:inference',
        '',
      ].join('\n'),
    },
    json(gha({ subject_prefix: MAIN, audience: 'https://api.anthropic.com', claims: { repository_owner: 'acme' } })),
    json(gha({ subject_prefix: MAIN, claims: { repository_owner_id: '123456', repo_property_tier: 'production', ref_type: 'branch' } })),
    yamlRule('subject_prefix: 5d0b1c7e-8a4f-4c1b-9e3d-2f6a7b8c9d01\naudience: 0f7e3b2a-41c5-4d7e-9a8b-6c5d4e3f2a1b\nclaims:\n  tid: 72f988bf-86f1-41af-91ab-2d7cd011db47\n  oid: 5d0b1c7e-8a4f-4c1b-9e3d-2f6a7b8c9d01'),
    k8sManifest('subject_prefix: system:serviceaccount:batch:report-builder\naudience: https://api.anthropic.com'),
    {
      name: 'Google: claims.sub is the recommended matcher when there is no subject_prefix... but it is still a subject',
      code: json(gha({ audience: 'https://api.anthropic.com', claims: { email: 'inference-worker@acme-prod.iam.gserviceaccount.com' } })),
    },
  ],
  invalid: [
    {
      name: 'sub in claims moves to subject_prefix (block YAML, preferred fix)',
      code: yamlRule(`audience: https://api.anthropic.com\nclaims:\n  repository_owner: acme\n  sub: ${MAIN}`),
      errors: [{ messageId: 'subClaim', line: 7, column: 5, endColumn: 8, message: 'rule "gha-deploy" matches `sub` in `claims`. `subject_prefix` is the matcher' }],
      output: yamlRule(`audience: https://api.anthropic.com\nsubject_prefix: ${MAIN}\nclaims:\n  repository_owner: acme`),
    },
    {
      name: 'sub as the only claim (JSON): the claims object becomes the subject_prefix',
      code: json(gha({ audience: 'https://api.anthropic.com', claims: { sub: MAIN } })),
      errors: [{ messageId: 'subClaim', line: 7, column: 7 }],
      output: json(gha({ audience: 'https://api.anthropic.com', subject_prefix: MAIN })),
    },
    {
      name: 'sub with a star in claims: moving it would make it a prefix match, so only a suggestion',
      code: json(gha({ claims: { repository_owner: 'acme', sub: 'repo:acme/payments:*' } })),
      errors: [{
        messageId: 'subClaim', line: 7, column: 7, message: 'there `*` is a literal character',
        suggestions: [{ output: json(gha({ subject_prefix: 'repo:acme/payments:*', claims: { repository_owner: 'acme' } })) }],
      }],
    },
    {
      name: 'sub repeating the subject_prefix',
      code: json(gha({ subject_prefix: MAIN, claims: { repository_owner: 'acme', sub: MAIN } })),
      errors: [{ messageId: 'subDuplicate', line: 8, column: 7 }],
      output: json(gha({ subject_prefix: MAIN, claims: { repository_owner: 'acme' } })),
    },
    {
      name: 'sub narrower than a prefix subject_prefix',
      code: yamlRule(`subject_prefix: "repo:acme/payments:*"\nclaims: { sub: "${MAIN}", repository_owner: acme }`),
      errors: [{ messageId: 'subNarrower', line: 5, column: 13, message: 'admits only "repo:acme/payments:ref:refs/heads/main"' }],
      output: yamlRule(`subject_prefix: "${MAIN}"\nclaims: { repository_owner: acme }`),
    },
    {
      name: 'sub contradicting subject_prefix: the rule never matches',
      code: yamlRule(`subject_prefix: ${MAIN}\nclaims:\n  sub: repo:acme/payments:environment:production`),
      errors: [{
        messageId: 'subContradicts', line: 6, column: 5, message: 'never matches any token',
        suggestions: [
          { title: `Keep subject_prefix "${MAIN}"`, output: yamlRule(`subject_prefix: ${MAIN}`) },
          { output: yamlRule('subject_prefix: repo:acme/payments:environment:production') },
        ],
      }],
    },
    {
      name: 'aud in claims on Kubernetes (a list there): use audience',
      code: k8sManifest('subject_prefix: system:serviceaccount:batch:report-builder\nclaims: { aud: https://api.anthropic.com }'),
      errors: [{
        messageId: 'audClaim', line: 10, column: 17, endColumn: 20, message: 'Use `audience`, which matches a string or any element of a list.',
        suggestions: [{ output: k8sManifest('subject_prefix: system:serviceaccount:batch:report-builder\naudience: https://api.anthropic.com') }],
      }],
    },
    {
      name: 'aud in claims next to the same audience',
      code: json(gha({ subject_prefix: MAIN, audience: 'https://api.anthropic.com', claims: { repository_owner: 'acme', aud: 'https://api.anthropic.com' } })),
      errors: [{
        messageId: 'audClaim', line: 9, column: 7, message: '`audience` already says the same; remove this one.',
        suggestions: [{ output: json(gha({ subject_prefix: MAIN, audience: 'https://api.anthropic.com', claims: { repository_owner: 'acme' } })) }],
      }],
    },
    {
      name: 'iss equal to the issuer in the manifest is removed (preferred fix)',
      code: k8sManifest('subject_prefix: system:serviceaccount:batch:report-builder\naudience: https://api.anthropic.com\nclaims:\n  iss: https://kubernetes.default.svc.cluster.local'),
      errors: [{ messageId: 'issClaim', line: 12, column: 9, message: 'its `iss` is the issuer\'s `issuer_url`, which is this value. Remove it.' }],
      output: k8sManifest('subject_prefix: system:serviceaccount:batch:report-builder\naudience: https://api.anthropic.com'),
    },
    {
      name: 'iss that differs from the issuer: never matches',
      code: k8sManifest('subject_prefix: system:serviceaccount:batch:report-builder\naudience: https://api.anthropic.com\nclaims: { iss: "https://oidc.eks.us-west-2.amazonaws.com/id/B71C4E2F9A0D3E5C6B8A1D7F2E4C9B0A" }'),
      errors: [{
        messageId: 'issClaim', line: 11, column: 17, message: '"https://kubernetes.default.svc.cluster.local", so with this value the rule never matches',
        suggestions: [{ output: k8sManifest('subject_prefix: system:serviceaccount:batch:report-builder\naudience: https://api.anthropic.com') }],
      }],
    },
    {
      name: 'a trailing star in a claim value (no condition yet)',
      code: json(gha({ subject_prefix: MAIN, claims: { repository_owner: 'acme', job_workflow_ref: 'acme/workflows/.github/workflows/deploy.yml@*' } })),
      errors: [{
        messageId: 'wildcardValue', line: 8, column: 72, endColumn: 73, message: 'use a condition such as `claims.job_workflow_ref.startsWith("acme/workflows/.github/workflows/deploy.yml@")`',
        suggestions: [{
          output: json(gha({
            subject_prefix: MAIN,
            condition: 'claims.job_workflow_ref.startsWith("acme/workflows/.github/workflows/deploy.yml@")',
            claims: { repository_owner: 'acme' },
          })),
        }],
      }],
    },
    {
      name: 'a trailing star in a claim value, next to a condition (YAML)',
      code: yamlRule('subject_prefix: repo:acme/payments:environment:production\ncondition: claims.repository_owner_id == "123456"\nclaims:\n  workflow_ref: acme/payments/.github/workflows/deploy.yml@*'),
      errors: [{
        messageId: 'wildcardValue', line: 7, column: 62,
        suggestions: [{
          output: yamlRule('subject_prefix: repo:acme/payments:environment:production\ncondition: claims.repository_owner_id == "123456" && claims.workflow_ref.startsWith("acme/payments/.github/workflows/deploy.yml@")'),
        }],
      }],
    },
    {
      name: 'a trailing star next to an `||` condition (JSON): the condition is parenthesised',
      code: json(gha({ condition: 'claims.ref == "refs/heads/main" || claims.ref == "refs/heads/release"', claims: { repository_owner: 'acme', repository: 'acme/payments*' } })),
      errors: [{
        messageId: 'wildcardValue', line: 8, column: 35,
        suggestions: [{
          output: json(gha({
            condition: '(claims.ref == "refs/heads/main" || claims.ref == "refs/heads/release") && claims.repository.startsWith("acme/payments")',
            claims: { repository_owner: 'acme' },
          })),
        }],
      }],
    },
    {
      name: 'a star in the middle of a claim value',
      code: yamlRule('subject_prefix: repo:acme/payments:ref:refs/heads/main\nclaims: { repository: "acme/*-service" }'),
      errors: [{ messageId: 'wildcardValue', line: 5, column: 31, endColumn: 32 }],
    },
  ],
});
