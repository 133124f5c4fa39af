// Parsing YAML and JSON (and JSON with comments) into the located tree, with parse problems as data.
//
// Two parsers, both chosen for exact offsets and speed (a 5,000-line manifest must check in well under 50 ms):
//  - JSON/JSONC: Microsoft's jsonc-parser (what VS Code itself uses), comments and trailing commas allowed;
//  - YAML: @stoplight/yaml-ast-parser (the parser behind the Spectral linter), YAML 1.2 core schema, multi-document.
import { type ParseError as JsonParseError, type Node as JsonNode, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { YAMLNode, YAMLScalar, YAMLMapping, YAMLSequence, YamlMap } from '@stoplight/yaml-ast-parser';
import type * as YamlAst from '@stoplight/yaml-ast-parser';
import type { Span } from './model';
import type { MapNode, Node, PairNode, ScalarNode, ScalarValue, SeqNode } from './tree';

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
/** Deeper nesting than this is cut off (with a problem), so hostile input cannot exhaust the stack. */
export const MAX_DEPTH = 200;

export function looksLikeJson(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '{' || c === '[') return true;
    if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\n' && c !== '\uFEFF') return false;
  }
  return false;
}

export function parseStructured(text: string): StructuredParse {
  return looksLikeJson(text) ? parseJson(text) : parseYaml(text);
}

/**
 * Whether a map already has this key. Maps in configuration are small, so a scan beats allocating a Set per map
 * (measured: the Sets were a visible share of parse time); large maps fall back to one.
 */
function hasKey(pairs: readonly PairNode[], key: ScalarValue): boolean {
  const n = pairs.length;
  if (n < 32) {
    for (let i = 0; i < n; i++) if (pairs[i]!.key.value === key) return true;
    return false;
  }
  let set = bigMapKeys.get(pairs);
  if (!set) bigMapKeys.set(pairs, (set = new Set(pairs.map((p) => p.key.value))));
  const has = set.has(key);
  set.add(key); // the caller appends this key next
  return has;
}
const bigMapKeys = new WeakMap<readonly PairNode[], Set<ScalarValue>>();

// ---------------------------------------------------------------------------------------------------------------
// JSON

const JSON_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'Invalid symbol',
  InvalidNumberFormat: 'Invalid number',
  PropertyNameExpected: 'Expected a property name in double quotes',
  ValueExpected: 'Expected a value',
  ColonExpected: "Expected ':' after the property name",
  CommaExpected: "Expected ',' between values",
  CloseBraceExpected: "Expected '}' to close the object",
  CloseBracketExpected: "Expected ']' to close the array",
  EndOfFileExpected: 'Expected the end of the document after the value',
  InvalidCommentToken: 'Invalid comment',
  UnexpectedEndOfComment: 'Unterminated comment',
  UnexpectedEndOfString: 'Unterminated string',
  UnexpectedEndOfNumber: 'Unterminated number',
  InvalidUnicode: 'Invalid unicode escape',
  InvalidEscapeCharacter: 'Invalid escape character',
  InvalidCharacter: 'Invalid character in string',
};

/**
 * Both parsers recurse once per nesting level, so a document nested thousands deep (`[[[[…`, `- - - …`) overflows
 * the stack inside them, before MAX_DEPTH can cut it off. That, or any other throw from a parser, is reported as a
 * problem, with no document read.
 */
function parserFailed(syntax: 'json' | 'yaml', text: string, e: unknown): StructuredParse {
  // the YAML parser also throws on some malformed input (`(: [? `: a TypeError inside it): nothing is read then
  if (!(e instanceof RangeError)) return { syntax, documents: [], problems: [{ code: 'PARSER_FAILED', message: `The ${syntax === 'json' ? 'JSON' : 'YAML'} parser could not read this document`, span: { start: 0, end: Math.min(1, text.length) } }] };
  // point at the first bracket past MAX_DEPTH when there is one (brackets in strings are counted too: a hint only)
  let at = 0;
  for (let i = 0, depth = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > MAX_DEPTH) {
        at = i;
        break;
      }
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth = Math.max(0, depth - 1);
  }
  const span = { start: at, end: Math.min(text.length, at + 1) };
  return { syntax, documents: [], problems: [{ code: 'TOO_DEEP', message: `Nesting too deep to read (more than ${MAX_DEPTH} levels)`, span }] };
}

