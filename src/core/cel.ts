// CEL conditions (`match.condition`): parsed with the real CEL grammar (@bufbuild/cel), turned into a small located
// AST whose spans are UTF-16 offsets into the condition, and mapped back into the document. Parsed once per scalar
// node (a WeakMap): every rule of one check shares the parse. The analyses live in cel-analysis.ts (folding, claim
// uses, requirements on every path) and cel-scope.ts (what a condition admits beyond what it seems to say).
import { parse as celParse } from '@bufbuild/cel';
import { children } from './cel-analysis';
import type { Span } from './model';
import type { ScalarNode } from './tree';
import { type CelSyntaxError, type CelToken, diagnose, isSpace, lexCel, matchBrackets } from './cel-lexer';

export type { CelSyntaxError, CelToken } from './cel-lexer';
export { lexCel } from './cel-lexer';

type ParsedExpr = ReturnType<typeof celParse>;
type PExpr = ParsedExpr['expr'];

export type CelLiteral =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'bytes' }
  | { readonly type: 'int' | 'uint'; readonly value: bigint }
  | { readonly type: 'double'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'null' };

interface Base {
  /** The expression's own text, without enclosing parentheses. */
  readonly span: Span;
  /** The span including any parentheses wrapped around it. */
  readonly outer: Span;
}
export type CelExpr =
  | (Base & { readonly kind: 'literal'; readonly lit: CelLiteral })
  | (Base & { readonly kind: 'ident'; readonly name: string })
  | (Base & { readonly kind: 'select'; readonly operand: CelExpr; readonly field: string })
  /** Operators (`_==_`, `_&&_`, `!_`, `@in`, `_[_]`, `_?_:_`...), functions, methods and macros (`has`, `exists`...). */
  | (Base & { readonly kind: 'call'; readonly fn: string; readonly target?: CelExpr; readonly args: readonly CelExpr[]; readonly macro: boolean })
  | (Base & { readonly kind: 'list'; readonly items: readonly CelExpr[] })
  | (Base & { readonly kind: 'map'; readonly entries: readonly { readonly key: CelExpr; readonly value: CelExpr }[] })
  | (Base & { readonly kind: 'other' });


export interface CelParse {
  readonly source: string;
  /** The condition's tokens (empty when it does not parse). */
  readonly tokens: readonly CelToken[];
  readonly root?: CelExpr;
  readonly error?: CelSyntaxError;
}

// ---------------------------------------------------------------------------------------------------------------
// Parse and locate.

/**
 * Parses are pure in the condition's text and CEL parsing is the slowest step of a check, so recent ones are kept:
 * as someone types, only the condition they are editing is parsed again. Bounded (least recently used goes first).
 */
const MAX_CACHED = 2000;
const MAX_CACHED_LENGTH = 16 * 1024;
const parsedByText = new Map<string, CelParse>();

export function parseCel(source: string): CelParse {
  const hit = parsedByText.get(source);
  if (hit) {
    parsedByText.delete(source); // refresh its place in the LRU order
    parsedByText.set(source, hit);
    return hit;
  }
  const result = parseCelUncached(source);
  if (source.length <= MAX_CACHED_LENGTH) {
    parsedByText.set(source, result);
    if (parsedByText.size > MAX_CACHED) parsedByText.delete(parsedByText.keys().next().value!);
  }
  return result;
}

/**
 * Deeper expressions than this are treated as opaque: the analyses walk the tree recursively, and a hostile condition
 * (`claims.a.a.a…` thousands deep) would exhaust the stack.
 */
export const MAX_CEL_DEPTH = 200;

