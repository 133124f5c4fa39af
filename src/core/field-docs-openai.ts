// The field catalogue for OpenAI workload identity federation: API Platform providers and their service account
// mappings, Codex providers and their federation rules. Data only. Facts: docs (shared) domain.md §2.1, §2.4.
import { LINKS } from './doc-links';
import { BOOL, type ContextDoc, type FieldContext, id, text } from './field-docs';

const WILDCARD = 'Exact, or a prefix match with one trailing `*` after a non-empty prefix; `*` alone and a `*` anywhere else are rejected.';

const ENABLED = (link: string, extra = ''): ContextDoc['fields'][string] =>
  ({ type: 'boolean', need: 'optional', values: BOOL, generic: true, doc: `Whether it takes part in matching.${extra}`, link });

const OPENAI_PROVIDER: ContextDoc = {
  title: 'OpenAI workload identity provider',
  fields: {
    id: id('', 'provider', LINKS.openai),
    name: { type: 'string', need: 'required', doc: 'The provider\'s name, unique in the organization.', generic: true, link: LINKS.openai },
    type: { type: 'string', need: 'optional', generic: true, doc: 'The kind of token the provider issues.', values: [{ value: 'oidc', doc: 'OIDC tokens, SPIFFE JWT-SVIDs included. The default.' }], link: LINKS.openai },
    issuer: { type: 'string (URL)', need: 'required', generic: true, doc: 'The OIDC issuer URL, compared with the token\'s `iss` (a trailing slash is ignored).', link: LINKS.openai },
    audience: { type: 'string', need: 'required', generic: true, doc: 'The one `aud` value tokens must carry. The guides use `https://api.openai.com/v1`.', link: LINKS.openai },
    description: text('Free text.', LINKS.openai),
    enabled: ENABLED(LINKS.openai),
    verification: {
      type: 'object', need: 'optional', child: 'openai-verification', generic: true, link: LINKS.openai,
      doc: 'How the signing keys are found: OIDC discovery (at the issuer or a custom URL) or an uploaded JWKS; the two are mutually exclusive.',
    },
    attribute_transformations: {
      type: 'list of objects', need: 'optional', child: 'openai-transformation', link: LINKS.openai,
      doc: 'CEL expressions over `assertion` that derive `openai.*` attributes for mappings to match. Results must be scalars; they are compared as strings. Raw claims already named `openai.*` are ignored unless transformed.',
      limits: 'At most 20.',
    },
    federation_rules: {
      type: 'list of objects', need: 'optional', child: 'openai-mapping', generic: true, nested: true, link: LINKS.openai,
      doc: 'This provider\'s service account mappings, nested under it (Keyless manifest).', limits: 'At most 50 mappings per provider.',
    },
  },
};

const OPENAI_VERIFICATION: ContextDoc = {
  title: 'provider `verification`',
  fields: {
    type: {
      type: 'string', need: 'required', generic: true, doc: 'How the signing keys are found.', link: LINKS.openai,
      values: [
        { value: 'discovery', doc: 'OIDC discovery at the issuer, or at `discovery_url`. The discovery document and the JWKS are cached for 600 seconds.' },
        { value: 'uploaded_jwks', doc: 'The JWKS given in `jwks`; nothing is fetched.' },
      ],
    },
    discovery_url: { type: 'string (URL) or null', need: 'optional (`discovery`)', doc: 'A custom discovery URL: public HTTPS, without credentials, port, query or fragment. `null` uses the issuer\'s own.', link: LINKS.openai },
    jwks: { type: 'object', need: 'required (`uploaded_jwks`)', generic: true, doc: 'The JWKS: a non-empty `keys`, no private key material, unique non-empty `kid`s.', link: LINKS.openai },
  },
};

const OPENAI_TRANSFORMATION: ContextDoc = {
  title: 'attribute transformation',
  fields: {
    attribute: { type: 'string', need: 'required', doc: 'The derived attribute, `openai.<name>`; mappings match it in `attribute_matchers`.', limits: '1–256 characters.', link: LINKS.openai },
    expression: { type: 'string (CEL)', need: 'required', doc: 'A CEL expression over `assertion` (the token\'s claims) that returns a scalar.', limits: '1–4096 characters.', link: LINKS.openai },
  },
};

