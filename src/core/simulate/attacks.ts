// Attack mode: for each rule, build the token its legitimate workload presents, then the tokens a neighbour could
// obtain from the same issuer (neighbours.ts), sign them all with a throwaway key generated for this run, and run
// them through the simulator with that key trusted in place of the issuers' keys. What gets in is a hole in the
// rules, not in the signatures: the simulation says so. The tokens themselves are never returned, only their claims.
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { parseCel } from '../cel';
import { claimUses, type ClaimUse } from '../cel-analysis';
import { type IssuerFamily, ISSUER_PROFILES } from '../issuers';
import { analyzeSubject, type SubjectIssueCode } from '../subjects';
import { ANTHROPIC_DEFAULT_AUDIENCE } from './anthropic';
import { readKeySet, verifySignature } from './keys';
import { type Claims, kitFor } from './neighbours';
import type { RuleSet, SimRule } from './rules';
import { simulate } from './simulate';
import { parseToken } from './token';
import type { Jwt, KeySet, RuleDecision } from './types';

const OPENAI_AUDIENCE = 'https://api.openai.com/v1'; // the audience OpenAI's guides use (domain.md §2.3)
const NO_CAP_PROBE = 86400;

export interface AttackDecision {
  readonly rule: string;
  readonly accepted: boolean;
  readonly lifetimeSeconds: number | null;
}

export interface Attack {
  /** Short name: `fork-pull-request`, `other-namespace-default`, `longest-lifetime`... */
  readonly name: string;
  readonly description: string;
  /** A neighbour's token should be rejected; the longest-lifetime probe is the legitimate workload's and may be accepted. */
  readonly expect: 'rejected' | 'accepted';
  /** Claims whose value differs from the legitimate token's (new values), and claims it lacks. */
  readonly differs: Readonly<Claims>;
  readonly removed: readonly string[];
  /** Rules of the document that accept this token. */
  readonly acceptedBy: readonly string[];
  /**
   * Expected to be rejected, and the rule it was built against accepts it. (Other rules that accept it are in
   * `acceptedBy`; their own attacks report them.)
   */
  readonly getsIn: boolean;
  /** The decision of the rule the attack was built against, with its reasons. */
  readonly target: RuleDecision;
  /** The decision of every rule. */
  readonly decisions: readonly AttackDecision[];
}

export interface AttackTarget {
  readonly rule: string;
  readonly family: IssuerFamily;
  readonly familyLabel: string;
  readonly legitimate: {
    readonly claims: Readonly<Claims>;
    /** Whether the rule accepts the token built for it; when not, `why` names the first failing check. */
    readonly accepted: boolean;
    readonly why?: string;
    /** The token's claims were the base given (a presented token, a design's sample), not built from the rule. */
    readonly fromToken: boolean;
  };
  /** What the subject pattern admits (subjects.ts), when the rule has one with a wildcard. */
  readonly subjectIssues: readonly { readonly code: SubjectIssueCode; readonly detail: string }[];
  readonly attacks: readonly Attack[];
}

export interface AttackReport {
  /** How the tokens were signed and which keys the simulation trusted. */
  readonly trust: string;
  readonly targets: readonly AttackTarget[];
  /** Neighbour tokens that the rule they were built against accepts. */
  readonly holes: number;
}

/** A token's claims: a presented token (`--token`), or the sample claims of a designed workload. */
export interface BaseClaims {
  readonly claims: Readonly<Claims>;
}

export interface AttackOptions {
  readonly now: number;
  /** The legitimate token of every rule whose matchers its claims satisfy (other rules get one built for them). */
  readonly base?: BaseClaims;
}

// ---------------------------------------------------------------------------------------------------------------
// The legitimate token of a rule: what its matchers require, filled in the way the issuer fills its tokens.

function setPath(o: Claims, path: readonly string[], v: unknown): void {
  let cur = o;
  path.slice(0, -1).forEach((p) => {
    if (cur[p] === null || typeof cur[p] !== 'object' || Array.isArray(cur[p])) cur[p] = {};
    cur = cur[p] as Claims;
  });
  cur[path[path.length - 1]!] = v;
}

function literal(u: ClaimUse, l = u.literal?.lit): unknown {
  switch (l?.type) {
    case 'string': case 'double': case 'bool': return l.value;
    case 'int': case 'uint': return Number(l.value);
    case 'null': return null;
    default: return undefined;
  }
}

