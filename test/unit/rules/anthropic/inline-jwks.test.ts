import rule from '../../../../src/core/rules/anthropic/inline-jwks';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const K8S = 'https://kubernetes.default.svc.cluster.local';
const RSA = { kty: 'RSA', kid: 'k1', alg: 'RS256', use: 'sig', n: '<modulus>', e: 'AQAB' };
const inline = (keys: unknown, name = 'onprem-k8s') => json({ name, issuer_url: K8S, jwks: { type: 'inline', keys } });

ruleTester.run(rule, {
  valid: [
    inline([RSA]),
    {
      name: 'SPIFFE trust bundle with two EC keys (YAML)',
      code: dedent(`
        name: spire-prod
        issuer_url: https://oidc-discovery.prod.example.com
        jwks:
          type: inline
          keys:
            - { kty: EC, crv: P-256, kid: spire-2026-08, use: sig, x: "<x1>", y: "<y1>" }
            - { kty: EC, crv: P-256, kid: spire-2026-09, use: sig, x: "<x2>", y: "<y2>" }
      `),
    },
    json({ name: 'github-actions', issuer_url: 'https://token.actions.githubusercontent.com', jwks: { type: 'discovery' } }),
    json({ name: 'corp-idp', issuer_url: 'https://idp.corp.internal', jwks: { type: 'explicit_url', url: 'https://keys.corp.example.com/jwks.json' } }),
  ],
  invalid: [
    {
      name: 'the whole JWKS document pasted as keys (JSON)',
      code: inline({ keys: [RSA] }),
      errors: [{ messageId: 'wrapper', line: 6, column: 13 }],
      output: inline([RSA]),
    },
    {
      name: 'the JWKS document pasted as the only item (YAML, block)',
      code: dedent(`
        name: onprem-k8s
        issuer_url: ${K8S}
        jwks:
          type: inline
          keys:
            - keys:
                - kty: RSA
                  kid: k1
                  alg: RS256
                  n: "<modulus>"
                  e: AQAB
      `),
      errors: [{ messageId: 'wrapper', line: 6, column: 5 }],
      output: dedent(`
        name: onprem-k8s
        issuer_url: ${K8S}
        jwks:
          type: inline
          keys:
            - kty: RSA
              kid: k1
              alg: RS256
              n: "<modulus>"
              e: AQAB
      `),
    },
    {
      name: 'the JWKS document pasted under keys (YAML, block map)',
      code: dedent(`
        name: onprem-k8s
        issuer_url: ${K8S}
        jwks:
          type: inline
          keys:
            keys:
              - kty: RSA
                kid: k1
                n: "<modulus>"
                e: AQAB
        max_jwt_lifetime_seconds: 3600
      `),
      errors: [{ messageId: 'wrapper', line: 6, column: 5 }],
      output: dedent(`
        name: onprem-k8s
        issuer_url: ${K8S}
        jwks:
          type: inline
          keys:
            - kty: RSA
              kid: k1
              n: "<modulus>"
              e: AQAB
        max_jwt_lifetime_seconds: 3600
      `),
    },
    {
      name: 'a shared-secret key: symmetric and published',
      code: inline([{ kty: 'oct', kid: 'ci-hmac', alg: 'HS256', k: '<secret>' }]),
      errors: [
        { messageId: 'symmetric', line: 8, column: 16, endColumn: 21 },
        { messageId: 'privateKey', line: 11, column: 9, endColumn: 12, message: 'this publishes a private key' },
      ],
    },
    {
      name: 'an RSA private JWK: one finding, the other members related, no value echoed',
      code: inline([{ ...RSA, d: '<d>', p: '<p>', q: '<q>', dp: '<dp>', dq: '<dq>', qi: '<qi>' }]),
      errors: [{
        messageId: 'privateKey', line: 14, column: 9, endColumn: 12,
        message: /^This key includes private key material \(`d`, `p`, `q`, `dp`, `dq`, `qi`\)[^<]*$/,
        suggestions: [{ title: 'Remove the private members (keep the public key)', output: inline([RSA]) }],
      }],
    },
    {
      name: 'HS256 and none on asymmetric keys',
      code: inline([{ ...RSA, alg: 'HS256' }, { ...RSA, kid: 'k2', alg: 'none' }]),
      errors: [
        { messageId: 'badAlg', line: 10, column: 16, message: 'HS* is a shared-secret MAC' },
        { messageId: 'badAlg', line: 18, column: 16, message: '`none` means unsigned tokens' },
      ],
    },
    {
      name: 'a key without kid, a duplicate kid and an encryption key (YAML)',
      code: dedent(`
        name: onprem-k8s
        issuer_url: ${K8S}
        jwks:
          type: inline
          keys:
            - kty: RSA
              alg: RS256
              n: "<modulus-1>"
              e: AQAB
            - { kty: RSA, kid: 2026-09, alg: RS256, n: "<modulus-2>", e: AQAB }
            - { kty: RSA, kid: 2026-09, alg: RS256, n: "<modulus-3>", e: AQAB }
            - { kty: RSA, kid: enc-1, use: enc, n: "<modulus-4>", e: AQAB }
      `),
      errors: [
        {
          messageId: 'missingKid', line: 6, column: 7, endColumn: 10,
          suggestions: [{
            output: dedent(`
              name: onprem-k8s
              issuer_url: ${K8S}
              jwks:
                type: inline
                keys:
                  - kty: RSA
                    alg: RS256
                    n: "<modulus-1>"
                    e: AQAB
                    kid: "<kid the issuer puts in its token headers>"
                  - { kty: RSA, kid: 2026-09, alg: RS256, n: "<modulus-2>", e: AQAB }
                  - { kty: RSA, kid: 2026-09, alg: RS256, n: "<modulus-3>", e: AQAB }
                  - { kty: RSA, kid: enc-1, use: enc, n: "<modulus-4>", e: AQAB }
            `),
          }],
        },
        { messageId: 'duplicateKid', line: 11, column: 24, endColumn: 31, message: 'already has `kid` "2026-09"' },
        { messageId: 'encKey', line: 12, column: 36, endColumn: 39, severity: 'warning' },
      ],
    },
    {
      name: 'inline without keys, with empty keys, with a string of keys',
      code: dedent(`
        federation_issuers:
          - name: cluster-a
            issuer_url: https://kubernetes.default.svc
            jwks: { type: inline }
          - name: cluster-b
            issuer_url: https://kubernetes.default.svc
            jwks: { type: inline, keys: [] }
          - name: cluster-c
            issuer_url: https://kubernetes.default.svc
            jwks: { type: inline, keys: "<paste here>" }
          - name: cluster-d
            issuer_url: https://kubernetes.default.svc
            jwks: { type: inline, keys: [RS256] }
      `),
      errors: [
        { messageId: 'missingKeys', line: 4, column: 5, endColumn: 9 },
        { messageId: 'emptyKeys', line: 7, column: 33 },
        { messageId: 'keysNotList', line: 10, column: 33, message: 'not a string' },
        { messageId: 'keyNotObject', line: 13, column: 34, message: 'not a string' },
      ],
    },
    {
      name: 'explicit_url without a url',
      code: json({ name: 'corp-idp', issuer_url: 'https://idp.corp.internal', jwks: { type: 'explicit_url', ca_cert_pem: '-----BEGIN CERTIFICATE-----\n...' } }),
      errors: [{
        messageId: 'missingUrl', line: 4, column: 3,
        suggestions: [{
          output: json({
            name: 'corp-idp', issuer_url: 'https://idp.corp.internal',
            jwks: { type: 'explicit_url', ca_cert_pem: '-----BEGIN CERTIFICATE-----\n...', url: 'https://<issuer host>/<path>/jwks.json' },
          }),
        }],
      }],
    },
  ],
});
