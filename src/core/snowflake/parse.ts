// The statements of a Snowflake SQL script that configure users, workload identities and authentication policies,
// with exact spans for every name, property and value. Every other statement is passed over.
import type { Span } from '../model';
import type { ParseProblem } from '../parse';
import type {
  GroupValue,
  ListValue,
  NamePart,
  RawStatement,
  SqlName,
  SqlProp,
  SqlValue,
  Statement,
  StatementBase,
  UnsetKey,
} from './ast';
import { contentSpanOf, type Token } from './lexer';

function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}

/**
 * Split tokens into statements on `;`. A SnowSQL client command (`!set`, `!source` …) ends at the end of its line.
 */
export function splitStatements(text: string, tokens: readonly Token[]): RawStatement[] {
  const out: RawStatement[] = [];
  let cur: Token[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind === 'punct' && t.value === ';') {
      if (cur.length) out.push({ tokens: cur, semicolon: { start: t.start, end: t.end } });
      cur = [];
      continue;
    }
    if (cur.length > 0 && cur[0]!.kind === 'other' && cur[0]!.value === '!' && hasLineBreak(text, cur[cur.length - 1]!.end, t.start)) {
      out.push({ tokens: cur });
      cur = [];
    }
    cur.push(t);
  }
  if (cur.length) out.push({ tokens: cur });
  return out;
}

class Cursor {
  i = 0;
  constructor(
    readonly tokens: readonly Token[],
    readonly text: string,
    readonly problems: ParseProblem[],
  ) {}

  peek(k = 0): Token | undefined {
    return this.tokens[this.i + k];
  }

  /** True when the next tokens are these words (case-insensitive). */
  at(...words: string[]): boolean {
    return words.every((w, k) => {
      const t = this.peek(k);
      return t?.kind === 'word' && t.upper === w;
    });
  }

  /** Consume these words when they come next; returns the span they cover. */
  eat(...words: string[]): Span | undefined {
    if (!this.at(...words)) return undefined;
    const span = { start: this.peek()!.start, end: this.peek(words.length - 1)!.end };
    this.i += words.length;
    return span;
  }

  punct(ch: string, k = 0): boolean {
    const t = this.peek(k);
    return t?.kind === 'punct' && t.value === ch;
  }

  get done(): boolean {
    return this.i >= this.tokens.length;
  }
}

function namePart(t: Token | undefined): NamePart | undefined {
  if (!t || (t.kind !== 'word' && t.kind !== 'quoted')) return undefined;
  return { value: t.value, quoted: t.kind === 'quoted', span: { start: t.start, end: t.end } };
}

/** `a.b."C"`; undefined when the next token is no name (or is `IDENTIFIER(…)`, which this parser does not resolve). */
function parseName(c: Cursor): SqlName | undefined {
  const first = namePart(c.peek());
  if (!first || (!first.quoted && c.punct('(', 1))) return undefined;
  const parts = [first];
  c.i++;
  while (c.punct('.') && namePart(c.peek(1))) {
    parts.push(namePart(c.peek(1))!);
    c.i += 2;
  }
  const span = { start: first.span.start, end: parts[parts.length - 1]!.span.end };
  const norm = (p: NamePart) => (p.quoted ? p.value : p.value.toUpperCase());
  return { parts, span, key: parts.map(norm).join('.'), lastKey: norm(parts[parts.length - 1]!), text: c.text.slice(span.start, span.end) };
}

function parseValue(c: Cursor): SqlValue | undefined {
  const t = c.peek();
  if (!t) return undefined;
  if (t.kind === 'punct' && t.value === '(') return parseGroup(c);
  if (t.kind === 'string') {
    c.i++;
    return { kind: 'string', span: { start: t.start, end: t.end }, value: t.value, contentSpan: contentSpanOf(t) };
  }
  if (t.kind === 'number') {
    c.i++;
    return { kind: 'number', span: { start: t.start, end: t.end }, text: t.value };
  }
  if (t.kind === 'other' && t.value === '-' && c.peek(1)?.kind === 'number' && c.peek(1)!.start === t.end) {
    const num = c.peek(1)!;
    c.i += 2;
    return { kind: 'number', span: { start: t.start, end: num.end }, text: `-${num.value}` };
  }
  const name = parseName(c);
  if (name) return { kind: 'ident', span: name.span, name };
  if (t.kind === 'other' || t.kind === 'word') {
    c.i++;
    return { kind: 'other', span: { start: t.start, end: t.end }, text: t.value };
  }
  return undefined;
}

