import rule from '../../../../src/core/rules/iam/forallvalues-single-valued';
import { EKS, EKS_ARN, GITHUB, GOOD, trust } from '../../iam/fixtures';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const AUD = `${GITHUB}:aud`;
const SUB = `${GITHUB}:sub`;

ruleTester.run(rule, {
  valid: [
    ...GOOD,
    { name: 'ForAllValues on the multivalued outbound audience (with its Null check)', code: json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetWebIdentityToken', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'sts:IdentityTokenAudience': ['https://api.anthropic.com', 'https://api.openai.com'] }, Null: { 'sts:IdentityTokenAudience': 'false' } } }] }) },
    { name: 'ForAnyValue on Cognito\'s multivalued amr', code: json(trust({ StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:12345678-1234-1234-1234-123456789012' }, 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } }, { federated: 'cognito-identity.amazonaws.com' })) },
    { name: 'ForAnyValue on sub is not vacuous', code: json(trust({ StringEquals: { [AUD]: 'sts.amazonaws.com' }, 'ForAnyValue:StringEquals': { [SUB]: ['repo:octo-org/a:ref:refs/heads/main', 'repo:octo-org/b:ref:refs/heads/main'] } })) },
  ],
  invalid: [
    {
      name: 'ForAllValues on GitHub sub and aud (JSON)',
      code: json(trust({ 'ForAllValues:StringEquals': { [AUD]: 'sts.amazonaws.com', [SUB]: ['repo:octo-org/octo-repo:ref:refs/heads/main', 'repo:octo-org/octo-repo:environment:production'] } })),
      errors: [{ messageId: 'singleValued', line: 11, column: 9, endColumn: 36, message: '`token.actions.githubusercontent.com:aud`, `token.actions.githubusercontent.com:sub`' }],
      output: json(trust({ StringEquals: { [AUD]: 'sts.amazonaws.com', [SUB]: ['repo:octo-org/octo-repo:ref:refs/heads/main', 'repo:octo-org/octo-repo:environment:production'] } })),
    },
    {
      name: 'ForAllValues:StringLike on an IRSA sub, beside a plain StringEquals block (YAML)',
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
              ForAllValues:StringLike:
                oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub: system:serviceaccount:payments:payments-*
      `),
      errors: [{ messageId: 'singleValued', line: 10, column: 7, endColumn: 30, message: 'Use `StringLike`' }],
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
              StringLike:
                oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub: system:serviceaccount:payments:payments-*
      `),
    },
    {
      name: 'a plain block of the same operator exists: the suggestion moves the key into it',
      code: json(trust({ StringEquals: { [AUD]: 'sts.amazonaws.com' }, 'ForAllValues:StringEquals': { [SUB]: 'repo:octo-org/octo-repo:ref:refs/heads/main' } })),
      errors: [{
        messageId: 'singleValued', line: 14, column: 9, endColumn: 36,
        suggestions: [{ title: 'Move `token.actions.githubusercontent.com:sub` into the existing `StringEquals` block', output: json(trust({ StringEquals: { [AUD]: 'sts.amazonaws.com', [SUB]: 'repo:octo-org/octo-repo:ref:refs/heads/main' } })) }],
      }],
    },
    {
      name: 'EKS aud is single-valued in the trust policy too',
      code: json(trust({ StringEquals: { [`${EKS}:sub`]: 'system:serviceaccount:payments:payments-api' }, 'ForAllValues:StringEquals': { [`${EKS}:aud`]: 'sts.amazonaws.com' } }, { federated: EKS_ARN })),
      errors: [{
        messageId: 'singleValued', line: 14, column: 9, endColumn: 36,
        suggestions: [{ output: json(trust({ StringEquals: { [`${EKS}:sub`]: 'system:serviceaccount:payments:payments-api', [`${EKS}:aud`]: 'sts.amazonaws.com' } }, { federated: EKS_ARN })) }],
      }],
    },
  ],
});
