import rule from '../../../../src/core/rules/anthropic/cel-static-equivalent';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const ISSUER = 'fdis_01HqR3kZ8vWn2pYt5mXc7bLd';
const SA = 'svac_01JbT6nP4sQw9eRk2vZy8hMf';
const WS = 'wrkspc_01KfD8aL3mNq7tXw5cVb9rEz';

const github = (matchLines: string) => dedent(`
  federation_issuers:
    - name: github-actions
      issuer_url: https://token.actions.githubusercontent.com
  federation_rules:
    - name: gha-deploy
      issuer_id: github-actions
      match:
${matchLines.split('\n').map((l) => `        ${l}`).join('\n')}
      target: { type: service_account, service_account_id: ${SA} }
      workspace_id: ${WS}
      oauth_scope: workspace:inference
`);

const body = (match: Record<string, unknown>) => ({
  name: 'eks-inference',
  issuer_id: ISSUER,
  match,
  target: { type: 'service_account', service_account_id: SA },
  workspace_id: WS,
  oauth_scope: 'workspace:inference',
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
    json(body({ subject_prefix: 'arn:aws:iam::123456789012:role/inference-worker', condition: 'claims["https://sts.amazonaws.com/"].aws_account == "123456789012"' })),
    github('subject_prefix: repo:acme/payments:environment:production\ncondition: claims.repository_owner == "acme" || claims.repository_owner == "acme-labs"'),
    github('subject_prefix: repo:acme/payments:environment:production\ncondition: claims.repository_owner_id == 123456'),
    github('subject_prefix: repo:acme/payments:environment:production\ncondition: claims.repository_owner != "evil-corp"'),
    json(body({ subject_prefix: 'system:serviceaccount:inference:inference-worker', audience: 'https://api.anthropic.com', condition: 'claims["kubernetes.io"].namespace == "inference"' })),
  ],
  invalid: [
    {
      name: 'Google: the condition becomes claims.sub and claims.email, never subject_prefix',
      code: dedent(`
        federation_issuers:
          - name: google
            issuer_url: https://accounts.google.com
        federation_rules:
          - name: gce-worker
            issuer_id: google
            match:
              audience: https://api.anthropic.com
              condition: 'claims.sub == "104892101234567890123" && claims.email == "worker@acme-prod.iam.gserviceaccount.com"'
            target: { type: service_account, service_account_id: ${SA} }
            workspace_id: ${WS}
            oauth_scope: workspace:inference
      `),
      errors: [{ messageId: 'staticEquivalent', line: 9, column: 19, message: '`claims: {sub: "104892101234567890123", email:' }],
      output: dedent(`
        federation_issuers:
          - name: google
            issuer_url: https://accounts.google.com
        federation_rules:
          - name: gce-worker
            issuer_id: google
            match:
              audience: https://api.anthropic.com
              claims:
                sub: "104892101234567890123"
                email: worker@acme-prod.iam.gserviceaccount.com
            target: { type: service_account, service_account_id: ${SA} }
            workspace_id: ${WS}
            oauth_scope: workspace:inference
      `),
    },
    {
      name: 'subject and owner in CEL become subject_prefix and claims (YAML, preferred fix)',
      code: github('audience: https://api.anthropic.com\ncondition: claims.sub == "repo:acme/payments:ref:refs/heads/main" && claims.repository_owner == "acme"'),
      errors: [{
        messageId: 'staticEquivalent', line: 9, column: 18, endColumn: 109,
        message: 'says exactly what `subject_prefix: "repo:acme/payments:ref:refs/heads/main"` and `claims: {repository_owner: "acme"}` say.',
      }],
      output: github('audience: https://api.anthropic.com\nsubject_prefix: repo:acme/payments:ref:refs/heads/main\nclaims:\n  repository_owner: acme'),
    },
    {
      name: 'a prefix check on sub becomes a trailing-star subject_prefix (JSON)',
      code: json(body({ audience: 'https://api.anthropic.com', condition: 'claims.sub.startsWith("system:serviceaccount:inference:inference-")' })),
      errors: [{ messageId: 'staticEquivalent', line: 6, column: 19, message: '`subject_prefix: "system:serviceaccount:inference:inference-*"`' }],
      output: json(body({ audience: 'https://api.anthropic.com', subject_prefix: 'system:serviceaccount:inference:inference-*' })),
    },
    {
      name: 'one claim equality becomes claims (JSON)',
      code: json(body({ subject_prefix: 'repo:acme/payments:ref:refs/heads/main', condition: 'claims.repository_owner == "acme"' })),
      errors: [{ messageId: 'staticEquivalent', line: 6, column: 19, endColumn: 54 }],
      output: json(body({ subject_prefix: 'repo:acme/payments:ref:refs/heads/main', claims: { repository_owner: 'acme' } })),
    },
    {
      name: 'an audience check is only nearly `audience`: a suggestion',
      code: json(body({ subject_prefix: 'system:serviceaccount:inference:inference-worker', condition: '"https://api.anthropic.com" in claims.aud' })),
      errors: [{
        messageId: 'staticEquivalent', line: 6, column: 19, message: 'says nearly what `audience: "https://api.anthropic.com"` say (`audience` also accepts a token whose `aud` is a single string',
        suggestions: [{ output: json(body({ subject_prefix: 'system:serviceaccount:inference:inference-worker', audience: 'https://api.anthropic.com' })) }],
      }],
    },
    {
      name: 'claims already present: reported, no fix',
      code: github('subject_prefix: repo:acme/payments:environment:production\nclaims: { repository_owner: acme }\ncondition: claims.ref == "refs/heads/main"'),
      errors: [{ messageId: 'staticEquivalent', line: 10, column: 18 }],
    },
  ],
});