/** `( … )` as a property group when it opens with `KEY =`, else as a list of values. */
function parseGroup(c: Cursor): ListValue | GroupValue {
  const open = c.peek()!;
  c.i++;
  const isProps = (c.peek()?.kind === 'word' || c.peek()?.kind === 'quoted') && c.punct('=', 1);
  let props: SqlProp[] = [];
  const items: SqlValue[] = [];
  if (isProps) props = parseProps(c, true);
  else {
    while (!c.done && !c.punct(')')) {
      if (c.punct(',')) {
        c.i++;
        continue;
      }
      const v = parseValue(c);
      if (v) items.push(v);
      else c.i++;
    }
  }
  let end: number;
  if (c.punct(')')) {
    end = c.peek()!.end;
    c.i++;
  } else {
    end = c.tokens[c.tokens.length - 1]!.end;
    c.problems.push({ code: 'SQL_UNCLOSED_PAREN', message: 'Unclosed parenthesis: this `(` has no matching `)` before the end of the statement', span: { start: open.start, end: open.end } });
  }
  const span = { start: open.start, end };
  return isProps ? { kind: 'props', span, props } : { kind: 'list', span, items };
}

/** `KEY = value` pairs, separated by commas or not; other tokens (`WITH TAG (…)`, `FORCE`) are passed over. */
function parseProps(c: Cursor, inParens: boolean): SqlProp[] {
  const props: SqlProp[] = [];
  let comma: Span | undefined;
  while (!c.done) {
    const t = c.peek()!;
    if (inParens && c.punct(')')) break;
    if (c.punct(',')) {
      comma = { start: t.start, end: t.end };
      c.i++;
      continue;
    }
    if ((t.kind === 'word' || t.kind === 'quoted') && c.punct('=', 1)) {
      const eq = c.peek(1)!;
      const prevEnd = c.i > 0 ? c.tokens[c.i - 1]!.end : t.start;
      c.i += 2;
      const value = parseValue(c);
      props.push({
        key: t.upper,
        keySpan: { start: t.start, end: t.end },
        value,
        span: { start: t.start, end: value ? value.span.end : eq.end },
        prevEnd,
        ...(comma ? { commaBefore: comma } : {}),
      });
    } else if (c.punct('(')) parseGroup(c);
    else c.i++;
    comma = undefined;
  }
  return props;
}

