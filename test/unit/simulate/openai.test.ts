// The simulator with OpenAI's semantics (docs (shared) domain.md §2.1, §2.2, §2.4): a provider's issuer (trailing
// slash ignored) and audience, mapping values exact or with one trailing `*`, `openai.*` attributes computed by the
// provider's transformations, exactly one enabled mapping per provider and service account, and Codex rules.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadRuleSet, type RuleDecision, type Simulation, verifyAndSimulate } from '../../../src/core/simulate';
import { GH, ghClaims, makeKey, NOW, read, sign, type TestKey } from './fixtures';

const OPENAI_AUD = 'https://api.openai.com/v1';

let key: TestKey;
before(async () => {
  key = await makeKey('ES256', 'gh-1');
});

interface Mapping {
  name: string;
  attribute_matchers: Record<string, unknown>;
  service_account_id?: string;
  enabled?: boolean;
}

function providerDoc(mappings: readonly Mapping[], provider: Record<string, unknown> = {}): string {
  return JSON.stringify({
    workload_identity_providers: [{
      name: 'github-actions-prod',
      issuer: GH,
      audience: OPENAI_AUD,
      verification: { type: 'uploaded_jwks', jwks: { keys: [key.jwk] } },
      ...provider,
      federation_rules: mappings.map((m) => ({ project_id: 'proj_payments', service_account_id: 'sa_deploy', permissions: { type: 'restricted', scopes: ['api.model.request'] }, ...m })),
    }],
  }, null, 2);
}

async function decide(doc: string, over: Record<string, unknown> = {}): Promise<Simulation> {
  return verifyAndSimulate(loadRuleSet(doc, 'openai.json'), read(await sign(ghClaims({ aud: OPENAI_AUD, ...over }), { key })), { now: NOW });
}

const byName = (s: Simulation, name: string): RuleDecision => s.results.find((d) => d.rule === name)!;
const failed = (d: RuleDecision) => d.reasons.filter((r) => r.outcome === 'fail').map((r) => r.check);

describe('OpenAI API Platform mappings', () => {
  it('no mapping matches: every one says which matcher failed', async () => {
    const s = await decide(providerDoc([{ name: 'main', attribute_matchers: { sub: 'repo:acme/app:ref:refs/heads/main' } }]), { sub: 'repo:acme/app:pull_request' });
    const d = byName(s, 'main');
    assert.equal(d.accepted, false);
    assert.deepEqual(failed(d), ['attribute_matchers']);
    assert.match(d.reasons.find((r) => r.outcome === 'fail')!.message, /sub: the token has "repo:acme\/app:pull_request", the mapping wants "repo:acme\/app:ref:refs\/heads\/main"/);
  });

  it('exactly one enabled mapping matches: accepted, with the project, permissions and a lifetime bounded by the token', async () => {
    const s = await decide(providerDoc([
      { name: 'main', attribute_matchers: { sub: 'repo:acme/app:*', repository_owner: 'acme' } },
      { name: 'other', attribute_matchers: { sub: 'repo:acme/other:*' } },
    ]));
    assert.equal(s.signature.status, 'verified');
    const d = byName(s, 'main');
    assert.equal(d.accepted, true);
    assert.equal(d.product, 'openai');
    assert.equal(d.serviceAccount, 'sa_deploy');
    assert.equal(d.workspace, 'proj_payments');
    assert.equal(d.scope, 'api.model.request');
    assert.equal(d.lifetimeSeconds, 290, 'never outlives the subject token');
    assert.ok(d.reasons.some((r) => r.check === 'unique_match' && r.outcome === 'pass'));
    assert.equal(byName(s, 'other').accepted, false);
  });

  it('two enabled mappings of one provider and service account match: both are rejected', async () => {
    const s = await decide(providerDoc([
      { name: 'wide', attribute_matchers: { sub: 'repo:acme/*' } },
      { name: 'narrow', attribute_matchers: { sub: 'repo:acme/app:ref:refs/heads/main' } },
    ]));
    for (const name of ['wide', 'narrow']) {
      const d = byName(s, name);
      assert.equal(d.accepted, false, name);
      assert.deepEqual(failed(d), ['unique_match']);
      assert.equal(d.lifetimeSeconds, null);
    }
    assert.match(byName(s, 'wide').reasons.at(-1)!.message, /mapping "narrow" of the same provider and service account matches too/);
  });

  it('a disabled mapping takes no part; mappings of other service accounts do not compete', async () => {
    const disabled = await decide(providerDoc([
      { name: 'wide', attribute_matchers: { sub: 'repo:acme/*' }, enabled: false },
      { name: 'narrow', attribute_matchers: { sub: 'repo:acme/app:ref:refs/heads/main' } },
    ]));
    assert.deepEqual(failed(byName(disabled, 'wide')), ['enabled']);
    assert.equal(byName(disabled, 'narrow').accepted, true);
    const twoAccounts = await decide(providerDoc([
      { name: 'a', attribute_matchers: { sub: 'repo:acme/*' } },
      { name: 'b', attribute_matchers: { sub: 'repo:acme/*' }, service_account_id: 'sa_other' },
    ]));
    assert.equal(byName(twoAccounts, 'a').accepted, true);
    assert.equal(byName(twoAccounts, 'b').accepted, true);
  });

  it('only one trailing * after a non-empty prefix is a wildcard; other shapes are rejected', async () => {
    for (const [value, ok] of [['repo:acme/*', true], ['*', false], ['repo:*/app:*', false], ['repo:acme/*:ref', false]] as const) {
      const d = byName(await decide(providerDoc([{ name: 'm', attribute_matchers: { sub: value } }])), 'm');
      assert.equal(d.accepted, ok, value);
      if (!ok) assert.match(d.reasons.find((r) => r.outcome === 'fail')!.message, /rejected by OpenAI/);
    }
  });

  it('values compare as strings; aud matches any element', async () => {
    const d = byName(await decide(providerDoc([{ name: 'm', attribute_matchers: { repository_owner_id: 4201, aud: OPENAI_AUD } }]), { aud: ['x', OPENAI_AUD] }), 'm');
    assert.equal(d.accepted, true);
  });

  it('openai.* attributes come from the provider\'s transformations (CEL over assertion), never from raw claims', async () => {
    const provider = { attribute_transformations: [{ attribute: 'openai.repository_ref', expression: 'assertion.repository + "@" + assertion.ref' }] };
    const doc = (want: string) => providerDoc([{ name: 'm', attribute_matchers: { 'openai.repository_ref': want } }], provider);
    assert.equal(byName(await decide(doc('acme/app@refs/heads/main')), 'm').accepted, true);
    const wrong = byName(await decide(doc('acme/app@refs/heads/release')), 'm');
    assert.match(wrong.reasons.find((r) => r.outcome === 'fail')!.message, /openai\.repository_ref: the token has "acme\/app@refs\/heads\/main"/);
    const raw = byName(await decide(providerDoc([{ name: 'm', attribute_matchers: { 'openai.team': 'payments' } }]), { 'openai.team': 'payments' }), 'm');
    assert.match(raw.reasons.find((r) => r.outcome === 'fail')!.message, /no attribute transformation of provider "github-actions-prod" defines openai\.team/);
  });

  it('the provider\'s issuer ignores a trailing slash; its audience must be in aud', async () => {
    const slash = await decide(providerDoc([{ name: 'm', attribute_matchers: { sub: 'repo:acme/*' } }], { issuer: `${GH}/` }));
    assert.equal(byName(slash, 'm').accepted, true);
    assert.match(byName(slash, 'm').reasons[0]!.message, /a trailing slash is ignored/);
    const aud = byName(await decide(providerDoc([{ name: 'm', attribute_matchers: { sub: 'repo:acme/*' } }]), { aud: 'https://api.anthropic.com' }), 'm');
    assert.deepEqual(failed(aud), ['aud']);
  });

  it('OpenAI documents no leeway: a token is expired at exp', async () => {
    const d = byName(await decide(providerDoc([{ name: 'm', attribute_matchers: { sub: 'repo:acme/*' } }]), { iat: NOW - 300, exp: NOW }), 'm');
    assert.deepEqual(failed(d), ['exp']);
    assert.match(d.reasons.find((r) => r.check === 'exp')!.message, /no leeway \(OpenAI documents none\)/);
  });
});

