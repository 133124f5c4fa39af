// Parsing YAML and JSON (and JSON with comments) into the located tree, with parse problems as data.
import * as Y from 'yaml';
import type { Span } from './model';
import type { MapNode, Node, PairNode, ScalarNode, SeqNode } from './tree';

export interface ParseProblem {
  readonly code: string;
  readonly message: string;
  readonly span: Span;
}

export interface StructuredDocument {
  /** The document's root node; undefined for an empty document. */
  readonly root: Node | undefined;
  /** Span of the whole document within the file (a multi-document stream has several). */
  readonly span: Span;
}

export interface StructuredParse {
  readonly syntax: 'json' | 'yaml';
  readonly documents: readonly StructuredDocument[];
  readonly problems: readonly ParseProblem[];
}

/** Files larger than this are not parsed as structured documents (they are no trust policy). */
export const MAX_STRUCTURED_LENGTH = 5 * 1024 * 1024;

export function looksLikeJson(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '{' || c === '[') return true;
    if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\n' && c !== '\uFEFF') return false;
  }
  return false;
}

/**
 * Replace `//` and `/* *\/` comments and trailing commas in JSON-with-comments by spaces, keeping every offset
 * (so ranges still point into the original text). Strings are respected.
 */
export function blankJsonComments(text: string): string {
  let out: string[] | undefined;
  const blank = (from: number, to: number) => {
    out ??= text.split('');
    for (let k = from; k < to; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' ';
  };
  let i = 0;
  let lastComma = -1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      lastComma = -1;
      i++;
      while (i < text.length && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      const s = i;
      while (i < text.length && text[i] !== '\n') i++;
      blank(s, i);
    } else if (c === '/' && text[i + 1] === '*') {
      const s = i;
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? text.length : e + 2;
      blank(s, i);
    } else if (c === ',') {
      lastComma = i++;
    } else if (c === '}' || c === ']') {
      if (lastComma >= 0) blank(lastComma, lastComma + 1);
      lastComma = -1;
      i++;
    } else {
      if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\n') lastComma = -1;
      i++;
    }
  }
  return out ? out.join('') : text;
}

export function parseStructured(text: string): StructuredParse {
  const json = looksLikeJson(text);
  const source = json ? blankJsonComments(text) : text;
  const docs = Y.parseAllDocuments(source, { prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  const list = Array.isArray(docs) ? docs : [];
  const problems: ParseProblem[] = [];
  const documents: StructuredDocument[] = [];
  const clamp = (n: number) => Math.max(0, Math.min(n, text.length));
  for (const d of list) {
    for (const e of d.errors) {
      const [s, t] = e.pos;
      const start = clamp(s);
      problems.push({ code: e.code, message: firstLine(e.message), span: { start, end: Math.max(start, clamp(t)) } });
    }
    const range = d.range ?? [0, text.length, text.length];
    documents.push({ root: convert(d.contents, source, new Map()), span: { start: clamp(range[0]), end: clamp(range[2]) } });
  }
  return { syntax: json ? 'json' : 'yaml', documents, problems: json && problems.length ? jsonProblems(source, problems) : problems };
}

/**
 * For JSON, YAML's flow-syntax errors read oddly ("block collections are not allowed within flow collections"):
 * report JSON's own error instead, at its position. Duplicate keys stay (JSON.parse keeps the last one silently).
 */
function jsonProblems(source: string, yamlProblems: ParseProblem[]): ParseProblem[] {
  const duplicates = yamlProblems.filter((p) => p.code === 'DUPLICATE_KEY');
  try {
    JSON.parse(source);
    return duplicates;
  } catch (e) {
    const message = (e as Error).message;
    const m = /at position (\d+)/.exec(message);
    const end = source.trimEnd().length;
    // an error at the very end points at the last character, not at an empty last line
    const at = Math.min(m ? Number(m[1]) : /end of JSON input/.test(message) ? end : yamlProblems[0]!.span.start, Math.max(0, end - 1));
    const text = message.replace(/^Unexpected token .*?, (".*?"|.*?) is not valid JSON$/, 'Unexpected token').replace(/ in JSON at position \d+.*$/, '');
    return [...duplicates, { code: 'JSON_SYNTAX', message: text, span: { start: at, end: Math.min(at + 1, source.length) } }].sort(
      (a, b) => a.span.start - b.span.start,
    );
  }
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return (i < 0 ? s : s.slice(0, i)).trim();
}

type YNode = Y.Node | Y.Pair | null | undefined | unknown;

function rangeOf(n: { range?: [number, number, number] | null }): Span {
  const r = n.range;
  return r ? { start: r[0], end: r[1] } : { start: 0, end: 0 };
}

function convert(n: YNode, text: string, anchors: Map<string, Node>): Node | undefined {
  if (n == null) return undefined;
  if (Y.isScalar(n)) return anchor(n, scalar(n, text), anchors);
  if (Y.isMap(n)) {
    const pairs: PairNode[] = [];
    const node: MapNode = anchor(n, { kind: 'map', span: rangeOf(n), tag: userTag(n.tag), flow: !!n.flow, pairs }, anchors);
    for (const p of n.items) {
      const key = Y.isScalar(p.key) ? scalar(p.key, text) : undefined;
      if (!key) continue; // complex keys are not part of any document kind we read
      const value = convert(p.value, text, anchors) ?? null;
      pairs.push({ key, value, span: { start: key.span.start, end: value ? value.span.end : key.span.end } });
    }
    return node;
  }
  if (Y.isSeq(n)) {
    const items: Node[] = [];
    const node: SeqNode = anchor(n, { kind: 'seq', span: rangeOf(n), tag: userTag(n.tag), flow: !!n.flow, items }, anchors);
    for (const i of n.items) {
      const c = convert(i, text, anchors);
      if (c) items.push(c);
    }
    return node;
  }
  if (Y.isAlias(n)) {
    // An alias points back to the node last anchored under its name; it is never expanded.
    return { kind: 'alias', span: rangeOf(n), target: anchors.get(n.source) ?? null };
  }
  return undefined;
}

function anchor<T extends Node>(n: { anchor?: string }, node: T, anchors: Map<string, Node>): T {
  if (n.anchor) anchors.set(n.anchor, node);
  return node;
}

function userTag(tag: string | undefined): string | undefined {
  return tag && tag.startsWith('!') && !tag.startsWith('!!') ? tag : undefined;
}

function scalar(n: Y.Scalar, text: string): ScalarNode {
  const span = rangeOf(n);
  const raw = n.value;
  const value: ScalarNode['value'] =
    raw === null || typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean'
      ? raw
      : typeof raw === 'bigint'
        ? Number(raw)
        : String(raw);
  const style =
    n.type === 'QUOTE_DOUBLE' ? 'double' : n.type === 'QUOTE_SINGLE' ? 'single' : n.type === 'PLAIN' ? 'plain' : 'block';
  let contentSpan: Span | undefined;
  const src = text.slice(span.start, span.end);
  if (style === 'plain' && src === String(value ?? src)) contentSpan = span;
  else if ((style === 'double' || style === 'single') && typeof value === 'string' && src.slice(1, -1) === value)
    contentSpan = { start: span.start + 1, end: span.end - 1 };
  return { kind: 'scalar', span, tag: userTag(n.tag), value, style, contentSpan };
}
