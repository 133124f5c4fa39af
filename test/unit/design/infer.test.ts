// designFromRules ("Open in designer" from a finding): the design behind a rule, read back from the rule. Round trip:
// design -> destination document -> designFromRules gives the design again, for every identity and both simulated
// destinations. Where the inverse cannot be exact, the test says so and pins down what comes back instead:
//   - an unset `lifetimeSeconds` comes back as the value the rule holds (the design's default, written out);
//   - pins only the workload side uses (AWS `awsCompute`, `signingAlgorithm`, the Anthropic organization id) are not
//     in the rule: they come back as the designer's defaults;
//   - the presented token's lifetime (`tokenLifetime`) is not read from the issuer's max_jwt_lifetime_seconds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { designDocuments, designFromRules, type DesignModel, mergeDocument, newDesign } from '../../../src/core/design';
import { resolve } from '../../../src/core/design/resolve';
import type { Destination, IdentityKind } from '../../../src/core/design/types';
import { IDENTITY_KINDS } from '../../../src/core/design/types';
import { PINS, validDesign } from './fixtures';

const SIMULATED: readonly Destination[] = ['anthropic', 'openai'];
const WORKSPACE: Readonly<Record<string, string>> = { anthropic: 'wrkspc_01abc', openai: 'proj_abc' };

/** The pins that say which workload a rule admits, per identity. */
const KEY_PINS: Readonly<Record<IdentityKind, readonly string[]>> = {
  'github-actions': ['repository', 'githubContext', 'branch'],
  'aws-sts': ['awsIssuer', 'roleArn'],
  eks: ['clusterIssuer', 'namespace', 'k8sServiceAccount'],
  kubernetes: ['issuerUrl', 'namespace', 'k8sServiceAccount'],
  spiffe: ['issuerUrl', 'spiffeId'],
  google: ['googleSaId', 'googleSaEmail'],
  entra: ['tenantId', 'principalId', 'entraAudience'],
  oidc: ['issuerUrl', 'subject'],
};

function destinationDoc(m: DesignModel) {
  const d = designDocuments(m).find((x) => x.side === 'destination');
  assert.ok(d);
  return d;
}

function roundTrip(m: DesignModel): DesignModel {
  const doc = destinationDoc(m);
  const back = designFromRules(doc.text, doc.suggestedPath, 0);
  assert.ok(back, `${m.identity} -> ${m.destination}: no design read back`);
  return back;
}

function assertSameDesign(back: DesignModel, m: DesignModel): void {
  const what = `${m.identity} -> ${m.destination}`;
  assert.equal(back.identity, m.identity, what);
  assert.equal(back.destination, m.destination, what);
  assert.equal(back.serviceAccount, m.serviceAccount, `${what}: name`);
  assert.equal(back.scope, m.scope, `${what}: scope`);
  assert.equal(back.workspace, m.workspace, `${what}: workspace`);
  for (const k of KEY_PINS[m.identity]) assert.equal(back.pins[k], m.pins[k], `${what}: ${k}`);
  // everything else the rule says comes back too (the fixtures keep workload-only pins at their defaults)
  assert.deepEqual(back.pins, m.pins, what);
  if (m.destination === 'anthropic') assert.equal(back.lifetimeSeconds, resolve(m).ruleLifetime, `${what}: the rule's lifetime`);
  else assert.equal(back.lifetimeSeconds, undefined, `${what}: OpenAI mappings have no lifetime`);
}

describe('designFromRules: round trip for every identity', () => {
  for (const identity of IDENTITY_KINDS) {
    for (const destination of SIMULATED) {
      it(`${identity} -> ${destination}`, () => {
        const m = validDesign(identity, destination, { workspace: WORKSPACE[destination]!, ...(destination === 'openai' ? { pins: { serviceAccountId: 'svc-acct-42' } } : {}) });
        assertSameDesign(roundTrip(m), m);
      });
    }
  }
});

