// Anthropic federation resources (Admin API bodies and responses, list responses, and Keyless manifests), as a
// typed view over the located tree. Field names are exactly the Admin API's (docs (shared) domain.md §1.2-1.5).
import type { Built } from '../domains';
import type { DocumentKind } from '../model';
import { type IssuerProfile, classifyIssuerUrl, familyFromSubject, ISSUER_PROFILES } from '../issuers';
import type { SourceContext } from '../source';
import { type MapNode, type Node, type ScalarNode, deref, get, getMap, getScalar, getSeq, pairOf, str } from '../tree';

export interface AnthropicIssuer {
  readonly node: MapNode;
  readonly id?: ScalarNode;
  readonly name?: ScalarNode;
  readonly issuerUrl?: ScalarNode;
  readonly jwks?: Node;
  readonly maxJwtLifetimeSeconds?: ScalarNode;
  readonly checkJti?: ScalarNode;
  /** What the issuer URL says about the identity provider (custom when absent or unknown). */
  readonly profile: IssuerProfile;
}

export interface AnthropicServiceAccount {
  readonly node: MapNode;
  readonly id?: ScalarNode;
  readonly name?: ScalarNode;
  readonly organizationRole?: ScalarNode;
}

/** How a rule's identity provider is known: from its issuer in the same file, or inferred from the match. */
export interface IssuerEvidence {
  readonly profile: IssuerProfile;
  readonly via: 'issuer' | 'subject' | 'claims';
}

export interface AnthropicRule {
  readonly node: MapNode;
  readonly id?: ScalarNode;
  readonly name?: ScalarNode;
  readonly issuerId?: ScalarNode;
  /** The issuer named by `issuer_id`, when it is in the same manifest (by `id` or `name`). */
  readonly issuer?: AnthropicIssuer;
  readonly match?: Node;
  /** `match` when it is a map. */
  readonly matchMap?: MapNode;
  readonly subjectPrefix?: ScalarNode;
  readonly audience?: ScalarNode;
  readonly claims?: Node;
  readonly condition?: ScalarNode;
  readonly target?: Node;
  readonly serviceAccountId?: ScalarNode;
  /** The service account named by `target.service_account_id`, when it is in the same manifest. */
  readonly serviceAccount?: AnthropicServiceAccount;
  readonly oauthScope?: ScalarNode;
  /** `oauth_scope` split on whitespace. */
  readonly scopes: readonly string[];
  readonly workspaceId?: ScalarNode;
  readonly appliesToAllWorkspaces?: ScalarNode;
  readonly tokenLifetimeSeconds?: ScalarNode;
  readonly attributes?: Node;
  /** The identity provider behind the rule, if it can be told. */
  readonly evidence?: IssuerEvidence;
}

export interface AnthropicModel {
  readonly issuers: readonly AnthropicIssuer[];
  readonly serviceAccounts: readonly AnthropicServiceAccount[];
  readonly rules: readonly AnthropicRule[];
  /** Manifest roots (maps holding `federation_issuers` / `service_accounts` / `federation_rules`). */
  readonly manifests: readonly MapNode[];
}

type ItemKind = 'rule' | 'issuer' | 'service-account';

/** What an object is, from its fields (`type` when a response carries it). */
export function classifyObject(n: Node | undefined): ItemKind | undefined {
  const m = deref(n);
  if (m?.kind !== 'map') return undefined;
  const type = str(get(m, 'type'));
  if (type === 'federation_rule') return 'rule';
  if (type === 'federation_issuer') return 'issuer';
  if (type === 'service_account') return 'service-account';
  if (pairOf(m, 'issuer_url')) return 'issuer';
  const hasMatch = !!pairOf(m, 'match');
  const target = getMap(m, 'target');
  if ((hasMatch && (pairOf(m, 'issuer_id') || target || pairOf(m, 'oauth_scope'))) || (target && str(get(target, 'type')) === 'service_account')) return 'rule';
  if (pairOf(m, 'organization_role') && !pairOf(m, 'issuer_id')) return 'service-account';
  return undefined;
}

