// The secret scanner's data model. Detectors are data (gitleaks' shape): a keyword prefilter, one linear pattern with
// one capture group for the secret, optional structure checks, and examples that a test checks.
import type { Span } from '../model';

export type SecretProvider =
  | 'Anthropic'
  | 'OpenAI'
  | 'AWS'
  | 'GitHub'
  | 'Google'
  | 'Azure'
  | 'Slack'
  | 'Stripe'
  | 'Private key'
  | 'Snowflake'
  | 'JWT';

export type SecretSeverity = 'critical' | 'high' | 'medium' | 'low';
export const SECRET_SEVERITIES: readonly SecretSeverity[] = ['critical', 'high', 'medium', 'low'];

/** Higher is more severe: critical 4 ... low 1. */
export function secretSeverityRank(s: SecretSeverity): number {
  return s === 'critical' ? 4 : s === 'high' ? 3 : s === 'medium' ? 2 : 1;
}

/** What a detector's hooks see about one match. Offsets are UTF-16 indices into `text`, end exclusive. */
export interface SecretContext {
  /** The whole document (hooks must only look a bounded distance around the match: the scan stays linear). */
  readonly text: string;
  /** The document's path, `/`-separated. */
  readonly path: string;
  /** The secret (the pattern's capture group). */
  readonly span: Span;
  /** The whole pattern match (may include a label such as `password=`). */
  readonly match: Span;
  /** Milliseconds since the epoch, for expiry checks. */
  readonly now: number;
  /** Spans `pair` found (the AWS secret next to its key id); empty when there are none. Set for `rate`. */
  readonly related: readonly Span[];
}

/** An example with the path it is scanned under (detectors limited to some files, code vs. configuration). */
export interface ExampleDocument {
  readonly path: string;
  readonly text: string;
}

/**
 * An example document builder (scanned as `example.txt` unless it gives a path). True positives mark each secret
 * with `«` and `»`, and the related span of the secret marked just before with `‹` and `›`; the builders assemble
 * keys from fragments when the test runs, so no key-shaped literal is ever committed.
 */
export type ExampleBuilder = () => string | ExampleDocument;

/**
 * The key type's section of docs/keys.md (Markdown, generated from these fields by `keysMarkdown`, so the page cannot
 * drift from the scanner). Never a full key: examples are masked (`sk-ant-api03-…AA`).
 */
export interface SecretDoc {
  /** What the key can do, which is why it has its default severity (and what changes one finding's severity). */
  readonly summary: string;
  /** The format in words with a masked example, and the structure checks Keyless makes (length, checksum, marker). */
  readonly looksLike: string;
  /** Where keys of this kind tend to leak. */
  readonly leaks: string;
  /** How to revoke and rotate it: the provider's console or CLI, with a link to the provider's page. */
  readonly revoke: string;
}

export interface SecretDetector {
  /** Stable id, e.g. `anthropic-api-key`. */
  readonly id: string;
  readonly provider: SecretProvider;
  /** Human name of the credential, e.g. `API key`, `Admin key`. */
  readonly type: string;
  /** Default severity; `rate` may refine it per finding. */
  readonly severity: SecretSeverity;
  /**
   * Lower-cased ASCII strings, one of which occurs (in any case) in every match of `pattern`. Only lines holding
   * a keyword are ever matched against the pattern.
   */
  readonly keywords: readonly string[];
  /** Linear: bounded quantifiers, no nested quantifiers. Capture group 1 is the secret. Flags other than `i`/`m`/`s` are ignored. */
  readonly pattern: RegExp;
  /** Only files whose `/`-separated path matches (cfn-lint's "where a rule applies"). */
  readonly paths?: RegExp;
  /**
   * Every match starts this many characters before one of the keywords (0: the match starts with a keyword). The
   * pattern is then tried only there, against the whole text (so it may span lines), instead of over the keyword's
   * line. Leave unset when a match can start anywhere.
   */
  readonly anchor?: number;
  /** Structure checks (checksum, decodable parts, context). Must not throw; a throw counts as "not a secret". */
  verify?(secret: string, context: SecretContext): boolean;
  /** A second span that belongs to the same credential (the AWS secret access key next to its key id). */
  pair?(secret: string, context: SecretContext): Span | undefined;
  /** Severity of this finding when it differs from `severity` (expired token, encrypted key, paired key...). */
  rate?(secret: string, context: SecretContext): SecretSeverity;
  /** Its section of docs/keys.md. Every built-in detector has one (a test checks); custom detectors may leave it out. */
  readonly doc?: SecretDoc;
  readonly examples: {
    readonly truePositives: readonly ExampleBuilder[];
    /** A look-alike and why it is not a secret. */
    readonly falsePositives: readonly (readonly [ExampleBuilder, string])[];
  };
}

export interface SecretFinding {
  readonly detectorId: string;
  readonly provider: SecretProvider;
  readonly type: string;
  readonly severity: SecretSeverity;
  /** The secret itself, exact UTF-16 offsets. */
  readonly span: Span;
  /** The other half of a paired credential (the AWS secret access key). */
  readonly related?: readonly Span[];
  /** A short, safe preview: a known public prefix and the last few characters. */
  readonly masked: string;
  /** Salted SHA-256 of the secret (and its related parts): safe to store in a baseline. */
  readonly fingerprint: string;
  /** Set when a `keyless:allow` / `gitleaks:allow` / `pragma: allowlist secret` comment covers the line. */
  readonly suppressed?: 'inline';
}

export interface ScanOptions {
  readonly detectors?: readonly SecretDetector[];
  /** Salt of the fingerprints; use the baseline's salt when findings are compared with a baseline. */
  readonly salt?: string;
  /** Milliseconds since the epoch (JWT expiry); defaults to `Date.now()`. */
  readonly now?: number;
}
