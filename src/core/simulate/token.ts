// Reading a presented JWT: split the compact serialisation, decode the header and payload, and say exactly which part
// is wrong when it is not a JWT. Nothing here verifies anything (see keys.ts); an expired or forged token reads fine.
// Messages name parts by position and never quote them: a part of a bearer token is still part of a secret.
import { base64url } from 'jose';
import type { Jwt } from './types';

export type TokenPart = 'token' | 'header' | 'payload' | 'signature';

export type TokenRead = { readonly ok: true; readonly token: Jwt } | { readonly ok: false; readonly part: TokenPart; readonly message: string };

const B64URL = /^[A-Za-z0-9_-]*$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

// Node's native decoder when there is one (the CLI, the extension host), jose's everywhere else (a webview)
const nodeBuffer = (globalThis as { Buffer?: { from(s: string, enc: 'base64url'): Uint8Array } }).Buffer;
const fromBase64url = (s: string): Uint8Array => (nodeBuffer ? nodeBuffer.from(s, 'base64url') : base64url.decode(s));

type Decoded = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

/** A base64url segment holding a JSON object (RFC 7515 §7.1: no padding, URL-safe alphabet). */
function decodeObject(segment: string, name: string, position: number): Decoded {
  const where = `the ${name} (part ${position})`;
  if (segment === '') return { ok: false, message: `${where} is empty` };
  if (!B64URL.test(segment)) {
    const hint = /[+/=]/.test(segment) ? ': it holds "+", "/" or "=", which are base64, not base64url' : ': it holds characters outside A-Z a-z 0-9 - _';
    return { ok: false, message: `${where} is not base64url${hint}` };
  }
  if (segment.length % 4 === 1) return { ok: false, message: `${where} is not base64url: its length cannot be a whole number of bytes` };
  let text: string;
  try {
    text = utf8.decode(fromBase64url(segment));
  } catch {
    return { ok: false, message: `${where} does not decode to UTF-8 text` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: `${where} is not JSON` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, message: `${where} is JSON but not an object` };
  if (nestedDeeperThan(value, MAX_JSON_DEPTH)) return { ok: false, message: `${where} is JSON nested more than ${MAX_JSON_DEPTH} levels deep, deeper than Keyless reads` };
  return { ok: true, value: value as Record<string, unknown> };
}

/**
 * Claims nest a level or two; everything downstream (messages, CEL values, attack mode's copies) walks them
 * recursively, so a hostile token nested thousands deep is refused here rather than exhausting the stack there.
 */
export const MAX_JSON_DEPTH = 64;

function nestedDeeperThan(root: object, max: number): boolean {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const c of Object.values(v)) if (c !== null && typeof c === 'object') stack.push([c, depth + 1]);
  }
  return false;
}

/** Read a compact JWS. Whitespace around it (a file's trailing newline, `Bearer `) is ignored. */
export function parseToken(input: string): TokenRead {
  const compact = input.trim().replace(/^Bearer\s+/i, '');
  if (compact === '') return { ok: false, part: 'token', message: 'the token is empty' };
  const parts = compact.split('.');
  if (parts.length === 5) return { ok: false, part: 'token', message: 'the token has 5 dot-separated parts: it is an encrypted JWT (JWE), and the providers accept signed JWTs (3 parts) only' };
  if (parts.length !== 3) return { ok: false, part: 'token', message: `the token has ${parts.length} dot-separated part${parts.length === 1 ? '' : 's'}; a signed JWT has 3 (header.payload.signature)` };
  const [h, p, s] = parts as [string, string, string];
  const header = decodeObject(h, 'header', 1);
  if (!header.ok) return { ok: false, part: 'header', message: header.message };
  const payload = decodeObject(p, 'payload', 2);
  if (!payload.ok) return { ok: false, part: 'payload', message: payload.message };
  if (s === '') return { ok: false, part: 'signature', message: 'the signature (part 3) is empty: an unsigned token is never accepted' };
  if (!B64URL.test(s) || s.length % 4 === 1) return { ok: false, part: 'signature', message: 'the signature (part 3) is not base64url' };
  // every part is base64url (checked above), so the token is ASCII: one byte per character
  return { ok: true, token: { header: header.value, claims: payload.value, compact, bytes: compact.length } };
}

/** A NumericDate claim (RFC 7519 §2) as a number, or undefined when absent or not a number. */
export function numericClaim(claims: Readonly<Record<string, unknown>>, name: string): number | undefined {
  const v = claims[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** `aud` as a list: a string is one audience, an array its string elements (RFC 7519 §4.1.3). */
export function audiences(claims: Readonly<Record<string, unknown>>): readonly string[] {
  const aud = claims.aud;
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
}

/** A short quoted rendering of a claim value for messages. Long values are cut; they are claims, never secrets. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;

export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  // the common case, a short plain string, without JSON.stringify (messages are built for every rule of every token)
  if (typeof v === 'string' && v.length <= 120 && !NEEDS_ESCAPE.test(v)) return `"${v}"`;
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    // a value JSON cannot write (a bigint inside, a CEL duration or timestamp): named by its type when it has one
    const type = (v as { message?: { $typeName?: unknown } } | null)?.message?.$typeName;
    s = typeof type === 'string' ? `a ${type}` : 'a value that cannot be shown';
  }
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}
