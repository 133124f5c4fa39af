import rule from '../../../../src/core/rules/openai/uploaded-jwks';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

// Key material is synthetic and assembled at test time: the rule only looks at member names, never at values.
const N = ['pKsX3Zfq', 'Lr8TmW2v'].join('').repeat(21);
const PRIV = ['Zm9v', 'YmFy'].join('');
const X = ['f83OJ3D2', 'xF1Bg8vu'].join('').repeat(5);
const Y = ['x_FEzRu9', 'm36HLN_t'].join('').repeat(5);
const rsa = (kid: string) => ({ kty: 'RSA', kid, use: 'sig', alg: 'RS256', n: N, e: 'AQAB' });

const api = (verification: Record<string, unknown>) =>
  json({ type: 'oidc', name: 'k8s-prod', issuer: 'https://kubernetes.default.svc.cluster.local', audience: 'https://api.openai.com/v1', verification });

const codex = (jwks: unknown) =>
  json({ name: 'eks-prod', type: 'oidc', issuer: 'https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE', jwks_local: true, jwks, check_jti: true });

ruleTester.run(rule, {
  valid: [
    api({ type: 'uploaded_jwks', jwks: { keys: [rsa('2024-06-a'), rsa('2024-12-b')] } }),
    api({ type: 'discovery', discovery_url: null }),
    codex({ keys: [{ kty: 'EC', kid: 'ec-1', crv: 'P-256', x: X, y: Y }] }),
    // a SPIFFE bundle: X.509-SVID authorities carry no `kid`
    json({
      name: 'spiffe-production', type: 'spiffe_jwt', issuer: 'spiffe://example.com', jwks_local: true, check_jti: true,
      jwks: { keys: [{ kty: 'EC', use: 'x509-svid', crv: 'P-256', x: X, y: Y, x5c: ['MIIB'] }, { kty: 'EC', use: 'jwt-svid', kid: 'spire-1', crv: 'P-256', x: X, y: Y }] },
    }),
  ],
  invalid: [
    {
      name: 'uploaded_jwks without a jwks',
      code: api({ type: 'uploaded_jwks' }),
      errors: [{ messageId: 'missing', line: 7, column: 13, message: '`verification.jwks`' }],
    },
    {
      name: 'the bare key list pasted as jwks (preferred fix wraps it)',
      code: codex([rsa('2024-06-a')]),
      errors: [{ messageId: 'notObject', line: 6, column: 11 }],
      output: codex([rsa('2024-06-a')]).replace('"jwks": [', '"jwks": {"keys": [').replace('\n  ],\n  "check_jti"', '\n  ]},\n  "check_jti"'),
    },
    {
      name: 'an empty key list',
      code: api({ type: 'uploaded_jwks', jwks: { keys: [] } }),
      errors: [{ messageId: 'emptyKeys', line: 9, column: 15 }],
    },
    {
      name: 'no keys array',
      code: codex({ kty: 'RSA', kid: '2024-06-a', n: N, e: 'AQAB' }),
      errors: [{ messageId: 'noKeys', line: 7, column: 5 }],
    },
    {
      name: 'a private RSA key pasted in (YAML): every private member, never its value',
      code: dedent(`
        name: k8s-prod
        issuer: https://kubernetes.default.svc.cluster.local
        audience: https://api.openai.com/v1
        verification:
          type: uploaded_jwks
          jwks:
            keys:
              - kty: RSA
                kid: 2024-06-a
                n: ${N}
                e: AQAB
                d: ${PRIV}
                p: ${PRIV}
      `),
      errors: [
        {
          messageId: 'privateMember', line: 12, column: 9, message: '`d`',
          suggestions: [{ output: dedent(`
            name: k8s-prod
            issuer: https://kubernetes.default.svc.cluster.local
            audience: https://api.openai.com/v1
            verification:
              type: uploaded_jwks
              jwks:
                keys:
                  - kty: RSA
                    kid: 2024-06-a
                    n: ${N}
                    e: AQAB
                    p: ${PRIV}
          `) }],
        },
        {
          messageId: 'privateMember', line: 13, column: 9, message: '`p`',
          suggestions: [{ output: dedent(`
            name: k8s-prod
            issuer: https://kubernetes.default.svc.cluster.local
            audience: https://api.openai.com/v1
            verification:
              type: uploaded_jwks
              jwks:
                keys:
                  - kty: RSA
                    kid: 2024-06-a
                    n: ${N}
                    e: AQAB
                    d: ${PRIV}
          `) }],
        },
      ],
    },
    {
      name: 'a symmetric key with an HMAC algorithm',
      code: codex({ keys: [{ kty: 'oct', kid: 'hmac-1', alg: 'HS256', k: PRIV }] }),
      errors: [
        { messageId: 'symmetric', line: 9, column: 16 },
        { messageId: 'symmetricAlg', line: 11, column: 16, message: 'HS256' },
        {
          messageId: 'privateMember', line: 12, column: 9, message: '`k`',
          suggestions: [{ output: codex({ keys: [{ kty: 'oct', kid: 'hmac-1', alg: 'HS256' }] }) }],
        },
      ],
    },
    {
      name: 'missing and duplicate kids (API: errors)',
      code: api({ type: 'uploaded_jwks', jwks: { keys: [{ kty: 'RSA', n: N, e: 'AQAB' }, rsa('2024-06-a'), rsa('2024-06-a')] } }),
      errors: [
        { messageId: 'missingKid', line: 11, column: 11, severity: 'error' },
        { messageId: 'duplicateKid', line: 25, column: 18, severity: 'error', message: '`2024-06-a`' },
      ],
    },
    {
      name: 'Codex: a duplicate kid is a warning, more than 100 keys an error',
      code: codex({ keys: Array.from({ length: 101 }, (_, i) => rsa(i === 100 ? 'k0' : `k${i}`)) }),
      errors: [
        { messageId: 'tooManyKeys', line: 7, column: 5, message: '101 keys' },
        { messageId: 'duplicateKid', line: 810, column: 16, severity: 'warning' },
      ],
    },
  ],
});
