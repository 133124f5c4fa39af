// PEM private keys (armour with a real, decodable body) and JWTs (three base64url parts whose header and payload are
// JSON objects), from docs/domain §6.
import { decodeBase64, decodeJsonObject, looksPlaceholder, shannonEntropy } from './checks';
import { keys, mark } from './samples';
import type { SecretDetector } from './types';

const ARMOUR = /^-----BEGIN ?([A-Z0-9 ]{0,24}?) ?PRIVATE KEY( BLOCK)?-----/;
const END_ARMOUR = /-----END ?([A-Z0-9 ]{0,24}?) ?PRIVATE KEY( BLOCK)?-----$/;
const OPENSSH_MAGIC = 'openssh-key-v1\u0000';

interface PemParts {
  readonly label: string;
  readonly body: Uint8Array;
  readonly headers: string;
}

/** Armour labels that match, and a body of at least 64 random-looking base64 characters that decodes. */
function parsePem(block: string): PemParts | undefined {
  const text = block.replace(/\\r/g, '').replace(/\\n/g, '\n');
  const begin = ARMOUR.exec(text);
  const end = END_ARMOUR.exec(text.trimEnd());
  if (!begin || !end || begin[1] !== end[1] || begin[2] !== end[2]) return undefined;
  const inner = text.slice(begin[0].length, text.trimEnd().length - end[0].length);
  const lines = inner.split(/\r\n|\r|\n/).map((l) => l.trim()).filter((l) => l !== '');
  const headers = lines.filter((l) => l.includes(':')).join('\n');
  let bodyLines = lines.filter((l) => !l.includes(':'));
  if (begin[2] && /^=[A-Za-z0-9+/]{4}$/.test(bodyLines[bodyLines.length - 1] ?? '')) bodyLines = bodyLines.slice(0, -1); // PGP CRC-24
  const b64 = bodyLines.join('');
  if (b64.length < 64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || looksPlaceholder(b64) || shannonEntropy(b64) < 4.5) return undefined;
  const body = decodeBase64(b64);
  return body && { label: begin[1]!, body, headers };
}

function bodyShapeOk(p: PemParts): boolean {
  if (/Proc-Type:\s*4,ENCRYPTED/.test(p.headers)) return true; // legacy OpenSSL encryption: the body is ciphertext
  if (p.label === 'OPENSSH') return String.fromCharCode(...p.body.subarray(0, OPENSSH_MAGIC.length)) === OPENSSH_MAGIC;
  if (p.label === 'PGP') return (p.body[0]! & 0x80) !== 0; // an OpenPGP packet tag
  return p.body[0] === 0x30; // an ASN.1 SEQUENCE (PKCS#1, PKCS#8, SEC1, DSA)
}

/** A PEM private-key block (plain or with `\n` escapes, as in JSON) with a real body. */
export function pemBlockOk(block: string): boolean {
  const p = parsePem(block);
  return p !== undefined && bodyShapeOk(p);
}

/** Needs a passphrase before use: PKCS#8 `ENCRYPTED`, legacy `Proc-Type: 4,ENCRYPTED`, or an OpenSSH cipher. */
function encrypted(p: PemParts): boolean {
  if (p.label.includes('ENCRYPTED') || /Proc-Type:\s*4,ENCRYPTED/.test(p.headers)) return true;
  if (p.label !== 'OPENSSH') return false;
  const at = OPENSSH_MAGIC.length;
  const len = ((p.body[at]! << 24) | (p.body[at + 1]! << 16) | (p.body[at + 2]! << 8) | p.body[at + 3]!) >>> 0;
  const cipher = String.fromCharCode(...p.body.subarray(at + 4, at + 4 + Math.min(len, 64)));
  return cipher !== 'none';
}

