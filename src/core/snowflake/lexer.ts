// A small, exact, linear-time lexer for Snowflake SQL. Every token carries its UTF-16 span in the original text;
// whitespace and comments are skipped. Unterminated strings, quoted identifiers and block comments become parse
// problems (never exceptions) and their token runs to the end of the text.
import type { Span } from '../model';
import type { ParseProblem } from '../parse';

export type TokenKind =
  /** An unquoted identifier or keyword (compared case-insensitively through `upper`). */
  | 'word'
  /** A double-quoted identifier (case-sensitive). */
  | 'quoted'
  /** A single-quoted or `$$`-delimited string. */
  | 'string'
  | 'number'
  /** One of `( ) , = ; .` */
  | 'punct'
  /** Any other character (operators, `!`, `$`, `*`...). */
  | 'other';

export interface Token extends Span {
  readonly kind: TokenKind;
  /** word/number/punct/other: as written; string/quoted: the value with its escapes resolved. */
  readonly value: string;
  /** `value` upper-cased for words; `value` itself for every other kind. */
  readonly upper: string;
  /** string/quoted: the characters between the delimiters are the value, one to one (no escapes). */
  readonly verbatim?: boolean;
  /** string: delimited by `$$`. */
  readonly dollar?: boolean;
  /** The closing delimiter is missing: the token runs to the end of the text. */
  readonly unterminated?: boolean;
}

export interface LexResult {
  readonly tokens: readonly Token[];
  readonly problems: readonly ParseProblem[];
}

const PUNCT = new Set(['(', ')', ',', '=', ';', '.']);
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0' };

function isWhitespace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

const NON_ASCII_WORD = /[\p{L}\p{N}]/u;

function isWordStart(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (isAsciiLetter(c) || c === 95 /* _ */) return true;
  return c > 127 && NON_ASCII_WORD.test(text[i]!) && !isDigit(c);
}

function isWordPart(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (isAsciiLetter(c) || isDigit(c) || c === 95 || c === 36 /* $ */) return true;
  return c > 127 && NON_ASCII_WORD.test(text[i]!);
}

function isOctal(s: string): boolean {
  return /^[0-7]{3}$/.test(s);
}

export function lex(text: string): LexResult {
  const tokens: Token[] = [];
  const problems: ParseProblem[] = [];
  const n = text.length;
  const push = (kind: TokenKind, start: number, end: number, value: string, extra?: Partial<Token>) =>
    tokens.push({ kind, start, end, value, upper: kind === 'word' ? value.toUpperCase() : value, ...extra });
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isWhitespace(c)) {
      i++;
    } else if ((c === 45 /* - */ && text.charCodeAt(i + 1) === 45) || (c === 47 /* / */ && text.charCodeAt(i + 1) === 47)) {
      i += 2;
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) {
        problems.push({ code: 'SQL_UNTERMINATED_COMMENT', message: 'Unterminated block comment: this `/*` is never closed by `*/`', span: { start: i, end: i + 2 } });
        i = n;
      } else i = close + 2;
    } else if (c === 39 /* ' */) {
      i = lexQuoted(text, i, tokens, problems);
    } else if (c === 34 /* " */) {
      i = lexIdentifier(text, i, tokens, problems);
    } else if (c === 36 /* $ */ && text.charCodeAt(i + 1) === 36) {
      const close = text.indexOf('$$', i + 2);
      if (close < 0) {
        problems.push({ code: 'SQL_UNTERMINATED_STRING', message: 'Unterminated string: this `$$` is never closed', span: { start: i, end: i + 2 } });
        push('string', i, n, text.slice(i + 2), { verbatim: true, dollar: true, unterminated: true });
        i = n;
      } else {
        push('string', i, close + 2, text.slice(i + 2, close), { verbatim: true, dollar: true });
        i = close + 2;
      }
    } else if (isWordStart(text, i)) {
      const s = i++;
      while (i < n && isWordPart(text, i)) i++;
      push('word', s, i, text.slice(s, i));
    } else if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      const s = i;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) === 46 /* . */ && isDigit(text.charCodeAt(i + 1))) {
        i++;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      const e = text.charCodeAt(i);
      if ((e === 69 || e === 101) /* E e */) {
        const sign = text.charCodeAt(i + 1) === 43 || text.charCodeAt(i + 1) === 45 ? 1 : 0;
        if (isDigit(text.charCodeAt(i + 1 + sign))) {
          i += 1 + sign;
          while (i < n && isDigit(text.charCodeAt(i))) i++;
        }
      }
      push('number', s, i, text.slice(s, i));
    } else {
      const ch = text[i]!;
      push(PUNCT.has(ch) ? 'punct' : 'other', i, i + 1, ch);
      i++;
    }
  }
  return { tokens, problems };
}

