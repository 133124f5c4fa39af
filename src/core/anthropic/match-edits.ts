// Edits that rearrange a federation rule's `match`: move a matcher from one place to another (a `claims` entry to
// `subject_prefix`, a condition to static matchers) without overlapping edits, in the document's own style.
// Builds on edit.ts (renderValue, formatScalar, removePair).
import type { TextEdit } from '../model';
import { type Json, formatKey, removePair, renderValue } from '../edit';
import { eolOf, lineStartAt } from '../text';
import { encodeInScalar } from '../cel';
import type { MapNode, PairNode, ScalarNode } from '../tree';

export type Entry = readonly [key: string, value: Json];



/** `key: value` as it would be written at `pair`'s place in `map`. */
function entryText(text: string, map: MapNode, at: PairNode, [key, value]: Entry): string {
  const eol = eolOf(text);
  const indent = ' '.repeat(at.key.span.start - lineStartAt(text, at.key.span.start));
  if (map.flow) return `${formatKey(map, key)}: ${renderValue(value, { flow: true, indent, eol })}`;
  const rendered = renderValue(value, { flow: false, indent: indent + '  ', eol });
  const nested = value !== null && typeof value === 'object' && !rendered.startsWith('[') && !rendered.startsWith('{');
  return `${formatKey(map, key)}:${nested ? '' : ' '}${rendered}`;
}

function separator(text: string, map: MapNode, at: PairNode): string {
  const eol = eolOf(text);
  const indent = ' '.repeat(at.key.span.start - lineStartAt(text, at.key.span.start));
  if (!map.flow) return `${eol}${indent}`;
  const multiline = /[\r\n]/.test(text.slice(map.span.start, at.key.span.start));
  return multiline ? `,${eol}${indent}` : ', ';
}

/** Replace one pair of `map` by one or more entries. */
export function replacePair(text: string, map: MapNode, pair: PairNode, entries: readonly Entry[]): TextEdit {
  return { span: pair.span, newText: entries.map((e) => entryText(text, map, pair, e)).join(separator(text, map, pair)) };
}

/** Insert entries just before `before` (so an edit inside a later pair cannot overlap). */
export function insertBefore(text: string, map: MapNode, before: PairNode, entries: readonly Entry[]): TextEdit {
  const sep = separator(text, map, before);
  return { span: { start: before.key.span.start, end: before.key.span.start }, newText: entries.map((e) => entryText(text, map, before, e) + sep).join('') };
}

/**
 * Take `item` out of the nested map held by `holder` (a pair of `outer`, e.g. `claims` in `match`) and put `entries` in
 * `outer` instead. When `item` is the nested map's only pair, the holder pair itself is replaced.
 */
export function moveOut(text: string, outer: MapNode, holder: PairNode, inner: MapNode, item: PairNode, entries: readonly Entry[]): TextEdit[] {
  if (inner.pairs.length === 1) return [replacePair(text, outer, holder, entries)];
  return [insertBefore(text, outer, holder, entries), removePair(text, inner, item)];
}

/** Remove `item` from the nested map held by `holder`; the holder goes too when `item` was its only pair. */
export function removeNested(text: string, outer: MapNode, holder: PairNode, inner: MapNode, item: PairNode): TextEdit {
  return inner.pairs.length === 1 ? removePair(text, outer, holder) : removePair(text, inner, item);
}

/**
 * Add text around a string scalar's value without rewriting it (so a plain condition stays plain): `before` at the
 * start of the value, `after` at its end, escaped for the scalar's quoting. Undefined for block scalars, or when the
 * added text could change how a plain scalar is read (`: `, ` #`, flow indicators).
 */
export function wrapScalar(node: ScalarNode, before: string, after: string): TextEdit[] | undefined {
  if (typeof node.value !== 'string' || node.style === 'block') return undefined;
  const added = before + after;
  if (node.style === 'plain' && (/: |\s#|[,[\]{}\r\n]/.test(added) || node.value.length === 0)) return undefined;
  const start = node.style === 'plain' ? node.span.start : node.span.start + 1;
  const end = node.style === 'plain' ? node.span.end : node.span.end - 1;
  const edits: TextEdit[] = [];
  if (before) edits.push({ span: { start, end: start }, newText: encodeInScalar(node, before) });
  if (after) edits.push({ span: { start: end, end }, newText: encodeInScalar(node, after) });
  return edits;
}