function parseCelUncached(source: string): CelParse {
  let parsed: ParsedExpr;
  try {
    parsed = celParse(source);
  } catch (e) {
    if (e instanceof RangeError) {
      // the parser recurses per nesting level (and per character of a string literal): running out of stack says
      // nothing about the syntax, so only a mistake the lexer or the brackets show is reported; else it is opaque
      const lexed = lexCel(source);
      const error = lexed.error ?? matchBrackets(lexed.tokens).error;
      return error ? { source, tokens: [], error } : { source, tokens: lexed.tokens };
    }
    return { source, tokens: [], error: diagnose(source, e) };
  }
  const { tokens } = lexCel(source);
  const { match } = matchBrackets(tokens);
  const locate = new Locator(source, tokens, match, (parsed.sourceInfo?.positions ?? {}) as Record<string, number>);
  const macros = (parsed.sourceInfo?.macroCalls ?? {}) as Record<string, PExpr>;
  try {
    const root = convert(parsed.expr, locate, macros);
    return depthOf(root) > MAX_CEL_DEPTH ? { source, tokens } : { source, tokens, root };
  } catch {
    // an AST shape this module does not know (or one too deep to convert): treat the condition as opaque rather than
    // fail the check
    return { source, tokens };
  }
}

/** Depth of an expression tree, without recursion. */
function depthOf(root: CelExpr): number {
  let max = 0;
  const stack: [CelExpr, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [e, d] = stack.pop()!;
    if (d > max) max = d;
    for (const c of children(e)) stack.push([c, d + 1]);
  }
  return max;
}

