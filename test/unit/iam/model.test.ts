// The IAM recogniser and model: which documents it claims (and which it must not), what it reads from policies,
// CloudFormation templates and Terraform plans, and how spans and edits map out of JSON strings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setScalar } from '../../../src/core/edit';
import { check } from '../../../src/core/engine';
import { buildIamModel, type IamModel, type IamStatement } from '../../../src/core/iam/model';
import { analyzeFederated, globMatch, hasWildcard, parseOperator, providerKey } from '../../../src/core/iam/facts';
import { compactJson, decodeJsonString } from '../../../src/core/iam/embedded';
import { SourceContext } from '../../../src/core/source';
import { applyEdits } from '../../../src/core/text';
import { dedent, json } from '../helpers/ruleTester';
import { cfnJson, cfnYaml, GITHUB, githubTrustYaml, mint, mintPolicyJson, tfPlan, tfPlanGood, trust } from './fixtures';

function build(text: string, path = text.trimStart().startsWith('{') ? 'policy.json' : 'policy.yaml') {
  return buildIamModel(new SourceContext(text, path));
}

function model(text: string, path?: string): IamModel {
  const b = build(text, path);
  assert.ok(b, 'expected the document to be recognised');
  return b.model;
}

const only = (m: IamModel): IamStatement => {
  assert.equal(m.policies.length, 1);
  assert.equal(m.policies[0]!.statements.length, 1);
  return m.policies[0]!.statements[0]!;
};

describe('iam model: policy documents', () => {
  it('reads a GitHub trust policy: principal, action, condition operators and keys', () => {
    const text = json(trust({
      'ForAllValues:StringLikeIfExists': { 'Token.Actions.GitHubUserContent.com:SUB': ['repo:a/b:*', 'repo:a/c:*'] },
      StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com', 'aws:SourceAccount': '123456789012' },
    }));
    const b = build(text)!;
    assert.deepEqual(b.kinds, ['iam-policy']);
    const s = only(b.model);
    assert.equal(s.allow, true);
    assert.equal(s.webIdentity, true);
    assert.equal(s.mintsTokens, false);
    const f = s.principal!.federated[0]!;
    assert.deepEqual([f.kind, f.provider, f.family], ['oidc', GITHUB, 'github-actions']);
    assert.equal(text.slice(s.principal!.keySpan.start, s.principal!.keySpan.end), '"Principal"');
    const [forAll, equals] = s.condition!.blocks;
    assert.deepEqual([forAll!.qualifier, forAll!.base, forAll!.baseLower, forAll!.ifExists], ['ForAllValues', 'StringLike', 'stringlike', true]);
    const sub = forAll!.entries[0]!;
    assert.deepEqual([sub.provider, sub.claim, sub.keyLower], ['Token.Actions.GitHubUserContent.com', 'SUB', `${GITHUB}:sub`]);
    assert.deepEqual(sub.values.map((v) => text.slice(v.span.start, v.span.end)), ['"repo:a/b:*"', '"repo:a/c:*"']);
    assert.equal(equals!.entries[1]!.provider, undefined, 'aws: keys are global, not a provider');
  });

  it('reads a YAML identity policy granting GetWebIdentityToken through sts:*', () => {
    const s = only(model(dedent(`
      Version: "2012-10-17"
      Statement:
        Effect: Allow
        Action: ["sts:*"]
        Resource: "*"
    `)));
    assert.equal(s.mintsTokens, true);
    assert.equal(s.webIdentity, false);
  });

  it('tells NotAction, Deny and principals apart from grants', () => {
    assert.equal(only(model(json({ Version: '2012-10-17', Statement: { Effect: 'Deny', Action: 'sts:GetWebIdentityToken', Resource: '*' } }))).mintsTokens, false);
    assert.equal(only(model(json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] }))).mintsTokens, false);
    const saml = only(model(json(trust(undefined, { federated: 'arn:aws:iam::123456789012:saml-provider/Okta', action: 'sts:AssumeRoleWithSAML' }))));
    assert.deepEqual([saml.principal!.federated[0]!.kind, saml.webIdentity], ['saml', false]);
  });

  it('does not claim documents that are not IAM policies', () => {
    const notOurs = [
      json({ name: 'keyless', version: '0.1.0', scripts: { test: 'node --test' } }),
      json({ Statement: 'Quarterly statement', Version: 3 }),
      json({ Statement: [{ amount: 12.5, currency: 'EUR' }] }),
      json({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Colour: 'blue' }] }),
      json({ format_version: '1.0', provider_schemas: {} }),
      dedent(`
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: web }
        spec: { replicas: 2 }
      `),
      dedent(`
        on: push
        jobs:
          deploy:
            runs-on: ubuntu-latest
            permissions: { id-token: write }
            steps:
              - uses: aws-actions/configure-aws-credentials@v4
                with: { role-to-assume: "arn:aws:iam::123456789012:role/deploy", aws-region: us-east-1 }
      `),
      json({ federation_rules: [{ name: 'r', match: { subject_prefix: 'repo:acme/app:ref:refs/heads/main' } }] }),
    ];
    for (const text of notOurs) assert.equal(build(text), undefined, text);
  });

  it('bails out before parsing a document that names none of its markers', () => {
    const src = new SourceContext(dedent(`
      services:
        web: { image: nginx, ports: ["8080:80"] }
    `), 'compose.yaml');
    assert.equal(buildIamModel(src), undefined);
    assert.equal(src.hasStructured, false, 'no parse was made');
  });

  it('leaves text formats to their own recognisers, even with policy content', () => {
    assert.equal(build(json(trust(undefined)), 'grants.sql'), undefined);
    assert.equal(build(json(trust(undefined)), '.env'), undefined);
  });
});

