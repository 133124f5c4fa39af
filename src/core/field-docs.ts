// The field catalogue behind hovers and completions: what every field of an Anthropic or OpenAI federation resource
// means, its type and limits, the values it takes, and the object its value is. Data only: the wording lives here
// (Anthropic below, OpenAI in field-docs-openai.ts), the logic in locate.ts, hover.ts and completion.ts.
// Facts: docs (shared) domain.md §1.2-1.5, §1.7, §2.1, §2.4.
import { LINKS } from './doc-links';

/** The kinds of object a key can belong to. */
export type FieldContext =
  | 'anthropic-manifest'
  | 'anthropic-issuer'
  | 'anthropic-jwks'
  | 'anthropic-service-account'
  | 'anthropic-rule'
  | 'anthropic-match'
  | 'anthropic-claims'
  | 'anthropic-target'
  | 'openai-manifest'
  | 'openai-provider'
  | 'openai-verification'
  | 'openai-transformation'
  | 'openai-mapping'
  | 'openai-matchers'
  | 'openai-permissions'
  | 'codex-provider'
  | 'codex-rule'
  | 'codex-claims';

export interface EnumValue {
  readonly value: string | boolean;
  readonly doc: string;
}

export interface FieldDoc {
  /** The value's type as the API documents it, e.g. `integer`, `list of objects`. */
  readonly type: string;
  /** `required`, `optional`, or the condition under which it is required. */
  readonly need: string;
  /** What the field means (Markdown). */
  readonly doc: string;
  /** Ranges, defaults and formulas (Markdown). */
  readonly limits?: string;
  /** The values it takes, when they are a fixed set. */
  readonly values?: readonly EnumValue[];
  /** The value is a string of words separated by spaces (`oauth_scope`). */
  readonly spaceSeparated?: boolean;
  /** The value is a list whose items are `values`. */
  readonly list?: boolean;
  /** The object the value is (or, for a list, each item is). */
  readonly child?: FieldContext;
  /** In a manifest, the value names one of its issuers or service accounts. */
  readonly refersTo?: 'issuers' | 'service-accounts';
  /** Keyless manifest nesting (a provider's rules under it): offered as a completion only inside a manifest. */
  readonly nested?: boolean;
  /** Set by the API (responses): explained on hover, never offered as a completion. */
  readonly readOnly?: boolean;
  /** A common word (`name`, `match`): never on its own a sign of what a document is. */
  readonly generic?: boolean;
  readonly link: string;
}

export interface ContextDoc {
  /** What the object is, for hovers: `federation rule`. */
  readonly title: string;
  readonly fields: Readonly<Record<string, FieldDoc>>;
  /** Maps whose keys are free (claim names): the doc for any key, `{{key}}` standing for it. */
  readonly anyKey?: FieldDoc;
}

export const BOOL: readonly EnumValue[] = [
  { value: true, doc: '`true`' },
  { value: false, doc: '`false`' },
];

const SLUG = 'A slug: lower-case letters, digits and `-` (`^[a-z0-9-]+$`), 1–255 characters, unique in the organization (a duplicate is rejected with 409).';
const DIALED_URL = 'When Anthropic dials it: `https`, port 443, a public DNS name that resolves to public addresses; IP literals are rejected.';

