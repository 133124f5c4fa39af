// Issue #6's bar: 10,000 token decisions per second per core on a manifest of 50 rules. A decision is one presented
// token (compact JWT text) read and decided against all 50 rules, with its signature already verified: reading the
// token is counted, verifying it is not (jose verification is asynchronous WebCrypto, once per token; it is measured
// on its own below and reported).
import { performance } from 'node:perf_hooks';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { loadRuleSet, parseToken, readKeySet, simulate, verifySignature, type Jwt, type SignatureCheck } from '../src/core/simulate';
import { measure, report } from './harness';

const NOW = 1_800_000_000;
const DECISIONS = 1000;
const GH = 'https://token.actions.githubusercontent.com';

const rule = (name: string, issuer: string, match: Record<string, unknown>) => ({
  name, issuer_id: issuer, match, target: { type: 'service_account', service_account_id: `svac_${name}` }, workspace_id: 'wrkspc_bench', oauth_scope: 'workspace:inference', token_lifetime_seconds: 600,
});

/** 50 rules over five issuers, a third of them with a CEL condition: the shape of a real organisation's manifest. */
function manifest(conditionEverywhere: boolean): string {
  const rules: unknown[] = [];
  for (let i = 0; i < 25; i++) {
    const repo = `acme/service-${i}`;
    const m: Record<string, unknown> = i % 3 === 0
      ? { audience: 'https://api.anthropic.com', condition: `claims.repository_owner_id == "4201" && claims.repository == "${repo}" && claims.ref in ["refs/heads/main", "refs/heads/release"]` }
      : i % 3 === 1
        ? { subject_prefix: `repo:${repo}:ref:refs/heads/main`, audience: 'https://api.anthropic.com', claims: { repository_owner: 'acme' } }
        : { subject_prefix: `repo:${repo}:environment:*`, audience: 'https://api.anthropic.com' };
    if (conditionEverywhere && !m.condition) m.condition = `claims.repository_owner == "acme" && claims.runner_environment == "github-hosted"`;
    rules.push(rule(`gha-${i}`, 'github', m));
  }
  const other = (prefix: string, issuer: string, n: number, make: (i: number) => Record<string, unknown>) => {
    for (let i = 0; i < n; i++) rules.push(rule(`${prefix}-${i}`, conditionEverywhere ? 'github' : issuer, make(i)));
  };
  other('gitlab', 'gitlab', 8, (i) => ({ subject_prefix: `project_path:acme/app-${i}:ref_type:branch:ref:main`, audience: 'https://api.anthropic.com', ...(conditionEverywhere || i % 3 === 0 ? { condition: 'claims.ref_protected == "true"' } : {}) }));
  other('k8s', 'k8s', 8, (i) => ({ subject_prefix: `system:serviceaccount:team-${i}:worker`, audience: 'https://api.anthropic.com', ...(conditionEverywhere || i % 3 === 0 ? { condition: 'claims["kubernetes.io"].namespace == "team-' + i + '"' } : {}) }));
  other('aws', 'aws', 5, (i) => ({ subject_prefix: `arn:aws:iam::123456789012:role/worker-${i}`, audience: 'https://api.anthropic.com', condition: 'claims["https://sts.amazonaws.com/"].aws_account == "123456789012"' }));
  other('gcp', 'google', 4, (i) => ({ audience: 'https://api.anthropic.com', claims: { sub: `10489210123456789012${i}`, email: `worker-${i}@acme-prod.iam.gserviceaccount.com` }, ...(conditionEverywhere ? { condition: 'claims.email_verified == true' } : {}) }));
  return JSON.stringify({
    federation_issuers: [
      { name: 'github', issuer_url: GH },
      { name: 'gitlab', issuer_url: 'https://gitlab.com' },
      { name: 'k8s', issuer_url: 'https://kubernetes.default.svc.cluster.local' },
      { name: 'aws', issuer_url: 'https://00000000-0000-4000-8000-000000000001.tokens.sts.global.api.aws' },
      { name: 'google', issuer_url: 'https://accounts.google.com' },
    ],
    federation_rules: rules,
  }, null, 2);
}