const privateKey: SecretDetector = {
  id: 'private-key',
  provider: 'Private key',
  type: 'Private key',
  severity: 'critical',
  keywords: ['-----begin '],
  anchor: 0,
  pattern:
    /(-----BEGIN[ A-Z0-9]{0,24} PRIVATE KEY(?: BLOCK)?-----(?:(?:\s|\\[rn]){1,4}Proc-Type: 4,ENCRYPTED(?:\s|\\[rn]){1,4}DEK-Info: [A-Z0-9-]{3,24},[A-Fa-f0-9]{8,64})?[A-Za-z0-9+/=\s\\:,.()]{64,20000}-----END[ A-Z0-9]{0,24} PRIVATE KEY(?: BLOCK)?-----)/,
  verify: (secret) => pemBlockOk(secret),
  rate: (secret) => {
    const p = parsePem(secret);
    return p && encrypted(p) ? 'medium' : 'critical';
  },
  doc: {
    summary:
      'A private key in PEM armour (RSA, EC, DSA, PKCS#8, OpenSSH or PGP). Whatever trusts its public key (SSH servers, deploy keys, TLS clients, Snowflake key-pair users, JWT verifiers, package signature checks) trusts whoever holds it, usually with no expiry. Critical; medium when a passphrase encrypts it (PKCS#8 `ENCRYPTED`, `Proc-Type: 4,ENCRYPTED`, an OpenSSH cipher), since the passphrase must leak too.',
    looksLike:
      'A BEGIN line such as `-----BEGIN RSA PRIVATE KEY-----`, a base64 body and the matching END line (also with `\\n` escapes inside a JSON string), shown as `-----BEGIN RSA PRIVATE KEY-----…`. Keyless checks that the BEGIN and END labels match and that the body is real: at least 64 random base64 characters that decode to an ASN.1 sequence, an `openssh-key-v1` header or an OpenPGP packet. Armour alone, a short or repeated body, and certificates are left alone.',
    leaks: '`id_rsa`, `*.pem`, `*.key` and `rsa_key.p8` files committed by mistake, keys pasted into YAML (`key: |`) or `.env` values, and test fixtures.',
    revoke:
      'A private key cannot be revoked, only replaced. Generate a new pair, install the new public key wherever the old one was trusted, and remove the old one: SSH `authorized_keys` and [GitHub SSH and deploy keys](https://docs.github.com/en/authentication/connecting-to-github-with-ssh/reviewing-your-ssh-keys), a Snowflake user\'s `RSA_PUBLIC_KEY` ([key-pair rotation](https://docs.snowflake.com/en/user-guide/key-pair-auth)), or have the CA revoke the TLS certificate and issue a new one.',
  },
  examples: {
    truePositives: [
      () => `${mark(keys.pem('RSA', 'rsa'))}\n`,
      () => `key: |\n  ${mark(keys.pem('', 'pkcs8', { indent: '  ' }))}\n`,
      () => `${mark(keys.pem('EC', 'ec'))}\n`,
      () => `${mark(keys.pem('OPENSSH', 'ssh'))}\n`,
      () => `${mark(keys.pem('PGP', 'pgp'))}\n`,
      () => `{"key": "${mark(keys.pem('', 'json', { escaped: true }))}"}`,
      () => `# rsa_key.p8 for Snowflake key-pair auth\n${mark(keys.pem('ENCRYPTED', 'p8'))}\n`,
      () => `${mark(keys.pem('RSA', 'legacy', { procType: true }))}\n`,
    ],
    falsePositives: [
      [() => '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n', 'placeholder body'],
      [() => '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----\n', 'a body of a few characters'],
      [() => '-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n', 'armour alone'],
      [() => `-----BEGIN PRIVATE KEY-----\n${'A'.repeat(64)}\n${'A'.repeat(64)}\n-----END PRIVATE KEY-----\n`, 'repeated characters'],
      [() => `-----BEGIN RSA PRIVATE KEY-----\n${keys.pem('RSA', 'mix').split('\n').slice(1, -1).join('\n')}\n-----END EC PRIVATE KEY-----\n`, 'armour labels disagree'],
      [() => 'const header = "-----BEGIN PRIVATE KEY-----"; // what a PKCS#8 key starts with', 'the armour line in code'],
      [() => `-----BEGIN CERTIFICATE-----\n${keys.pem('', 'cert').split('\n').slice(1, -1).join('\n')}\n-----END CERTIFICATE-----\n`, 'a certificate is public'],
    ],
  },
};

const JOHN_DOE = (p: Record<string, unknown>): boolean => p['name'] === 'John Doe' || p['sub'] === '1234567890';