export const id = (prefix: string, what: string, link: string): FieldDoc =>
  ({ type: 'string', need: 'read-only', doc: `The ${what}'s id${prefix ? ` (\`${prefix}…\`)` : ''}, assigned by the API.`, readOnly: true, generic: true, link });
export const text = (doc: string, link: string): FieldDoc => ({ type: 'string', need: 'optional', doc, generic: true, link });

const ANTHROPIC_ISSUER: ContextDoc = {
  title: 'Anthropic federation issuer',
  fields: {
    id: id('fdis_', 'issuer', LINKS.anthropicIssuers),
    name: { type: 'string', need: 'required', doc: 'The issuer\'s name. In a Keyless manifest, rules may refer to the issuer by this name in `issuer_id`.', limits: SLUG, generic: true, link: LINKS.anthropicIssuers },
    issuer_url: {
      type: 'string (URL)', need: 'required', link: LINKS.anthropicIssuers,
      doc: 'The OIDC issuer. It must equal the `iss` claim of presented tokens byte for byte: scheme, port and trailing slash included.',
      limits: `${DIALED_URL} With \`jwks.type\` \`explicit_url\` or \`inline\`, or with \`jwks.discovery_base\`, it is only compared with \`iss\` and may be an internal name or another port.`,
    },
    jwks: {
      type: 'object', need: 'optional', child: 'anthropic-jwks', generic: true, link: LINKS.anthropicIssuers,
      doc: 'Where Anthropic gets the issuer\'s signing keys: `discovery`, `explicit_url` or `inline`, chosen by `type`. An update replaces it whole.',
      limits: 'Default `{"type": "discovery"}`.',
    },
    max_jwt_lifetime_seconds: {
      type: 'integer', need: 'optional', link: LINKS.anthropicIssuers,
      doc: 'The longest `exp − iat` accepted in presented JWTs, which must carry both `iat` and `exp`.',
      limits: '1–176400 (49 hours); default 3600. Microsoft Entra managed identity tokens live up to 24 hours and need 86400.',
    },
    check_jti: {
      type: 'boolean', need: 'optional', values: BOOL, link: LINKS.anthropicIssuers,
      doc: 'Replay protection: each `jti` is accepted once. It applies only to JWTs that carry a `jti`.',
      limits: 'Default `true`.',
    },
  },
};

const ANTHROPIC_JWKS: ContextDoc = {
  title: 'issuer key source (`jwks`)',
  fields: {
    type: {
      type: 'string', need: 'required', generic: true, link: LINKS.anthropicIssuers, doc: 'How the keys are found.',
      values: [
        { value: 'discovery', doc: 'Fetch `<discovery_base or issuer_url>/.well-known/openid-configuration` and follow its `jwks_uri`.' },
        { value: 'explicit_url', doc: 'Fetch the JWKS from `url`; `issuer_url` is then only compared with `iss`.' },
        { value: 'inline', doc: 'Use the keys in `keys`: no network fetch, and no automatic rotation.' },
      ],
    },
    discovery_base: {
      type: 'string (URL)', need: 'optional (`discovery`)', link: LINKS.anthropicIssuers,
      doc: 'Base URL of the discovery document, instead of `issuer_url`. With it set, `issuer_url` is only compared with `iss`.',
      limits: DIALED_URL,
    },
    url: { type: 'string (URL)', need: 'required (`explicit_url`)', generic: true, doc: 'The JWKS URL.', limits: DIALED_URL, link: LINKS.anthropicIssuers },
    keys: {
      type: 'list of JWKs', need: 'required (`inline`)', generic: true, link: LINKS.anthropicIssuers,
      doc: 'The `keys` array of a JWKS (not the `{"keys": [...]}` wrapper).',
      limits: 'Asymmetric keys only: ES256/384/512, RS256/384/512, PS256/384/512. Tokens must name their key in the `kid` header.',
    },
    ca_cert_pem: {
      type: 'string (PEM)', need: 'optional (`discovery`, `explicit_url`)', link: LINKS.anthropicIssuers,
      doc: 'The certificate of a private CA that signs the TLS certificate of the discovery or JWKS server.',
    },
  },
};

