// OpenAI workload identity federation resources, as a typed view over the located tree: API Platform Workload
// Identity Providers and their service account mappings (`federation_rules`), Codex providers and their federation
// rules (`mappings`), list responses, and Keyless manifests that nest rules under their provider.
// Field names are exactly the Admin APIs' (docs (shared) domain.md §2.1, §2.4).
import type { Built } from '../domains';
import { type IssuerProfile, classifyIssuerUrl, familyFromSubject, ISSUER_PROFILES } from '../issuers';
import type { DocumentKind, Span } from '../model';
import type { SourceContext } from '../source';
import { type MapNode, type Node, type ScalarNode, type SeqNode, deref, get, getMap, getScalar, getSeq, pairOf, str } from '../tree';
import { parseWildcard, referencedClaims } from './matchers';

/** API Platform (service account mappings) or Codex (federation rules for ChatGPT principals). */
export type OpenAIProduct = 'api' | 'codex';

export interface OpenAIProvider {
  readonly node: MapNode;
  readonly product: OpenAIProduct;
  readonly id?: ScalarNode;
  readonly name?: ScalarNode;
  readonly type?: ScalarNode;
  readonly issuer?: ScalarNode;
  readonly audience?: Node;
  readonly enabled?: Node;
  /** API: `verification` ({type: discovery, discovery_url} | {type: uploaded_jwks, jwks}). */
  readonly verification?: MapNode;
  readonly discoveryUrl?: ScalarNode;
  /** Codex: `custom_url`, `jwks_uri`, `jwks_local`. */
  readonly customUrl?: ScalarNode;
  readonly jwksUri?: ScalarNode;
  readonly jwksLocal?: Node;
  /** The uploaded JWKS: `verification.jwks` (API) or `jwks` (Codex). */
  readonly jwks?: Node;
  readonly attributeTransformations?: Node;
  /** `openai.*` attribute -> CEL expression, from `attribute_transformations`. */
  readonly transformations: ReadonlyMap<string, string>;
  readonly attributeConditions?: ScalarNode;
  readonly maxAssertionLifetimeSeconds?: Node;
  readonly checkJti?: Node;
  /** What the issuer says about the identity provider (SPIFFE for `spiffe_jwt`; custom when unknown). */
  readonly profile: IssuerProfile;
  readonly spiffe: boolean;
  /** Rules of this provider found in the file: nested under it, or naming it by id or name. */
  readonly rules: readonly OpenAIRule[];
  /** The key of the list nesting its rules (`federation_rules` / `mappings`), when nested. */
  readonly rulesKey?: ScalarNode;
}

export interface IssuerEvidence {
  readonly profile: IssuerProfile;
  readonly via: 'provider' | 'iss' | 'subject' | 'claims';
}

export interface OpenAIRule {
  readonly node: MapNode;
  readonly product: OpenAIProduct;
  readonly id?: ScalarNode;
  readonly name?: ScalarNode;
  readonly enabled?: Node;
  /** `workload_identity_provider_id` or `provider`, when the rule names its provider. */
  readonly providerRef?: ScalarNode;
  readonly provider?: OpenAIProvider;
  /** Rules with the same key come from the same provider (resolved, named, or one list response). */
  readonly providerKey?: string;
  // API Platform mapping
  readonly attributeMatchers?: Node;
  readonly matchers?: MapNode;
  readonly projectId?: ScalarNode;
  readonly serviceAccountId?: ScalarNode;
  readonly permissions?: Node;
  // Codex rule
  readonly workspaceId?: ScalarNode;
  readonly principalId?: ScalarNode;
  readonly externalSubject?: ScalarNode;
  readonly claims?: Node;
  readonly audiences?: Node;
  readonly condition?: ScalarNode;
  readonly scopes?: Node;
  readonly accessTokenLifetimeSeconds?: Node;
  /** The identity provider behind the rule, if it can be told. */
  readonly evidence?: IssuerEvidence;
}

export interface ProviderList {
  readonly key: ScalarNode;
  readonly seq: SeqNode;
}

export interface OpenAIModel {
  readonly providers: readonly OpenAIProvider[];
  readonly rules: readonly OpenAIRule[];
  /** Manifests' `workload_identity_providers` lists (for the per-organization limit). */
  readonly providerLists: readonly ProviderList[];
}

export const PROVIDER_OBJECT = 'organization.workload_identity_provider';
export const RULE_OBJECT = 'organization.workload_identity_federation_rule';

