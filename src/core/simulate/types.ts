// The token simulator's data: plain, JSON-serialisable values, so a decision can cross into a webview as it is.
// A decision never carries the token itself (a JWT is a bearer credential): only its header and claims.
import type { IssuerFamily } from '../issuers';
import type { Span } from '../model';

/** A decoded JWS in compact form. */
export interface Jwt {
  readonly header: Readonly<Record<string, unknown>>;
  readonly claims: Readonly<Record<string, unknown>>;
  /** The compact serialisation: kept for signature verification only, never displayed or serialised. */
  readonly compact: string;
  /** Length of the compact serialisation in bytes (the providers cap assertions at 16 KiB). */
  readonly bytes: number;
}

/** Which federation product decides: Anthropic rules, OpenAI API Platform mappings, or Codex federation rules. */
export type Product = 'anthropic' | 'openai' | 'codex';

/** One check a provider makes, by the name of the field or claim it is about. */
export type CheckName =
  | 'size' | 'iss' | 'alg' | 'kid' | 'signature' | 'sub' | 'aud' | 'iat' | 'exp' | 'nbf' | 'lifetime'
  // Anthropic `match` matchers and target
  | 'subject_prefix' | 'audience' | 'claims' | 'condition' | 'service_account'
  // OpenAI mappings and Codex rules
  | 'enabled' | 'attribute_matchers' | 'external_subject' | 'audiences' | 'attribute_conditions' | 'unique_match';

/**
 * `assumed`: the simulator cannot know (the issuer's keys are fetched by discovery, the issuer is not in the file, a
 * default is undocumented); the decision goes on as if the check passed, and says so.
 */
export type Outcome = 'pass' | 'fail' | 'assumed';

export interface Reason {
  readonly check: CheckName;
  readonly outcome: Outcome;
  readonly message: string;
}

export interface RuleDecision {
  /** The rule's `name`, else its `id`, else `#<position in the file>`. */
  readonly rule: string;
  readonly product: Product;
  readonly accepted: boolean;
  /** Lifetime of the access token the provider would mint, in seconds (null when rejected). */
  readonly lifetimeSeconds: number | null;
  /** What the minted token acts as: Anthropic service account, OpenAI service account, Codex principal. */
  readonly serviceAccount: string | null;
  /** Anthropic workspace (or "all workspaces"), OpenAI project, Codex workspace. */
  readonly workspace: string | null;
  /** Anthropic `oauth_scope`, OpenAI permissions, Codex scopes. */
  readonly scope: string | null;
  /** Every check made, in the order the provider makes them; a rejection has at least one `fail`. */
  readonly reasons: readonly Reason[];
  /** Where the rule is in the rules document (for an editor or webview to highlight). */
  readonly span: Span;
}

export type SignatureStatus = 'verified' | 'invalid' | 'not-verified';

export interface SignatureCheck {
  readonly status: SignatureStatus;
  /** What was checked against which keys, or why nothing was. Never contains key material or the token. */
  readonly detail: string;
  /**
   * Why an invalid signature is invalid: `alg` and `kid` are also reported per rule by their own checks, so only a
   * `signature` cause adds a reason of its own.
   */
  readonly cause?: 'alg' | 'kid' | 'signature';
}

/** Public keys a token may be verified with, and where they came from (for messages). */
export interface KeySet {
  readonly source: string;
  /** Public members only: private parts (`d`, `p`, `q`, ...) are dropped when the set is read. */
  readonly keys: readonly Readonly<Record<string, unknown>>[];
  readonly kids: ReadonlySet<string>;
}

/** Where an issuer's keys are, when they are not in the rules document. */
export type KeyLocation =
  | { readonly kind: 'inline' }
  /** An OpenID discovery document whose `jwks_uri` names the keys. */
  | { readonly kind: 'discovery'; readonly url: string }
  /** A JWKS URL. */
  | { readonly kind: 'jwks'; readonly url: string }
  | { readonly kind: 'unknown' };

/** An issuer (Anthropic) or workload identity provider (OpenAI, Codex) as the simulator sees it. */
export interface SimIssuer {
  readonly label: string;
  readonly product: Product;
  /** `issuer_url` / `issuer`; undefined when the document does not say. */
  readonly issuerUrl?: string;
  /** Keys written in the document (Anthropic inline `jwks`, OpenAI uploaded JWKS). */
  readonly keys?: KeySet;
  readonly keyLocation: KeyLocation;
  /** Longest `exp − iat` accepted; undefined when the provider documents no cap. */
  readonly maxJwtLifetimeSeconds?: number;
  /** OpenAI: the single expected `aud`. */
  readonly audience?: string;
  /** Codex: provider-level CEL over `assertion` that every token must satisfy. */
  readonly attributeConditions?: string;
  /** OpenAI: `openai.*` attribute -> CEL expression over `assertion`. */
  readonly transformations: ReadonlyMap<string, string>;
  readonly family: IssuerFamily;
  /** A public issuer that signs for every customer (GitHub, GitLab, Google...): its rules must pin the tenant. */
  readonly shared: boolean;
}

export interface Simulation {
  readonly now: number;
  readonly signature: SignatureCheck;
  /** One decision per rule of the document, in document order. */
  readonly results: readonly RuleDecision[];
}
