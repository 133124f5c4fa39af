// Anthropic and OpenAI keys (docs/domain §6): fixed prefixes, fixed segment lengths, and OpenAI's `T3BlbkFJ` marker
// (base64 of "OpenAI") between the two halves of the body.
import { randomEnough } from './checks';
import { persistentCredentialsPath } from './context';
import { keys, mark, type AnthropicKind, type OpenAIKind } from './samples';
import type { SecretDetector } from './types';

const B64URL = '[A-Za-z0-9_-]';
const NOT_B64URL_BEFORE = '(?<![A-Za-z0-9_-])';
const NOT_B64URL_AFTER = '(?![A-Za-z0-9_-])';

function anthropicKey(kind: AnthropicKind, id: string, type: string, severity: 'critical' | 'high'): SecretDetector {
  const prefix = `sk-ant-${kind}-`;
  const key = (seed = id): string => keys.anthropic(kind, seed);
  return {
    id,
    provider: 'Anthropic',
    type,
    severity,
    keywords: [prefix],
    anchor: 0,
    pattern: new RegExp(`${NOT_B64URL_BEFORE}(${prefix}${B64URL}{93}AA)${NOT_B64URL_AFTER}`),
    verify: (secret) => randomEnough(secret.slice(prefix.length, -2), 4),
    examples: {
      truePositives: [
        () => `ANTHROPIC_API_KEY=${mark(key())}\n`,
        () => `client = anthropic.Anthropic(api_key="${mark(key('py'))}")\n`,
        () => `{\n  "env": { "ANTHROPIC_API_KEY": "${mark(key('json'))}" }\n}\n`,
        () => `anthropic:\n  apiKey: '${mark(key('yaml'))}'\n`,
        () => `curl https://api.anthropic.com/v1/messages -H "x-api-key: ${mark(key('curl'))}"`,
      ],
      falsePositives: [
        [() => `ANTHROPIC_API_KEY=${prefix}...`, 'documentation placeholder'],
        [() => `ANTHROPIC_API_KEY=${prefix}${'x'.repeat(93)}AA`, 'placeholder body of x characters'],
        [() => `ANTHROPIC_API_KEY=${prefix}${'A'.repeat(93)}AA`, 'one repeated character'],
        [() => `ANTHROPIC_API_KEY=${prefix}<your-key-here>`, '<your key> placeholder'],
        [() => `api_key = os.environ["ANTHROPIC_API_KEY"]\nkey2 = "\${ANTHROPIC_API_KEY}"\n`, 'environment references'],
        [() => `ANTHROPIC_API_KEY=${key().slice(0, -3)}AA`, 'one character short'],
        [() => `ANTHROPIC_API_KEY=${key().slice(0, -2)}AB`, 'does not end in AA'],
        [() => `token=x${key()}`, 'inside a longer token'],
        [() => `Keys look like ${prefix} followed by 93 characters of [A-Za-z0-9_-] and AA (108 in all).`, 'prose describing the format'],
      ],
    },
  };
}

const oauthToken: SecretDetector = {
  id: 'anthropic-oauth-token',
  provider: 'Anthropic',
  type: 'OAuth access token',
  severity: 'low',
  keywords: ['sk-ant-oat01-'],
  anchor: 0,
  pattern: new RegExp(`${NOT_B64URL_BEFORE}(sk-ant-oat01-${B64URL}{40,400})${NOT_B64URL_AFTER}`),
  verify: (secret) => {
    const body = secret.slice('sk-ant-oat01-'.length);
    return !body.includes('sk-ant-') && randomEnough(body, 4);
  },
  // short-lived, unless a file keeps it (the SDK's credentials/<profile>.json)
  rate: (_secret, ctx) => (persistentCredentialsPath(ctx.path) ? 'medium' : 'low'),
  examples: {
    truePositives: [
      () => `CLAUDE_CODE_OAUTH_TOKEN=${mark(keys.anthropicOAuth())}\n`,
      () => `{"access_token": "${mark(keys.anthropicOAuth('file'))}", "expires_at": 1767225600}\n`,
    ],
    falsePositives: [
      [() => 'CLAUDE_CODE_OAUTH_TOKEN=sk-ant-oat01-...', 'documentation placeholder'],
      [() => 'CLAUDE_CODE_OAUTH_TOKEN=sk-ant-oat01-YOUR_TOKEN_HERE', 'YOUR_TOKEN placeholder'],
      [() => `CLAUDE_CODE_OAUTH_TOKEN=sk-ant-oat01-${'ab'.repeat(30)}`, 'low-entropy body'],
      [() => 'token: ${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}', 'GitHub Actions secret reference'],
    ],
  },
};

function openaiKey(kind: OpenAIKind, id: string, type: string, severity: 'critical' | 'high'): SecretDetector {
  const half = kind === 'legacy' ? 20 : kind === 'admin' ? 58 : 74;
  const prefix = kind === 'legacy' ? 'sk-' : `sk-${kind}-`;
  const body = kind === 'legacy' ? '[A-Za-z0-9]' : B64URL;
  const key = (seed = id): string => keys.openai(kind, seed);
  const marker = ['T3Bl', 'bkFJ'].join('');
  return {
    id,
    provider: 'OpenAI',
    type,
    severity,
    // the legacy prefix `sk-` is too common to prefilter on (task-, disk-); its marker is not
    keywords: [kind === 'legacy' ? marker.toLowerCase() : prefix],
    anchor: kind === 'legacy' ? prefix.length + half : 0,
    pattern: new RegExp(`${NOT_B64URL_BEFORE}(${prefix}${body}{${half}}${marker}${body}{${half}})${NOT_B64URL_AFTER}`),
    verify: (secret) => {
      const rest = secret.slice(prefix.length);
      return randomEnough(rest.slice(0, half), 3) && randomEnough(rest.slice(half + 8), 3);
    },
    examples: {
      truePositives: [
        () => `OPENAI_API_KEY=${mark(key())}\n`,
        () => `const openai = new OpenAI({ apiKey: '${mark(key('ts'))}' });\n`,
        () => `openai:\n  api_key: "${mark(key('yaml'))}"\n`,
      ],
      falsePositives: [
        [() => `OPENAI_API_KEY=${prefix}...`, 'documentation placeholder'],
        [() => `OPENAI_API_KEY=${prefix}${'a'.repeat(half)}${marker}${'a'.repeat(half)}`, 'repeated characters around the marker'],
        [() => `OPENAI_API_KEY=${key().replace(marker, 'T3BlbkFK')}`, 'no T3BlbkFJ marker'],
        [() => `OPENAI_API_KEY=${key().slice(0, -1)}`, 'second half one character short'],
        [() => 'api_key=process.env.OPENAI_API_KEY', 'environment reference'],
        [() => `OpenAI keys hold the marker ${marker} between two random halves.`, 'prose describing the format'],
      ],
    },
  };
}

export const aiDetectors: readonly SecretDetector[] = [
  anthropicKey('admin01', 'anthropic-admin-key', 'Admin key', 'critical'),
  anthropicKey('api03', 'anthropic-api-key', 'API key', 'high'),
  oauthToken,
  openaiKey('admin', 'openai-admin-key', 'Admin key', 'critical'),
  openaiKey('legacy', 'openai-legacy-key', 'User API key (legacy format)', 'high'),
  openaiKey('proj', 'openai-project-key', 'Project API key', 'high'),
  openaiKey('svcacct', 'openai-service-account-key', 'Service account key', 'high'),
];
