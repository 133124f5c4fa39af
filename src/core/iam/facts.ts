// IAM facts the model and the rules share: condition operators, condition-key providers, federated principals,
// the claims AWS exposes per provider, and IAM's glob matching. Facts: docs (shared) domain.md §4.1, §4.2, §5.
import { type IssuerFamily, classifyIssuerUrl } from '../issuers';

export type SetQualifier = 'ForAllValues' | 'ForAnyValue';

export interface ParsedOperator {
  readonly qualifier?: SetQualifier;
  /** The operator without qualifier and `IfExists`, as written (e.g. `StringEquals`). */
  readonly base: string;
  /** `base` lower-cased: IAM operators are case-insensitive. */
  readonly baseLower: string;
  readonly ifExists: boolean;
}

/** Split `ForAllValues:StringLikeIfExists` into its qualifier, base operator and `IfExists` suffix. */
export function parseOperator(op: string): ParsedOperator {
  let rest = op;
  let qualifier: SetQualifier | undefined;
  const colon = op.indexOf(':');
  if (colon > 0) {
    const q = op.slice(0, colon).toLowerCase();
    if (q === 'forallvalues') qualifier = 'ForAllValues';
    else if (q === 'foranyvalue') qualifier = 'ForAnyValue';
    if (qualifier) rest = op.slice(colon + 1);
  }
  const ifExists = rest.length > 8 && rest.slice(-8).toLowerCase() === 'ifexists';
  const base = ifExists ? rest.slice(0, -8) : rest;
  return { qualifier, base, baseLower: base.toLowerCase(), ifExists };
}

/** Operators that admit a request when the value matches (not the negated ones). */
export const POSITIVE_STRING_OPERATORS: ReadonlySet<string> = new Set(['stringequals', 'stringequalsignorecase', 'stringlike']);
/** Operators whose values are literal strings: `*` and `?` in them are ordinary characters. */
export const LITERAL_STRING_OPERATORS: ReadonlySet<string> = new Set(['stringequals', 'stringequalsignorecase', 'stringnotequals', 'stringnotequalsignorecase']);
/** Operators whose values are globs. */
export const GLOB_STRING_OPERATORS: ReadonlySet<string> = new Set(['stringlike', 'stringnotlike']);

/** Glob counterpart of a literal operator and back (keeping the case style of the common spellings). */
export const LIKE_OF: Readonly<Record<string, string>> = { stringequals: 'StringLike', stringnotequals: 'StringNotLike' };
export const EQUALS_OF: Readonly<Record<string, string>> = { stringlike: 'StringEquals', stringnotlike: 'StringNotEquals' };

/** Rebuild an operator name from its parts. */
export function operatorName(qualifier: SetQualifier | undefined, base: string, ifExists: boolean): string {
  return `${qualifier ? `${qualifier}:` : ''}${base}${ifExists ? 'IfExists' : ''}`;
}

export interface ConditionKeyParts {
  /** The provider part of `<provider>:<claim>` (e.g. `token.actions.githubusercontent.com`), as written. */
  readonly provider: string;
  readonly claim: string;
}

/**
 * A web-identity condition key is `<provider>:<claim>`, where the provider is the provider URL without `https://`
 * (a host, maybe with a path). Service and global keys (`aws:`, `sts:`, `s3:`…) have no dot in their prefix.
 */
export function providerKey(key: string): ConditionKeyParts | undefined {
  const first = key.indexOf(':');
  if (first <= 0) return undefined;
  const head = key.slice(0, first);
  if (!head.includes('.')) return undefined;
  const last = key.lastIndexOf(':');
  return { provider: key.slice(0, last), claim: key.slice(last + 1) };
}

/** Web-identity providers that are not ARNs of an IAM OIDC provider (AWS's built-in identity providers). */
export const KNOWN_WEB_IDENTITY_DOMAINS: ReadonlySet<string> = new Set([
  'accounts.google.com',
  'cognito-identity.amazonaws.com',
  'graph.facebook.com',
  'www.amazon.com',
]);

const familyMemo = new Map<string, IssuerFamily>();

/** The family of a provider (a condition-key prefix or an OIDC provider ARN's resource part). */
export function providerFamily(provider: string): IssuerFamily {
  const p = provider.toLowerCase();
  let family = familyMemo.get(p);
  if (family === undefined) {
    family = p === 'cognito-identity.amazonaws.com' || p === 'graph.facebook.com' || p === 'www.amazon.com' ? 'custom' : classifyIssuerUrl(`https://${p}`).family;
    // a template names a handful of providers; the bound keeps hostile input from growing the memo
    if (familyMemo.size >= 256) familyMemo.clear();
    familyMemo.set(p, family);
  }
  return family;
}

/** Condition-key claims AWS STS evaluates for a provider (domain.md §4.2; AWS web identity keys). */
export function knownClaims(provider: string, family: IssuerFamily | undefined): readonly string[] {
  const p = provider.toLowerCase();
  if (family === 'github-actions') return GITHUB_CLAIMS;
  if (p === 'accounts.google.com') return ['sub', 'aud', 'oaud'];
  if (p === 'cognito-identity.amazonaws.com') return ['sub', 'aud', 'amr'];
  if (p === 'graph.facebook.com' || p === 'www.amazon.com') return ['app_id', 'id', 'user_id'];
  return ['sub', 'aud'];
}

