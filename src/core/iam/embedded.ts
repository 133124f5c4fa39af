// Where a policy's located tree lives: the document itself, or a JSON document embedded in a JSON string literal
// (Terraform plans carry policies as strings). Rules build edits against `PolicyText.text` with edit.ts and pass
// them through `edit()`, which maps offsets back into the document and re-escapes the new text as string content.
import type { Span, TextEdit } from '../model';

export interface PolicyText {
  /** The text the policy's nodes index into: the document, or the decoded string. */
  readonly text: string;
  /** True for a policy decoded from a JSON string literal. */
  readonly embedded: boolean;
  /** The document span of a span of `text`. */
  span(s: Span): Span;
  /** The document edit of an edit of `text`. */
  edit(e: TextEdit): TextEdit;
}

export function documentText(text: string): PolicyText {
  return { text, embedded: false, span: (s) => s, edit: (e) => e };
}

export interface DecodedString {
  readonly value: string;
  /** offsets[i] is the document offset of decoded UTF-16 unit i; offsets[value.length] is the closing quote. */
  readonly offsets: Int32Array;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Decode the content of a JSON string literal, `text[start, end)` (between its quotes), recording where each decoded
 * unit came from. Undefined when the content is not valid JSON string content.
 */
export function decodeJsonString(text: string, start: number, end: number): DecodedString | undefined {
  const offsets = new Int32Array(end - start + 1);
  const parts: string[] = [];
  let n = 0;
  let run = start;
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c < 0x20) return undefined;
    if (c !== 92 /* \ */) {
      offsets[n++] = i++;
      continue;
    }
    if (run < i) parts.push(text.slice(run, i));
    const e = text[i + 1];
    if (e === 'u') {
      const hex = text.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex) || i + 6 > end) return undefined;
      parts.push(String.fromCharCode(parseInt(hex, 16)));
      offsets[n++] = i;
      i += 6;
    } else {
      const s = e === undefined ? undefined : SIMPLE_ESCAPES[e];
      if (s === undefined || i + 2 > end) return undefined;
      parts.push(s);
      offsets[n++] = i;
      i += 2;
    }
    run = i;
  }
  if (run < end) parts.push(text.slice(run, end));
  offsets[n] = end;
  return { value: parts.join(''), offsets: offsets.subarray(0, n + 1) };
}

/** A policy decoded from a JSON string literal of the document. */
export function embeddedText(decoded: DecodedString): PolicyText {
  const { value, offsets } = decoded;
  const at = (i: number) => offsets[Math.max(0, Math.min(i, value.length))]!;
  const singleLine = !value.includes('\n');
  return {
    text: value,
    embedded: true,
    span: (s) => ({ start: at(s.start), end: at(s.end) }),
    edit: (e) => ({ span: { start: at(e.span.start), end: at(e.span.end) }, newText: escapeJsonContent(singleLine ? compactJson(e.newText) : e.newText) }),
  };
}

/** A string as JSON string content (without the quotes). */
function escapeJsonContent(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

/** Drop line breaks and the indentation after them outside strings (a comma keeps one space): JSON on one line. */
export function compactJson(s: string): string {
  if (!s.includes('\n')) return s;
  let out = '';
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += s[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '\r' || c === '\n') {
      while (s[i + 1] === ' ' || s[i + 1] === '\t' || s[i + 1] === '\n' || s[i + 1] === '\r') i++;
      if (out.endsWith(',')) out += ' ';
    } else {
      if (c === '"') inString = true;
      out += c;
    }
  }
  return out;
}
