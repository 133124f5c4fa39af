// Realistic IAM documents shared by the iam tests: good configurations that every iam rule must leave quiet, and
// builders for trust policies, CloudFormation templates and Terraform plans (policies embedded as JSON strings).
import { dedent, json } from '../helpers/ruleTester';

export const ACCOUNT = '123456789012';
export const GITHUB = 'token.actions.githubusercontent.com';
export const GITHUB_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${GITHUB}`;
export const EKS = 'oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
export const EKS_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${EKS}`;

type Obj = Record<string, unknown>;

/** A one-statement trust policy for an OIDC provider. */
export function trust(condition: Obj | undefined, opts: { federated?: unknown; action?: unknown; principal?: unknown } = {}): Obj {
  const statement: Obj = {
    Effect: 'Allow',
    Principal: opts.principal ?? { Federated: opts.federated ?? GITHUB_ARN },
    Action: opts.action ?? 'sts:AssumeRoleWithWebIdentity',
  };
  if (condition) statement.Condition = condition;
  return { Version: '2012-10-17', Statement: [statement] };
}

/** A one-statement identity policy granting `sts:GetWebIdentityToken`. */
export function mint(condition: Obj | undefined, action: unknown = 'sts:GetWebIdentityToken'): Obj {
  const statement: Obj = { Sid: 'MintTokens', Effect: 'Allow', Action: action, Resource: '*' };
  if (condition) statement.Condition = condition;
  return { Version: '2012-10-17', Statement: [statement] };
}

/** The canonical GitHub Actions trust policy: one repository's main branch, `aud` pinned (domain.md §4.2). */
export const githubTrustJson = json(trust({
  StringEquals: {
    [`${GITHUB}:aud`]: 'sts.amazonaws.com',
    [`${GITHUB}:sub`]: 'repo:octo-org/octo-repo:ref:refs/heads/main',
  },
}));

export const githubTrustYaml = dedent(`
  Version: "2012-10-17"
  Statement:
    - Sid: GitHubDeployFromMain
      Effect: Allow
      Principal:
        Federated: arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com
      Action: sts:AssumeRoleWithWebIdentity
      Condition:
        StringEquals:
          token.actions.githubusercontent.com:aud: sts.amazonaws.com
        StringLike:
          token.actions.githubusercontent.com:sub:
            - repo:octo-org/octo-repo:ref:refs/heads/release/*
            - repo:octo-org/octo-repo:environment:production
`);

/** An EKS IRSA role pinned to one service account (domain.md §4.2). */
export const irsaTrustJson = json(trust({
  StringEquals: {
    [`${EKS}:sub`]: 'system:serviceaccount:payments:payments-api',
    [`${EKS}:aud`]: 'sts.amazonaws.com',
  },
}, { federated: EKS_ARN }));

/** The outbound policy of domain.md §4.1: audience with its Null check, duration cap, pinned algorithm. */
export const mintPolicyJson = json(mint({
  'ForAllValues:StringEquals': { 'sts:IdentityTokenAudience': ['https://api.anthropic.com'] },
  Null: { 'sts:IdentityTokenAudience': 'false' },
  NumericLessThanEquals: { 'sts:DurationSeconds': 900 },
  StringEquals: { 'sts:SigningAlgorithm': 'RS256' },
}));