/** GitHub claims AWS STS exposes as condition keys (sub/aud plus the provider-specific keys of 2026). */
const GITHUB_CLAIMS: readonly string[] = [
  'sub', 'aud', 'actor', 'actor_id', 'job_workflow_ref', 'repository', 'repository_id', 'workflow', 'ref', 'environment', 'enterprise_id',
];

/**
 * Claims that are one string in every token: a `ForAllValues:` test on them is vacuously true when the claim is
 * absent. `sub` always; for GitHub every claim AWS exposes; for EKS also `aud` (domain.md §4.2 M8).
 */
export function isSingleValuedClaim(claim: string, family: IssuerFamily | undefined): boolean {
  const c = claim.toLowerCase();
  if (c === 'sub') return true;
  if (family === 'github-actions') return GITHUB_CLAIMS.includes(c);
  if (family === 'eks') return c === 'aud';
  return false;
}

/** Providers whose tokens need an `aud` condition in a trust policy (domain.md §4.2 M7). */
export function needsAudienceCondition(family: IssuerFamily | undefined): boolean {
  return family === 'github-actions' || family === 'eks' || family === 'gitlab';
}

export type FederatedKind = 'oidc' | 'saml' | 'unknown' | 'malformed';

export interface FederatedAnalysis {
  readonly kind: FederatedKind;
  /** Condition-key prefix of an OIDC provider whose name is literal. */
  readonly provider?: string;
  readonly family?: IssuerFamily;
  /** For malformed principals: what is wrong, and the provider part when one can be read. */
  readonly problem?: 'scheme' | 'not-arn' | 'account' | 'empty';
  readonly guessedProvider?: string;
}

/** Mask CloudFormation `${…}` references as U+0000 so a parser can accept "a reference here". */
function maskRefs(template: string): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('${', i);
    if (open < 0) break;
    const close = template.indexOf('}', open + 2);
    if (close < 0) break;
    out += template.slice(i, open) + (template[open + 2] === '!' ? template.slice(open, close + 1).replace('${!', '${') : '\u0000');
    i = close + 1;
  }
  return out + template.slice(i);
}

const ARN_PREFIX = /^arn:(?:aws[a-z-]*|\u0000):iam::([^:]*):(oidc-provider|saml-provider)\/(.*)$/;

/**
 * Read a `Principal.Federated` value: an OIDC or SAML provider ARN (`arn:aws:iam::<12 digits>:oidc-provider/<host/path>`)
 * or one of AWS's built-in web identity domains. `template` marks CloudFormation `Fn::Sub` text.
 */
export function analyzeFederated(text: string, template: boolean): FederatedAnalysis {
  const v = template ? maskRefs(text) : text;
  const known = v.toLowerCase();
  if (KNOWN_WEB_IDENTITY_DOMAINS.has(known)) return { kind: 'oidc', provider: text, family: providerFamily(known) };
  const m = ARN_PREFIX.exec(v);
  if (!m) {
    if (v.includes('\u0000')) return { kind: 'unknown' };
    const bare = v.replace(/^https?:\/\//i, '').replace(/(?<!\/)\/+$/, '');
    const slash = bare.indexOf('/');
    const host = slash < 0 ? bare : bare.slice(0, slash);
    const hostLike = /^[a-z0-9-]+\.[a-z0-9.-]+$/i.test(host) && !/\s/.test(bare);
    return { kind: 'malformed', problem: 'not-arn', guessedProvider: hostLike ? bare : undefined };
  }
  const [, account, type, resource] = m as unknown as [string, string, string, string];
  if (type === 'saml-provider') return { kind: 'saml' };
  if (account !== '\u0000' && !/^\d{12}$/.test(account)) return { kind: 'malformed', problem: 'account' };
  if (resource === '') return { kind: 'malformed', problem: 'empty' };
  if (/^https?:\/\//i.test(resource)) return { kind: 'malformed', problem: 'scheme', guessedProvider: resource.replace(/^https?:\/\//i, '') };
  if (resource.includes('\u0000')) return { kind: 'oidc', family: providerFamily(resource.replace(/\u0000/g, 'x')) };
  return { kind: 'oidc', provider: resource, family: providerFamily(resource) };
}

/**
 * IAM glob match (`*` any run, `?` one character): case-insensitive for action names, case-sensitive for
 * `StringLike`. Iterative with a single backtrack point, so it is linear in practice and never explodes.
 */
export function globMatch(pattern: string, value: string, caseSensitive = false): boolean {
  const p = caseSensitive ? pattern : pattern.toLowerCase();
  const s = caseSensitive ? value : value.toLowerCase();
  let pi = 0;
  let si = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === s[si])) {
      pi++;
      si++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = si;
    } else if (star >= 0) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/**
 * Whether a text has a glob wildcard outside CloudFormation `${…}` references. IAM's `${*}`, `${?}` and `${$}`
 * spell those characters literally and are not wildcards.
 */
export function hasWildcard(text: string, template: boolean): boolean {
  let t = template ? maskRefs(text) : text;
  if (t.includes('${')) t = t.replace(/\$\{[*?$]\}/g, '');
  return t.includes('*') || t.includes('?');
}