describe('designFromRules: round trip of variants', () => {
  it('GitHub, pinned to an environment with a colon in its name', () => {
    const { branch: _hidden, ...pins } = validDesign('github-actions', 'anthropic').pins;
    const m = { ...validDesign('github-actions', 'anthropic', { workspace: 'wrkspc_01abc' }), pins: { ...pins, githubContext: 'environment', environment: 'prod:eu' } };
    const back = roundTrip(m);
    assert.equal(back.pins.branch, undefined, 'a field the environment hides is not in the rule');
    assert.equal(back.pins.githubContext, 'environment');
    assert.equal(back.pins.environment, 'prod:eu', 'the subject writes %3A; read back as :');
    assertSameDesign(back, m);
  });

  it('GitHub, immutable subjects with the owner\'s and repository\'s ids', () => {
    for (const destination of SIMULATED) {
      const m = validDesign('github-actions', destination, { workspace: WORKSPACE[destination]!, pins: { subjectFormat: 'immutable', ownerId: '4201', repositoryId: '987654321' } });
      const back = roundTrip(m);
      assert.equal(back.pins.subjectFormat, 'immutable', destination);
      assert.equal(back.pins.ownerId, '4201', destination);
      assert.equal(back.pins.repositoryId, '987654321', destination);
      assert.equal(back.pins.repository, 'acme/payments', destination);
    }
  });

  it('GitHub, the owner id pinned alongside a name subject', () => {
    const m = validDesign('github-actions', 'openai', { workspace: 'proj_abc', pins: { ownerId: '4201' } });
    assert.equal(roundTrip(m).pins.ownerId, '4201');
  });

  it('inline keys (a private issuer) come back as inline keys', () => {
    const jwk = { kty: 'EC', crv: 'P-256', kid: 'cluster-1', alg: 'ES256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0' };
    for (const identity of ['kubernetes', 'spiffe', 'oidc'] as const) {
      for (const destination of SIMULATED) {
        const m = validDesign(identity, destination, { workspace: WORKSPACE[destination]!, pins: { jwks: 'inline', jwksKeys: JSON.stringify({ keys: [jwk] }) } });
        const back = roundTrip(m);
        assert.equal(back.pins.jwks, 'inline', `${identity} -> ${destination}`);
        assert.deepEqual(JSON.parse(back.pins.jwksKeys!), { keys: [jwk] }, `${identity} -> ${destination}`);
      }
    }
  });

  it('an explicit JWKS URL (Anthropic) comes back', () => {
    const m = validDesign('oidc', 'anthropic', { workspace: 'wrkspc_01abc', pins: { jwks: 'explicit_url', jwksUrl: 'https://keys.acme.example/jwks.json' } });
    const back = roundTrip(m);
    assert.equal(back.pins.jwks, 'explicit_url');
    assert.equal(back.pins.jwksUrl, 'https://keys.acme.example/jwks.json');
  });

  it('every workspace, an admin scope and a lifetime of its own (Anthropic)', () => {
    const m = validDesign('eks', 'anthropic', { workspace: 'all', scope: 'workspace:developer', lifetimeSeconds: 900 });
    const back = roundTrip(m);
    assert.equal(back.workspace, 'all');
    assert.equal(back.scope, 'workspace:developer');
    assert.equal(back.lifetimeSeconds, 900);
  });

  it('a workspace or project left to fill in comes back empty, not as the placeholder the document holds', () => {
    for (const destination of SIMULATED) {
      const m = validDesign('github-actions', destination);
      assert.equal(m.workspace, '');
      assert.match(destinationDoc(m).text, /wrkspc_\.\.\.|proj_\.\.\./);
      assertSameDesign(roundTrip(m), m);
    }
  });

  it('an OpenAI mapping\'s own permission and project', () => {
    const m = validDesign('spiffe', 'openai', { workspace: 'proj_analytics', scope: 'api.model.read' });
    const back = roundTrip(m);
    assert.equal(back.scope, 'api.model.read');
    assert.equal(back.workspace, 'proj_analytics');
    assert.equal(back.serviceAccount, 'payments-ci', 'the mapping\'s name');
    assert.equal(back.pins.serviceAccountId, undefined, 'the placeholder service account id is not a value');
  });

  it('what only the workload side says comes back as the designer\'s defaults', () => {
    const m = validDesign('aws-sts', 'anthropic', { workspace: 'wrkspc_01abc', pins: { awsCompute: 'ecs', signingAlgorithm: 'ES384', organizationId: '4c1e8f0a-2b3d-4e5f-8a9b-0c1d2e3f4a5b' } });
    const back = roundTrip(m);
    const defaults = newDesign('aws-sts', 'anthropic').pins;
    assert.equal(back.pins.awsCompute, defaults.awsCompute);
    assert.equal(back.pins.signingAlgorithm, defaults.signingAlgorithm);
    assert.equal(back.pins.organizationId, undefined);
    assert.equal(back.pins.roleArn, PINS['aws-sts'].roleArn, 'what the rule says comes back');
  });
});

