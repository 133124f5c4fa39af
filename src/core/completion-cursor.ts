// Where a completion is asked for, read from the line around the cursor (the document is usually mid-edit and
// often does not parse): the token being typed, whether it is quoted, whether a `:` already follows it, and a probe
// text in which that token is replaced by a placeholder that parses as a key, a value or an item in exactly the
// place the user is typing. The probe is parsed once, instead of the text; where the placeholder lands says which
// map and key the cursor is in. Indentation decides for YAML block maps, as it does for the YAML parser.
import type { Span } from './model';
import { lineEndAt, lineStartAt } from './text';

export const PLACEHOLDER = '__keyless__';

export interface Cursor {
  /** The text with the token replaced by the placeholder. */
  readonly probe: string;
  /** Offset of the placeholder in the probe (of its opening quote in JSON). */
  readonly at: number;
  /** The token under the cursor: after its opening quote (if any), through its closing quote (if any). */
  readonly token: Span;
  /** The quote the user opened the token with. */
  readonly quote?: '"' | "'";
  /** The token ends with the quote that closes it. */
  readonly closed: boolean;
  /** The space-separated word under the cursor, within the value (for `oauth_scope`). */
  readonly word: Span;
  /** The value's other words. */
  readonly words: readonly string[];
  /** A `:` already follows the token, so a key completion adds none. */
  readonly colonFollows: boolean;
  /** The token directly follows a `- ` (a YAML block sequence item). */
  readonly dashItem: boolean;
  readonly json: boolean;
}

