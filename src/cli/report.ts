// What `keyless check` found, in a form every output format reads: 1-based lines and columns (UTF-16 code units,
// as SARIF and editors count), end column exclusive.
import type { Finding, Severity } from '../core/model';
import { LineIndex } from '../core/text';

export interface FileFinding {
  readonly file: string;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly finding: Finding;
  /** The preferred fix, as 1-based regions (for SARIF). */
  readonly fix?: { readonly title: string; readonly replacements: readonly { readonly region: Region; readonly text: string }[] };
}

export interface Region {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface CheckReport {
  readonly findings: readonly FileFinding[];
  /** Files read and checked. */
  readonly filesChecked: number;
  /** Files recognised as one of Keyless's document kinds. */
  readonly filesRecognised: number;
  /** Files that could not be read, or were skipped (binary, too large), with why. */
  readonly problems: readonly { readonly file: string; readonly message: string }[];
  /** With --fix: what was fixed and written. */
  readonly fixed?: { readonly problems: number; readonly files: number };
}

export function locate(file: string, text: string, findings: readonly Finding[]): FileFinding[] {
  if (findings.length === 0) return [];
  const lines = new LineIndex(text);
  const region = (span: { start: number; end: number }): Region => {
    const s = lines.positionAt(span.start);
    const e = lines.positionAt(span.end);
    return { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
  };
  return findings.map((f) => {
    const s = lines.positionAt(f.span.start);
    const e = lines.positionAt(f.span.end);
    const preferred = f.fixes.find((x) => x.preferred);
    return {
      file,
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      line: s.line + 1,
      column: s.character + 1,
      endLine: e.line + 1,
      endColumn: e.character + 1,
      finding: f,
      ...(preferred ? { fix: { title: preferred.title, replacements: preferred.edits.map((ed) => ({ region: region(ed.span), text: ed.newText })) } } : {}),
    };
  });
}

export function counts(findings: readonly { severity: Severity }[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}
