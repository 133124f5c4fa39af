// Properties over random valid pins: designDocuments never throws, is deterministic, and every YAML/JSON document
// parses without problems; the same holds for arbitrary (invalid, half-typed) pins, as the form is typed live.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { designDocuments, newDesign, sampleClaims, validateDesign, type DesignModel } from '../../../src/core/design';
import { DESTINATIONS, IDENTITY_KINDS } from '../../../src/core/design/types';
import { check } from '../../../src/core/engine';
import { parseStructured } from '../../../src/core/parse';
import { validDesign } from './fixtures';

const lower = fc.stringMatching(/^[a-z][a-z0-9]{0,11}$/);
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,14}[a-z0-9])?$/);
const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
const guid = fc.tuple(hex(8), hex(4), hex(4), hex(4), hex(12)).map((p) => p.join('-'));
const host = fc.tuple(label, label).map(([a, b]) => `${a}.${b}.example`);
const owner = fc.stringMatching(/^[A-Za-z0-9](-?[A-Za-z0-9]){0,12}$/);

/** Random pins that every field accepts, per identity. */
const pinsFor: Record<string, fc.Arbitrary<Record<string, string>>> = {
  'github-actions': fc.record({
    repository: fc.tuple(owner, fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,19}$/)).map(([o, r]) => `${o}/${r}`),
    githubContext: fc.constantFrom('branch', 'environment'),
    branch: fc.tuple(lower, fc.option(lower, { nil: undefined })).map(([a, b]) => (b ? `${a}/${b}` : a)),
    environment: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 :._-]{0,20}[A-Za-z0-9]$/),
    subjectFormat: fc.constantFrom('name', 'immutable'),
    ownerId: fc.stringMatching(/^[1-9][0-9]{0,9}$/),
    repositoryId: fc.stringMatching(/^[1-9][0-9]{0,9}$/),
  }),
  'aws-sts': fc.record({
    awsIssuer: fc.tuple(hex(8), hex(4)).map(([a, b]) => `https://${a}-${b}.tokens.sts.global.api.aws`),
    roleArn: fc.tuple(digits(12), fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{1,32}$/)).map(([a, r]) => `arn:aws:iam::${a}:role/${r}`),
    tokenLifetime: fc.integer({ min: 60, max: 3600 }).map(String),
    signingAlgorithm: fc.constantFrom('RS256', 'ES384'),
    awsCompute: fc.constantFrom('lambda', 'ecs', 'ec2', 'eks'),
    clusterIssuer: fc.tuple(label, hex(32)).map(([r, id]) => `https://oidc.eks.${r}.amazonaws.com/id/${id.toUpperCase()}`),
    namespace: label,
    k8sServiceAccount: label,
  }),
  eks: fc.record({
    clusterIssuer: fc.tuple(label, hex(32)).map(([r, id]) => `https://oidc.eks.${r}.amazonaws.com/id/${id.toUpperCase()}`),
    namespace: label,
    k8sServiceAccount: label,
    tokenLifetime: fc.integer({ min: 600, max: 176400 }).map(String),
  }),
  kubernetes: fc.record({
    issuerUrl: host.map((h) => `https://oidc.${h}`),
    jwks: fc.constantFrom('discovery', 'inline'),
    jwksKeys: fc.tuple(label, fc.constantFrom('RSA', 'EC')).map(([kid, kty]) => JSON.stringify({ keys: [{ kty, kid, alg: kty === 'RSA' ? 'RS256' : 'ES256' }] })),
    namespace: label,
    k8sServiceAccount: label,
    tokenLifetime: fc.integer({ min: 600, max: 176400 }).map(String),
  }),
  spiffe: fc.record({
    issuerUrl: host.map((h) => `https://spire.${h}`),
    spiffeId: fc.tuple(host, fc.array(label, { minLength: 1, maxLength: 4 })).map(([td, p]) => `spiffe://${td}/${p.join('/')}`),
    tokenLifetime: fc.integer({ min: 60, max: 176400 }).map(String),
  }),
  google: fc.record({
    googleSaId: digits(21),
    googleSaEmail: fc.tuple(label, label).map(([a, p]) => `${a}@${p}.iam.gserviceaccount.com`),
  }),
  entra: fc.record({ tenantId: guid, principalId: guid, entraAudience: guid }),
  oidc: fc.record({
    issuerUrl: host.map((h) => `https://${h}`),
    subject: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9:/@._-]{0,40}$/),
    tokenLifetime: fc.integer({ min: 60, max: 176400 }).map(String),
  }),
};