interface Token {
  /** After the opening quote, if any. */
  readonly start: number;
  /** Through the closing quote, if any. */
  readonly end: number;
  readonly quote?: '"' | "'";
  readonly closed?: boolean;
  /** Where the token's content ends (before a closing quote). */
  readonly contentEnd: number;
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t';
/** Characters of an unquoted word: a YAML key, enum value or partial scope; in JSON only `true`, `false`, numbers. */
const isWordChar = (c: string | undefined, json = false) => c !== undefined && (json ? /[A-Za-z0-9_.-]/ : /[A-Za-z0-9_.:/*@$-]/).test(c);

function skipSpaces(text: string, i: number, end: number): number {
  while (i < end && isSpace(text[i])) i++;
  return i;
}

/** Index just past the quote that closes the string opening at `open`, on the same line; -1 when it stays open. */
function closingQuote(text: string, open: number, lineEnd: number): number {
  const q = text[open];
  for (let i = open + 1; i < lineEnd; i++) {
    if (q === '"' && text[i] === '\\') i++;
    else if (text[i] === q) {
      if (q === "'" && text[i + 1] === "'") i++;
      else return i + 1;
    }
  }
  return -1;
}

function startOfWord(text: string, i: number, from: number, json = false): number {
  while (i > from && isWordChar(text[i - 1], json)) i--;
  return i;
}

/** End of the word at `i`; in YAML a `:` followed by a space (or the line's end) ends a key. */
function endOfWord(text: string, i: number, lineEnd: number, yaml: boolean): number {
  while (i < lineEnd && isWordChar(text[i], !yaml) && !(yaml && text[i] === ':' && (i + 1 >= lineEnd || isSpace(text[i + 1])))) i++;
  return i;
}

/** The token that starts at `start` (an opening quote, or the first character of a word) and holds `offset`. */
function tokenFrom(text: string, start: number, offset: number, lineEnd: number, yaml: boolean): Token | undefined {
  const c = text[start];
  if ((c === '"' || c === "'") && start < offset) {
    const close = closingQuote(text, start, lineEnd);
    if (close >= 0 && close <= offset) return undefined; // the cursor is after the closing quote
    const end = close >= 0 ? close : endOfWord(text, offset, lineEnd, yaml);
    return { start: start + 1, end, quote: c, closed: close >= 0, contentEnd: close >= 0 ? close - 1 : end };
  }
  const end = endOfWord(text, offset, lineEnd, yaml);
  return { start, end, contentEnd: end };
}

function wordsAround(text: string, from: number, to: number, offset: number): { word: Span; words: string[] } {
  let s = offset;
  while (s > from && !isSpace(text[s - 1])) s--;
  let e = offset;
  while (e < to && !isSpace(text[e]) && text[e] !== '"' && text[e] !== "'") e++;
  const words = `${text.slice(from, s)} ${text.slice(e, Math.max(e, to))}`.split(/[ \t]+/).filter(Boolean);
  return { word: { start: s, end: e }, words };
}

interface BuildOptions {
  readonly json: boolean;
  readonly offset: number;
  readonly dashItem?: boolean;
  /** Cut the value into space-separated words around the cursor. */
  readonly words?: boolean;
  /** Text to add to the probe at an offset after the token (closers of a flow collection). */
  readonly suffix?: { readonly at: number; readonly text: string };
}

function build(text: string, tok: Token, placeholder: string, opts: BuildOptions): Cursor {
  const start = tok.quote ? tok.start - 1 : tok.start;
  const { word, words } = opts.words ? wordsAround(text, tok.start, tok.contentEnd, Math.min(Math.max(tok.start, opts.offset), tok.contentEnd)) : { word: tok, words: [] };
  let probe = text.slice(0, start) + placeholder;
  if (opts.suffix) probe += text.slice(tok.end, opts.suffix.at) + opts.suffix.text + text.slice(opts.suffix.at);
  else probe += text.slice(tok.end);
  const after = skipSpaces(text, tok.end, text.length);
  return {
    probe,
    at: start,
    token: { start: tok.start, end: tok.end },
    ...(tok.quote ? { quote: tok.quote } : {}),
    closed: tok.closed ?? false,
    word,
    words,
    colonFollows: text[after] === ':',
    dashItem: opts.dashItem ?? false,
    json: opts.json,
  };
}

export function cursorAt(text: string, offset: number, json: boolean): Cursor | undefined {
  return json ? jsonCursor(text, offset) : yamlCursor(text, offset);
}

function jsonCursor(text: string, offset: number): Cursor | undefined {
  const ls = lineStartAt(text, offset);
  const le = lineEndAt(text, offset);
  let open = -1;
  for (let i = ls; i < offset; i++) {
    const c = text[i];
    if (open >= 0) {
      if (c === '\\') i++;
      else if (c === '"') open = -1;
    } else if (c === '"') open = i;
    else if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) return undefined; // in a comment
  }
  const tok = open >= 0 ? tokenFrom(text, open, offset, le, false) : tokenFrom(text, startOfWord(text, offset, ls, true), offset, le, false);
  if (!tok) return undefined;
  // another member right after the token, without a comma: add one, so the parser keeps that member
  let next = tok.end;
  while (next < text.length && /\s/.test(text[next]!)) next++;
  const placeholder = `"${PLACEHOLDER}"${text[next] === '"' ? ',' : ''}`;
  return build(text, tok, placeholder, { json: true, offset, words: tok.quote !== undefined });
}

function yamlCursor(text: string, offset: number): Cursor | undefined {
  const ls = lineStartAt(text, offset);
  const le = lineEndAt(text, offset);
  let content = ls;
  let dashItem = false;
  for (;;) {
    const s = skipSpaces(text, content, le);
    if (text[s] === '-' && (s + 1 >= le || isSpace(text[s + 1]))) {
      dashItem = true;
      content = skipSpaces(text, s + 1, le);
    } else {
      content = s;
      break;
    }
  }
  if (offset < content) {
    // in the indentation: only on a blank line, where the cursor's column is the key's
    if (content < le) return undefined;
    content = offset;
  }
  const first = text[content];
  if (first === '#') return undefined;
  if (first === '{' || first === '[') return flowCursor(text, offset, content, le, dashItem);
  const colon = keyColon(text, content, le);
  if (colon < 0 || offset <= colon) {
    const tok = tokenFrom(text, content, offset, le, true);
    if (!tok || (!tok.quote && tok.start < offset && startOfWord(text, offset, content) !== content)) return undefined;
    return build(text, tok, colon >= 0 || text[skipSpaces(text, tok.end, le)] === ':' ? PLACEHOLDER : `${PLACEHOLDER}:`, { json: false, offset, dashItem });
  }
  let vs = skipSpaces(text, colon + 1, le);
  if (offset < vs) {
    if (vs < le) return undefined;
    vs = offset;
  }
  const c = text[vs];
  if (c === '{' || c === '[') return flowCursor(text, offset, vs, le, false);
  if (c === '|' || c === '>' || c === '&' || c === '*' || c === '!' || c === '#') return undefined;
  if (c === '"' || c === "'") {
    const tok = tokenFrom(text, vs, offset, le, true);
    return tok ? build(text, tok, PLACEHOLDER, { json: false, offset, words: true }) : undefined;
  }
  let end = vs;
  for (let i = vs; i < le; i++) {
    if (text[i] === '#' && isSpace(text[i - 1])) break;
    if (!isSpace(text[i])) end = i + 1;
  }
  return build(text, { start: vs, end: Math.max(end, offset), contentEnd: Math.max(end, offset) }, PLACEHOLDER, { json: false, offset, words: true });
}

/** The first `:` of a block line that ends a key (followed by a space or the line's end), outside quotes. */
function keyColon(text: string, from: number, le: number): number {
  let i = from;
  if (text[i] === '"' || text[i] === "'") {
    const close = closingQuote(text, i, le);
    if (close < 0) return -1;
    i = close;
  }
  for (; i < le; i++) {
    if (text[i] === '#' && i > from && isSpace(text[i - 1])) return -1;
    if (text[i] === ':' && (i + 1 >= le || isSpace(text[i + 1]))) return i;
  }
  return -1;
}

/** Inside a YAML flow collection that opens on this line: `{ type: disc| }`, `[openid, |]`. */
function flowCursor(text: string, offset: number, flowStart: number, le: number, dashItem: boolean): Cursor | undefined {
  const stack: string[] = [];
  let quoteOpen = -1;
  for (let i = flowStart; i < offset; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const close = closingQuote(text, i, le);
      if (close < 0 || close > offset) {
        quoteOpen = i;
        break;
      }
      i = close - 1;
    } else if (c === '{' || c === '[') stack.push(c);
    else if (c === '}' || c === ']') stack.pop();
    else if (c === '#' && isSpace(text[i - 1])) return undefined;
  }
  if (stack.length === 0) return undefined;
  const tok = quoteOpen >= 0 ? tokenFrom(text, quoteOpen, offset, le, true) : tokenFrom(text, startOfWord(text, offset, flowStart), offset, le, true);
  if (!tok) return undefined;
  // close what stays open at the end of the line, unless the collection goes on over the next lines
  for (let i = tok.end; i < le; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const close = closingQuote(text, i, le);
      if (close < 0) break;
      i = close - 1;
    } else if (c === '{' || c === '[') stack.push(c);
    else if (c === '}' || c === ']') stack.pop();
  }
  const closers = stack.length && !continuesBelow(text, le, flowStart) ? stack.reverse().map((c) => (c === '{' ? '}' : ']')).join('') : '';
  return build(text, tok, PLACEHOLDER, { json: false, offset, dashItem, ...(closers ? { suffix: { at: le, text: closers } } : {}) });
}

/** The next line that is neither blank nor a comment is indented deeper than the line the flow starts on. */
function continuesBelow(text: string, lineEnd: number, flowStart: number): boolean {
  const ls = lineStartAt(text, flowStart);
  const indent = skipSpaces(text, ls, flowStart) - ls;
  let i = lineEnd;
  while (i < text.length) {
    while (i < text.length && (text[i] === '\n' || text[i] === '\r')) i++;
    const s = skipSpaces(text, i, text.length);
    const e = lineEndAt(text, s);
    if (s < e && text[s] !== '#') return s - i > indent;
    i = e;
  }
  return false;
}
