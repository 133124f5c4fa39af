// GitHub (classic tokens carry a CRC32 checksum; fine-grained PATs), Slack (tokens with numeric segments, incoming
// webhooks) and Stripe (live keys high, test keys low), from docs/domain §6.
import { githubChecksumOk, hasRunOrSequence, randomEnough } from './checks';
import { keys, mark, type GitHubPrefix } from './samples';
import type { SecretDetector, SecretSeverity } from './types';

/** The token with the body character at `i` replaced by another base62 character: same shape, wrong checksum. */
function changeOne(token: string, i: number): string {
  const at = token.indexOf('_') + 1 + i;
  const c = token[at]!;
  return token.slice(0, at) + (c === 'a' ? 'b' : 'a') + token.slice(at + 1);
}

function githubClassic(prefix: GitHubPrefix, id: string, type: string, severity: SecretSeverity): SecretDetector {
  const token = (seed = id): string => keys.github(prefix, seed);
  return {
    id,
    provider: 'GitHub',
    type,
    severity,
    keywords: [`${prefix}_`],
    anchor: 0,
    pattern: new RegExp(`(?<![A-Za-z0-9_])(${prefix}_[A-Za-z0-9]{36})(?![A-Za-z0-9_])`),
    verify: (secret) => githubChecksumOk(secret.slice(4)),
    examples: {
      truePositives: [
        () => `GITHUB_TOKEN=${mark(token())}\n`,
        () => `git clone https://x-access-token:${mark(token('url'))}@github.com/acme/app.git\n`,
        () => `//npm.pkg.github.com/:_authToken=${mark(token('npmrc'))}\n`,
      ],
      falsePositives: [
        [() => `GITHUB_TOKEN=${changeOne(token(), 3)}`, 'one character changed: the CRC32 checksum fails'],
        [() => `GITHUB_TOKEN=${changeOne(token(), 33)}`, 'checksum characters changed'],
        [() => `GITHUB_TOKEN=${prefix}_${'x'.repeat(36)}`, 'placeholder'],
        [() => `GITHUB_TOKEN=${prefix}_...`, 'placeholder'],
        [() => 'token: ${{ secrets.GITHUB_TOKEN }}', 'Actions secret reference'],
        [() => `Classic tokens are ${prefix}_ followed by 36 base62 characters, the last 6 a CRC32 checksum.`, 'prose'],
      ],
    },
  };
}

const fineGrained: SecretDetector = {
  id: 'github-fine-grained-pat',
  provider: 'GitHub',
  type: 'Fine-grained personal access token',
  severity: 'high',
  keywords: ['github_pat_'],
  anchor: 0,
  pattern: /(?<![A-Za-z0-9_])(github_pat_[A-Za-z0-9_]{82})(?![A-Za-z0-9_])/,
  verify: (secret) => randomEnough(secret.slice(11), 4),
  examples: {
    truePositives: [() => `GH_TOKEN=${mark(keys.githubFineGrained())}\n`, () => `"token": "${mark(keys.githubFineGrained('json'))}"`],
    falsePositives: [
      [() => 'GH_TOKEN=github_pat_...', 'placeholder'],
      [() => `GH_TOKEN=github_pat_${'X'.repeat(82)}`, 'placeholder'],
      [() => `GH_TOKEN=${keys.githubFineGrained().slice(0, -1)}`, 'one character short'],
    ],
  },
};

/** Slack ids are numbers; documentation writes 1234567890 or 000000000. */
const numericOk = (segments: readonly string[]): boolean => segments.every((s) => !/^\d+$/.test(s) || !hasRunOrSequence(s));

function slack(id: string, type: string, severity: SecretSeverity, keyword: string, pattern: RegExp, sample: (seed?: string) => string, minEntropy: number): SecretDetector {
  return {
    id,
    provider: 'Slack',
    type,
    severity,
    keywords: [keyword],
    anchor: 0,
    pattern,
    verify: (secret) => {
      const parts = secret.split(/[-/]/);
      return numericOk(parts) && randomEnough(parts[parts.length - 1]!, minEntropy);
    },
    examples: {
      truePositives: [() => `SLACK_TOKEN=${mark(sample())}\n`, () => `slack:\n  token: "${mark(sample('yaml'))}"\n`],
      falsePositives: [
        [() => `SLACK_TOKEN=${keyword}...`, 'placeholder'],
        [() => `SLACK_TOKEN=${keyword}your-token-here`, 'placeholder'],
        [() => 'SLACK_TOKEN=${SLACK_TOKEN}', 'environment reference'],
        ...(/-\d{8,}-/.test(sample()) ? [[() => `SLACK_TOKEN=${sample().replace(/-(\d{8,})-/, (_m, d: string) => `-${'1234567890123456'.slice(0, d.length)}-`)}`, 'documentation digits'] as const] : []),
      ],
    },
  };
}

