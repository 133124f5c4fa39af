import rule from '../../../../src/core/rules/openai/field-range';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const codexRule = (extra: Record<string, unknown>) =>
  json({ name: 'ci-codex', workspace_id: 'ws_5f2c9d1e', principal_id: 'user-8kLq2n', external_subject: 'repo:acme/payments:environment:production', ...extra });

const codexProvider = (extra: Record<string, unknown>) =>
  json({ name: 'entra-production', type: 'oidc', issuer: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0', audience: 'api://openai-codex-production', check_jti: true, ...extra });

const apiProvider = (extra: Record<string, unknown>) =>
  json({ type: 'oidc', name: 'github-actions-prod', issuer: 'https://token.actions.githubusercontent.com', audience: 'https://api.openai.com/v1', verification: { type: 'discovery', discovery_url: null }, ...extra });

const mapping = (extra: Record<string, unknown>) =>
  json({ name: 'payments-main', project_id: 'proj_7Hq2LmX9', service_account_id: 'user-svc-payments', attribute_matchers: { sub: 'repo:acme/payments:ref:refs/heads/main' }, ...extra });

const permissionsStream = (...permissions: string[]) =>
  permissions
    .map((p, i) =>
      dedent(`
        name: payments-${i}
        project_id: proj_7Hq2LmX9
        service_account_id: user-svc-payments
        attribute_matchers:
          sub: repo:acme/payments:ref:refs/heads/main
        permissions: ${p}
      `),
    )
    .join('---\n');

ruleTester.run(rule, {
  valid: [
    codexRule({ audiences: ['api://openai-codex-production'], access_token_lifetime_seconds: 600, enabled: true }),
    codexRule({ scopes: ['openid', 'chatgpt.workspace.feature.allow-codex-local-access.access'], claims: { repository: 'acme/payments', run_attempt: 1, environment_protected: null } }),
    codexProvider({ max_assertion_lifetime_seconds: 86400 }),
    json({ name: 'spiffe-production', type: 'spiffe_jwt', issuer: 'spiffe://example.com', jwks_uri: 'https://spiffe.example.com/bundle.json', max_assertion_lifetime_seconds: 3600, check_jti: true }),
    apiProvider({ attribute_transformations: [{ attribute: 'openai.repository_ref', expression: 'assertion.repository + "@" + assertion.ref' }], enabled: true }),
    json({ type: 'x509', name: 'mtls-prod', issuer: 'https://mtls.acme.example', audience: 'https://api.openai.com/v1', verification: { type: 'discovery' } }),
    mapping({ permissions: { type: 'restricted', scopes: ['api.model.request'] }, enabled: false }),
    mapping({ permissions: { type: 'service_account_default' } }),
  ],
  invalid: [
    {
      name: 'a quoted lifetime becomes a number (preferred fix)',
      code: codexRule({ access_token_lifetime_seconds: '600' }),
      errors: [{ messageId: 'quoted', line: 6, column: 36 }],
      output: codexRule({ access_token_lifetime_seconds: 600 }),
    },
    {
      name: 'lifetimes out of range, and not whole seconds',
      code: dedent(`
        name: ci-codex
        workspace_id: ws_5f2c9d1e
        principal_id: user-8kLq2n
        external_subject: repo:acme/payments:environment:production
        access_token_lifetime_seconds: 7200
      `),
      errors: [{
        messageId: 'outOfRange', line: 5, column: 32, message: '7200, outside 60–3600',
        suggestions: [{ output: dedent(`
          name: ci-codex
          workspace_id: ws_5f2c9d1e
          principal_id: user-8kLq2n
          external_subject: repo:acme/payments:environment:production
          access_token_lifetime_seconds: 3600
        `) }],
      }],
    },
    {
      name: 'a fractional lifetime',
      code: codexRule({ access_token_lifetime_seconds: 30.5 }),
      errors: [{ messageId: 'notInteger', line: 6, column: 36, suggestions: [{ output: codexRule({ access_token_lifetime_seconds: 60 }) }] }],
    },
    {
      name: 'max_assertion_lifetime_seconds of 0',
      code: codexProvider({ max_assertion_lifetime_seconds: 0 }),
      errors: [{ messageId: 'outOfRange', line: 7, column: 37, message: 'exp − iat', suggestions: [{ output: codexProvider({ max_assertion_lifetime_seconds: 1 }) }] }],
    },
    {
      name: 'a single audience string becomes a list (YAML, preferred fix)',
      code: dedent(`
        name: ci-codex
        workspace_id: ws_5f2c9d1e
        principal_id: user-8kLq2n
        external_subject: repo:acme/payments:environment:production
        audiences: api://openai-codex-production
      `),
      errors: [{ messageId: 'wrongType', line: 5, column: 12, message: 'a single string' }],
      output: dedent(`
        name: ci-codex
        workspace_id: ws_5f2c9d1e
        principal_id: user-8kLq2n
        external_subject: repo:acme/payments:environment:production
        audiences: ["api://openai-codex-production"]
      `),
    },
    {
      name: 'an empty audience list',
      code: codexRule({ audiences: [] }),
      errors: [{ messageId: 'tooFew', line: 6, column: 16 }],
    },
    {
      name: 'more than 32 audiences',
      code: codexRule({ audiences: Array.from({ length: 33 }, (_, i) => `api://openai-codex-${i}`) }),
      errors: [{ messageId: 'tooMany', line: 6, column: 3, message: '33 entries' }],
    },
    {
      name: 'an exact `sub` claim moves to external_subject (YAML, preferred fix)',
      code: dedent(`
        name: ci-codex
        workspace_id: ws_5f2c9d1e
        principal_id: user-8kLq2n
        audiences: [api://openai-codex-production]
        claims:
          sub: repo:acme/payments:environment:production
          repository_owner: acme
      `),
      errors: [{ messageId: 'subClaim', line: 6, column: 3 }],
      output: dedent(`
        name: ci-codex
        workspace_id: ws_5f2c9d1e
        principal_id: user-8kLq2n
        audiences: [api://openai-codex-production]
        external_subject: repo:acme/payments:environment:production
        claims:
          repository_owner: acme
      `),
    },
    {
      name: 'the only claim is `sub` (JSON, preferred fix replaces claims)',
      code: json({ name: 'ci-codex', workspace_id: 'ws_5f2c9d1e', principal_id: 'user-8kLq2n', claims: { sub: 'repo:acme/payments:environment:production' } }),
      errors: [{ messageId: 'subClaim', line: 6, column: 5 }],
      output: json({ name: 'ci-codex', workspace_id: 'ws_5f2c9d1e', principal_id: 'user-8kLq2n', external_subject: 'repo:acme/payments:environment:production' }),
    },
    {
      name: 'a `sub` claim next to an external_subject, and a list-valued claim',
      code: codexRule({ claims: { sub: 'repo:acme/payments:environment:production', environment: ['production', 'staging'] } }),
      errors: [
        {
          messageId: 'subClaim', line: 7, column: 5,
          suggestions: [{ output: codexRule({ claims: { environment: ['production', 'staging'] } }) }],
        },
        { messageId: 'claimNotScalar', line: 8, column: 20, message: 'is a list' },
      ],
    },
    {
      name: 'an unknown Codex scope, and enabled as strings',
      code: dedent(`
        name: ci-codex
        workspace_id: ws_5f2c9d1e
        principal_id: user-8kLq2n
        external_subject: repo:acme/payments:environment:production
        scopes: [openid, api.model.request]
        enabled: "true"
      `),
      errors: [
        {
          messageId: 'unknownScope', line: 5, column: 18,
          suggestions: [{ output: dedent(`
            name: ci-codex
            workspace_id: ws_5f2c9d1e
            principal_id: user-8kLq2n
            external_subject: repo:acme/payments:environment:production
            scopes: [openid]
            enabled: "true"
          `) }],
        },
        { messageId: 'quoted', line: 6, column: 10 },
      ],
      output: dedent(`
        name: ci-codex
        workspace_id: ws_5f2c9d1e
        principal_id: user-8kLq2n
        external_subject: repo:acme/payments:environment:production
        scopes: [openid, api.model.request]
        enabled: true
      `),
    },
    {
      name: '`enabled: yes` is a string in YAML 1.2',
      code: codexProvider({ enabled: 'yes' }),
      errors: [{
        messageId: 'wrongType', line: 7, column: 14,
        suggestions: [{ output: codexProvider({ enabled: true }) }, { output: codexProvider({ enabled: false }) }],
      }],
    },
    {
      name: 'enum values: a differently-cased type is fixed, an unknown one is not',
      code: apiProvider({ type: 'OIDC', verification: { type: 'jwks' } }),
      errors: [
        { messageId: 'badEnum', line: 2, column: 11, message: 'case-sensitive' },
        {
          messageId: 'badEnum', line: 7, column: 13,
          suggestions: [
            { output: apiProvider({ type: 'OIDC', verification: { type: 'discovery' } }) },
            { output: apiProvider({ type: 'OIDC', verification: { type: 'uploaded_jwks' } }) },
          ],
        },
      ],
      output: apiProvider({ type: 'oidc', verification: { type: 'jwks' } }),
    },
    {
      name: 'an unknown API provider type is only a warning (schema from a mirror)',
      code: apiProvider({ type: 'saml' }),
      errors: [{ messageId: 'unknownType', line: 2, column: 11, severity: 'warning' }],
    },
    {
      name: 'a Codex type outside oidc|spiffe_jwt',
      code: json({ name: 'spire', type: 'spiffe', issuer: 'spiffe://example.com', jwks_uri: 'https://spiffe.example.com/bundle.json', check_jti: true }),
      errors: [{
        messageId: 'badEnum', line: 3, column: 11,
        suggestions: [
          { output: json({ name: 'spire', type: 'oidc', issuer: 'spiffe://example.com', jwks_uri: 'https://spiffe.example.com/bundle.json', check_jti: true }) },
          { output: json({ name: 'spire', type: 'spiffe_jwt', issuer: 'spiffe://example.com', jwks_uri: 'https://spiffe.example.com/bundle.json', check_jti: true }) },
        ],
      }],
    },
    {
      name: 'attribute transformations: too many, empty attribute, long expression',
      code: apiProvider({
        attribute_transformations: [
          { attribute: '', expression: 'assertion.sub' },
          { attribute: 'openai.big', expression: `assertion.sub == "${'a'.repeat(4100)}"` },
          ...Array.from({ length: 19 }, (_, i) => ({ attribute: `openai.a${i}`, expression: 'assertion.sub' })),
        ],
      }),
      errors: [
        { messageId: 'tooMany', line: 10, column: 3, message: '21 entries' },
        { messageId: 'emptyString', line: 12, column: 20 },
        { messageId: 'tooLong', line: 17, column: 21, message: '4119 characters' },
      ],
    },
    {
      name: 'permissions: unknown type, restricted without scopes, not an object (a YAML stream)',
      code: permissionsStream('{ type: read_only }', '{ type: restricted, scopes: [] }', '[api.model.request]'),
      errors: [
        {
          messageId: 'badEnum', line: 6, column: 22,
          suggestions: [
            { output: permissionsStream('{ type: service_account_default }', '{ type: restricted, scopes: [] }', '[api.model.request]') },
            { output: permissionsStream('{ type: restricted }', '{ type: restricted, scopes: [] }', '[api.model.request]') },
          ],
        },
        { messageId: 'restrictedNoScopes', line: 13, column: 42 },
        { messageId: 'wrongType', line: 20, column: 14 },
      ],
    },
    {
      name: 'an external_subject over 4096 bytes',
      code: codexRule({ external_subject: `repo:acme/${'é'.repeat(2100)}:ref:refs/heads/main` }),
      errors: [{ messageId: 'tooLong', line: 5, column: 23, message: '4230 bytes' }],
    },
  ],
});