const API_PROVIDER_KEYS = ['verification', 'attribute_transformations'];
const CODEX_PROVIDER_KEYS = ['jwks_uri', 'custom_url', 'jwks_local', 'jwks', 'max_assertion_lifetime_seconds', 'attribute_conditions', 'check_jti', 'custom_ca_certificate'];
const API_RULE_KEYS = ['attribute_matchers', 'project_id', 'service_account_id', 'permissions'];
const CODEX_RULE_KEYS = ['external_subject', 'audiences', 'principal_id', 'workspace_id', 'claims', 'condition', 'scopes', 'access_token_lifetime_seconds'];
/** Anthropic's field names, and an OIDC client's: a document with any of them is not an OpenAI resource. */
const FOREIGN_KEYS = ['issuer_url', 'match', 'issuer_id', 'oauth_scope', 'federation_issuers', 'subject_prefix', 'client_id', 'clientID', 'clientId', 'client_secret'];
/** Cheap pre-filter: an OpenAI document contains at least one of these. */
const TEXT_MARKERS = ['issuer', 'attribute_matchers', 'external_subject', 'principal_id', 'service_account_id', 'workload_identity'];

const has = (m: Node | undefined, ks: readonly string[]) => ks.some((k) => pairOf(m, k));
const count = (m: Node, ks: readonly string[]) => ks.filter((k) => pairOf(m, k)).length;

function providerProduct(m: MapNode): OpenAIProduct | undefined {
  if (str(get(m, 'object')) === PROVIDER_OBJECT || has(m, API_PROVIDER_KEYS)) return 'api';
  if (str(get(m, 'type')) === 'spiffe_jwt' || has(m, CODEX_PROVIDER_KEYS)) return 'codex';
  return undefined;
}

function ruleProduct(m: MapNode): OpenAIProduct | undefined {
  if (str(get(m, 'object')) === RULE_OBJECT) return 'api';
  const a = count(m, API_RULE_KEYS);
  const c = count(m, CODEX_RULE_KEYS);
  return a === 0 && c === 0 ? undefined : a >= c ? 'api' : 'codex';
}

/** What a stand-alone object is, from its fields. Strict: the document could be anything. */
export function classifyObject(n: Node | null | undefined): 'provider' | 'rule' | undefined {
  const m = deref(n);
  if (m?.kind !== 'map') return undefined;
  const object = str(get(m, 'object'));
  if (object === PROVIDER_OBJECT) return 'provider';
  if (object === RULE_OBJECT) return 'rule';
  if (has(m, FOREIGN_KEYS)) return undefined;
  const issuer = str(get(m, 'issuer'));
  if (issuer !== undefined) {
    if (getMap(m, 'verification') || getSeq(m, 'attribute_transformations') || has(m, CODEX_PROVIDER_KEYS)) return 'provider';
    const type = str(get(m, 'type'))?.toLowerCase();
    const weak = type === 'oidc' || type === 'spiffe_jwt' || (pairOf(m, 'audience') && pairOf(m, 'name'));
    return weak && issuer.includes('://') ? 'provider' : undefined;
  }
  if (getMap(m, 'attribute_matchers') || pairOf(m, 'external_subject')) return 'rule';
  if (pairOf(m, 'principal_id') && pairOf(m, 'workspace_id')) return 'rule';
  if (pairOf(m, 'access_token_lifetime_seconds') && has(m, ['audiences', 'claims', 'condition'])) return 'rule';
  if (pairOf(m, 'service_account_id') && pairOf(m, 'project_id') && getMap(m, 'permissions')) return 'rule';
  return undefined;
}

interface RawProvider {
  node: MapNode;
  rules: RawRule[];
  rulesKey?: ScalarNode;
}
interface RawRule {
  node: MapNode;
  owner?: RawProvider;
  listKey?: string;
}

