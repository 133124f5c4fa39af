// Small helpers shared by the Anthropic create-time rules (required fields, types, ranges, names, references):
// reading values the way the Admin API would, locating where to report, and building the few edits they need.
import type { Span, TextEdit } from '../model';
import { type Json, formatScalar, insertPair } from '../edit';
import { type MapNode, type Node, type ScalarNode, deref, get, getSeq, pairOf, str } from '../tree';
import type { AnthropicModel } from './model';

export type ResourceKind = 'issuer' | 'service-account' | 'rule';

export interface Resource {
  readonly kind: ResourceKind;
  readonly node: MapNode;
  readonly name?: ScalarNode;
}

/** Every issuer, service account and rule of the model, in that order. */
export function resources(model: AnthropicModel): Resource[] {
  return [
    ...model.issuers.map((i) => ({ kind: 'issuer' as const, node: i.node, name: i.name })),
    ...model.serviceAccounts.map((s) => ({ kind: 'service-account' as const, node: s.node, name: s.name })),
    ...model.rules.map((r) => ({ kind: 'rule' as const, node: r.node, name: r.name })),
  ];
}

const KIND_WORD: Readonly<Record<ResourceKind, string>> = { issuer: 'issuer', 'service-account': 'service account', rule: 'rule' };

export function kindWord(kind: ResourceKind): string {
  return KIND_WORD[kind];
}

/** `issuer "github-actions"`, or `this issuer` when it has no usable name. */
export function resourceLabel(kind: ResourceKind, node: MapNode): string {
  const n = str(get(node, 'name')) ?? str(get(node, 'id'));
  return n ? `${KIND_WORD[kind]} "${n}"` : `this ${KIND_WORD[kind]}`;
}

/** The same label at the start of a sentence: `Issuer "github-actions"`. */
export function capitalized(kind: ResourceKind, node: MapNode): string {
  return resourceLabel(kind, node).replace(/^./, (c) => c.toUpperCase());
}

/** Objects returned by the Admin API carry their `type` (and audit timestamps); bodies written by hand do not. */
export function isResponse(node: MapNode): boolean {
  const type = str(get(node, 'type'));
  return type === 'federation_rule' || type === 'federation_issuer' || type === 'service_account' || !!pairOf(node, 'created_at');
}

/**
 * Outside a manifest, a partial update body (`POST …/{id}`) looks like a create body with fields left out. Rule
 * updates never carry `issuer_id` (immutable) and rarely `name`; a service account's only mutable fields are
 * `description` and `organization_role`. Such bodies are not held to create-time requirements.
 */
export function looksLikeUpdate(kind: ResourceKind, node: MapNode): boolean {
  if (kind === 'rule') return !pairOf(node, 'name') && !pairOf(node, 'issuer_id');
  if (kind === 'service-account') return !pairOf(node, 'name');
  return false;
}

/** Rule, issuer and service-account nodes that sit in a manifest's lists (where items may refer to each other by name). */
export function manifestMembers(model: AnthropicModel): Set<MapNode> {
  const out = new Set<MapNode>();
  for (const m of model.manifests) {
    for (const key of ['federation_issuers', 'service_accounts', 'federation_rules']) {
      for (const item of getSeq(m, key)?.items ?? []) {
        const d = deref(item);
        if (d?.kind === 'map') out.add(d);
      }
    }
  }
  return out;
}

/** Where to report something an object lacks: its name's value, else its first key, else its opening brace. */
export function anchorOf(node: MapNode): Span {
  const name = get(node, 'name');
  if (name?.kind === 'scalar' && typeof name.value === 'string' && name.value !== '') return name.span;
  if (node.flow || node.pairs.length === 0) return { start: node.span.start, end: node.span.start + 1 };
  return node.pairs[0]!.key.span;
}

/** A value that is present: the pair exists and its value is not null/empty (`name:` or `name: null` count as absent). */
export function present(node: MapNode | undefined, key: string): boolean {
  const p = pairOf(node, key);
  const v = deref(p?.value);
  return !!v && !(v.kind === 'scalar' && v.value === null);
}

/** `true`/`false`, also when written as the strings "true"/"false" (which the API rejects, but whose meaning is plain). */
export function boolValue(n: Node | null | undefined): boolean | undefined {
  const d = deref(n);
  if (d?.kind !== 'scalar') return undefined;
  if (typeof d.value === 'boolean') return d.value;
  if (typeof d.value === 'string') {
    const v = d.value.trim().toLowerCase();
    if (v === 'true') return true;
    if (v === 'false') return false;
  }
  return undefined;
}

/** The integer a scalar spells: a number, or a string of digits ("600"). */
export function intValue(n: Node | null | undefined): number | undefined {
  const d = deref(n);
  if (d?.kind !== 'scalar') return undefined;
  if (typeof d.value === 'number') return Number.isInteger(d.value) ? d.value : undefined;
  if (typeof d.value === 'string' && /^\s*-?\d{1,15}\s*$/.test(d.value)) return Number(d.value.trim());
  return undefined;
}

