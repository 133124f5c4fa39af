// Building fixes: text edits that keep the document's own style (JSON or YAML, flow or block, its indentation
// and line breaks). Every function returns edits against the original text; nothing here mutates anything.
import type { Span, TextEdit } from './model';
import { afterLineBreak, eolOf, indentAt, lineEndAt, lineStartAt } from './text';
import type { MapNode, Node, PairNode, ScalarNode, SeqNode } from './tree';

export type Json = string | number | boolean | null | readonly Json[] | { readonly [k: string]: Json };

const PLAIN_SAFE = /^[A-Za-z0-9_/$][A-Za-z0-9_./:@$*+=-]*(?: [A-Za-z0-9_./:@$*+=-]+)*$/;
// numbers in any YAML's reading, including YAML 1.1's underscores (`_0`, `1_000`: the parser reads those as numbers)
const PLAIN_AMBIGUOUS = /^(?:true|false|yes|no|on|off|null|~|[-+]?(?:_*\d[\d_]*(?:\.[\d_]*)?|\.\d+)(?:e[-+]?\d+)?|0x[0-9a-f_]+|0o[0-7_]+|0b[01_]+)$/i;

/** A scalar in the style of `like` (or of the document: JSON-quoted in flow collections). */
export function formatScalar(v: string | number | boolean | null, like?: { style?: ScalarNode['style'] }, flow = false): string {
  if (typeof v !== 'string') return JSON.stringify(v);
  const style = like?.style;
  if (style === 'single' && !v.includes('\n')) return `'${v.replace(/'/g, "''")}'`;
  if (style === 'plain' || (style === undefined && !flow)) {
    if (PLAIN_SAFE.test(v) && !PLAIN_AMBIGUOUS.test(v) && !v.includes(': ') && !v.includes(' #')) return v;
  }
  return JSON.stringify(v);
}

function isFlowStyled(node: Node): boolean {
  return node.kind === 'map' || node.kind === 'seq' ? node.flow : false;
}

/** Replace a whole node (its span) by new text. */
export function replaceNode(node: { span: Span }, newText: string): TextEdit {
  return { span: node.span, newText };
}

/** Replace a scalar's value, keeping its quoting style where the new value allows. */
export function setScalar(node: ScalarNode, value: string | number | boolean | null): TextEdit {
  return { span: node.span, newText: formatScalar(value, node) };
}

/** Key text in the style of the map's existing keys. */
export function formatKey(map: MapNode, key: string): string {
  const first = map.pairs[0]?.key;
  if (map.flow && (!first || first.style === 'double')) return JSON.stringify(key);
  if (first?.style === 'double') return JSON.stringify(key);
  if (first?.style === 'single') return `'${key.replace(/'/g, "''")}'`;
  return formatScalar(key, { style: 'plain' });
}

/** Render a JSON value as it would be written in this place. */
export function renderValue(v: Json, opts: { flow: boolean; indent: string; eol: string; step?: string }): string {
  const step = opts.step ?? '  ';
  if (v === null || typeof v !== 'object') return formatScalar(v as string | number | boolean | null, undefined, opts.flow);
  if (opts.flow) {
    // JSON style, pretty-printed relative to the current indentation
    return JSON.stringify(v, null, step.length).split('\n').join(opts.eol + opts.indent);
  }
  if (Array.isArray(v)) {
    if (v.every((x) => x === null || typeof x !== 'object')) return `[${v.map((x) => formatScalar(x as string, undefined, true)).join(', ')}]`;
    return v
      .map((x) => `${opts.eol}${opts.indent}- ${renderValue(x, { ...opts, indent: opts.indent + step }).replace(/^\s+/, '')}`)
      .join('');
  }
  const entries = Object.entries(v as Record<string, Json>);
  if (entries.length === 0) return '{}';
  return entries
    .map(([k, x]) => {
      const inner = renderValue(x, { ...opts, indent: opts.indent + step });
      const nested = x !== null && typeof x === 'object' && !(Array.isArray(x) && inner.startsWith('['));
      return `${opts.eol}${opts.indent}${formatScalar(k, { style: 'plain' })}:${nested && !inner.startsWith('{') ? '' : ' '}${inner}`;
    })
    .join('');
}

/** Index just past the line break that ends the line containing offset. */
function nextLineStart(text: string, offset: number): number {
  return afterLineBreak(text, lineEndAt(text, offset));
}

/** Column of the key (as spaces), which is where a sibling key must start in block style. */
function keyColumn(text: string, key: ScalarNode): string {
  return ' '.repeat(key.span.start - lineStartAt(text, key.span.start));
}

/**
 * Add `key: value` to a map (appended after its last pair). `value` is rendered in the map's style:
 * JSON-like for flow maps, YAML block for block maps.
 */