const OPENAI_MAPPING: ContextDoc = {
  title: 'OpenAI service account mapping',
  fields: {
    id: id('', 'mapping', LINKS.openai),
    name: { type: 'string', need: 'optional', doc: 'The mapping\'s name.', generic: true, link: LINKS.openai },
    description: text('Free text.', LINKS.openai),
    enabled: ENABLED(LINKS.openai, ' Only enabled mappings are considered.'),
    attribute_matchers: {
      type: 'map', need: 'required', child: 'openai-matchers', link: LINKS.openai,
      doc: 'What the token must match: raw claims (`sub`, `aud`, `iss`, any top-level claim) or derived `openai.*` attributes. A token is exchanged only when exactly one enabled mapping of the provider matches every attribute; two matches are rejected, and permissions are never combined.',
    },
    project_id: { type: 'string', need: 'required', doc: 'The project of the service account.', link: LINKS.openai },
    service_account_id: { type: 'string', need: 'required', doc: 'The project service account the tokens act as. Their permissions cannot exceed the account\'s.', link: LINKS.openai },
    permissions: {
      type: 'object', need: 'optional', child: 'openai-permissions', generic: true, link: LINKS.openai,
      doc: 'The OAuth scopes of the minted tokens (shown in the exchange\'s `scope`). Tokens from federation can never call the Admin API.',
    },
    workload_identity_provider_id: { type: 'string', need: 'read-only', readOnly: true, doc: 'The provider this mapping belongs to.', link: LINKS.openai },
  },
};

const OPENAI_MATCHERS: ContextDoc = {
  title: 'mapping `attribute_matchers`',
  fields: {},
  anyKey: { type: 'string, number or boolean', need: 'optional', doc: `The token's \`{{key}}\` (a raw claim, or an \`openai.*\` attribute derived by the provider) must match this value. ${WILDCARD}`, link: LINKS.openai },
};

const OPENAI_PERMISSIONS: ContextDoc = {
  title: 'mapping `permissions`',
  fields: {
    type: {
      type: 'string', need: 'required', generic: true, doc: 'Which permissions the tokens get.', link: LINKS.openai,
      values: [
        { value: 'service_account_default', doc: 'The service account\'s own permissions.' },
        { value: 'restricted', doc: 'Only the scopes listed in `scopes` (at least one).' },
      ],
    },
    scopes: { type: 'list of strings', need: 'required (`restricted`)', generic: true, doc: 'OAuth scopes such as `api.model.read`, `api.model.request` or `api.vector_store.read`; never Admin API scopes.', link: LINKS.openai },
  },
};

const CODEX_PROVIDER: ContextDoc = {
  title: 'Codex workload identity provider',
  fields: {
    id: id('idp_', 'provider', LINKS.codex),
    name: { type: 'string', need: 'required', doc: 'The provider\'s name.', generic: true, link: LINKS.codex },
    type: {
      type: 'string', need: 'optional', generic: true, doc: 'The kind of token the provider issues. It cannot be changed later.', link: LINKS.codex,
      values: [
        { value: 'oidc', doc: 'OIDC tokens. The default.' },
        { value: 'spiffe_jwt', doc: 'SPIFFE JWT-SVIDs.' },
      ],
    },
    issuer: { type: 'string (URL)', need: 'required', generic: true, doc: 'The issuer, compared with the token\'s `iss`.', link: LINKS.codex },
    audience: { type: 'string', need: 'optional', generic: true, doc: 'The `aud` tokens must carry. Without it, every rule must list `audiences`.', link: LINKS.codex },
    description: text('Free text.', LINKS.codex),
    custom_url: { type: 'string (URL)', need: 'optional', doc: 'A custom OIDC discovery URL.', link: LINKS.codex },
    jwks_uri: { type: 'string (URL)', need: 'optional', doc: 'Where to fetch the provider\'s JWKS.', link: LINKS.codex },
    jwks_local: { type: 'boolean', need: 'optional', values: BOOL, doc: 'Use the keys uploaded in `jwks` instead of fetching them.', link: LINKS.codex },
    jwks: { type: 'object', need: 'optional', generic: true, doc: 'An uploaded JWKS.', limits: 'At most 100 keys and 1 MiB.', link: LINKS.codex },
    custom_ca_certificate: { type: 'string (PEM)', need: 'optional', doc: 'The certificate of a private CA for the provider\'s TLS endpoints.', limits: 'At most 256 KiB.', link: LINKS.codex },
    attribute_conditions: { type: 'string (CEL)', need: 'optional', doc: 'A provider-wide CEL condition over `assertion` that every token must satisfy.', link: LINKS.codex },
    max_assertion_lifetime_seconds: {
      type: 'integer', need: 'optional', link: LINKS.codex,
      doc: 'The longest `exp − iat` accepted in presented tokens (the full lifetime, not what remains).', limits: '1–176400; default 3600.',
    },
    check_jti: { type: 'boolean', need: 'optional', values: BOOL, doc: 'Replay protection: each `jti` is accepted once.', limits: 'Default `false` (Anthropic\'s issuers default to `true`).', link: LINKS.codex },
    enabled: ENABLED(LINKS.codex, ' Set on update.'),
    mappings: { type: 'list of objects', need: 'optional', child: 'codex-rule', generic: true, nested: true, doc: 'This provider\'s federation rules, nested under it (Keyless manifest).', link: LINKS.codex },
  },
};

