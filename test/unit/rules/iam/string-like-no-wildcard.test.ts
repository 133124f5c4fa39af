import rule from '../../../../src/core/rules/iam/string-like-no-wildcard';
import { EKS, EKS_ARN, GITHUB, GOOD, tfPlan, trust } from '../../iam/fixtures';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const irsa = (op: string) => json(trust({ [op]: { [`${EKS}:sub`]: 'system:serviceaccount:payments:payments-api', [`${EKS}:aud`]: 'sts.amazonaws.com' } }, { federated: EKS_ARN }));
const denyProd = (op: string) => json({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: 'rds:DeleteDBInstance', Resource: '*', Condition: { [op]: { 'aws:ResourceTag/env': ['staging', 'dev'] } } }],
});

ruleTester.run(rule, {
  valid: [
    ...GOOD,
    { name: 'a ? is a wildcard too', code: json(trust({ StringLike: { [`${GITHUB}:sub`]: 'repo:octo-org/octo-repo:ref:refs/heads/v?' }, StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com' } })) },
    { name: 'a !Sub reference may expand to a pattern', code: dedent(`
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - Effect: Allow
                  Principal: { Federated: !Sub "arn:aws:iam::\${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com" }
                  Action: sts:AssumeRoleWithWebIdentity
                  Condition:
                    StringEquals: { "token.actions.githubusercontent.com:aud": sts.amazonaws.com }
                    StringLike: { "token.actions.githubusercontent.com:sub": !Sub "repo:octo-org/\${RepoPattern}" }
    `) },
  ],
  invalid: [
    {
      name: 'an IRSA trust policy copied with StringLike and exact values (JSON)',
      code: irsa('StringLike'),
      errors: [{ messageId: 'noWildcard', line: 11, column: 9, endColumn: 21, severity: 'info' }],
      output: irsa('StringEquals'),
    },
    {
      name: 'a StringEquals block exists: the suggestion merges into it (YAML)',
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
              StringLike:
                token.actions.githubusercontent.com:sub: repo:octo-org/octo-repo:environment:production
      `),
      errors: [{
        messageId: 'noWildcard', line: 10, column: 7, endColumn: 17,
        suggestions: [{ output: dedent(`
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal:
                Federated: arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com
              Action: sts:AssumeRoleWithWebIdentity
              Condition:
                StringEquals:
                  token.actions.githubusercontent.com:aud: sts.amazonaws.com
                  token.actions.githubusercontent.com:sub: repo:octo-org/octo-repo:environment:production
        `) }],
      }],
    },
    {
      name: 'StringNotLike without a wildcard in an identity policy',
      code: denyProd('StringNotLike'),
      errors: [{ messageId: 'noWildcard', line: 9, column: 9, endColumn: 24, message: 'like `StringNotEquals`' }],
      output: denyProd('StringNotEquals'),
    },
    {
      name: 'Terraform plan: the operator is renamed inside the escaped string',
      code: tfPlan([{ address: 'aws_iam_role.irsa', type: 'aws_iam_role', values: { assume_role_policy: JSON.stringify(JSON.parse(irsa('StringLike'))) } }]),
      errors: [{ messageId: 'noWildcard', line: 14, column: 304, endColumn: 318 }],
      output: tfPlan([{ address: 'aws_iam_role.irsa', type: 'aws_iam_role', values: { assume_role_policy: JSON.stringify(JSON.parse(irsa('StringLike'))) } }]).replace('StringLike', 'StringEquals'),
    },
  ],
});
