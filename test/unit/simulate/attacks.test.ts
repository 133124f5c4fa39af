// Attack mode: the neighbours of each rule's workload, signed with a throwaway key and decided by the simulator. A
// `repo:acme/app:*` rule lets a fork's pull request in; a rule pinned to main with the right audience lets none in;
// each kind of issuer gets its own neighbours; the report never carries a token.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AttackReport, type AttackTarget, loadRuleSet, runAttacks } from '../../../src/core/simulate';
import { ANTHROPIC_AUD, GH, manifest, NOW } from './fixtures';

const attack = async (text: string): Promise<AttackReport> => runAttacks(loadRuleSet(text, 'rules.json'), { now: NOW });
const target = (r: AttackReport, rule: string): AttackTarget => r.targets.find((t) => t.rule === rule)!;
const getsIn = (t: AttackTarget) => t.attacks.filter((a) => a.getsIn).map((a) => a.name).sort();

function anthropic(issuerUrl: string, match: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    federation_issuers: [{ name: 'idp', issuer_url: issuerUrl, ...extra }],
    federation_rules: [{ name: 'rule', issuer_id: 'idp', match, target: { type: 'service_account', service_account_id: 'svac_1' }, workspace_id: 'wrkspc_1', oauth_scope: 'workspace:developer', token_lifetime_seconds: 600 }],
  });
}