const CODEX_RULE: ContextDoc = {
  title: 'Codex federation rule',
  fields: {
    id: id('idpm_', 'rule', LINKS.codex),
    name: { type: 'string', need: 'optional', doc: 'The rule\'s name.', generic: true, link: LINKS.codex },
    description: text('Free text.', LINKS.codex),
    enabled: ENABLED(LINKS.codex, ' Disabling or archiving a rule revokes the tokens it issued.'),
    workspace_id: { type: 'string', need: 'required', doc: 'The ChatGPT workspace.', link: LINKS.codex },
    principal_id: { type: 'string', need: 'required', doc: 'The ChatGPT user or service account the tokens act as. It can only be set when the rule is created.', link: LINKS.codex },
    external_subject: { type: 'string', need: 'optional', doc: `Compared with the token's \`sub\`. ${WILDCARD}`, limits: 'At most 4096 bytes. At least one of `external_subject`, `claims` or `condition` is required.', link: LINKS.codex },
    claims: {
      type: 'map', need: 'optional', child: 'codex-claims', generic: true, link: LINKS.codex,
      doc: 'Top-level claims the token must carry with exactly these values, of the same type.', limits: 'At most 32; not `sub`.',
    },
    audiences: { type: 'list of strings', need: 'conditional', generic: true, doc: 'Accepted `aud` values. Required for SPIFFE providers and when the provider has no `audience`.', limits: '1–32 values.', link: LINKS.codex },
    condition: {
      type: 'string (CEL)', need: 'optional', generic: true, link: LINKS.codex,
      doc: 'A bounded CEL expression over `assertion`, with the helpers `has`, `size`, `contains`, `startsWith` and `endsWith`; no regular expressions, `all` or `exists`.',
    },
    scopes: {
      type: 'list of strings', need: 'optional', list: true, generic: true, doc: 'The scopes of the minted tokens.', link: LINKS.codex,
      values: [
        { value: 'openid', doc: 'OpenID Connect sign-in.' },
        { value: 'profile', doc: 'The principal\'s profile.' },
        { value: 'email', doc: 'The principal\'s email address.' },
        { value: 'chatgpt.workspace.feature.allow-codex-local-access.access', doc: 'Local Codex access to the workspace.' },
      ],
    },
    access_token_lifetime_seconds: {
      type: 'integer', need: 'optional', link: LINKS.codex,
      doc: 'The lifetime of the minted access tokens.', limits: '60–3600; default 3600. The minted lifetime is the smaller of this and the presented token\'s remaining lifetime.',
    },
  },
};

const CODEX_CLAIMS: ContextDoc = {
  title: 'Codex rule `claims`',
  fields: {},
  anyKey: { type: 'string, number or boolean', need: 'optional', doc: 'The token must carry the top-level claim `{{key}}` with exactly this value, of the same type.', link: LINKS.codex },
};

const OPENAI_MANIFEST: ContextDoc = {
  title: 'Keyless manifest (OpenAI)',
  fields: {
    workload_identity_providers: { type: 'list of objects', need: 'optional', child: 'openai-provider', doc: 'The workload identity providers, each with its mappings nested under it.', limits: 'At most 50 providers per organization.', link: LINKS.openai },
    federation_rules: { type: 'list of objects', need: 'optional', child: 'openai-mapping', generic: true, doc: 'Service account mappings that name their provider in `workload_identity_provider_id`.', link: LINKS.openai },
    mappings: { type: 'list of objects', need: 'optional', child: 'codex-rule', generic: true, doc: 'Codex federation rules that name their provider.', link: LINKS.codex },
  },
};

export const OPENAI_DOCS = {
  'openai-manifest': OPENAI_MANIFEST,
  'openai-provider': OPENAI_PROVIDER,
  'openai-verification': OPENAI_VERIFICATION,
  'openai-transformation': OPENAI_TRANSFORMATION,
  'openai-mapping': OPENAI_MAPPING,
  'openai-matchers': OPENAI_MATCHERS,
  'openai-permissions': OPENAI_PERMISSIONS,
  'codex-provider': CODEX_PROVIDER,
  'codex-rule': CODEX_RULE,
  'codex-claims': CODEX_CLAIMS,
} as const satisfies Partial<Record<FieldContext, ContextDoc>>;
