// The sample token of a design: issuer-specific claims as domain.md §5 describes them, exp − iat within what the
// issuer accepts, and admitted by the designed Anthropic rule and OpenAI mapping (same iss, sub, aud and pins).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CelScalar, celEnv, mapType, parse, plan } from '@bufbuild/cel';
import { buildAnthropicModel, type AnthropicRule } from '../../../src/core/anthropic/model';
import { designDocuments, sampleClaims, type DesignModel } from '../../../src/core/design';
import { buildOpenAIModel } from '../../../src/core/openai/model';
import { SourceContext } from '../../../src/core/source';
import { str, toValue } from '../../../src/core/tree';
import { COMBINATIONS, validDesign } from './fixtures';

const NOW = 1775523520;

const auds = (aud: unknown): string[] => (Array.isArray(aud) ? aud.map(String) : [String(aud)]);

function anthropicRule(m: DesignModel) {
  const d = designDocuments(m).find((x) => x.id === 'anthropic-manifest')!;
  return buildAnthropicModel(new SourceContext(d.text, d.suggestedPath))!.model;
}

const celEnvironment = celEnv({ variables: { claims: mapType(CelScalar.STRING, CelScalar.DYN) } });
const toCel = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(toCel) : v !== null && typeof v === 'object' ? new Map(Object.entries(v).map(([k, x]) => [k, toCel(x)])) : v;

/** What Anthropic checks of a rule's match (domain.md §1.5): all populated matchers, ANDed. */
function admits(rule: AnthropicRule, claims: Record<string, unknown>): boolean {
  const prefix = str(rule.subjectPrefix);
  if (prefix !== undefined && !(prefix.endsWith('*') ? String(claims.sub).startsWith(prefix.slice(0, -1)) : claims.sub === prefix)) return false;
  const audience = str(rule.audience);
  if (audience !== undefined && !auds(claims.aud).includes(audience)) return false;
  for (const [k, v] of Object.entries((toValue(rule.claims) ?? {}) as Record<string, unknown>)) if (claims[k] !== v) return false;
  const condition = str(rule.condition);
  if (condition !== undefined) {
    const run = plan(celEnvironment, parse(condition)) as unknown as (ctx: Record<string, unknown>) => unknown;
    if (run({ claims: toCel(claims) }) !== true) return false;
  }
  return true;
}

describe('sampleClaims', () => {
  it('is admitted by the designed Anthropic rule, and fits the issuer\'s lifetime', () => {
    for (const [identity] of COMBINATIONS.filter(([, d]) => d === 'anthropic')) {
      const m = validDesign(identity, 'anthropic');
      const claims = sampleClaims(m, NOW);
      const model = anthropicRule(m);
      const issuer = model.issuers[0]!;
      assert.equal(claims.iss, str(issuer.issuerUrl), identity);
      assert.ok(admits(model.rules[0]!, claims), `${identity}: ${JSON.stringify(claims)}`);
      assert.equal(claims.iat, NOW);
      const lifetime = (claims.exp as number) - (claims.iat as number);
      assert.ok(lifetime > 0 && lifetime <= (issuer.maxJwtLifetimeSeconds!.value as number), `${identity}: exp − iat ${lifetime}`);
    }
  });

  it('is not admitted once a pinned claim changes (the rule is that tight)', () => {
    const m = validDesign('github-actions', 'anthropic');
    const rule = anthropicRule(m).rules[0]!;
    const claims = sampleClaims(m, NOW);
    assert.ok(!admits(rule, { ...claims, sub: 'repo:acme/payments:pull_request' }));
    assert.ok(!admits(rule, { ...claims, aud: 'https://api.openai.com/v1' }));
    const aws = validDesign('aws-sts', 'anthropic');
    const awsClaims = sampleClaims(aws, NOW);
    assert.ok(!admits(anthropicRule(aws).rules[0]!, { ...awsClaims, 'https://sts.amazonaws.com/': { aws_account: '999999999999' } }));
  });

  it('matches the designed OpenAI mapping and provider', () => {
    for (const [identity] of COMBINATIONS.filter(([, d]) => d === 'openai')) {
      const m = validDesign(identity, 'openai');
      const d = designDocuments(m).find((x) => x.id === 'openai-provider')!;
      const { providers, rules } = buildOpenAIModel(new SourceContext(d.text, d.suggestedPath))!.model;
      const claims = sampleClaims(m, NOW);
      assert.equal(claims.iss, str(providers[0]!.issuer));
      assert.ok(auds(claims.aud).includes(str(providers[0]!.audience)!));
      for (const [k, v] of Object.entries(toValue(rules[0]!.matchers) as Record<string, string>)) assert.equal(claims[k], v, `${identity}: ${k}`);
    }
  });

  it('carries each issuer\'s own claims (domain.md §5)', () => {
    const gha = sampleClaims(validDesign('github-actions', 'openai', { pins: { ownerId: '42' } }), NOW);
    assert.equal(gha.repository, 'acme/payments');
    assert.equal(gha.repository_owner_id, '42', 'GitHub sends ids as strings');
    assert.equal(gha.ref, 'refs/heads/main');
    assert.equal(gha.exp, NOW + 300, 'about 5 minutes');
    const env = sampleClaims(validDesign('github-actions', 'anthropic', { pins: { githubContext: 'environment', environment: 'prod:blue' } }), NOW);
    assert.equal(env.sub, 'repo:acme/payments:environment:prod%3Ablue', '":" in a value is %3A');
    assert.equal(env.environment, 'prod:blue');
    const eks = sampleClaims(validDesign('eks', 'anthropic'), NOW);
    assert.deepEqual(eks.aud, ['https://api.anthropic.com'], 'Kubernetes sends aud as a list');
    assert.deepEqual((eks['kubernetes.io'] as { namespace: string }).namespace, 'inference');
    const aws = sampleClaims(validDesign('aws-sts', 'snowflake'), NOW);
    assert.equal(aws.aud, 'snowflakecomputing.com', 'the connector\'s audience');
    assert.deepEqual(aws['https://sts.amazonaws.com/'], { aws_account: '123456789012' });
    const google = sampleClaims(validDesign('google', 'anthropic'), NOW);
    assert.equal(google.azp, google.sub);
    assert.equal(google.email, 'inference-worker@my-project.iam.gserviceaccount.com');
    const entra = sampleClaims(validDesign('entra', 'anthropic'), NOW);
    assert.equal(entra.oid, entra.sub);
    assert.equal(entra.ver, '2.0');
    assert.equal((entra.exp as number) - NOW, 86400, 'managed-identity tokens live up to 24 h');
  });

  it('is deterministic, and its ids change with the token', () => {
    const m = validDesign('kubernetes', 'openai');
    assert.deepEqual(sampleClaims(m, NOW), sampleClaims(m, NOW));
    assert.notEqual(sampleClaims(m, NOW).jti, sampleClaims(m, NOW + 1).jti);
    assert.equal(sampleClaims(m, NOW + 0.9).iat, NOW, 'whole seconds');
  });
});
