// Environment variables written in YAML or JSON: a map (`NAME: value`), a compose list (`- NAME=value`) or a
// Kubernetes list (`- name: NAME` + `value`/`valueFrom`). Removal edits take the whole `env:` key when its last entry
// goes, so no file is left with an `env:` of null.
import { insertItem, insertPair, removeItem, removePair } from '../edit';
import type { Span, TextEdit } from '../model';
import { type MapNode, type Node, type PairNode, type ScalarNode, type SeqNode, deref, get, getScalar, pairOf } from '../tree';
import type { EnvBlock, EnvVar } from './types';
import { type ReferenceSyntax, isReference, shapeOf } from './vars';

/** The map and pair that hold an env collection, so the collection can go with its last entry. */
export interface Holder {
  readonly map: MapNode;
  readonly pair: PairNode;
}

/** What a null value means: compose passes the host's variable through; GitHub sets ''; VS Code unsets it. */
export type NullMeans = 'pass-through' | 'empty' | 'unset';

export function nameSpanOf(key: ScalarNode): Span {
  return key.contentSpan ?? key.span;
}

/** The holder's key may go with the last entry, unless the collection is an alias: then its anchor is elsewhere. */
function owns(holder: Holder | undefined): holder is Holder {
  return holder !== undefined && holder.pair.value?.kind !== 'alias';
}

function removeFromMap(text: string, map: MapNode, pair: PairNode, holder: Holder | undefined): TextEdit {
  return map.pairs.length === 1 && owns(holder) ? removePair(text, holder.map, holder.pair) : removePair(text, map, pair);
}

function removeFromSeq(text: string, seq: SeqNode, item: Node, holder: Holder | undefined): TextEdit {
  return seq.items.length === 1 && owns(holder) ? removePair(text, holder.map, holder.pair) : removeItem(text, seq, item);
}

export function scalarText(n: Node | null | undefined): string | undefined {
  const d = deref(n);
  if (d?.kind !== 'scalar' || d.value === null) return undefined;
  return String(d.value);
}

/** `NAME: value` pairs, following `<<: *anchor` merges (an entry written locally hides a merged one). */
export function mapVars(text: string, map: MapNode, holder: Holder | undefined, syntax: ReferenceSyntax, nullMeans: NullMeans, origin: EnvVar['origin'] = 'env'): EnvVar[] {
  const block: EnvBlock = { insert: (name, value) => insertPair(text, map, name, value) };
  const out = new Map<string, EnvVar>();
  for (const p of map.pairs) {
    if (p.key.value !== '<<') continue;
    const merged = deref(p.value);
    const sources = merged?.kind === 'seq' ? merged.items.map((i) => deref(i)) : [merged];
    for (const s of sources) if (s?.kind === 'map') for (const v of mapVars(text, s, undefined, syntax, nullMeans, origin)) out.set(v.name, v);
  }
  for (const p of map.pairs) {
    if (p.key.value === '<<' || typeof p.key.value !== 'string') continue;
    const v = deref(p.value);
    const base = { name: p.key.value, nameSpan: nameSpanOf(p.key), origin, remove: removeFromMap(text, map, p, holder), block };
    if (v === undefined || (v.kind === 'scalar' && v.value === null)) {
      if (nullMeans === 'unset') continue;
      out.set(base.name, { ...base, ...(nullMeans === 'empty' ? { value: '', shape: 'empty' as const } : { shape: 'reference' as const }) });
      continue;
    }
    const value = scalarText(v);
    if (value === undefined) continue; // a map or list is no environment value
    out.set(base.name, { ...base, value, valueSpan: v.span, shape: shapeOf(value, syntax) });
  }
  return [...out.values()];
}

/** Compose's list form: `- NAME=value`, `- NAME=` (empty) or `- NAME` (passed through from the host). */
export function composeListVars(text: string, seq: SeqNode, holder: Holder | undefined): EnvVar[] {
  const block: EnvBlock = { insert: (name, value) => insertItem(text, seq, `${name}=${value}`) };
  const out = new Map<string, EnvVar>();
  for (const item of seq.items) {
    const d = deref(item);
    if (d?.kind !== 'scalar' || typeof d.value !== 'string') continue;
    const s = d.value;
    const eq = s.indexOf('=');
    const name = (eq < 0 ? s : s.slice(0, eq)).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) continue;
    const at = d.contentSpan;
    const nameSpan = at ? { start: at.start + s.indexOf(name), end: at.start + s.indexOf(name) + name.length } : d.span;
    const remove = removeFromSeq(text, seq, item, holder);
    if (eq < 0) {
      out.set(name, { name, nameSpan, shape: 'reference', origin: 'env', remove, block });
      continue;
    }
    const value = s.slice(eq + 1);
    const valueSpan = at ? { start: at.start + eq + 1, end: at.end } : d.span;
    out.set(name, { name, nameSpan, value, valueSpan, shape: shapeOf(value, 'shell'), origin: 'env', remove, block });
  }
  return [...out.values()];
}

/** Kubernetes' list form: `- name: NAME` with `value` (`$(VAR)` expands), `valueFrom`, or neither (empty). */
export function kubeListVars(text: string, seq: SeqNode, holder: Holder | undefined): EnvVar[] {
  const block: EnvBlock = { insert: (name, value) => insertItem(text, seq, { name, value }) };
  const out = new Map<string, EnvVar>();
  for (const item of seq.items) {
    const d = deref(item);
    if (d?.kind !== 'map') continue;
    const nameNode = getScalar(d, 'name');
    if (typeof nameNode?.value !== 'string') continue;
    const name = nameNode.value;
    const base = { name, nameSpan: nameSpanOf(nameNode), origin: 'env' as const, remove: removeFromSeq(text, seq, item, holder), block };
    const valueFrom = pairOf(d, 'valueFrom');
    const valueNode = get(d, 'value');
    const value = scalarText(valueNode);
    if (valueFrom && value === undefined) out.set(name, { ...base, shape: 'reference' });
    else if (value === undefined || value === '') out.set(name, { ...base, value: '', ...(valueNode ? { valueSpan: valueNode.span } : {}), shape: 'empty' });
    else out.set(name, { ...base, value, valueSpan: valueNode!.span, shape: isReference(value, 'kubernetes') ? 'reference' : 'literal' });
  }
  return [...out.values()];
}

/** Merge layers of variables: a later layer's definition of a name hides an earlier one. */
export function layer(...layers: readonly (readonly EnvVar[])[]): EnvVar[] {
  const out = new Map<string, EnvVar>();
  for (const l of layers) for (const v of l) {
    out.delete(v.name);
    out.set(v.name, v);
  }
  return [...out.values()];
}
