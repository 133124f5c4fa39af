// What the designer shows, from the model alone: the form (visible fields, values, problems), the documents with
// the checker's own findings, the token playground (sample and pasted tokens, decided against the designed rules)
// and the attack panel. Pasted tokens are made here with jose; none is ever written in the repository.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import {
  attacks, type DesignModel, designDocuments, designView, newDesign, playground, type PlaygroundView, sampleClaims, SNOWFLAKE_NOT_SIMULATED,
} from '../../../src/core/design';
import { check } from '../../../src/core/engine';
import { severityRank } from '../../../src/core/model';
import { COMBINATIONS, validDesign } from './fixtures';

const NOW = 1_800_000_000;

/** A design the checker has things to say about: a wildcard branch, every workspace, an admin scope kept an hour. */
const loose = () => validDesign('github-actions', 'anthropic', { pins: { branch: '*' }, workspace: 'all', scope: 'org:admin', lifetimeSeconds: 3600 });

async function issuerKey(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return { privateKey, jwk };
}

const signWith = (claims: Record<string, unknown>, key: Awaited<ReturnType<typeof issuerKey>>, kid = key.jwk.kid) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' }).sign(key.privateKey);

/** A design whose issuer's public keys are written in it (a private cluster: no discovery). */
function inlineKeys(identity: 'kubernetes' | 'oidc', destination: 'anthropic' | 'openai', jwk: Record<string, unknown>): DesignModel {
  return validDesign(identity, destination, { pins: { jwks: 'inline', jwksKeys: JSON.stringify({ keys: [jwk] }) } });
}

function assertTokenAbsent(view: PlaygroundView, compact: string): void {
  const json = JSON.stringify(view);
  assert.ok(!json.includes(compact), 'the token is not part of the view');
  assert.ok(!json.includes(compact.split('.')[2]!), 'nor its signature');
}

describe('designView: the form', () => {
  it('shows the visible fields only, in form order, with their values', () => {
    const m = validDesign('github-actions', 'anthropic', { workspace: 'wrkspc_01abc' });
    const v = designView(m);
    const ids = v.fields.map((f) => f.id);
    assert.deepEqual(ids, ['repository', 'githubContext', 'branch', 'subjectFormat', 'ownerId', 'serviceAccount', 'scope', 'workspace', 'lifetimeSeconds', 'organizationId']);
    assert.ok(!ids.includes('environment'), 'the environment is asked for only when pinning to one');
    assert.ok(!ids.includes('repositoryId'), 'the repository id only for immutable subjects');
    const value = (id: string) => v.fields.find((f) => f.id === id)!.value;
    assert.equal(value('repository'), 'acme/payments');
    assert.equal(value('branch'), 'main');
    assert.equal(value('serviceAccount'), 'ci-deployer');
    assert.equal(value('workspace'), 'wrkspc_01abc');
    assert.equal(value('lifetimeSeconds'), '', 'an unset number shows empty');
    assert.deepEqual(v.model, m);
    assert.deepEqual(v.problems, []);
    assert.ok(v.fields.every((f) => f.problem === undefined));
  });

  it('switches the visible fields with the select that governs them', () => {
    const m = validDesign('github-actions', 'anthropic', { pins: { githubContext: 'environment', environment: 'production' } });
    const ids = designView(m).fields.map((f) => f.id);
    assert.ok(ids.includes('environment'));
    assert.ok(!ids.includes('branch'));
  });

  it('carries select options and placeholders as data', () => {
    const scope = designView(validDesign('github-actions', 'anthropic')).fields.find((f) => f.id === 'scope')!;
    assert.equal(scope.kind, 'select');
    assert.ok(scope.options!.some((o) => o.value === 'workspace:inference'));
    const repo = designView(validDesign('github-actions', 'anthropic')).fields.find((f) => f.id === 'repository')!;
    assert.equal(repo.placeholder, 'acme/payments');
    assert.equal(repo.options, undefined);
  });

  it('attaches each problem to its field', () => {
    const v = designView(loose());
    const problem = (id: string) => v.fields.find((f) => f.id === id)!.problem;
    assert.match(problem('branch')!, /one exact value/);
    assert.match(problem('lifetimeSeconds')!, /600 s/);
    assert.equal(problem('repository'), undefined);
    assert.deepEqual(v.problems, [], 'problems of visible fields are not repeated at the top');
  });

  it('says which required fields are empty on a new design', () => {
    const v = designView(newDesign('github-actions', 'anthropic'));
    const missing = v.fields.filter((f) => f.problem).map((f) => f.id);
    assert.deepEqual(missing, ['repository', 'branch', 'serviceAccount']);
  });

  it('puts problems with no field to show them on (identity, destination) at the top', () => {
    const m = { ...newDesign('github-actions', 'anthropic'), identity: 'not-an-identity' } as unknown as DesignModel;
    const v = designView(m);
    assert.deepEqual(v.fields, []);
    assert.deepEqual(v.problems.map((p) => p.field), ['identity']);
  });
});

