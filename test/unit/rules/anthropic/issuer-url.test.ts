import rule from '../../../../src/core/rules/anthropic/issuer-url';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const EKS = 'https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const JWK = { kty: 'RSA', kid: 'k1', alg: 'RS256', use: 'sig', n: '<modulus>', e: 'AQAB' };

const issuer = (name: string, url: string, extra: Record<string, unknown> = {}) => json({ name, issuer_url: url, ...extra });

ruleTester.run(rule, {
  valid: [
    issuer('github-actions', 'https://token.actions.githubusercontent.com', { jwks: { type: 'discovery' }, max_jwt_lifetime_seconds: 600 }),
    issuer('onprem-k8s', 'https://kubernetes.default.svc.cluster.local', { jwks: { type: 'inline', keys: [JWK] } }),
    issuer('corp-idp', 'https://idp.corp.internal', { jwks: { type: 'explicit_url', url: 'https://keys.corp.example.com/jwks.json' } }),
    { name: 'AWS STS outbound', code: issuer('aws-outbound', 'https://6f1c2a9e-3b4d-4e8f-9a1b-2c3d4e5f6a7b.tokens.sts.global.api.aws') },
    { name: 'EKS', code: issuer('eks-prod', EKS) },
    { name: 'Google', code: issuer('gcp', 'https://accounts.google.com') },
    { name: 'GHEC enterprise issuer', code: issuer('github-enterprise', 'https://token.actions.githubusercontent.com/acme-enterprise') },
    { name: 'Entra ID v2.0', code: issuer('entra-prod', `https://login.microsoftonline.com/${TENANT}/v2.0`, { max_jwt_lifetime_seconds: 86400 }) },
    { name: 'Entra ID v1.0 keeps its trailing slash', code: issuer('entra-v1', `https://sts.windows.net/${TENANT}/`, { max_jwt_lifetime_seconds: 86400 }) },
    { name: 'a custom issuer whose iss ends with a slash (Auth0)', code: issuer('auth0-ci', 'https://acme.us.auth0.com/') },
    { name: 'an explicit port 443', code: issuer('spire-prod', 'https://oidc-discovery.prod.example.com:443') },
    {
      name: 'an internal issuer whose discovery is served from a public base (YAML)',
      code: dedent(`
        name: keycloak-ci
        issuer_url: https://keycloak.corp.internal:8443/realms/ci
        jwks:
          type: discovery
          discovery_base: https://sso.example.com/realms/ci
      `),
    },
  ],
  invalid: [
    {
      name: 'GitHub Actions with a trailing slash (JSON)',
      code: issuer('github-actions', 'https://token.actions.githubusercontent.com/'),
      errors: [{ messageId: 'trailingSlash', line: 3, column: 61, endColumn: 62, message: 'GitHub Actions tokens carry `iss` without it' }],
      output: issuer('github-actions', 'https://token.actions.githubusercontent.com'),
    },
    {
      name: 'EKS and Entra v2.0 with trailing slashes, Entra v1.0 without (YAML manifest)',
      code: dedent(`
        federation_issuers:
          - name: eks-prod
            issuer_url: ${EKS}/
          - name: entra-v2
            issuer_url: "https://login.microsoftonline.com/${TENANT}/v2.0/"
            max_jwt_lifetime_seconds: 86400
          - name: entra-v1
            issuer_url: https://sts.windows.net/${TENANT}
            max_jwt_lifetime_seconds: 86400
      `),
      errors: [
        { messageId: 'trailingSlash', line: 3, column: 93, endColumn: 94, message: 'Amazon EKS tokens' },
        { messageId: 'trailingSlash', line: 5, column: 93 },
        { messageId: 'missingSlash', line: 8, column: 17, endColumn: 77 },
      ],
      output: dedent(`
        federation_issuers:
          - name: eks-prod
            issuer_url: ${EKS}
          - name: entra-v2
            issuer_url: "https://login.microsoftonline.com/${TENANT}/v2.0"
            max_jwt_lifetime_seconds: 86400
          - name: entra-v1
            issuer_url: https://sts.windows.net/${TENANT}/
            max_jwt_lifetime_seconds: 86400
      `),
    },
    {
      name: 'plain http in discovery mode is rejected',
      code: issuer('spire-prod', 'http://oidc-discovery.prod.example.com'),
      errors: [{
        messageId: 'notHttps', line: 3, column: 18, endColumn: 22, severity: 'error',
        suggestions: [{ title: 'Use https', output: issuer('spire-prod', 'https://oidc-discovery.prod.example.com') }],
      }],
    },
    {
      name: 'plain http with inline keys is only compared: a warning',
      code: issuer('onprem-k8s', 'http://kubernetes.default.svc', { jwks: { type: 'inline', keys: [JWK] } }),
      errors: [{
        messageId: 'notHttpsCompared', line: 3, column: 18, severity: 'warning',
        suggestions: [{ output: issuer('onprem-k8s', 'https://kubernetes.default.svc', { jwks: { type: 'inline', keys: [JWK] } }) }],
      }],
    },
    {
      name: 'an in-cluster issuer in discovery mode: Anthropic cannot reach it (YAML)',
      code: dedent(`
        name: onprem-k8s
        issuer_url: https://kubernetes.default.svc.cluster.local
      `),
      errors: [{
        messageId: 'unreachable', line: 2, column: 21, endColumn: 57, message: '`.svc.cluster.local` does not resolve on the public internet',
        suggestions: [
          {
            title: 'Fetch discovery from a public discovery_base',
            output: dedent(`
              name: onprem-k8s
              issuer_url: https://kubernetes.default.svc.cluster.local
              jwks:
                type: discovery
                discovery_base: "https://<public host serving /.well-known/openid-configuration>"
            `),
          },
          {
            title: 'Fetch the keys from a public JWKS URL (explicit_url)',
            output: dedent(`
              name: onprem-k8s
              issuer_url: https://kubernetes.default.svc.cluster.local
              jwks:
                type: explicit_url
                url: "https://<public host>/<path>/jwks.json"
            `),
          },
        ],
      }],
    },
    {
      name: 'an IP literal and a non-443 port in discovery mode (JSON list)',
      code: json({
        data: [
          { name: 'keycloak-ci', issuer_url: 'https://10.0.12.7/realms/ci', jwks: { type: 'discovery' } },
          { name: 'dex', issuer_url: 'https://dex.example.com:5556/dex' },
        ],
      }),
      errors: [
        {
          messageId: 'unreachable', line: 5, column: 30, endColumn: 39, message: 'an IP address',
          suggestions: [
            {
              output: json({
                data: [
                  { name: 'keycloak-ci', issuer_url: 'https://10.0.12.7/realms/ci', jwks: { type: 'discovery', discovery_base: 'https://<public host serving /.well-known/openid-configuration>' } },
                  { name: 'dex', issuer_url: 'https://dex.example.com:5556/dex' },
                ],
              }),
            },
            {
              output: json({
                data: [
                  { name: 'keycloak-ci', issuer_url: 'https://10.0.12.7/realms/ci', jwks: { type: 'explicit_url', url: 'https://<public host>/<path>/jwks.json' } },
                  { name: 'dex', issuer_url: 'https://dex.example.com:5556/dex' },
                ],
              }),
            },
          ],
        },
        {
          messageId: 'badPort', line: 12, column: 45, endColumn: 50, message: 'uses port 5556',
          suggestions: [
            {
              output: json({
                data: [
                  { name: 'keycloak-ci', issuer_url: 'https://10.0.12.7/realms/ci', jwks: { type: 'discovery' } },
                  { name: 'dex', issuer_url: 'https://dex.example.com:5556/dex', jwks: { type: 'discovery', discovery_base: 'https://<public host serving /.well-known/openid-configuration>' } },
                ],
              }),
            },
            {
              output: json({
                data: [
                  { name: 'keycloak-ci', issuer_url: 'https://10.0.12.7/realms/ci', jwks: { type: 'discovery' } },
                  { name: 'dex', issuer_url: 'https://dex.example.com:5556/dex', jwks: { type: 'explicit_url', url: 'https://<public host>/<path>/jwks.json' } },
                ],
              }),
            },
          ],
        },
      ],
    },
    {
      name: 'JWKS URLs that Anthropic dials must be public https',
      code: dedent(`
        federation_issuers:
          - name: corp-idp
            issuer_url: https://idp.corp.internal
            jwks: { type: explicit_url, url: "http://keys.corp.example.com/jwks.json" }
          - name: keycloak-ci
            issuer_url: https://keycloak.corp.internal/realms/ci
            jwks: { type: discovery, discovery_base: "https://localhost:8443/realms/ci" }
      `),
      errors: [
        {
          messageId: 'notHttps', line: 4, column: 39, endColumn: 43, message: 'Anthropic fetches the JWKS over https only',
          suggestions: [{
            output: dedent(`
              federation_issuers:
                - name: corp-idp
                  issuer_url: https://idp.corp.internal
                  jwks: { type: explicit_url, url: "https://keys.corp.example.com/jwks.json" }
                - name: keycloak-ci
                  issuer_url: https://keycloak.corp.internal/realms/ci
                  jwks: { type: discovery, discovery_base: "https://localhost:8443/realms/ci" }
            `),
          }],
        },
        { messageId: 'unreachable', line: 7, column: 55, endColumn: 64, message: '`jwks.discovery_base` points at localhost' },
        { messageId: 'badPort', line: 7, column: 64, endColumn: 69, message: '`jwks.discovery_base` uses port 8443' },
      ],
    },
    {
      name: 'a host without a scheme',
      code: issuer('github-actions', 'token.actions.githubusercontent.com'),
      errors: [{
        messageId: 'notUrl', line: 3, column: 17,
        suggestions: [{ title: 'Use https://token.actions.githubusercontent.com', output: issuer('github-actions', 'https://token.actions.githubusercontent.com') }],
      }],
    },
  ],
});
