// Decide, for every rule of a document, what the provider would decide for a presented token. `simulate` is pure and
// synchronous (a decision takes microseconds, so an editor can re-run it as the rules change); the only asynchronous
// step is verifying the signature, done once per token by `verifySignature` and passed in as data.
import { decideAnthropic } from './anthropic';
import { ANTHROPIC_POLICY, type DecisionContext, OPENAI_POLICY, type TokenChecks, tokenChecks, tokenFacts } from './checks';
import { verifySignature } from './keys';
import { decideOpenAI, settleMappings } from './openai';
import type { RuleSet } from './rules';
import type { Jwt, KeyLocation, KeySet, Product, RuleDecision, SignatureCheck, SimIssuer, Simulation } from './types';

export interface SimulateOptions {
  /** The time of the exchange, in seconds since the epoch. */
  readonly now: number;
  /** The outcome of `verifySignature` for this token; absent means not verified (every decision says so). */
  readonly signature?: SignatureCheck;
  /** Keys that stand in for every issuer's own (a JWKS the user gave, or attack mode's throwaway key). */
  readonly keys?: KeySet;
}

const NOT_VERIFIED: SignatureCheck = { status: 'not-verified', detail: 'no signature check was made' };

export function simulate(ruleSet: RuleSet, token: Jwt, options: SimulateOptions): Simulation {
  const t = tokenFacts(token);
  const { now } = options;
  // the token checks depend only on the issuer (its keys, its lifetime cap) and the product: once per issuer
  const bases = new Map<SimIssuer | Product, TokenChecks>();
  const ctx: DecisionContext = {
    t,
    now,
    base(issuer, product) {
      const key = issuer ?? product;
      let r = bases.get(key);
      if (!r) bases.set(key, (r = tokenChecks(t, issuer, options.keys ?? issuer?.keys, options.signature, now, product === 'anthropic' ? ANTHROPIC_POLICY : OPENAI_POLICY)));
      return r;
    },
    memo: { iss: new Map(), audience: new Map() },
  };
  const results: RuleDecision[] = ruleSet.rules.map((rule) => (rule.product === 'anthropic' ? decideAnthropic(rule, ctx) : decideOpenAI(rule, ctx)));
  settleMappings(ruleSet.rules.map((r) => (r.product === 'openai' ? r : {})), results);
  return { now, signature: options.signature ?? NOT_VERIFIED, results };
}

/** Where the keys to verify a token come from. */
export type KeyPlan =
  | { readonly kind: 'keys'; readonly keys: KeySet }
  /** The issuer's keys are published at a URL: fetch them only when the user asks (see the CLI's --fetch-jwks). */
  | { readonly kind: 'fetch'; readonly issuer: SimIssuer; readonly location: Extract<KeyLocation, { url: string }> }
  | { readonly kind: 'none'; readonly why: string };

const sameIssuer = (i: SimIssuer, iss: unknown) =>
  typeof iss === 'string' && i.issuerUrl !== undefined && (i.product === 'anthropic' ? i.issuerUrl === iss : i.issuerUrl.replace(/(?<!\/)\/+$/, '') === iss.replace(/(?<!\/)\/+$/, ''));

/** Which keys verify this token: the issuers of the document whose URL is its `iss`, inline keys first. */
export function keyPlan(ruleSet: RuleSet, token: Jwt): KeyPlan {
  const issuers = ruleSet.issuers.filter((i) => sameIssuer(i, token.claims.iss));
  const inline = issuers.find((i) => i.keys);
  if (inline) return { kind: 'keys', keys: inline.keys! };
  for (const i of issuers) if (i.keyLocation.kind === 'discovery' || i.keyLocation.kind === 'jwks') return { kind: 'fetch', issuer: i, location: i.keyLocation };
  if (issuers.length === 0) return { kind: 'none', why: `no issuer in the document has the token's iss${typeof token.claims.iss === 'string' ? '' : ' (the token has none)'}` };
  return { kind: 'none', why: `${issuers[0]!.label} has no usable keys in the document` };
}

/** Verify (when keys are at hand) and simulate: the one call a caller with keys needs. */
export async function verifyAndSimulate(ruleSet: RuleSet, token: Jwt, options: { readonly now: number; readonly keys?: KeySet }): Promise<Simulation> {
  const plan: KeyPlan = options.keys ? { kind: 'keys', keys: options.keys } : keyPlan(ruleSet, token);
  const signature: SignatureCheck =
    plan.kind === 'keys' ? await verifySignature(token, plan.keys)
    : plan.kind === 'fetch' ? { status: 'not-verified', detail: `${plan.issuer.label} publishes its keys at ${plan.location.url}; no network calls are made, so the signature is not checked` }
    : { status: 'not-verified', detail: plan.why };
  return simulate(ruleSet, token, { now: options.now, signature, ...(options.keys ? { keys: options.keys } : {}) });
}
