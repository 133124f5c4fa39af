import rule from '../../../../src/core/rules/workload/profile-config';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const RULE_ID = 'fdrl_01SDCCSbTxrXDpWc1phhtcfK';
const SA_ID = 'svac_01SDCCSbTxrXDpWc1phhtcfK';
const ORG_ID = '8a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d';
const TOKEN = { source: 'file', path: '/var/run/secrets/anthropic.com/token' };

/** A message that does not repeat the given text (a secret must never be echoed). */
const without = (secret: string) => new RegExp(`^(?![\\s\\S]*${secret})`);

ruleTester.run(rule, {
  valid: [
    {
      name: 'the production profile from the SDK docs',
      filename: 'configs/production.json',
      code: json({
        version: '1.0',
        authentication: { type: 'oidc_federation', federation_rule_id: RULE_ID, service_account_id: SA_ID, identity_token: TOKEN },
        organization_id: ORG_ID,
        workspace_id: 'wrkspc_01SDCCSbTxrXDpWc1phhtcfK',
        base_url: 'https://api.anthropic.com',
      }),
    },
    {
      name: 'a user_oauth profile is not federation',
      filename: 'configs/default.json',
      code: json({ version: '1.0', authentication: { type: 'user_oauth', client_id: 'ant-cli' }, organization_id: ORG_ID }),
    },
    {
      name: 'gateway upstream with complete federation auth',
      filename: 'gateway.yaml',
      code: dedent(`
        listen: 0.0.0.0:8080
        upstreams:
          - name: claude
            provider: anthropic
            auth:
              federation_rule_id: ${RULE_ID}
              organization_id: ${ORG_ID}
              identity_token_file: /var/run/secrets/anthropic.com/token
              service_account_id: ${SA_ID}
      `),
    },
    {
      name: 'gateway upstream with a static key only (no federation to shadow)',
      filename: 'gateway.yaml',
      code: dedent(`
        upstreams:
          - name: claude
            provider: anthropic
            auth: { api_key: "\${ANTHROPIC_API_KEY}" }
      `),
    },
  ],
  invalid: [
    {
      name: 'profile (neutral name) without a rule id and without an identity token',
      filename: 'settings/worker.json',
      code: json({ version: '1.0', authentication: { type: 'oidc_federation', service_account_id: SA_ID }, organization_id: ORG_ID }),
      errors: [
        {
          messageId: 'missingRuleId', line: 3, column: 4, endColumn: 18, message: 'no `federation_rule_id`: the SDK takes it from `ANTHROPIC_FEDERATION_RULE_ID`',
          suggestions: [{ output: json({ version: '1.0', authentication: { type: 'oidc_federation', service_account_id: SA_ID, federation_rule_id: '<federation rule id, fdrl_...>' }, organization_id: ORG_ID }) }],
        },
        {
          messageId: 'missingIdentityToken', line: 3, column: 4,
          suggestions: [{ output: json({ version: '1.0', authentication: { type: 'oidc_federation', service_account_id: SA_ID, identity_token: { source: 'file', path: '<path to the identity token file>' } }, organization_id: ORG_ID }) }],
        },
      ],
    },
    {
      name: 'profile without rule id or organization: two findings on the same key',
      filename: 'configs/ci.json',
      code: json({ version: '1.0', authentication: { type: 'oidc_federation', identity_token: TOKEN } }),
      errors: [
        {
          messageId: 'missingRuleId', line: 3, column: 4,
          suggestions: [{ output: json({ version: '1.0', authentication: { type: 'oidc_federation', identity_token: TOKEN, federation_rule_id: '<federation rule id, fdrl_...>' } }) }],
        },
        {
          messageId: 'missingOrganization', line: 3, column: 4,
          suggestions: [{ output: json({ version: '1.0', authentication: { type: 'oidc_federation', identity_token: TOKEN }, organization_id: '<organization UUID>' }) }],
        },
      ],
    },
    {
      name: 'organization_id inside authentication',
      filename: 'configs/ci.json',
      code: json({ version: '1.0', authentication: { type: 'oidc_federation', federation_rule_id: RULE_ID, organization_id: ORG_ID, identity_token: TOKEN } }),
      errors: [{
        messageId: 'misplacedOrganization', line: 6, column: 6,
        suggestions: [{ output: json({ version: '1.0', authentication: { type: 'oidc_federation', federation_rule_id: RULE_ID, identity_token: TOKEN }, organization_id: ORG_ID }) }],
      }],
    },
    {
      name: 'no organization at all',
      filename: 'configs/ci.json',
      code: json({ version: '1.0', authentication: { type: 'oidc_federation', federation_rule_id: RULE_ID, identity_token: TOKEN } }),
      errors: [{
        messageId: 'missingOrganization', line: 3, column: 4, message: 'no top-level `organization_id`',
        suggestions: [{ output: json({ version: '1.0', authentication: { type: 'oidc_federation', federation_rule_id: RULE_ID, identity_token: TOKEN }, organization_id: '<organization UUID>' }) }],
      }],
    },
    {
      name: 'identity_token.source other than file',
      filename: 'configs/ci.json',
      code: json({ version: '1.0', authentication: { type: 'oidc_federation', federation_rule_id: RULE_ID, identity_token: { source: 'env' } }, organization_id: ORG_ID }),
      errors: [{
        messageId: 'tokenSource', line: 7, column: 17, endColumn: 22, severity: 'error',
        suggestions: [{ output: json({ version: '1.0', authentication: { type: 'oidc_federation', federation_rule_id: RULE_ID, identity_token: { source: 'file', path: '<path to the identity token file>' } }, organization_id: ORG_ID }) }],
      }],
    },
    {
      name: 'identity_token without a path',
      filename: 'configs/ci.json',
      code: json({ version: '1.0', authentication: { type: 'oidc_federation', federation_rule_id: RULE_ID, identity_token: { source: 'file' } }, organization_id: ORG_ID }),
      errors: [{
        messageId: 'missingTokenPath', line: 6, column: 6,
        suggestions: [{ output: json({ version: '1.0', authentication: { type: 'oidc_federation', federation_rule_id: RULE_ID, identity_token: { source: 'file', path: '<path to the identity token file>' } }, organization_id: ORG_ID }) }],
      }],
    },
    {
      name: 'secrets in a profile config are reported without their values',
      filename: 'configs/default.json',
      code: json({ version: '1.0', authentication: { type: 'user_oauth', access_token: 'sk-ant-oat01-test', refresh_token: 'sk-ant-ort01-test' }, organization_id: ORG_ID }),
      errors: [
        {
          messageId: 'credentialInConfig', line: 5, column: 6, endColumn: 18, severity: 'error', message: without('sk-ant-oat01-test'),
          suggestions: [{ output: json({ version: '1.0', authentication: { type: 'user_oauth', refresh_token: 'sk-ant-ort01-test' }, organization_id: ORG_ID }) }],
        },
        {
          messageId: 'credentialInConfig', line: 6, column: 6, message: without('sk-ant-ort01-test'),
          suggestions: [{ output: json({ version: '1.0', authentication: { type: 'user_oauth', access_token: 'sk-ant-oat01-test' }, organization_id: ORG_ID }) }],
        },
      ],
    },
    {
      name: 'gateway: a static api_key beside federation fields',
      filename: 'gateway.yaml',
      code: dedent(`
        upstreams:
          - name: claude
            provider: anthropic
            auth:
              federation_rule_id: ${RULE_ID}
              organization_id: ${ORG_ID}
              identity_token_file: /var/run/secrets/anthropic.com/token
              api_key: \${ANTHROPIC_API_KEY}
      `),
      errors: [{
        messageId: 'gatewayStaticAndFederation', line: 8, column: 7, endColumn: 14, severity: 'error', message: 'both `api_key` and federation settings',
        suggestions: [{ output: dedent(`
          upstreams:
            - name: claude
              provider: anthropic
              auth:
                federation_rule_id: ${RULE_ID}
                organization_id: ${ORG_ID}
                identity_token_file: /var/run/secrets/anthropic.com/token
        `) }],
      }],
    },
    {
      name: 'gateway: organization and token file without the rule id',
      filename: 'gateway.yaml',
      code: dedent(`
        upstreams:
          - name: claude
            provider: anthropic
            auth:
              organization_id: ${ORG_ID}
              identity_token_file: /var/run/secrets/anthropic.com/token
      `),
      errors: [{
        messageId: 'gatewayMissing', line: 4, column: 5, message: 'lacks `federation_rule_id`: the gateway cannot exchange a token without the federation rule to exchange against. Add it.',
        suggestions: [{ output: dedent(`
          upstreams:
            - name: claude
              provider: anthropic
              auth:
                organization_id: ${ORG_ID}
                identity_token_file: /var/run/secrets/anthropic.com/token
                federation_rule_id: "<federation rule id, fdrl_...>"
        `) }],
      }],
    },
    {
      name: 'gateway (neutral name): federation auth without organization and token file',
      filename: 'deploy/claude-apps.yaml',
      code: dedent(`
        upstreams:
          - name: claude
            provider: anthropic
            auth: { federation_rule_id: ${RULE_ID} }
      `),
      errors: [{
        messageId: 'gatewayMissing', line: 4, column: 5, endColumn: 9, message: 'lacks `organization_id` and `identity_token_file`',
        suggestions: [{ title: 'Add `organization_id` and `identity_token_file`', output: dedent(`
          upstreams:
            - name: claude
              provider: anthropic
              auth: { federation_rule_id: ${RULE_ID}, organization_id: "<organization UUID>", identity_token_file: "<path to the identity token file>" }
        `) }],
      }],
    },
  ],
});
