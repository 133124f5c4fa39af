import rule from '../../../../src/core/rules/iam/audience-condition';
import { GITHUB, GOOD, tfPlan, trust } from '../../iam/fixtures';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const SUB = { [`${GITHUB}:sub`]: 'repo:octo-org/octo-repo:ref:refs/heads/main' };
const PLAN = tfPlan([{ address: 'module.ci.aws_iam_role.deploy', type: 'aws_iam_role', values: { assume_role_policy: JSON.stringify(trust({ StringEquals: SUB })) } }]);

ruleTester.run(rule, {
  valid: [
    ...GOOD,
    { name: 'aud tested with StringLike', code: json(trust({ StringEquals: SUB, StringLike: { [`${GITHUB}:aud`]: 'sts.amazonaws.com' } })) },
    { name: 'Google needs no aud condition from this rule', code: json(trust({ StringEquals: { 'accounts.google.com:sub': '104893221133445566778' } }, { federated: 'accounts.google.com' })) },
    { name: 'no condition at all is iam/oidc-condition-required\'s finding', code: json(trust(undefined)) },
  ],
  invalid: [
    {
      name: 'GitHub sub without aud (JSON)',
      code: json(trust({ StringEquals: SUB })),
      errors: [{
        messageId: 'missingAudience', line: 10, column: 7, endColumn: 18, severity: 'warning', message: 'This policy trusts GitHub Actions (token.actions.githubusercontent.com)',
        suggestions: [{ title: `Add ${GITHUB}:aud = sts.amazonaws.com`, output: json(trust({ StringEquals: { ...SUB, [`${GITHUB}:aud`]: 'sts.amazonaws.com' } })) }],
      }],
    },
    {
      name: 'IRSA with only a StringLike sub: a StringEquals block is created (YAML)',
      code: dedent(`
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Federated: arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringLike:
                oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub: system:serviceaccount:kube-system:ebs-csi-controller-sa
      `),
      errors: [{
        messageId: 'missingAudience', line: 7, column: 5, endColumn: 14, message: 'Amazon EKS',
        suggestions: [{ output: dedent(`
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal:
                Federated: arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE
              Action: sts:AssumeRoleWithWebIdentity
              Condition:
                StringLike:
                  oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub: system:serviceaccount:kube-system:ebs-csi-controller-sa
                StringEquals:
                  oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud: sts.amazonaws.com
        `) }],
      }],
    },
    {
      name: 'GitLab through an OIDCProvider resource: the audience is the job\'s own (CloudFormation)',
      code: dedent(`
        Resources:
          GitLabOidc:
            Type: AWS::IAM::OIDCProvider
            Properties: { Url: https://gitlab.com, ClientIdList: [https://gitlab.com] }
          DeployRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Statement:
                  - Effect: Allow
                    Principal: { Federated: !GetAtt GitLabOidc.Arn }
                    Action: sts:AssumeRoleWithWebIdentity
                    Condition:
                      StringEquals: { "gitlab.com:sub": "project_path:octo-group/octo-project:ref_type:branch:ref:main" }
      `),
      errors: [{
        messageId: 'missingAudience', line: 13, column: 13, message: 'GitLab CI (gitlab.com)',
        suggestions: [{ output: dedent(`
          Resources:
            GitLabOidc:
              Type: AWS::IAM::OIDCProvider
              Properties: { Url: https://gitlab.com, ClientIdList: [https://gitlab.com] }
            DeployRole:
              Type: AWS::IAM::Role
              Properties:
                AssumeRolePolicyDocument:
                  Statement:
                    - Effect: Allow
                      Principal: { Federated: !GetAtt GitLabOidc.Arn }
                      Action: sts:AssumeRoleWithWebIdentity
                      Condition:
                        StringEquals: { "gitlab.com:sub": "project_path:octo-group/octo-project:ref_type:branch:ref:main", "gitlab.com:aud": "<aud set in the job's id_tokens>" }
        `) }],
      }],
    },
    {
      name: 'an aud that is only excluded does not pin it',
      code: json(trust({ StringEquals: SUB, StringNotEquals: { [`${GITHUB}:aud`]: 'https://github.com/octo-org' } })),
      errors: [{
        messageId: 'missingAudience', line: 10, column: 7,
        suggestions: [{ output: json(trust({ StringEquals: { ...SUB, [`${GITHUB}:aud`]: 'sts.amazonaws.com' }, StringNotEquals: { [`${GITHUB}:aud`]: 'https://github.com/octo-org' } })) }],
      }],
    },
    {
      name: 'Terraform plan in a module: the suggestion lands in the escaped string',
      code: PLAN,
      errors: [{
        messageId: 'missingAudience', line: 14, column: 256, message: '`module.ci.aws_iam_role.deploy` trusts',
        suggestions: [{ output: PLAN.replace('refs/heads/main\\"}}', 'refs/heads/main\\", \\"token.actions.githubusercontent.com:aud\\": \\"sts.amazonaws.com\\"}}') }],
      }],
    },
  ],
});
