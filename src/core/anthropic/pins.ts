// What a federation rule's matchers pin down, taken together (`subject_prefix`, `claims` and `condition` are ANDed):
// the tenant of a shared issuer, the repository, the ref, the Kubernetes service account. Rules use this so that a
// broad matcher compensated by another one is not reported as broad. Facts: docs (shared) domain.md §1.5, §5.
import { type CelCondition, conditionOf } from '../cel';
import { type ClaimUse, type UsePredicate, claimUses, knownClaim, onEveryPath, regexAnchoring } from '../cel-analysis';
import type { IssuerProfile } from '../issuers';
import type { Span } from '../model';
import { pinsTenant } from '../subjects';
import { type MapNode, deref, pairOf, str } from '../tree';
import type { AnthropicRule } from './model';

/** The rule's parsed condition (shared by every rule of the check). */
export function conditionFor(rule: AnthropicRule, text: string): CelCondition | undefined {
  return rule.condition ? conditionOf(rule.condition, text) : undefined;
}

export function claimsMapOf(rule: AnthropicRule): MapNode | undefined {
  const c = deref(rule.claims);
  return c?.kind === 'map' ? c : undefined;
}

/** Where to report something missing from `match`: its key (or the rule's start). */
export function matchKeySpan(rule: AnthropicRule): Span {
  return pairOf(rule.node, 'match')?.key.span ?? rule.name?.span ?? { start: rule.node.span.start, end: rule.node.span.start + 1 };
}

const PATH_LIKE = new Set(['repository', 'job_workflow_ref', 'workflow_ref', 'project_path', 'namespace_path', 'ci_config_ref_uri']);

/** The literal text a regex requires at its start (after `^`), up to its first metacharacter. */
function regexLiteralPrefix(pattern: string): string {
  const body = pattern.replace(/^\(\?[a-zA-Z]+\)/, '').replace(/^\^/, '');
  let out = '';
  for (let k = 0; k < body.length; k++) {
    const ch = body[k]!;
    if (ch === '\\' && /[./\-@:]/.test(body[k + 1] ?? '')) { out += body[++k]; continue; }
    if (/[\\.*+?()[\]{}|^$]/.test(ch)) break;
    out += ch;
  }
  return out;
}

