// The designer's model → documents round trip: every destination document is read back by the checker's own model
// builder and says what the design says; and the tight default design passes Keyless's own rules.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildAnthropicModel } from '../../../src/core/anthropic/model';
import { designDocuments, newDesign, validateDesign, type DesignModel, type Destination, type IdentityKind } from '../../../src/core/design';
import { check } from '../../../src/core/engine';
import { buildOpenAIModel } from '../../../src/core/openai/model';
import { listItems, propOf, scalarText } from '../../../src/core/snowflake/ast';
import { buildSnowflakeModel, isWifOnly } from '../../../src/core/snowflake/model';
import { SourceContext } from '../../../src/core/source';
import { str, toValue } from '../../../src/core/tree';
import { COMBINATIONS, PINS, validDesign } from './fixtures';

/** What each identity's tokens carry, written out here rather than taken from the designer. */
const TOKEN: Readonly<Record<IdentityKind, { iss: string; sub: string; lifetime: number; family: string }>> = {
  'github-actions': { iss: 'https://token.actions.githubusercontent.com', sub: 'repo:acme/payments:ref:refs/heads/main', lifetime: 600, family: 'github-actions' },
  'aws-sts': { iss: PINS['aws-sts'].awsIssuer!, sub: 'arn:aws:iam::123456789012:role/inference-worker', lifetime: 300, family: 'aws-sts-outbound' },
  eks: { iss: PINS.eks.clusterIssuer!, sub: 'system:serviceaccount:inference:inference-worker', lifetime: 3600, family: 'eks' },
  kubernetes: { iss: 'https://oidc.k8s.acme.example', sub: 'system:serviceaccount:batch:report-runner', lifetime: 3600, family: 'kubernetes' },
  spiffe: { iss: 'https://oidc-discovery.spire.acme.example', sub: 'spiffe://acme.example/ns/batch/sa/worker', lifetime: 300, family: 'spiffe' },
  google: { iss: 'https://accounts.google.com', sub: '104892101234567890123', lifetime: 3600, family: 'google' },
  entra: { iss: 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0', sub: '6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c', lifetime: 86400, family: 'entra-v2' },
  oidc: { iss: 'https://issuer.acme.example', sub: 'service:batch-worker', lifetime: 3600, family: 'custom' },
};

function audience(identity: IdentityKind, destination: Destination): string {
  if (identity === 'entra' && destination !== 'snowflake') return PINS.entra.entraAudience!;
  if (destination === 'anthropic') return 'https://api.anthropic.com';
  if (destination === 'openai') return 'https://api.openai.com/v1';
  return 'https://acme-payments.snowflakecomputing.com';
}

/** Pins beyond the subject: the tenant (GitHub), the account (AWS), the email (Google), the tenant id (Entra). */
const EXTRA: Partial<Record<IdentityKind, Record<string, string>>> = {
  'github-actions': { repository_owner: 'acme' },
  google: { email: 'inference-worker@my-project.iam.gserviceaccount.com' },
  entra: { tid: '72f988bf-86f1-41af-91ab-2d7cd011db47' },
};

const doc = (m: DesignModel, id: string) => {
  const d = designDocuments(m).find((x) => x.id === id);
  assert.ok(d, `${m.identity} -> ${m.destination}: no ${id}`);
  return d;
};

const loud = (m: DesignModel) =>
  designDocuments(m).flatMap((d) =>
    check(d.text, d.suggestedPath).findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => `${d.id}: ${f.ruleId}/${f.messageId}: ${f.message}`));

