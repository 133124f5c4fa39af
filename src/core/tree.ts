// A small, typed, located view of a YAML or JSON document, independent of the parser's classes.
// Rules and model builders read this; they never touch `yaml` nodes. Every node knows its exact span.
import type { Span } from './model';

export type ScalarValue = string | number | boolean | null;

interface NodeBase {
  /** Source range of the node's value (quotes included for quoted scalars; tag excluded). */
  readonly span: Span;
  /** Explicit tag as written, e.g. '!Sub' (CloudFormation short form); undefined when untagged. */
  readonly tag?: string;
}

export interface ScalarNode extends NodeBase {
  readonly kind: 'scalar';
  readonly value: ScalarValue;
  readonly style: 'plain' | 'double' | 'single' | 'block';
  /** Span of the characters that spell the value when they map one-to-one onto it (no escapes, folding); else undefined. */
  readonly contentSpan?: Span;
}

export interface PairNode {
  readonly key: ScalarNode;
  readonly value: Node | null;
  /** From the start of the key to the end of the value. */
  readonly span: Span;
}

export interface MapNode extends NodeBase {
  readonly kind: 'map';
  readonly pairs: readonly PairNode[];
  readonly flow: boolean;
}

export interface SeqNode extends NodeBase {
  readonly kind: 'seq';
  readonly items: readonly Node[];
  readonly flow: boolean;
}

/** An alias (`*name`). Generic walkers must not follow aliases (alias bombs); `deref` does so once. */
export interface AliasNode extends NodeBase {
  readonly kind: 'alias';
  readonly target: Node | null;
}

export type Node = ScalarNode | MapNode | SeqNode | AliasNode;

export function deref(n: Node | null | undefined): Node | undefined {
  if (!n) return undefined;
  return n.kind === 'alias' ? (n.target && n.target.kind !== 'alias' ? n.target : undefined) : n;
}

export function isMap(n: Node | null | undefined): n is MapNode {
  return deref(n)?.kind === 'map';
}

/** Map lookup by exact key (first match, as most consumers do; duplicate keys are a parse error). */
export function pairOf(map: Node | null | undefined, key: string): PairNode | undefined {
  const m = map && map.kind === 'alias' ? deref(map) : map;
  if (!m || m.kind !== 'map') return undefined;
  // the hottest function of a check: a plain loop, no closure
  const pairs = m.pairs;
  for (let i = 0; i < pairs.length; i++) if (pairs[i]!.key.value === key) return pairs[i];
  return undefined;
}

/** Case-insensitive key lookup (IAM condition operators, CloudFormation-ish keys). */
export function pairOfCI(map: Node | null | undefined, key: string): PairNode | undefined {
  const m = deref(map);
  if (m?.kind !== 'map') return undefined;
  const k = key.toLowerCase();
  return m.pairs.find((p) => typeof p.key.value === 'string' && p.key.value.toLowerCase() === k);
}

export function get(map: Node | null | undefined, key: string): Node | undefined {
  const v = pairOf(map, key)?.value;
  return v && v.kind === 'alias' ? deref(v) : (v ?? undefined);
}

export function getMap(map: Node | null | undefined, key: string): MapNode | undefined {
  const v = get(map, key);
  return v?.kind === 'map' ? v : undefined;
}

export function getSeq(map: Node | null | undefined, key: string): SeqNode | undefined {
  const v = get(map, key);
  return v?.kind === 'seq' ? v : undefined;
}

export function getScalar(map: Node | null | undefined, key: string): ScalarNode | undefined {
  const v = get(map, key);
  return v?.kind === 'scalar' ? v : undefined;
}

/** The string value of a scalar (numbers and booleans are not strings: callers decide). */
export function str(n: Node | null | undefined): string | undefined {
  const d = deref(n);
  return d?.kind === 'scalar' && typeof d.value === 'string' ? d.value : undefined;
}

export function keys(map: Node | null | undefined): string[] {
  const m = deref(map);
  if (m?.kind !== 'map') return [];
  return m.pairs.map((p) => String(p.key.value));
}

/** Items of a sequence, or the node itself when it is a single value (IAM's "string or list"). */
export function asList(n: Node | null | undefined): Node[] {
  const d = deref(n);
  if (!d) return [];
  if (d.kind === 'seq') return d.items.map((i) => deref(i)).filter((i): i is Node => !!i);
  return [d];
}

/**
 * Plain JS value of a node (for display, lookups and JWT-like comparisons). Aliases are followed to a bounded
 * depth and size, so an alias bomb yields a truncated value, never a hang.
 */
export function toValue(n: Node | null | undefined, budget = { left: 10_000 }): unknown {
  const d = deref(n);
  if (!d || budget.left-- <= 0) return undefined;
  switch (d.kind) {
    case 'scalar':
      return d.value;
    case 'seq':
      return d.items.map((i) => toValue(i, budget));
    case 'map': {
      const o: Record<string, unknown> = {};
      // defineProperty: a key named `__proto__` is data, not the object's prototype
      for (const p of d.pairs) Object.defineProperty(o, String(p.key.value), { value: toValue(p.value, budget), enumerable: true, writable: true, configurable: true });
      return o;
    }
    default:
      return undefined;
  }
}
