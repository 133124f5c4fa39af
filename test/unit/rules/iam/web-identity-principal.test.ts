import rule from '../../../../src/core/rules/iam/web-identity-principal';
import { GITHUB, GITHUB_ARN, GOOD, trust } from '../../iam/fixtures';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const COND = { StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com', [`${GITHUB}:sub`]: 'repo:octo-org/octo-repo:ref:refs/heads/main' } };

ruleTester.run(rule, {
  valid: [
    ...GOOD,
    { name: 'web identity with session tags', code: json(trust(COND, { action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'] })) },
    { name: 'Cognito identity pools use the built-in domain', code: json(trust({ StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:12345678-1234-1234-1234-123456789012' } }, { federated: 'cognito-identity.amazonaws.com' })) },
    { name: 'SAML federation', code: json(trust({ StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } }, { federated: 'arn:aws:iam::123456789012:saml-provider/Okta', action: 'sts:AssumeRoleWithSAML' })) },
    { name: 'cross-account AssumeRole for an AWS principal', code: json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::210987654321:role/ci' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'octo-ci' } } }] }) },
    { name: 'sts:* for a cross-account AWS principal is not about web identity', code: json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::210987654321:root' }, Action: 'sts:*' }] }) },
    { name: 'a public bucket policy is not about web identity', code: json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: 'arn:aws:s3:::octo-public/*' }] }) },
    { name: 'a GovCloud provider ARN, and one built with !Sub', code: dedent(`
      Resources:
        GovRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - Effect: Allow
                  Principal:
                    Federated:
                      - arn:aws-us-gov:iam::123456789012:oidc-provider/token.actions.githubusercontent.com
                      - !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:oidc-provider/\${OidcHost}"
                  Action: sts:AssumeRoleWithWebIdentity
                  Condition:
                    StringEquals: { "token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:ref:refs/heads/main" }
    `) },
  ],
  invalid: [
    {
      name: 'Principal "*" for web identity (JSON)',
      code: json(trust(COND, { principal: '*' })),
      errors: [{
        messageId: 'notFederated', line: 6, column: 20, endColumn: 23, message: 'every principal',
        suggestions: [{ title: 'Trust an OIDC provider instead', output: json(trust(COND, { principal: '*' })).replace('"Principal": "*"', `"Principal": { "Federated": "arn:aws:iam::<account-id>:oidc-provider/${GITHUB}" }`) }],
      }],
    },
    {
      name: 'an AWS principal for web identity (YAML)',
      code: dedent(`
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: "*"
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals:
                token.actions.githubusercontent.com:sub: repo:octo-org/octo-repo:ref:refs/heads/main
      `),
      errors: [{
        messageId: 'notFederated', line: 5, column: 12, endColumn: 15, message: 'every AWS principal',
        suggestions: [{ output: dedent(`
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal:
                Federated: "arn:aws:iam::<account-id>:oidc-provider/token.actions.githubusercontent.com"
              Action: sts:AssumeRoleWithWebIdentity
              Condition:
                StringEquals:
                  token.actions.githubusercontent.com:sub: repo:octo-org/octo-repo:ref:refs/heads/main
        `) }],
      }],
    },
    {
      name: 'sts:AssumeRole with an OIDC principal: the only action is replaced',
      code: json(trust(COND, { action: 'sts:AssumeRole' })),
      errors: [{ messageId: 'wrongAction', line: 9, column: 17, endColumn: 33, message: 'admits nobody' }],
      output: json(trust(COND, { action: 'sts:AssumeRoleWithWebIdentity' })),
    },
    {
      name: 'beside the right action, the wrong one is offered for removal',
      code: json(trust(COND, { action: ['sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'] })),
      errors: [{
        messageId: 'wrongAction', line: 11, column: 9, endColumn: 33,
        suggestions: [{ title: 'Remove `sts:AssumeRoleWithSAML`', output: json(trust(COND, { action: ['sts:AssumeRoleWithWebIdentity'] })) }],
      }],
    },
    {
      name: 'beside another action, the replacement is a suggestion',
      code: json(trust(COND, { action: ['sts:AssumeRole', 'sts:TagSession'] })),
      errors: [{
        messageId: 'wrongAction', line: 10, column: 9, endColumn: 25,
        suggestions: [{ output: json(trust(COND, { action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'] })) }],
      }],
    },
    {
      name: 'malformed federated principals',
      code: json(trust(COND, { federated: [`arn:aws:iam::123456789012:oidc-provider/https://${GITHUB}`, GITHUB, 'arn:aws:iam::12345:oidc-provider/gitlab.com', 'arn:aws:iam::123456789012:oidc-provider/'] })),
      errors: [
        { messageId: 'scheme', line: 8, column: 11, endColumn: 96, message: `Use \`${GITHUB_ARN}\`` },
        { messageId: 'notArn', line: 9, column: 11, endColumn: 48, suggestions: [{ output: json(trust(COND, { federated: [`arn:aws:iam::123456789012:oidc-provider/https://${GITHUB}`, `arn:aws:iam::<account-id>:oidc-provider/${GITHUB}`, 'arn:aws:iam::12345:oidc-provider/gitlab.com', 'arn:aws:iam::123456789012:oidc-provider/'] })) }] },
        { messageId: 'account', line: 10, column: 11, endColumn: 56 },
        { messageId: 'empty', line: 11, column: 11, endColumn: 53 },
      ],
      output: json(trust(COND, { federated: [GITHUB_ARN, GITHUB, 'arn:aws:iam::12345:oidc-provider/gitlab.com', 'arn:aws:iam::123456789012:oidc-provider/'] })),
    },
  ],
});