export function buildOpenAIModel(src: SourceContext): Built<OpenAIModel> | undefined {
  if (src.textFormatHint) return undefined;
  if (!TEXT_MARKERS.some((m) => src.text.includes(m))) return undefined;
  const providers: RawProvider[] = [];
  const rules: RawRule[] = [];
  const providerLists: ProviderList[] = [];
  const kinds: DocumentKind[] = [];
  const addKind = (k: DocumentKind) => kinds.includes(k) || kinds.push(k);
  const takeRule = (n: Node | undefined, owner?: RawProvider, listKey?: string) => {
    const m = deref(n);
    if (m?.kind !== 'map') return;
    const r: RawRule = { node: m, owner, listKey };
    rules.push(r);
    owner?.rules.push(r);
    addKind('openai-federation-rule');
  };
  const takeProvider = (m: MapNode) => {
    const p: RawProvider = { node: m, rules: [] };
    providers.push(p);
    addKind('openai-workload-identity-provider');
    for (const key of ['federation_rules', 'mappings']) {
      const seq = getSeq(m, key);
      if (!seq) continue;
      p.rulesKey ??= pairOf(m, key)!.key;
      for (const i of seq.items) takeRule(i, p);
    }
  };
  for (const doc of src.structured().documents) {
    const root = deref(doc.root);
    if (root?.kind !== 'map' || pairOf(root, 'federation_issuers')) continue;
    const wips = getSeq(root, 'workload_identity_providers');
    const topRules = ['federation_rules', 'mappings'].map((k) => getSeq(root, k)).filter((s): s is SeqNode => !!s);
    if (wips || topRules.some((s) => s.items.some((i) => classifyObject(i) === 'rule'))) {
      if (wips) providerLists.push({ key: pairOf(root, 'workload_identity_providers')!.key, seq: wips });
      for (const i of wips?.items ?? []) {
        const m = deref(i);
        if (m?.kind === 'map' && !has(m, FOREIGN_KEYS)) takeProvider(m);
      }
      for (const s of topRules) for (const i of s.items) if (!has(deref(i), FOREIGN_KEYS)) takeRule(i);
      continue;
    }
    const data = getSeq(root, 'data');
    if (data && (str(get(root, 'object')) === 'list' || data.items.some((i) => classifyObject(i)))) {
      const listKey = `list:${data.span.start}`;
      for (const i of data.items) {
        const kind = classifyObject(i);
        if (kind === 'provider') takeProvider(deref(i) as MapNode);
        else if (kind === 'rule') takeRule(i, undefined, listKey);
      }
      continue;
    }
    const kind = classifyObject(root);
    if (kind === 'provider') takeProvider(root);
    else if (kind === 'rule') takeRule(root);
  }
  if (kinds.length === 0) return undefined;
  return { model: link(providers, rules, providerLists), kinds };
}

/** Resolve references, settle each resource's product, and build the typed view. */
function link(rawProviders: RawProvider[], rawRules: RawRule[], providerLists: ProviderList[]): OpenAIModel {
  const byRef = (ref: string | undefined) =>
    ref === undefined
      ? undefined
      : (rawProviders.find((p) => str(get(p.node, 'id')) === ref) ?? rawProviders.find((p) => str(get(p.node, 'name')) === ref));
  for (const r of rawRules) {
    if (r.owner) continue;
    const owner = byRef(str(get(r.node, 'workload_identity_provider_id')) ?? str(get(r.node, 'provider')));
    if (owner) {
      r.owner = owner;
      owner.rules.push(r);
    }
  }
  const providers = new Map<RawProvider, OpenAIProvider & { rules: OpenAIRule[] }>();
  for (const p of rawProviders) {
    const votes = p.rules.map((r) => ruleProduct(r.node)).filter((x): x is OpenAIProduct => !!x);
    const product =
      providerProduct(p.node) ??
      (votes.length ? (votes.filter((v) => v === 'api').length >= votes.length / 2 ? 'api' : 'codex') : pairOf(p.node, 'audience') ? 'api' : 'codex');
    providers.set(p, { ...readProvider(p.node, product), rules: [], rulesKey: p.rulesKey });
  }
  const rules = rawRules.map((r) => {
    const provider = r.owner ? providers.get(r.owner) : undefined;
    const rule = readRule(r, provider, rawProviders.indexOf(r.owner!));
    provider?.rules.push(rule);
    return rule;
  });
  return { providers: [...providers.values()], rules, providerLists };
}

function readProvider(m: MapNode, product: OpenAIProduct): Omit<OpenAIProvider, 'rules'> {
  const verification = product === 'api' ? getMap(m, 'verification') : undefined;
  const issuer = getScalar(m, 'issuer');
  const url = str(issuer);
  const spiffe = str(get(m, 'type')) === 'spiffe_jwt' || (url ?? '').startsWith('spiffe://');
  const transformations = new Map<string, string>();
  for (const t of getSeq(m, 'attribute_transformations')?.items ?? []) {
    const a = str(get(t, 'attribute'));
    const e = str(get(t, 'expression'));
    if (a !== undefined && e !== undefined) transformations.set(a, e);
  }
  return {
    node: m,
    product,
    id: getScalar(m, 'id'),
    name: getScalar(m, 'name'),
    type: getScalar(m, 'type'),
    issuer,
    audience: get(m, 'audience'),
    enabled: get(m, 'enabled'),
    verification,
    discoveryUrl: getScalar(verification, 'discovery_url'),
    customUrl: product === 'codex' ? getScalar(m, 'custom_url') : undefined,
    jwksUri: product === 'codex' ? getScalar(m, 'jwks_uri') : undefined,
    jwksLocal: product === 'codex' ? get(m, 'jwks_local') : undefined,
    jwks: product === 'api' ? get(verification, 'jwks') : get(m, 'jwks'),
    attributeTransformations: get(m, 'attribute_transformations'),
    transformations,
    attributeConditions: getScalar(m, 'attribute_conditions'),
    maxAssertionLifetimeSeconds: get(m, 'max_assertion_lifetime_seconds'),
    checkJti: get(m, 'check_jti'),
    profile: spiffe ? ISSUER_PROFILES.spiffe : url ? classifyIssuerUrl(url) : ISSUER_PROFILES.custom,
    spiffe,
  };
}