class Locator {
  private readonly starts: number[];
  constructor(
    readonly src: string,
    readonly tokens: readonly CelToken[],
    readonly match: ReadonlyMap<number, number>,
    readonly positions: Record<string, number>,
  ) {
    this.starts = tokens.map((t) => t.start);
  }
  /** Index of the first token starting at or after offset. */
  at(offset: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  pos(id: bigint | number): number {
    return this.positions[String(id)] ?? 0;
  }
  tok(k: number): CelToken | undefined {
    return this.tokens[k];
  }
  /** End of the bracket group opened by the first `open` token at or after offset. */
  closeAfter(offset: number, open: string): number {
    let k = this.at(offset);
    while (k < this.tokens.length && this.tokens[k]!.text !== open) k++;
    const m = this.match.get(k);
    return m === undefined ? this.src.length : this.tokens[m]!.end;
  }
  /** Widen a span over parentheses that wrap exactly it. */
  outer(span: Span): Span {
    let s = span;
    for (;;) {
      const before = this.at(s.start) - 1;
      const after = this.at(s.end);
      if (before < 0 || this.tokens[before]?.text !== '(' || this.tokens[after]?.text !== ')' || this.match.get(before) !== after) return s;
      s = { start: this.tokens[before]!.start, end: this.tokens[after]!.end };
    }
  }
}

function literalOf(e: PExpr): CelLiteral {
  const k = e.exprKind.case === 'constExpr' ? e.exprKind.value.constantKind : undefined;
  switch (k?.case) {
    case 'stringValue': return { type: 'string', value: k.value };
    case 'bytesValue': return { type: 'bytes' };
    case 'int64Value': return { type: 'int', value: BigInt(k.value) };
    case 'uint64Value': return { type: 'uint', value: BigInt(k.value) };
    case 'doubleValue': return { type: 'double', value: k.value };
    case 'boolValue': return { type: 'bool', value: k.value };
    default: return { type: 'null' };
  }
}

function convert(e: PExpr, L: Locator, macros: Record<string, PExpr>): CelExpr {
  const node = <T extends Omit<CelExpr, 'outer'>>(n: T): T & { outer: Span } => ({ ...n, outer: L.outer(n.span) });
  const p = L.pos(e.id);
  const k = e.exprKind;
  switch (k.case) {
    case 'constExpr': {
      const t = L.at(p);
      const first = L.tok(t);
      const end = first?.text === '-' ? (L.tok(t + 1)?.end ?? p + 1) : (first?.end ?? p + 1);
      return node({ kind: 'literal', lit: literalOf(e), span: { start: first?.start ?? p, end } });
    }
    case 'identExpr': {
      const t = L.tok(L.at(p));
      return node({ kind: 'ident', name: k.value.name, span: { start: t?.start ?? p, end: t?.end ?? p + k.value.name.length } });
    }
    case 'selectExpr': {
      const macro = k.value.testOnly ? macros[String(e.id)] : undefined;
      if (macro && macro.exprKind.case === 'callExpr') return convertCall(macro.exprKind.value, p, L, macros, true);
      const operand = convert(k.value.operand!, L, macros);
      const dot = L.at(operand.outer.end);
      const field = L.tok(dot + 1);
      return node({ kind: 'select', operand, field: k.value.field, span: { start: operand.outer.start, end: field?.end ?? operand.outer.end } });
    }
    case 'callExpr':
      return convertCall(k.value, p, L, macros, false);
    case 'listExpr': {
      const items = k.value.elements.map((x) => convert(x, L, macros));
      const open = L.tok(L.at(p));
      return node({ kind: 'list', items, span: { start: open?.start ?? p, end: L.closeAfter(p, '[') } });
    }
    case 'structExpr': {
      const start = L.tok(L.at(p))?.start ?? p;
      const span = { start, end: L.closeAfter(p, '{') };
      if (k.value.messageName) return node({ kind: 'other', span });
      const entries = k.value.entries.flatMap((en) =>
        en.keyKind.case === 'mapKey' && en.value ? [{ key: convert(en.keyKind.value, L, macros), value: convert(en.value, L, macros) }] : [],
      );
      return node({ kind: 'map', entries, span });
    }
    case 'comprehensionExpr': {
      const macro = macros[String(e.id)];
      if (macro && macro.exprKind.case === 'callExpr') return convertCall(macro.exprKind.value, p, L, macros, true);
      return node({ kind: 'other', span: { start: p, end: p + 1 } });
    }
    default:
      return node({ kind: 'other', span: { start: p, end: p + 1 } });
  }
}

type PCall = Extract<PExpr['exprKind'], { case: 'callExpr' }>['value'];

function convertCall(c: PCall, p: number, L: Locator, macros: Record<string, PExpr>, macro: boolean): CelExpr {
  const target = c.target ? convert(c.target, L, macros) : undefined;
  const args = c.args.map((a) => convert(a, L, macros));
  const fn = c.function;
  const mk = (span: Span): CelExpr => ({ kind: 'call', fn, ...(target ? { target } : {}), args, macro, span, outer: L.outer(span) });
  if (target) return mk({ start: target.outer.start, end: L.closeAfter(target.outer.end, '(') });
  if (fn === '_[_]' && args.length === 2) return mk({ start: args[0]!.outer.start, end: L.closeAfter(args[0]!.outer.end, '[') });
  if ((fn === '!_' || fn === '-_') && args.length === 1) {
    const op = L.tok(L.at(args[0]!.outer.start) - 1);
    return mk({ start: op?.start ?? p, end: args[0]!.outer.end });
  }
  if (/^_.+_$/.test(fn) || fn === '@in') {
    if (args.length >= 2) return mk({ start: args[0]!.outer.start, end: args[args.length - 1]!.outer.end });
  }
  const name = L.tok(L.at(p));
  return mk({ start: name?.start ?? p, end: L.closeAfter(p, '(') });
}

// ---------------------------------------------------------------------------------------------------------------
// Conditions inside documents: which document offsets the condition's characters come from.

/** For each character of a scalar's string value, the document offsets it was read from (undefined when unknown). */
function alignScalar(node: ScalarNode, text: string): { starts: number[]; ends: number[] } | undefined {
  const value = node.value;
  if (typeof value !== 'string') return undefined;
  const starts: number[] = new Array(value.length);
  const ends: number[] = new Array(value.length);
  if (node.contentSpan) {
    for (let i = 0; i < value.length; i++) { starts[i] = node.contentSpan.start + i; ends[i] = node.contentSpan.start + i + 1; }
    return { starts, ends };
  }
  let j = node.span.start;
  let end = node.span.end;
  if (node.style === 'double' || node.style === 'single') { j++; end--; }
  if (node.style === 'block') { while (j < end && text[j] !== '\n') j++; }
  let i = 0;
  while (i < value.length) {
    if (j >= end) return undefined;
    const c = text[j]!;
    const v = value[i]!;
    if (node.style === 'double' && c === '\\') {
      const esc = decodeEscape(text, j);
      if (!esc) return undefined;
      if (esc.value === '') { j = esc.end; while (j < end && (text[j] === ' ' || text[j] === '\t')) j++; continue; }
      for (const unit of splitUnits(esc.value)) {
        if (value[i] !== unit) return undefined;
        starts[i] = j; ends[i] = esc.end; i++;
      }
      j = esc.end;
      continue;
    }
    if (node.style === 'single' && c === "'" && text[j + 1] === "'") {
      if (v !== "'") return undefined;
      starts[i] = j; ends[i] = j + 2; i++; j += 2;
      continue;
    }
    if (c === v) { starts[i] = j; ends[i] = j + 1; i++; j++; continue; }
    if (isSpace(c)) { j++; continue; }
    if (v === ' ' || v === '\n') { starts[i] = j; ends[i] = j; i++; continue; }
    return undefined;
  }
  return { starts, ends };
}

function splitUnits(s: string): string[] {
  const out: string[] = [];
  for (let k = 0; k < s.length; k++) out.push(s[k]!);
  return out;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0', a: '\x07', v: '\v', e: '\x1b', ' ': ' ', '"': '"', '\\': '\\', '/': '/',
  N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029', '\t': '\t',
};

function decodeEscape(text: string, at: number): { value: string; end: number } | undefined {
  const d = text[at + 1];
  if (d === undefined) return undefined;
  if (d === '\n') return { value: '', end: at + 2 };
  if (d === '\r') return { value: '', end: text[at + 2] === '\n' ? at + 3 : at + 2 };
  const hex = (n: number) => {
    const h = text.slice(at + 2, at + 2 + n);
    return /^[0-9a-fA-F]+$/.test(h) && h.length === n ? { value: String.fromCodePoint(parseInt(h, 16)), end: at + 2 + n } : undefined;
  };
  if (d === 'u') return hex(4);
  if (d === 'x') return hex(2);
  if (d === 'U') return hex(8);
  const s = SIMPLE_ESCAPES[d];
  return s === undefined ? undefined : { value: s, end: at + 2 };
}

export interface CelCondition extends CelParse {
  readonly node: ScalarNode;
  /** The document span of a span of the condition text (the whole scalar when characters cannot be mapped). */
  toDoc(span: Span): Span;
  /** The document span of a span of the condition whose characters are written one-to-one (no escapes), else undefined. */
  toDocExact(span: Span): Span | undefined;
}

interface Mapper {
  toDoc(span: Span): Span;
  toDocExact(span: Span): Span | undefined;
}

function mapperFor(node: ScalarNode, text: string): Mapper {
  const align = alignScalar(node, text);
  const len = typeof node.value === 'string' ? node.value.length : 0;
  return {
    toDoc(s: Span): Span {
      if (!align || len === 0) return node.span;
      const a = Math.max(0, Math.min(s.start, len - 1));
      const b = Math.max(a + 1, Math.min(s.end, len));
      return { start: align.starts[a]!, end: Math.max(align.starts[a]!, align.ends[b - 1]!) };
    },
    toDocExact(s: Span): Span | undefined {
      if (!align || s.end <= s.start || s.end > len) return undefined;
      for (let k = s.start; k < s.end; k++) {
        if (align.ends[k]! - align.starts[k]! !== 1 || (k > s.start && align.starts[k] !== align.ends[k - 1])) return undefined;
      }
      return { start: align.starts[s.start]!, end: align.ends[s.end - 1]! };
    },
  };
}

/** The document span of characters [start, end) of a string scalar's value (the whole scalar when they cannot be told). */
export function spanInScalar(node: ScalarNode, text: string, s: Span): Span {
  return mapperFor(node, text).toDoc(s);
}

const cache = new WeakMap<ScalarNode, CelCondition>();

/** The parsed condition of a scalar node; parsed once per node (so once per check), whichever rules ask. */
export function conditionOf(node: ScalarNode, text: string): CelCondition | undefined {
  if (typeof node.value !== 'string') return undefined;
  const hit = cache.get(node);
  if (hit) return hit;
  const cond: CelCondition = { ...parseCel(node.value), node, ...mapperFor(node, text) };
  cache.set(node, cond);
  return cond;
}

/** Text to write inside a scalar of this style so that it reads back as `s` (quotes escaped as the style needs). */
export function encodeInScalar(node: ScalarNode, s: string): string {
  if (node.style === 'double') return JSON.stringify(s).slice(1, -1);
  if (node.style === 'single') return s.replace(/'/g, "''");
  return s;
}
