// GitHub (classic tokens carry a CRC32 checksum; fine-grained PATs), Slack (tokens with numeric segments, incoming
// webhooks) and Stripe (live keys high, test keys low), from docs/domain §6.
import { githubChecksumOk, hasRunOrSequence, randomEnough } from './checks';
import { keys, mark, type GitHubPrefix } from './samples';
import type { SecretDetector, SecretDoc, SecretSeverity } from './types';

/** The token with the body character at `i` replaced by another base62 character: same shape, wrong checksum. */
function changeOne(token: string, i: number): string {
  const at = token.indexOf('_') + 1 + i;
  const c = token[at]!;
  return token.slice(0, at) + (c === 'a' ? 'b' : 'a') + token.slice(at + 1);
}

const GITHUB_PATS = '[managing your personal access tokens](https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens)';
const GITHUB_APP_TOKEN_API = '[delete an app token](https://docs.github.com/en/rest/apps/oauth-applications#delete-an-app-token)';
const GITHUB_REVOCATION = '[token expiration and revocation](https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/token-expiration-and-revocation)';
const githubLooks = (prefix: GitHubPrefix): string =>
  `\`${prefix}_\` followed by 36 letters and digits, e.g. \`${prefix}_…Ab12\`. The last 6 characters are a base62 CRC32 checksum of the first 30: Keyless reports a token only when its checksum holds, so a look-alike with one character changed is left alone.`;

const GITHUB_DOCS: Readonly<Record<GitHubPrefix, Omit<SecretDoc, 'looksLike'>>> = {
  ghs: {
    summary: 'An installation access token of a GitHub App (the `GITHUB_TOKEN` of Actions is one): it acts as the app on the repositories it is installed on, with the app\'s permissions. Medium: it expires after an hour.',
    leaks: 'Logs and artifacts of CI jobs, and debug output of scripts that print their environment.',
    revoke:
      'It expires within the hour; revoke it sooner with `DELETE /installation/token` ([revoke an installation access token](https://docs.github.com/en/rest/apps/installations#revoke-an-installation-access-token)), and generate a new private key for the app if its key leaked too.',
  },
  ghu: {
    summary: 'A user access token of a GitHub App: it acts as the user, limited to what both the user and the app may do. Medium: with token expiration on (the default) it lasts 8 hours.',
    leaks: 'Configuration and token caches of desktop, CLI and server apps that sign users in with a GitHub App.',
    revoke: `The user revokes the app's authorization under Settings → Applications; the app can revoke the token with \`DELETE /applications/{client_id}/token\` (${GITHUB_APP_TOKEN_API}).`,
  },
  gho: {
    summary: 'An OAuth app access token: it acts as the user with the scopes the user granted the app (often `repo`: every private repository), and it does not expire. High.',
    leaks: 'Configuration files of tools that sign in to GitHub (`hosts.yml`, `.netrc`), `.env` files, and CI variables.',
    revoke: `The user revokes the app under Settings → Applications → Authorized OAuth Apps; the app's owner can revoke the token with \`DELETE /applications/{client_id}/token\` (${GITHUB_APP_TOKEN_API}).`,
  },
  ghp: {
    summary: 'A personal access token (classic): it acts as its owner with the chosen scopes across every repository and organization the owner can reach, often with no expiry. High.',
    leaks: 'git remote URLs (`https://<token>@github.com/...`), `.npmrc` registry settings, `.env` files, CI variables, and Docker build arguments.',
    revoke: `Delete it under Settings → Developer settings → Personal access tokens (${GITHUB_PATS}). A token pushed to a public repository may already have been revoked by GitHub (${GITHUB_REVOCATION}); the owner's security log shows its use.`,
  },
  ghr: {
    summary: 'A refresh token of a GitHub App user token: it mints new user access tokens for months after the last one expired. High.',
    leaks: 'Token caches of desktop, CLI and server apps that sign users in with a GitHub App.',
    revoke: `The user revokes the app's authorization under Settings → Applications, which invalidates its tokens; the app can revoke them through the OAuth authorizations API (${GITHUB_REVOCATION}).`,
  },
};

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
    doc: { ...GITHUB_DOCS[prefix], looksLike: githubLooks(prefix) },
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
  doc: {
    summary:
      'A fine-grained personal access token: it acts as its owner on the repositories and with the permissions chosen when it was made, until it expires (organizations can require approval and cap its lifetime). High.',
    looksLike: '`github_pat_` followed by 82 characters of `[A-Za-z0-9_]`, e.g. `github_pat_…Ab12`. Keyless checks the length and that the body looks random.',
    leaks: '`GH_TOKEN` or `GITHUB_TOKEN` in `.env` files, `.npmrc` registry settings, git remote URLs, and CI variables.',
    revoke: `Delete it under Settings → Developer settings → Personal access tokens (${GITHUB_PATS}); organization owners can also revoke the tokens that reach their organization. The owner's security log shows its use.`,
  },
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

const SLACK_REVOKE = '[`auth.revoke`](https://api.slack.com/methods/auth.revoke)';

