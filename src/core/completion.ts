// Completions in Anthropic and OpenAI federation documents: the fields an object can still take, and the values of
// fields that take a fixed set (scopes, types, roles, booleans) or, in a manifest, the names of its issuers and
// service accounts. YAML (block and flow) and JSON; documents mid-edit included: the line around the cursor is read
// as text (completion-cursor.ts) and a probe with a placeholder in place of the token is parsed once.
import { type Cursor, cursorAt, PLACEHOLDER } from './completion-cursor';
import { formatScalar } from './edit';
import type { EnumValue, FieldContext, FieldDoc } from './field-docs';
import { fieldMarkdown } from './hover';
import { analyze, documentAt, FIELD_DOCS, fieldDoc, mapContexts, nodeAt, type Step } from './locate';
import type { Span } from './model';
import { looksLikeJson } from './parse';
import { looksSecret } from './subject-hover';
import { type MapNode, type Node, get, getSeq, str } from './tree';

export interface Completion {
  readonly label: string;
  readonly kind: 'field' | 'value';
  readonly detail?: string;
  readonly documentation?: string;
  readonly insertText: string;
  /** The span to replace: the partial word under the cursor. */
  readonly span: Span;
}

/** A document without any of these has nothing to complete: no parse is spent on it. */
const MARKERS = [
  'federation', 'issuer', 'service_account', 'organization_role', 'oauth_scope', 'subject_prefix', 'token_lifetime', 'workspace',
  'jwks', 'check_jti', 'attribute_', 'external_subject', 'principal_id', 'workload_identity', 'verification', 'custom_url', 'lifetime_seconds',
];

export function completionsAt(text: string, path: string, offset: number): Completion[] {
  if (offset < 0 || offset > text.length || !MARKERS.some((m) => text.includes(m))) return [];
  const cur = cursorAt(text, offset, looksLikeJson(text));
  if (!cur) return [];
  const a = analyze(cur.probe, path, false);
  if (a.src.textFormatHint || a.src.textFormat) return [];
  const doc = documentAt(a.src.structured().documents, cur.at);
  const steps = nodeAt(doc?.root, cur.at);
  const last = steps[steps.length - 1];
  if (!last) return [];
  const ctxs = mapContexts(steps, a.known);
  const n = steps.length;
  if (last.kind === 'pair' && last.onKey) {
    if (last.pair.key.value !== PLACEHOLDER || last.pair.key.span.start !== cur.at) return [];
    // `- |` under a list of values parses as a one-key map item: it is a value
    const item = steps[n - 2];
    const owner = steps[n - 3];
    if (cur.dashItem && item?.kind === 'item' && last.map.pairs.length === 1 && owner?.kind === 'pair') {
      const f = fieldDoc(ctxs[n - 3], String(owner.pair.key.value));
      if (f?.list) return values(cur, f, steps, ctxs[0], item.seq.items.map(itemText), true);
    }
    const ctx = ctxs[n - 1];
    return ctx ? fields(cur, ctx, last.map, ctxs[0]) : [];
  }
  const scalar = last.kind === 'pair' ? last.pair.value : last.node;
  if (scalar?.kind !== 'scalar' || scalar.value !== PLACEHOLDER || scalar.span.start !== cur.at) return [];
  if (last.kind === 'pair') return values(cur, fieldDoc(ctxs[n - 1], String(last.pair.key.value)), steps, ctxs[0], [], false);
  const owner = steps[n - 2];
  if (owner?.kind !== 'pair') return [];
  const f = fieldDoc(ctxs[n - 2], String(owner.pair.key.value));
  return f?.list ? values(cur, f, steps, ctxs[0], last.seq.items.map(itemText), true) : [];
}

const itemText = (n: Node): string => str(n) ?? '';

// ---------------------------------------------------------------------------------------------------------------
// Fields

function fields(cur: Cursor, ctx: FieldContext, map: MapNode, rootCtx: FieldContext | undefined): Completion[] {
  const present = new Set(map.pairs.map((p) => String(p.key.value)));
  const out: Completion[] = [];
  for (const [name, f] of Object.entries(FIELD_DOCS[ctx].fields)) {
    if (f.readOnly || present.has(name) || (f.nested && rootCtx !== 'openai-manifest')) continue;
    out.push({
      label: name,
      kind: 'field',
      detail: `${f.type}, ${f.need}`,
      documentation: fieldMarkdown(name, ctx, f),
      insertText: keyText(cur, name),
      span: cur.token,
    });
  }
  return out;
}

function keyText(cur: Cursor, name: string): string {
  const colon = cur.colonFollows ? '' : ': ';
  if (cur.quote) return `${cur.json ? JSON.stringify(name).slice(1) : `${name}${cur.quote}`}${colon}`;
  return `${cur.json ? JSON.stringify(name) : name}${colon}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Values

/** `asItem`: the cursor is on an item of the value (a list), not on the value itself. */
function values(cur: Cursor, f: FieldDoc | undefined, steps: readonly Step[], rootCtx: FieldContext | undefined, taken: readonly string[], asItem: boolean): Completion[] {
  // a list field's value itself: offer a one-item list, unless a string is being typed there
  const wrap = f?.list === true && !asItem;
  if (!f || (wrap && cur.quote)) return [];
  const candidates: EnumValue[] = [...(f.values ?? [])];
  if (f.refersTo && rootCtx === 'anthropic-manifest' && steps[0]?.kind === 'pair') {
    const list = f.refersTo === 'issuers' ? 'federation_issuers' : 'service_accounts';
    const what = f.refersTo === 'issuers' ? 'An issuer of this manifest.' : 'A service account of this manifest.';
    for (const item of getSeq(steps[0].map, list)?.items ?? []) {
      const name = str(get(item, 'name'));
      if (name && name !== PLACEHOLDER && !looksSecret(name) && !candidates.some((c) => c.value === name)) candidates.push({ value: name, doc: what });
    }
  }
  const exclude = new Set([...(f.spaceSeparated ? cur.words : []), ...taken]);
  // a scope list being typed inside a string (or a plain YAML value): complete the word, not the whole value
  const byWord = f.spaceSeparated === true && (cur.quote !== undefined || !cur.json);
  const out: Completion[] = [];
  for (const v of candidates) {
    const label = String(v.value);
    if (exclude.has(label)) continue;
    const { insertText, span } = byWord ? { insertText: cur.quote && !cur.closed ? `${label}${cur.quote}` : label, span: cur.word } : valueText(cur, v.value);
    out.push({ label, kind: 'value', detail: f.type, documentation: v.doc, insertText: wrap ? `[${insertText}]` : insertText, span });
  }
  return out;
}

function valueText(cur: Cursor, v: string | boolean): { insertText: string; span: Span } {
  if (cur.quote) {
    // a quote is open: finish the string, or replace it when the value is no string
    if (typeof v !== 'string') return { insertText: String(v), span: { start: cur.token.start - 1, end: cur.token.end } };
    const body = cur.json || cur.quote === '"' ? JSON.stringify(v).slice(1, -1) : v.replace(/'/g, "''");
    return { insertText: `${body}${cur.quote}`, span: cur.token };
  }
  return { insertText: cur.json ? JSON.stringify(v) : formatScalar(v), span: cur.token };
}
