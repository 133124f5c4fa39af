// The rules a token is simulated against, read from a rules document with the checker's own model builders, so the
// simulator and `keyless check` read every document the same way: Anthropic manifests, rules, issuers and list
// responses (buildAnthropicModel), OpenAI providers, mappings and Codex rules (buildOpenAIModel).
import { buildAnthropicModel, type AnthropicIssuer, type AnthropicRule } from '../anthropic/model';
import { intValue } from '../anthropic/fields';
import { type IssuerFamily, ISSUER_PROFILES } from '../issuers';
import type { Span } from '../model';
import { buildOpenAIModel, isEnabled, type OpenAIProvider, type OpenAIRule } from '../openai/model';
import { SourceContext } from '../source';
import { type Node, deref, get, getMap, str, toValue } from '../tree';
import { readKeySet } from './keys';
import { show } from './token';
import type { KeyLocation, KeySet, SimIssuer } from './types';

interface RuleBase {
  /** `name`, else `id`, else `#n` (position among the document's rules). */
  readonly name: string;
  readonly span: Span;
  /** The issuer or provider in the same document; undefined when the rule names one that is not there. */
  readonly issuer?: SimIssuer;
  /** What the rule names as its issuer (`issuer_id`, provider id), for messages when it is not in the document. */
  readonly issuerRef?: string;
  readonly family: IssuerFamily;
}

/** An Anthropic federation rule (domain.md §1.5). Matcher values are kept as written: a wrong type is a decision. */
export interface AnthropicSimRule extends RuleBase {
  readonly product: 'anthropic';
  readonly match: boolean;
  readonly subjectPrefix?: unknown;
  /** How messages quote `subject_prefix` and its literal part (worked out once). */
  readonly subjectPrefixShown?: { readonly pattern: string; readonly literal: string };
  readonly audience?: unknown;
  readonly claims?: unknown;
  /** `claims` as entries, when it is a map (read once: every token meets them). */
  readonly claimEntries?: readonly (readonly [string, unknown])[];
  readonly condition?: unknown;
  readonly serviceAccount: string | null;
  /** `organization_role` of the target service account, when it is in the document. */
  readonly serviceAccountRole?: string;
  readonly workspace: string | null;
  readonly scope: string | null;
  readonly scopes: readonly string[];
  /** `token_lifetime_seconds`, default 3600 (§1.5). */
  readonly tokenLifetimeSeconds: number;
}

/** An OpenAI API Platform mapping or a Codex federation rule (domain.md §2.1, §2.4). */
export interface OpenAISimRule extends RuleBase {
  readonly product: 'openai' | 'codex';
  readonly enabled: boolean;
  /** Mappings of one provider and service account compete: exactly one may match (§2.1). */
  readonly group?: string;
  readonly matchers?: readonly (readonly [string, unknown])[];
  readonly externalSubject?: unknown;
  readonly claims?: unknown;
  readonly audiences?: unknown;
  readonly condition?: unknown;
  readonly serviceAccount: string | null;
  readonly workspace: string | null;
  readonly scope: string | null;
  /** Codex `access_token_lifetime_seconds` (60–3600, default 3600); API Platform tokens live at most 3600 s. */
  readonly tokenLifetimeSeconds: number;
}

export type SimRule = AnthropicSimRule | OpenAISimRule;

export interface RuleSet {
  readonly rules: readonly SimRule[];
  readonly issuers: readonly SimIssuer[];
  /** Things worth telling about the document (keys left out of a JWKS, ...). */
  readonly notes: readonly string[];
}

const DEFAULT_MAX_JWT_LIFETIME = 3600; // §1.2 (Anthropic), §2.4 (Codex `max_assertion_lifetime_seconds`)
const DEFAULT_TOKEN_LIFETIME = 3600; // §1.5 (Anthropic), §2.2 / §2.4 (OpenAI, Codex)

const value = (n: Node | null | undefined): unknown => (n ? toValue(n) : undefined);
const discoveryUrl = (base: string) => `${base.replace(/(?<!\/)\/+$/, '')}/.well-known/openid-configuration`;