describe('designFromRules: which rule', () => {
  const first = validDesign('github-actions', 'anthropic', { workspace: 'wrkspc_01abc' });
  const second = validDesign('github-actions', 'anthropic', { workspace: 'wrkspc_01abc', serviceAccount: 'release-bot', pins: { repository: 'acme/website', githubContext: 'environment', environment: 'production' } });
  const merged = mergeDocument(destinationDoc(first).text, destinationDoc(second));
  assert.ok(merged.ok);
  const text = merged.text;
  const path = 'federation/rules.yaml';

  it('the rule under the offset', () => {
    // in the second rule's subject_prefix (the service account's description names the repository too)
    const at = text.indexOf('repo:acme/website');
    assert.ok(at > 0);
    const back = designFromRules(text, path, at)!;
    assert.equal(back.pins.repository, 'acme/website');
    assert.equal(back.pins.environment, 'production');
    assert.equal(back.serviceAccount, 'release-bot');
    const atFirst = designFromRules(text, path, text.indexOf('repo:acme/payments'))!;
    assert.equal(atFirst.pins.repository, 'acme/payments');
    assert.equal(atFirst.pins.branch, 'main');
  });

  it('the rule\'s name and its last character count as inside it', () => {
    const name = text.indexOf('name: release-bot-gha');
    assert.equal(designFromRules(text, path, name)!.pins.repository, 'acme/website');
    const lastRule = text.lastIndexOf('token_lifetime_seconds');
    assert.equal(designFromRules(text, path, lastRule)!.pins.repository, 'acme/website');
  });

  it('the first rule when the offset is in no rule', () => {
    assert.equal(designFromRules(text, path, 0)!.pins.repository, 'acme/payments', 'the header comment');
    assert.equal(designFromRules(text, path, text.indexOf('federation_issuers'))!.pins.repository, 'acme/payments');
    assert.equal(designFromRules(text, path, text.length + 100)!.pins.repository, 'acme/payments');
  });
});

describe('designFromRules: nothing to read', () => {
  it('a file with no rules', () => {
    assert.equal(designFromRules('', 'federation/empty.yaml', 0), undefined);
    assert.equal(designFromRules('federation_issuers:\n  - name: gh\n    issuer_url: https://token.actions.githubusercontent.com\n', 'federation/issuers.yaml', 0), undefined);
    assert.equal(designFromRules('{"Version": "2012-10-17", "Statement": []}', 'iam/policy.json', 0), undefined);
    assert.equal(designFromRules('name: ci\non: push\njobs: {}\n', '.github/workflows/ci.yml', 0), undefined);
  });

  it('garbage text: undefined, without throwing', () => {
    for (const text of ['\u0000\u0001\u0002', '{{{{[[[[', 'federation_rules: [', ': : : -', '- - - - -', '\ufeff\u2028', 'a'.repeat(10_000), '['.repeat(5000)]) {
      assert.equal(designFromRules(text, 'x.yaml', 3), undefined, JSON.stringify(text.slice(0, 20)));
    }
  });

  it('never throws, whatever the text and offset', () => {
    const yamlish = fc.array(fc.constantFrom('federation_rules:', '\n', '  - ', 'name: ', 'match: ', '{', '}', '[', ']', ':', 'subject_prefix: ', 'repo:a/b', '*', 'issuer_id: x', '"', "'", '&a ', '*a', ' '), { maxLength: 40 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), yamlish), fc.integer({ min: -5, max: 500 }), (text, offset) => {
        designFromRules(text, 'federation/rules.yaml', offset);
      }),
      { numRuns: 500 },
    );
  });
});
