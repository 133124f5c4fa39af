// Hovers: what the key or value under the cursor means. Field keys of Anthropic and OpenAI resources, IAM condition
// operators and keys, and workload environment variables get their documentation; subject values and matchers get
// what they admit, with concrete subjects they would also accept. Text in, Markdown out; the only state is the
// one-entry memo of the last analysed text (locate.ts).
// Never shows a secret: environment variables are described, never echoed.
import { type FieldContext, type FieldDoc } from './field-docs';
import { ENV_DOCS } from './field-docs-env';
import { CLAIM_DOCS, IAM_GLOBAL_KEYS, IAM_KEY_PREFIXES, IAM_OPERATORS, IAM_QUALIFIER_DOCS, IF_EXISTS_DOC, SUBJECT_FORMATS } from './field-docs-iam';
import { LINKS } from './doc-links';
import { parseOperator, providerFamily, providerKey } from './iam/facts';
import type { IamConditionBlock } from './iam/model';
import { ISSUER_PROFILES } from './issuers';
import { type Analysis, FIELD_DOCS, analyze, documentAt, fieldDoc, mapContexts, nodeAt, own, type Step, within } from './locate';
import type { Span } from './model';
import { code, type SubjectContext, subjectMarkdown } from './subject-hover';
import type { MapNode, ScalarNode } from './tree';

export interface Hover {
  /** The key or value the hover is about. */
  readonly span: Span;
  /** What to show (Markdown). */
  readonly markdown: string;
}

/** A document without any of these words has nothing to hover: no parse is spent on it. */
const MARKERS = [
  'issuer', 'match', 'federation', 'service_account', 'organization_role', 'attribute_', 'external_subject', 'principal_id', 'workload_identity',
  'Condition', 'ANTHROPIC_', 'OPENAI_', 'AWS_', 'CLAUDE_CODE_',
];

export function hoverAt(text: string, path: string, offset: number): Hover | undefined {
  if (offset < 0 || offset >= text.length || !MARKERS.some((m) => text.includes(m))) return undefined;
  const a = analyze(text, path);
  const env = envHover(a, offset);
  if (env || a.src.textFormat || a.src.textFormatHint) return env;
  const doc = documentAt(a.src.structured().documents, offset);
  const steps = nodeAt(doc?.root, offset);
  const last = steps[steps.length - 1];
  if (!last) return undefined;
  if (last.kind === 'pair' && last.onKey) return keyHover(a, steps, last.pair.key, last.map);
  return valueHover(a, steps, offset);
}

// ---------------------------------------------------------------------------------------------------------------
// Keys

function keyHover(a: Analysis, steps: readonly Step[], key: ScalarNode, map: MapNode): Hover | undefined {
  const name = String(key.value);
  const statement = a.iamConditions.get(map);
  if (statement) return at(key, operatorMarkdown(name, statement.mintsTokens));
  const block = a.iamBlocks.get(map);
  if (block) return at(key, conditionKeyMarkdown(name, block));
  const ctx = mapContexts(steps, a.known)[steps.length - 1];
  const doc = fieldDoc(ctx, name);
  return ctx && doc ? at(key, fieldMarkdown(name, ctx, doc)) : undefined;
}

const at = (node: { span: Span }, markdown: string | undefined): Hover | undefined => (markdown ? { span: node.span, markdown } : undefined);

const link = (url: string) => `[Provider docs](${url})`;

/** The Markdown of a field: heading, meaning, limits, values, link. Also the documentation of completions. */
export function fieldMarkdown(name: string, ctx: FieldContext, f: FieldDoc): string {
  const parts = [`**${code(name)}** · ${FIELD_DOCS[ctx].title} · ${f.type}, ${f.need}`, f.doc.replace(/\{\{key\}\}/g, name)];
  if (f.limits) parts.push(f.limits);
  if (f.values) parts.push(f.values.map((v) => `- ${code(String(v.value))}: ${v.doc}`).join('\n'));
  parts.push(link(f.link));
  return parts.join('\n\n');
}

function operatorMarkdown(name: string, outbound: boolean): string | undefined {
  const op = parseOperator(name);
  const base = own(IAM_OPERATORS, op.baseLower);
  if (!base) return undefined;
  const parts = [`**${code(name)}** · IAM condition operator`];
  if (op.qualifier) parts.push(`${code(`${op.qualifier}:`)} — ${IAM_QUALIFIER_DOCS[op.qualifier]}`);
  parts.push(op.qualifier || op.ifExists ? `${code(base.name)} — ${base.doc}` : base.doc);
  if (op.ifExists) parts.push(IF_EXISTS_DOC);
  parts.push(link(outbound ? LINKS.awsOutbound : LINKS.awsInbound));
  return parts.join('\n\n');
}