/** Read the rules of a document; an empty rule list means the document holds none. */
export function loadRuleSet(text: string, path: string): RuleSet {
  const src = new SourceContext(text, path);
  const notes: string[] = [];
  const anthropic = buildAnthropicModel(src)?.model;
  const openai = buildOpenAIModel(src)?.model;
  const issuers = new Map<object, SimIssuer>();
  for (const i of anthropic?.issuers ?? []) issuers.set(i, anthropicIssuer(i, notes));
  for (const p of openai?.providers ?? []) issuers.set(p, openaiProvider(p, notes));
  const raw: { span: Span; make: (name: string) => SimRule; named?: string }[] = [
    ...(anthropic?.rules ?? []).map((r) => ({ span: r.node.span, named: str(r.name) ?? str(r.id), make: (name: string) => anthropicRule(r, name, r.issuer && issuers.get(r.issuer)) })),
    ...(openai?.rules ?? []).map((r) => ({ span: r.node.span, named: str(r.name) ?? str(r.id), make: (name: string) => openaiRule(r, name, r.provider && issuers.get(r.provider)) })),
  ].sort((a, b) => a.span.start - b.span.start);
  const rules = raw.map((r, i) => r.make(r.named ?? `#${i + 1}`));
  return { rules, issuers: [...issuers.values()], notes };
}

function keysFrom(jwksValue: unknown, source: string, notes: string[]): KeySet | undefined {
  const read = readKeySet(jwksValue, source);
  if (!read.ok) {
    notes.push(read.message);
    return undefined;
  }
  notes.push(...read.warnings);
  return read.keys;
}

function anthropicIssuer(i: AnthropicIssuer, notes: string[]): SimIssuer {
  const label = `issuer "${str(i.name) ?? str(i.id) ?? str(i.issuerUrl) ?? '?'}"`;
  const issuerUrl = str(i.issuerUrl);
  const jwks = deref(i.jwks);
  const type = str(get(jwks, 'type')) ?? 'discovery';
  let keys: KeySet | undefined;
  let keyLocation: KeyLocation = { kind: 'unknown' };
  if (type === 'inline') {
    keys = keysFrom(value(get(jwks, 'keys')) ?? [], `the inline JWKS of ${label}`, notes);
    keyLocation = { kind: 'inline' };
  } else if (type === 'explicit_url' && str(get(jwks, 'url'))) keyLocation = { kind: 'jwks', url: str(get(jwks, 'url'))! };
  else if (type === 'discovery' && (str(get(jwks, 'discovery_base')) ?? issuerUrl)) keyLocation = { kind: 'discovery', url: discoveryUrl(str(get(jwks, 'discovery_base')) ?? issuerUrl!) };
  return {
    label,
    product: 'anthropic',
    ...(issuerUrl !== undefined ? { issuerUrl } : {}),
    ...(keys ? { keys } : {}),
    keyLocation,
    maxJwtLifetimeSeconds: intValue(i.maxJwtLifetimeSeconds) ?? DEFAULT_MAX_JWT_LIFETIME,
    transformations: new Map(),
    family: i.profile.family,
    shared: i.profile.shared,
  };
}

function openaiProvider(p: OpenAIProvider, notes: string[]): SimIssuer {
  const label = `provider "${str(p.name) ?? str(p.id) ?? str(p.issuer) ?? '?'}"`;
  const issuerUrl = str(p.issuer);
  const jwksLocal = deref(p.jwksLocal);
  const localOff = jwksLocal?.kind === 'scalar' && (jwksLocal.value === false || jwksLocal.value === 'false');
  const uploaded = p.product === 'api' ? str(get(p.verification, 'type')) === 'uploaded_jwks' : p.jwks !== undefined && !localOff;
  let keys: KeySet | undefined;
  let keyLocation: KeyLocation = { kind: 'unknown' };
  if (uploaded && p.jwks) {
    keys = keysFrom(value(p.jwks), `the uploaded JWKS of ${label}`, notes);
    keyLocation = { kind: 'inline' };
  } else if (str(p.jwksUri)) keyLocation = { kind: 'jwks', url: str(p.jwksUri)! };
  else {
    const explicit = str(p.discoveryUrl) ?? str(p.customUrl);
    if (explicit) keyLocation = { kind: 'discovery', url: explicit.includes('/.well-known/') ? explicit : discoveryUrl(explicit) };
    else if (issuerUrl) keyLocation = { kind: 'discovery', url: discoveryUrl(issuerUrl) };
  }
  const audience = str(p.audience);
  const attributeConditions = str(p.attributeConditions);
  return {
    label,
    product: p.product === 'api' ? 'openai' : 'codex',
    ...(issuerUrl !== undefined ? { issuerUrl } : {}),
    ...(keys ? { keys } : {}),
    keyLocation,
    // only Codex documents a cap on the presented token's lifetime (`max_assertion_lifetime_seconds`, §2.4)
    ...(p.product === 'codex' ? { maxJwtLifetimeSeconds: intValue(p.maxAssertionLifetimeSeconds) ?? DEFAULT_MAX_JWT_LIFETIME } : {}),
    ...(audience !== undefined ? { audience } : {}),
    ...(attributeConditions !== undefined ? { attributeConditions } : {}),
    transformations: p.transformations,
    family: p.profile.family,
    shared: p.profile.shared,
  };
}