/** A claim use that pins the tenant of a shared issuer (owner, group, organization, project, service account). */
export function tenantPredicate(profile: IssuerProfile): UsePredicate {
  const family = profile.family;
  return (u: ClaimUse) => {
    if (u.path.length !== 1) return false;
    const claim = u.path[0]!;
    const lit = u.literal?.lit.type === 'string' ? u.literal.lit.value : undefined;
    if (claim === 'sub') {
      if (u.op === '==' && lit !== undefined) return pinsTenant(lit, 'exact', family);
      if (u.op === 'startsWith' && lit !== undefined) return pinsTenant(`${lit}*`, 'trailing-star', family);
      if (u.op === 'in') return (u.literals ?? []).every((l) => l.lit.type === 'string' && pinsTenant(l.lit.value, 'exact', family));
      return false;
    }
    if (!profile.tenantClaims.includes(claim)) return false;
    switch (u.op) {
      case '==':
        return u.literal !== undefined;
      case 'in':
        return true;
      case 'startsWith':
        return lit !== undefined && PATH_LIKE.has(claim) && /^[^/*]+\//.test(lit);
      case 'endsWith':
        return lit !== undefined && claim === 'email' && lit.startsWith('@') && !lit.includes('@', 1) && lit.includes('.');
      case 'matches': {
        if (lit === undefined) return false;
        const a = regexAnchoring(lit);
        if (!a.start || !a.end || a.alternation) return false;
        if (PATH_LIKE.has(claim)) return /^[^/]+\//.test(regexLiteralPrefix(lit));
        // `^acme$`: a literal between the anchors is an equality
        return /^\^[^\\.*+?()[\]{}|^$]+\$$/.test(lit.replace(/^\(\?[a-zA-Z]+\)/, ''));
      }
      default:
        return false;
    }
  };
}

/** Whether `subject_prefix` or `claims` pin the tenant (static matchers only). */
export function staticTenantPin(rule: AnthropicRule, profile: IssuerProfile): boolean {
  const prefix = str(rule.subjectPrefix);
  if (prefix !== undefined && pinsTenant(prefix, 'trailing-star', profile.family)) return true;
  const claims = claimsMapOf(rule);
  return !!claims?.pairs.some((p) => typeof p.key.value === 'string' && profile.tenantClaims.includes(p.key.value) && p.value !== null);
}

/** Whether the condition reads a tenant claim at all (the Admin API's own test, domain.md §1.5 rule 2). */
export function conditionMentionsTenant(cond: CelCondition | undefined, profile: IssuerProfile): boolean {
  if (!cond?.root) return false;
  return claimUses(cond.root).uses.some((u) => u.path[0] === 'sub' || profile.tenantClaims.includes(u.path[0]!));
}

export type Dimension = 'owner' | 'repo' | 'ref' | 'subject' | 'k8s-namespace' | 'k8s-sa';

const eqOrIn = (u: ClaimUse) => !u.negated && ((u.op === '==' && u.literal !== undefined) || u.op === 'in');
const claimIs = (...path: string[]) => (u: ClaimUse) => eqOrIn(u) && u.path.length === path.length && u.path.every((p, k) => p === path[k]);
const anyOf = (...ps: UsePredicate[]): UsePredicate => (u) => ps.some((p) => p(u));

const CONDITION_DIMENSIONS: Record<Dimension, UsePredicate> = {
  owner: anyOf(claimIs('repository_owner'), claimIs('repository_owner_id'), claimIs('repository'), claimIs('repository_id'), claimIs('enterprise'), claimIs('enterprise_id')),
  repo: anyOf(claimIs('repository'), claimIs('repository_id')),
  ref: anyOf(claimIs('ref'), claimIs('environment')),
  subject: claimIs('sub'),
  'k8s-namespace': claimIs('kubernetes.io', 'namespace'),
  'k8s-sa': anyOf(claimIs('kubernetes.io', 'serviceaccount', 'name'), claimIs('kubernetes.io', 'serviceaccount', 'uid')),
};

const STATIC_DIMENSIONS: Partial<Record<Dimension, readonly string[]>> = {
  owner: ['repository_owner', 'repository_owner_id', 'repository', 'repository_id', 'enterprise', 'enterprise_id'],
  repo: ['repository', 'repository_id'],
  ref: ['ref', 'environment'],
};

/** What the rule's `claims` and `condition` pin, on every path (used to tell whether a broad subject is compensated). */
export function pinnedDimensions(rule: AnthropicRule, text: string): Set<Dimension> {
  const out = new Set<Dimension>();
  const claims = claimsMapOf(rule);
  for (const [dim, names] of Object.entries(STATIC_DIMENSIONS) as [Dimension, readonly string[]][]) {
    if (claims?.pairs.some((p) => names.includes(String(p.key.value)) && str(p.value) !== undefined)) out.add(dim);
  }
  const cond = conditionFor(rule, text);
  if (cond?.root) {
    const index = claimUses(cond.root);
    for (const [dim, pred] of Object.entries(CONDITION_DIMENSIONS) as [Dimension, UsePredicate][]) {
      if (onEveryPath(cond.root, index, pred)) out.add(dim);
    }
  }
  return out;
}

/** The GitHub owner named by a subject (`repo:acme/...`, `repo:acme@123/...`), if any. */
export function ownerFromSubject(subject: string | undefined): string | undefined {
  const m = /^repo:([^/:*?@]+)(?:@\d+)?\//.exec(subject ?? '');
  return m?.[1];
}

/** Claim values every token that reaches the condition has, because `claims` or `subject_prefix` require them. */
export interface Implied {
  /** Keyed by `knownClaim(...path)`, for `evaluateWith`. */
  readonly known: Map<string, string>;
  /** Why each value is known, for messages. */
  readonly why: Map<string, string>;
}

export function impliedClaims(rule: AnthropicRule): Implied {
  const known = new Map<string, string>();
  const why = new Map<string, string>();
  const set = (path: string[], value: string, reason: string) => {
    const k = knownClaim(...path);
    if (!known.has(k)) { known.set(k, value); why.set(k, reason); }
  };
  for (const p of claimsMapOf(rule)?.pairs ?? []) {
    const v = str(p.value);
    if (typeof p.key.value === 'string' && v !== undefined) set([p.key.value], v, `\`claims\` requires \`${p.key.value}\` "${v}"`);
  }
  const s = str(rule.subjectPrefix);
  if (s === undefined || s.slice(0, -1).includes('*')) return { known, why };
  const from = (claim: string, value: string) => `\`subject_prefix\` "${s}" requires \`${claim}\` "${value}"`;
  if (!s.endsWith('*')) set(['sub'], s, `\`subject_prefix\` requires \`sub\` "${s}"`);
  const family = rule.evidence?.profile.family;
  const gh = family === 'github-actions' ? /^repo:([^/:*@]+)(?:@(\d+))?\/(?:([^/:*@]+)(?:@(\d+))?:)?/.exec(s) : null;
  if (gh) {
    const [, owner, ownerId, repo, repoId] = gh;
    set(['repository_owner'], owner!, from('repository_owner', owner!));
    if (ownerId) set(['repository_owner_id'], ownerId, from('repository_owner_id', ownerId));
    if (repo) set(['repository'], `${owner}/${repo}`, from('repository', `${owner}/${repo}`));
    if (repoId) set(['repository_id'], repoId, from('repository_id', repoId));
  }
  const k8s = family === 'kubernetes' || family === 'eks' ? /^system:serviceaccount:([^:*]+):([^:*]*)/.exec(s) : null;
  if (k8s) {
    set(['kubernetes.io', 'namespace'], k8s[1]!, from('kubernetes.io.namespace', k8s[1]!));
    if (!s.endsWith('*') && k8s[2]) set(['kubernetes.io', 'serviceaccount', 'name'], k8s[2], from('kubernetes.io.serviceaccount.name', k8s[2]));
  }
  return { known, why };
}