describe('designView: documents and findings', () => {
  it('has the designed documents, each with the checker\'s findings', () => {
    const m = loose();
    const v = designView(m);
    assert.deepEqual(v.documents.map((d) => d.id), designDocuments(m).map((d) => d.id));
    const manifest = v.documents.find((d) => d.id === 'anthropic-manifest')!;
    const expected = check(manifest.text, manifest.suggestedPath).findings;
    assert.equal(manifest.findings.length, expected.length);
    assert.ok(manifest.findings.some((f) => f.ruleId === 'anthropic/subject-prefix-scope'), 'the wildcard branch is reported');
  });

  it('gives 1-based lines and columns where the checker points', () => {
    const manifest = designView(loose()).documents.find((d) => d.id === 'anthropic-manifest')!;
    const expected = check(manifest.text, manifest.suggestedPath).findings.map((f) => {
      const before = manifest.text.slice(0, f.span.start);
      const line = before.split('\n').length;
      const column = f.span.start - (before.lastIndexOf('\n') + 1) + 1;
      return `${f.ruleId}@${line}:${column}`;
    });
    assert.deepEqual(manifest.findings.map((f) => `${f.ruleId}@${f.line}:${f.column}`).sort(), expected.sort());
    // the wildcard is reported on the subject_prefix line, 1-based
    const prefix = manifest.findings.find((f) => f.ruleId === 'anthropic/subject-prefix-scope')!;
    assert.match(manifest.text.split('\n')[prefix.line - 1]!, /subject_prefix:/);
  });

  it('sorts findings worst first, then by position', () => {
    const all = designView(loose()).documents.flatMap((d) => d.findings);
    const severities = new Set(all.map((f) => f.severity));
    assert.ok(severities.size >= 2, 'the design has findings of several severities');
    for (const d of designView(loose()).documents) {
      for (let i = 1; i < d.findings.length; i++) {
        const a = d.findings[i - 1]!;
        const b = d.findings[i]!;
        const ra = severityRank(a.severity);
        const rb = severityRank(b.severity);
        const inOrder = ra > rb || (ra === rb && (a.line < b.line || (a.line === b.line && a.column <= b.column)));
        assert.ok(inOrder, `${a.severity} ${a.ruleId} ${a.line}:${a.column} before ${b.severity} ${b.ruleId} ${b.line}:${b.column}`);
      }
    }
  });

  it('counts findings by severity over every document', () => {
    const v = designView(loose());
    for (const severity of ['error', 'warning', 'info'] as const) {
      assert.equal(v.counts[severity], v.documents.flatMap((d) => d.findings).filter((f) => f.severity === severity).length, severity);
    }
    assert.ok(v.counts.error >= 1);
  });

  it('has no finding for a well-pinned design of any pair', () => {
    for (const [identity, destination] of COMBINATIONS) {
      const v = designView(validDesign(identity, destination));
      assert.equal(v.counts.error + v.counts.warning, 0, `${identity} -> ${destination}: ${JSON.stringify(v.documents.flatMap((d) => d.findings))}`);
    }
  });

  it('marks notes as not mergeable, every other document as mergeable', () => {
    for (const [identity, destination] of COMBINATIONS) {
      for (const d of designView(validDesign(identity, destination)).documents) {
        assert.equal(d.mergeable, d.id !== 'workload-notes', `${identity} -> ${destination}: ${d.id}`);
      }
    }
    assert.ok(designView(validDesign('google', 'anthropic')).documents.some((d) => d.id === 'workload-notes'));
  });

  it('is plain data: it survives JSON unchanged', () => {
    const v = designView(loose());
    assert.deepEqual(JSON.parse(JSON.stringify(v)), v);
  });
});