function parseJson(text: string): StructuredParse {
  const errors: JsonParseError[] = [];
  let tree: JsonNode | undefined;
  try {
    // a byte order mark is not JSON to the parser: it is read as the space it stands for, so offsets stay the text's
    const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
    tree = parseTree(source, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  } catch (e) {
    return parserFailed('json', text, e);
  }
  const problems: ParseProblem[] = [];
  // the parser recovers and reports the follow-on errors of one mistake too: the first is the one that matters
  const first = errors[0];
  if (first) {
    const code = printParseErrorCode(first.error);
    const end = text.trimEnd().length;
    // an error at the very end points at the last character, not past it
    const start = Math.min(first.offset, Math.max(0, end - 1));
    problems.push({ code, message: JSON_MESSAGES[code] ?? code, span: { start, end: Math.min(text.length, Math.max(start + 1, first.offset + first.length)) } });
  }
  const root = tree ? convertJson(tree, text, problems, 0) : undefined;
  problems.sort((a, b) => a.span.start - b.span.start);
  return { syntax: 'json', documents: [{ root, span: { start: 0, end: text.length } }], problems };
}

// the parser's recovery can give an unterminated node a length past the end of the text: spans are clamped to it
const jsonSpan = (n: JsonNode, text: string): Span => ({ start: Math.min(n.offset, text.length), end: Math.min(n.offset + n.length, text.length) });

function jsonScalar(n: JsonNode, text: string): ScalarNode {
  const span = jsonSpan(n, text);
  const value: ScalarValue = n.type === 'null' ? null : (n.value as ScalarValue);
  if (n.type === 'string') {
    const inner = text.slice(span.start + 1, span.end - 1);
    return { kind: 'scalar', span, value, style: 'double', contentSpan: inner === value ? { start: span.start + 1, end: span.end - 1 } : undefined };
  }
  return { kind: 'scalar', span, value, style: 'plain', contentSpan: span };
}

function convertJson(n: JsonNode, text: string, problems: ParseProblem[], depth: number): Node | undefined {
  const span = jsonSpan(n, text);
  if (depth > MAX_DEPTH) {
    if (depth === MAX_DEPTH + 1) problems.push({ code: 'TOO_DEEP', message: `Nesting deeper than ${MAX_DEPTH} levels is not read`, span: { start: n.offset, end: n.offset + 1 } });
    return undefined;
  }
  if (n.type === 'object') {
    const pairs: PairNode[] = [];
    const seen = new Set<string>();
    for (const p of n.children ?? []) {
      const [k, v] = p.children ?? [];
      if (!k || k.type !== 'string') continue;
      const key = jsonScalar(k, text);
        if (seen.has(String(key.value))) problems.push({ code: 'DUPLICATE_KEY', message: `Duplicate key "${key.value}": JSON keeps only the last one`, span: key.span });
      seen.add(String(key.value));
      const value = v ? (convertJson(v, text, problems, depth + 1) ?? null) : null;
      pairs.push({ key, value, span: { start: key.span.start, end: value ? value.span.end : key.span.end } });
    }
    return { kind: 'map', span, flow: true, pairs } satisfies MapNode;
  }
  if (n.type === 'array') {
    const items: Node[] = [];
    for (const c of n.children ?? []) {
      const item = convertJson(c, text, problems, depth + 1);
      if (item) items.push(item);
    }
    return { kind: 'seq', span, flow: true, items } satisfies SeqNode;
  }
  if (n.type === 'property') return undefined;
  return jsonScalar(n, text);
}

// ---------------------------------------------------------------------------------------------------------------
// YAML

/** Tags are recovered from the text before a node (`!Sub "…"`): the parser reports them as unknown and drops them. */
function tagBefore(text: string, start: number): string | undefined {
  let i = start;
  while (i > 0 && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) i--;
  const end = i;
  while (i > 0 && isTagChar(text.charCodeAt(i - 1))) i--;
  if (text.charCodeAt(i) !== 33 /* ! */ || end - i < 2 || text.charCodeAt(i + 1) === 33) return undefined;
  return text.slice(i, end);
}

function isTagChar(c: number): boolean {
  // A-Z a-z 0-9 : . _ - !
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 58 || c === 46 || c === 95 || c === 45 || c === 33;
}

function cleanYamlMessage(m: string): string {
  return m.replace(/^JS-YAML: /, '').replace(/ at line \d+, column \d+:?[\s\S]*$/, '').replace(/^./, (c) => c.toUpperCase());
}

// The YAML parser is loaded on first use: its set-up is a good part of the extension's activation, and a JSON
// document never needs it.
let yamlAst: typeof YamlAst | undefined;
let Kind: typeof YamlAst.Kind;
// The YAML 1.2 core schema (null, booleans, numbers): no timestamp or merge-key resolution per scalar, which YAML
// 1.2 does not have and which cost ~4% of a check. `<<` stays an ordinary key (readers that care handle it).
let CORE_SCHEMA: unknown;

function loadYamlParser(): typeof YamlAst {
  if (!yamlAst) {
    yamlAst = require('@stoplight/yaml-ast-parser') as typeof YamlAst;
    Kind = yamlAst.Kind;
    CORE_SCHEMA = require('@stoplight/yaml-ast-parser/dist/src/schema/core') as unknown; // module.exports = the schema
  }
  return yamlAst;
}

function parseYaml(text: string): StructuredParse {
  const docs: YAMLNode[] = [];
  // the parser's own duplicate-key check compares every key with every sibling (quadratic: seconds for a flat map of
  // 20,000 keys); duplicates are found while converting, with a set
  try {
    // the parser drops a byte order mark and counts offsets without it: it is read as a blank first line instead,
    // so offsets stay the text's
    const source = text.charCodeAt(0) === 0xfeff ? `\n${text.slice(1)}` : text;
    loadYamlParser().loadAll(source, (d) => docs.push(d), { schema: CORE_SCHEMA, ignoreDuplicateKeys: true });
  } catch (e) {
    return parserFailed('yaml', text, e);
  }
  const problems: ParseProblem[] = [];
  const documents: StructuredDocument[] = [];
  const end = text.trimEnd().length;
  const hasTags = text.includes('!');
  for (const d of docs) {
    // the first syntax error of a document is the one that matters; the parser's recovery errors follow from it
    let syntaxReported = false;
    for (const e of d?.errors ?? []) {
      // custom tags (CloudFormation's short forms) are fine
      if (/unknown tag/.test(e.message) || syntaxReported) continue;
      syntaxReported = true;
      const at = Math.max(0, Math.min(e.mark?.position ?? 0, Math.max(0, end - 1)));
      problems.push({ code: 'YAML_SYNTAX', message: cleanYamlMessage(e.message), span: { start: at, end: Math.min(text.length, at + 1) } });
    }
    const root = d ? convertYaml(d, text, new Map(), problems, 0, hasTags) : undefined;
    documents.push({ root, span: d ? yamlSpan(d, text) : { start: 0, end: text.length } });
  }
  problems.sort((a, b) => a.span.start - b.span.start);
  return { syntax: 'yaml', documents, problems };
}

// the parser's recovery can leave a node at position -1 (an empty key it made up): spans are clamped to the text
function yamlSpan(n: YAMLNode, text: string): Span {
  const start = Math.max(0, Math.min(n.startPosition, text.length));
  return { start, end: Math.max(start, Math.min(n.endPosition, text.length)) };
}

function yamlScalar(n: YAMLScalar, text: string, tags: boolean): ScalarNode {
  const span = yamlSpan(n, text);
  const { start, end } = span;
  const tag = tags ? tagBefore(text, start) : undefined;
  const raw = n.value ?? '';
  // contentSpan: the characters spell the value one-to-one (compared in place: no slices on this hot path)
  if (n.doubleQuoted || n.singleQuoted) {
    const exact = end - start - 2 === raw.length && text.startsWith(raw, start + 1);
    return { kind: 'scalar', span, tag, value: raw, style: n.doubleQuoted ? 'double' : 'single', contentSpan: exact ? { start: start + 1, end: end - 1 } : undefined };
  }
  if (n.plainScalar) {
    const vo = n.valueObject;
    const value: ScalarValue = vo === null || typeof vo === 'number' || typeof vo === 'boolean' ? vo : raw;
    const exact = end - start === raw.length && text.startsWith(raw, start);
    return { kind: 'scalar', span, tag, value, style: 'plain', contentSpan: exact ? span : undefined };
  }
  const c = text.charCodeAt(start);
  return { kind: 'scalar', span, tag, value: raw, style: c === 124 /* | */ || c === 62 /* > */ ? 'block' : 'plain' };
}

function convertYaml(n: YAMLNode, text: string, anchors: Map<string, Node>, problems: ParseProblem[], depth: number, tags: boolean): Node | undefined {
  if (!n) return undefined;
  if (depth > MAX_DEPTH) {
    if (depth === MAX_DEPTH + 1) {
      const at = yamlSpan(n, text).start;
      problems.push({ code: 'TOO_DEEP', message: `Nesting deeper than ${MAX_DEPTH} levels is not read`, span: { start: at, end: Math.min(text.length, at + 1) } });
    }
    return undefined;
  }
  const span = yamlSpan(n, text);
  let node: Node | undefined;
  switch (n.kind) {
    case Kind.SCALAR:
      node = yamlScalar(n as YAMLScalar, text, tags);
      break;
    case Kind.MAP: {
      const pairs: PairNode[] = [];
      const map: MapNode = { kind: 'map', span, tag: tags ? tagBefore(text, span.start) : undefined, flow: text[span.start] === '{', pairs };
      node = map;
      if (n.anchorId) anchors.set(n.anchorId, map); // before the children: an alias inside points back here
      for (const m of (n as YamlMap).mappings as YAMLMapping[]) {
        if (!m?.key || m.key.kind !== Kind.SCALAR) continue; // complex keys are not part of any document kind we read
        if (m.key.startPosition < 0) continue; // a key the parser's recovery made up: it is not in the text
        const key = yamlScalar(m.key as YAMLScalar, text, false);
        if (key.value !== '<<' && hasKey(pairs, key.value))
          problems.push({ code: 'DUPLICATE_KEY', message: `Duplicate key "${key.value}": only one of them takes effect`, span: key.span });
        const value = m.value ? (convertYaml(m.value, text, anchors, problems, depth + 1, tags) ?? null) : null;
        pairs.push({ key, value, span: { start: key.span.start, end: value ? value.span.end : key.span.end } });
      }
      break;
    }
    case Kind.SEQ: {
      const items: Node[] = [];
      const seq: SeqNode = { kind: 'seq', span, tag: tags ? tagBefore(text, span.start) : undefined, flow: text[span.start] === '[', items };
      node = seq;
      if (n.anchorId) anchors.set(n.anchorId, seq);
      for (const i of (n as YAMLSequence).items) {
        const c = i ? convertYaml(i, text, anchors, problems, depth + 1, tags) : undefined;
        if (c) items.push(c);
      }
      break;
    }
    case Kind.ANCHOR_REF: {
      // an alias points back to the node last anchored under its name; it is never expanded
      const ref = (n as { referencesAnchor?: string }).referencesAnchor;
      return { kind: 'alias', span, target: (ref && anchors.get(ref)) || null };
    }
    default:
      return undefined;
  }
  if (n.anchorId && node) anchors.set(n.anchorId, node);
  return node;
}