/** `KEY [, KEY …]` after UNSET; `AUTHENTICATION POLICY` and the like are one key. */
function parseUnsetKeys(c: Cursor): UnsetKey[] {
  const keys: UnsetKey[] = [];
  while (!c.done) {
    const t = c.peek()!;
    if (t.kind !== 'word') {
      c.i++;
      continue;
    }
    const two = c.peek(1);
    if (two?.kind === 'word' && two.upper === 'POLICY') {
      keys.push({ key: `${t.upper} POLICY`, span: { start: t.start, end: two.end } });
      c.i += 2;
    } else {
      keys.push({ key: t.upper, span: { start: t.start, end: t.end } });
      c.i++;
    }
  }
  return keys;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Body = DistributiveOmit<Statement, keyof StatementBase>;

function parseCreate(c: Cursor): Body | undefined {
  c.eat('CREATE');
  const orReplace = !!(c.eat('OR', 'REPLACE') ?? c.eat('OR', 'ALTER'));
  if (c.eat('USER')) {
    const ifNotExists = !!c.eat('IF', 'NOT', 'EXISTS');
    const name = parseName(c);
    return name && { kind: 'create-user', orReplace, ifNotExists, name, props: parseProps(c, false) };
  }
  if (c.eat('AUTHENTICATION', 'POLICY')) {
    const ifNotExists = !!c.eat('IF', 'NOT', 'EXISTS');
    const name = parseName(c);
    return name && { kind: 'create-policy', orReplace, ifNotExists, name, props: parseProps(c, false) };
  }
  return undefined;
}

function patAnchor(c: Cursor): Span | undefined {
  return c.eat('PAT') ?? c.eat('PROGRAMMATIC', 'ACCESS', 'TOKEN');
}

function parseAlterUser(c: Cursor): Body | undefined {
  c.eat('IF', 'EXISTS');
  // `ALTER USER ADD PAT …` without a user name applies to the current user
  const second = c.peek(1)?.kind === 'word' ? c.peek(1)!.upper : '';
  const named = !((c.at('ADD') || c.at('REMOVE')) && (second === 'PAT' || second === 'PROGRAMMATIC'));
  const name = named ? parseName(c) : undefined;
  if (named && !name) return undefined;
  if (c.eat('ADD')) {
    const pat = patAnchor(c);
    if (pat) return { kind: 'alter-user-add-pat', name, token: parseName(c), anchor: pat, props: parseProps(c, false) };
    const anchor = c.eat('WORKLOAD', 'IDENTITY');
    const identity = anchor && parseName(c);
    return name && anchor && identity ? { kind: 'alter-user-add-identity', name, identity, anchor, props: parseProps(c, false) } : undefined;
  }
  if (c.eat('REMOVE')) {
    if (patAnchor(c)) return { kind: 'alter-user-remove-pat', name, token: parseName(c) };
    const identity = c.eat('WORKLOAD', 'IDENTITY') && parseName(c);
    return name && identity ? { kind: 'alter-user-remove-identity', name, identity } : undefined;
  }
  if (!name) return undefined;
  if (c.eat('SET')) {
    if (c.eat('AUTHENTICATION', 'POLICY')) {
      const policy = parseName(c);
      return policy && { kind: 'alter-user-set-policy', name, policy };
    }
    return { kind: 'alter-user-set', name, props: parseProps(c, false) };
  }
  if (c.eat('UNSET')) return { kind: 'alter-user-unset', name, keys: parseUnsetKeys(c) };
  return undefined;
}

function parseAlter(c: Cursor): Body | undefined {
  c.eat('ALTER');
  if (c.eat('USER')) return parseAlterUser(c);
  if (c.eat('ACCOUNT')) {
    if (c.eat('SET', 'AUTHENTICATION', 'POLICY')) {
      const policy = parseName(c);
      return policy && { kind: 'alter-account-set-policy', policy };
    }
    if (c.eat('UNSET')) {
      const keys = parseUnsetKeys(c);
      return keys.some((k) => k.key === 'AUTHENTICATION POLICY') ? { kind: 'alter-account-unset-policy' } : undefined;
    }
    return undefined;
  }
  if (c.eat('AUTHENTICATION', 'POLICY')) {
    c.eat('IF', 'EXISTS');
    const name = parseName(c);
    if (!name) return undefined;
    if (c.eat('SET')) return { kind: 'alter-policy-set', name, props: parseProps(c, false) };
    if (c.eat('UNSET')) return { kind: 'alter-policy-unset', name, keys: parseUnsetKeys(c) };
  }
  return undefined;
}

/** The statement these tokens form, or undefined when it is none of those this domain reads. */
export function parseStatement(raw: RawStatement, text: string, problems: ParseProblem[]): Statement | undefined {
  const first = raw.tokens[0];
  if (!first || first.kind !== 'word' || (first.upper !== 'CREATE' && first.upper !== 'ALTER')) return undefined;
  // a statement whose string runs to the end of the file is broken; the lexer has reported it
  if (raw.tokens.some((t) => t.unterminated)) return undefined;
  const local: ParseProblem[] = [];
  const c = new Cursor(raw.tokens, text, local);
  const body = first.upper === 'CREATE' ? parseCreate(c) : parseAlter(c);
  if (!body) return undefined;
  problems.push(...local);
  const last = raw.tokens[raw.tokens.length - 1]!;
  const base: StatementBase = {
    span: { start: first.start, end: last.end },
    end: raw.semicolon ? raw.semicolon.end : last.end,
    first,
    ...(raw.semicolon ? { semicolon: raw.semicolon } : {}),
  };
  return { ...body, ...base } as Statement;
}