const MANIFEST_KEYS = ['federation_issuers', 'service_accounts', 'federation_rules'] as const;

export function buildAnthropicModel(src: SourceContext): Built<AnthropicModel> | undefined {
  if (src.textFormatHint) return undefined;
  const parsed = src.structured();
  const issuers: AnthropicIssuer[] = [];
  const serviceAccounts: AnthropicServiceAccount[] = [];
  const rawRules: MapNode[] = [];
  const manifests: MapNode[] = [];
  const kinds: DocumentKind[] = [];
  const addKind = (k: DocumentKind) => kinds.includes(k) || kinds.push(k);
  const take = (n: Node | undefined, kind: ItemKind | undefined) => {
    const m = deref(n);
    if (m?.kind !== 'map' || !kind) return false;
    if (kind === 'issuer') issuers.push(readIssuer(m));
    else if (kind === 'service-account') serviceAccounts.push(readServiceAccount(m));
    else rawRules.push(m);
    return true;
  };
  for (const doc of parsed.documents) {
    const root = deref(doc.root);
    if (root?.kind !== 'map') continue;
    if (MANIFEST_KEYS.some((k) => getSeq(root, k))) {
      manifests.push(root);
      addKind('anthropic-manifest');
      for (const i of getSeq(root, 'federation_issuers')?.items ?? []) take(i, 'issuer');
      for (const i of getSeq(root, 'service_accounts')?.items ?? []) take(i, 'service-account');
      for (const i of getSeq(root, 'federation_rules')?.items ?? []) take(i, 'rule');
      continue;
    }
    const data = getSeq(root, 'data');
    if (data && (pairOf(root, 'has_more') || pairOf(root, 'next_page') || pairOf(root, 'first_id') || data.items.some((i) => classifyObject(i)))) {
      let any = false;
      for (const i of data.items) any = take(i, classifyObject(i)) || any;
      if (any) addKind('anthropic-list');
      continue;
    }
    const kind = classifyObject(root);
    if (take(root, kind)) {
      addKind(kind === 'rule' ? 'anthropic-federation-rule' : kind === 'issuer' ? 'anthropic-federation-issuer' : 'anthropic-service-account');
    }
  }
  if (kinds.length === 0) return undefined;
  const rules = rawRules.map((r) => readRule(r, issuers, serviceAccounts));
  return { model: { issuers, serviceAccounts, rules, manifests }, kinds };
}

function readIssuer(m: MapNode): AnthropicIssuer {
  const issuerUrl = getScalar(m, 'issuer_url');
  const url = str(issuerUrl);
  return {
    node: m,
    id: getScalar(m, 'id'),
    name: getScalar(m, 'name'),
    issuerUrl,
    jwks: get(m, 'jwks'),
    maxJwtLifetimeSeconds: getScalar(m, 'max_jwt_lifetime_seconds'),
    checkJti: getScalar(m, 'check_jti'),
    profile: url ? classifyIssuerUrl(url) : ISSUER_PROFILES.custom,
  };
}

function readServiceAccount(m: MapNode): AnthropicServiceAccount {
  return { node: m, id: getScalar(m, 'id'), name: getScalar(m, 'name'), organizationRole: getScalar(m, 'organization_role') };
}

/** Resolve a reference by `id` first, then by `name` (manifests may refer to items by name). */
function resolve<T extends { id?: ScalarNode; name?: ScalarNode }>(ref: string | undefined, items: readonly T[]): T | undefined {
  if (!ref) return undefined;
  return items.find((i) => str(i.id) === ref) ?? items.find((i) => str(i.name) === ref);
}

