// What a rule is: metadata plus a check over one domain's typed model. See docs/contributing.md.
import type { Fix, RelatedLocation, Severity, Span } from './model';
import type { DomainModels, DomainName } from './domains';

export interface RuleMeta<M extends string = string, D extends DomainName = DomainName> {
  /** `<domain>/<kebab-name>`; also the path of the rule's source, test and doc files. */
  readonly id: string;
  /** The model the rule reads. */
  readonly domain: D;
  /** One line, imperative: what the rule asks for. Shown in `keyless rules`, SARIF and the docs index. */
  readonly description: string;
  /** problem: the configuration is wrong or unsafe; suggestion: it works but could be tighter or clearer. */
  readonly type: 'problem' | 'suggestion';
  readonly defaultSeverity: Severity;
  /** Message templates by id; `{{name}}` is replaced from the report's data. */
  readonly messages: Readonly<Record<M, string>>;
  /** Whether the rule offers a preferred (safe, automatic) fix. */
  readonly fixable?: boolean;
  /** Whether the rule offers suggestions (alternative fixes a person chooses between). */
  readonly hasSuggestions?: boolean;
}

export interface Report<M extends string> {
  readonly span: Span;
  readonly messageId: M;
  readonly data?: Readonly<Record<string, string | number>>;
  /** The safe fix, applied by fix-all and fix-on-save. Only when the edit cannot change intent. */
  readonly fix?: Omit<Fix, 'preferred'>;
  /** Alternatives for a person to choose from (with placeholders where they must fill something in). */
  readonly suggest?: readonly Omit<Fix, 'preferred'>[];
  readonly related?: readonly RelatedLocation[];
  /** A stronger (or weaker) severity for this occurrence than the rule's default, e.g. for `org:admin` rules. */
  readonly severity?: Severity;
}

export interface RuleContext<Model, M extends string> {
  readonly model: Model;
  /** The document text (the exact text spans refer to). */
  readonly text: string;
  /** Path as given by the caller (used only for hints, never for reading). */
  readonly path: string;
  report(r: Report<M>): void;
}

export interface Rule<M extends string = string, D extends DomainName = DomainName> {
  readonly meta: RuleMeta<M, D>;
  check(ctx: RuleContext<DomainModels[D], M>): void;
}

// eslint-style helper: infers the message ids from `messages`, so a wrong messageId is a compile error.
export function createRule<D extends DomainName, M extends string>(def: {
  id: string;
  domain: D;
  description: string;
  type: 'problem' | 'suggestion';
  defaultSeverity: Severity;
  messages: Record<M, string>;
  fixable?: boolean;
  hasSuggestions?: boolean;
  check(ctx: RuleContext<DomainModels[D], M>): void;
}): Rule<M, D> {
  const { check, ...meta } = def;
  return { meta, check };
}

/** Relative path of a rule's documentation page, from the package root. */
export function ruleDocPath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}

/** Templates split once into literal text and placeholder names (even indices text, odd indices names). */
const compiled = new Map<string, readonly string[]>();

export function interpolate(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  if (!data) return template;
  let parts = compiled.get(template);
  if (!parts) compiled.set(template, (parts = template.split(/\{\{\s*(\w+)\s*\}\}/)));
  if (parts.length === 1) return template;
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const k = parts[i]!;
    out += (k in data ? String(data[k]) : `{{${k}}}`) + parts[i + 1]!;
  }
  return out;
}
