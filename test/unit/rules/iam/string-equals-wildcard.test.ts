import rule from '../../../../src/core/rules/iam/string-equals-wildcard';
import { GITHUB, GOOD, tfPlan, trust } from '../../iam/fixtures';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const AUD = { [`${GITHUB}:aud`]: 'sts.amazonaws.com' };
const SUB = `${GITHUB}:sub`;
const denyOutsideTeams = (op: string) => json({
  Version: '2012-10-17',
  Statement: [{
    Sid: 'DenyOutsidePlatformTeams',
    Effect: 'Deny',
    Action: 'secretsmanager:GetSecretValue',
    Resource: '*',
    Condition: { [op]: { 'aws:PrincipalTag/team': 'platform-*' } },
  }],
});

const cfnRole = (op: string) => json({
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: {
    DeployRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Statement: [{
            Effect: 'Allow',
            Principal: { Federated: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com' } },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: { [op]: { [SUB]: { 'Fn::Sub': 'repo:${GitHubOrg}/*' } } },
          }],
        },
      },
    },
  },
});

ruleTester.run(rule, {
  valid: [
    ...GOOD,
    { name: 'patterns under StringLike', code: json(trust({ StringEquals: AUD, StringLike: { [SUB]: 'repo:octo-org/octo-repo:ref:refs/heads/release/*' } })) },
    { name: 'IAM\'s ${*} spells a literal star', code: json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::reports', Condition: { StringEquals: { 's3:prefix': 'literal-${*}-name' } } }] }) },
    { name: 'ArnEquals takes wildcards', code: json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: '*', Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:alerts-*' } } }] }) },
  ],
  invalid: [
    {
      name: 'a GitHub subject pattern under StringEquals (JSON)',
      code: json(trust({ StringEquals: { ...AUD, [SUB]: 'repo:octo-org/*' } })),
      errors: [{ messageId: 'literal', line: 13, column: 54, endColumn: 71, message: 'never matches a real value' }],
      output: json(trust({ StringLike: { ...AUD, [SUB]: 'repo:octo-org/*' } })),
    },
    {
      name: 'a StringLike block exists already: the suggestion moves the pair (YAML)',
      code: dedent(`
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Federated: arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals:
                token.actions.githubusercontent.com:aud: sts.amazonaws.com
                token.actions.githubusercontent.com:sub: repo:octo-org/octo-repo:environment:prod-*
              StringLike:
                token.actions.githubusercontent.com:job_workflow_ref: octo-org/workflows/.github/workflows/deploy.yml@*
      `),
      errors: [{
        messageId: 'literal', line: 10, column: 50, endColumn: 92,
        suggestions: [{
          title: 'Move `token.actions.githubusercontent.com:sub` into the existing `StringLike` block',
          output: dedent(`
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Principal:
                  Federated: arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com
                Action: sts:AssumeRoleWithWebIdentity
                Condition:
                  StringEquals:
                    token.actions.githubusercontent.com:aud: sts.amazonaws.com
                  StringLike:
                    token.actions.githubusercontent.com:job_workflow_ref: octo-org/workflows/.github/workflows/deploy.yml@*
                    token.actions.githubusercontent.com:sub: repo:octo-org/octo-repo:environment:prod-*
          `),
        }],
      }],
    },
    {
      name: 'qualifiers and IfExists are kept',
      code: json(trust({ StringEquals: AUD, 'ForAnyValue:StringEqualsIfExists': { [SUB]: ['repo:octo-org/octo-repo:ref:refs/heads/main', 'repo:octo-org/octo-repo:ref:refs/tags/v*'] } })),
      errors: [{ messageId: 'literal', line: 17, column: 13, endColumn: 55 }],
      output: json(trust({ StringEquals: AUD, 'ForAnyValue:StringLikeIfExists': { [SUB]: ['repo:octo-org/octo-repo:ref:refs/heads/main', 'repo:octo-org/octo-repo:ref:refs/tags/v*'] } })),
    },
    {
      name: 'StringNotEquals with a pattern in a Deny: the exception never applies',
      code: denyOutsideTeams('StringNotEquals'),
      errors: [{ messageId: 'literal', line: 11, column: 36, endColumn: 48, message: 'the test is always true' }],
      output: denyOutsideTeams('StringNotLike'),
    },
    {
      name: 'StringEqualsIgnoreCase: no case-insensitive pattern operator, so only a suggestion',
      code: json(trust({ StringEquals: AUD, StringEqualsIgnoreCase: { [SUB]: 'repo:Octo-Org/Octo-Repo:*' } })),
      errors: [{
        messageId: 'literalIgnoreCase', line: 15, column: 54, endColumn: 81,
        suggestions: [{ title: 'Change `StringEqualsIgnoreCase` to `StringLike`', output: json(trust({ StringEquals: AUD, StringLike: { [SUB]: 'repo:Octo-Org/Octo-Repo:*' } })) }],
      }],
    },
    {
      name: 'two patterns in one block: one fix',
      code: json(trust({ StringEquals: { ...AUD, [SUB]: ['repo:octo-org/api:*', 'repo:octo-org/web:*'] } })),
      errors: [
        { messageId: 'literal', line: 14, column: 13, endColumn: 34 },
        { messageId: 'literal', line: 15, column: 13, endColumn: 34 },
      ],
      output: json(trust({ StringLike: { ...AUD, [SUB]: ['repo:octo-org/api:*', 'repo:octo-org/web:*'] } })),
    },
    {
      name: 'CloudFormation JSON: the literal part of an Fn::Sub holds the star',
      code: cfnRole('StringEquals'),
      errors: [{ messageId: 'literal', line: 20, column: 32, endColumn: 53 }],
      output: cfnRole('StringLike'),
    },
    {
      name: 'Terraform plan: the fix renames the operator inside the escaped string',
      code: tfPlan([{ address: 'aws_iam_role.gha', type: 'aws_iam_role', values: { assume_role_policy: JSON.stringify(trust({ StringEquals: { ...AUD, [SUB]: 'repo:octo-org/octo-repo:*' } })) } }]),
      errors: [{ messageId: 'literal', line: 14, column: 399, endColumn: 428 }],
      output: tfPlan([{ address: 'aws_iam_role.gha', type: 'aws_iam_role', values: { assume_role_policy: JSON.stringify(trust({ StringEquals: { ...AUD, [SUB]: 'repo:octo-org/octo-repo:*' } })) } }])
        .replace('StringEquals', 'StringLike'),
    },
  ],
});
