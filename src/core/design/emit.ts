// Deterministic YAML and JSON text in the shape of the demo documents: block structure, with small flat maps and
// lists written inline (`jwks: { type: discovery }`, `"Principal": { "Federated": "…" }`) when they fit the line.
// Keys are written in the order given; a key made by `commentKey()` writes its value as a comment line instead.

import type { Json } from '../edit';

export type { Json };
type JsonMap = { readonly [k: string]: Json };

const WIDTH = 120;
/** Keys whose map is always written as a block: what a reader of the document looks for first. */
const BLOCK_KEYS = new Set(['match', 'attribute_matchers']);

const COMMENT = '\u0000#';

/** A map key whose value is written as a YAML comment line where the key stands (JSON drops it). */
export const commentKey = (id: string): string => `${COMMENT}${id}`;
const isComment = (k: string) => k.startsWith(COMMENT);

const isMap = (v: Json): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);
const isList = (v: Json): v is readonly Json[] => Array.isArray(v);
const isScalar = (v: Json) => !isMap(v) && !isList(v);

/** Flat: scalars only, or lists of scalars (one level deep), and no comment entries. */
function flat(v: Json): boolean {
  if (isList(v)) return v.every(isScalar);
  if (isMap(v)) return Object.entries(v).every(([k, x]) => !isComment(k) && (isScalar(x) || (isList(x) && x.every(isScalar))));
  return true;
}

// ------------------------------------------------------------------------------------------------------------------
// JSON

function jsonInline(v: Json): string {
  if (isList(v)) return `[${v.map(jsonInline).join(', ')}]`;
  if (isMap(v)) {
    const entries = Object.entries(v).filter(([k]) => !isComment(k));
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, x]) => `${JSON.stringify(k)}: ${jsonInline(x)}`).join(', ')} }`;
  }
  return JSON.stringify(v);
}

function jsonBlock(v: Json, indent: string, used: number, top = false): string {
  if (isScalar(v)) return JSON.stringify(v);
  if (flat(v) && !top) {
    const inline = jsonInline(v);
    if (used + inline.length <= WIDTH) return inline;
  }
  const inner = `${indent}  `;
  if (isList(v) && v.length === 0) return '[]';
  if (isList(v)) return `[\n${v.map((x) => inner + jsonBlock(x, inner, inner.length)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(v as JsonMap).filter(([k]) => !isComment(k));
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => {
    const head = `${inner}${JSON.stringify(k)}: `;
    return head + jsonBlock(x, inner, head.length);
  }).join(',\n')}\n${indent}}`;
}

export function toJson(v: Json): string {
  return `${jsonBlock(v, '', 0, true)}\n`;
}

// ------------------------------------------------------------------------------------------------------------------
// YAML

const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;

/** A scalar as YAML: plain when that reads back as the same string, else double-quoted (JSON escapes are YAML's). */
export function yamlScalar(v: Json, flow = false): string {
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  const s = v as string;
  if (s === '' || RESERVED.test(s)) return JSON.stringify(s);
  // a GitHub expression, as workflows write it
  if (!flow && /^\$\{\{ [^{}\n]* \}\}[\w./-]*$/.test(s)) return s;
  // not `_`-first: YAML 1.1 readers take `_0` for a number
  const plain = flow
    ? /^[A-Za-z/][A-Za-z0-9_./@%+=-]*$/.test(s)
    : /^[A-Za-z/][A-Za-z0-9 _./:@%+=()-]*$/.test(s) && !/:( |$)| #|\s$/.test(s);
  if (plain) return s;
  // a CEL condition reads better single-quoted: its own quotes stay as they are
  if (s.includes('"') && !s.includes("'") && !/[\x00-\x1f\x7f]/.test(s)) return `'${s}'`;
  return JSON.stringify(s);
}

function yamlKey(k: string): string {
  return /^[A-Za-z][A-Za-z0-9_./-]*$/.test(k) && !RESERVED.test(k) ? k : k === 'on' ? k : JSON.stringify(k);
}

function yamlInline(v: Json): string {
  if (isList(v)) return `[${v.map((x) => yamlScalar(x, true)).join(', ')}]`;
  if (isMap(v)) {
    const entries = Object.entries(v);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, x]) => `${yamlKey(k)}: ${isList(x) ? yamlInline(x) : yamlScalar(x, true)}`).join(', ')} }`;
  }
  return yamlScalar(v, true);
}