describe('design round trip: Anthropic manifest', () => {
  for (const [identity] of COMBINATIONS.filter(([, d]) => d === 'anthropic')) {
    it(identity, () => {
      const m = validDesign(identity, 'anthropic');
      const d = doc(m, 'anthropic-manifest');
      const built = buildAnthropicModel(new SourceContext(d.text, d.suggestedPath));
      assert.ok(built, 'recognised');
      assert.deepEqual(built.kinds, ['anthropic-manifest']);
      const { issuers, serviceAccounts, rules } = built.model;
      assert.equal(issuers.length, 1);
      assert.equal(serviceAccounts.length, 1);
      assert.equal(rules.length, 1);
      const t = TOKEN[identity];
      assert.equal(str(issuers[0]!.issuerUrl), t.iss);
      assert.equal(issuers[0]!.maxJwtLifetimeSeconds?.value, t.lifetime);
      assert.equal(issuers[0]!.checkJti?.value, true);
      assert.equal(str(serviceAccounts[0]!.name), 'ci-deployer');
      assert.equal(str(serviceAccounts[0]!.organizationRole), 'developer');
      const rule = rules[0]!;
      assert.equal(rule.issuer, issuers[0], 'the rule names its issuer');
      assert.equal(rule.serviceAccount, serviceAccounts[0], 'the rule targets its service account');
      assert.equal(rule.evidence?.profile.family, t.family);
      assert.equal(str(rule.audience), audience(identity, 'anthropic'));
      const claims = (toValue(rule.claims) ?? {}) as Record<string, string>;
      if (identity === 'google') {
        assert.equal(rule.subjectPrefix, undefined, 'Google is matched by claims.sub, never subject_prefix');
        assert.equal(claims.sub, t.sub);
      } else if (identity === 'entra') {
        assert.equal(claims.oid, t.sub);
      } else {
        assert.equal(str(rule.subjectPrefix), t.sub, 'the exact subject, no wildcard');
      }
      for (const [k, v] of Object.entries(EXTRA[identity] ?? {})) assert.equal(claims[k], v, `claims.${k}`);
      if (identity === 'aws-sts') assert.equal(str(rule.condition), 'claims["https://sts.amazonaws.com/"].aws_account == "123456789012"');
      else assert.equal(rule.condition, undefined);
      assert.deepEqual(rule.scopes, ['workspace:inference']);
      assert.equal(rule.tokenLifetimeSeconds?.value, Math.min(600, t.lifetime));
      assert.equal(str(rule.workspaceId), 'wrkspc_...', 'a workspace left empty is the documented placeholder');
    });
  }

  it('binds the workspace, scope and lifetime the design chooses', () => {
    const pick = (workspace: string, scope = 'workspace:developer') => {
      const m = validDesign('eks', 'anthropic', { workspace, scope, lifetimeSeconds: 900 });
      const d = doc(m, 'anthropic-manifest');
      return buildAnthropicModel(new SourceContext(d.text, d.suggestedPath))!.model;
    };
    const one = pick('wrkspc_01PaymentsProd7xQ2mN8vK4tR').rules[0]!;
    assert.equal(str(one.workspaceId), 'wrkspc_01PaymentsProd7xQ2mN8vK4tR');
    assert.equal(one.appliesToAllWorkspaces, undefined);
    assert.deepEqual(one.scopes, ['workspace:developer']);
    assert.equal(one.tokenLifetimeSeconds?.value, 900);
    const all = pick('all').rules[0]!;
    assert.equal(all.workspaceId, undefined);
    assert.equal(all.appliesToAllWorkspaces?.value, true);
    const admin = pick('default', 'org:admin');
    assert.equal(str(admin.serviceAccounts[0]!.organizationRole), 'admin', 'org:admin targets an admin service account');
  });
});

