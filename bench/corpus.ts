// Generated source-like text for the key-scanner benchmarks: snippets of code, JSON, YAML, markdown, lock files,
// Terraform, .env files and base64 images (scan.bench.ts scans them as one string), and a whole workspace of such
// files on disk (workspace-scan.bench.ts). Deterministic per seed; keys are planted only where the caller says, built
// from fragments at run time (samples.ts): no key-shaped literal lives in the repository.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { keys, rng, randomChars, ALPHABETS, type Rand } from '../src/core/secrets/samples';

export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
export const word = (r: Rand): string => pick(r, ['user', 'token', 'config', 'client', 'request', 'password', 'secret', 'cache', 'task', 'disk', 'asia', 'region', 'handler', 'value', 'key', 'private']);
export const ident = (r: Rand): string => `${word(r)}${pick(r, ['Id', 'Name', 'Map', 'List', 'Count', '', 'Ref'])}${Math.floor(r() * 100)}`;
export const hex = (r: Rand, n: number): string => randomChars(ALPHABETS.hex, n, r);
export const uuid = (r: Rand): string => [hex(r, 8), hex(r, 4), hex(r, 4), hex(r, 4), hex(r, 12)].join('-');
const snake = (r: Rand): string => ident(r).replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export function code(r: Rand): string {
  const a = ident(r);
  const b = ident(r);
  return `export async function ${a}(${b}: string, opts: Options = {}): Promise<Result> {
  const ${b}Token = process.env.API_TOKEN ?? opts.token; // never hard-code a secret key
  if (!${b}Token) throw new Error('missing token for task-${Math.floor(r() * 999)} on disk-${Math.floor(r() * 9)}');
  const res = await fetch(\`\${opts.baseUrl}/v1/${word(r)}s/\${encodeURIComponent(${b})}\`, { headers: { Authorization: \`Bearer \${${b}Token}\` } });
  for (let i = 0; i < res.items.length; i++) if (res.items[i].id === '${uuid(r)}') return { ok: true, index: i };
  return { ok: false, region: 'ap-southeast-1', password: opts.password ?? '' };
}
`;
}

export function json(r: Rand): string {
  return `{
  "name": "@acme/${ident(r).toLowerCase()}",
  "version": "${Math.floor(r() * 9)}.${Math.floor(r() * 20)}.${Math.floor(r() * 30)}",
  "id": "${uuid(r)}",
  "commit": "${hex(r, 40)}",
  "checksum": "sha256:${hex(r, 64)}",
  "settings": { "region": "us-east-1", "secretRef": "arn:aws:secretsmanager:us-east-1:123456789012:secret:${ident(r)}", "timeoutMs": ${Math.floor(r() * 9000)} }
}
`;
}

export function yaml(r: Rand): string {
  return `jobs:
  deploy:
    runs-on: ubuntu-latest
    permissions: { id-token: write, contents: read }
    steps:
      - uses: actions/checkout@${hex(r, 40)}
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::123456789012:role/${ident(r)}
          aws-region: eu-west-1
      - run: ./deploy.sh --token "\${{ secrets.DEPLOY_TOKEN }}" --password "$DB_PASSWORD"
        env:
          SNOWFLAKE_PASSWORD: \${{ secrets.SNOWFLAKE_PASSWORD }}
`;
}

export function markdown(r: Rand): string {
  return `## ${ident(r)} in Asia and Europe

Set \`ANTHROPIC_API_KEY\` to a key that starts with \`sk-ant-api03-\`; never commit it. The private key of the
service account is kept in the vault, and the token is exchanged for a short-lived one (see [the guide](https://docs.example.com/${word(r)})).
Example: \`export OPENAI_API_KEY=sk-proj-...\` and \`GITHUB_TOKEN=ghp_${'x'.repeat(36)}\`.

`;
}

export function lock(r: Rand): string {
  const name = ident(r).toLowerCase();
  const integrity = randomChars(ALPHABETS.base64, 86, r);
  return `"node_modules/${name}": {
  "version": "1.${Math.floor(r() * 20)}.0",
  "resolved": "https://registry.npmjs.org/${name}/-/${name}-1.0.0.tgz",
  "integrity": "sha512-${integrity}=="
},
${name}@^1.0.0:
  resolved "https://codeload.github.com/acme/${name}/tar.gz/${hex(r, 40)}"
`;
}

export const image = (r: Rand): string => `<img alt="${word(r)}" src="data:image/png;base64,iVBORw0KGgo${randomChars(ALPHABETS.base64, 3000, r)}=">\n`;