/** Values a condition asks for (`==`, `in`, `startsWith`...), on the paths that make it true. */
function conditionKnowns(source: string, variable: 'claims' | 'assertion', complete: (prefix: string) => string, known: Claims, aud: string[]): void {
  // the claim analysis reads `claims`; a Codex condition reads `assertion`, the same thing under another name
  const root = parseCel(variable === 'assertion' ? source.replace(/\bassertion\b/g, 'claims') : source).root;
  if (!root) return;
  for (const u of claimUses(root).uses) {
    if (u.negated) continue;
    const lit = u.op === 'in' ? literal(u, u.literals?.[0]?.lit) : literal(u);
    if (lit === undefined) continue;
    const isSub = u.path.length === 1 && u.path[0] === 'sub';
    if (u.op === '==' || u.op === 'in') setPath(known, u.path, lit);
    else if (u.op === 'member' && u.path.join('.') === 'aud' && typeof lit === 'string') aud.push(lit);
    else if (u.op === 'member') setPath(known, u.path, [lit]);
    else if (typeof lit !== 'string') continue;
    else if (u.op === 'startsWith') setPath(known, u.path, isSub ? complete(lit) : `${lit}app`);
    else if (u.op === 'endsWith') setPath(known, u.path, `worker${lit}`);
    else if (u.op === 'contains') setPath(known, u.path, lit);
  }
}

function pattern(v: unknown, complete: (prefix: string) => string, isSub: boolean): unknown {
  if (typeof v !== 'string' || !v.endsWith('*')) return v;
  return isSub ? complete(v.slice(0, -1)) : `${v.slice(0, -1)}app`;
}

/** Claims the rule requires, and the audience its token is minted for. */
function requirements(rule: SimRule): { known: Claims; aud: string } {
  const kit = kitFor(rule.family);
  const complete = (p: string) => kit.complete(p);
  const known: Claims = {};
  const auds: string[] = [];
  const mapOf = (v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v as Claims) : []);
  if (rule.product === 'anthropic') {
    if (typeof rule.condition === 'string') conditionKnowns(rule.condition, 'claims', complete, known, auds);
    for (const [k, v] of mapOf(rule.claims)) if (typeof v === 'string') known[k] = v;
    if (typeof rule.subjectPrefix === 'string') known.sub = pattern(rule.subjectPrefix, complete, true);
    return { known, aud: typeof rule.audience === 'string' ? rule.audience : ANTHROPIC_DEFAULT_AUDIENCE };
  }
  if (rule.product === 'codex') {
    if (typeof rule.condition === 'string') conditionKnowns(rule.condition, 'assertion', complete, known, auds);
    for (const [k, v] of mapOf(rule.claims)) known[k] = v;
    if (typeof rule.externalSubject === 'string') known.sub = pattern(rule.externalSubject, complete, true);
    const listed = Array.isArray(rule.audiences) ? rule.audiences.find((a): a is string => typeof a === 'string') : undefined;
    return { known, aud: listed ?? rule.issuer?.audience ?? auds[0] ?? OPENAI_AUDIENCE };
  }
  let aud: string | undefined;
  for (const [k, v] of rule.matchers ?? []) {
    if (k.startsWith('openai.') || k === 'iss') continue; // a transformation cannot be run backwards; iss is the driver's
    if (k === 'aud' && typeof v === 'string' && !v.endsWith('*')) aud = v;
    else if (k !== 'aud') known[k] = pattern(v, complete, k === 'sub');
  }
  return { known, aud: aud ?? rule.issuer?.audience ?? OPENAI_AUDIENCE };
}

const clean = (c: Claims): Claims => JSON.parse(JSON.stringify(c)) as Claims;

function legitimateClaims(rule: SimRule, now: number, base: BaseClaims | undefined): { claims: Claims; fromToken: boolean; iss: string } {
  const kit = kitFor(rule.family);
  const iss = rule.issuer?.issuerUrl ?? kit.defaultIssuer;
  const lifetime = Math.min(kit.lifetime, rule.issuer?.maxJwtLifetimeSeconds ?? kit.lifetime);
  const times = { iat: now, nbf: now, exp: now + lifetime };
  if (base) {
    // the token's own claims, completed the way its issuer completes them, so a neighbour differs only where it would
    const { iat: _i, nbf: _n, exp: _e, jti: _j, ...rest } = base.claims;
    return { claims: clean({ ...kit.legit(rest, iss), ...times }), fromToken: true, iss: typeof rest.iss === 'string' ? rest.iss : iss };
  }
  const { known, aud } = requirements(rule);
  const claims = clean({ ...kit.legit(known, iss), iss, aud: kit.audArray ? [aud] : aud, ...times });
  return { claims, fromToken: false, iss };
}

// ---------------------------------------------------------------------------------------------------------------
// Signing and deciding.

interface Signer {
  readonly keys: KeySet;
  sign(claims: Claims): Promise<Jwt>;
}

async function throwawaySigner(): Promise<Signer> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const kid = `keyless-throwaway-${crypto.randomUUID().slice(0, 8)}`;
  const read = readKeySet([{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }], 'the throwaway key of this run');
  if (!read.ok) throw new Error(read.message);
  return {
    keys: read.keys,
    async sign(claims) {
      const compact = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' }).sign(privateKey);
      const parsed = parseToken(compact);
      if (!parsed.ok) throw new Error(`a token signed for an attack does not read back: ${parsed.message}`);
      return parsed.token;
    },
  };
}

function diff(legit: Claims, next: Claims): { differs: Claims; removed: string[] } {
  const differs: Claims = {};
  for (const [k, v] of Object.entries(next)) if (JSON.stringify(v) !== JSON.stringify(legit[k])) differs[k] = v;
  return { differs, removed: Object.keys(legit).filter((k) => !(k in next)) };
}

