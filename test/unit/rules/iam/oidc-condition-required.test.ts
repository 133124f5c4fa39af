import rule from '../../../../src/core/rules/iam/oidc-condition-required';
import { EKS, EKS_ARN, GOOD, trust } from '../../iam/fixtures';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

ruleTester.run(rule, {
  valid: [
    ...GOOD,
    { name: 'a condition Keyless cannot read (Fn::If) gets the benefit of the doubt', code: dedent(`
      Resources:
        DeployRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - Effect: Allow
                  Principal: { Federated: !Sub "arn:aws:iam::\${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com" }
                  Action: sts:AssumeRoleWithWebIdentity
                  Condition: !If [IsProd, { StringEquals: { "token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:environment:prod" } }, !Ref AWS::NoValue]
    `) },
    { name: 'a Deny statement needs no condition', code: json({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { Federated: EKS_ARN }, Action: 'sts:AssumeRoleWithWebIdentity' }] }) },
    { name: 'SAML federation is not OIDC', code: json(trust(undefined, { federated: 'arn:aws:iam::123456789012:saml-provider/Okta', action: 'sts:AssumeRoleWithSAML' })) },
    { name: 'an EC2 service role', code: json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) },
  ],
  invalid: [
    {
      name: 'GitHub trust policy without any condition (JSON)',
      code: json(trust(undefined)),
      errors: [{
        messageId: 'noCondition', line: 6, column: 7, endColumn: 18, message: 'any workflow of any repository on GitHub',
        suggestions: [{ output: json(trust({ StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:<org>/<repo>:ref:refs/heads/main' } })) }],
      }],
    },
    {
      name: 'IRSA role with an empty Condition (YAML)',
      code: dedent(`
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Federated: arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE
            Action: sts:AssumeRoleWithWebIdentity
            Condition: {}
      `),
      errors: [{
        messageId: 'emptyCondition', line: 7, column: 5, endColumn: 14, message: 'any pod of the cluster',
        suggestions: [{ output: dedent(`
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal:
                Federated: arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE
              Action: sts:AssumeRoleWithWebIdentity
              Condition: {"StringEquals": {"oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud": "sts.amazonaws.com", "oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": "system:serviceaccount:<namespace>:<service-account>"}}
        `) }],
      }],
    },
    {
      name: 'CloudFormation role trusting a provider resource, no condition',
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
                    Principal:
                      Federated: !Ref GitLabOidc
                    Action: sts:AssumeRoleWithWebIdentity
      `),
      errors: [{
        messageId: 'noCondition', line: 11, column: 13, endColumn: 22, message: 'any pipeline of any project',
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
                      Principal:
                        Federated: !Ref GitLabOidc
                      Action: sts:AssumeRoleWithWebIdentity
                      Condition:
                        StringEquals:
                          gitlab.com:aud: "<aud set in the job's id_tokens>"
                          gitlab.com:sub: "project_path:<group>/<project>:ref_type:branch:ref:main"
        `) }],
      }],
    },
    {
      name: 'a one-line YAML flow statement gets its Condition on the same line',
      code: dedent(`
        Resources:
          IrsaRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Statement:
                  - { Effect: Allow, Principal: { Federated: "${EKS_ARN}" }, Action: sts:AssumeRoleWithWebIdentity }
      `),
      errors: [{
        messageId: 'noCondition', line: 7, column: 30, endColumn: 39,
        suggestions: [{ output: dedent(`
          Resources:
            IrsaRole:
              Type: AWS::IAM::Role
              Properties:
                AssumeRolePolicyDocument:
                  Statement:
                    - { Effect: Allow, Principal: { Federated: "${EKS_ARN}" }, Action: sts:AssumeRoleWithWebIdentity, Condition: {"StringEquals": {"${EKS}:aud": "sts.amazonaws.com", "${EKS}:sub": "system:serviceaccount:<namespace>:<service-account>"}} }
        `) }],
      }],
    },
    {
      name: 'an operator with nothing under it is no condition',
      code: dedent(`
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Federated: arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals:
      `),
      errors: [{ messageId: 'emptyCondition', line: 7, column: 5, endColumn: 14 }],
    },
    {
      name: 'principal given by a parameter: the provider is unknown but web identity is explicit',
      code: dedent(`
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Statement:
                  - Effect: Allow
                    Principal: { Federated: !Ref OidcProviderArn }
                    Action: [sts:AssumeRoleWithWebIdentity, sts:TagSession]
      `),
      errors: [{
        messageId: 'noCondition', line: 8, column: 13, message: 'any subject of the provider',
        suggestions: [{ output: dedent(`
          Resources:
            Role:
              Type: AWS::IAM::Role
              Properties:
                AssumeRolePolicyDocument:
                  Statement:
                    - Effect: Allow
                      Principal: { Federated: !Ref OidcProviderArn }
                      Action: [sts:AssumeRoleWithWebIdentity, sts:TagSession]
                      Condition:
                        StringEquals:
                          "<provider>:aud": "<audience>"
                          "<provider>:sub": "<subject>"
        `) }],
      }],
    },
  ],
});