describe('iam model: CloudFormation', () => {
  it('reads trust, inline and managed policies of a YAML template with short-form tags', () => {
    const b = build(cfnYaml, 'template.yaml')!;
    assert.deepEqual(b.kinds, ['cloudformation-template']);
    const [trustPolicy, inline, managed] = b.model.policies;
    assert.deepEqual(b.model.policies.map((p) => [p.use, p.label]), [
      ['trust', 'role DeployRole'],
      ['identity', 'policy "mint-anthropic-tokens" of role DeployRole'],
      ['identity', 'managed policy ArtifactsPolicy'],
    ]);
    assert.deepEqual(trustPolicy!.origin, { kind: 'cloudformation', logicalId: 'DeployRole', resourceType: 'AWS::IAM::Role', property: 'AssumeRolePolicyDocument' });
    const s = trustPolicy!.statements[0]!;
    // !GetAtt GitHubOidcProvider.Arn resolves through the AWS::IAM::OIDCProvider in the same template
    const f = s.principal!.federated[0]!;
    assert.deepEqual([f.kind, f.provider, f.via, f.value.unknown, f.value.ref], ['oidc', GITHUB, 'resource', true, 'GitHubOidcProvider']);
    const sub = s.condition!.blocks[0]!.entries[1]!.values[0]!;
    assert.deepEqual([sub.template, sub.text], [true, 'repo:${GitHubOrg}/octo-repo:ref:refs/heads/main']);
    assert.equal(cfnYaml.slice(sub.span.start, sub.span.end), '"repo:${GitHubOrg}/octo-repo:ref:refs/heads/main"');
    assert.equal(inline!.statements[0]!.mintsTokens, true);
    const resource = managed!.statements[0]!.resources[0]!;
    assert.deepEqual([resource.template, resource.unknown], [true, false]);
  });

  it('reads long-form intrinsics of a JSON template', () => {
    const s = model(cfnJson, 'template.json').policies[0]!.statements[0]!;
    const f = s.principal!.federated[0]!;
    assert.deepEqual([f.kind, f.provider, f.value.template], ['oidc', GITHUB, true]);
  });

  it('treats !Ref, !If and other intrinsics as unknown, never as literals', () => {
    const text = dedent(`
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - Effect: Allow
                  Principal: { Federated: !Ref ProviderArn }
                  Action: !If [UseWebIdentity, sts:AssumeRoleWithWebIdentity, sts:AssumeRole]
                  Condition: !If [IsProd, { StringEquals: { a: b } }, !Ref AWS::NoValue]
    `);
    const b = build(text, 'template.yaml')!;
    assert.deepEqual(b.kinds, ['cloudformation-template'], 'Resources with Type: AWS::… is a template');
    const s = b.model.policies[0]!.statements[0]!;
    assert.deepEqual([s.principal!.federated[0]!.kind, s.actions!.unknown, s.condition!.map, s.webIdentity], ['unknown', true, undefined, false]);
  });

  it('recognises a template without IAM resources (and finds no policy in it)', () => {
    const b = build(dedent(`
      AWSTemplateFormatVersion: "2010-09-09"
      Resources:
        Bucket: { Type: AWS::S3::Bucket }
    `), 'bucket.yaml')!;
    assert.deepEqual([b.kinds, b.model.policies.length], [['cloudformation-template'], 0]);
  });
});

