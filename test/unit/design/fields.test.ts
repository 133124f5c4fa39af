// The designer's form as data, and what it refuses: loose designs rejected with messages naming the field, and each
// validator's accepted and rejected values.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { designFields, fieldValue, isVisible, newDesign, validateDesign, type DesignModel } from '../../../src/core/design';
import * as v from '../../../src/core/design/validators';
import { COMBINATIONS, PINS, validDesign } from './fixtures';

const fieldsOf = (m: DesignModel) => designFields(m.identity, m.destination);
const visibleIds = (m: DesignModel) => fieldsOf(m).filter((f) => isVisible(f, m, fieldsOf(m))).map((f) => f.id);
const problemFields = (m: DesignModel) => validateDesign(m).map((p) => p.field);

describe('designFields', () => {
  it('describes every field completely, for every identity and destination', () => {
    for (const [identity, destination] of COMBINATIONS) {
      const fields = designFields(identity, destination);
      const where = `${identity} -> ${destination}`;
      assert.equal(new Set(fields.map((f) => f.id)).size, fields.length, `${where}: duplicate field id`);
      for (const f of fields) {
        assert.ok(f.label && f.help && !f.help.includes('\n'), `${where}: ${f.id} has a label and one line of help`);
        if (f.kind === 'select') {
          assert.ok(f.options && f.options.length > 1, `${where}: ${f.id} has options`);
          assert.ok(f.defaultValue && f.options.some((o) => o.value === f.defaultValue), `${where}: ${f.id} defaults to an option`);
        } else assert.equal(f.options, undefined);
        if (f.when) assert.ok(fields.some((o) => o.id === f.when!.field && o.kind === 'select'), `${where}: ${f.id} depends on a select`);
      }
      assert.ok(fields.some((f) => f.id === 'serviceAccount' && f.target === 'model' && f.required), `${where}: names the service account`);
    }
  });

  it('is plain data once serialised (validators are the host\'s)', () => {
    const fields = designFields('github-actions', 'anthropic');
    const json = JSON.parse(JSON.stringify(fields)) as Record<string, unknown>[];
    assert.equal(json.length, fields.length);
    assert.ok(json.every((f) => !('validate' in f)));
  });

  it('offers the Anthropic scopes of domain.md, workspace:inference first', () => {
    const scope = designFields('eks', 'anthropic').find((f) => f.id === 'scope')!;
    assert.deepEqual(scope.options!.map((o) => o.value), ['workspace:inference', 'workspace:developer', 'workspace:manage_tunnels', 'org:admin']);
    assert.equal(scope.defaultValue, 'workspace:inference');
  });

  it('asks for keys only where the issuer may be private, and only what the destination takes', () => {
    assert.ok(designFields('kubernetes', 'anthropic').some((f) => f.id === 'jwksUrl'));
    assert.ok(!designFields('kubernetes', 'openai').some((f) => f.id === 'jwksUrl'), 'OpenAI has no explicit JWKS URL mode');
    assert.ok(!designFields('kubernetes', 'snowflake').some((f) => f.id === 'jwks'));
    assert.ok(!designFields('github-actions', 'anthropic').some((f) => f.id === 'jwks'));
  });

  it('shows a GitHub design the branch or the environment, never both and never neither', () => {
    const branch = validDesign('github-actions', 'anthropic');
    assert.ok(visibleIds(branch).includes('branch') && !visibleIds(branch).includes('environment'));
    const env = validDesign('github-actions', 'anthropic', { pins: { githubContext: 'environment', environment: 'prod' } });
    assert.ok(visibleIds(env).includes('environment') && !visibleIds(env).includes('branch'));
    const context = designFields('github-actions', 'anthropic').find((f) => f.id === 'githubContext')!;
    assert.ok(context.required && context.options!.every((o) => o.value === 'branch' || o.value === 'environment'));
  });

  it('newDesign fills selects and lifetimes, and reads back through fieldValue', () => {
    const m = newDesign('aws-sts', 'anthropic', 'ci-deployer');
    assert.equal(m.pins.tokenLifetime, '300');
    assert.equal(m.pins.signingAlgorithm, 'RS256');
    assert.equal(m.scope, 'workspace:inference');
    const fields = designFields('aws-sts', 'anthropic');
    assert.equal(fieldValue(m, fields.find((f) => f.id === 'serviceAccount')!), 'ci-deployer');
    assert.equal(fieldValue(m, fields.find((f) => f.id === 'lifetimeSeconds')!), '');
  });
});