const SLACK_DOCS: Readonly<Record<string, SecretDoc>> = {
  'slack-app-token': {
    summary: 'An app-level token: it opens Socket Mode connections and calls the app-level APIs of one Slack app, across the workspaces it is installed in. High.',
    looksLike: '`xapp-`, a digit, the app id, a numeric part and 40 to 80 hex characters, e.g. `xapp-…ab12`. Keyless checks the numeric part is not documentation digits and the tail looks random.',
    leaks: '`SLACK_APP_TOKEN` in `.env` files and Docker Compose files of bots.',
    revoke: 'Revoke it and generate a new one in the app\'s settings under Basic Information → App-Level Tokens ([token types](https://api.slack.com/authentication/token-types)).',
  },
  'slack-bot-token': {
    summary: 'A bot token: it acts as the app\'s bot user in its workspace, with the bot scopes granted at install (reading the channels it is in, posting messages...). High.',
    looksLike: '`xoxb-`, two numeric ids and a random tail of 20 to 40 letters and digits, e.g. `xoxb-…Ab12`. Keyless checks the numeric parts are not documentation digits (`1234567890`) and the tail looks random.',
    leaks: '`SLACK_BOT_TOKEN` in `.env` files, bot code, and Kubernetes manifests.',
    revoke: `Revoke it with ${SLACK_REVOKE}, or reinstall the app (OAuth & Permissions) to issue a new one.`,
  },
  'slack-refresh-token': {
    summary: 'A token of Slack token rotation: a refresh token (`xoxe-1-…`) mints new access tokens, and a rotating access token (`xoxe.xoxb-…`, `xoxe.xoxp-…`) acts as a bot or user token for 12 hours. High.',
    looksLike: '`xoxe-` (or `xoxe.xoxb-`, `xoxe.xoxp-`), a digit, then 60 to 300 letters and digits, e.g. `xoxe-…Ab12`. Keyless checks the tail looks random.',
    leaks: 'Token stores of apps that use rotation, and `.env` files.',
    revoke: `Revoke it with ${SLACK_REVOKE} or uninstall the app ([token rotation](https://api.slack.com/authentication/rotation)).`,
  },
  'slack-user-token': {
    summary: 'A user token: it acts as the person who installed the app, with the user scopes they granted (their messages, direct messages, files...). High.',
    looksLike: '`xoxp-`, three numeric ids and 28 to 40 hex characters, e.g. `xoxp-…ab12`. Keyless checks the numeric parts are not documentation digits and the tail looks random.',
    leaks: 'Personal scripts and export tools, and `.env` files.',
    revoke: `Revoke it with ${SLACK_REVOKE}, or have the user remove the app from the workspace.`,
  },
};

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
    doc: SLACK_DOCS[id],
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
  doc: {
    summary: 'An incoming webhook URL: anyone with it can post messages into one channel, as the app. Medium: it reads nothing, but it can phish or flood the channel.',
    looksLike:
      'The Slack hooks URL (`hooks.slack.com/services/`) followed by a `T…` workspace id, a `B…` id and a random part of 20 to 40 letters and digits, shown as `hooks.slack.com/services/…`. Slack\'s documentation example, with ids of zeros, is ignored.',
    leaks: 'Notification steps of CI workflows, alerting configurations (Alertmanager, Grafana), and `SLACK_WEBHOOK_URL` in `.env` files.',
    revoke: 'Remove the webhook in the app\'s Incoming Webhooks settings and add a new one ([incoming webhooks](https://api.slack.com/messaging/webhooks)).',
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

const STRIPE_ROLL = '[roll API keys](https://docs.stripe.com/keys#rolling-keys)';
const stripeLooks = (prefix: string): string =>
  `\`${prefix}\` followed by 10 to 99 letters and digits, e.g. \`${prefix}…Ab12\`. Keyless checks the body looks random; publishable keys (\`pk_\`) are public and left alone.`;

const STRIPE_DOCS: Readonly<Record<'sk_live' | 'rk_live' | 'sk_test', SecretDoc>> = {
  sk_live: {
    summary: 'A live secret key: the whole Stripe API of the account in live mode, including charges, refunds, payouts and customer data. High.',
    looksLike: stripeLooks('sk_live_'),
    leaks: 'Server code and `.env` files (`STRIPE_SECRET_KEY`), serverless function settings, and mobile or front-end code that should hold only the publishable key.',
    revoke: `Roll the key in the Stripe Dashboard (Developers → API keys), choosing when the old one stops working (${STRIPE_ROLL}).`,
  },
  rk_live: {
    summary: 'A live restricted key: the Stripe API in live mode, limited to the resources and permissions chosen for the key. High: the permissions usually include money or customer data.',
    looksLike: stripeLooks('rk_live_'),
    leaks: 'Integrations and plugins configured with a restricted key, and `.env` files.',
    revoke: `Roll or delete the key in the Stripe Dashboard (Developers → API keys) (${STRIPE_ROLL}).`,
  },
  sk_test: {
    summary: 'A test-mode secret or restricted key (`sk_test_`, `rk_test_`): it reaches only test data and moves no real money. Low; still worth rolling, since test data can hold real customer details.',
    looksLike: '`sk_test_` or `rk_test_` followed by 10 to 99 letters and digits, e.g. `sk_test_…Ab12`. Keyless checks the body looks random.',
    leaks: 'Test suites, fixtures, sample apps, and `.env.example` files filled in with a real test key.',
    revoke: `Roll the key in the Stripe Dashboard with test mode on (${STRIPE_ROLL}).`,
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
    doc: STRIPE_DOCS[kind],
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