function readRule(m: MapNode, issuers: readonly AnthropicIssuer[], sas: readonly AnthropicServiceAccount[]): AnthropicRule {
  const match = get(m, 'match');
  const matchMap = match?.kind === 'map' ? match : undefined;
  const target = get(m, 'target');
  const issuerId = getScalar(m, 'issuer_id');
  const serviceAccountId = getScalar(target, 'service_account_id');
  const oauthScope = getScalar(m, 'oauth_scope');
  const issuer = resolve(str(issuerId), issuers);
  const subjectPrefix = getScalar(matchMap, 'subject_prefix');
  const claims = get(matchMap, 'claims');
  const condition = getScalar(matchMap, 'condition');
  return {
    node: m,
    id: getScalar(m, 'id'),
    name: getScalar(m, 'name'),
    issuerId,
    issuer,
    match,
    matchMap,
    subjectPrefix,
    audience: getScalar(matchMap, 'audience'),
    claims,
    condition,
    target,
    serviceAccountId,
    serviceAccount: resolve(str(serviceAccountId), sas),
    oauthScope,
    scopes: (str(oauthScope) ?? '').split(/\s+/).filter(Boolean),
    workspaceId: getScalar(m, 'workspace_id'),
    appliesToAllWorkspaces: getScalar(m, 'applies_to_all_workspaces'),
    tokenLifetimeSeconds: getScalar(m, 'token_lifetime_seconds'),
    attributes: get(m, 'attributes'),
    evidence: evidenceFor(issuer, str(subjectPrefix), claims, str(condition)),
  };
}

const CLAIM_HINTS: readonly [RegExp, keyof typeof ISSUER_PROFILES][] = [
  [/\b(repository_owner|repository_owner_id|job_workflow_ref|repository)\b/, 'github-actions'],
  [/\b(namespace_path|project_path)\b/, 'gitlab'],
  [/kubernetes\.io/, 'kubernetes'],
  [/sts\.amazonaws\.com/, 'aws-sts-outbound'],
];

function evidenceFor(issuer: AnthropicIssuer | undefined, subject: string | undefined, claims: Node | undefined, condition: string | undefined): IssuerEvidence | undefined {
  if (issuer?.issuerUrl) return { profile: issuer.profile, via: 'issuer' };
  const fromSubject = subject ? familyFromSubject(subject) : undefined;
  if (fromSubject) return { profile: ISSUER_PROFILES[fromSubject], via: 'subject' };
  const claimMap = deref(claims)?.kind === 'map' ? (deref(claims) as MapNode) : undefined;
  // Google's tokens are told by their values: a service-account email, or a numeric sub (domain.md §5.5)
  const values = claimMap ? claimMap.pairs.map((p) => `${String(p.key.value)}=${str(p.value) ?? ''}`) : [];
  if (values.some((v) => /^email=.*\.gserviceaccount\.com$/.test(v) || /^sub=\d{15,25}$/.test(v)) || /\.gserviceaccount\.com"/.test(condition ?? ''))
    return { profile: ISSUER_PROFILES.google, via: 'claims' };
  const claimText = [...(claimMap ? claimMap.pairs.map((p) => String(p.key.value)) : []), condition ?? ''].join(' ');
  for (const [re, fam] of CLAIM_HINTS) if (re.test(claimText)) return { profile: ISSUER_PROFILES[fam], via: 'claims' };
  return undefined;
}

/** A phrase for messages that says how the issuer was identified, e.g. " (issuer inferred from the subject)". */
export function evidenceNote(e: IssuerEvidence | undefined): string {
  if (!e || e.via === 'issuer') return '';
  return e.via === 'subject' ? ' (issuer not in this file; inferred from the subject\'s shape)' : ' (issuer not in this file; inferred from the claims it matches)';
}

/** A short label for a rule in messages: its name, else its id, else "this rule". */
export function ruleLabel(r: AnthropicRule): string {
  const n = str(r.name) ?? str(r.id);
  return n ? `rule "${n}"` : 'this rule';
}