const firstFail = (d: RuleDecision) => d.reasons.find((r) => r.outcome === 'fail');

/** What a rule's own matchers check; the token checks (times, keys, signature) are the attack's to set. */
const MATCHER_CHECKS = new Set(['iss', 'aud', 'subject_prefix', 'audience', 'claims', 'condition', 'attribute_matchers', 'external_subject', 'audiences', 'attribute_conditions']);

/** The rules (by position) whose matchers the base claims satisfy. */
function acceptsClaimsOf(ruleSet: RuleSet, base: BaseClaims): Set<number> {
  const token: Jwt = { header: {}, claims: base.claims, compact: '', bytes: 0 };
  const fits = new Set<number>();
  simulate(ruleSet, token, { now: 0 }).results.forEach((d, i) => {
    if (!d.reasons.some((r) => r.outcome === 'fail' && MATCHER_CHECKS.has(r.check))) fits.add(i);
  });
  return fits;
}

type Decide = (claims: Claims) => Promise<readonly RuleDecision[]>;

/** The neighbours of one rule's workload, and the longest-lifetime probe, each decided by every rule. */
async function attackRule(rule: SimRule, index: number, now: number, base: BaseClaims | undefined, decide: Decide): Promise<AttackTarget> {
  const kit = kitFor(rule.family);
  const shared = rule.issuer?.shared ?? ISSUER_PROFILES[rule.family].shared;
  const legit = legitimateClaims(rule, now, base);
  const legitResult = (await decide(legit.claims))[index]!;
  const aud = kit.otherAudience(legit.claims, legit.iss);
  const cap = rule.issuer?.maxJwtLifetimeSeconds;
  const tries = [
    ...kit.neighbours(legit.claims, shared).map((n) => ({ ...n, claims: clean(n.claims), expect: 'rejected' as const })),
    { name: 'other-audience', expect: 'rejected' as const, claims: { ...legit.claims, aud: kit.audArray ? [aud] : aud },
      description: `the same workload's token minted for another service (aud ${JSON.stringify(aud)}), replayed here` },
    { name: 'longest-lifetime', expect: 'accepted' as const, claims: { ...legit.claims, iat: now, nbf: now, exp: now + (cap ?? NO_CAP_PROBE) },
      description: cap !== undefined
        ? `the workload's own token at the longest lifetime the issuer accepts (exp − iat = ${cap} s): a copy leaked from a log or cache stays exchangeable that long`
        : `the workload's own token living ${NO_CAP_PROBE} s: this provider documents no cap on exp − iat` },
  ];
  const attacks: Attack[] = [];
  for (const n of tries) {
    const results = await decide(n.claims);
    attacks.push({
      name: n.name, description: n.description, expect: n.expect, ...diff(legit.claims, n.claims),
      acceptedBy: results.filter((d) => d.accepted).map((d) => d.rule),
      getsIn: n.expect === 'rejected' && results[index]!.accepted,
      target: results[index]!,
      decisions: results.map((d) => ({ rule: d.rule, accepted: d.accepted, lifetimeSeconds: d.lifetimeSeconds })),
    });
  }
  const subject = rule.product === 'anthropic' ? rule.subjectPrefix : rule.product === 'codex' ? rule.externalSubject : rule.matchers?.find(([k]) => k === 'sub')?.[1];
  const why = legitResult.accepted ? undefined : firstFail(legitResult)?.message;
  return {
    rule: rule.name,
    family: rule.family,
    familyLabel: ISSUER_PROFILES[rule.family].label,
    legitimate: { claims: legit.claims, accepted: legitResult.accepted, ...(why !== undefined ? { why } : {}), fromToken: !!base },
    subjectIssues: typeof subject === 'string' ? analyzeSubject(subject, 'trailing-star', rule.family).issues.map(({ code, detail }) => ({ code, detail })) : [],
    attacks,
  };
}

export async function runAttacks(ruleSet: RuleSet, options: AttackOptions): Promise<AttackReport> {
  const signer = await throwawaySigner();
  const { now } = options;
  const baseFits = options.base ? acceptsClaimsOf(ruleSet, options.base) : new Set<number>();
  const decide: Decide = async (claims) => {
    const token = await signer.sign(claims);
    const signature = await verifySignature(token, signer.keys);
    return simulate(ruleSet, token, { now, signature, keys: signer.keys }).results;
  };
  const targets: AttackTarget[] = [];
  for (const [index, rule] of ruleSet.rules.entries()) targets.push(await attackRule(rule, index, now, baseFits.has(index) ? options.base : undefined, decide));
  return {
    trust: 'Attack tokens are signed with a throwaway ES256 key generated for this run, and the simulation trusts that key in place of each issuer\'s JWKS: only the claims decide.',
    targets,
    holes: targets.reduce((n, t) => n + t.attacks.filter((a) => a.getsIn).length, 0),
  };
}