/** GitHub tokens of many repositories, refs and events: some accepted by a rule, most not. */
async function tokens(n: number, alg: 'ES256' | 'RS256'): Promise<{ compact: string[]; keys: Parameters<typeof verifySignature>[1] }> {
  const { publicKey, privateKey } = await generateKeyPair(alg);
  const read = readKeySet([{ ...(await exportJWK(publicKey)), kid: 'bench', alg }], 'the bench key');
  if (!read.ok) throw new Error(read.message);
  const compact: string[] = [];
  for (let i = 0; i < n; i++) {
    const repo = `acme/service-${i % 30}`;
    const ctx = ['ref:refs/heads/main', 'pull_request', 'environment:production', 'ref:refs/heads/feature'][i % 4]!;
    compact.push(await new SignJWT({
      sub: `repo:${repo}:${ctx}`, aud: 'https://api.anthropic.com', repository: repo, repository_owner: 'acme', repository_owner_id: '4201', repository_id: String(7000 + i),
      ref: ctx.startsWith('ref:') ? ctx.slice(4) : 'refs/heads/main', event_name: ctx === 'pull_request' ? 'pull_request' : 'push', runner_environment: 'github-hosted',
      job_workflow_ref: `${repo}/.github/workflows/deploy.yml@refs/heads/main`, actor: 'release-bot',
    }).setProtectedHeader({ alg, kid: 'bench', typ: 'JWT' }).setIssuer(GH).setIssuedAt(NOW - 20).setNotBefore(NOW - 20).setExpirationTime(NOW + 280).sign(privateKey));
  }
  return { compact, keys: read.keys };
}

function decideAll(rules: ReturnType<typeof loadRuleSet>, compact: readonly string[], signature: SignatureCheck): number {
  let accepted = 0;
  for (let i = 0; i < DECISIONS; i++) {
    const read = parseToken(compact[i % compact.length]!);
    if (!read.ok) throw new Error(read.message);
    for (const d of simulate(rules, read.token, { now: NOW, signature }).results) if (d.accepted) accepted++;
  }
  return accepted;
}

async function verifyRate(alg: 'ES256' | 'RS256'): Promise<void> {
  const { compact, keys } = await tokens(50, alg);
  const parsed: Jwt[] = compact.map((c) => { const r = parseToken(c); if (!r.ok) throw new Error(r.message); return r.token; });
  for (const t of parsed) await verifySignature(t, keys); // warm-up
  let best = Infinity;
  for (let trial = 0; trial < 5; trial++) {
    const start = performance.now();
    for (let k = 0; k < 4; k++) for (const t of parsed) if ((await verifySignature(t, keys)).status !== 'verified') throw new Error('a bench token does not verify');
    best = Math.min(best, (performance.now() - start) / (4 * parsed.length));
  }
  console.log(`info verify one ${alg} token with jose (compactVerify; each key imported once): ${(best * 1000).toFixed(0)} µs, ${Math.round(1000 / best)} tokens/s (best of 5 trials; not part of a decision)`);
}

(async () => {
  const { compact } = await tokens(200, 'ES256');
  const signature: SignatureCheck = { status: 'verified', detail: 'verified before the measurement' };
  for (const [label, text, target] of [
    ['decide 1,000 tokens against a 50-rule manifest (5 issuers, a third of the rules with CEL)', manifest(false), true],
    ['  same, all 50 rules on the token\'s issuer, every one with a CEL condition', manifest(true), false],
  ] as const) {
    const rules = loadRuleSet(text, 'bench/manifest.json');
    if (rules.rules.length !== 50) throw new Error(`the bench manifest has ${rules.rules.length} rules, not 50`);
    const accepted = decideAll(rules, compact, signature);
    const r = measure(label, () => decideAll(rules, compact, signature), { warmup: 3, runs: 10, trials: 5 });
    const rate = Math.round((DECISIONS / r.medianMs) * 1000);
    const detail = `(${rate.toLocaleString('en-US')} decisions/s; ${accepted} acceptances per 1,000 tokens)`;
    if (target) report(r, 100, detail);
    else console.log(`info ${r.name}: median ${r.medianMs.toFixed(2)} ms ${detail}`);
  }
  await verifyRate('ES256');
  await verifyRate('RS256');
})().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