// ---- more file types, for the workspace ----

function jsModule(r: Rand): string {
  const a = ident(r);
  return `const ${a} = require('./${word(r)}');
const { promisify } = require('util');

/** Load the ${word(r)} settings for a tenant; the secret comes from the vault, never from this file. */
module.exports.${a}Load = async function ${a}Load(tenant, opts = {}) {
  const cacheKey = \`\${tenant}:${hex(r, 8)}\`;
  if (cache.has(cacheKey)) return cache.get(cacheKey);
  const res = await client.get('/api/v2/tenants/' + encodeURIComponent(tenant), { timeout: ${Math.floor(r() * 5000)}, headers: { 'x-request-id': '${uuid(r)}' } });
  const value = { region: res.data.region || 'eu-central-1', apiKey: process.env.PAYMENTS_API_KEY, retries: ${Math.floor(r() * 5)} };
  cache.set(cacheKey, value);
  return value;
};
`;
}

function python(r: Rand): string {
  const f = snake(r);
  return `def ${f}(session, ${snake(r)}: str, *, timeout: float = ${(r() * 30).toFixed(1)}) -> dict:
    """Fetch the ${word(r)} record; credentials come from the environment (see docs/secrets.md)."""
    password = os.environ.get("DB_PASSWORD", "")
    url = f"{BASE_URL}/v1/${word(r)}s/{quote(${f}_id)}"
    resp = session.get(url, headers={"Authorization": f"Bearer {os.environ['API_TOKEN']}"}, timeout=timeout)
    if resp.status_code == 404:
        raise LookupError("no ${word(r)} ${uuid(r)}")
    return {"ok": resp.ok, "region": "us-west-2", "items": [x for x in resp.json()["items"] if x["enabled"]]}


`;
}

function go(r: Rand): string {
  const name = ident(r).replace(/^./, (c) => c.toUpperCase());
  return `// ${name} returns the ${word(r)} for the request; the token is read from the environment.
func ${name}(ctx context.Context, c *http.Client, id string) (*Record, error) {
	token := os.Getenv("API_TOKEN")
	if token == "" {
		return nil, fmt.Errorf("missing token for %s (task-${Math.floor(r() * 999)})", id)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+"/v1/${word(r)}s/"+url.PathEscape(id), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("X-Trace", "${hex(r, 32)}")
	var out Record
	return &out, doJSON(c, req, &out)
}

`;
}

function terraform(r: Rand): string {
  const n = snake(r);
  return `resource "aws_iam_role" "${n}" {
  name               = "${n}-\${var.environment}"
  assume_role_policy = data.aws_iam_policy_document.${n}_trust.json
  tags = {
    team       = "platform"
    commit     = "${hex(r, 12)}"
  }
}

resource "aws_secretsmanager_secret" "${n}" {
  name       = "${n}/password"
  kms_key_id = "arn:aws:kms:us-east-1:123456789012:key/${uuid(r)}"
}

`;
}

function k8s(r: Rand): string {
  const n = ident(r).toLowerCase();
  return `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${n}
  labels: { app: ${n}, tier: backend }
spec:
  replicas: ${1 + Math.floor(r() * 5)}
  template:
    spec:
      serviceAccountName: ${n}
      containers:
        - name: ${n}
          image: registry.example.com/acme/${n}@sha256:${hex(r, 64)}
          env:
            - name: DB_PASSWORD
              valueFrom: { secretKeyRef: { name: ${n}-db, key: password } }
            - name: REGION
              value: eu-west-1
`;
}

function envExample(r: Rand): string {
  return `# ${ident(r)}: copy to .env and fill in (never commit real values)
ANTHROPIC_API_KEY=
OPENAI_API_KEY=sk-proj-...
AWS_REGION=us-east-1
AWS_SECRET_ACCESS_KEY=
SNOWFLAKE_PASSWORD=<your password>
DATABASE_URL=postgres://app@localhost:5432/${word(r)}
LOG_LEVEL=info
`;
}

function goSum(r: Rand): string {
  const mod = `github.com/${word(r)}/${ident(r).toLowerCase()}`;
  const v = `v${Math.floor(r() * 3)}.${Math.floor(r() * 20)}.${Math.floor(r() * 9)}`;
  return `${mod} ${v} h1:${randomChars(ALPHABETS.base64, 43, r)}=\n${mod} ${v}/go.mod h1:${randomChars(ALPHABETS.base64, 43, r)}=\n`;
}