const common = {
  snowflakeAccount: fc.stringMatching(/^[a-z][a-z0-9-]{0,14}[a-z0-9]$/),
  organizationId: fc.option(guid, { nil: '' }),
};

const design: fc.Arbitrary<DesignModel> = fc
  .tuple(fc.constantFrom(...IDENTITY_KINDS), fc.constantFrom(...DESTINATIONS))
  .chain(([identity, destination]) =>
    fc.record({ pins: pinsFor[identity]!, snowflakeAccount: common.snowflakeAccount, organizationId: common.organizationId, workspace: fc.constantFrom('', 'all', 'default', 'wrkspc_01Abc') }).map(
      ({ pins, snowflakeAccount, organizationId, workspace }) => {
        const base = validDesign(identity, destination);
        const lifetime = Number(pins.tokenLifetime ?? 600);
        const model: DesignModel = {
          ...base,
          pins: { ...base.pins, ...pins, snowflakeAccount, ...(destination === 'anthropic' ? { organizationId } : {}) },
          ...(destination === 'anthropic' ? { workspace, lifetimeSeconds: Math.max(60, Math.min(600, lifetime)) } : {}),
        };
        return model;
      },
    ),
  );

function assertParses(docs: ReturnType<typeof designDocuments>) {
  for (const d of docs) {
    if (d.language === 'sql') continue;
    const parsed = parseStructured(d.text);
    assert.deepEqual(parsed.problems, [], `${d.id} does not parse:\n${d.text}`);
    if (d.language === 'json') {
      assert.equal(parsed.syntax, 'json');
      JSON.parse(d.text);
    } else if (d.id !== 'workload-notes') assert.ok(parsed.documents.every((x) => x.root?.kind === 'map'), d.id);
  }
}

describe('designDocuments over random valid pins', () => {
  it('the generated pins are valid designs', () => {
    fc.assert(fc.property(design, (m) => assert.deepEqual(validateDesign(m), [], JSON.stringify(m))), { numRuns: 200 });
  });

  it('never throws, is deterministic, and every YAML/JSON document parses', () => {
    fc.assert(
      fc.property(design, (m) => {
        const docs = designDocuments(m);
        assert.deepEqual(designDocuments(JSON.parse(JSON.stringify(m))), docs, 'same model (through JSON) → same text');
        assertParses(docs);
        assert.deepEqual(sampleClaims(m, 1775523520), sampleClaims(m, 1775523520));
      }),
      { numRuns: 300 },
    );
  });

  it('and the documents pass Keyless\'s own rules (no error or warning)', () => {
    fc.assert(
      fc.property(design, (m) => {
        for (const d of designDocuments(m)) {
          const loud = check(d.text, d.suggestedPath).findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
          assert.deepEqual(loud.map((f) => `${f.ruleId}/${f.messageId}: ${f.message}`), [], `${d.id}:\n${d.text}`);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('designDocuments over arbitrary pins (a form being typed)', () => {
  it('never throws, and every YAML/JSON document still parses', () => {
    const anyPins = fc.dictionary(
      fc.constantFrom('repository', 'branch', 'environment', 'githubContext', 'subjectFormat', 'ownerId', 'roleArn', 'awsIssuer', 'clusterIssuer', 'namespace',
        'k8sServiceAccount', 'issuerUrl', 'jwks', 'jwksUrl', 'jwksKeys', 'spiffeId', 'googleSaId', 'googleSaEmail', 'tenantId', 'principalId', 'entraAudience',
        'subject', 'tokenLifetime', 'snowflakeAccount', 'organizationId', 'awsCompute'),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...IDENTITY_KINDS), fc.constantFrom(...DESTINATIONS), anyPins, fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (identity, destination, pins, sa, ws) => {
        const m: DesignModel = { ...newDesign(identity, destination, sa), pins, workspace: ws };
        const docs = designDocuments(m);
        assert.ok(docs.length >= 2);
        assertParses(docs);
        validateDesign(m);
        sampleClaims(m, 0);
      }),
      { numRuns: 300 },
    );
  });
});
