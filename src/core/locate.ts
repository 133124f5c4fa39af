// Where a position is in a document, and what the object around it is: the shared ground of hovers and completions.
//  - `nodeAt` walks the located tree from the root to the innermost node at an offset (binary search per level).
//  - `analyze` recognises the document once (the domain builders) and records what each recognised map is.
//  - `mapContexts` names the object each step of a path sits in: what the models say, else what the parent's field
//    says its value is, else (at the root of a document nobody recognised) what its distinctive keys say.
import { buildAnthropicModel, type AnthropicModel } from './anthropic/model';
import { ANTHROPIC_DOCS, type ContextDoc, type FieldContext, type FieldDoc } from './field-docs';
import { OPENAI_DOCS } from './field-docs-openai';
import type { IamConditionBlock, IamModel, IamStatement } from './iam/model';
import { buildIamModel } from './iam/model';
import type { Span } from './model';
import { buildOpenAIModel, type OpenAIModel } from './openai/model';
import type { StructuredDocument } from './parse';
import { SourceContext } from './source';
import { type MapNode, type Node, type PairNode, type SeqNode, deref, pairOf } from './tree';
import { buildWorkloadModel, type WorkloadModel } from './workload/model';

export const FIELD_DOCS: Readonly<Record<FieldContext, ContextDoc>> = { ...ANTHROPIC_DOCS, ...OPENAI_DOCS };

/** Own property of a record keyed by user text (never `constructor` or `toString` from the prototype). */
export function own<T>(rec: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(rec, key) ? rec[key] : undefined;
}

/** The doc of `key` in an object of kind `ctx`: its own field, else the doc every key of a free map shares. */
export function fieldDoc(ctx: FieldContext | undefined, key: string): FieldDoc | undefined {
  if (!ctx) return undefined;
  const c = FIELD_DOCS[ctx];
  return own(c.fields, key) ?? c.anyKey;
}

export type Step =
  | { readonly kind: 'pair'; readonly map: MapNode; readonly pair: PairNode; readonly onKey: boolean }
  | { readonly kind: 'item'; readonly seq: SeqNode; readonly index: number; readonly node: Node };

export function within(s: Span, offset: number): boolean {
  return s.start <= offset && offset < s.end;
}