/** A minified bundle: statements run together on lines of ~30 KB. */
function minified(r: Rand): string {
  const parts: string[] = [];
  for (let i = 0; i < 250; i++) {
    const a = ident(r);
    parts.push(`function ${a}(e,t){var n=e.${word(r)}||"${hex(r, 16)}";return t&&t.headers?fetch("/v1/${word(r)}/"+n,{headers:t.headers}).then(function(r){return r.json()}):null}`);
  }
  return parts.join(';') + '\n';
}

// ---- the workspace on disk ----

interface FileType {
  readonly weight: number;
  /** Directory templates: {g} a group (service, package), {m} a module inside it. */
  readonly dirs: readonly string[];
  readonly exts: readonly string[];
  readonly snippets: (r: Rand) => string;
}

const SMALL: readonly FileType[] = [
  { weight: 22, dirs: ['services/{g}/src/{m}', 'packages/{g}/src/{m}', 'apps/{g}/src/{m}'], exts: ['.ts', '.ts', '.tsx'], snippets: code },
  { weight: 8, dirs: ['packages/{g}/lib/{m}', 'apps/{g}/scripts'], exts: ['.js', '.mjs'], snippets: jsModule },
  { weight: 13, dirs: ['ml/{g}/{m}', 'tools/{g}'], exts: ['.py'], snippets: python },
  { weight: 11, dirs: ['go/{g}/internal/{m}', 'go/{g}/cmd'], exts: ['.go'], snippets: go },
  { weight: 9, dirs: ['services/{g}/config', 'packages/{g}/fixtures'], exts: ['.json'], snippets: json },
  { weight: 8, dirs: ['.github/workflows', 'deploy/{g}', 'services/{g}/k8s'], exts: ['.yaml', '.yml'], snippets: (r) => (r() < 0.5 ? yaml(r) : k8s(r)) },
  { weight: 10, dirs: ['docs/{g}', 'services/{g}/docs'], exts: ['.md'], snippets: markdown },
  { weight: 5, dirs: ['infra/terraform/{g}/{m}'], exts: ['.tf'], snippets: terraform },
];
const GROUPS = 24;
const GROUP_NAMES = ['billing', 'auth', 'search', 'ingest', 'reports', 'gateway'];
const MODULES = ['api', 'core', 'db', 'handlers', 'models', 'util', 'jobs', 'events'];

/** Pools of snippets per file type (drawing fresh random text for 200 MB would dominate the run). */
function pools(seed: string): Map<(r: Rand) => string, string[]> {
  const r = rng(`${seed}-pools`);
  const out = new Map<(r: Rand) => string, string[]>();
  for (const f of [...SMALL.map((t) => t.snippets), lock, envExample, goSum, minified]) {
    if (out.has(f)) continue;
    const n = f === minified ? 8 : f === envExample ? 20 : 240;
    out.set(f, Array.from({ length: n }, () => f(r)));
  }
  out.set(image, Array.from({ length: 12 }, () => image(r)));
  return out;
}

/** A file of about `size` characters of snippets of one kind. */
function fill(r: Rand, pool: readonly string[], size: number, head = ''): string {
  const parts = [head];
  let n = head.length;
  while (n < size) {
    const p = pick(r, pool);
    parts.push(p);
    n += p.length;
  }
  return parts.join('');
}

export interface PlantedKey {
  /** Path relative to the workspace root, `/`-separated. */
  readonly file: string;
  readonly detectorId: string;
  /** 1-based line of the key. */
  readonly line: number;
}

export interface Workspace {
  readonly files: number;
  /** Directories that hold files. */
  readonly directories: number;
  readonly bytes: number;
  readonly planted: readonly PlantedKey[];
}

/**
 * Writes a workspace of realistic source files under `root`: at least `minFiles` files and `minBytes` bytes, most of
 * them 2-20 KB (log-uniform) in nested directories, plus per-service .env examples and lock files, a few large files
 * (minified bundles with 30 KB lines, markdown with base64 images, big lock files) and a handful of planted keys, one
 * per file listed in `planted`. ASCII only, so characters and bytes agree.
 */