describe('attack mode: GitHub Actions', () => {
  it('finds the fork pull request hole of repo:acme/app:*, and none in a rule pinned to main with the right audience', async () => {
    const r = await attack(manifest([
      { name: 'wide', match: { subject_prefix: 'repo:acme/app:*', audience: ANTHROPIC_AUD } },
      { name: 'pinned', match: { subject_prefix: 'repo:acme/app:ref:refs/heads/main', audience: ANTHROPIC_AUD } },
    ], { discovery: true }));
    assert.match(r.trust, /throwaway ES256 key generated for this run.*trusts that key in place of each issuer's JWKS/);

    const wide = target(r, 'wide');
    assert.equal(wide.family, 'github-actions');
    assert.equal(wide.legitimate.accepted, true);
    assert.equal(wide.legitimate.claims.sub, 'repo:acme/app:ref:refs/heads/main');
    assert.deepEqual(wide.subjectIssues.map((i) => i.code), ['repo-wide']);
    assert.deepEqual(getsIn(wide), ['fork-pull-request', 'other-branch', 'other-environment']);
    const fork = wide.attacks.find((a) => a.name === 'fork-pull-request')!;
    assert.equal(fork.differs.sub, 'repo:acme/app:pull_request');
    assert.equal(fork.differs.event_name, 'pull_request');
    assert.equal(fork.target.accepted, true);
    assert.equal(fork.target.lifetimeSeconds, 600);
    assert.deepEqual(fork.acceptedBy, ['wide']);

    const pinned = target(r, 'pinned');
    assert.equal(pinned.legitimate.accepted, true);
    assert.deepEqual(getsIn(pinned), []);
    assert.deepEqual(pinned.attacks.map((a) => a.name), ['fork-pull-request', 'sibling-repository', 'other-branch', 'other-environment', 'other-tenant', 'other-audience', 'longest-lifetime']);
    const forkAgain = pinned.attacks.find((a) => a.name === 'fork-pull-request')!;
    assert.deepEqual(forkAgain.acceptedBy, ['wide'], 'the other rule of the document still lets it in, and the decision per rule says so');
    assert.equal(forkAgain.target.reasons.find((x) => x.outcome === 'fail')?.check, 'subject_prefix');
    assert.equal(pinned.attacks.find((a) => a.name === 'other-audience')!.target.reasons.find((x) => x.outcome === 'fail')?.check, 'audience');
    const probe = pinned.attacks.find((a) => a.name === 'longest-lifetime')!;
    assert.equal(probe.expect, 'accepted');
    assert.equal(probe.getsIn, false);
    assert.equal(probe.target.accepted, true);
    assert.equal((probe.differs.exp as number) - NOW, 3600, 'the issuer accepts exp − iat up to its default 3600 s');
    assert.equal(r.holes, 3);
  });

  it('a rule pinned by a CEL condition gets a legitimate token that satisfies it', async () => {
    const r = await attack(anthropic(GH, {
      audience: ANTHROPIC_AUD,
      condition: 'claims.repository_owner_id == "123456" && claims.repository == "acme/payments" && claims.ref in ["refs/heads/main", "refs/heads/release"]',
    }));
    const t = target(r, 'rule');
    assert.equal(t.legitimate.accepted, true);
    assert.equal(t.legitimate.claims.repository, 'acme/payments');
    assert.equal(t.legitimate.claims.sub, 'repo:acme/payments:ref:refs/heads/main');
    // the condition pins owner, repository and ref but not the environment: a deployment job on main gets in
    assert.deepEqual(getsIn(t), ['other-environment']);
    const tenant = t.attacks.find((a) => a.name === 'other-tenant')!;
    assert.match(tenant.target.reasons.find((x) => x.outcome === 'fail')!.message, /claims\.repository_owner_id == "123456"` is false/);
  });

  it('a GHEC enterprise issuer is not shared: no other-tenant neighbour', async () => {
    const r = await attack(anthropic(`${GH}/acme-corp`, { subject_prefix: 'repo:acme/app:ref:refs/heads/main', audience: ANTHROPIC_AUD }));
    assert.ok(!target(r, 'rule').attacks.some((a) => a.name === 'other-tenant'));
  });
});

describe('attack mode: each kind of issuer has its own neighbours', () => {
  const cases: [string, string, Record<string, unknown>, string[], Record<string, unknown>?][] = [
    ['GitLab, every branch of a project', 'https://gitlab.com', { subject_prefix: 'project_path:acme/app:*', audience: ANTHROPIC_AUD }, ['other-branch', 'other-environment']],
    ['GitLab, a protected main', 'https://gitlab.com', { subject_prefix: 'project_path:acme/app:ref_type:branch:ref:main', audience: ANTHROPIC_AUD, claims: { ref_protected: 'true' } }, ['other-environment']],
    ['Kubernetes, a whole namespace', 'https://kubernetes.default.svc.cluster.local', { subject_prefix: 'system:serviceaccount:inference:*', audience: ANTHROPIC_AUD }, ['same-namespace-default', 'sibling-service-account']],
    ['Kubernetes, one service account', 'https://kubernetes.default.svc.cluster.local', { subject_prefix: 'system:serviceaccount:inference:worker', audience: ANTHROPIC_AUD }, []],
    ['EKS without an audience (the IRSA token is replayed)', 'https://oidc.eks.us-west-2.amazonaws.com/id/B71C4E2F9A0D3E5C6B8A1D7F2E4C9B0A', { subject_prefix: 'system:serviceaccount:inference:worker', audience: 'sts.amazonaws.com' }, ['other-audience']],
    ['SPIFFE, a trust domain', 'https://oidc-discovery.acme.internal', { subject_prefix: 'spiffe://acme.internal/*', audience: ANTHROPIC_AUD }, ['other-workload', 'sibling-workload']],
    ['Google, one account by id and email', 'https://accounts.google.com', { audience: ANTHROPIC_AUD, claims: { sub: '104892101234567890123', email: 'worker@acme-prod.iam.gserviceaccount.com' } }, []],
    ['Google, any account of a project (email suffix)', 'https://accounts.google.com', { audience: ANTHROPIC_AUD, condition: 'claims.email.endsWith("@acme-prod.iam.gserviceaccount.com")' }, ['same-project-other-account']],
    ['Entra, one managed identity', 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0', { audience: 'api://anthropic', claims: { oid: '6c1e2f0a-0000-4000-8000-00000000b001', tid: '72f988bf-86f1-41af-91ab-2d7cd011db47' } }, [], { max_jwt_lifetime_seconds: 86400 }],
    ['AWS STS outbound, a role prefix', 'https://4f1c2a9e-7b3d-4e8f-a1c5-9d2b6e0f3a7c.tokens.sts.global.api.aws', { subject_prefix: 'arn:aws:iam::123456789012:role/app*', audience: ANTHROPIC_AUD }, ['sibling-role']],
  ];
  for (const [name, issuer, match, expected, extra] of cases) {
    it(name, async () => {
      const t = target(await attack(anthropic(issuer, match, extra)), 'rule');
      assert.equal(t.legitimate.accepted, true, t.legitimate.why);
      assert.deepEqual(getsIn(t), [...expected].sort());
      const probe = t.attacks.find((a) => a.name === 'longest-lifetime')!;
      assert.equal(probe.target.accepted, true);
    });
  }
});

describe('attack mode: the report', () => {
  it('carries claims and decisions, never a token', async () => {
    const r = await attack(manifest([{ name: 'wide', match: { subject_prefix: 'repo:acme/*', audience: ANTHROPIC_AUD } }], { discovery: true }));
    const text = JSON.stringify(r);
    assert.doesNotMatch(text, /eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]{10,}/);
    assert.ok(getsIn(target(r, 'wide')).includes('sibling-repository'));
  });

  it('OpenAI mappings are attacked too, with the provider\'s audience', async () => {
    const doc = JSON.stringify({
      workload_identity_providers: [{ name: 'gha', issuer: GH, audience: 'https://api.openai.com/v1', verification: { type: 'discovery', discovery_url: null },
        federation_rules: [{ name: 'm', project_id: 'p', service_account_id: 'sa', attribute_matchers: { sub: 'repo:acme/app:*' } }] }],
    });
    const t = target(await attack(doc), 'm');
    assert.equal(t.legitimate.accepted, true, t.legitimate.why);
    assert.equal(t.legitimate.claims.aud, 'https://api.openai.com/v1');
    assert.deepEqual(getsIn(t), ['fork-pull-request', 'other-branch', 'other-environment']);
  });

  it('a real token given as the base: the neighbours differ from it only where the issuer would make them differ', async () => {
    const rules = loadRuleSet(manifest([{ name: 'wide', match: { subject_prefix: 'repo:acme/app:*', audience: ANTHROPIC_AUD } }], { discovery: true }), 'rules.json');
    const { read: readToken, sign: signToken, makeKey, ghClaims } = await import('./fixtures');
    const key = await makeKey('RS256', 'base');
    const base = readToken(await signToken(ghClaims({ environment: 'production', sub: 'repo:acme/app:environment:production', custom: 'kept' }), { key }));
    const t = target(await runAttacks(rules, { now: NOW, base }), 'wide');
    assert.equal(t.legitimate.fromToken, true);
    assert.equal(t.legitimate.claims.custom, 'kept');
    const env = t.attacks.find((a) => a.name === 'other-environment')!;
    assert.deepEqual(env.differs, { sub: 'repo:acme/app:environment:staging', environment: 'staging' });
  });

  it('a base of plain claims (a designed workload\'s sample) works too; one the rule refuses is not used', async () => {
    const rules = loadRuleSet(manifest([{ name: 'wide', match: { subject_prefix: 'repo:acme/app:*', audience: ANTHROPIC_AUD } }], { discovery: true }), 'rules.json');
    const { ghClaims } = await import('./fixtures');
    const fits = target(await runAttacks(rules, { now: NOW, base: { claims: ghClaims({ ref: 'refs/heads/release', sub: 'repo:acme/app:ref:refs/heads/release' }) } }), 'wide');
    assert.equal(fits.legitimate.fromToken, true);
    assert.equal(fits.legitimate.claims.sub, 'repo:acme/app:ref:refs/heads/release');
    const other = target(await runAttacks(rules, { now: NOW, base: { claims: ghClaims({ sub: 'repo:other/app:ref:refs/heads/main' }) } }), 'wide');
    assert.equal(other.legitimate.fromToken, false);
    assert.equal(other.legitimate.claims.sub, 'repo:acme/app:ref:refs/heads/main');
  });
});