const ANTHROPIC_SERVICE_ACCOUNT: ContextDoc = {
  title: 'Anthropic service account',
  fields: {
    id: id('svac_', 'service account', LINKS.anthropicServiceAccounts),
    name: { type: 'string', need: 'required', doc: 'The service account\'s name; it cannot be changed later. In a Keyless manifest, rules may refer to the account by this name.', limits: SLUG, generic: true, link: LINKS.anthropicServiceAccounts },
    description: text('Free text. It can be changed later.', LINKS.anthropicServiceAccounts),
    organization_role: {
      type: 'string', need: 'optional', link: LINKS.anthropicServiceAccounts,
      doc: 'The account\'s role in the organization. Tokens minted for it get the intersection of their rule\'s `oauth_scope` and this role.',
      limits: 'Default `developer`.',
      values: [
        { value: 'developer', doc: 'A developer of the organization. The default.' },
        { value: 'admin', doc: 'An organization admin. Creating one needs an interactive credential (a user OAuth token or the Console); a rule granting `org:admin` must target such an account.' },
      ],
    },
  },
};

const ANTHROPIC_RULE: ContextDoc = {
  title: 'Anthropic federation rule',
  fields: {
    id: id('fdrl_', 'rule', LINKS.anthropicRules),
    name: { type: 'string', need: 'required', doc: 'The rule\'s name.', limits: SLUG, generic: true, link: LINKS.anthropicRules },
    description: text('Free text.', LINKS.anthropicRules),
    issuer_id: {
      type: 'string', need: 'required', refersTo: 'issuers', link: LINKS.anthropicRules,
      doc: 'The issuer (`fdis_…`) whose tokens this rule accepts. It cannot be changed after the rule is created. In a Keyless manifest, an issuer\'s `name` works too.',
    },
    match: {
      type: 'object', need: 'required', child: 'anthropic-match', generic: true, link: LINKS.anthropicReference,
      doc: 'Which tokens the rule accepts: `subject_prefix`, `audience`, `claims` and `condition`, all of which must hold. An update replaces it whole.',
      limits: 'At least one of `subject_prefix` (not only `*`), `claims` or `condition`. For shared public issuers (GitHub Actions, GitLab, Buildkite, HCP Terraform, Google) one of them must pin the tenant.',
    },
    target: {
      type: 'object', need: 'required', child: 'anthropic-target', generic: true, link: LINKS.anthropicRules,
      doc: 'The service account the minted tokens act as: `{type: service_account, service_account_id: svac_…}`.',
    },
    oauth_scope: {
      type: 'string', need: 'required', spaceSeparated: true, link: LINKS.anthropicRules,
      doc: 'The scopes of the minted tokens, separated by spaces. What a token may do is the intersection of these scopes and the service account\'s `organization_role`; calls outside them get 403.',
      limits: 'Scopes other than `workspace:developer` and `workspace:inference` can only be set from a Console session.',
      values: [
        { value: 'workspace:developer', doc: 'Every non-admin Claude API endpoint of the workspace (Messages, Models, Managed Agents, Files, Skills): what a workspace API key can do. The default.' },
        { value: 'workspace:inference', doc: 'Messages (streaming and token counting included), Models and the OpenAI-compatible chat endpoint only.' },
        { value: 'workspace:manage_tunnels', doc: 'The MCP tunnels API (formerly `org:manage_tunnels`).' },
        { value: 'org:admin', doc: 'The whole Admin API. Only grantable from the Console, and only to a service account whose `organization_role` is `admin`.' },
      ],
    },
    workspace_id: {
      type: 'string', need: 'required unless `applies_to_all_workspaces` is true', link: LINKS.anthropicRules,
      doc: 'The workspace (`wrkspc_…`) the rule is enabled in. It decides the quota, billing and rate limits of the minted tokens, which are scoped to it.',
    },
    applies_to_all_workspaces: {
      type: 'boolean', need: 'required unless `workspace_id` is set', values: BOOL, link: LINKS.anthropicRules,
      doc: 'Enable the rule in every workspace, future ones included. Set either this or `workspace_id`.',
    },
    token_lifetime_seconds: {
      type: 'integer', need: 'optional', link: LINKS.anthropicRules,
      doc: 'The lifetime, in seconds, of the access tokens the exchange mints.',
      limits: '60–86400; default 3600 (the Console wizard pre-fills 600). The minted lifetime is `max(60, min(token_lifetime_seconds, 2 × remaining validity))`, where the remaining validity is the presented JWT\'s `exp` minus now.',
    },
    attributes: {
      type: 'object', need: 'optional', readOnly: true, link: LINKS.anthropicRules,
      doc: 'CEL extraction (`{name: expression}`). Not supported yet: a non-empty value is rejected with 400.',
    },
  },
};

