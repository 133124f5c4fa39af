// Key-shaped samples, assembled from fragments and a seeded generator when examples, tests and benchmarks run: the
// repository never holds a full key literal (real scanners and push protection would block it). Deterministic per
// seed; bodies are drawn so that they pass the detectors' randomness checks (no runs, mixed case, high entropy).
import { BASE62, base62, crc32, looksPlaceholder, mixedCase, shannonEntropy } from './checks';

export type Rand = () => number;

/** mulberry32 seeded with FNV-1a of the seed string. */
export function rng(seed: string): Rand {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const ALPHABETS = {
  alnum: BASE62,
  base64url: `${BASE62}-_`,
  base64: `${BASE62}+/`,
  base32: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  upperDigits: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  hex: '0123456789abcdef',
  digits: '0123456789',
  password: `${BASE62}!*+=^~`,
} as const;

/** `n` characters of `alphabet` with no two neighbours equal or consecutive, retried until the body looks random. */
export function randomChars(alphabet: string, n: number, rand: Rand): string {
  const classes = /[A-Z]/.test(alphabet) && /[a-z]/.test(alphabet) && /[0-9]/.test(alphabet);
  const minEntropy = Math.min(n >= 30 ? 4.2 : n >= 16 ? 3.2 : 0, Math.log2(alphabet.length) - 0.6);
  for (;;) {
    let s = '';
    let prev = -10;
    while (s.length < n) {
      const c = alphabet[Math.floor(rand() * alphabet.length)]!;
      const code = c.charCodeAt(0);
      if (Math.abs(code - prev) <= 1) continue;
      s += c;
      prev = code;
    }
    if ((!classes || n < 16 || mixedCase(s)) && shannonEntropy(s) >= minEntropy && !looksPlaceholder(s)) return s;
  }
}

const seeded = (seed: string, alphabet: string, n: number): string => randomChars(alphabet, n, rng(seed));

export function base64Encode(bytes: Uint8Array, url = false): string {
  const table = `ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789${url ? '-_' : '+/'}`;
  let s = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chunk = table[(n >> 18) & 63]! + table[(n >> 12) & 63]! + table[(n >> 6) & 63]! + table[n & 63]!;
    const keep = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    s += chunk.slice(0, keep) + (url ? '' : '='.repeat(4 - keep));
  }
  return s;
}

const randomBytes = (rand: Rand, n: number): number[] => Array.from({ length: n }, () => Math.floor(rand() * 256));

export type AnthropicKind = 'api03' | 'admin01';
export type OpenAIKind = 'proj' | 'svcacct' | 'admin' | 'legacy';
export type GitHubPrefix = 'ghp' | 'gho' | 'ghu' | 'ghs' | 'ghr';
export type PemLabel = '' | 'RSA' | 'EC' | 'DSA' | 'OPENSSH' | 'ENCRYPTED' | 'PGP';

const MARKER = ['T3Bl', 'bkFJ'].join('');