/** A single-quoted string: `''` is a quote; a backslash escapes the next character (Snowflake's escape sequences). */
function lexQuoted(text: string, start: number, tokens: Token[], problems: ParseProblem[]): number {
  const n = text.length;
  let value = '';
  let verbatim = true;
  let i = start + 1;
  let chunk = i;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 39) {
      if (text.charCodeAt(i + 1) === 39) {
        value += text.slice(chunk, i) + "'";
        verbatim = false;
        i += 2;
        chunk = i;
        continue;
      }
      value += text.slice(chunk, i);
      tokens.push({ kind: 'string', start, end: i + 1, value, upper: value, verbatim });
      return i + 1;
    }
    if (c === 92 /* \ */ && i + 1 < n) {
      value += text.slice(chunk, i);
      verbatim = false;
      const next = text[i + 1]!;
      if (isOctal(text.slice(i + 1, i + 4))) {
        value += String.fromCharCode(parseInt(text.slice(i + 1, i + 4), 8));
        i += 4;
      } else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
        value += String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16));
        i += 4;
      } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
      } else {
        value += SIMPLE_ESCAPES[next] ?? next;
        i += 2;
      }
      chunk = i;
      continue;
    }
    i++;
  }
  value += text.slice(chunk, n);
  problems.push({ code: 'SQL_UNTERMINATED_STRING', message: 'Unterminated string: the quote opened here is never closed', span: { start, end: start + 1 } });
  tokens.push({ kind: 'string', start, end: n, value, upper: value, verbatim: false, unterminated: true });
  return n;
}

/** A double-quoted identifier: `""` is a double quote; no other escapes. */
function lexIdentifier(text: string, start: number, tokens: Token[], problems: ParseProblem[]): number {
  const n = text.length;
  let value = '';
  let verbatim = true;
  let i = start + 1;
  let chunk = i;
  while (i < n) {
    if (text.charCodeAt(i) === 34) {
      if (text.charCodeAt(i + 1) === 34) {
        value += text.slice(chunk, i) + '"';
        verbatim = false;
        i += 2;
        chunk = i;
        continue;
      }
      value += text.slice(chunk, i);
      tokens.push({ kind: 'quoted', start, end: i + 1, value, upper: value, verbatim });
      return i + 1;
    }
    i++;
  }
  value += text.slice(chunk, n);
  problems.push({ code: 'SQL_UNTERMINATED_IDENTIFIER', message: 'Unterminated quoted identifier: the `"` opened here is never closed', span: { start, end: start + 1 } });
  tokens.push({ kind: 'quoted', start, end: n, value, upper: value, verbatim: false, unterminated: true });
  return n;
}

/** The span of a string token's content (between its delimiters), when the content is its value one to one. */
export function contentSpanOf(t: Token): Span | undefined {
  if (t.kind !== 'string' || !t.verbatim || t.unterminated) return undefined;
  const d = t.dollar ? 2 : 1;
  return { start: t.start + d, end: t.end - d };
}
