import rule from '../../../../src/core/rules/iam/condition-key-provider';
import { EKS, EKS_ARN, GITHUB, GITHUB_ARN, GOOD, trust } from '../../iam/fixtures';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const OTHER_EKS = 'oidc.eks.us-west-2.amazonaws.com/id/EXAMPLE0A1B2C3D4E5F60718293EXAMPLE';
const AUD = { [`${GITHUB}:aud`]: 'sts.amazonaws.com' };

ruleTester.run(rule, {
  valid: [
    ...GOOD,
    { name: 'global aws: keys sit beside provider keys', code: json(trust({ StringEquals: { ...AUD, [`${GITHUB}:sub`]: 'repo:octo-org/octo-repo:ref:refs/heads/main', 'aws:SourceAccount': '123456789012' } })) },
    { name: 'keys for each of two trusted providers', code: json(trust({ StringEquals: { ...AUD, [`${EKS}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${GITHUB}:sub`]: 'repo:octo-org/octo-repo:ref:refs/heads/main', [`${EKS}:sub`]: 'system:serviceaccount:ci:runner' } }, { federated: [GITHUB_ARN, EKS_ARN] })) },
    { name: 'a GHEC enterprise issuer is keyed by host and path', code: json(trust({ StringEquals: { [`${GITHUB}/octo-enterprise:aud`]: 'sts.amazonaws.com', [`${GITHUB}/octo-enterprise:sub`]: 'repo:octo-org/octo-repo:ref:refs/heads/main' } }, { federated: `${GITHUB_ARN}/octo-enterprise` })) },
    { name: 'keys are case-insensitive', code: json(trust({ StringEquals: { 'Token.Actions.GitHubUserContent.com:aud': 'sts.amazonaws.com', [`${GITHUB}:sub`]: 'repo:octo-org/octo-repo:ref:refs/heads/main' } })) },
    { name: 'a principal from a parameter may be the provider the keys name', code: dedent(`
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - Effect: Allow
                  Principal: { Federated: !Ref ClusterOidcProviderArn }
                  Action: sts:AssumeRoleWithWebIdentity
                  Condition:
                    StringEquals:
                      oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE11112222333344445555EXAMPLE:sub: system:serviceaccount:ci:runner
    `) },
  ],
  invalid: [
    {
      name: 'a misspelt provider under StringLikeIfExists passes for every token (JSON)',
      code: json(trust({ StringEquals: AUD, StringLikeIfExists: { 'token.actions.githubuser.content.com:sub': 'repo:octo-org/octo-repo:ref:refs/heads/main' } })),
      errors: [{ messageId: 'passesAlways', line: 15, column: 11, endColumn: 53, severity: 'error', message: 'is true for every token' }],
      output: json(trust({ StringEquals: AUD, StringLikeIfExists: { [`${GITHUB}:sub`]: 'repo:octo-org/octo-repo:ref:refs/heads/main' } })),
    },
    {
      name: 'a sub key copied from another cluster (YAML)',
      code: dedent(`
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Federated: arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals:
                oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud: sts.amazonaws.com
                oidc.eks.us-west-2.amazonaws.com/id/EXAMPLE0A1B2C3D4E5F60718293EXAMPLE:sub: system:serviceaccount:payments:payments-api
      `),
      errors: [{ messageId: 'neverMatches', line: 10, column: 9, endColumn: 83, severity: 'warning', message: 'admits nobody' }],
      output: dedent(`
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Federated: arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals:
                oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud: sts.amazonaws.com
                oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub: system:serviceaccount:payments:payments-api
      `),
    },
    {
      name: 'keys of another provider family: renaming is offered, not applied',
      code: json(trust({ StringEquals: { [`${OTHER_EKS}:aud`]: 'sts.amazonaws.com', [`${OTHER_EKS}:sub`]: 'system:serviceaccount:ci:runner' } })),
      errors: [
        {
          messageId: 'neverMatches', line: 12, column: 11, endColumn: 87, severity: 'warning',
          suggestions: [{ title: `Rename the key to \`${GITHUB}:aud\``, output: json(trust({ StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com', [`${OTHER_EKS}:sub`]: 'system:serviceaccount:ci:runner' } })) }],
        },
        {
          messageId: 'neverMatches', line: 13, column: 11, endColumn: 87, severity: 'warning',
          suggestions: [{ output: json(trust({ StringEquals: { [`${OTHER_EKS}:aud`]: 'sts.amazonaws.com', [`${GITHUB}:sub`]: 'system:serviceaccount:ci:runner' } })) }],
        },
      ],
    },
    {
      name: 'ForAllValues and a claim the provider does not have: no rename to offer',
      code: json(trust({ StringEquals: AUD, 'ForAllValues:StringEquals': { 'token.actions.githubuser.content.com:branch': 'main' } })),
      errors: [{ messageId: 'passesAlways', line: 15, column: 11, endColumn: 56, severity: 'error', message: 'Use a key of `token.actions.githubusercontent.com`' }],
    },
    {
      name: 'Null: true on a key that is never set',
      code: json(trust({ StringEquals: { ...AUD, [`${GITHUB}:sub`]: 'repo:octo-org/octo-repo:ref:refs/heads/main' }, Null: { 'token.actions.githubusercontent.co:actor': 'true' } })),
      errors: [{ messageId: 'passesAlways', line: 16, column: 11, endColumn: 53, severity: 'error' }],
      output: json(trust({ StringEquals: { ...AUD, [`${GITHUB}:sub`]: 'repo:octo-org/octo-repo:ref:refs/heads/main' }, Null: { [`${GITHUB}:actor`]: 'true' } })),
    },
  ],
});