describe('design round trip: OpenAI provider and mapping', () => {
  for (const [identity] of COMBINATIONS.filter(([, d]) => d === 'openai')) {
    it(identity, () => {
      const m = validDesign(identity, 'openai');
      const d = doc(m, 'openai-provider');
      const built = buildOpenAIModel(new SourceContext(d.text, d.suggestedPath));
      assert.ok(built, 'recognised');
      const { providers, rules } = built.model;
      assert.equal(providers.length, 1);
      assert.equal(rules.length, 1);
      const p = providers[0]!;
      const t = TOKEN[identity];
      assert.equal(p.product, 'api');
      assert.equal(str(p.issuer), t.iss);
      assert.equal(str(p.audience), audience(identity, 'openai'));
      const rule = rules[0]!;
      assert.equal(rule.provider, p, 'the mapping is nested under its provider');
      assert.equal(str(rule.name), 'payments-ci');
      assert.deepEqual(toValue(rule.matchers), { sub: t.sub, ...(EXTRA[identity] ?? {}) });
      assert.deepEqual(toValue(rule.permissions), { type: 'restricted', scopes: ['api.model.request'] });
      assert.equal(str(rule.projectId), 'proj_...');
    });
  }
});

describe('design round trip: Snowflake service user', () => {
  const TYPES: Readonly<Record<IdentityKind, string>> = {
    'github-actions': 'OIDC', 'aws-sts': 'AWS', eks: 'OIDC', kubernetes: 'OIDC', spiffe: 'OIDC', google: 'GCP', entra: 'AZURE', oidc: 'OIDC',
  };
  for (const [identity] of COMBINATIONS.filter(([, d]) => d === 'snowflake')) {
    it(identity, () => {
      const m = validDesign(identity, 'snowflake', { scope: 'DEPLOYER' });
      const d = doc(m, 'snowflake-user');
      const built = buildSnowflakeModel(new SourceContext(d.text, d.suggestedPath));
      assert.ok(built, 'recognised');
      const user = built.model.users.find((u) => u.name.text === 'SVC_DEPLOY');
      assert.ok(user);
      assert.equal(user.type?.value, 'SERVICE');
      assert.equal(user.credentials.length, 0);
      assert.equal(user.identities.length, 1);
      const id = user.identities[0]!;
      const t = TOKEN[identity];
      const prop = (k: string) => scalarText(propOf(id.props, k)?.value);
      assert.equal(id.type, TYPES[identity]);
      if (id.type === 'AWS') assert.equal(prop('ARN'), t.sub);
      else assert.equal(prop('SUBJECT'), t.sub);
      if (id.type === 'OIDC' || id.type === 'AZURE') assert.equal(prop('ISSUER'), t.iss);
      if (id.type === 'OIDC') assert.deepEqual(listItems(propOf(id.props, 'OIDC_AUDIENCE_LIST')?.value).map(scalarText), [audience(identity, 'snowflake')]);
      assert.equal(scalarText(propOf(user.create!.props, 'DEFAULT_ROLE')?.value), 'DEPLOYER');
      const policy = user.policy?.policy;
      assert.ok(policy, 'an authentication policy is attached in the same script');
      assert.ok(isWifOnly(policy), 'the policy allows WORKLOAD_IDENTITY only');
    });
  }
});