export const keys = {
  anthropic: (kind: AnthropicKind, seed = 'a'): string => ['sk', 'ant', kind, seeded(seed, ALPHABETS.base64url, 93)].join('-') + 'AA',
  anthropicOAuth: (seed = 'o'): string => ['sk', 'ant', 'oat01', seeded(seed, ALPHABETS.base64url, 93)].join('-') + 'AA',
  openai(kind: OpenAIKind, seed = 'o'): string {
    const half = kind === 'legacy' ? 20 : kind === 'admin' ? 58 : 74;
    const abc = kind === 'legacy' ? ALPHABETS.alnum : ALPHABETS.base64url;
    const body = seeded(`${seed}1`, abc, half) + MARKER + seeded(`${seed}2`, abc, half);
    return kind === 'legacy' ? `sk-${body}` : `sk-${kind}-${body}`;
  },
  awsKeyId: (prefix = 'AKIA', seed = 'k'): string => prefix + seeded(seed, ALPHABETS.base32, 16),
  awsSecret: (seed = 's'): string => seeded(seed, ALPHABETS.base64, 40),
  bedrock: (seed = 'b'): string => 'AB' + 'SK' + base64Encode(Uint8Array.from([...'BedrockAPIKey-'].map((c) => c.charCodeAt(0)).concat(randomBytes(rng(seed), 84)))),
  github(prefix: GitHubPrefix, seed = 'g'): string {
    const random = seeded(seed, ALPHABETS.alnum, 30);
    return `${prefix}_${random}${base62(crc32(random), 6)}`;
  },
  githubFineGrained: (seed = 'f'): string => ['github', 'pat', seeded(`${seed}1`, ALPHABETS.alnum, 22), seeded(`${seed}2`, ALPHABETS.alnum, 59)].join('_'),
  googleApiKey: (seed = 'g'): string => 'AI' + 'za' + seeded(seed, ALPHABETS.base64url, 35),
  azureSecret: (seed = 'z'): string => seeded(`${seed}1`, ALPHABETS.alnum, 3) + String(Math.floor(rng(seed)() * 10)) + 'Q~' + seeded(`${seed}2`, `${ALPHABETS.alnum}_~.-`, 34),
  slackBot: (seed = 'b'): string => ['xoxb', seeded(`${seed}1`, ALPHABETS.digits, 12), seeded(`${seed}2`, ALPHABETS.digits, 13), seeded(`${seed}3`, ALPHABETS.alnum, 24)].join('-'),
  slackUser: (seed = 'u'): string => ['xoxp', seeded(`${seed}1`, ALPHABETS.digits, 12), seeded(`${seed}2`, ALPHABETS.digits, 12), seeded(`${seed}3`, ALPHABETS.digits, 13), seeded(`${seed}4`, ALPHABETS.hex, 32)].join('-'),
  slackApp: (seed = 'p'): string => ['xapp', '1', seeded(`${seed}1`, ALPHABETS.upperDigits, 11), seeded(`${seed}2`, ALPHABETS.digits, 13), seeded(`${seed}3`, ALPHABETS.hex, 64)].join('-'),
  slackRefresh: (seed = 'r'): string => ['xoxe', '1', seeded(seed, ALPHABETS.alnum, 140)].join('-'),
  slackWebhook: (seed = 'w'): string =>
    ['https:', '', 'hooks.slack.com', 'services', 'T' + seeded(`${seed}1`, ALPHABETS.upperDigits, 10), 'B' + seeded(`${seed}2`, ALPHABETS.upperDigits, 10), seeded(`${seed}3`, ALPHABETS.alnum, 24)].join('/'),
  stripe: (kind: 'sk_live' | 'rk_live' | 'sk_test' | 'rk_test', seed = 's'): string => `${kind}_${seeded(seed, ALPHABETS.alnum, 99)}`,
  password: (seed = 'p', n = 18): string => seeded(seed, ALPHABETS.password, n),

  /** A PEM block: armour plus a base64 body whose bytes start as the format says (ASN.1 SEQUENCE, openssh-key-v1). */
  pem(label: PemLabel, seed = 'k', opts: { escaped?: boolean; indent?: string; cipher?: string; procType?: boolean } = {}): string {
    const rand = rng(seed);
    let bytes: number[];
    if (label === 'OPENSSH') {
      const cipher = opts.cipher ?? 'none';
      const head = [...'openssh-key-v1'].map((c) => c.charCodeAt(0)).concat([0, 0, 0, 0, cipher.length], [...cipher].map((c) => c.charCodeAt(0)));
      bytes = head.concat(randomBytes(rand, 360));
    } else if (label === 'PGP') bytes = [0x95, 0x03, 0xc6].concat(randomBytes(rand, 900));
    else if (opts.procType) bytes = [0x8f, 0x12].concat(randomBytes(rand, 1190)); // ciphertext
    else bytes = [0x30, 0x82, 0x04, 0xa4].concat(randomBytes(rand, label === 'EC' ? 117 : 1190));
    const b64 = base64Encode(Uint8Array.from(bytes));
    const lines = b64.match(/.{1,64}/g) ?? [];
    const name = label === 'PGP' ? 'PGP PRIVATE KEY BLOCK' : `${label ? `${label} ` : ''}PRIVATE KEY`;
    const nl = opts.escaped ? '\\n' : `\n${opts.indent ?? ''}`;
    const pre = label === 'PGP' ? [`Version: Keyless ${seed}`, ''] : opts.procType ? ['Proc-Type: 4,ENCRYPTED', `DEK-Info: AES-128-CBC,${seeded(`${seed}iv`, ALPHABETS.hex, 32).toUpperCase()}`, ''] : [];
    const post = label === 'PGP' ? [`=${seeded(`${seed}c`, ALPHABETS.alnum, 4)}`] : [];
    return [`${'-----'}BEGIN ${name}-----`, ...pre, ...lines, ...post, `-----END ${name}-----`].join(nl);
  },

  /** A signed-looking JWT with the given payload. */
  jwt(payload: Record<string, unknown>, seed = 'j'): string {
    const enc = (o: unknown): string => base64Encode(Uint8Array.from([...JSON.stringify(o)].map((c) => c.charCodeAt(0) & 0xff)), true);
    return [enc({ alg: 'RS256', typ: 'JWT', kid: seeded(`${seed}k`, ALPHABETS.alnum, 12) }), enc(payload), seeded(`${seed}s`, ALPHABETS.base64url, 342)].join('.');
  },
};

/** Mark a secret for an example: `«secret»` (see ExampleBuilder). */
export const mark = (secret: string): string => `«${secret}»`;
/** Mark the related span of the finding marked just before: `‹secret›`. */
export const markRelated = (secret: string): string => `‹${secret}›`;