const slackDetectors: readonly SecretDetector[] = [
  slack('slack-app-token', 'App-level token', 'high', 'xapp-', /(?<![A-Za-z0-9-])(xapp-[0-9]-[A-Z0-9]{8,14}-[0-9]{8,16}-[a-f0-9]{40,80})(?![A-Za-z0-9-])/, keys.slackApp, 3),
  slack('slack-bot-token', 'Bot token', 'high', 'xoxb-', /(?<![A-Za-z0-9-])(xoxb-[0-9]{8,14}-[0-9]{8,14}-[A-Za-z0-9]{20,40})(?![A-Za-z0-9-])/, keys.slackBot, 3.5),
  slack('slack-refresh-token', 'Refresh or rotating token', 'high', 'xoxe', /(?<![A-Za-z0-9-])(xoxe(?:\.xox[bp])?-[0-9]-[A-Za-z0-9]{60,300})(?![A-Za-z0-9-])/, keys.slackRefresh, 4),
  slack('slack-user-token', 'User token', 'high', 'xoxp-', /(?<![A-Za-z0-9-])(xoxp-[0-9]{8,14}-[0-9]{8,14}-[0-9]{8,14}-[a-f0-9]{28,40})(?![A-Za-z0-9-])/, keys.slackUser, 3),
];

const slackWebhook: SecretDetector = {
  id: 'slack-webhook',
  provider: 'Slack',
  type: 'Incoming webhook URL',
  severity: 'medium',
  keywords: ['https://hooks.slack.com/services/'],
  anchor: 0,
  pattern: /(https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,12}\/B[A-Z0-9]{6,14}\/[A-Za-z0-9]{20,40})(?![A-Za-z0-9])/,
  verify: (secret) => {
    const last = secret.slice(secret.lastIndexOf('/') + 1);
    return randomEnough(last, 3.5) && !/\/[TB]0{6,}/.test(secret);
  },
  examples: {
    truePositives: [() => `SLACK_WEBHOOK_URL=${mark(keys.slackWebhook())}\n`, () => `requests.post("${mark(keys.slackWebhook('py'))}", json=msg)\n`],
    falsePositives: [
      [() => `SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T${'0'.repeat(8)}/B${'0'.repeat(8)}/${'X'.repeat(24)}`, "Slack's documentation example"],
      [() => 'SLACK_WEBHOOK_URL=https://hooks.slack.com/services/...', 'placeholder'],
      [() => 'See https://hooks.slack.com/services/ for incoming webhooks.', 'prose'],
    ],
  },
};

function stripe(id: string, type: string, severity: SecretSeverity, keywords: readonly string[], pattern: RegExp, kind: 'sk_live' | 'rk_live' | 'sk_test'): SecretDetector {
  const prefix = `${kind}_`;
  return {
    id,
    provider: 'Stripe',
    type,
    severity,
    keywords,
    anchor: 0,
    pattern,
    verify: (secret) => {
      const body = secret.slice(secret.indexOf('_', 3) + 1);
      return randomEnough(body, body.length >= 24 ? 3.5 : 2.8);
    },
    examples: {
      truePositives: [() => `STRIPE_SECRET_KEY=${mark(keys.stripe(kind))}\n`, () => `stripe.api_key = "${mark(keys.stripe(kind, 'py'))}"\n`],
      falsePositives: [
        [() => `STRIPE_SECRET_KEY=${prefix}...`, 'placeholder'],
        [() => `STRIPE_SECRET_KEY=${prefix}${'x'.repeat(24)}`, 'placeholder'],
        [() => `STRIPE_SECRET_KEY=${prefix}1234567890abcdef`, 'sequential characters'],
        [() => 'STRIPE_SECRET_KEY=${STRIPE_SECRET_KEY}', 'environment reference'],
        [() => `STRIPE_PUBLISHABLE_KEY=pk_live_${keys.stripe(kind).slice(prefix.length)}`, 'a publishable key is public'],
      ],
    },
  };
}

export const devDetectors: readonly SecretDetector[] = [
  githubClassic('ghs', 'github-app-installation-token', 'App installation token', 'medium'),
  githubClassic('ghu', 'github-app-user-token', 'App user-to-server token', 'medium'),
  fineGrained,
  githubClassic('gho', 'github-oauth-token', 'OAuth access token', 'high'),
  githubClassic('ghp', 'github-pat', 'Personal access token (classic)', 'high'),
  githubClassic('ghr', 'github-refresh-token', 'Refresh token', 'high'),
  ...slackDetectors,
  slackWebhook,
  stripe('stripe-live-restricted-key', 'Live restricted key', 'high', ['rk_live_'], /(?<![A-Za-z0-9_])(rk_live_[A-Za-z0-9]{10,99})(?![A-Za-z0-9_])/, 'rk_live'),
  stripe('stripe-live-secret-key', 'Live secret key', 'high', ['sk_live_'], /(?<![A-Za-z0-9_])(sk_live_[A-Za-z0-9]{10,99})(?![A-Za-z0-9_])/, 'sk_live'),
  stripe('stripe-test-key', 'Test-mode key', 'low', ['sk_test_', 'rk_test_'], /(?<![A-Za-z0-9_])((?:sk|rk)_test_[A-Za-z0-9]{10,99})(?![A-Za-z0-9_])/, 'sk_test'),
];