/** Index of the last element starting at or before `offset` (elements are in document order), or -1. */
function lastStartingAtOrBefore<T>(list: readonly T[], offset: number, start: (t: T) => number): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (start(list[mid]!) <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * The pairs and items from `root` down to the innermost node containing `offset`. The last step is a pair whose key
 * holds the offset (`onKey`), a pair whose scalar value does, or an item; the walk stops at a container whose
 * children do not hold the offset (whitespace, a `- ` or a `{`). Aliases are not followed.
 */
export function nodeAt(root: Node | undefined, offset: number): Step[] {
  const steps: Step[] = [];
  let n = root;
  while (n) {
    if (n.kind === 'map') {
      const pair = n.pairs[lastStartingAtOrBefore(n.pairs, offset, (p) => p.key.span.start)];
      if (!pair) break;
      if (within(pair.key.span, offset)) {
        steps.push({ kind: 'pair', map: n, pair, onKey: true });
        break;
      }
      if (!pair.value || !within(pair.value.span, offset)) break;
      steps.push({ kind: 'pair', map: n, pair, onKey: false });
      n = pair.value;
    } else if (n.kind === 'seq') {
      const index = lastStartingAtOrBefore(n.items, offset, (i) => i.span.start);
      const item = n.items[index];
      if (!item || !within(item.span, offset)) break;
      steps.push({ kind: 'item', seq: n, index, node: item });
      n = item;
    } else break;
  }
  return steps;
}

/** The document of a stream that holds `offset` (the last one starting at or before it). */
export function documentAt(docs: readonly StructuredDocument[], offset: number): StructuredDocument | undefined {
  return docs[lastStartingAtOrBefore(docs, offset, (d) => d.span.start)] ?? docs[0];
}

export interface Analysis {
  readonly src: SourceContext;
  readonly anthropic?: AnthropicModel;
  readonly openai?: OpenAIModel;
  readonly iam?: IamModel;
  readonly workload?: WorkloadModel;
  /** What each map the models placed is. */
  readonly known: ReadonlyMap<MapNode, FieldContext>;
  /** IAM `Condition` maps (with their statement) and condition blocks of policies written in the document itself. */
  readonly iamConditions: ReadonlyMap<MapNode, IamStatement>;
  readonly iamBlocks: ReadonlyMap<MapNode, IamConditionBlock>;
}

let last: { text: string; path: string; analysis: Analysis } | undefined;

/**
 * Recognise a document and index what its maps are. With `remember`, the result is kept for the next call: hovers
 * come one per mouse move over the same text (completion probes differ every time and are not kept).
 */
export function analyze(text: string, path: string, remember = true): Analysis {
  if (remember && last && last.text === text && last.path === path) return last.analysis;
  const src = new SourceContext(text, path);
  const anthropic = buildAnthropicModel(src)?.model;
  const openai = buildOpenAIModel(src)?.model;
  const iam = buildIamModel(src)?.model;
  const workload = buildWorkloadModel(src)?.model;
  const known = new Map<MapNode, FieldContext>();
  if (anthropic) {
    for (const m of anthropic.manifests) known.set(m, 'anthropic-manifest');
    for (const i of anthropic.issuers) known.set(i.node, 'anthropic-issuer');
    for (const s of anthropic.serviceAccounts) known.set(s.node, 'anthropic-service-account');
    for (const r of anthropic.rules) known.set(r.node, 'anthropic-rule');
  }
  if (openai) {
    for (const d of src.structured().documents) {
      const root = deref(d.root);
      if (root?.kind === 'map' && pairOf(root, 'workload_identity_providers')) known.set(root, 'openai-manifest');
    }
    for (const p of openai.providers) known.set(p.node, p.product === 'api' ? 'openai-provider' : 'codex-provider');
    for (const r of openai.rules) known.set(r.node, r.product === 'api' ? 'openai-mapping' : 'codex-rule');
  }
  const iamConditions = new Map<MapNode, IamStatement>();
  const iamBlocks = new Map<MapNode, IamConditionBlock>();
  for (const policy of iam?.policies ?? []) {
    if (policy.source.embedded) continue; // its nodes index a decoded string, not this text
    for (const s of policy.statements) {
      if (s.condition?.map) iamConditions.set(s.condition.map, s);
      for (const b of s.condition?.blocks ?? []) if (b.map) iamBlocks.set(b.map, b);
    }
  }
  const analysis: Analysis = { src, anthropic, openai, iam, workload, known, iamConditions, iamBlocks };
  if (remember) last = { text, path, analysis };
  return analysis;
}

/** Objects that can be a document's root, and the keys only one of them has (common words excluded). */
const ROOT_CONTEXTS: readonly FieldContext[] = [
  'anthropic-manifest', 'anthropic-issuer', 'anthropic-service-account', 'anthropic-rule',
  'openai-manifest', 'openai-provider', 'openai-mapping', 'codex-provider', 'codex-rule',
];

const DISTINCTIVE: ReadonlyMap<string, FieldContext> = (() => {
  const owners = new Map<string, FieldContext[]>();
  for (const ctx of ROOT_CONTEXTS) for (const key of Object.keys(FIELD_DOCS[ctx].fields)) owners.set(key, [...(owners.get(key) ?? []), ctx]);
  const out = new Map<string, FieldContext>();
  for (const [key, ctxs] of owners) {
    const f = FIELD_DOCS[ctxs[0]!].fields[key]!;
    if (ctxs.length === 1 && !f.generic && !f.readOnly) out.set(key, ctxs[0]!);
  }
  return out;
})();

/** What a map nobody recognised is, from the keys only one kind of object has; undefined when unclear. */
export function looseContext(m: MapNode): FieldContext | undefined {
  const votes = new Map<FieldContext, number>();
  for (const p of m.pairs) {
    const c = typeof p.key.value === 'string' ? DISTINCTIVE.get(p.key.value) : undefined;
    if (c) votes.set(c, (votes.get(c) ?? 0) + 1);
  }
  let best: FieldContext | undefined;
  let bestVotes = 0;
  let tie = false;
  for (const [c, v] of votes) {
    if (v > bestVotes) [best, bestVotes, tie] = [c, v, false];
    else if (v === bestVotes) tie = true;
  }
  return tie ? undefined : best;
}

/** For each step, the kind of object its map is (undefined for items and unknown maps). */
export function mapContexts(steps: readonly Step[], known: ReadonlyMap<MapNode, FieldContext>): (FieldContext | undefined)[] {
  const out: (FieldContext | undefined)[] = [];
  const first = steps[0];
  let pending = first?.kind === 'pair' ? (known.get(first.map) ?? looseContext(first.map)) : undefined;
  for (const step of steps) {
    if (step.kind === 'item') {
      out.push(undefined);
      continue;
    }
    const ctx = known.get(step.map) ?? pending;
    out.push(ctx);
    pending = step.onKey ? undefined : fieldDoc(ctx, String(step.pair.key.value))?.child;
  }
  return out;
}
