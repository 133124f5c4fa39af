import rule from '../../../../src/core/rules/anthropic/google-subject';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const ISSUER = 'fdis_01HqR3kZ8vWn2pYt5mXc7bLd';
const SA = 'svac_01JbT6nP4sQw9eRk2vZy8hMf';
const WS = 'wrkspc_01KfD8aL3mNq7tXw5cVb9rEz';
const ID = '104892101234567890123';
const EMAIL = 'inference-worker@acme-prod.iam.gserviceaccount.com';

const googleManifest = (matchLines: string) => dedent(`
  federation_issuers:
    - name: google
      issuer_url: https://accounts.google.com
      jwks: { type: discovery }
  federation_rules:
    - name: gce-inference
      issuer_id: google
      match:
${matchLines.split('\n').map((l) => `        ${l}`).join('\n')}
      target: { type: service_account, service_account_id: ${SA} }
      workspace_id: ${WS}
      oauth_scope: workspace:inference
      token_lifetime_seconds: 600
`);

const googleJson = (match: Record<string, unknown>) => ({
  federation_issuers: [{ name: 'google', issuer_url: 'https://accounts.google.com' }],
  federation_rules: [{ name: 'cloud-run-batch', issuer_id: 'google', match, target: { type: 'service_account', service_account_id: SA }, workspace_id: WS, oauth_scope: 'workspace:inference' }],
});

ruleTester.run(rule, {
  valid: [
    googleManifest(`audience: https://api.anthropic.com\nclaims:\n  sub: "${ID}"\n  email: ${EMAIL}`),
    json(googleJson({ audience: 'https://api.anthropic.com', condition: `claims.sub == "${ID}" && claims.email == "${EMAIL}" && claims.email_verified == true` })),
    json({
      name: 'gha-deploy-main',
      issuer_id: ISSUER,
      match: { subject_prefix: 'repo:acme/payments:ref:refs/heads/main', audience: 'https://api.anthropic.com', claims: { repository_owner: 'acme' } },
      target: { type: 'service_account', service_account_id: SA },
      workspace_id: WS,
      oauth_scope: 'workspace:inference',
      token_lifetime_seconds: 600,
    }),
    {
      name: 'a condition that does not parse is cel-condition\'s finding',
      code: googleManifest(`claims: { sub: "${ID}" }\ncondition: claims.email == `),
    },
  ],
  invalid: [
    {
      name: 'an exact numeric id in subject_prefix moves to claims.sub (preferred fix)',
      code: googleManifest(`subject_prefix: "${ID}"\naudience: https://api.anthropic.com\nclaims:\n  email: ${EMAIL}`),
      errors: [{ messageId: 'subjectPrefix', line: 9, column: 23, endColumn: 46, severity: 'warning', message: 'match the id in `claims.sub`, together with `claims.email`' }],
      output: googleManifest(`audience: https://api.anthropic.com\nclaims:\n  email: ${EMAIL}\n  sub: "${ID}"`),
    },
    {
      name: 'issuer inferred from a numeric subject, and no email',
      code: dedent(`
        name: gce-inference
        issuer_id: ${ISSUER}
        match:
          subject_prefix: "${ID}"
          audience: https://api.anthropic.com
        target: { type: service_account, service_account_id: ${SA} }
        workspace_id: ${WS}
        oauth_scope: workspace:inference
      `),
      errors: [
        {
          messageId: 'noEmail', line: 3, column: 1, endColumn: 6, severity: 'info',
          message: 'does not check `email` (issuer not in this file; inferred from the subject\'s shape)',
          suggestions: [{ output: dedent(`
            name: gce-inference
            issuer_id: ${ISSUER}
            match:
              subject_prefix: "${ID}"
              audience: https://api.anthropic.com
              claims:
                email: "<service-account>@<project>.iam.gserviceaccount.com"
            target: { type: service_account, service_account_id: ${SA} }
            workspace_id: ${WS}
            oauth_scope: workspace:inference
          `) }],
        },
        { messageId: 'subjectPrefix', line: 4, column: 19, severity: 'warning' },
      ],
      output: dedent(`
        name: gce-inference
        issuer_id: ${ISSUER}
        match:
          claims:
            sub: "${ID}"
          audience: https://api.anthropic.com
        target: { type: service_account, service_account_id: ${SA} }
        workspace_id: ${WS}
        oauth_scope: workspace:inference
      `),
    },
    {
      name: 'a wildcard on the numeric id is an error (JSON manifest)',
      code: json(googleJson({ subject_prefix: '1048921012*', audience: 'https://api.anthropic.com', claims: { email: EMAIL } })),
      errors: [{
        messageId: 'wildcard', line: 13, column: 38, endColumn: 39, severity: 'error',
        message: 'admits every service account, in any Google Cloud project, whose id starts with these digits (e.g. `10489210127777777777',
        suggestions: [{ output: json(googleJson({ audience: 'https://api.anthropic.com', claims: { email: EMAIL, sub: '<numeric-id>' } })) }],
      }],
    },
    {
      name: 'claims.sub without the email',
      code: googleManifest(`audience: https://api.anthropic.com\nclaims: { sub: "${ID}" }`),
      errors: [{
        messageId: 'noEmail', line: 8, column: 5, severity: 'info',
        suggestions: [{ output: googleManifest(`audience: https://api.anthropic.com\nclaims: { sub: "${ID}", email: "<service-account>@<project>.iam.gserviceaccount.com" }`) }],
      }],
    },
  ],
});
