/// <reference types="mocha" />
// Secret hygiene, end to end (issue #9): keys of every kind the scanner knows are planted in a realistic spread of
// workspace files, then every surface Keyless has is driven and read back — the CLI (text, JSON, SARIF, a baseline it
// writes), problems, hovers, quick fixes, the Keys view, the designer's and course's pages (every message both ways,
// and the text they render), the log (in memory and on disk), the extension's saved state and storage, the clipboard —
// and none of it may hold a whole key, nor 12 characters in a row of a key's random part. Fingerprints must be salted
// hashes. The keys are assembled from fragments when the test runs and are written only into the temporary copy of
// the fixture workspace; they are removed again when the suite ends.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DETECTORS } from '../../src/core/secrets/detectors';
import { keys as sample } from '../../src/core/secrets/samples';
import { DEFAULT_SALT } from '../../src/core/secrets/scan';
import type { StoredKey } from '../../src/core/secrets/store';
import type { KeylessApi } from '../../src/extension';
import type { PageMessageEvent } from '../../src/vscode/webview';
import type { KeyNode } from '../../src/vscode/keys/tree';
import { api, codeOf, EXTENSION_ID, fixture } from './helpers';

// ---------------------------------------------------------------------------------------------------------------
// What is planted

/** A planted secret and the parts of it no surface may show 12 characters of (its random parts). */
interface Planted {
  readonly name: string;
  readonly value: string;
  readonly random: readonly string[];
}

// public prefixes every key of a kind shares (showing one is fine; see docs/domain §6)
const PUBLIC_PREFIX = /^(?:sk-ant-(?:api03|admin01|oat01)-|sk-(?:proj|svcacct|admin)-|sk-|github_pat_|gh[pousr]_|xox[bpe]-|xapp-|[sr]k_(?:live|test)_|AKIA|AIza)/;

function planted(name: string, value: string, random: readonly string[] = [value.replace(PUBLIC_PREFIX, '')]): Planted {
  return { name, value, random };
}
/** A PEM block's random part: its base64 lines (the armour and headers are public). */
const pemBody = (pem: string) => pem.split(/\\n|\n/).filter((l) => l.length >= 12 && !l.startsWith('-----') && !l.includes(':'));

const jwtClaims = { iss: 'https://token.actions.githubusercontent.com', sub: 'repo:acme/app:ref:refs/heads/main', aud: 'https://api.anthropic.com', exp: 4102444800 };
const bedrock = sample.bedrock('hy-bedrock');
const webhook = sample.slackWebhook('hy-webhook');
const jwt = sample.jwt(jwtClaims, 'hy-jwt');
const rsa = sample.pem('RSA', 'hy-rsa');
const gcp = `${sample.pem('', 'hy-gcp', { escaped: true })}\\n`;

const P = {
  workflowAnthropic: planted('Anthropic API key (workflow)', sample.anthropic('api03', 'hy-wf')),
  workflowOpenAI: planted('OpenAI project key (workflow)', sample.openai('proj', 'hy-wf-openai')),
  workflowGitHub: planted('GitHub fine-grained PAT (workflow)', sample.githubFineGrained('hy-wf-github')),
  deployAnthropic: planted('Anthropic API key (.env beside federation)', sample.anthropic('api03', 'hy-deploy')),
  podAnthropic: planted('Anthropic API key (Kubernetes env)', sample.anthropic('api03', 'hy-pod')),
  profileAnthropic: planted('Anthropic API key (SDK profile)', sample.anthropic('api03', 'hy-profile')),
  profileOAuth: planted('Anthropic OAuth token (SDK profile)', sample.anthropicOAuth('hy-profile-oauth')),
  admin: planted('Anthropic admin key', sample.anthropic('admin01', 'hy-admin')),
  oauth: planted('Anthropic OAuth token', sample.anthropicOAuth('hy-oauth')),
  openaiAdmin: planted('OpenAI admin key', sample.openai('admin', 'hy-openai-admin')),
  openaiService: planted('OpenAI service account key', sample.openai('svcacct', 'hy-svc')),
  openaiLegacy: planted('OpenAI legacy key', sample.openai('legacy', 'hy-legacy')),
  awsKeyId: planted('AWS access key id', sample.awsKeyId('AKIA', 'hy-aws')),
  awsSecret: planted('AWS secret access key (paired)', sample.awsSecret('hy-aws-secret')),
  awsSecretAlone: planted('AWS secret access key', sample.awsSecret('hy-aws-alone')),
  bedrock: planted('AWS Bedrock API key', bedrock, [bedrock.slice(24)]), // ABSK + base64 of a fixed "BedrockAPIKey-" first
  ghp: planted('GitHub classic PAT', sample.github('ghp', 'hy-ghp')),
  gho: planted('GitHub OAuth token', sample.github('gho', 'hy-gho')),
  ghu: planted('GitHub app user token', sample.github('ghu', 'hy-ghu')),
  ghs: planted('GitHub app installation token', sample.github('ghs', 'hy-ghs')),
  ghr: planted('GitHub refresh token', sample.github('ghr', 'hy-ghr')),
  google: planted('Google API key', sample.googleApiKey('hy-google')),
  gcp: planted('Google service-account private key', gcp, pemBody(gcp)),
  azure: planted('Azure client secret', sample.azureSecret('hy-azure')),
  slackBot: planted('Slack bot token', sample.slackBot('hy-bot')),
  slackUser: planted('Slack user token', sample.slackUser('hy-user')),
  slackApp: planted('Slack app token', sample.slackApp('hy-app')),
  slackRefresh: planted('Slack refresh token', sample.slackRefresh('hy-refresh')),
  webhook: planted('Slack webhook URL', webhook, [webhook.slice('https://hooks.slack.com/services/'.length)]),
  stripeLive: planted('Stripe live key', sample.stripe('sk_live', 'hy-live')),
  stripeRestricted: planted('Stripe restricted key', sample.stripe('rk_live', 'hy-rk')),
  stripeTest: planted('Stripe test key', sample.stripe('sk_test', 'hy-test')),
  snowflakeUrl: planted('Snowflake password (URL)', sample.password('hy-sf-url')),
  snowflakeJdbc: planted('Snowflake password (JDBC)', sample.password('hy-sf-jdbc')),
  snowflakeToml: planted('Snowflake password (connections.toml)', sample.password('hy-sf-toml')),
  snowflakeDbt: planted('Snowflake password (dbt)', sample.password('hy-sf-dbt')),
  snowflakeEnv: planted('Snowflake password (env)', sample.password('hy-sf-env')),
  snowflakeSql: planted('Snowflake password (CREATE USER)', sample.password('hy-sf-sql')), // a checker finding, not a key finding
  rsa: planted('RSA private key', rsa, pemBody(rsa)),
  jwt: planted('JWT', jwt, [jwt.split('.')[2]!]), // header and claims are not secret; the signature is
} as const;
const PLANTED: readonly Planted[] = Object.values(P);

