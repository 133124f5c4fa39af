// Inline suppression: `keyless:allow` on the secret's line or in a comment on the line above, `gitleaks:allow` and
// `pragma: allowlist secret` on the line, `pragma: allowlist nextline secret` on the line above (the conventions of
// gitleaks and detect-secrets). Line bounds come from a cursor that only moves forward, so the cost stays linear
// however many findings share one long line.
import type { Span } from '../model';

export const SAME_LINE_MARKERS: readonly string[] = ['keyless:allow', 'gitleaks:allow', 'pragma: allowlist secret'];
export const LINE_ABOVE_MARKERS: readonly string[] = ['keyless:allow', 'pragma: allowlist nextline secret'];

/**
 * Line bounds for offsets asked in non-decreasing order: every character is searched at most once going back and
 * once going forward (native searches on slices, which never reach past what is needed).
 */
export class LineCursor {
  private examined = 0;
  private start = 0;
  private end = -1;
  private nextLf = -1;

  constructor(private readonly text: string) {}

  /** The line holding `offset`, which must not itself be a line break. */
  at(offset: number): Span {
    const t = this.text;
    if (offset > this.examined) {
      const part = t.slice(this.examined, offset);
      const b = Math.max(part.lastIndexOf('\n'), part.lastIndexOf('\r'));
      if (b >= 0) this.start = this.examined + b + 1;
      this.examined = offset;
    }
    if (offset >= this.end) {
      if (offset >= this.nextLf) {
        this.nextLf = t.indexOf('\n', offset);
        if (this.nextLf < 0) this.nextLf = t.length;
      }
      const cr = t.slice(offset, this.nextLf).indexOf('\r');
      this.end = cr >= 0 ? offset + cr : this.nextLf;
    }
    return { start: this.start, end: this.end };
  }
}

const lineHas = (text: string, line: Span, markers: readonly string[]): boolean => {
  const s = text.slice(line.start, line.end);
  return markers.some((m) => s.includes(m));
};

/** The line before the one starting at `start` (at most its last `max` characters); `undefined` on the first line. */
function previousLine(text: string, start: number, max = Infinity): Span | undefined {
  if (start === 0) return undefined;
  let end = start - 1;
  if (text.charCodeAt(end) === 10 && end > 0 && text.charCodeAt(end - 1) === 13) end--;
  let s = end;
  while (s > 0 && end - s < max && text.charCodeAt(s - 1) !== 10 && text.charCodeAt(s - 1) !== 13) s--;
  return { start: s, end };
}

/**
 * A marker on the line above counts when that line is a comment (`# keyless:allow: test fixture`), or the header of a
 * YAML block scalar whose content is the secret (`key: |  # keyless:allow`) — not when it trails another value, where
 * it is about that line's own secret and must not hide the next one.
 */
const COMMENT_LINE = /^\s*(?:#|\/\/|--|;|\/\*|\*|<!--|%|')/;
const BLOCK_SCALAR_HEADER = /[|>][-+1-9]{0,2}[ \t]+#/;
const markerAbove = (text: string, line: Span): boolean => {
  const s = text.slice(line.start, line.end);
  return LINE_ABOVE_MARKERS.some((m) => {
    const i = s.indexOf(m);
    if (i < 0) return false;
    const before = s.slice(0, i);
    return COMMENT_LINE.test(before) || BLOCK_SCALAR_HEADER.test(before);
  });
};

const allowedLine = (text: string, line: Span, above: Span | undefined): boolean =>
  lineHas(text, line, SAME_LINE_MARKERS) || (above !== undefined && markerAbove(text, above));

/**
 * A checker for spans given in increasing, non-overlapping order (a multi-line span is checked on its first and last
 * lines). Each line's verdict is kept, so the line above is read once per line.
 */
export function inlineSuppression(text: string): (span: Span) => boolean {
  const lines = new LineCursor(text);
  const verdicts = new Map<number, boolean>();
  const allowed = (line: Span): boolean => {
    let v = verdicts.get(line.start);
    if (v === undefined) verdicts.set(line.start, (v = allowedLine(text, line, previousLine(text, line.start))));
    return v;
  };
  return (span) => allowed(lines.at(span.start)) || (span.end - 1 > span.start && allowed(lines.at(span.end - 1)));
}

/** The same check for a span out of order (the related half of a pair), reading at most 4 KiB each way. */
export function suppressedNear(text: string, span: Span): boolean {
  let start = span.start;
  while (start > 0 && span.start - start < 4096 && text.charCodeAt(start - 1) !== 10 && text.charCodeAt(start - 1) !== 13) start--;
  let end = span.end;
  while (end < text.length && end - span.end < 4096 && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
  return allowedLine(text, { start, end }, previousLine(text, start, 4096));
}
