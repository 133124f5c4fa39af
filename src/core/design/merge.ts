// "Add to an existing file": the designed document merged into a file the user already has, as one edit they see in
// the editor and can undo. Structured files gain the designed entries in their own collections (rules appended to
// `federation_rules`, statements to `Statement`, jobs to `jobs`), with what is already there reused rather than
// duplicated (the same issuer URL, the same service account); streams and SQL gain the designed text at the end.
import { type Json, insertItem, insertPair } from '../edit';
import type { TextEdit } from '../model';
import { parseStructured } from '../parse';
import { isMap, type MapNode, type Node, pairOf, toValue } from '../tree';
import type { DesignedDocument } from './types';

export type MergeResult =
  | { readonly ok: true; readonly text: string; readonly edit: TextEdit; readonly notes: readonly string[] }
  | { readonly ok: false; readonly message: string };

type Obj = { [k: string]: Json };
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Whether a designed document can be merged into an existing file (notes and multi-part workloads cannot). */
export function canMerge(doc: DesignedDocument): boolean {
  return doc.id !== 'workload-notes';
}

/** The smallest edit that turns `before` into `after`: one replacement between their common prefix and suffix. */
export function diffEdit(before: string, after: string): TextEdit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { span: { start, end: before.length - end }, newText: after.slice(start, after.length - end) };
}

const apply = (text: string, e: TextEdit) => text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);

function appendText(existing: string, addition: string, separator: string): string {
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const body = existing.trimEnd();
  const add = addition.replace(/\r?\n/g, eol).trimEnd() + eol;
  return body === '' ? add : body + eol + separator.replace(/\n/g, eol) + add;
}

/** The same JSON value, whatever the order of map keys (a file written by hand orders them its own way). */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (!isObj(v)) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) out[k] = canonical(v[k]);
  return out;
}
const sameJson = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/** `e` is `item` added by an earlier merge under a free name (`<name>-2`, `<name>-3`...). */
function sameButRenamed(e: Json, item: Json): boolean {
  if (!isObj(e) || !isObj(item) || typeof e.name !== 'string' || typeof item.name !== 'string') return false;
  const suffix = e.name.startsWith(`${item.name}-`) ? e.name.slice(item.name.length + 1) : '';
  return /^[0-9]+$/.test(suffix) && sameJson({ ...e, name: item.name }, item);
}

/**
 * Items of a designed collection that are not in the existing one yet; items that are there (the same value, or
 * an Anthropic issuer with the same URL, a service account with the same name) are reused, and the names other
 * items use for them renamed to match.
 */
function newItems(key: string, existing: readonly Json[], designed: readonly Json[], renames: Map<string, string>, notes: string[]): Json[] {
  const out: Json[] = [];
  for (const designedItem of designed) {
    // references already renamed (a rule naming a reused issuer), so a second merge recognises what the first added
    const item = renamed(designedItem, renames);
    const there = existing.find((e) => sameJson(e, item) || sameButRenamed(e, item));
    if (there !== undefined) {
      const as = isObj(there) && isObj(item) && there.name !== item.name ? ` (as "${String(there.name)}")` : '';
      notes.push(`${key}: an identical entry is already there${as}; kept it.`);
      // an issuer a former merge added under a free name: the rule names it so
      if (as && key === 'federation_issuers' && isObj(item) && isObj(there)) renames.set(String(item.name), String(there.name));
      continue;
    }
    if (isObj(item) && key === 'federation_issuers') {
      const same = existing.find((e) => isObj(e) && e.issuer_url === item.issuer_url);
      if (isObj(same) && typeof same.name === 'string') {
        if (typeof item.name === 'string' && item.name !== same.name) renames.set(item.name, same.name);
        notes.push(`The issuer ${String(item.issuer_url)} is already defined (as "${same.name}"): the rule uses it.`);
        continue;
      }
    }
    if (isObj(item) && key === 'service_accounts') {
      const same = existing.find((e) => isObj(e) && e.name === item.name);
      if (same) {
        notes.push(`The service account "${String(item.name)}" is already defined: the rule uses it.`);
        continue;
      }
    }
    if (isObj(item) && typeof item.name === 'string' && existing.some((e) => isObj(e) && e.name === item.name)) {
      let n = 2;
      while (existing.some((e) => isObj(e) && e.name === `${item.name as string}-${n}`)) n++;
      notes.push(`${key}: "${item.name}" is taken; the new entry is "${item.name}-${n}".`);
      // the rule must name the issuer it was designed with, under its new name
      if (key === 'federation_issuers') renames.set(item.name, `${item.name}-${n}`);
      out.push({ ...item, name: `${item.name}-${n}` });
      continue;
    }
    out.push(item);
  }
  return out;
}

/** References by name (a rule's issuer) renamed to the existing entry's name. */
function renamed(item: Json, renames: ReadonlyMap<string, string>): Json {
  if (!isObj(item) || renames.size === 0) return item;
  const issuer = item.issuer_id;
  return typeof issuer === 'string' && renames.has(issuer) ? { ...item, issuer_id: renames.get(issuer)! } : item;
}