export function writeWorkspace(root: string, { minFiles = 20_400, minBytes = 210e6, seed = 'workspace' } = {}): Workspace {
  const r = rng(seed);
  const pool = pools(seed);
  const madeDirs = new Set<string>();
  let files = 0;
  let bytes = 0;
  const write = (rel: string, text: string): void => {
    const abs = join(root, rel);
    const dir = dirname(abs);
    if (!madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      madeDirs.add(dir);
    }
    writeFileSync(abs, text);
    files++;
    bytes += text.length;
  };
  const group = (g: number): string => `${GROUP_NAMES[g % GROUP_NAMES.length]}-${String(g).padStart(2, '0')}`;
  const where = (t: FileType, g: number): string => pick(r, t.dirs).replace('{g}', group(g)).replace('{m}', pick(r, MODULES));
  const totalWeight = SMALL.reduce((s, t) => s + t.weight, 0);
  const kind = (): FileType => {
    let x = r() * totalWeight;
    for (const t of SMALL) if ((x -= t.weight) < 0) return t;
    return SMALL[0]!;
  };

  // per group: an .env example, a lock file (most), a go.sum (some)
  for (let g = 0; g < GROUPS; g++) {
    const svc = `services/${group(g)}`;
    write(`${svc}/.env.example`, fill(r, pool.get(envExample)!, 300));
    if (g % 4 !== 3) write(`${svc}/${g % 3 === 0 ? 'yarn.lock' : 'package-lock.json'}`, fill(r, pool.get(lock)!, 60_000 + r() * 300_000));
    if (g % 5 === 0) write(`go/${svc.slice(9)}/go.sum`, fill(r, pool.get(goSum)!, 20_000 + r() * 60_000));
  }
  // a few large files
  for (let i = 0; i < 6; i++) write(`apps/web-${i}/dist/bundle.${hex(r, 8)}.min.js`, fill(r, pool.get(minified)!, 1.5e6 + r() * 1.5e6));
  for (let i = 0; i < 4; i++) write(`docs/design/diagrams-${i}.md`, fill(r, [...pool.get(image)!, ...pool.get(markdown)!], 400_000 + r() * 400_000));
  for (let i = 0; i < 3; i++) write(`packages/fixtures-${i}/data/records.json`, `[\n${fill(r, pool.get(json)!, 1e6 + r() * 1e6)}]\n`);

  // planted keys: each in a file of its own kind, at a known line
  const planted: PlantedKey[] = [];
  // `skip`: lines of the planted text before the key's own line
  const plant = (rel: string, kindPool: readonly string[], size: number, line: (seed: string) => string, detectorId: string, skip = 0): void => {
    const before = fill(r, kindPool, size / 2);
    const text = before + line(rel) + fill(r, kindPool, size / 2);
    planted.push({ file: rel, detectorId, line: before.split('\n').length + skip });
    write(rel, text);
  };
  plant('services/billing-00/.env', pool.get(envExample)!, 600, (s) => `ANTHROPIC_API_KEY=${keys.anthropic('api03', s)}\n`, 'anthropic-api-key');
  plant('services/auth-01/src/core/github-client.ts', pool.get(code)!, 9000, (s) => `const token = "${keys.github('ghp', s)}";\n`, 'github-pat');
  plant('infra/terraform/gateway-05/core/providers.tf', pool.get(terraform)!, 6000,
    (s) => `provider "aws" {\n  access_key = "${keys.awsKeyId('AKIA', s)}"\n  secret_key = "${keys.awsSecret(s)}"\n}\n`, 'aws-access-key', 1);
  plant('ml/search-02/core/settings.py', pool.get(python)!, 12_000, (s) => `OPENAI_API_KEY = "${keys.openai('proj', s)}"\n`, 'openai-project-key');
  plant('services/ingest-03/k8s/slack-notifier.yaml', pool.get(SMALL[5]!.snippets)!, 5000, (s) => `    slackToken: "${keys.slackBot(s)}"\n`, 'slack-bot-token');
  plant('go/reports-04/internal/db/stripe.go', pool.get(go)!, 15_000, (s) => `var stripeKey = "${keys.stripe('sk_live', s)}"\n`, 'stripe-live-secret-key');
  plant('docs/runbooks/deploy-key.md', pool.get(markdown)!, 8000, (s) => `\`\`\`\n${keys.pem('RSA', s)}\n\`\`\`\n`, 'private-key', 1);
  plant('apps/web-9/dist/bundle.planted.min.js', pool.get(minified)!, 1.2e6, (s) => `var firebase={apiKey:"${keys.googleApiKey(s)}",authDomain:"acme.firebaseapp.com"};\n`, 'google-api-key');

  // then ordinary files until both floors are met
  let i = 0;
  while (files < minFiles || bytes < minBytes) {
    const t = kind();
    const g = Math.floor(r() * GROUPS);
    const size = 2000 * 10 ** r(); // 2-20 KB, log-uniform
    write(`${where(t, g)}/${ident(r).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-${i++}${pick(r, t.exts)}`, fill(r, pool.get(t.snippets)!, size));
  }
  return { files, directories: madeDirs.size, bytes, planted };
}
