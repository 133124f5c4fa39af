// The checker's data model: plain, JSON-serialisable values that cross every boundary (CLI, editor, webview).
// Offsets are UTF-16 code-unit indices into the document text, end exclusive.

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Higher is more severe: error 3, warning 2, info 1. */
export function severityRank(s: Severity): number {
  return s === 'error' ? 3 : s === 'warning' ? 2 : 1;
}

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

/** A fix is a set of non-overlapping edits to the document the finding was computed on. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The one fix that is safe to apply without looking (autofix, fix-all, fix-on-save). */
  readonly preferred?: boolean;
}

export interface RelatedLocation {
  readonly span: Span;
  readonly message: string;
}

export interface Finding {
  readonly ruleId: string;
  /** Stable id of the message within its rule; tests assert it. */
  readonly messageId: string;
  readonly message: string;
  readonly severity: Severity;
  readonly span: Span;
  /** The preferred fix (if any) first, then suggestions. */
  readonly fixes: readonly Fix[];
  readonly related?: readonly RelatedLocation[];
}

/** What a document was recognised as. One file may hold several (a multi-document YAML stream). */
export type DocumentKind =
  | 'anthropic-federation-rule'
  | 'anthropic-federation-issuer'
  | 'anthropic-service-account'
  | 'anthropic-manifest'
  | 'anthropic-list'
  | 'openai-workload-identity-provider'
  | 'openai-federation-rule'
  | 'iam-policy'
  | 'cloudformation-template'
  | 'terraform-plan'
  | 'snowflake-sql'
  | 'dotenv'
  | 'docker-compose'
  | 'github-workflow'
  | 'kubernetes-manifest'
  | 'dockerfile'
  | 'devcontainer'
  | 'vscode-launch'
  | 'anthropic-profile'
  | 'anthropic-gateway';

export interface CheckResult {
  readonly kinds: readonly DocumentKind[];
  readonly findings: readonly Finding[];
}
