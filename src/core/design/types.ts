// The rule designer's data (issue #6): a design is plain, JSON-serialisable data that a webview posts to the host;
// the form is data too (fields with their options, help and validators), and so are the documents it produces.
// Facts behind every value: docs (shared) domain.md §1 (Anthropic), §2 (OpenAI), §3 (Snowflake), §4 (AWS), §5 (claims).

export const IDENTITY_KINDS = ['github-actions', 'aws-sts', 'eks', 'kubernetes', 'spiffe', 'google', 'entra', 'oidc'] as const;
/** Where the workload's identity token comes from. */
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export const DESTINATIONS = ['anthropic', 'openai', 'snowflake'] as const;
/** The service the workload exchanges its token with. */
export type Destination = (typeof DESTINATIONS)[number];

export const IDENTITY_LABELS: Readonly<Record<IdentityKind, string>> = {
  'github-actions': 'GitHub Actions',
  'aws-sts': 'AWS STS outbound (GetWebIdentityToken)',
  eks: 'Amazon EKS (projected service-account token)',
  kubernetes: 'Kubernetes, self-managed (projected service-account token)',
  spiffe: 'SPIFFE (JWT-SVID)',
  google: 'Google Cloud service account',
  entra: 'Microsoft Entra ID managed identity',
  oidc: 'Custom OIDC issuer',
};

export const DESTINATION_LABELS: Readonly<Record<Destination, string>> = {
  anthropic: 'Anthropic (Claude API)',
  openai: 'OpenAI API Platform',
  snowflake: 'Snowflake',
};

export interface DesignModel {
  readonly identity: IdentityKind;
  readonly destination: Destination;
  /** What pins the workload, by field id (`repository`, `branch`, `roleArn`, `namespace`...), as typed. */
  readonly pins: Readonly<Record<string, string>>;
  /** Anthropic: the rule's `oauth_scope`; OpenAI: the mapping's restricted permission scope; Snowflake: DEFAULT_ROLE ('' for none). */
  readonly scope: string;
  /**
   * Anthropic: `wrkspc_…`, `default`, `all` (every workspace) or '' (filled in later); OpenAI: the project id ('' to
   * fill in later). Not used for Snowflake.
   */
  readonly workspace?: string;
  /** Anthropic: the rule's `token_lifetime_seconds`; undefined takes the design's default. */
  readonly lifetimeSeconds?: number;
  /** Anthropic: the service account's name; OpenAI: the provider's and mapping's name; Snowflake: the service user. */
  readonly serviceAccount: string;
}

export type FieldKind = 'text' | 'select' | 'number';

/** Top-level fields of the model (`scope`, `workspace`, `lifetimeSeconds`, `serviceAccount`), or entries of `pins`. */
export type FieldTarget = 'model' | 'pins';

export interface FieldOption {
  readonly value: string;
  readonly label: string;
}

/** The field is shown (and validated) only while another field has one of these values. */
export interface FieldCondition {
  readonly field: string;
  readonly equals: readonly string[];
}

/** A pure check of one value (as typed; numbers as their decimal text): a message, or undefined when it is fine. */
export type Validator = (value: string, model: DesignModel) => string | undefined;

export interface DesignField {
  readonly id: string;
  readonly target: FieldTarget;
  readonly label: string;
  readonly kind: FieldKind;
  readonly options?: readonly FieldOption[];
  readonly placeholder?: string;
  /** One line for the form. */
  readonly help: string;
  /** A visible required field must not be empty. */
  readonly required: boolean;
  /** The value a new design starts with. */
  readonly defaultValue?: string;
  readonly when?: FieldCondition;
  /**
   * Called for every visible field, also with '' for an empty optional one (some fields become necessary through
   * another field's value). Functions do not survive JSON: the host validates, with `validateDesign`.
   */
  readonly validate?: Validator;
}

export interface DesignProblem {
  /** The field id (`identity` / `destination` for those two). */
  readonly field: string;
  readonly message: string;
}

export interface DesignedDocument {
  /** Stable within a design: `anthropic-manifest`, `github-workflow`, `aws-identity-policy`... */
  readonly id: string;
  readonly title: string;
  readonly side: 'destination' | 'workload';
  readonly language: 'yaml' | 'json' | 'sql';
  readonly suggestedPath: string;
  readonly text: string;
}