export function insertPair(text: string, map: MapNode, key: string, value: Json): TextEdit {
  const eol = eolOf(text);
  if (map.flow) {
    const last = map.pairs[map.pairs.length - 1];
    if (!last) {
      const open = map.span.start + 1; // just after '{'
      return { span: { start: open, end: open }, newText: `${formatKey(map, key)}: ${renderValue(value, { flow: true, indent: indentAt(text, map.span.start), eol })}` };
    }
    const multiline = /[\r\n]/.test(text.slice(map.span.start, last.key.span.start));
    const indent = multiline ? keyColumn(text, last.key) : '';
    const sep = multiline ? `,${eol}${indent}` : ', ';
    return {
      span: { start: last.span.end, end: last.span.end },
      newText: `${sep}${formatKey(map, key)}: ${renderValue(value, { flow: true, indent, eol })}`,
    };
  }
  const last = map.pairs[map.pairs.length - 1];
  if (!last) return { span: map.span, newText: `{${JSON.stringify(key)}: ${renderValue(value, { flow: true, indent: '', eol })}}` };
  const indent = keyColumn(text, map.pairs[0]!.key);
  const at = lineEndAt(text, Math.max(last.span.end - 1, last.key.span.end));
  const rendered = renderValue(value, { flow: false, indent: indent + '  ', eol });
  const sep = value !== null && typeof value === 'object' && !rendered.startsWith('[') && !rendered.startsWith('{') ? '' : ' ';
  return { span: { start: at, end: at }, newText: `${eol}${indent}${formatKey(map, key)}:${sep}${rendered}` };
}

/** Append an item to a sequence. */
export function insertItem(text: string, seq: SeqNode, value: Json): TextEdit {
  const eol = eolOf(text);
  const last = seq.items[seq.items.length - 1];
  if (seq.flow) {
    if (!last) {
      const open = seq.span.start + 1;
      return { span: { start: open, end: open }, newText: renderValue(value, { flow: true, indent: indentAt(text, seq.span.start), eol }) };
    }
    const multiline = /[\r\n]/.test(text.slice(seq.span.start, last.span.start));
    const indent = multiline ? ' '.repeat(last.span.start - lineStartAt(text, last.span.start)) : '';
    return {
      span: { start: last.span.end, end: last.span.end },
      newText: `${multiline ? `,${eol}${indent}` : ', '}${renderValue(value, { flow: true, indent, eol })}`,
    };
  }
  if (!last) return { span: seq.span, newText: `[${renderValue(value, { flow: true, indent: '', eol })}]` };
  const dashAt = text.lastIndexOf('-', last.span.start);
  const indent = ' '.repeat(Math.max(0, dashAt - lineStartAt(text, dashAt)));
  const at = lineEndAt(text, Math.max(last.span.end - 1, last.span.start));
  return { span: { start: at, end: at }, newText: `${eol}${indent}- ${renderValue(value, { flow: false, indent: indent + '  ', eol }).replace(/^\s+/, '')}` };
}

/** Remove a pair from its map, with its comma (flow) or its lines (block). */
export function removePair(text: string, map: MapNode, pair: PairNode): TextEdit {
  const i = map.pairs.indexOf(pair);
  const next = map.pairs[i + 1];
  const prev = map.pairs[i - 1];
  if (map.flow) {
    if (next) return { span: { start: pair.span.start, end: next.key.span.start }, newText: '' };
    if (prev) return { span: { start: prev.span.end, end: pair.span.end }, newText: '' };
    return { span: { start: map.span.start + 1, end: map.span.end - 1 }, newText: '' };
  }
  const ls = lineStartAt(text, pair.key.span.start);
  const onlyIndent = /^[ \t]*$/.test(text.slice(ls, pair.key.span.start));
  if (!onlyIndent) {
    // `- key: value` or `key: {…}` on a shared line: pull the next sibling up in its place
    if (next) return { span: { start: pair.key.span.start, end: next.key.span.start }, newText: '' };
    return { span: { start: pair.key.span.start, end: pair.span.end }, newText: '{}' };
  }
  const end = nextLineStart(text, Math.max(pair.span.end - 1, pair.key.span.end));
  return { span: { start: ls, end }, newText: '' };
}

/** Remove an item from a sequence (with its comma or its `- ` line). */
export function removeItem(text: string, seq: SeqNode, item: Node): TextEdit {
  const i = seq.items.indexOf(item);
  const next = seq.items[i + 1];
  const prev = seq.items[i - 1];
  if (seq.flow) {
    if (next) return { span: { start: item.span.start, end: next.span.start }, newText: '' };
    if (prev) return { span: { start: prev.span.end, end: item.span.end }, newText: '' };
    return { span: { start: seq.span.start + 1, end: seq.span.end - 1 }, newText: '' };
  }
  const dash = text.lastIndexOf('-', item.span.start);
  const ls = lineStartAt(text, dash);
  return { span: { start: ls, end: nextLineStart(text, Math.max(item.span.end - 1, item.span.start)) }, newText: '' };
}

export { isFlowStyled };