const FEDERATION_ENV = {
  ANTHROPIC_FEDERATION_RULE_ID: 'fdrl_01HbK9zQ3vX8mN2pR7tY4wLf',
  ANTHROPIC_ORGANIZATION_ID: '3f2c8a4e-9b1d-4c6e-8f0a-2d7b5e1c9a34',
  ANTHROPIC_SERVICE_ACCOUNT_ID: 'svac_01HbK9zQ3vX8mN2pR7tY4wLf',
};
const WORKFLOW = '.github/workflows/hygiene.yml';
const ROOT = 'hygiene';

/** The planted files, by workspace-relative path: where keys really end up, several of them on lines the checker flags too. */
const FILES: Readonly<Record<string, string>> = {
  // a job that can already federate (id-token: write) still carries keys: workload/workflow-static-key on their lines
  [WORKFLOW]: [
    'name: nightly evals', 'on:', '  schedule:', "    - cron: '0 3 * * *'", 'permissions:', '  id-token: write', '  contents: read', 'jobs:', '  evals:',
    '    runs-on: ubuntu-latest', '    env:', `      ANTHROPIC_API_KEY: ${P.workflowAnthropic.value}`, `      OPENAI_API_KEY: ${P.workflowOpenAI.value}`,
    `      GH_TOKEN: ${P.workflowGitHub.value}`, '    steps:', '      - uses: actions/checkout@v4', '      - run: python evals.py', '',
  ].join('\n'),
  [`${ROOT}/app/.env`]: [
    '# local settings for the app', `ANTHROPIC_ADMIN_KEY=${P.admin.value}`, `CLAUDE_CODE_OAUTH_TOKEN=${P.oauth.value}`, `OPENAI_ADMIN_KEY=${P.openaiAdmin.value}`,
    `AWS_BEARER_TOKEN_BEDROCK=${P.bedrock.value}`, `GEMINI_API_KEY=${P.google.value}`, 'AZURE_CLIENT_ID=7f3c2a10-5b6d-4e8f-9a0b-1c2d3e4f5a6b',
    `AZURE_CLIENT_SECRET=${P.azure.value}`, `SLACK_BOT_TOKEN=${P.slackBot.value}`, `SLACK_WEBHOOK_URL=${P.webhook.value}`, `STRIPE_SECRET_KEY=${P.stripeLive.value}`,
    'SNOWFLAKE_ACCOUNT=acme', `SNOWFLAKE_PASSWORD=${P.snowflakeEnv.value}`, '',
  ].join('\n'),
  // federation is configured, and a static key outranks it: workload/static-key-shadows-federation on the key's line
  [`${ROOT}/deploy/.env`]: [...Object.entries(FEDERATION_ENV).map(([k, v]) => `${k}=${v}`), 'ANTHROPIC_IDENTITY_TOKEN_FILE=/var/run/secrets/anthropic.com/token', `ANTHROPIC_API_KEY=${P.deployAnthropic.value}`, ''].join('\n'),
  [`${ROOT}/k8s/worker.yaml`]: [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: worker', 'spec:', '  template:', '    spec:', '      serviceAccountName: worker', '      containers:',
    '        - name: worker', '          image: acme/worker:1', '          env:',
    ...Object.entries(FEDERATION_ENV).flatMap(([k, v]) => [`            - name: ${k}`, `              value: ${v}`]),
    '            - name: ANTHROPIC_IDENTITY_TOKEN_FILE', '              value: /var/run/secrets/anthropic.com/token',
    '            - name: ANTHROPIC_API_KEY', `              value: ${P.podAnthropic.value}`, '',
  ].join('\n'),
  [`${ROOT}/k8s/secrets.yaml`]: [
    'apiVersion: v1', 'kind: Secret', 'metadata:', '  name: app-keys', 'type: Opaque', 'stringData:', `  GITHUB_TOKEN: ${P.ghp.value}`, `  SLACK_APP_TOKEN: ${P.slackApp.value}`,
    '---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: app-config', 'data:', `  STRIPE_RESTRICTED_KEY: ${P.stripeRestricted.value}`,
    `  AWS_SECRET_ACCESS_KEY: ${P.awsSecretAlone.value}`, '',
  ].join('\n'),
  [`${ROOT}/config/settings.json`]: JSON.stringify({
    openai: { serviceAccountKey: P.openaiService.value },
    github: { oauth: P.gho.value, app: P.ghu.value, installation: P.ghs.value, refresh: P.ghr.value },
    slack: { user: P.slackUser.value, refresh: P.slackRefresh.value },
    stripe: { test: P.stripeTest.value },
  }, null, 2) + '\n',
  // an SDK profile config holding secrets: workload/profile-config on their lines
  [`${ROOT}/anthropic/configs/default.json`]: JSON.stringify({
    version: '1.0',
    authentication: {
      type: 'oidc_federation', federation_rule_id: FEDERATION_ENV.ANTHROPIC_FEDERATION_RULE_ID, service_account_id: FEDERATION_ENV.ANTHROPIC_SERVICE_ACCOUNT_ID,
      identity_token: { source: 'file', path: '/var/run/secrets/anthropic.com/token' }, api_key: P.profileAnthropic.value, access_token: P.profileOAuth.value,
    },
    organization_id: FEDERATION_ENV.ANTHROPIC_ORGANIZATION_ID,
  }, null, 2) + '\n',
  [`${ROOT}/src/client.ts`]: `import OpenAI from 'openai';\n\nexport const legacy = new OpenAI({ apiKey: '${P.openaiLegacy.value}' });\nexport const headers = { Authorization: 'Bearer ${P.jwt.value}' };\n`,
  [`${ROOT}/snowflake/connections.toml`]: `[etl]\naccount = "acme-xy12345"\nuser = "etl"\npassword = "${P.snowflakeToml.value}"\n`,
  [`${ROOT}/snowflake/app.properties`]: `spring.datasource.url=jdbc:snowflake://acme.snowflakecomputing.com/?user=etl&password=${P.snowflakeJdbc.value}&db=analytics\nSNOWFLAKE_URL=snowflake://etl_user:${P.snowflakeUrl.value}@acme-xy12345/analytics/public?warehouse=wh\n`,
  // a workload identity user that still has a password: snowflake/static-fallback on the password's line
  [`${ROOT}/snowflake/users.sql`]: [
    `CREATE USER svc_gha TYPE = SERVICE DEFAULT_ROLE = deploy_role PASSWORD = '${P.snowflakeSql.value}'`, '  WORKLOAD_IDENTITY = ( TYPE = OIDC',
    "    ISSUER  = 'https://token.actions.githubusercontent.com'", "    SUBJECT = 'repo:acme/analytics:environment:prod'",
    "    OIDC_AUDIENCE_LIST = ('https://myorg-myacct.snowflakecomputing.com') );", '',
  ].join('\n'),
  [`${ROOT}/dbt/profiles.yml`]: `analytics:\n  target: dev\n  outputs:\n    dev:\n      type: snowflake\n      account: acme\n      user: dbt\n      password: "${P.snowflakeDbt.value}"\n      warehouse: wh\n`,
  [`${ROOT}/.aws/credentials`]: `[default]\naws_access_key_id = ${P.awsKeyId.value}\naws_secret_access_key = ${P.awsSecret.value}\nregion = us-west-2\n`,
  [`${ROOT}/keys/deploy_key.pem`]: `${P.rsa.value}\n`,
  [`${ROOT}/keys/gcp-sa.json`]: `{\n  "type": "service_account",\n  "project_id": "demo",\n  "private_key_id": "${'4f1c'.repeat(10)}",\n  "private_key": "${P.gcp.value}",\n  "client_email": "ci@demo.iam.gserviceaccount.com"\n}\n`,
};