function readRule(r: RawRule, provider: OpenAIProvider | undefined, ownerIndex: number): OpenAIRule {
  const m = r.node;
  const product = ruleProduct(m) ?? provider?.product ?? 'api';
  const providerRef = getScalar(m, 'workload_identity_provider_id') ?? getScalar(m, 'provider');
  const attributeMatchers = get(m, 'attribute_matchers');
  const matchers = attributeMatchers?.kind === 'map' ? attributeMatchers : undefined;
  const externalSubject = getScalar(m, 'external_subject');
  const claims = get(m, 'claims');
  const condition = getScalar(m, 'condition');
  const providerKey = provider ? `provider:${ownerIndex}` : str(providerRef) !== undefined ? `ref:${str(providerRef)}` : r.listKey;
  return {
    node: m,
    product,
    id: getScalar(m, 'id'),
    name: getScalar(m, 'name'),
    enabled: get(m, 'enabled'),
    providerRef,
    provider,
    providerKey,
    attributeMatchers,
    matchers,
    projectId: getScalar(m, 'project_id'),
    serviceAccountId: getScalar(m, 'service_account_id'),
    permissions: get(m, 'permissions'),
    workspaceId: getScalar(m, 'workspace_id'),
    principalId: getScalar(m, 'principal_id'),
    externalSubject,
    claims,
    audiences: get(m, 'audiences'),
    condition,
    scopes: get(m, 'scopes'),
    accessTokenLifetimeSeconds: get(m, 'access_token_lifetime_seconds'),
    evidence: evidenceFor(provider, matchers, str(externalSubject) ?? str(get(matchers, 'sub')), claims, str(condition)),
  };
}

const CLAIM_HINTS: readonly [RegExp, keyof typeof ISSUER_PROFILES][] = [
  [/\b(repository_owner|repository_owner_id|job_workflow_ref|repository)\b/, 'github-actions'],
  [/\b(namespace_path|project_path)\b/, 'gitlab'],
  [/kubernetes\.io/, 'kubernetes'],
];

function evidenceFor(
  provider: OpenAIProvider | undefined,
  matchers: MapNode | undefined,
  subject: string | undefined,
  claims: Node | undefined,
  condition: string | undefined,
): IssuerEvidence | undefined {
  if (provider?.issuer && str(provider.issuer)) return { profile: provider.profile, via: 'provider' };
  const iss = str(get(matchers, 'iss'));
  if (iss && parseWildcard(iss).kind === 'exact' && iss.includes('://')) return { profile: classifyIssuerUrl(iss), via: 'iss' };
  const fromSubject = subject ? familyFromSubject(subject) : undefined;
  if (fromSubject) return { profile: ISSUER_PROFILES[fromSubject], via: 'subject' };
  const claimMap = deref(claims);
  const names = [
    ...(matchers?.pairs ?? []).map((p) => String(p.key.value)),
    ...(claimMap?.kind === 'map' ? claimMap.pairs.map((p) => String(p.key.value)) : []),
    ...referencedClaims(condition ?? ''),
  ].join(' ');
  for (const [re, fam] of CLAIM_HINTS) if (re.test(names)) return { profile: ISSUER_PROFILES[fam], via: 'claims' };
  return undefined;
}

/** A phrase for messages that says how the issuer was identified. */
export function evidenceNote(e: IssuerEvidence | undefined): string {
  if (!e || e.via === 'provider') return '';
  if (e.via === 'iss') return ' (provider not in this file; issuer taken from the `iss` matcher)';
  return e.via === 'subject' ? " (provider not in this file; inferred from the subject's shape)" : ' (provider not in this file; inferred from the claims it matches)';
}

/** "mapping \"payments-main\"" / "rule \"ci-codex\"" / "this mapping". */
export function ruleLabel(r: OpenAIRule): string {
  const what = r.product === 'api' ? 'mapping' : 'rule';
  const n = str(r.name) ?? str(r.id);
  return n ? `${what} "${n}"` : `this ${what}`;
}

export function providerLabel(p: OpenAIProvider): string {
  const n = str(p.name) ?? str(p.id);
  return n ? `provider "${n}"` : 'this provider';
}

/** Where to report something missing from an object: its name, else its id, else its first key. */
export function anchorOf(o: { node: MapNode; name?: ScalarNode; id?: ScalarNode }): Span {
  return o.name?.span ?? o.id?.span ?? o.node.pairs[0]?.key.span ?? { start: o.node.span.start, end: o.node.span.start + 1 };
}

/** Rules that are switched off do not take part in matching. */
export function isEnabled(o: { enabled?: Node }): boolean {
  const e = deref(o.enabled);
  return !(e?.kind === 'scalar' && (e.value === false || e.value === 'false'));
}
