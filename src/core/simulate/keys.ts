// Keys and signatures: read a key set from whatever the user has (a JWKS, a bare key array as Anthropic's inline
// `jwks.keys` holds it, one JWK), and verify a token's signature with jose. Verification is the only asynchronous
// step of a simulation (WebCrypto is asynchronous); everything it needs is passed in, nothing is fetched here.
// Facts: docs (shared) domain.md §1.2 (asymmetric algorithms only, `kid` required and present in the JWKS).
import { compactVerify, errors, importJWK, type JWK } from 'jose';
import type { Jwt, KeySet, SignatureCheck } from './types';

/** The algorithms Anthropic accepts (domain.md §1.2); HS* and `none` are rejected. OpenAI documents none: the same. */
export const ASYMMETRIC_ALGS: readonly string[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];

/** The members of a public JWK, by key type (RFC 7518 §6). Everything else (private parts, `k`) is dropped. */
const PUBLIC_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  RSA: ['n', 'e'],
  EC: ['crv', 'x', 'y'],
  OKP: ['crv', 'x'],
};
const COMMON_MEMBERS = ['kty', 'kid', 'alg', 'use', 'key_ops'];

export type KeySetRead = { readonly ok: true; readonly keys: KeySet; readonly warnings: readonly string[] } | { readonly ok: false; readonly message: string };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A key set from a parsed JSON value: `{"keys": [...]}`, a bare array of JWKs, or a single JWK. Symmetric (`oct`)
 * keys are left out (no provider verifies with a shared secret); private members are dropped with a warning.
 */
export function readKeySet(value: unknown, source: string): KeySetRead {
  const list = Array.isArray(value) ? value : isObject(value) && Array.isArray(value.keys) ? value.keys : isObject(value) && typeof value.kty === 'string' ? [value] : undefined;
  if (!list) {
    if (isObject(value) && typeof value.jwks_uri === 'string') return { ok: false, message: `${source} is an OpenID discovery document: its keys are at its jwks_uri` };
    return { ok: false, message: `${source} is not a JWKS: expected {"keys": [...]}, an array of JWKs or one JWK` };
  }
  const keys: Record<string, unknown>[] = [];
  const warnings: string[] = [];
  let privateParts = false;
  list.forEach((k, i) => {
    if (!isObject(k) || typeof k.kty !== 'string') {
      warnings.push(`key #${i + 1} of ${source} is not a JWK (no "kty"); left out`);
      return;
    }
    const members = PUBLIC_MEMBERS[k.kty];
    if (!members) {
      warnings.push(`key #${i + 1}${typeof k.kid === 'string' ? ` ("${k.kid}")` : ''} of ${source} has kty "${k.kty}", not a public-key type; left out`);
      return;
    }
    const pub: Record<string, unknown> = {};
    for (const m of [...COMMON_MEMBERS, ...members]) if (k[m] !== undefined) pub[m] = k[m];
    if (Object.keys(k).some((m) => !COMMON_MEMBERS.includes(m) && !members.includes(m) && ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'].includes(m))) privateParts = true;
    keys.push(pub);
  });
  if (privateParts) warnings.push(`${source} holds private key material: only the public parts are used. A JWKS published for verifiers must not contain it`);
  const kids = new Set(keys.map((k) => k.kid).filter((k): k is string => typeof k === 'string'));
  return { ok: true, keys: { source, keys, kids }, warnings };
}

// Importing a key costs more than verifying with it: keep the imported key with the JWK object it came from, per
// algorithm (a key set is read once and then verifies many tokens: an editor re-running, attack mode)
const imported = new WeakMap<object, Map<string, Promise<Awaited<ReturnType<typeof importJWK>>>>>();

function importOnce(jwk: Readonly<Record<string, unknown>>, alg: string): Promise<Awaited<ReturnType<typeof importJWK>>> {
  let byAlg = imported.get(jwk);
  if (!byAlg) imported.set(jwk, (byAlg = new Map()));
  let key = byAlg.get(alg);
  if (!key) {
    key = importJWK(jwk as JWK, alg);
    byAlg.set(alg, key);
    key.catch(() => byAlg!.delete(alg)); // a key that cannot be imported is tried (and reported) again next time
  }
  return key;
}

/** The `jwks_uri` of an OpenID discovery document, if it has one. */
export function jwksUriOf(discovery: unknown): string | undefined {
  return isObject(discovery) && typeof discovery.jwks_uri === 'string' ? discovery.jwks_uri : undefined;
}

/**
 * Verify a token's signature against a key set. Picks the key by `kid` as the providers do (no `kid`, or a `kid`
 * that is not in the set, is a rejection), honours a key's own `alg` and `use`, and verifies with jose.
 */
export async function verifySignature(token: Jwt, keys: KeySet): Promise<SignatureCheck> {
  const alg = token.header.alg;
  const kid = token.header.kid;
  if (typeof alg !== 'string' || !ASYMMETRIC_ALGS.includes(alg)) {
    return { status: 'invalid', cause: 'alg', detail: `alg ${JSON.stringify(alg ?? null)} is not an asymmetric signature algorithm; not verified` };
  }
  if (typeof kid !== 'string' || kid === '') return { status: 'invalid', cause: 'kid', detail: `the header has no kid, so no key of ${keys.source} can be chosen` };
  const candidates = keys.keys.filter((k) => k.kid === kid);
  if (candidates.length === 0) return { status: 'invalid', cause: 'kid', detail: `${keys.source} has no key with kid "${kid}"` };
  const problems: string[] = [];
  for (const jwk of candidates) {
    if (jwk.use !== undefined && jwk.use !== 'sig') { problems.push(`its key "${kid}" is for use "${String(jwk.use)}", not signatures`); continue; }
    if (jwk.alg !== undefined && jwk.alg !== alg) { problems.push(`its key "${kid}" is for ${String(jwk.alg)}, the token is signed with ${alg}`); continue; }
    let key: Awaited<ReturnType<typeof importJWK>>;
    try {
      key = await importOnce(jwk, alg);
    } catch (e) {
      problems.push(`its key "${kid}" cannot be used with ${alg} (${(e as Error).message})`);
      continue;
    }
    try {
      await compactVerify(token.compact, key, { algorithms: [...ASYMMETRIC_ALGS] });
      return { status: 'verified', detail: `${alg} signature verified with key "${kid}" of ${keys.source}` };
    } catch (e) {
      if (e instanceof errors.JWSSignatureVerificationFailed) problems.push(`the signature does not verify with its key "${kid}"`);
      else problems.push(`jose rejected the token (${(e as Error).message})`);
    }
  }
  // a key that does not fit the token (wrong use, alg or type) is a rejection too: the provider has no key to verify with
  return { status: 'invalid', cause: 'signature', detail: `${keys.source}: ${problems.join('; ')}` };
}