// ---------------------------------------------------------------------------------------------------------------
// Looking for them

const WINDOW = 12;

/** Finds a planted secret, whole or as 12 characters in a row of its random part, in any text. */
class LeakFinder {
  private readonly windows = new Map<string, string>();

  constructor(secrets: readonly Planted[]) {
    for (const s of secrets) {
      for (const part of s.random) {
        for (let i = 0; i + WINDOW <= part.length; i++) {
          const w = part.slice(i, i + WINDOW);
          const other = this.windows.get(w);
          assert.ok(other === undefined || other === s.name, `the samples of ${other} and ${s.name} share characters: give one another seed`);
          this.windows.set(w, s.name);
        }
      }
    }
  }

  /** What leaked and where (never the leaked characters themselves), or undefined. */
  find(text: string): string | undefined {
    // also as the text reads with backslash escapes (Markdown, JSON) taken out
    for (const t of [text, text.replace(/\\(.)/g, '$1')]) {
      const near = (i: number, n: number) => `"${t.slice(Math.max(0, i - 60), i)}▒▒▒${t.slice(i + n, i + n + 20)}"`;
      for (const s of PLANTED) if (t.includes(s.value)) return `the whole ${s.name}, near ${near(t.indexOf(s.value), s.value.length)}`;
      for (let i = 0; i + WINDOW <= t.length; i++) {
        const name = this.windows.get(t.slice(i, i + WINDOW));
        if (name) return `${WINDOW} characters in a row of the ${name}, near ${near(i, WINDOW)}`;
      }
    }
    return undefined;
  }
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** What a fingerprint may be computed from: each secret, and the AWS pair (key id and secret on two lines). */
const FINGERPRINTED = [...PLANTED.map((p) => p.value), `${P.awsKeyId.value}\n${P.awsSecret.value}`];
const UNSALTED = new Set(FINGERPRINTED.flatMap((v) => [sha256(v), sha256(v).slice(0, 32)]));

function assertSaltedFingerprint(fp: unknown, where: string): void {
  assert.match(String(fp), /^[0-9a-f]{32}$/, `${where}: a fingerprint is 32 hex characters`);
  assert.ok(!UNSALTED.has(String(fp)), `${where}: a fingerprint is not an unsalted SHA-256 of a key`);
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

const enc = (s: string) => new TextEncoder().encode(s);
const rel = (file: string) => vscode.workspace.asRelativePath(vscode.Uri.parse(file), false);
const mine = (file: string) => {
  const r = rel(file);
  return r === WORKFLOW || r.startsWith(`${ROOT}/`);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface CliRun {
  readonly args: readonly string[];
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the built CLI (dist/cli.js of the extension under test) with the editor's own runtime. */
function cli(args: readonly string[], cwd: string): Promise<CliRun> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  const bin = path.join(extension.extensionPath, 'dist', 'cli.js');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [bin, ...args], { cwd, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (err as { code?: unknown }).code : 0;
      if (typeof code !== 'number') return reject(err ?? new Error('no exit code'));
      resolve({ args, code, stdout, stderr });
    });
  });
}