function conditionKeyMarkdown(name: string, block: IamConditionBlock): string | undefined {
  const lower = name.toLowerCase();
  const global = own(IAM_GLOBAL_KEYS, lower) ?? IAM_KEY_PREFIXES.find((p) => lower.startsWith(p.prefix));
  if (global) return [`**${code(name)}** · IAM condition key · ${global.type}`, global.doc, link(global.link)].join('\n\n');
  const parts = providerKey(name);
  if (!parts) return undefined;
  const family = providerFamily(parts.provider);
  const label = family === 'custom' ? parts.provider : `${ISSUER_PROFILES[family].label} (${parts.provider})`;
  const claim = parts.claim.toLowerCase();
  const out = [`**${code(name)}** · IAM condition key · ${label}`, own(CLAIM_DOCS, claim) ?? `The ${code(parts.claim)} claim of the provider's tokens.`];
  if (claim === 'sub') {
    const format = SUBJECT_FORMATS[family];
    if (format) out.push(`Format: ${format}`);
    out.push(block.baseLower.endsWith('like') ? `Under ${code(block.base)}, ${code('*')} and ${code('?')} in its values are wildcards.` : `Under ${code(block.base)}, its values are compared literally.`);
  }
  out.push(link(LINKS.awsInbound));
  return out.join('\n\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Values

function valueHover(a: Analysis, steps: readonly Step[], offset: number): Hover | undefined {
  const last = steps[steps.length - 1]!;
  // the scalar under the cursor (not a CloudFormation intrinsic), and the pair it is the value (or an item of the value) of
  const scalar = last.kind === 'pair' ? last.pair.value : last.node;
  const ownerIndex = last.kind === 'pair' ? steps.length - 1 : steps.length - 2;
  const owner = steps[ownerIndex];
  if (scalar?.kind !== 'scalar' || scalar.tag || typeof scalar.value !== 'string' || !within(scalar.span, offset) || owner?.kind !== 'pair') return undefined;
  const items = last.kind === 'item' ? last.seq.items.length : 1;
  const subject = subjectContext(a, steps, ownerIndex, items);
  return subject ? at(scalar, subjectMarkdown(scalar.value, subject)) : undefined;
}

function subjectContext(a: Analysis, steps: readonly Step[], ownerIndex: number, items: number): SubjectContext | undefined {
  const owner = steps[ownerIndex] as Extract<Step, { kind: 'pair' }>;
  const key = String(owner.pair.key.value);
  const block = a.iamBlocks.get(owner.map);
  if (block) {
    const parts = providerKey(key);
    if (parts?.claim.toLowerCase() !== 'sub') return undefined;
    return { provider: 'iam', family: providerFamily(parts.provider), operator: block.operator, alternatives: items };
  }
  const ctx = mapContexts(steps.slice(0, ownerIndex + 1), a.known)[ownerIndex];
  if (ctx === 'anthropic-match' && key === 'subject_prefix') {
    const rule = a.anthropic?.rules.find((r) => r.matchMap === owner.map);
    return { provider: 'anthropic', family: rule?.evidence?.profile.family, alternatives: items };
  }
  if (ctx === 'openai-matchers' && key === 'sub') {
    const rule = a.openai?.rules.find((r) => r.matchers === owner.map);
    return { provider: 'openai', family: rule?.evidence?.profile.family, alternatives: items };
  }
  if (ctx === 'codex-rule' && key === 'external_subject') {
    const rule = a.openai?.rules.find((r) => r.node === owner.map);
    return { provider: 'codex', family: rule?.evidence?.profile.family, alternatives: items };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Environment variables

const SHAPES = { literal: 'a value written in this file', empty: 'empty', reference: 'a reference resolved elsewhere' } as const;

function envHover(a: Analysis, offset: number): Hover | undefined {
  for (const scope of a.workload?.scopes ?? []) {
    for (const v of scope.vars) {
      if (!within(v.nameSpan, offset)) continue;
      const doc = own(ENV_DOCS, v.name);
      if (!doc) return undefined;
      const parts = [`**${code(v.name)}** · environment variable · ${doc.reader}`, doc.doc];
      const here = v.value === undefined && v.shape !== 'empty' ? 'set from elsewhere (not in this file)' : SHAPES[v.shape];
      parts.push(doc.secret ? `**Holds a credential.** Keyless never shows its value. Here: ${here}.` : `Here: ${here}.`);
      parts.push(link(doc.link));
      return { span: v.nameSpan, markdown: parts.join('\n\n') };
    }
  }
  return undefined;
}
