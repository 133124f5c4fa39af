// CEL's lexical grammar, as far as Keyless needs it: token ends (for spans), bracket matching, and syntax errors placed
// where the mistake is (the parser reports where it stopped, which is often earlier). Linear, no backtracking.
import type { Span } from './model';

export interface CelSyntaxError {
  readonly message: string;
  /** Offsets within the condition text. */
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------------------------
// Lexer: enough of CEL's lexical grammar to find token ends, brackets and lexical errors. Linear, no backtracking.

export interface CelToken {
  readonly kind: 'ident' | 'number' | 'string' | 'punct';
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const PUNCT2 = ['==', '!=', '<=', '>=', '&&', '||'];
const PUNCT1 = '<>!+-*/%?:.,()[]{}';
const isIdStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isDigit = (c: string) => c >= '0' && c <= '9';
export const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';

export function lexCel(src: string): { tokens: CelToken[]; error?: CelSyntaxError } {
  const tokens: CelToken[] = [];
  let i = 0;
  const push = (kind: CelToken['kind'], start: number, end: number) => tokens.push({ kind, start, end, text: src.slice(start, end) });
  while (i < src.length) {
    const c = src[i]!;
    if (isSpace(c)) { i++; continue; }
    if (c === '/' && src[i + 1] === '/') { while (i < src.length && src[i] !== '\n') i++; continue; }
    const start = i;
    // string and bytes literals, with r/b prefixes
    let p = i;
    while (p < i + 2 && p < src.length && /[rRbB]/.test(src[p]!)) p++;
    if (src[p] === '"' || src[p] === "'") {
      const q = src[p]!;
      const raw = /[rR]/.test(src.slice(i, p));
      const triple = src.startsWith(q + q + q, p);
      let k = p + (triple ? 3 : 1);
      let closed = false;
      while (k < src.length) {
        const d = src[k]!;
        if (!raw && d === '\\') { k += 2; continue; }
        if (triple ? src.startsWith(q + q + q, k) : d === q) { k += triple ? 3 : 1; closed = true; break; }
        if (!triple && (d === '\n' || d === '\r')) break;
        k++;
      }
      if (!closed) return { tokens, error: { message: 'this string literal is never closed', span: { start, end: start + 1 } } };
      push('string', start, k);
      i = k;
      continue;
    }
    if (isIdStart(c)) {
      while (i < src.length && (isIdStart(src[i]!) || isDigit(src[i]!))) i++;
      push('ident', start, i);
      continue;
    }
    if (c === '`') {
      const k = src.indexOf('`', i + 1);
      if (k < 0) return { tokens, error: { message: 'this quoted identifier is never closed', span: { start, end: start + 1 } } };
      push('ident', start, k + 1);
      i = k + 1;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(src[i + 1] ?? ''))) {
      if (c === '0' && (src[i + 1] === 'x' || src[i + 1] === 'X')) {
        i += 2;
        while (i < src.length && /[0-9a-fA-F]/.test(src[i]!)) i++;
      } else {
        while (i < src.length && isDigit(src[i]!)) i++;
        if (src[i] === '.' && isDigit(src[i + 1] ?? '')) { i++; while (i < src.length && isDigit(src[i]!)) i++; }
        if ((src[i] === 'e' || src[i] === 'E') && /[-+0-9]/.test(src[i + 1] ?? '')) {
          i += /[-+]/.test(src[i + 1]!) ? 2 : 1;
          while (i < src.length && isDigit(src[i]!)) i++;
        }
      }
      if (src[i] === 'u' || src[i] === 'U') i++;
      push('number', start, i);
      continue;
    }
    const two = src.slice(i, i + 2);
    if (PUNCT2.includes(two)) { push('punct', i, i + 2); i += 2; continue; }
    if (PUNCT1.includes(c)) { push('punct', i, i + 1); i++; continue; }
    const what = c === '=' ? '`=` (CEL compares with `==`)' : c === '&' ? '`&` (CEL\'s "and" is `&&`)' : c === '|' ? '`|` (CEL\'s "or" is `||`)' : `\`${c}\``;
    return { tokens, error: { message: `unexpected character ${what}`, span: { start, end: start + c.length } } };
  }
  return { tokens };
}

const sp = (t: CelToken): Span => ({ start: t.start, end: t.end });
const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const BINARY = new Set(['==', '!=', '<', '<=', '>', '>=', '&&', '||', '+', '*', '/', '%', '?', ':', ',', 'in']);

/** Matching bracket of every bracket token (index -> index), or a syntax error for unbalanced brackets. */
export function matchBrackets(tokens: readonly CelToken[]): { match: Map<number, number>; error?: CelSyntaxError } {
  const match = new Map<number, number>();
  const stack: number[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind !== 'punct') continue;
    if (OPENERS[t.text]) stack.push(k);
    else if (t.text === ')' || t.text === ']' || t.text === '}') {
      const open = stack.pop();
      if (open === undefined || OPENERS[tokens[open]!.text] !== t.text) {
        return { match, error: { message: `unexpected \`${t.text}\`${open === undefined ? ' with nothing to close' : `: the \`${tokens[open]!.text}\` before it is still open`}`, span: sp(t) } };
      }
      match.set(open, k);
      match.set(k, open);
    }
  }
  const open = stack.pop();
  if (open !== undefined) return { match, error: { message: `this \`${tokens[open]!.text}\` is never closed`, span: sp(tokens[open]!) } };
  return { match };
}

/** A better position than the parser's for common mistakes (it reports where parsing stopped, often too early). */
export function diagnose(src: string, parserError: unknown): CelSyntaxError {
  const lexed = lexCel(src);
  if (lexed.error) return lexed.error;
  const toks = lexed.tokens;
  if (toks.length === 0) return { message: 'the condition is empty', span: { start: 0, end: src.length } };
  const brackets = matchBrackets(toks);
  if (brackets.error) return brackets.error;
  const operand = (t: CelToken | undefined) => !!t && (t.kind === 'string' || t.kind === 'number' || (t.kind === 'ident' && t.text !== 'in'));
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    const next = toks[k + 1];
    if (t.kind === 'punct' && t.text === '.' && next?.kind !== 'ident') return { message: 'expected a field name after `.`', span: sp(t) };
    if ((t.kind === 'punct' || t.text === 'in') && BINARY.has(t.text)) {
      if (!next) return { message: `expected an operand after \`${t.text}\``, span: sp(t) };
      if ((next.kind === 'punct' && (BINARY.has(next.text) || next.text === ')' || next.text === ']' || next.text === '}')) || next.text === 'in') {
        if (!(t.text === ',' && (next.text === ']' || next.text === '}' || next.text === ')'))) return { message: `expected an operand after \`${t.text}\`, found \`${next.text}\``, span: sp(next) };
      }
    }
    if ((operand(t) || (t.kind === 'punct' && (t.text === ')' || t.text === ']'))) && operand(next)) {
      return { message: `expected an operator between \`${t.text}\` and \`${next!.text}\``, span: sp(next!) };
    }
  }
  const loc = (parserError as { location?: { start?: { offset?: number } }; found?: string | null } | undefined);
  const at = Math.max(0, Math.min(loc?.location?.start?.offset ?? 0, src.length));
  const found = loc?.found;
  return { message: found ? `unexpected \`${found}\`` : 'unexpected end of the condition', span: { start: at, end: Math.min(src.length, at + Math.max(1, found?.length ?? 0)) } };
}