/** A JSON-ish name for a node's type, for messages. */
export function typeName(n: Node | null | undefined): string {
  const d = deref(n);
  if (!d) return 'nothing';
  if (d.kind === 'map') return 'an object';
  if (d.kind === 'seq') return 'a list';
  if (d.kind === 'alias') return 'an alias';
  if (d.value === null) return 'null';
  if (typeof d.value === 'string') return 'a string';
  if (typeof d.value === 'boolean') return 'a boolean';
  return Number.isInteger(d.value) ? 'an integer' : 'a number';
}

/**
 * Set `key` of `map` to `value`: replace the value when the key is there (`name:` or `name: null`), else add the pair.
 */
export function setField(text: string, map: MapNode, key: string, value: Json): TextEdit {
  const p = pairOf(map, key);
  if (!p) return insertPair(text, map, key, value);
  const rendered = typeof value === 'object' && value !== null ? JSON.stringify(value) : formatScalar(value, undefined, map.flow);
  if (p.value && p.value.span.end > p.value.span.start) return { span: p.value.span, newText: rendered };
  const colon = text.indexOf(':', p.key.span.end);
  const at = colon < 0 ? p.key.span.end : colon + 1;
  return { span: { start: at, end: at }, newText: ` ${rendered}` };
}

/** The span of characters [from, to) of a scalar's string value, when they map one-to-one onto the text; else the scalar. */
export function subSpan(node: ScalarNode, from: number, to: number): Span {
  const c = node.contentSpan;
  return c ? { start: c.start + from, end: c.start + to } : node.span;
}

/** Replace characters [from, to) of a scalar's string value, keeping its quoting; rewrites the whole scalar when it must. */
export function replaceInScalar(node: ScalarNode, from: number, to: number, replacement: string): TextEdit {
  const v = typeof node.value === 'string' ? node.value : String(node.value);
  const unsafe = node.style === 'double' ? /["\\]/ : node.style === 'single' ? /'/ : /[#\s]|:$/;
  if (node.contentSpan && !unsafe.test(replacement)) return { span: subSpan(node, from, to), newText: replacement };
  return { span: node.span, newText: formatScalar(v.slice(0, from) + replacement + v.slice(to), node) };
}

/** End of a node's span without the trailing line breaks and spaces that block collections include. */
export function trimmedEnd(text: string, span: Span): number {
  let e = span.end;
  while (e > span.start && /\s/.test(text[e - 1]!)) e--;
  return e;
}

/** Lower-case, spaces and underscores to `-`, everything else outside `[a-z0-9-]` dropped (the Admin API's name slug). */
export function slugify(name: string): string {
  return name.toLowerCase().replace(/[\s_]+/g, '-').replace(/[^a-z0-9-]/g, '');
}

/** Levenshtein distance, for "did you mean" suggestions between short strings. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

export interface ParsedUrl {
  readonly scheme: string;
  /** Host as written, without brackets for IPv6 literals, lower-cased. */
  readonly host: string;
  readonly ipv6: boolean;
  /** Explicit port digits, or undefined. */
  readonly port?: string;
  /** Offsets within the string of the authority's host and port text. */
  readonly hostAt: number;
  readonly portAt?: number;
  /** Everything after the authority (path, query, fragment). */
  readonly rest: string;
}

/** A strict, linear URL split (no normalisation: the issuer is compared to `iss` byte for byte). */
export function parseUrl(s: string): ParsedUrl | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/.exec(s);
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  let authority = m[2]!;
  let at = m[1]!.length + 3;
  const userinfo = authority.lastIndexOf('@');
  if (userinfo >= 0) {
    at += userinfo + 1;
    authority = authority.slice(userinfo + 1);
  }
  const rest = s.slice(m[0].length);
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    const host = authority.slice(1, close < 0 ? undefined : close).toLowerCase();
    const after = close < 0 ? '' : authority.slice(close + 1);
    const port = after.startsWith(':') ? after.slice(1) : undefined;
    return { scheme, host, ipv6: true, hostAt: at + 1, rest, ...(port !== undefined ? { port, portAt: at + close + 2 } : {}) };
  }
  const colon = authority.indexOf(':');
  const host = (colon < 0 ? authority : authority.slice(0, colon)).toLowerCase();
  const port = colon < 0 ? undefined : authority.slice(colon + 1);
  return { scheme, host, ipv6: false, hostAt: at, rest, ...(port !== undefined ? { port, portAt: at + colon + 1 } : {}) };
}

/** Why Anthropic cannot dial a host (an IP literal, localhost, a private-use name), or undefined when it looks public. */
export function unreachableHost(u: ParsedUrl): string | undefined {
  const h = u.host.replace(/\.$/, '');
  if (u.ipv6 || /^\d{1,3}(\.\d{1,3}){3}$/.test(h)) return 'an IP address (IP literals are rejected)';
  if (h === 'localhost' || h.endsWith('.localhost')) return 'localhost';
  const internal = ['.svc.cluster.local', '.cluster.local', '.svc', '.internal', '.local', '.home.arpa', '.lan', '.corp'].find((s) => h.endsWith(s));
  if (internal) return `a private name (\`${internal}\` does not resolve on the public internet)`;
  if (h !== '' && !h.includes('.')) return 'a single-label name (it does not resolve on the public internet)';
  return undefined;
}