/** A multi-line string that a `|` block keeps as it is: no leading blank, trailing spaces or control characters. */
function literalBlock(s: string): boolean {
  return s.includes('\n') && /^\S/.test(s) && !/\n\n$/.test(s) && !/[ \t]\n|[ \t]$/.test(s) && !/[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\ufeff]/.test(s);
}

/** The text after `key:` (starting with a space or a line break) for a value at the given indent. */
function yamlValue(v: Json, indent: string, used: number, key?: string): string {
  if (typeof v === 'string' && literalBlock(v)) {
    const body = v.replace(/\n$/, '').split('\n').map((l) => (l === '' ? '' : `${indent}  ${l}`)).join('\n');
    return ` |${v.endsWith('\n') ? '' : '-'}\n${body}`;
  }
  if (isScalar(v)) return ` ${yamlScalar(v)}`;
  if ((isList(v) && v.length === 0) || (isMap(v) && Object.keys(v).length === 0)) return isList(v) ? ' []' : ' {}';
  if (flat(v) && !(key !== undefined && BLOCK_KEYS.has(key))) {
    const inline = yamlInline(v);
    if (used + 1 + inline.length <= WIDTH) return ` ${inline}`;
  }
  const inner = `${indent}  `;
  return `\n${isList(v) ? yamlList(v, inner) : yamlMap(v as JsonMap, inner)}`;
}

function yamlMap(m: JsonMap, indent: string, first = indent): string {
  const lines: string[] = [];
  Object.entries(m).forEach(([k, x], i) => {
    const lead = i === 0 ? first : indent;
    if (isComment(k)) {
      for (const line of String(x).split('\n')) lines.push(`${lead}#${line ? ` ${line}` : ''}`);
      return;
    }
    const head = `${lead}${yamlKey(k)}:`;
    lines.push(head + yamlValue(x, indent, head.length, k));
  });
  return lines.join('\n');
}

function yamlList(list: readonly Json[], indent: string): string {
  return list
    .map((x) => {
      if (isMap(x) && Object.keys(x).length > 0) return yamlMap(x, `${indent}  `, `${indent}- `);
      // a list in a list: JSON is YAML's flow syntax
      if (isList(x) || isMap(x)) return `${indent}- ${JSON.stringify(x)}`;
      return `${indent}- ${yamlScalar(x)}`;
    })
    .join('\n');
}

/** Prose lines wrapped at the comment width; lines that start with spaces (code, lists) are kept as they are. */
export function wrap(lines: readonly string[], width = 112): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (line.length <= width || /^\s/.test(line)) {
      out.push(line);
      continue;
    }
    let cur = '';
    for (const word of line.split(' ')) {
      if (cur !== '' && cur.length + 1 + word.length > width) {
        out.push(cur);
        cur = word;
      } else cur = cur === '' ? word : `${cur} ${word}`;
    }
    if (cur !== '') out.push(cur);
  }
  return out;
}

function comments(lines: readonly string[], mark: string): string {
  return wrap(lines).map((l) => (l ? `${mark} ${l}` : mark)).join('\n');
}

/** A YAML document: optional leading comment lines, then the map. */
export function toYaml(doc: JsonMap, comment: readonly string[] = []): string {
  const body = Object.keys(doc).length === 0 ? '{}' : yamlMap(doc, '');
  return `${comments(comment, '#')}${comment.length ? '\n' : ''}${body}\n`;
}

/** Several YAML documents in one stream (`---` between them). */
export function toYamlStream(docs: readonly JsonMap[], comment: readonly string[] = []): string {
  return docs.map((d, i) => toYaml(d, i === 0 ? comment : [])).join('---\n');
}

/** A YAML text that is only comments: notes where there is no document to write. */
export function yamlNotes(lines: readonly string[]): string {
  return `${comments(lines, '#')}\n`;
}

/** SQL comment lines. */
export function sqlComments(lines: readonly string[]): string[] {
  return wrap(lines).map((l) => (l ? `-- ${l}` : '--'));
}

/** A SQL string literal. */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
