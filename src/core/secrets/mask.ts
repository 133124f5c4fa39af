// Safe previews and fingerprints of secrets. A preview shows a known public prefix (the format's label, which every
// key of that kind shares) and at most the last four characters of the random body; a fingerprint is a salted
// SHA-256. Neither lets anyone rebuild the key.
import { sha256Hex } from './sha256';

// Public prefixes, longest first; [prefix, what the preview shows].
const PREFIXES: readonly (readonly [string, string])[] = [
  ['https://hooks.slack.com/services/', 'hooks.slack.com/services/'],
  ['sk-ant-admin01-', 'sk-ant-admin01-'],
  ['sk-ant-api03-', 'sk-ant-api03-'],
  ['sk-ant-oat01-', 'sk-ant-oat01-'],
  ['sk-svcacct-', 'sk-svcacct-'],
  ['github_pat_', 'github_pat_'],
  ['xoxe.xoxp-', 'xoxe.xoxp-'],
  ['xoxe.xoxb-', 'xoxe.xoxb-'],
  ['sk-admin-', 'sk-admin-'],
  ['sk-proj-', 'sk-proj-'],
  ['sk_live_', 'sk_live_'],
  ['rk_live_', 'rk_live_'],
  ['sk_test_', 'sk_test_'],
  ['rk_test_', 'rk_test_'],
  ['xoxb-', 'xoxb-'],
  ['xoxp-', 'xoxp-'],
  ['xoxe-', 'xoxe-'],
  ['xapp-', 'xapp-'],
  ['ghp_', 'ghp_'],
  ['gho_', 'gho_'],
  ['ghu_', 'ghu_'],
  ['ghs_', 'ghs_'],
  ['ghr_', 'ghr_'],
  ['AKIA', 'AKIA'],
  ['ASIA', 'ASIA'],
  ['ABIA', 'ABIA'],
  ['ACCA', 'ACCA'],
  ['ABSK', 'ABSK'],
  ['AIza', 'AIza'],
  ['eyJ', 'eyJ'],
  ['sk-', 'sk-'],
];

const PEM = /^-----BEGIN ([A-Z0-9 ]{1,40})-----/;

/**
 * `sk-ant-api03-…Q2AA`: the format's public prefix, an ellipsis, and the last 4 characters of the body (2 for bodies
 * under 24 characters, none under 12). A PEM block shows only its armour line. Never more than 4 characters of the
 * random body, never the body itself.
 */
export function mask(secret: string): string {
  const pem = PEM.exec(secret);
  // the armour line is public, as a prefix is, when a body follows it (a password can be just an armour line)
  if (pem && secret.length - pem[0].length >= 12) return `-----BEGIN ${pem[1]}-----…`;
  let shown = '';
  let body = secret;
  for (const [prefix, label] of PREFIXES) {
    if (secret.startsWith(prefix) && secret.length - prefix.length >= 12) {
      shown = label;
      body = secret.slice(prefix.length);
      break;
    }
  }
  const tail = body.length >= 24 ? 4 : body.length >= 12 ? 2 : 0;
  return `${shown}…${tail ? body.slice(-tail) : ''}`;
}

/**
 * A salted SHA-256 of the secret: the first 32 hex characters of SHA-256(salt, NUL, secret). Stable for one salt, so
 * a baseline can recognise a reviewed secret without storing it; a different salt per repository keeps fingerprints
 * from being compared across repositories.
 */
export function fingerprint(secret: string, salt: string): string {
  return sha256Hex(`${salt}\u0000${secret}`).slice(0, 32);
}
