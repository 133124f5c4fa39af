import rule from '../../../../src/core/rules/anthropic/entra-issuer';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const MI_OID = '3c9f4b2e-8a71-4d5e-b0c6-1f2a3b4c5d6e';
const MI_CLIENT = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const SA = 'svac_01JbT6nP4sQw9eRk2vZy8hMf';
const WS = 'wrkspc_01KfD8aL3mNq7tXw5cVb9rEz';

const v1Manifest = (claims: string, condition?: string) => dedent(`
  federation_issuers:
    - name: entra-v1
      issuer_url: https://sts.windows.net/${TENANT}/
      max_jwt_lifetime_seconds: 86400
  federation_rules:
    - name: vm-inference
      issuer_id: entra-v1
      match:
        audience: api://anthropic-prod
        claims: { ${claims} }${condition ? `\n        condition: ${condition}` : ''}
      target: { type: service_account, service_account_id: ${SA} }
      workspace_id: ${WS}
      oauth_scope: workspace:inference
`);

ruleTester.run(rule, {
  valid: [
    json({ name: 'entra-prod', issuer_url: `https://login.microsoftonline.com/${TENANT}/v2.0`, max_jwt_lifetime_seconds: 86400 }),
    { name: 'v1.0 rule matching appid, oid and tid', code: v1Manifest(`oid: ${MI_OID}, tid: ${TENANT}, appid: ${MI_CLIENT}`) },
    {
      name: 'v2.0 tokens do carry azp',
      code: dedent(`
        federation_issuers:
          - name: entra-v2
            issuer_url: https://login.microsoftonline.com/${TENANT}/v2.0
            max_jwt_lifetime_seconds: 86400
        federation_rules:
          - name: vm-inference
            issuer_id: entra-v2
            match:
              claims: { oid: ${MI_OID}, tid: ${TENANT}, azp: ${MI_CLIENT} }
            target: { type: service_account, service_account_id: ${SA} }
            workspace_id: ${WS}
            oauth_scope: workspace:inference
      `),
    },
    { name: 'other issuers keep the default JWT lifetime', code: json({ name: 'gcp', issuer_url: 'https://accounts.google.com' }) },
  ],
  invalid: [
    {
      name: 'Entra v2.0 issuer on the default 1-hour JWT lifetime (JSON)',
      code: json({ name: 'entra-prod', issuer_url: `https://login.microsoftonline.com/${TENANT}/v2.0` }),
      errors: [{
        messageId: 'shortLifetime', line: 2, column: 11, endColumn: 23, severity: 'warning',
        message: 'Issuer "entra-prod" accepts JWTs living at most 3600 s (the default, as `max_jwt_lifetime_seconds` is not set)',
        suggestions: [{
          output: json({ name: 'entra-prod', issuer_url: `https://login.microsoftonline.com/${TENANT}/v2.0`, max_jwt_lifetime_seconds: 86400 }),
        }],
      }],
    },
    {
      name: 'the Console wizard\'s 7500 s on an Entra v1.0 issuer (YAML)',
      code: dedent(`
        name: entra-v1
        issuer_url: https://sts.windows.net/${TENANT}/
        max_jwt_lifetime_seconds: 7500
      `),
      errors: [{
        messageId: 'shortLifetime', line: 3, column: 27, endColumn: 31, message: 'at most 7500 s,',
        suggestions: [{
          output: dedent(`
            name: entra-v1
            issuer_url: https://sts.windows.net/${TENANT}/
            max_jwt_lifetime_seconds: 86400
          `),
        }],
      }],
    },
    {
      name: 'azp on a v1.0 issuer: claims are renamed, the condition gets a suggestion',
      code: v1Manifest(`oid: ${MI_OID}, azp: ${MI_CLIENT}`, `claims.tid == "${TENANT}" && claims.azp != ""`),
      errors: [
        { messageId: 'azpOnV1', line: 10, column: 60, endColumn: 63, message: 'Rule "vm-inference" matches `azp`' },
        {
          messageId: 'azpOnV1', line: 11, column: 74, endColumn: 84,
          suggestions: [{
            title: 'Compare claims.appid instead',
            output: v1Manifest(`oid: ${MI_OID}, azp: ${MI_CLIENT}`, `claims.tid == "${TENANT}" && claims.appid != ""`),
          }],
        },
      ],
      output: v1Manifest(`oid: ${MI_OID}, appid: ${MI_CLIENT}`, `claims.tid == "${TENANT}" && claims.azp != ""`),
    },
    {
      name: 'azp next to appid: no rename (it would duplicate the key)',
      code: v1Manifest(`appid: ${MI_CLIENT}, azp: ${MI_CLIENT}`),
      errors: [{ messageId: 'azpOnV1', line: 10, column: 62 }],
    },
    {
      name: 'index syntax in the condition',
      code: v1Manifest(`oid: ${MI_OID}`, `claims["azp"] == "${MI_CLIENT}"`),
      errors: [{
        messageId: 'azpOnV1', line: 11, column: 18, endColumn: 31,
        suggestions: [{ output: v1Manifest(`oid: ${MI_OID}`, `claims.appid == "${MI_CLIENT}"`) }],
      }],
    },
  ],
});