describe('validateDesign rejects loose designs, naming the field', () => {
  it('accepts every valid design', () => {
    for (const [i, d] of COMBINATIONS) assert.deepEqual(validateDesign(validDesign(i, d)), [], `${i} -> ${d}`);
  });

  it('a GitHub design without its branch or environment', () => {
    const noBranch = validDesign('github-actions', 'anthropic', { pins: { branch: '' } });
    assert.deepEqual(validateDesign(noBranch), [{ field: 'branch', message: 'Branch is required.' }]);
    const noEnv = validDesign('github-actions', 'anthropic', { pins: { githubContext: 'environment' } });
    assert.deepEqual(problemFields(noEnv), ['environment']);
    const { githubContext: _, ...rest } = validDesign('github-actions', 'anthropic').pins;
    const neither = { ...validDesign('github-actions', 'anthropic'), pins: rest };
    assert.deepEqual(problemFields(neither), ['githubContext'], 'no branch/environment choice is itself a problem');
    const bogus = validDesign('github-actions', 'anthropic', { pins: { githubContext: 'pull_request' } });
    assert.deepEqual(problemFields(bogus), ['githubContext']);
  });

  it('wildcards anywhere a pin goes', () => {
    assert.deepEqual(problemFields(validDesign('github-actions', 'anthropic', { pins: { branch: '*' } })), ['branch']);
    assert.deepEqual(problemFields(validDesign('github-actions', 'openai', { pins: { repository: 'acme/*' } })), ['repository']);
    assert.deepEqual(problemFields(validDesign('aws-sts', 'anthropic', { pins: { roleArn: 'arn:aws:iam::123456789012:role/*' } })), ['roleArn']);
    assert.deepEqual(problemFields(validDesign('spiffe', 'snowflake', { pins: { spiffeId: 'spiffe://acme.example/*' } })), ['spiffeId']);
    assert.deepEqual(problemFields(validDesign('oidc', 'anthropic', { pins: { subject: 'service:*' } })), ['subject']);
  });

  it('an empty design: every required pin, by name', () => {
    assert.deepEqual(problemFields(newDesign('eks', 'anthropic')), ['clusterIssuer', 'namespace', 'k8sServiceAccount', 'serviceAccount']);
    assert.deepEqual(problemFields(newDesign('google', 'anthropic')), ['googleSaId', 'googleSaEmail', 'serviceAccount']);
    assert.deepEqual(problemFields(newDesign('entra', 'openai')), ['tenantId', 'principalId', 'entraAudience', 'serviceAccount']);
    assert.deepEqual(problemFields(newDesign('github-actions', 'snowflake')), ['repository', 'branch', 'snowflakeAccount', 'serviceAccount']);
    for (const [i, d] of COMBINATIONS) {
      for (const p of validateDesign(newDesign(i, d))) assert.ok(p.message.length > 0 && fieldsOf(newDesign(i, d)).some((f) => f.id === p.field));
    }
  });

  it('an unknown identity or destination', () => {
    const m = { ...validDesign('eks', 'anthropic'), identity: 'gitlab' } as unknown as DesignModel;
    assert.deepEqual(problemFields(m), ['identity']);
    const d = { ...validDesign('eks', 'anthropic'), destination: 'bedrock' } as unknown as DesignModel;
    assert.deepEqual(problemFields(d), ['destination']);
    assert.deepEqual(designFields('gitlab' as never, 'anthropic'), []);
  });

  it('immutable GitHub subjects need both ids', () => {
    const m = validDesign('github-actions', 'anthropic', { pins: { subjectFormat: 'immutable' } });
    assert.deepEqual(problemFields(m), ['ownerId', 'repositoryId']);
    assert.deepEqual(problemFields(validDesign('github-actions', 'anthropic', { pins: { subjectFormat: 'immutable', ownerId: '1', repositoryId: '2' } })), []);
  });

  it('lifetimes: documented range, at most the identity token\'s, and 900 s for org:admin', () => {
    const at = (identity: 'github-actions' | 'entra' | 'aws-sts', lifetimeSeconds: number, scope = 'workspace:inference') =>
      validateDesign(validDesign(identity, 'anthropic', { lifetimeSeconds, scope })).map((p) => `${p.field}: ${p.message}`);
    assert.deepEqual(at('entra', 59), ['lifetimeSeconds: The token lifetime must be between 60 and 86400 seconds.']);
    assert.deepEqual(at('entra', 86400), []);
    assert.deepEqual(at('entra', 86401).length, 1);
    assert.match(at('github-actions', 601)[0]!, /at or below the identity token's lifetime \(600 s\)/);
    assert.match(at('aws-sts', 301)[0]!, /\(300 s\)/, 'the chosen DurationSeconds bounds it');
    assert.deepEqual(validateDesign(validDesign('aws-sts', 'anthropic', { lifetimeSeconds: 900, pins: { tokenLifetime: '900' } })), []);
    assert.match(at('entra', 3600, 'org:admin')[0]!, /org:admin token should live at most 900 s/);
    assert.deepEqual(problemFields(validDesign('eks', 'anthropic', { pins: { tokenLifetime: '599' } })), ['tokenLifetime'], 'Kubernetes refuses less than 600 s');
    assert.deepEqual(problemFields(validDesign('aws-sts', 'openai', { pins: { tokenLifetime: '3601' } })), ['tokenLifetime'], 'DurationSeconds is at most 3600');
  });

  it('discovery needs an issuer the destination can reach; explicit or inline keys do not', () => {
    const internal = 'https://kubernetes.default.svc.cluster.local';
    const [p] = validateDesign(validDesign('kubernetes', 'anthropic', { pins: { issuerUrl: internal } }));
    assert.equal(p?.field, 'issuerUrl');
    assert.match(p!.message, /Anthropic fetches the signing keys .* private name/);
    assert.match(validateDesign(validDesign('kubernetes', 'openai', { pins: { issuerUrl: internal } }))[0]!.message, /upload the JWKS/);
    assert.deepEqual(validateDesign(validDesign('kubernetes', 'anthropic', { pins: { issuerUrl: internal, jwks: 'explicit_url', jwksUrl: 'https://keys.acme.example/jwks.json' } })), []);
    assert.deepEqual(validateDesign(validDesign('kubernetes', 'snowflake', { pins: { issuerUrl: internal } })), [], 'Snowflake has no keys setting to check');
    assert.deepEqual(problemFields(validDesign('kubernetes', 'anthropic', { pins: { jwks: 'inline' } })), ['jwksKeys']);
  });
});

/** [validator, accepted, rejected] */
const TABLE: readonly [string, v.Check, readonly string[], readonly string[]][] = [
  ['githubRepository', v.githubRepository, ['acme/payments', 'octo-org/octo.repo_2', 'A1/.github'], ['acme', 'acme/', '/payments', 'acme/payments/x', '-acme/x', 'ac--me/x', 'acme/..', 'acme/*', `${'a'.repeat(40)}/x`]],
  ['gitBranch', v.gitBranch, ['main', 'release/v2', 'feature/JIRA-12_x', 'v1.2.3'], ['refs/heads/main', 'feat x', 'a..b', '*', 'main*', '-x', 'x/', 'x.lock', 'a:b', 'x/.y', '@']],
  ['githubEnvironment', v.githubEnvironment, ['production', 'prod:blue', 'Staging EU'], [' prod', 'prod ', 'prod*', 'x'.repeat(256), 'a\tb']],
  ['numericId', v.numericId, ['1', '123456', '98765432109876543210'], ['', '0', '012', '12a', '-1', '1'.repeat(21)]],
  ['awsAccountId', v.awsAccountId, ['123456789012', '000000000000'], ['12345678901', '1234567890123', '12345678901a']],
  ['roleArn', v.roleArn, ['arn:aws:iam::123456789012:role/inference-worker', 'arn:aws:iam::123456789012:role/service-role/etl', 'arn:aws-us-gov:iam::123456789012:role/x'],
    ['arn:aws:iam::123456789012:role/*', 'arn:aws:sts::123456789012:assumed-role/x/session', 'arn:aws:iam::12345:role/x', 'arn:aws:iam::123456789012:user/bob', 'inference-worker', `arn:aws:iam::123456789012:role/${'r'.repeat(65)}`]],
  ['awsOutboundIssuer', v.awsOutboundIssuer, ['https://abc123-def456-ghi789-jkl012.tokens.sts.global.api.aws'], ['https://abc.tokens.sts.global.api.aws/', 'http://abc.tokens.sts.global.api.aws', 'https://sts.amazonaws.com']],
  ['eksIssuer', v.eksIssuer, ['https://oidc.eks.us-west-2.amazonaws.com/id/5C1B3E1F0A7D4E8B9C2D6F4A1B3C5D7E'], ['https://oidc.eks.us-west-2.amazonaws.com/id/', 'oidc.eks.us-west-2.amazonaws.com/id/ABC', 'https://oidc.eks.us-west-2.amazonaws.com/id/ABC/']],
  ['issuerUrl', v.issuerUrl, ['https://issuer.example.com', 'https://kubernetes.default.svc.cluster.local', 'https://idp.example.com/tenant/', 'https://idp.example.com:8443/x'],
    ['http://issuer.example.com', 'issuer.example.com', 'https://', ' https://x.example', 'https://x.example/?a=b', 'https://x.example/#f']],
  ['jwksUrl', v.jwksUrl, ['https://keys.example.com/jwks.json'], ['http://keys.example.com/jwks.json', 'https://keys.internal/jwks.json', 'https://10.0.0.1/jwks', 'https://keys.example.com:8443/jwks']],
  ['jwksKeys', v.jwksKeys, ['{"keys":[{"kty":"RSA","kid":"k1","n":"x","e":"AQAB"}]}', '[{"kty":"EC","kid":"e","crv":"P-256","x":"a","y":"b","alg":"ES256"}]'],
    ['not json', '{"keys":[]}', '[]', '[{"kty":"oct","kid":"s","k":"c2VjcmV0"}]', '[{"kty":"RSA","n":"x","e":"AQAB"}]', '[{"kty":"RSA","kid":"a","d":"priv"}]', '[{"kty":"RSA","kid":"a"},{"kty":"RSA","kid":"a"}]', '[{"kty":"RSA","kid":"a","alg":"HS256"}]']],
  ['k8sNamespace', v.k8sNamespace, ['inference', 'a', 'team-1'], ['Inference', '-x', 'x-', 'a.b', 'x'.repeat(64), '']],
  ['k8sServiceAccountName', v.k8sServiceAccountName, ['inference-worker', 'a.b-c'], ['Worker', 'a_b', '-a', 'a.']],
  ['spiffeId', v.spiffeId, ['spiffe://acme.example/ns/batch/sa/worker', 'spiffe://td/x'],
    ['spiffe://acme.example', 'spiffe://acme.example/', 'spiffe://Acme.example/x', 'spiffe://acme.example/a//b', 'spiffe://acme.example/a/', 'spiffe://acme.example/../x', 'https://acme.example/x', 'spiffe://acme.example/x?y=1', 'spiffe://acme.example/*']],
  ['googleServiceAccountId', v.googleServiceAccountId, ['104892101234567890123'], ['10489210123456789012', '1048921012345678901234', 'inference-worker@x.iam.gserviceaccount.com']],
  ['googleServiceAccountEmail', v.googleServiceAccountEmail, ['inference-worker@my-project.iam.gserviceaccount.com', '123-compute@developer.gserviceaccount.com'],
    ['inference-worker@gmail.com', 'Inference@my-project.iam.gserviceaccount.com', '104892101234567890123']],
  ['guid', v.guid, ['72f988bf-86f1-41af-91ab-2d7cd011db47', '72F988BF-86F1-41AF-91AB-2D7CD011DB47'], ['72f988bf86f141af91ab2d7cd011db47', '72f988bf-86f1-41af-91ab-2d7cd011db4', 'api://72f988bf-86f1-41af-91ab-2d7cd011db47']],
  ['organizationId', v.organizationId, ['3f2c8a4e-9b1d-4c6e-8f0a-2d7b5e1c9a34'], ['org_123', '3f2c8a4e']],
  ['slugName', v.slugName, ['ci-deployer', 'a', 'x'.repeat(255)], ['CI', 'ci_deployer', 'ci deployer', '', 'x'.repeat(256)]],
  ['snowflakeIdentifier', v.snowflakeIdentifier, ['SVC_DEPLOY', 'svc_gha$1', '_x'], ['1svc', 'svc-deploy', 'svc deploy', '']],
  ['snowflakeAccount', v.snowflakeAccount, ['myorg-myacct', 'xy12345.us-east-1'], ['https://myorg-myacct.snowflakecomputing.com', 'myorg-myacct.snowflakecomputing.com', 'my org', '-x']],
  ['anthropicWorkspace', v.anthropicWorkspace, ['', 'default', 'all', 'wrkspc_01PaymentsProd7xQ2mN8vK4tR'], ['wrkspc_', 'ws_123', 'Default', 'wrkspc_...']],
  ['openaiProject', v.openaiProject, ['', 'proj_payments', 'proj_abc123'], ['payments', 'proj_']],
  ['exactSubject', v.exactSubject, ['service:batch-worker', 'a'], ['svc:*', ' x', 'x ']],
  ['integerIn', v.integerIn(600, 176400, 'x'), ['600', '3600', '176400'], ['599', '176401', '1.5', '', '-600', '6e2']],
];

describe('validators', () => {
  for (const [name, check, ok, bad] of TABLE) {
    it(name, () => {
      for (const value of ok) assert.equal(check(value), undefined, `${name} should accept ${JSON.stringify(value)}`);
      for (const value of bad) {
        const message = check(value);
        assert.ok(typeof message === 'string' && message.length > 10, `${name} should reject ${JSON.stringify(value)}`);
      }
    });
  }

  it('the fixtures\' pins are accepted by their fields\' validators', () => {
    for (const [identity, pins] of Object.entries(PINS)) {
      for (const [destination] of [['anthropic'], ['openai']] as const) {
        const m = validDesign(identity as never, destination);
        const fields = designFields(m.identity, m.destination);
        for (const id of Object.keys(pins)) {
          const f = fields.find((x) => x.id === id);
          if (f?.validate) assert.equal(f.validate(pins[id]!, m), undefined, `${identity}.${id}`);
        }
      }
    }
  });
});