function familyOf(issuer: SimIssuer | undefined, evidence: IssuerFamily | undefined): IssuerFamily {
  return issuer && issuer.family !== 'custom' ? issuer.family : (evidence ?? issuer?.family ?? 'custom');
}

function anthropicRule(r: AnthropicRule, name: string, issuer: SimIssuer | undefined): AnthropicSimRule {
  const sa = str(r.serviceAccountId);
  const saName = str(r.serviceAccount?.name) ?? str(get(r.target, 'service_account_name'));
  const all = deref(r.appliesToAllWorkspaces);
  const allWorkspaces = all?.kind === 'scalar' && (all.value === true || all.value === 'true');
  const workspaceIds = value(get(r.node, 'workspace_ids'));
  const workspace = allWorkspaces
    ? 'all workspaces'
    : (str(r.workspaceId) ?? (Array.isArray(workspaceIds) && workspaceIds.length ? workspaceIds.join(', ') : null));
  const role = str(r.serviceAccount?.organizationRole) ?? (r.serviceAccount ? 'developer' : undefined);
  const claims = value(r.claims);
  const subjectPrefix = value(get(r.matchMap, 'subject_prefix')); // any node: a list or a map is a decision too
  return {
    product: 'anthropic',
    name,
    span: r.node.span,
    ...(issuer ? { issuer } : {}),
    ...(str(r.issuerId) !== undefined ? { issuerRef: str(r.issuerId)! } : {}),
    family: familyOf(issuer, r.evidence?.profile.family),
    match: !!r.matchMap,
    subjectPrefix,
    ...(typeof subjectPrefix === 'string' ? { subjectPrefixShown: { pattern: show(subjectPrefix), literal: show(subjectPrefix.replace(/\*$/, '')) } } : {}),
    audience: value(get(r.matchMap, 'audience')),
    claims,
    ...(claims !== null && typeof claims === 'object' && !Array.isArray(claims) ? { claimEntries: Object.entries(claims as Record<string, unknown>) } : {}),
    condition: value(get(r.matchMap, 'condition')),
    serviceAccount: sa === undefined ? null : saName && saName !== sa ? `${sa} (${saName})` : sa,
    ...(role !== undefined ? { serviceAccountRole: role } : {}),
    workspace,
    scope: str(r.oauthScope) ?? null,
    scopes: r.scopes,
    tokenLifetimeSeconds: intValue(r.tokenLifetimeSeconds) ?? DEFAULT_TOKEN_LIFETIME,
  };
}

function openaiRule(r: OpenAIRule, name: string, issuer: SimIssuer | undefined): OpenAISimRule {
  const codex = r.product === 'codex';
  const permissions = getMap(r.node, 'permissions');
  const restricted = str(get(permissions, 'type')) === 'restricted' ? value(get(permissions, 'scopes')) : undefined;
  const scopes = value(r.scopes);
  const account = codex ? str(r.principalId) : str(r.serviceAccountId);
  return {
    product: codex ? 'codex' : 'openai',
    name,
    span: r.node.span,
    ...(issuer ? { issuer } : {}),
    ...(str(r.providerRef) !== undefined ? { issuerRef: str(r.providerRef)! } : {}),
    family: familyOf(issuer, r.evidence?.profile.family),
    enabled: isEnabled(r),
    ...(!codex && r.providerKey && account !== undefined ? { group: `${r.providerKey}\u0000${account}` } : {}),
    ...(r.matchers ? { matchers: r.matchers.pairs.map((p) => [String(p.key.value), value(p.value)] as const) } : {}),
    ...(codex ? { externalSubject: value(r.externalSubject), claims: value(r.claims), audiences: value(r.audiences), condition: value(r.condition) } : {}),
    serviceAccount: account ?? null,
    workspace: (codex ? str(r.workspaceId) : str(r.projectId)) ?? null,
    scope: codex
      ? (Array.isArray(scopes) ? scopes.join(' ') : null)
      : Array.isArray(restricted) ? restricted.join(' ') : 'service account default',
    tokenLifetimeSeconds: codex ? (intValue(r.accessTokenLifetimeSeconds) ?? DEFAULT_TOKEN_LIFETIME) : DEFAULT_TOKEN_LIFETIME,
  };
}

/** Human name of an issuer family, for messages. */
export function familyLabel(f: IssuerFamily): string {
  return ISSUER_PROFILES[f].label;
}
