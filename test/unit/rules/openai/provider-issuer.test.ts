import rule from '../../../../src/core/rules/openai/provider-issuer';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const api = (issuer: string, verification: Record<string, unknown>) =>
  json({ type: 'oidc', name: 'gke-prod', issuer, audience: 'https://api.openai.com/v1', verification });

/** A public key; synthetic modulus assembled at test time. */
const N = ['pKsX3Zfq', 'Lr8TmW2v'].join('').repeat(21);
const JWKS = { keys: [{ kty: 'RSA', kid: '2024-06-a', use: 'sig', alg: 'RS256', n: N, e: 'AQAB' }] };

ruleTester.run(rule, {
  valid: [
    api('https://container.googleapis.com/v1/projects/acme-prod/locations/us-central1/clusters/inference', { type: 'discovery', discovery_url: null }),
    // OpenAI ignores a trailing slash on the issuer
    api('https://token.actions.githubusercontent.com/', { type: 'discovery', discovery_url: null }),
    api('https://kubernetes.default.svc.cluster.local', { type: 'discovery', discovery_url: 'https://storage.googleapis.com/acme-oidc/.well-known/openid-configuration' }),
    api('https://kubernetes.default.svc.cluster.local', { type: 'uploaded_jwks', jwks: JWKS }),
    json({ name: 'spiffe-production', type: 'spiffe_jwt', issuer: 'spiffe://example.com', jwks_uri: 'https://spiffe.example.com/bundle.json', check_jti: true }),
    json({ name: 'eks-prod', type: 'oidc', issuer: 'https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE', jwks_local: true, jwks: JWKS, check_jti: true }),
  ],
  invalid: [
    {
      name: 'an http issuer',
      code: api('http://keycloak.acme.example/realms/ci', { type: 'discovery', discovery_url: null }),
      errors: [{
        messageId: 'issuerNotHttps', line: 4, column: 13,
        suggestions: [{ output: api('https://keycloak.acme.example/realms/ci', { type: 'discovery', discovery_url: null }) }],
      }],
    },
    {
      name: 'an issuer without a scheme (YAML)',
      code: dedent(`
        name: github-actions-prod
        issuer: token.actions.githubusercontent.com
        audience: https://api.openai.com/v1
        verification: { type: discovery, discovery_url: null }
      `),
      errors: [{
        messageId: 'issuerNotHttps', line: 2, column: 9,
        suggestions: [{ output: dedent(`
          name: github-actions-prod
          issuer: https://token.actions.githubusercontent.com
          audience: https://api.openai.com/v1
          verification: { type: discovery, discovery_url: null }
        `) }],
      }],
    },
    {
      name: 'a discovery URL with a port and a query (YAML)',
      code: dedent(`
        name: gke-prod
        issuer: https://container.googleapis.com/v1/projects/acme-prod/locations/us-central1/clusters/inference
        audience: https://api.openai.com/v1
        verification:
          type: discovery
          discovery_url: https://oidc.acme.example:8443/.well-known/openid-configuration?tenant=prod
      `),
      errors: [
        { messageId: 'port', line: 6, column: 18, message: '`:8443`' },
        { messageId: 'query', line: 6, column: 18 },
      ],
    },
    {
      name: 'a Codex jwks_uri over http on an internal host, with credentials and a fragment',
      code: json({ name: 'spire-prod', type: 'spiffe_jwt', issuer: 'spiffe://prod.acme.internal', jwks_uri: 'http://bundle:s3cr3t@spire-server.spire.svc/keys#current', check_jti: true }),
      errors: [
        { messageId: 'notHttps', line: 5, column: 15 },
        { messageId: 'credentials', line: 5, column: 15 },
        { messageId: 'fragment', line: 5, column: 15 },
        { messageId: 'notPublic', line: 5, column: 15, message: '`spire-server.spire.svc`' },
      ],
    },
    {
      name: 'custom discovery and an uploaded JWKS together (API)',
      code: api('https://kubernetes.default.svc.cluster.local', { type: 'uploaded_jwks', discovery_url: 'https://storage.googleapis.com/acme-oidc', jwks: JWKS }),
      errors: [{
        messageId: 'exclusive', line: 9, column: 5,
        suggestions: [
          { title: 'Keep the uploaded JWKS (remove discovery_url)', output: api('https://kubernetes.default.svc.cluster.local', { type: 'uploaded_jwks', jwks: JWKS }) },
          { title: 'Keep discovery_url (remove the uploaded JWKS)', output: api('https://kubernetes.default.svc.cluster.local', { type: 'uploaded_jwks', discovery_url: 'https://storage.googleapis.com/acme-oidc' }) },
        ],
      }],
    },
    {
      name: 'Codex custom_url with jwks_local (YAML)',
      code: dedent(`
        name: eks-prod
        type: oidc
        issuer: https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE
        custom_url: https://oidc.acme.example
        jwks_local: true
        check_jti: true
      `),
      errors: [{
        messageId: 'exclusive', line: 5, column: 1,
        suggestions: [
          { output: dedent(`
            name: eks-prod
            type: oidc
            issuer: https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE
            jwks_local: true
            check_jti: true
          `) },
          { output: dedent(`
            name: eks-prod
            type: oidc
            issuer: https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE
            custom_url: https://oidc.acme.example
            check_jti: true
          `) },
        ],
      }],
    },
    {
      name: 'Codex jwks_uri next to an uploaded JWKS (warning: alternative modes)',
      code: json({ name: 'spiffe-production', type: 'spiffe_jwt', issuer: 'spiffe://example.com', jwks_uri: 'https://spiffe.example.com/bundle.json', jwks_local: true, jwks: JWKS, check_jti: true }),
      errors: [{
        messageId: 'alternatives', line: 7, column: 3, severity: 'warning',
        suggestions: [
          { output: json({ name: 'spiffe-production', type: 'spiffe_jwt', issuer: 'spiffe://example.com', jwks_local: true, jwks: JWKS, check_jti: true }) },
          { output: json({ name: 'spiffe-production', type: 'spiffe_jwt', issuer: 'spiffe://example.com', jwks_uri: 'https://spiffe.example.com/bundle.json', jwks_local: true, check_jti: true }) },
        ],
      }],
    },
  ],
});
