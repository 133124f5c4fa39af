// Structure checks the detectors share: CRC32 and base62 (GitHub's checksum), entropy and placeholder tests,
// template/environment references, base64 and UTF-8 decoding. Pure functions over short strings.

// ---- CRC32 (IEEE 802.3, reflected, polynomial 0xEDB88320) and base62 ----

const CRC_TABLE = ((): Uint32Array => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC32 of the string's code units taken as bytes (callers pass ASCII). */
export function crc32(s: string): number {
  let c = 0xffffffff;
  for (let i = 0; i < s.length; i++) c = CRC_TABLE[(c ^ s.charCodeAt(i)) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Base62 (digits, upper, lower) of a non-negative integer, left-padded with `0` to `width`. */
export function base62(n: number, width = 0): string {
  let v = Math.floor(Math.max(0, n));
  let s = '';
  do {
    s = BASE62[v % 62]! + s;
    v = Math.floor(v / 62);
  } while (v > 0);
  return s.padStart(width, '0');
}

/** GitHub `gh?_` tokens: the last 6 of the 36 body characters are the base62 CRC32 of the first 30. */
export function githubChecksumOk(body: string): boolean {
  if (body.length !== 36) return false;
  return base62(crc32(body.slice(0, 30)), 6) === body.slice(30);
}

// ---- randomness and placeholders ----

const counts = new Int32Array(65536);

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  for (let i = 0; i < s.length; i++) counts[s.charCodeAt(i)]++;
  let h = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const k = counts[c]!;
    if (k === 0) continue; // already counted
    const p = k / s.length;
    h -= p * Math.log2(p);
    counts[c] = 0;
  }
  return h;
}

/** A run of `n` identical characters, or of `n` consecutive ascending/descending ones (`abcdef`, `654321`). */
export function hasRunOrSequence(s: string, n = 6): boolean {
  let same = 1;
  let up = 1;
  let down = 1;
  for (let i = 1; i < s.length; i++) {
    const d = s.charCodeAt(i) - s.charCodeAt(i - 1);
    same = d === 0 ? same + 1 : 1;
    up = d === 1 ? up + 1 : 1;
    down = d === -1 ? down + 1 : 1;
    if (same >= n || up >= n || down >= n) return true;
  }
  return false;
}

/** A body that looks generated: no long runs or sequences, and at least `minEntropy` bits per character. */
export function randomEnough(body: string, minEntropy: number): boolean {
  return !hasRunOrSequence(body) && shannonEntropy(body) >= minEntropy;
}

// Words documentation puts where a key goes. Five characters or more, so a random body hits one by chance about
// once in millions of keys.
const PLACEHOLDER = /\.\.\.|…|[<>]|your[_-]|example|placeholder|changeme|change[_-]me|redacted|dummy|sample|replace[_-]?me|insert[_-]|\*{3,}/gi;
/** `xxxxx` / `XXXXX` as people type them; a mixed-case run (`XXXXx`) occurs in real random keys and is no placeholder. */
const X_RUN = /x{5,}|X{5,}/;

/**
 * People write a stand-in word as `sample`, `SAMPLE` or `Sample`; a mixed-case `SAmple` inside a random base64 body is
 * chance (generated keys held one), so only those casings count.
 */
function typedCasing(w: string): boolean {
  return w === w.toLowerCase() || w === w.toUpperCase() || w === w[0]!.toUpperCase() + w.slice(1).toLowerCase();
}

/** Documentation placeholders anywhere in a candidate: `...`, `<your key>`, `xxxxx`, `YOUR_KEY`, `EXAMPLE`. */
export function looksPlaceholder(s: string): boolean {
  if (X_RUN.test(s)) return true;
  PLACEHOLDER.lastIndex = 0;
  for (let m = PLACEHOLDER.exec(s); m; m = PLACEHOLDER.exec(s)) if (typedCasing(m[0])) return true;
  return false;
}

const WEAK_VALUE = /^(?:passw(?:or)?d|pass|pwd|secret|token|changeit|none|null|nil|undefined|true|false|test|testing|admin|snowflake|value|string|\*+|-+|_+|\.+)$/i;

/** A human-chosen value (password, token) that documentation uses as a stand-in. */
export function weakValue(s: string): boolean {
  return s.length < 6 || WEAK_VALUE.test(s) || looksPlaceholder(s) || hasRunOrSequence(s, 6);
}

// `${VAR}`, `$VAR`, `$(cmd)`, `{{ ... }}`, `${{ secrets.X }}`, `%VAR%`, `%(name)s`, `{name}`, `os.environ[...]`,
// `process.env.X`, `env_var('X')`, secret-manager URIs, and names written as ENV_VAR_NAMES.
const REFERENCE =
  /^(?:\$[{(A-Za-z_]|\{\{|\{%|%\(|%[A-Za-z_]+%|\{[A-Za-z_][\w.]*\}$|(?:os\.environ|os\.getenv|process\.env|import\.meta\.env|Deno\.env|System\.getenv|ENV\[|env_var\(|env\(|getenv|secrets\.|vars\.|env\.)|(?:op|vault|sm|awssm|gcpsm|azkv|ssm):\/\/|arn:aws:secretsmanager:|!(?:Ref|Sub|GetAtt)\b|[A-Z][A-Z0-9]*_[A-Z0-9_]*$)/;

/** A reference to a secret kept elsewhere, not the secret itself. */
export function isReference(value: string): boolean {
  return REFERENCE.test(value) || value.includes('${') || value.includes('{{');
}

const CODE_FILE = /\.(?:py|js|mjs|cjs|ts|tsx|jsx|java|kt|kts|go|rb|cs|php|scala|rs|swift|c|cc|cpp|h|hpp|m|groovy|dart|lua|r|jl)$/i;

/** In source code an unquoted value is an expression (`password = get_password()`), not a literal. */
export function isCodePath(path: string): boolean {
  return CODE_FILE.test(path);
}

/** The value at `span` is written as a quoted string literal. */
export function isQuoted(text: string, start: number, end: number): boolean {
  const before = text.charCodeAt(start - 1);
  const after = text.charCodeAt(end);
  return (before === 34 || before === 39 || before === 96) && after === before;
}

/** A literal value worth reporting: not a reference, not a stand-in, and (in code) a quoted string. */
export function literalValue(value: string, text: string, start: number, end: number, path: string): boolean {
  if (isReference(value) || weakValue(value)) return false;
  if (isCodePath(path) && !isQuoted(text, start, end)) return false;
  return true;
}

export function isHex(s: string): boolean {
  return /^[0-9a-fA-F]+$/.test(s);
}

/** Upper- and lower-case letters and a digit: a random base62/base64 string of 20+ characters almost always has all three. */
export function mixedCase(s: string): boolean {
  return /[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s);
}

// ---- base64 and UTF-8 ----

const B64 = ((): Int8Array => {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) t['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;
  t[45] = 62; // '-' (base64url)
  t[95] = 63; // '_' (base64url)
  return t;
})();

/** Decode standard or URL-safe base64 (padding optional). `undefined` when a character is not base64. */
export function decodeBase64(s: string): Uint8Array | undefined {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 61) end--;
  if (end % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? B64[c]! : -1;
    if (v < 0) return undefined;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

/** Strict UTF-8 decoding (no overlongs, no surrogates); `undefined` for invalid input. */
export function decodeUtf8(b: Uint8Array): string | undefined {
  let s = '';
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    let cp: number;
    let n: number;
    if (c < 0x80) [cp, n] = [c, 0];
    else if (c >= 0xc2 && c < 0xe0) [cp, n] = [c & 0x1f, 1];
    else if (c >= 0xe0 && c < 0xf0) [cp, n] = [c & 0x0f, 2];
    else if (c >= 0xf0 && c < 0xf5) [cp, n] = [c & 0x07, 3];
    else return undefined;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return undefined;
      cp = (cp << 6) | (d & 0x3f);
    }
    if ((n === 2 && (cp < 0x800 || (cp >= 0xd800 && cp < 0xe000))) || (n === 3 && (cp < 0x10000 || cp > 0x10ffff))) return undefined;
    s += String.fromCodePoint(cp);
    i += n + 1;
  }
  return s;
}

/** A base64url segment that decodes to a JSON object (a JWT header or payload). */
export function decodeJsonObject(segment: string): Record<string, unknown> | undefined {
  const bytes = decodeBase64(segment);
  const json = bytes && decodeUtf8(bytes);
  if (json === undefined || !json.trimStart().startsWith('{')) return undefined;
  try {
    const v: unknown = JSON.parse(json);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Encode a string as UTF-8 bytes (lone surrogates become U+FFFD). */
export function encodeUtf8(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 3);
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[o++] = c;
      continue;
    }
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
    if (c < 0x800) {
      out[o++] = 0xc0 | (c >> 6);
      out[o++] = 0x80 | (c & 63);
    } else if (c < 0x10000) {
      out[o++] = 0xe0 | (c >> 12);
      out[o++] = 0x80 | ((c >> 6) & 63);
      out[o++] = 0x80 | (c & 63);
    } else {
      out[o++] = 0xf0 | (c >> 18);
      out[o++] = 0x80 | ((c >> 12) & 63);
      out[o++] = 0x80 | ((c >> 6) & 63);
      out[o++] = 0x80 | (c & 63);
    }
  }
  return out.slice(0, o);
}