describe('Codex federation rules', () => {
  const codex = (rule: Record<string, unknown>, provider: Record<string, unknown> = {}) => JSON.stringify({
    workload_identity_providers: [{ name: 'gha', type: 'oidc', issuer: GH, jwks: { keys: [key.jwk] }, max_assertion_lifetime_seconds: 600, ...provider,
      mappings: [{ name: 'ci-codex', workspace_id: 'ws_1', principal_id: 'user_1', access_token_lifetime_seconds: 600, ...rule }] }],
  });

  it('external_subject, audiences, type-exact claims and a condition over assertion', async () => {
    const rule = { external_subject: 'repo:acme/app:*', audiences: ['api://codex'], claims: { repository_owner_id: '4201' }, condition: 'assertion.ref.startsWith("refs/heads/")' };
    const s = await decide(codex(rule), { aud: 'api://codex' });
    const d = byName(s, 'ci-codex');
    assert.equal(d.product, 'codex');
    assert.equal(d.accepted, true);
    assert.equal(d.serviceAccount, 'user_1');
    assert.equal(d.workspace, 'ws_1');
    assert.equal(d.lifetimeSeconds, 290);
    const typed = byName(await decide(codex({ ...rule, claims: { repository_owner_id: 4201 } }), { aud: 'api://codex' }), 'ci-codex');
    assert.match(typed.reasons.find((r) => r.outcome === 'fail')!.message, /claims\.repository_owner_id: the token has "4201", the rule wants 4201 \(compared with its type\)/);
    const cond = byName(await decide(codex(rule), { aud: 'api://codex', ref: 'refs/pull/1/merge' }), 'ci-codex');
    assert.match(cond.reasons.find((r) => r.outcome === 'fail')!.message, /is false \(assertion\.ref is "refs\/pull\/1\/merge"\)/);
    const aud = byName(await decide(codex(rule), { aud: OPENAI_AUD }), 'ci-codex');
    assert.deepEqual(failed(aud), ['audiences']);
  });

  it('the provider caps exp − iat (max_assertion_lifetime_seconds) and its attribute_conditions apply to every rule', async () => {
    const long = byName(await decide(codex({ external_subject: 'repo:acme/*', audiences: [OPENAI_AUD] }), { iat: NOW - 10, exp: NOW + 600 }), 'ci-codex');
    assert.deepEqual(failed(long), ['lifetime']);
    const gated = byName(await decide(codex({ external_subject: 'repo:acme/*', audiences: [OPENAI_AUD] }, { attribute_conditions: 'assertion.repository_owner == "other"' })), 'ci-codex');
    assert.deepEqual(failed(gated), ['attribute_conditions']);
  });
});