/** Every file under `dir` (absent: none), as text; a binary file also as UTF-16, where V8 may keep strings. */
async function readTree(dir: string): Promise<{ file: string; text: string }[]> {
  const out: { file: string; text: string }[] = [];
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await readTree(p)));
    else if (e.isFile()) {
      const bytes = await fs.readFile(p);
      out.push({ file: p, text: bytes.toString('latin1') + (bytes.includes(0) ? `\n${bytes.toString('utf16le')}` : '') });
    }
  }
  return out;
}

function hoverText(h: vscode.Hover): string {
  return h.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}

/** The 0-based positions of a CLI location (1-based, end column exclusive): first, middle and last character. */
function positionsOf(l: { line: number; column: number; endLine: number; endColumn: number }): vscode.Position[] {
  const start = new vscode.Position(l.line - 1, l.column - 1);
  const last = new vscode.Position(l.endLine - 1, Math.max(0, l.endColumn - 2));
  const middle = l.line === l.endLine ? new vscode.Position(l.line - 1, Math.floor((l.column - 1 + l.endColumn - 2) / 2)) : new vscode.Position(Math.floor((l.line + l.endLine) / 2) - 1, 4);
  return [start, middle, last];
}
const rangeOf = (l: { line: number; column: number; endLine: number; endColumn: number }) => new vscode.Range(l.line - 1, l.column - 1, l.endLine - 1, l.endColumn - 1);

interface CliKey { file: string; line: number; column: number; endLine: number; endColumn: number; detectorId: string; masked: string; fingerprint: string }
interface CliFinding { file: string; ruleId: string; line: number; column: number; endLine: number; endColumn: number; message: string }

// ---------------------------------------------------------------------------------------------------------------