const jwt: SecretDetector = {
  id: 'jwt',
  provider: 'JWT',
  type: 'JSON Web Token',
  severity: 'medium',
  keywords: ['eyj'],
  anchor: 0,
  pattern: /(?<![A-Za-z0-9_.-])(eyJ[A-Za-z0-9_-]{8,1024}\.[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{16,1024})(?![A-Za-z0-9_=-]|\.[A-Za-z0-9_-])/,
  verify: (secret) => {
    const [h, p] = secret.split('.');
    const header = decodeJsonObject(h!);
    const payload = decodeJsonObject(p!);
    if (!header || !payload || typeof header['alg'] !== 'string' || header['alg'] === 'none') return false;
    // a credential says who issued it, for whom or until when; {"some": "payload"} is a library's example
    if (!['iss', 'sub', 'aud', 'exp'].some((c) => c in payload)) return false;
    const iss = typeof payload['iss'] === 'string' ? payload['iss'] : '';
    return !JOHN_DOE(payload) && !/example\.(?:com|org|net)/i.test(iss);
  },
  // an expired token cannot be replayed
  rate: (secret, ctx) => {
    const exp = decodeJsonObject(secret.split('.')[1]!)?.['exp'];
    return typeof exp === 'number' && exp * 1000 < ctx.now ? 'low' : 'medium';
  },
  doc: {
    summary:
      'A JSON Web Token: a signed bearer token. Whoever holds it can use it as its subject until it expires, wherever its issuer and audience are accepted; an OIDC token that one of your federation rules trusts can be exchanged for provider credentials. Medium; low once its `exp` has passed.',
    looksLike:
      'Three base64url parts separated by dots, the first starting `eyJ` (a JSON header), shown as `eyJ…`. Keyless decodes the header and payload: both must be JSON objects, the algorithm must not be `none`, and the payload must say who issued the token, for whom or until when (`iss`, `sub`, `aud` or `exp`). The jwt.io sample token and issuers at `example.com` are left alone.',
    leaks: 'Logs and HTTP traces (`Authorization: Bearer` headers), HAR files, test fixtures, and notebooks.',
    revoke:
      'A JWT cannot be recalled before its [`exp`](https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4). Revoke the session or refresh token it came from at its issuer, and rotate the issuer\'s signing key if that key leaked too; then remove the token from the repository and its history.',
  },
  examples: {
    truePositives: [
      () => `Authorization: Bearer ${mark(keys.jwt({ iss: 'https://token.actions.githubusercontent.com', sub: 'repo:acme/app:ref:refs/heads/main', aud: 'https://api.anthropic.com', exp: 4102444800 }))}\n`,
      () => `id_token = "${mark(keys.jwt({ iss: 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC', sub: 'system:serviceaccount:ci:runner', exp: 1600000000 }, 'old'))}"\n`,
      () => `The token is ${mark(keys.jwt({ iss: 'https://sts.windows.net/t/', sub: 'app', exp: 4102444800 }, 'prose'))}.`,
    ],
    falsePositives: [
      [() => `Bearer ${keys.jwt({ sub: '1234567890', name: 'John Doe', iat: 1516239022 }, 'jwtio')}`, 'the jwt.io sample token'],
      [() => `Bearer ${keys.jwt({ iss: 'https://issuer.example.com', sub: 'demo' }, 'doc')}`, 'an issuer at example.com is documentation'],
      [() => 'Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0...', 'truncated placeholder'],
      [() => `token: eyJ${'notjson'.repeat(3)}.${'payload0'.repeat(3)}.${'signature'.repeat(3)}`, 'parts are not JSON'],
      [() => `>>> jwt.encode({"some": "payload"}, "secret")\n'${keys.jwt({ some: 'payload' }, 'lib')}'`, 'no issuer, subject, audience or expiry: a library example'],
      [() => `image: "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgeyJ${'abcd'.repeat(8)}.${'efgh'.repeat(8)}.${'ijkl'.repeat(8)}"`, 'inside base64 image data'],
    ],
  },
};

export const keyDetectors: readonly SecretDetector[] = [privateKey, jwt];
