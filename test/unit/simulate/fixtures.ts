// Keys and tokens for the simulator's tests, all made at test time with jose: no key or token is ever written in the
// repository (a committed JWT would trip Keyless's own scanner and push protection).
import { exportJWK, generateKeyPair, generateSecret, SignJWT, type CryptoKey, type JWK } from 'jose';
import { loadRuleSet, parseToken, type Jwt, type RuleSet } from '../../../src/core/simulate';

export const NOW = 1_800_000_000;
export const GH = 'https://token.actions.githubusercontent.com';
export const ANTHROPIC_AUD = 'https://api.anthropic.com';

export interface TestKey {
  readonly alg: string;
  readonly kid: string;
  readonly privateKey: CryptoKey | Uint8Array;
  readonly jwk: JWK;
}

export async function makeKey(alg: 'RS256' | 'ES256' | 'PS256' | 'ES384', kid: string): Promise<TestKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg);
  return { alg, kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** A shared secret for HS256 tokens (which the providers must reject). */
export async function makeSecret(kid: string): Promise<TestKey> {
  return { alg: 'HS256', kid, privateKey: await generateSecret('HS256'), jwk: { kty: 'oct', kid } };
}

export interface SignOptions {
  readonly key: TestKey;
  /** Header overrides: `kid: undefined` leaves the kid out. */
  readonly header?: Record<string, unknown>;
}

export async function sign(claims: Record<string, unknown>, { key, header = {} }: SignOptions): Promise<string> {
  const h: Record<string, unknown> = { alg: key.alg, kid: key.kid, typ: 'JWT', ...header };
  for (const k of Object.keys(h)) if (h[k] === undefined) delete h[k];
  return new SignJWT(claims).setProtectedHeader(h as { alg: string }).sign(key.privateKey);
}

export function read(compact: string): Jwt {
  const r = parseToken(compact);
  if (!r.ok) throw new Error(r.message);
  return r.token;
}

/** A GitHub Actions token's claims for a repository and subject context, valid around NOW. */
export function ghClaims(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: GH, aud: ANTHROPIC_AUD, sub: 'repo:acme/app:ref:refs/heads/main',
    repository: 'acme/app', repository_owner: 'acme', repository_owner_id: '4201', ref: 'refs/heads/main', event_name: 'push',
    iat: NOW - 10, nbf: NOW - 10, exp: NOW + 290,
    ...over,
  };
}

export interface RuleSpec {
  readonly name: string;
  readonly match: Record<string, unknown>;
  readonly issuer?: string;
  readonly extra?: Record<string, unknown>;
}

/** An Anthropic manifest: one issuer (inline keys unless `discovery`), one service account, the rules. */
export function manifest(rules: readonly RuleSpec[], issuer: { keys?: readonly JWK[]; url?: string; max?: number; discovery?: boolean } = {}): string {
  return JSON.stringify({
    federation_issuers: [{
      name: 'github',
      issuer_url: issuer.url ?? GH,
      jwks: issuer.discovery ? { type: 'discovery' } : { type: 'inline', keys: issuer.keys ?? [] },
      ...(issuer.max !== undefined ? { max_jwt_lifetime_seconds: issuer.max } : {}),
    }],
    service_accounts: [{ id: 'svac_deployer', name: 'deployer', organization_role: 'developer' }],
    federation_rules: rules.map((r) => ({
      name: r.name,
      issuer_id: r.issuer ?? 'github',
      match: r.match,
      target: { type: 'service_account', service_account_id: 'svac_deployer' },
      workspace_id: 'wrkspc_prod',
      oauth_scope: 'workspace:inference',
      token_lifetime_seconds: 600,
      ...r.extra,
    })),
  }, null, 2);
}

export function rulesOf(text: string): RuleSet {
  return loadRuleSet(text, 'federation/manifest.json');
}