/** Nothing but blank lines, comments and document markers. */
const isBlank = (text: string) => text.split(/\r?\n/).every((l) => /^\s*(?:#.*)?$/.test(l) || /^(?:---|\.\.\.)\s*(?:#.*)?$/.test(l));

function rootMap(text: string): { root?: MapNode; error?: string } {
  const parsed = parseStructured(text);
  if (parsed.problems.length) return { error: `it does not parse (${parsed.problems[0]!.message})` };
  // an empty file (or one of comments only) has no document, or one whose root is an empty scalar
  if (parsed.documents.length === 0 || isBlank(text)) return { root: undefined };
  if (parsed.documents.length !== 1) return { error: 'it holds several documents' };
  const root = parsed.documents[0]!.root;
  if (root === undefined) return { root: undefined };
  return isMap(root) ? { root } : { error: 'its top level is not a map' };
}

/** Merge a structured (YAML or JSON) designed document into an existing one, collection by collection. */
function mergeStructured(existing: string, doc: DesignedDocument): MergeResult {
  const designedRoot = parseStructured(doc.text).documents[0]?.root;
  const designed = designedRoot ? toValue(designedRoot) : undefined;
  if (!isObj(designed)) return { ok: false, message: 'The designed document is not a map.' };
  const first = rootMap(existing);
  if (first.error) return { ok: false, message: `Keyless cannot add to this file: ${first.error}.` };
  if (!first.root) {
    // its comments stay, above the designed document
    const text = existing.trim() === '' ? doc.text : appendText(existing, doc.text, '');
    return { ok: true, text, edit: diffEdit(existing, text), notes: ['The file was empty: it now holds the designed document.'] };
  }
  const notes: string[] = [];
  // collections the designed entries could not be added to (the file has the key, in another shape)
  const blocked: string[] = [];
  const renames = new Map<string, string>();
  let text = existing;
  // issuers and service accounts first, so the rules after them see the renames
  const order = Object.keys(designed).sort((a, b) => Number(a === 'federation_rules') - Number(b === 'federation_rules'));
  for (const key of order) {
    const value = designed[key]!;
    const { root } = rootMap(text);
    const pair = pairOf(root, key);
    const current: Node | undefined = pair?.value ?? undefined;
    if (!pair) {
      const v = Array.isArray(value) ? value.map((i) => renamed(i, renames)) : value;
      text = apply(text, insertPair(text, root!, key, v));
      continue;
    }
    if (Array.isArray(value) && current?.kind === 'seq') {
      const have = (toValue(current) as Json[] | undefined) ?? [];
      for (const item of newItems(key, have, value, renames, notes)) {
        const seq = pairOf(rootMap(text).root, key)!.value as Node;
        text = apply(text, insertItem(text, seq as Extract<Node, { kind: 'seq' }>, renamed(item, renames)));
      }
      continue;
    }
    if (isObj(value) && current && isMap(current) && key === 'jobs') {
      for (const [job, body] of Object.entries(value)) {
        const jobs = pairOf(rootMap(text).root, key)!.value as MapNode;
        // the job itself, or a copy a former merge added under a free name
        const names = (i: number) => (i === 0 ? job : i === 1 ? `${job}-keyless` : `${job}-keyless-${i}`);
        let i = 0;
        let same: string | undefined;
        for (; pairOf(jobs, names(i)); i++) {
          const v = pairOf(jobs, names(i))!.value;
          if (same === undefined && sameJson(v ? toValue(v) : null, body)) same = names(i);
        }
        if (same !== undefined) {
          notes.push(`jobs: "${same}" is already there; kept it.`);
          continue;
        }
        const name = names(i);
        if (name !== job) notes.push(`jobs: "${job}" is taken; the new job is "${name}".`);
        text = apply(text, insertPair(text, jobs, name, body));
      }
      continue;
    }
    if (sameJson(current ? toValue(current) : undefined, value)) continue;
    const shape = Array.isArray(value) ? 'a list' : key === 'jobs' ? 'a map' : undefined;
    if (shape) {
      blocked.push(`its "${key}" is not ${shape}`);
      notes.push(`${key}: the file's own value is not ${shape}, so the designed entries were not added.`);
    } else notes.push(`${key}: the file's own value is kept.`);
  }
  if (text === existing) {
    return { ok: false, message: blocked.length ? `Keyless cannot add to this file: ${blocked.join('; ')}.` : 'Everything the designed document holds is already in this file.' };
  }
  return { ok: true, text, edit: diffEdit(existing, text), notes };
}

/**
 * The edit that adds a designed document to an existing file's text. Never throws; a file it cannot merge into (it
 * does not parse, its shape is another) gets a message and no edit.
 */
export function mergeDocument(existing: string, doc: DesignedDocument): MergeResult {
  if (!canMerge(doc)) return { ok: false, message: `"${doc.title}" is a set of notes: copy it instead.` };
  if (doc.language === 'sql') {
    const text = appendText(existing, doc.text, '\n');
    return { ok: true, text, edit: diffEdit(existing, text), notes: [] };
  }
  // Kubernetes manifests are streams: the designed objects follow as documents of their own
  if (doc.id === 'kubernetes-manifest') {
    const parsed = parseStructured(existing);
    if (parsed.problems.length) return { ok: false, message: `Keyless cannot add to this file: it does not parse (${parsed.problems[0]!.message}).` };
    const text = appendText(existing, doc.text, '---\n');
    return { ok: true, text, edit: diffEdit(existing, text), notes: [] };
  }
  return mergeStructured(existing, doc);
}