describe('playground: the sample token', () => {
  for (const [identity, destination] of COMBINATIONS.filter(([, d]) => d !== 'snowflake')) {
    it(`${identity} -> ${destination}: verified with the throwaway key and accepted`, async () => {
      const m = validDesign(identity, destination);
      const view = await playground(m, { kind: 'sample' }, NOW);
      assert.equal(view.error, undefined);
      assert.equal(view.source, 'sample');
      assert.equal(view.simulation!.signature.status, 'verified');
      assert.ok(view.simulation!.results.length >= 1);
      for (const r of view.simulation!.results) assert.ok(r.accepted, `${r.rule}: ${JSON.stringify(r.reasons.filter((x) => x.outcome === 'fail'))}`);
      assert.deepEqual(view.claims, sampleClaims(m, NOW));
      assert.equal(view.header!.alg, 'ES256');
    });
  }

  it('Snowflake cannot be simulated: a clear error', async () => {
    const view = await playground(validDesign('github-actions', 'snowflake'), { kind: 'sample' }, NOW);
    assert.equal(view.error, SNOWFLAKE_NOT_SIMULATED);
    assert.equal(view.simulation, undefined);
  });
});

describe('playground: a pasted token', () => {
  it('not a JWT: the error names the part that is wrong', async () => {
    const m = validDesign('github-actions', 'anthropic');
    const parts = await playground(m, { kind: 'pasted', jwt: 'abc.def' }, NOW);
    assert.match(parts.error!, /^This is not a JWT: /);
    assert.match(parts.error!, /2 dot-separated parts/);
    const header = Buffer.from(JSON.stringify({ alg: 'ES256', kid: 'k' })).toString('base64url');
    const payload = Buffer.from('not json').toString('base64url');
    const bad = `${header}.${payload}.c2lnbmF0dXJl`;
    const view = await playground(m, { kind: 'pasted', jwt: bad }, NOW);
    assert.match(view.error!, /payload \(part 2\) is not JSON/);
    assert.equal(view.claims, undefined);
    assert.equal(view.simulation, undefined);
    assert.ok(!JSON.stringify(view).includes(payload), 'the message does not quote the token');
  });

  for (const destination of ['anthropic', 'openai'] as const) {
    for (const identity of ['kubernetes', 'oidc'] as const) {
      it(`${identity} -> ${destination}, inline JWKS: the issuer's token is verified and accepted, a forged one is invalid`, async () => {
        const key = await issuerKey('cluster-key-1');
        const m = inlineKeys(identity, destination, key.jwk);
        const claims = sampleClaims(m, NOW);
        const genuine = await signWith(claims, key);
        const ok = await playground(m, { kind: 'pasted', jwt: `  ${genuine}\n` }, NOW);
        assert.equal(ok.source, 'pasted');
        assert.equal(ok.simulation!.signature.status, 'verified', ok.simulation!.signature.detail);
        assert.ok(ok.simulation!.results.every((r) => r.accepted), JSON.stringify(ok.simulation!.results.map((r) => r.reasons.filter((x) => x.outcome === 'fail'))));
        assertTokenAbsent(ok, genuine);

        // the same claims and kid, signed by someone else's key
        const forger = await issuerKey('cluster-key-1');
        const forged = await signWith(claims, forger);
        const no = await playground(m, { kind: 'pasted', jwt: forged }, NOW);
        assert.equal(no.simulation!.signature.status, 'invalid');
        assert.ok(no.simulation!.results.every((r) => !r.accepted));
        assert.ok(no.simulation!.results.every((r) => r.reasons.some((x) => x.check === 'signature' && x.outcome === 'fail')));
        assertTokenAbsent(no, forged);
      });
    }
  }

  it('a kid the inline JWKS does not have is invalid', async () => {
    const key = await issuerKey('cluster-key-1');
    const m = inlineKeys('kubernetes', 'anthropic', key.jwk);
    const jwt = await signWith(sampleClaims(m, NOW), key, 'rotated-key');
    const view = await playground(m, { kind: 'pasted', jwt }, NOW);
    assert.equal(view.simulation!.signature.status, 'invalid');
    assert.ok(view.simulation!.results.every((r) => !r.accepted));
  });

  it('a discovery issuer: not verified, because the designer makes no network calls', async () => {
    const m = validDesign('github-actions', 'anthropic');
    const key = await issuerKey('gh-key');
    const jwt = await signWith(sampleClaims(m, NOW), key);
    const view = await playground(m, { kind: 'pasted', jwt }, NOW);
    assert.equal(view.simulation!.signature.status, 'not-verified');
    assert.match(view.simulation!.signature.detail, /no network calls/);
    assert.match(view.simulation!.signature.detail, /token\.actions\.githubusercontent\.com/);
    assertTokenAbsent(view, jwt);
  });

  it('a token of another issuer: not verified, and the message does not mention --jwks (a CLI flag)', async () => {
    const m = validDesign('github-actions', 'anthropic');
    const key = await issuerKey('k');
    const jwt = await signWith({ ...sampleClaims(m, NOW), iss: 'https://elsewhere.example' }, key);
    const view = await playground(m, { kind: 'pasted', jwt }, NOW);
    assert.equal(view.simulation!.signature.status, 'not-verified');
    assert.ok(!view.simulation!.signature.detail.includes('--jwks'), view.simulation!.signature.detail);
    assert.ok(view.simulation!.results.every((r) => !r.accepted), 'the iss does not match');
  });

  it('an expired token is rejected for its exp', async () => {
    const key = await issuerKey('cluster-key-1');
    const m = inlineKeys('kubernetes', 'anthropic', key.jwk);
    const claims = { ...sampleClaims(m, NOW - 7200) };
    const jwt = await signWith(claims, key);
    const view = await playground(m, { kind: 'pasted', jwt }, NOW);
    assert.equal(view.simulation!.signature.status, 'verified');
    for (const r of view.simulation!.results) {
      assert.equal(r.accepted, false);
      assert.ok(r.reasons.some((x) => x.check === 'exp' && x.outcome === 'fail'), JSON.stringify(r.reasons));
    }
  });

  it('the token of a neighbouring workload is rejected by the designed rule', async () => {
    const key = await issuerKey('cluster-key-1');
    const m = inlineKeys('kubernetes', 'anthropic', key.jwk);
    const neighbour = { ...m, pins: { ...m.pins, k8sServiceAccount: 'default' } };
    const jwt = await signWith(sampleClaims(neighbour, NOW), key);
    const view = await playground(m, { kind: 'pasted', jwt }, NOW);
    assert.equal(view.simulation!.signature.status, 'verified');
    assert.ok(view.simulation!.results.every((r) => !r.accepted));
    assert.ok(view.simulation!.results[0]!.reasons.some((x) => x.check === 'subject_prefix' && x.outcome === 'fail'));
  });

  it('Snowflake: the same error for a pasted token', async () => {
    const view = await playground(validDesign('kubernetes', 'snowflake'), { kind: 'pasted', jwt: 'a.b.c' }, NOW);
    assert.equal(view.error, SNOWFLAKE_NOT_SIMULATED);
    assert.equal(view.claims, undefined);
  });
});