suite('hygiene: no surface shows a key (issue #9)', () => {
  let ext: KeylessApi;
  let k: Awaited<KeylessApi['keys']>['keys'];
  let tree: Awaited<KeylessApi['keys']>['tree'];
  let scratch: string;
  let baselineBefore: Uint8Array | undefined;
  let keylessFolderExisted = false;

  /** Resolve once the store satisfies `ok` (checked now and on every change); fail after `ms`. */
  function waitForKeys(ok: (all: readonly StoredKey[]) => boolean, what: string, ms = 30000): Promise<readonly StoredKey[]> {
    return new Promise((resolve, reject) => {
      const now = () => k.store.all();
      if (ok(now())) return resolve(now());
      const timer = setTimeout(() => {
        sub.dispose();
        reject(new Error(`${what}: never happened; state ${k.state}, ${now().filter((x) => mine(x.file)).length} planted keys listed`));
      }, ms);
      const sub = k.onDidChange(() => {
        if (!ok(now())) return;
        clearTimeout(timer);
        sub.dispose();
        resolve(now());
      });
    });
  }

  suiteSetup(async () => {
    ext = await api();
    ({ keys: k, tree } = await ext.keys);
    scratch = await fs.mkdtemp(path.join(tmpdir(), 'keyless-hygiene-'));
    try {
      baselineBefore = await vscode.workspace.fs.readFile(fixture('.keyless/baseline.json'));
    } catch {
      baselineBefore = undefined;
    }
    try {
      await vscode.workspace.fs.stat(fixture('.keyless'));
      keylessFolderExisted = true;
    } catch {
      keylessFolderExisted = false;
    }
    for (const [file, text] of Object.entries(FILES)) await vscode.workspace.fs.writeFile(fixture(file), enc(text));
    await k.rescan('hygiene test set-up');
  });

  suiteTeardown(async () => {
    if (!ext || !k) return;
    ext.designer()?.dispose();
    ext.course.panel()?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(fixture(ROOT), { recursive: true, useTrash: false });
    await vscode.workspace.fs.delete(fixture(WORKFLOW), { useTrash: false });
    // the workspace's baseline as it was before this suite
    if (baselineBefore) await vscode.workspace.fs.writeFile(fixture('.keyless/baseline.json'), baselineBefore);
    else if (keylessFolderExisted) await vscode.workspace.fs.delete(fixture('.keyless/baseline.json'), { useTrash: false }).then(undefined, () => undefined);
    else await vscode.workspace.fs.delete(fixture('.keyless'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    await k.rescan('hygiene test clean-up');
    await waitForKeys((all) => !all.some((x) => mine(x.file)), 'the planted keys leave the view');
    await fs.rm(scratch, { recursive: true, force: true });
  });

  test('every surface, driven with keys of every kind, shows none of them; fingerprints are salted', async function () {
    this.timeout(180_000); // the first webview of a session can be slow to load in a browser-hosted VS Code
    const seen = new Map<string, string[]>();
    const see = (surface: string, ...texts: string[]) => {
      const list = seen.get(surface) ?? [];
      list.push(...texts);
      seen.set(surface, list);
    };
    const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const pages: PageMessageEvent[] = [];
    const tap = ext.pages!.onDidExchange((e) => pages.push(e));

    try {
      // ---- the CLI: scan and check in every format, a report file, and a baseline it writes
      const paths = [ROOT, WORKFLOW];
      const runs: CliRun[] = [];
      for (const format of ['text', 'json', 'sarif']) {
        runs.push(await cli(['scan', ...paths, '--format', format], root));
        runs.push(await cli(['check', ...paths, '--format', format], root));
      }
      const baselineFile = path.join(scratch, 'baseline.json');
      const sarifFile = path.join(scratch, 'scan.sarif');
      runs.push(await cli(['scan', ...paths, '--format', 'sarif', '--output', sarifFile], root));
      runs.push(await cli(['baseline', 'add', ...paths, '--baseline', baselineFile], root));
      runs.push(await cli(['scan', ...paths, '--format', 'json', '--baseline', baselineFile], root));
      for (const r of runs) {
        assert.ok(r.code === 0 || r.code === 1, `keyless ${r.args.join(' ')} ran (exit ${r.code}): ${r.stderr.slice(0, 500)}`);
        see('CLI output', r.stdout, r.stderr);
      }
      const baselineText = await fs.readFile(baselineFile, 'utf8');
      const sarifText = await fs.readFile(sarifFile, 'utf8');
      see('CLI files', baselineText, sarifText);

      // runs: scan and check as text (0, 1), JSON (2, 3), SARIF (4, 5)
      const scanJson = JSON.parse(runs[2]!.stdout) as { keys: CliKey[] };
      const checkJson = JSON.parse(runs[3]!.stdout) as { findings: CliFinding[] };
      const scanSarif = JSON.parse(runs[4]!.stdout) as { runs: { results: { ruleId: string; partialFingerprints: Record<string, string> }[] }[] };
      const cliKeys = scanJson.keys;
      // one key of every kind the scanner knows, each found where it was planted
      const detected = new Set(cliKeys.map((x) => x.detectorId));
      const missing = DETECTORS.map((d) => d.id).filter((id) => !detected.has(id));
      assert.deepEqual(missing, [], 'a key of every detector is planted (a new detector needs a sample here)');
      assert.equal(cliKeys.length, PLANTED.length - 2, 'every planted key is found once (the AWS pair is one finding; the SQL password is the checker\'s)');
      for (const rule of ['workload/workflow-static-key', 'workload/static-key-shadows-federation', 'workload/profile-config', 'snowflake/static-fallback']) {
        assert.ok(checkJson.findings.some((f) => f.ruleId === rule), `the checker reports ${rule} on a line that holds a key`);
      }
      // fingerprints: salted, 32 hex, in every format; the baseline's are SHA-256(salt, NUL, key) with its own salt
      for (const x of cliKeys) assertSaltedFingerprint(x.fingerprint, `scan JSON ${x.detectorId}`);
      const results = scanSarif.runs[0]!.results;
      assert.equal(results.length, cliKeys.length);
      for (const r of results) assertSaltedFingerprint(r.partialFingerprints['keylessFingerprint/v1'], `SARIF ${r.ruleId}`);
      const baseline = JSON.parse(baselineText) as { salt: string; entries: { fingerprint: string; detectorId: string }[] };
      assert.equal(baseline.entries.length, cliKeys.length, 'baseline add records every key');
      assert.ok(baseline.salt.length >= 16 && baseline.salt !== DEFAULT_SALT, 'a new baseline has a random salt of its own');
      for (const e of baseline.entries) {
        assertSaltedFingerprint(e.fingerprint, `baseline ${e.detectorId}`);
        assert.ok(FINGERPRINTED.some((v) => sha256(`${baseline.salt}\u0000${v}`).slice(0, 32) === e.fingerprint), `baseline ${e.detectorId}: salted with the baseline's salt`);
      }
      const afterBaseline = JSON.parse(runs[runs.length - 1]!.stdout) as { keys: unknown[]; summary: { baselined: number } };
      assert.deepEqual([afterBaseline.keys.length, afterBaseline.summary.baselined], [0, cliKeys.length], 'the baseline accepts every key it recorded');

      // ---- the Keys view's store finds the same keys
      await waitForKeys((all) => all.filter((x) => mine(x.file)).length === cliKeys.length, `the extension lists all ${cliKeys.length} planted keys`);

      // ---- problems: every planted file open in an editor, with its key problems and the checker's
      const files = Object.keys(FILES);
      const docs = await Promise.all(files.map((file) => vscode.workspace.openTextDocument(fixture(file))));
      for (const doc of docs) await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: true });
      const expected = new Map<string, string[]>();
      for (const x of [...cliKeys.map((c) => ({ file: c.file, code: c.detectorId })), ...checkJson.findings.map((f) => ({ file: f.file, code: f.ruleId }))]) {
        expected.set(x.file, [...(expected.get(x.file) ?? []), x.code]);
      }
      const pendingProblems = () =>
        [...expected].filter(([file, codes]) => {
          const got = vscode.languages.getDiagnostics(fixture(file)).filter((d) => d.source === 'keyless').map(codeOf);
          return codes.some((c) => got.filter((g) => g === c).length < codes.filter((x) => x === c).length);
        }).map(([file]) => file);
      await until(vscode.languages.onDidChangeDiagnostics, () => pendingProblems().length === 0, () => `problems in ${pendingProblems().join(', ')}`, 30000);
      let problems = 0;
      for (const [uri, ds] of vscode.languages.getDiagnostics()) {
        for (const d of ds) {
          problems++;
          see('problems', d.message, codeOf(d), typeof d.code === 'object' ? String(d.code.target) : '', d.source ?? '', uri.toString(), ...(d.relatedInformation ?? []).map((r) => r.message));
        }
      }
      assert.ok(problems >= cliKeys.length + checkJson.findings.length, `problems were read (${problems})`);

      // ---- hovers at the first, middle and last character of every key, and on every checker finding
      let hovers = 0;
      const hoverAt = async (file: string, pos: vscode.Position): Promise<string> => {
        const hs = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', fixture(file), pos);
        const text = hs.map(hoverText).join('\n').trim();
        if (text) {
          hovers++;
          see('hovers', text);
        }
        return text;
      };
      for (const x of cliKeys) for (const pos of positionsOf(x)) await hoverAt(x.file, pos);
      for (const f of checkJson.findings) {
        const [start, middle] = positionsOf(f);
        const shown = (await hoverAt(f.file, start!)) + (await hoverAt(f.file, middle!));
        // a finding on an environment variable: the variable is explained, its value never echoed
        if (f.message.startsWith('`ANTHROPIC_API_KEY`')) assert.match(shown, /Keyless never shows its value/, `a hover explains the variable of ${f.ruleId} at ${f.file}:${f.line}`);
      }
      assert.ok(hovers > 0, 'hovers were read');

      // ---- quick fixes on every key and every checker finding, and each file's fix-all: titles, commands and their
      // arguments, edits (quick fixes only: other extensions' refactorings, such as TypeScript's "Extract to
      // constant" on a string literal, quote the code they move, keys included)
      let actions = 0;
      const actionsAt = async (file: string, range: vscode.Range, kind = vscode.CodeActionKind.QuickFix.value): Promise<string[]> => {
        const list = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', fixture(file), range, kind, 100);
        for (const a of list) {
          actions++;
          see('quick fixes', `${a.title} (${a.kind?.value}): ${a.command?.command ?? ''} ${JSON.stringify(a.command?.arguments ?? [])}`, ...(a.diagnostics ?? []).map((d) => d.message));
          for (const [uri, edits] of a.edit?.entries() ?? []) see('quick fixes', ...edits.map((e) => `${a.title}: edit of ${uri.toString()}: ${e.newText}`));
        }
        return list.map((a) => a.title);
      };
      for (const x of cliKeys) {
        const titles = await actionsAt(x.file, rangeOf(x));
        assert.ok(titles.includes('Accept this key in the baseline (.keyless/baseline.json)'), `the key at ${x.file}:${x.line} has its quick fixes (got ${JSON.stringify(titles)})`);
      }
      for (const f of checkJson.findings) await actionsAt(f.file, rangeOf(f));
      for (const file of files) await actionsAt(file, new vscode.Range(0, 0, FILES[file]!.split('\n').length, 0), 'source.fixAll.keyless');
      assert.ok(actions >= cliKeys.length * 3, `quick fixes were read (${actions})`);

      // ---- Copy Fingerprint: the clipboard holds a salted fingerprint
      const listed = k.store.all().filter((x) => mine(x.file));
      const copied = listed.find((x) => x.detectorId === 'anthropic-admin-key')!;
      await vscode.commands.executeCommand('keyless.copyKeyFingerprint', { kind: 'key', key: copied });
      const clipboard = await vscode.env.clipboard.readText();
      assert.equal(clipboard, copied.fingerprint);
      assertSaltedFingerprint(clipboard, 'the copied fingerprint');
      see('clipboard', clipboard);
      for (const x of listed) assertSaltedFingerprint(x.fingerprint, `the view's ${x.detectorId}`);

      // ---- Add to Baseline: the workspace's .keyless/baseline.json (salted fingerprints only)
      const accepted = listed.find((x) => x.detectorId === 'slack-webhook')!;
      await vscode.commands.executeCommand('keyless.addKeyToBaseline', { kind: 'key', key: accepted });
      await waitForKeys((all) => !all.some((x) => mine(x.file) && x.detectorId === 'slack-webhook'), 'the accepted key leaves the view');

      // ---- the Keys view: every node's label, description, tooltip, command arguments, accessibility label
      let nodes = 0;
      const visit = (node?: KeyNode) => {
        for (const child of tree.getChildren(node)) {
          if (child.kind === 'key' && mine(child.key.file)) nodes++;
          const item = tree.getTreeItem(child);
          const tip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip ?? '');
          const label = typeof item.label === 'object' ? `${item.label.label}` : String(item.label ?? '');
          see('Keys view', label, String(item.description ?? ''), tip, item.command?.command ?? '', JSON.stringify(item.command?.arguments ?? []), item.accessibilityInformation?.label ?? '', item.contextValue ?? '', String(item.resourceUri ?? ''));
          visit(child);
        }
      };
      visit();
      see('Keys view', tree.view.message ?? '', tree.view.badge?.tooltip ?? '', String(tree.view.badge?.value ?? ''), tree.view.title ?? '', tree.view.description ?? '');
      assert.equal(nodes, cliKeys.length - 1, 'every planted key but the accepted one is a node of the view');

      // ---- the designer, from "Replace with Federation…" on an Anthropic key, with a planted JWT pasted into its playground
      const anthropicKey = listed.find((x) => x.detectorId === 'anthropic-api-key' && rel(x.file) === WORKFLOW)!;
      await vscode.commands.executeCommand('keyless.migrateKey', { kind: 'key', key: anthropicKey });
      const designer = ext.designer();
      assert.ok(designer, 'Replace with Federation… opens the designer');
      assert.equal(designer.design.destination, 'anthropic');
      const sent = (page: string, kind: string, from = 0) => () => pages.slice(from).some((e) => e.page === page && e.direction === 'posted' && type(e) === kind);
      await until(ext.pages!.onDidExchange, sent('designer', 'view'), () => 'the designer page loads and is sent a view', 90000);
      const pasted = { type: 'token', input: { kind: 'pasted', jwt: P.jwt.value } };
      const decided = pages.length;
      (designer as unknown as { receive(raw: unknown): void }).receive(pasted);
      const pastedDecided = () => pages.slice(decided).some((e) => e.page === 'designer' && type(e) === 'playground' && (e.message as { result?: { source?: unknown } }).result?.source === 'pasted');
      await until(ext.pages!.onDidExchange, pastedDecided, () => 'the pasted token is decided');
      const designerRegions = await designer.inspect(30000);
      see('designer page', ...Object.values(designerRegions));
      assert.match(designerRegions.playground ?? '', /The pasted token/, 'the playground shows the pasted token\'s decision');

      // ---- the course, with a lesson started (the progress goes into globalState)
      await vscode.commands.executeCommand('keyless.openCourse');
      await until(ext.pages!.onDidExchange, sent('course', 'view'), () => 'the course page loads and is sent a view', 90000);
      const course = ext.course.panel();
      assert.ok(course, 'the course opens');
      const lesson = (await ext.course.feature()).services.course.lessons[0]!;
      course.receive({ type: 'openLesson', lessonId: lesson.id });
      course.receive({ type: 'startQuestions', lessonId: lesson.id });
      await course.settled();
      see('course page', ...Object.values(await course.inspect(30000)));

      // every message either way, except the one this test sent as the page (it holds the pasted token, as a page's would)
      for (const e of pages) if (e.message !== pasted) see(`${e.page} messages (${e.direction})`, JSON.stringify(e.message));
      for (const page of ['designer', 'course']) {
        assert.ok(pages.some((e) => e.page === page && e.direction === 'received' && type(e) === 'ready'), `the ${page} page said it was ready`);
        assert.ok(pages.some((e) => e.page === page && e.direction === 'received' && type(e) === 'inspected'), `the ${page} page sent its text`);
      }

      // ---- the log: in memory, and the files VS Code writes for the extension
      see('log (memory)', ...ext.log.lines);
      assert.ok(ext.log.lines.length > 0, 'the log has lines');
      const logDir = ext.storage!.logUri.fsPath;
      let logFiles: { file: string; text: string }[] = [];
      const logDeadline = Date.now() + 10000;
      const lastLine = ext.log.lines[ext.log.lines.length - 1]!;
      for (;;) {
        // the extension's log folder, where VS Code writes the output channel (Keyless.log); written asynchronously
        logFiles = await readTree(logDir);
        if (logFiles.some((f) => f.text.includes(lastLine)) || Date.now() > logDeadline) break;
        await sleep(200);
      }
      assert.ok(logFiles.some((f) => f.text.includes(lastLine)), `the log file on disk holds the log (looked in ${logDir}: ${logFiles.map((f) => f.file).join(', ') || 'nothing'})`);
      see('log (disk)', ...logFiles.map((f) => f.text));

      // ---- saved state: globalState, workspaceState, both storage folders, the workspace's .keyless folder
      const state = ext.storage!.state();
      assert.ok(Object.keys(state.global).length > 0, 'the course\'s progress is in globalState');
      see('saved state', JSON.stringify(state));
      const stored = [...(await readTree(ext.storage!.globalStorageUri.fsPath)), ...(ext.storage!.storageUri ? await readTree(ext.storage!.storageUri.fsPath) : [])];
      see('storage', ...stored.map((f) => f.text));
      const keylessFolder = await readTree(fixture('.keyless').fsPath);
      assert.ok(keylessFolder.some((f) => path.basename(f.file) === 'baseline.json'), 'Add to Baseline wrote .keyless/baseline.json');
      see('.keyless', ...keylessFolder.map((f) => f.text));
      const workspaceBaseline = JSON.parse(keylessFolder.find((f) => path.basename(f.file) === 'baseline.json')!.text) as { salt: string; entries: { fingerprint: string; detectorId: string }[] };
      const entry = workspaceBaseline.entries.find((e) => e.detectorId === 'slack-webhook');
      assert.ok(entry, 'the accepted key is in the workspace baseline');
      assertSaltedFingerprint(entry.fingerprint, 'the workspace baseline');
      assert.equal(entry.fingerprint, sha256(`${workspaceBaseline.salt}\u0000${P.webhook.value}`).slice(0, 32), 'salted with the workspace baseline\'s salt');

      // ---- nothing anywhere shows a key
      const finder = new LeakFinder(PLANTED);
      const read: string[] = [];
      for (const [surface, texts] of seen) {
        const all = texts.join('\n');
        read.push(`${surface}: ${texts.length} texts, ${all.length} characters`);
        const leak = finder.find(all);
        assert.equal(leak, undefined, `${surface} shows ${leak}`);
        for (const v of UNSALTED) assert.ok(!all.includes(v), `${surface} shows an unsalted SHA-256 of a key`);
      }
      for (const surface of ['CLI output', 'CLI files', 'problems', 'hovers', 'quick fixes', 'clipboard', 'Keys view', 'designer page', 'course page', 'log (memory)', 'log (disk)', 'saved state', '.keyless']) {
        assert.ok((seen.get(surface) ?? []).join('').length > 0, `${surface} was read (${read.join('; ')})`);
      }
      // the self-check: the finder does find a key, whole or in part, where one is
      assert.ok(finder.find(`x ${P.rsa.random[3]} y`) && finder.find(P.webhook.value) && finder.find(P.awsKeyId.value.slice(4)), 'the leak finder finds keys');
    } finally {
      tap.dispose();
    }
  });
});

const type = (e: PageMessageEvent) => (e.message !== null && typeof e.message === 'object' ? (e.message as { type?: unknown }).type : undefined);

/** Resolve once `ok` holds (checked now and whenever `event` fires); fail after `ms`, saying what was awaited. */
function until(event: vscode.Event<unknown>, ok: () => boolean, what: () => string, ms = 15000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (ok()) return resolve();
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out: ${what()}`));
    }, ms);
    const sub = event(() => {
      if (!ok()) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}