const ANTHROPIC_MATCH: ContextDoc = {
  title: 'federation rule `match`',
  fields: {
    subject_prefix: {
      type: 'string', need: 'optional', link: LINKS.anthropicReference,
      doc: 'Compared with the token\'s `sub`: an exact, case-sensitive match, or a prefix match when it ends in `*`. A value of only `*` constrains nothing.',
    },
    audience: {
      type: 'string', need: 'optional', generic: true, link: LINKS.anthropicReference,
      doc: 'Compared exactly with `aud` (with any element when `aud` is a list). When it is omitted, `aud` must still equal the audience Anthropic expects for the issuer; the guides use `https://api.anthropic.com`.',
    },
    claims: {
      type: 'map of strings', need: 'optional', child: 'anthropic-claims', generic: true, link: LINKS.anthropicReference,
      doc: 'Top-level claims the token must carry with exactly these string values. Nested or non-string claims need `condition`.',
    },
    condition: {
      type: 'string (CEL)', need: 'optional', generic: true, link: LINKS.anthropicReference,
      doc: 'A CEL expression over one variable, `claims` (the whole decoded claim set, nested objects as maps). It must return a bool; a constant `true` is rejected.',
    },
  },
};

const ANTHROPIC_TARGET: ContextDoc = {
  title: 'federation rule `target`',
  fields: {
    type: { type: 'string', need: 'required', generic: true, values: [{ value: 'service_account', doc: 'A service account, the only kind of target.' }], doc: 'What the tokens act as.', link: LINKS.anthropicRules },
    service_account_id: {
      type: 'string', need: 'required', refersTo: 'service-accounts', link: LINKS.anthropicRules,
      doc: 'The service account (`svac_…`) the tokens act as. In a Keyless manifest, an account\'s `name` works too. The exchange checks that the account is a member of the selected workspace.',
    },
  },
};

const ANTHROPIC_MANIFEST: ContextDoc = {
  title: 'Keyless manifest',
  fields: {
    federation_issuers: { type: 'list of objects', need: 'optional', child: 'anthropic-issuer', doc: 'The federation issuers: one per OIDC identity provider whose tokens the organization trusts.', link: LINKS.anthropicIssuers },
    service_accounts: { type: 'list of objects', need: 'optional', child: 'anthropic-service-account', doc: 'The service accounts the rules mint tokens for.', link: LINKS.anthropicServiceAccounts },
    federation_rules: { type: 'list of objects', need: 'optional', child: 'anthropic-rule', doc: 'The federation rules: which tokens of which issuer may act as which service account, with which scope.', link: LINKS.anthropicRules },
  },
};

const ANTHROPIC_CLAIMS: ContextDoc = {
  title: 'federation rule `match.claims`',
  fields: {},
  anyKey: { type: 'string', need: 'optional', doc: 'The token must carry the top-level claim `{{key}}` with exactly this string value.', link: LINKS.anthropicReference },
};

export const ANTHROPIC_DOCS = {
  'anthropic-manifest': ANTHROPIC_MANIFEST,
  'anthropic-issuer': ANTHROPIC_ISSUER,
  'anthropic-jwks': ANTHROPIC_JWKS,
  'anthropic-service-account': ANTHROPIC_SERVICE_ACCOUNT,
  'anthropic-rule': ANTHROPIC_RULE,
  'anthropic-match': ANTHROPIC_MATCH,
  'anthropic-claims': ANTHROPIC_CLAIMS,
  'anthropic-target': ANTHROPIC_TARGET,
} as const satisfies Partial<Record<FieldContext, ContextDoc>>;
