// A dotenv reader with exact spans: `KEY=VALUE`, `export KEY=VALUE`, whitespace around `=`, single, double and back
// quotes (double quotes take escapes and may span lines), `#` comments (whole-line, or after whitespace in an unquoted
// value), CRLF. One linear pass; no regular expression runs over the text.
import type { Span } from '../model';
import type { ParseProblem } from '../parse';
import { eolOf } from '../text';
import { afterBreak, isBlank, lineEndAt, skipBlanks } from './text-lines';
import type { EnvBlock, EnvVar } from './types';
import { isReference, type ValueShape } from './vars';

export interface DotenvEntry {
  readonly name: string;
  readonly nameSpan: Span;
  readonly exported: boolean;
  /** The decoded value. */
  readonly value: string;
  /** The value as written, quotes included (an empty span right after `=` when there is none). */
  readonly valueSpan: Span;
  readonly quote: '"' | "'" | '`' | undefined;
  /** From the start of the entry's line to just past the line break after it: the span to delete. */
  readonly lineSpan: Span;
  /** End of the entry's last line, before its line break. */
  readonly contentEnd: number;
}

export interface DotenvParse {
  readonly entries: readonly DotenvEntry[];
  readonly problems: readonly ParseProblem[];
  /** Every line is blank, a comment or an assignment (what content recognition asks of a dotenv file). */
  readonly onlyAssignments: boolean;
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 46 || c === 45;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$' };

/** `probe`: stop at the first line that is not an assignment (content recognition only needs to know that). */
export function parseDotenv(text: string, probe = false): DotenvParse {
  const n = text.length;
  const entries: DotenvEntry[] = [];
  const problems: ParseProblem[] = [];
  let onlyAssignments = true;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < n) {
    const lineStart = i;
    i = skipBlanks(text, i);
    const c = text.charCodeAt(i);
    if (i >= n) break;
    if (c === 10 || c === 13) {
      i = afterBreak(text, i);
      continue;
    }
    if (c === 35 /* # */) {
      i = afterBreak(text, lineEndAt(text, i));
      continue;
    }
    let exported = false;
    if (text.startsWith('export', i) && isBlank(text.charCodeAt(i + 6))) {
      exported = true;
      i = skipBlanks(text, i + 6);
    }
    const nameStart = i;
    if (isNameStart(text.charCodeAt(i))) while (i < n && isNameChar(text.charCodeAt(i))) i++;
    const nameEnd = i;
    i = skipBlanks(text, i);
    if (nameEnd === nameStart || text.charCodeAt(i) !== 61 /* = */) {
      onlyAssignments = false;
      if (probe) break;
      i = afterBreak(text, lineEndAt(text, i));
      continue;
    }
    const equals = i;
    i = skipBlanks(text, i + 1);
    const q = text[i];
    let value = '';
    let valueSpan: Span;
    let quote: DotenvEntry['quote'];
    if (q === '"' || q === "'" || q === '`') {
      quote = q;
      const open = i++;
      let closed = false;
      // copy runs of plain characters as slices (building a string a character at a time is slow)
      let run = i;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (text[i] === q) {
          value += text.slice(run, i);
          closed = true;
          i++;
          break;
        }
        if (q === '"' && c === 92 /* \\ */ && i + 1 < n) {
          value += text.slice(run, i) + (ESCAPES[text[i + 1]!] ?? `\\${text[i + 1]}`);
          i += 2;
          run = i;
          continue;
        }
        i++;
      }
      if (!closed) value += text.slice(run, i);
      valueSpan = { start: open, end: i };
      if (!closed) {
        problems.push({ code: 'UNTERMINATED_QUOTE', message: `The value of ${text.slice(nameStart, nameEnd)} opens a ${q} quote that is never closed`, span: { start: open, end: open + 1 } });
      }
      const end = lineEndAt(text, i);
      entries.push(entry(text, nameStart, nameEnd, exported, value, valueSpan, quote, lineStart, end));
      i = afterBreak(text, end);
      continue;
    }
    const end = lineEndAt(text, i);
    let stop = end;
    // a `#` after whitespace starts a comment (right after `=` and blanks too: `KEY= # note` is empty)
    for (let k = i; k < end; k++) {
      if (text.charCodeAt(k) === 35 && (k === i ? k > equals + 1 : isBlank(text.charCodeAt(k - 1)))) {
        stop = k;
        break;
      }
    }
    while (stop > i && isBlank(text.charCodeAt(stop - 1))) stop--;
    value = text.slice(i, stop);
    valueSpan = { start: i, end: stop };
    entries.push(entry(text, nameStart, nameEnd, exported, value, valueSpan, undefined, lineStart, end));
    i = afterBreak(text, end);
  }
  return { entries, problems, onlyAssignments };
}

function entry(
  text: string,
  nameStart: number,
  nameEnd: number,
  exported: boolean,
  value: string,
  valueSpan: Span,
  quote: DotenvEntry['quote'],
  lineStart: number,
  contentEnd: number,
): DotenvEntry {
  return {
    name: text.slice(nameStart, nameEnd),
    nameSpan: { start: nameStart, end: nameEnd },
    exported,
    value,
    valueSpan,
    quote,
    lineSpan: { start: lineStart, end: afterBreak(text, contentEnd) },
    contentEnd,
  };
}

/** The entries as environment variables: the last definition of a name wins, as every loader does. */
export function dotenvVars(text: string, parse: DotenvParse): EnvVar[] {
  const entries = parse.entries;
  const last = entries[entries.length - 1];
  const eol = eolOf(text);
  const prefix = entries.length > 0 && entries.every((e) => e.exported) ? 'export ' : '';
  const block: EnvBlock = {
    insert(name, value) {
      const line = `${prefix}${name}=${JSON.stringify(value)}`;
      if (!last) return { span: { start: text.length, end: text.length }, newText: `${line}${eol}` };
      if (last.lineSpan.end > last.contentEnd) return { span: { start: last.lineSpan.end, end: last.lineSpan.end }, newText: `${line}${eol}` };
      return { span: { start: last.contentEnd, end: last.contentEnd }, newText: `${eol}${line}` };
    },
  };
  const byName = new Map<string, EnvVar>();
  for (const e of entries) {
    const raw = text.slice(e.valueSpan.start, e.valueSpan.end);
    const expands = e.quote === undefined || e.quote === '"';
    const shape: ValueShape = e.value === '' ? 'empty' : expands && isReference(raw.replace(/\\\$/g, ''), 'shell') ? 'reference' : 'literal';
    byName.delete(e.name);
    byName.set(e.name, {
      name: e.name,
      nameSpan: e.nameSpan,
      value: e.value,
      valueSpan: e.valueSpan,
      shape,
      origin: 'env',
      remove: { span: e.lineSpan, newText: '' },
      block,
    });
  }
  return [...byName.values()];
}
