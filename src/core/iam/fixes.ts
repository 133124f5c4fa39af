// Edits to IAM conditions shared by the iam rules: add entries (creating the operator block or the Condition),
// rename an operator, move entries between blocks. Built with edit.ts against the policy's own text and mapped to
// the document through `PolicyText.edit` (so a policy inside a Terraform string gets escaped edits).
import { type Json, insertPair, removePair, renderValue, replaceNode, setScalar } from '../edit';
import type { TextEdit } from '../model';
import { looksLikeJson } from '../parse';
import { eolOf, indentAt } from '../text';
import { compactJson } from './embedded';
import type { MapNode, Node } from '../tree';
import { deref } from '../tree';
import type { IamConditionBlock, IamConditionEntry, IamPolicy, IamStatement } from './model';

export type ConditionAdd = readonly [operator: string, key: string, value: Json];

export function findBlock(s: IamStatement, operator: string): IamConditionBlock | undefined {
  const op = operator.toLowerCase();
  return s.condition?.blocks.find((b) => b.operator.toLowerCase() === op);
}

/**
 * Pairs added to a map: one `insertPair` per pair, or the whole map rewritten when it is empty (`{}`). In YAML, a
 * flow map written on one line gets its new content on that line too (a line break there needs exact indentation).
 */
function addToMap(text: string, map: MapNode, entries: Readonly<Record<string, Json>>): TextEdit[] {
  const list = Object.entries(entries);
  const edits = map.pairs.length === 0 && list.length > 1
    ? [replaceNode(map, renderValue(entries, { flow: true, indent: indentAt(text, map.span.start), eol: eolOf(text) }))]
    : list.map(([k, v]) => insertPair(text, map, k, v));
  const oneLineYaml = map.flow && !looksLikeJson(text) && !/[\r\n]/.test(text.slice(map.span.start, map.span.end));
  return oneLineYaml ? edits.map((e) => ({ span: e.span, newText: compactJson(e.newText) })) : edits;
}

/**
 * Edits adding `operator: { key: value }` entries to a statement's Condition, into existing blocks where they exist.
 * Undefined when that cannot be done cleanly (the Condition or a block is an intrinsic, or a key is already there).
 */
export function addConditions(policy: IamPolicy, s: IamStatement, adds: readonly ConditionAdd[]): TextEdit[] | undefined {
  const text = policy.source.text;
  const groups = new Map<string, Record<string, Json>>();
  for (const [op, key, value] of adds) {
    const name = findBlock(s, op)?.operator ?? [...groups.keys()].find((g) => g.toLowerCase() === op.toLowerCase()) ?? op;
    const g = groups.get(name) ?? {};
    g[key] = value;
    groups.set(name, g);
  }
  if (!s.condition) return addToMap(text, s.node, { Condition: Object.fromEntries(groups) }).map((e) => policy.source.edit(e));
  const cmap = s.condition.map;
  if (!cmap) return undefined;
  const edits: TextEdit[] = [];
  const fresh: Record<string, Json> = {};
  for (const [op, entries] of groups) {
    const block = findBlock(s, op);
    if (!block) {
      fresh[op] = entries;
      continue;
    }
    if (!block.map) return undefined;
    if (Object.keys(entries).some((k) => block.entries.some((e) => e.keyLower === k.toLowerCase()))) return undefined;
    edits.push(...addToMap(text, block.map, entries));
  }
  if (Object.keys(fresh).length) edits.push(...addToMap(text, cmap, fresh));
  return edits.map((e) => policy.source.edit(e));
}

/** Rename an operator key (e.g. `StringEquals` to `StringLike`), keeping its quoting. */
export function renameOperator(policy: IamPolicy, block: IamConditionBlock, name: string): TextEdit {
  return policy.source.edit(setScalar(block.pair.key, name));
}

/** Rename a condition key, keeping its quoting. */
export function renameKey(policy: IamPolicy, entry: IamConditionEntry, name: string): TextEdit {
  return policy.source.edit(setScalar(entry.pair.key, name));
}

/** A node as plain JSON, or undefined when it holds a tag, an alias or an intrinsic (it cannot be re-rendered). */
function plainJson(n: Node | null | undefined): Json | undefined {
  if (!n || n.tag || n.kind === 'alias') return undefined;
  if (n.kind === 'scalar') return n.value;
  if (n.kind === 'seq') {
    const out: Json[] = [];
    for (const i of n.items) {
      const v = plainJson(i);
      if (v === undefined) return undefined;
      out.push(v);
    }
    return out;
  }
  if (n.pairs.length === 1 && /^(Ref|Fn::)/.test(String(n.pairs[0]!.key.value))) return undefined;
  const o: Record<string, Json> = {};
  for (const p of n.pairs) {
    const v = plainJson(p.value);
    if (v === undefined) return undefined;
    o[String(p.key.value)] = v;
  }
  return o;
}

/**
 * Move one entry, or every entry, of block `from` into block `to` of the same Condition (removing `from` when it
 * is emptied). Undefined when a key already exists in `to` or a value cannot be re-rendered.
 */
export function moveEntries(policy: IamPolicy, s: IamStatement, from: IamConditionBlock, entries: readonly IamConditionEntry[], to: IamConditionBlock): TextEdit[] | undefined {
  const text = policy.source.text;
  const cmap = s.condition?.map;
  if (!cmap || !from.map || !to.map || to === from) return undefined;
  const all = entries.length === from.entries.length;
  if (!all && entries.length !== 1) return undefined;
  const moved: Record<string, Json> = {};
  for (const e of entries) {
    const v = plainJson(deref(e.pair.value) ?? null);
    if (v === undefined || to.entries.some((t) => t.keyLower === e.keyLower) || e.key in moved) return undefined;
    moved[e.key] = v;
  }
  const removal = all ? removePair(text, cmap, from.pair) : removePair(text, from.map, entries[0]!.pair);
  return [removal, ...addToMap(text, to.map, moved)].map((e) => policy.source.edit(e));
}