describe('attacks', () => {
  it('a well-pinned GitHub -> Anthropic design has no hole', async () => {
    const view = await attacks(validDesign('github-actions', 'anthropic'), NOW);
    assert.equal(view.error, undefined);
    const report = view.report!;
    assert.equal(report.holes, 0);
    assert.equal(report.targets.length, 1);
    assert.ok(report.targets[0]!.legitimate.accepted, 'the designed workload itself gets in');
    assert.ok(report.targets[0]!.legitimate.fromToken, 'from the design\'s sample claims');
    assert.ok(report.targets[0]!.attacks.length > 0);
  });

  it('a wildcard branch lets a neighbour in', async () => {
    const view = await attacks(validDesign('github-actions', 'anthropic', { pins: { branch: '*' } }), NOW);
    assert.ok(view.report!.holes > 0);
  });

  it('runs on a design whose pins are empty', async () => {
    const view = await attacks(newDesign('github-actions', 'anthropic'), NOW);
    assert.equal(view.error, undefined);
    assert.equal(view.report!.targets.length, 1);
    assert.equal(typeof view.report!.holes, 'number');
  });

  it('OpenAI designs are attacked too', async () => {
    const view = await attacks(validDesign('eks', 'openai'), NOW);
    assert.equal(view.report!.holes, 0);
    assert.equal(view.report!.targets.length, 1);
  });

  it('Snowflake: the not-simulated error', async () => {
    const view = await attacks(validDesign('github-actions', 'snowflake'), NOW);
    assert.equal(view.error, SNOWFLAKE_NOT_SIMULATED);
    assert.equal(view.report, undefined);
  });
});
