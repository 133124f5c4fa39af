import rule from '../../../../src/core/rules/openai/check-jti';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const ENTRA = 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0';

ruleTester.run(rule, {
  valid: [
    json({ name: 'entra-production', type: 'oidc', issuer: ENTRA, audience: 'api://openai-codex-production', max_assertion_lifetime_seconds: 86400, check_jti: true }),
    json({ name: 'spiffe-production', type: 'spiffe_jwt', issuer: 'spiffe://example.com', jwks_uri: 'https://spiffe.example.com/bundle.json', check_jti: true }),
    // API Platform providers have no such switch
    json({ type: 'oidc', name: 'github-actions-prod', issuer: 'https://token.actions.githubusercontent.com', audience: 'https://api.openai.com/v1', verification: { type: 'discovery', discovery_url: null } }),
  ],
  invalid: [
    {
      name: 'a Codex provider relying on the default (JSON)',
      code: json({ name: 'entra-production', type: 'oidc', issuer: ENTRA, audience: 'api://openai-codex-production', max_assertion_lifetime_seconds: 86400 }),
      errors: [{
        messageId: 'missing', line: 2, column: 11, severity: 'info', message: 'defaults it to false',
        suggestions: [{ output: json({ name: 'entra-production', type: 'oidc', issuer: ENTRA, audience: 'api://openai-codex-production', max_assertion_lifetime_seconds: 86400, check_jti: true }) }],
      }],
    },
    {
      name: 'replay protection turned off in a manifest (YAML)',
      code: dedent(`
        workload_identity_providers:
          - name: gke-prod
            type: oidc
            issuer: https://container.googleapis.com/v1/projects/acme-prod/locations/us-central1/clusters/inference
            audience: api://openai-codex-production
            check_jti: false
      `),
      errors: [{
        messageId: 'disabled', line: 6, column: 16,
        suggestions: [{ output: dedent(`
          workload_identity_providers:
            - name: gke-prod
              type: oidc
              issuer: https://container.googleapis.com/v1/projects/acme-prod/locations/us-central1/clusters/inference
              audience: api://openai-codex-production
              check_jti: true
        `) }],
      }],
    },
  ],
});