/** Other valid designs: the choices a user makes beyond the defaults. */
const VARIANTS: readonly DesignModel[] = [
  validDesign('github-actions', 'anthropic', { pins: { githubContext: 'environment', environment: 'production' } }),
  validDesign('github-actions', 'anthropic', { pins: { subjectFormat: 'immutable', ownerId: '123456', repositoryId: '987654321', branch: 'release/v2' } }),
  validDesign('github-actions', 'anthropic', { pins: { organizationId: '3f2c8a4e-9b1d-4c6e-8f0a-2d7b5e1c9a34' }, workspace: 'all', scope: 'workspace:developer' }),
  validDesign('github-actions', 'anthropic', { workspace: 'wrkspc_01PaymentsProd7xQ2mN8vK4tR', scope: 'org:admin', lifetimeSeconds: 300 }),
  validDesign('github-actions', 'openai', { pins: { githubContext: 'environment', environment: 'prod:blue', ownerId: '42' }, workspace: 'proj_payments' }),
  validDesign('github-actions', 'snowflake', { pins: { githubContext: 'environment', environment: 'prod' } }),
  validDesign('aws-sts', 'anthropic', { pins: { awsCompute: 'eks', clusterIssuer: PINS.eks.clusterIssuer!, namespace: 'inference', k8sServiceAccount: 'inference-worker', signingAlgorithm: 'ES384', tokenLifetime: '900' } }),
  validDesign('aws-sts', 'openai', { pins: { awsCompute: 'ecs', tokenLifetime: '60' } }),
  validDesign('aws-sts', 'snowflake', { pins: { awsCompute: 'ec2' } }),
  validDesign('eks', 'anthropic', { pins: { tokenLifetime: '600' }, scope: 'workspace:manage_tunnels' }),
  validDesign('kubernetes', 'anthropic', { pins: { issuerUrl: 'https://kubernetes.default.svc.cluster.local', jwks: 'explicit_url', jwksUrl: 'https://keys.acme.example/cluster/jwks.json' } }),
  validDesign('kubernetes', 'anthropic', { pins: { issuerUrl: 'https://kubernetes.default.svc.cluster.local', jwks: 'inline', jwksKeys: JSON.stringify({ keys: [{ kty: 'RSA', kid: 'k1', alg: 'RS256', use: 'sig', n: 'sXch', e: 'AQAB' }] }) } }),
  validDesign('kubernetes', 'openai', { pins: { issuerUrl: 'https://kubernetes.default.svc.cluster.local', jwks: 'inline', jwksKeys: JSON.stringify([{ kty: 'EC', kid: 'e1', crv: 'P-256', x: 'f83O', y: 'x_FE' }]) } }),
  validDesign('spiffe', 'anthropic', { pins: { jwks: 'inline', jwksKeys: JSON.stringify({ keys: [{ kty: 'EC', kid: 'spire-1', crv: 'P-256', x: 'f83O', y: 'x_FE' }] }), tokenLifetime: '120' } }),
  validDesign('oidc', 'anthropic', { pins: { jwks: 'explicit_url', jwksUrl: 'https://keys.acme.example/jwks.json' }, lifetimeSeconds: 3600 }),
  validDesign('google', 'snowflake', { pins: { snowflakeAccount: '' } }),
  validDesign('entra', 'anthropic', { scope: 'workspace:developer', lifetimeSeconds: 3600 }),
];

describe('designed documents pass Keyless\'s own rules', () => {
  for (const [identity, destination] of COMBINATIONS) {
    it(`${identity} -> ${destination}`, () => {
      const m = validDesign(identity, destination);
      assert.deepEqual(validateDesign(m), []);
      assert.deepEqual(loud(m), []);
    });
  }

  it('and so do the variants a user can choose', () => {
    for (const m of VARIANTS) {
      const label = `${m.identity} -> ${m.destination} ${JSON.stringify(m.pins)}`;
      assert.deepEqual(validateDesign(m), [], label);
      assert.deepEqual(loud(m), [], label);
    }
  });

  it('every document is recognised by the checker, except notes (comments only)', () => {
    for (const [identity, destination] of COMBINATIONS) {
      for (const d of designDocuments(validDesign(identity, destination))) {
        const { kinds } = check(d.text, d.suggestedPath);
        if (d.id === 'workload-notes') assert.deepEqual(kinds, [], d.id);
        else assert.ok(kinds.length > 0, `${identity} -> ${destination}: ${d.id} is not recognised`);
      }
    }
  });

  it('each design has destination documents first, then the workload\'s, with unique ids', () => {
    for (const [identity, destination] of COMBINATIONS) {
      const docs = designDocuments(validDesign(identity, destination));
      const sides = docs.map((d) => d.side);
      assert.equal(sides[0], 'destination');
      assert.ok(sides.includes('workload'));
      assert.deepEqual([...sides].sort(), sides, 'destination before workload');
      assert.equal(new Set(docs.map((d) => d.id)).size, docs.length);
    }
  });
});