describe('iam model: Terraform plans', () => {
  it('reads policies held in JSON strings, once per resource', () => {
    const b = build(tfPlanGood, 'plan.json')!;
    assert.deepEqual(b.kinds, ['terraform-plan']);
    assert.deepEqual(b.model.policies.map((p) => [p.label, p.use, p.source.embedded]), [['`aws_iam_role.deploy`', 'trust', true], ['`aws_iam_policy.mint`', 'identity', true]]);
  });

  it('maps spans inside an escaped string back onto the exact characters of the plan', () => {
    // Terraform writes <, > and & as \u003c, \u003e, \u0026; pretty policies carry \n and \"
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'CI<&>Deploy', Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:octo-org/octo-repo:*' } } }] }, null, 2);
    const plan = tfPlan([{ address: 'module.ci.aws_iam_role.gha', type: 'aws_iam_role', values: { assume_role_policy: policy } }])
      .replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
    assert.ok(plan.includes('CI\\u003c\\u0026\\u003eDeploy'));
    const p = model(plan, 'plan.json').policies[0]!;
    const s = p.statements[0]!;
    const value = s.condition!.blocks[0]!.entries[0]!.values[0]!;
    assert.equal(plan.slice(value.span.start, value.span.end), '\\"repo:octo-org/octo-repo:*\\"');
    assert.equal(plan.slice(s.condition!.keySpan.start, s.condition!.keySpan.end), '\\"Condition\\"');
    assert.equal(p.source.text.slice(value.node.span.start, value.node.span.end), '"repo:octo-org/octo-repo:*"');
    // an edit inside the string is re-escaped as JSON string content, and the plan stays valid JSON
    const edited = applyEdits(plan, [p.source.edit(setScalar(value.node as Parameters<typeof setScalar>[0], 'repo:octo-org/octo-repo:ref:refs/heads/"main"'))]);
    const decoded = JSON.parse(JSON.parse(edited).planned_values.root_module.resources[0].values.assume_role_policy);
    assert.equal(decoded.Statement[0].Condition.StringLike['token.actions.githubusercontent.com:sub'], 'repo:octo-org/octo-repo:ref:refs/heads/"main"');
    assert.equal(decoded.Statement[0].Sid, 'CI<&>Deploy');
  });

  it('reports findings inside the string at the escaped characters', () => {
    const plan = tfPlan([{ address: 'aws_iam_role.gha', type: 'aws_iam_role', values: { assume_role_policy: JSON.stringify(trust({ StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com', [`${GITHUB}:sub`]: 'repo:octo-org/*' } })) } }]);
    const f = check(plan, 'plan.json', { only: ['iam/string-equals-wildcard'] }).findings;
    assert.equal(f.length, 1);
    assert.equal(plan.slice(f[0]!.span.start, f[0]!.span.end), '\\"repo:octo-org/*\\"');
  });

  it('skips strings that are not policies or not valid JSON', () => {
    const plan = tfPlan([
      { address: 'aws_iam_role.a', type: 'aws_iam_role', values: { assume_role_policy: '{"Statement": [' } },
      { address: 'aws_iam_role_policy.b', type: 'aws_iam_role_policy', values: { policy: '' } },
      { address: 'aws_s3_bucket.c', type: 'aws_s3_bucket', values: { policy: JSON.stringify(mint(undefined)) } },
    ]);
    const b = build(plan, 'plan.json')!;
    assert.deepEqual([b.kinds, b.model.policies.length], [['terraform-plan'], 0]);
  });
});

describe('iam facts', () => {
  it('parses operators with qualifiers and IfExists, case-insensitively', () => {
    assert.deepEqual(parseOperator('forallvalues:stringequalsifexists'), { qualifier: 'ForAllValues', base: 'stringequals', baseLower: 'stringequals', ifExists: true });
    assert.deepEqual(parseOperator('ForAnyValue:StringLike'), { qualifier: 'ForAnyValue', base: 'StringLike', baseLower: 'stringlike', ifExists: false });
    assert.deepEqual(parseOperator('Null'), { qualifier: undefined, base: 'Null', baseLower: 'null', ifExists: false });
  });

  it('splits provider keys and leaves global keys alone', () => {
    assert.deepEqual(providerKey('oidc.eks.us-west-2.amazonaws.com/id/ABC:sub'), { provider: 'oidc.eks.us-west-2.amazonaws.com/id/ABC', claim: 'sub' });
    assert.equal(providerKey('aws:RequestTag/team'), undefined);
    assert.equal(providerKey('sts:IdentityTokenAudience'), undefined);
  });

  it('reads federated principals', () => {
    assert.equal(analyzeFederated('arn:aws-us-gov:iam::123456789012:oidc-provider/gitlab.com', false).family, 'gitlab');
    assert.equal(analyzeFederated('cognito-identity.amazonaws.com', false).kind, 'oidc');
    assert.deepEqual(analyzeFederated('arn:aws:iam::${AWS::AccountId}:oidc-provider/${Host}', true), { kind: 'oidc', family: 'custom' });
    assert.deepEqual(analyzeFederated('token.actions.githubusercontent.com', false), { kind: 'malformed', problem: 'not-arn', guessedProvider: GITHUB });
    assert.equal(analyzeFederated('arn:aws:iam::1234:oidc-provider/x.example', false).problem, 'account');
    assert.equal(analyzeFederated('arn:aws:iam::123456789012:oidc-provider/https://gitlab.com', false).problem, 'scheme');
  });

  it('matches IAM globs without blowing up', () => {
    assert.ok(globMatch('sts:Get*', 'sts:GetWebIdentityToken'));
    assert.ok(globMatch('*', 'sts:GetWebIdentityToken'));
    assert.ok(!globMatch('sts:Get?', 'sts:GetWebIdentityToken'));
    assert.ok(!globMatch('RS*', 'rs256', true));
    const t = performance.now();
    assert.ok(!globMatch('*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000)));
    assert.ok(performance.now() - t < 200);
  });

  it('sees wildcards only outside references and IAM escapes', () => {
    assert.ok(hasWildcard('repo:${Org}/*', true));
    assert.ok(!hasWildcard('repo:${Org}/app', true));
    assert.ok(!hasWildcard('home/${*}/x', false));
  });

  it('decodes JSON string content with an offset per unit, and rejects broken escapes', () => {
    const raw = 'a\\"b\\u00e9\\n';
    const d = decodeJsonString(raw, 0, raw.length)!;
    assert.equal(d.value, 'a"bé\n');
    assert.deepEqual([...d.offsets], [0, 1, 3, 4, 10, 12]);
    assert.equal(decodeJsonString('\\x', 0, 2), undefined);
    assert.equal(decodeJsonString('\\u12', 0, 4), undefined);
    assert.equal(compactJson(',\n  "a": {\n    "b": "x\\ny",\n    "c": 1\n  }'), ', "a": {"b": "x\\ny", "c": 1}');
  });

  it('is quiet on a good configuration in every form', () => {
    for (const text of [githubTrustYaml, mintPolicyJson, cfnYaml, cfnJson, tfPlanGood]) {
      const iam = check(text, text.startsWith('{') ? 'f.json' : 'f.yaml').findings.filter((f) => f.ruleId.startsWith('iam/'));
      assert.deepEqual(iam.map((f) => f.message), []);
    }
  });
});