/** A CloudFormation template in YAML with short-form tags: an OIDC provider, a pinned deploy role, a minting policy. */
export const cfnYaml = dedent(`
  AWSTemplateFormatVersion: "2010-09-09"
  Description: GitHub Actions deploy role and a token-minting policy
  Parameters:
    GitHubOrg:
      Type: String
      Default: octo-org
  Resources:
    GitHubOidcProvider:
      Type: AWS::IAM::OIDCProvider
      Properties:
        Url: https://token.actions.githubusercontent.com
        ClientIdList: [sts.amazonaws.com]
    DeployRole:
      Type: AWS::IAM::Role
      Properties:
        RoleName: !Sub "\${AWS::StackName}-deploy"
        AssumeRolePolicyDocument:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal:
                Federated: !GetAtt GitHubOidcProvider.Arn
              Action: sts:AssumeRoleWithWebIdentity
              Condition:
                StringEquals:
                  token.actions.githubusercontent.com:aud: sts.amazonaws.com
                  token.actions.githubusercontent.com:sub: !Sub "repo:\${GitHubOrg}/octo-repo:ref:refs/heads/main"
        Policies:
          - PolicyName: mint-anthropic-tokens
            PolicyDocument:
              Version: "2012-10-17"
              Statement:
                - Effect: Allow
                  Action: sts:GetWebIdentityToken
                  Resource: "*"
                  Condition:
                    ForAllValues:StringEquals:
                      sts:IdentityTokenAudience: [https://api.anthropic.com]
                    "Null":
                      sts:IdentityTokenAudience: "false"
                    NumericLessThanEquals:
                      sts:DurationSeconds: 900
                    StringEquals:
                      sts:SigningAlgorithm: ES384
    ArtifactsPolicy:
      Type: AWS::IAM::ManagedPolicy
      Properties:
        Roles: [!Ref DeployRole]
        PolicyDocument:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Action: [s3:GetObject, s3:PutObject]
              Resource: !Sub "arn:aws:s3:::artifacts-\${AWS::AccountId}/*"
`);

/** The same deploy role as a JSON template with long-form intrinsics. */
export const cfnJson = json({
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: {
    DeployRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{
            Effect: 'Allow',
            Principal: { Federated: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com' } },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: {
                'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
                'token.actions.githubusercontent.com:sub': { 'Fn::Sub': 'repo:${GitHubOrg}/octo-repo:environment:production' },
              },
            },
          }],
        },
      },
    },
  },
});

export interface TfResource {
  readonly address: string;
  readonly type: string;
  readonly values: Obj;
}

/** `terraform show -json` of a plan: policies are JSON strings, as the AWS provider stores them. */
export function tfPlan(resources: readonly TfResource[]): string {
  const name = (a: string) => a.split('.').pop()!;
  return json({
    format_version: '1.2',
    terraform_version: '1.9.5',
    planned_values: {
      root_module: {
        resources: resources.map((r) => ({ address: r.address, mode: 'managed', type: r.type, name: name(r.address), provider_name: 'registry.terraform.io/hashicorp/aws', values: r.values })),
      },
    },
    resource_changes: resources.map((r) => ({ address: r.address, mode: 'managed', type: r.type, name: name(r.address), change: { actions: ['create'], before: null, after: r.values } })),
  });
}

/** A plan with a good GitHub trust policy (minified, as `jsonencode` writes it) and a good minting policy (pretty). */
export const tfPlanGood = tfPlan([
  { address: 'aws_iam_role.deploy', type: 'aws_iam_role', values: { name: 'deploy', assume_role_policy: JSON.stringify(JSON.parse(githubTrustJson)) } },
  { address: 'aws_iam_policy.mint', type: 'aws_iam_policy', values: { name: 'mint', policy: JSON.stringify(JSON.parse(mintPolicyJson), null, 2) } },
]);

/** Every good configuration: each iam rule must stay quiet on all of them. */
export const GOOD: readonly { readonly name: string; readonly code: string }[] = [
  { name: 'canonical GitHub trust policy (JSON)', code: githubTrustJson },
  { name: 'GitHub trust policy with release branches and an environment (YAML)', code: githubTrustYaml },
  { name: 'EKS IRSA role pinned to one service account', code: irsaTrustJson },
  { name: 'GetWebIdentityToken policy with audience, Null check, duration cap and algorithm', code: mintPolicyJson },
  { name: 'CloudFormation YAML template with short-form tags', code: cfnYaml },
  { name: 'CloudFormation JSON template with Fn::Sub', code: cfnJson },
  { name: 'Terraform plan with embedded policies', code: tfPlanGood },
];