describe('designed workload documents', () => {
  it('GitHub: id-token write, the destination\'s audience, and no id as a literal placeholder', () => {
    const text = doc(validDesign('github-actions', 'anthropic'), 'github-workflow').text;
    assert.match(text, /permissions: \{ id-token: write, contents: read \}/);
    assert.match(text, /&audience=https:\/\/api\.anthropic\.com"/);
    assert.match(text, /ANTHROPIC_FEDERATION_RULE_ID: \$\{\{ vars\.ANTHROPIC_FEDERATION_RULE_ID \}\}/);
    assert.match(text, /#\s+ANTHROPIC_FEDERATION_RULE_ID = fdrl_\.\.\./, 'the placeholder is named in a comment');
    const env = doc(validDesign('github-actions', 'anthropic', { pins: { githubContext: 'environment', environment: 'production' } }), 'github-workflow').text;
    assert.match(env, /environment: production/);
  });

  it('AWS: the identity policy mints tokens for the destination\'s audience only, capped at the chosen duration', () => {
    const policy = JSON.parse(doc(validDesign('aws-sts', 'openai', { pins: { tokenLifetime: '600' } }), 'aws-identity-policy').text);
    const c = policy.Statement[0].Condition;
    assert.deepEqual(c['ForAllValues:StringEquals'], { 'sts:IdentityTokenAudience': ['https://api.openai.com/v1'] });
    assert.deepEqual(c.Null, { 'sts:IdentityTokenAudience': 'false' });
    assert.deepEqual(c.NumericLessThanEquals, { 'sts:DurationSeconds': 600 });
    const snowflake = JSON.parse(doc(validDesign('aws-sts', 'snowflake'), 'aws-identity-policy').text);
    assert.deepEqual(snowflake.Statement[0].Condition.StringEquals, { 'sts:SigningAlgorithm': 'ES384' }, 'the connector signs with ES384');
    const irsa = JSON.parse(doc(VARIANTS.find((m) => m.pins.awsCompute === 'eks')!, 'aws-trust-policy').text);
    const provider = 'oidc.eks.us-west-2.amazonaws.com/id/5C1B3E1F0A7D4E8B9C2D6F4A1B3C5D7E';
    assert.deepEqual(irsa.Statement[0].Condition.StringEquals, { [`${provider}:sub`]: 'system:serviceaccount:inference:inference-worker', [`${provider}:aud`]: 'sts.amazonaws.com' });
  });

  it('Kubernetes: a dedicated projected token for the audience, its file named by the SDK variable', () => {
    const text = doc(validDesign('eks', 'anthropic'), 'kubernetes-manifest').text;
    assert.match(text, /serviceAccountToken: \{ audience: "https:\/\/api\.anthropic\.com", expirationSeconds: 3600, path: token \}/);
    assert.match(text, /name: ANTHROPIC_IDENTITY_TOKEN_FILE\n\s+value: \/var\/run\/secrets\/anthropic\.com\/token/);
    assert.match(text, /ANTHROPIC_FEDERATION_RULE_ID: fdrl_\.\.\./, 'placeholders live in the ConfigMap');
    assert.match(text, /serviceAccountName: inference-worker/);
  });
});

describe('an incomplete design still previews', () => {
  it('empty pins become visible placeholders, and every document is produced', () => {
    for (const [identity, destination] of COMBINATIONS) {
      const docs = designDocuments(newDesign(identity, destination));
      assert.ok(docs.length >= 2, `${identity} -> ${destination}`);
      for (const d of docs) assert.ok(d.text.length > 0);
    }
    const gha = designDocuments(newDesign('github-actions', 'anthropic'))[0]!.text;
    assert.match(gha, /subject_prefix: "repo:<owner>\/<repo>:ref:refs\/heads\/<branch>"/);
  });
});
