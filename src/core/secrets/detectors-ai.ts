// Anthropic and OpenAI keys (docs/domain §6): fixed prefixes, fixed segment lengths, and OpenAI's `T3BlbkFJ` marker
// (base64 of "OpenAI") between the two halves of the body.
import { randomEnough } from './checks';
import { persistentCredentialsPath } from './context';
import { keys, mark, type AnthropicKind, type OpenAIKind } from './samples';
import type { SecretDetector, SecretDoc } from './types';

const B64URL = '[A-Za-z0-9_-]';
const NOT_B64URL_BEFORE = '(?<![A-Za-z0-9_-])';
const NOT_B64URL_AFTER = '(?![A-Za-z0-9_-])';

const ANTHROPIC_LOOKS = (kind: AnthropicKind): string =>
  `\`sk-ant-${kind}-\`, 93 characters of \`[A-Za-z0-9_-]\` and a final \`AA\`: 108 characters in all, e.g. \`sk-ant-${kind}-…AA\`. ` +
  'Keyless checks the exact length, the trailing `AA` and that the body looks random (a body of `x`, one repeated character or `...` is a placeholder).';

const ANTHROPIC_DOCS: Readonly<Record<AnthropicKind, SecretDoc>> = {
  admin01: {
    summary:
      'An Admin API key acts for the whole organization through the Admin API: it lists and changes members, invites, workspaces and API keys (it can deactivate everyone else\'s), and reads usage and cost reports. Critical: whoever holds a copy administers the organization.',
    looksLike: ANTHROPIC_LOOKS('admin01'),
    leaks: 'Scripts and notebooks that automate member, workspace or key administration, cost-report jobs, `.env` files, and CI secrets pasted into workflow files.',
    revoke:
      'An organization admin deletes it in the Claude Console ([Admin API keys](https://platform.claude.com/docs/en/manage-claude/admin-api-keys)), then reviews the members, workspaces and API keys for changes made with it. Create a new admin key only for the job that needs one, and keep it out of the repository.',
  },
  api03: {
    summary:
      'A Claude API key calls every non-admin endpoint of the Claude API in its workspace (Messages, Models, Files, Batches...) and bills the organization. High: it works from anywhere, for anyone with a copy, until someone deactivates it.',
    looksLike: ANTHROPIC_LOOKS('api03'),
    leaks: '`ANTHROPIC_API_KEY` or `ANTHROPIC_AUTH_TOKEN` in `.env` files, code that passes `api_key=` to an SDK, `curl` examples with an `x-api-key` header, notebooks, and CI workflow files.',
    revoke:
      'Deactivate or delete it in the Claude Console under Settings → API keys ([API keys](https://platform.claude.com/docs/en/get-api-key)), or set its `status` to `inactive` with the Admin API (`POST /v1/organizations/api_keys/{id}`). If federation cannot replace it yet, create a new key limited to one workspace, with an expiry date.',
  },
};

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
    doc: ANTHROPIC_DOCS[kind],
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
  doc: {
    summary:
      'An OAuth access token for the Claude API, such as the tokens workload identity federation mints for a service account, or the `CLAUDE_CODE_OAUTH_TOKEN` of Claude Code. It expires (a federation rule caps its lifetime between 60 s and 24 h), so it is low; medium in a file that keeps it between runs (the SDK\'s `credentials/<profile>.json`, `.credentials.json`).',
    looksLike: '`sk-ant-oat01-` followed by an opaque body of 40 to 400 characters of `[A-Za-z0-9_-]`, e.g. `sk-ant-oat01-…`. Only the prefix is fixed; Keyless checks that the body looks random.',
    leaks: '`CLAUDE_CODE_OAUTH_TOKEN` copied from CI settings into workflow files, committed credential files, debug logs of a token exchange.',
    revoke:
      'A minted token cannot be recalled, but it expires. To stop new ones, disable the federation rule or the service account ([workload identity federation](https://platform.claude.com/docs/en/manage-claude/workload-identity-federation)); sign in again where the token came from a sign-in, and delete credential files from the repository and its history.',
  },
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

const OPENAI_MARKER = ['T3Bl', 'bkFJ'].join('');
const OPENAI_LOOKS = (prefix: string, half: number): string =>
  `\`${prefix}\`, then two halves of ${half} characters of \`[A-Za-z0-9_-]\` around the marker \`${OPENAI_MARKER}\` (base64 of "OpenAI"), e.g. \`${prefix}…Ab12\`. ` +
  'Keyless checks the marker, both lengths and that both halves look random.';
const OPENAI_KEYS_PAGE = '[API keys page](https://platform.openai.com/api-keys)';

const OPENAI_DOCS: Readonly<Record<OpenAIKind, SecretDoc>> = {
  admin: {
    summary:
      'An Admin API key manages the OpenAI organization: users, invites, projects, project API keys and service accounts, usage and audit logs. Critical: it can make new keys for whoever holds it.',
    looksLike: OPENAI_LOOKS('sk-admin-', 58),
    leaks: 'Automation scripts for project and key management, `OPENAI_ADMIN_KEY` in `.env` files and CI settings.',
    revoke:
      'An organization owner deletes it under the organization\'s Admin keys settings on the [OpenAI platform](https://platform.openai.com/settings/organization/admin-keys), or with the Admin API ([delete admin API key](https://developers.openai.com/api/reference/resources/organization/subresources/admin_api_keys/methods/delete)); then reviews the projects, keys and service accounts.',
  },
  legacy: {
    summary: 'A user API key in the older format: it acts as its owner in every project the owner can reach, since older keys are not tied to one project. High.',
    looksLike: `\`sk-\`, 20 letters and digits, the marker \`${OPENAI_MARKER}\`, and 20 more, e.g. \`sk-…Ab12\`. Keyless looks for the marker (\`sk-\` alone is far too common) and checks both halves look random.`,
    leaks: '`OPENAI_API_KEY` in `.env` files, notebooks, and old scripts and tutorials copied into repositories.',
    revoke: `Delete it on the ${OPENAI_KEYS_PAGE} of the OpenAI platform, and create a project key in its place if federation cannot replace it.`,
  },
  proj: {
    summary: 'A project API key calls the OpenAI API within one project, with the permissions set on the key (all, restricted or read-only), and bills the organization. High.',
    looksLike: OPENAI_LOOKS('sk-proj-', 74),
    leaks: '`OPENAI_API_KEY` in `.env` files, code that passes `apiKey:` to an SDK, notebooks, and CI workflow files.',
    revoke: `Delete it on the ${OPENAI_KEYS_PAGE} (project owners manage all of a project's keys) or with the Admin API. If federation cannot replace it yet, create a new key with restricted permissions.`,
  },
  svcacct: {
    summary: 'A service account key belongs to a project\'s service account, not to a person: it keeps working when people leave, with the service account\'s role in that project. High.',
    looksLike: OPENAI_LOOKS('sk-svcacct-', 74),
    leaks: 'Deployment configuration, container images and CI secrets of the service the account was made for.',
    revoke: 'A project owner deletes the service account (which deletes its key) in the project\'s settings on the [OpenAI platform](https://platform.openai.com/), or with the Admin API\'s project service-account endpoints.',
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
    doc: OPENAI_DOCS[kind],
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
