import rule from '../../../../src/core/rules/iam/outbound-duration';
import { GOOD, mint } from '../../iam/fixtures';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const AUD = { 'ForAllValues:StringEquals': { 'sts:IdentityTokenAudience': ['https://api.anthropic.com'] }, Null: { 'sts:IdentityTokenAudience': 'false' } };
const ALG = { StringEquals: { 'sts:SigningAlgorithm': 'RS256' } };
const capped = (op: string, value: unknown) => json(mint({ ...AUD, [op]: { 'sts:DurationSeconds': value }, ...ALG }));

ruleTester.run(rule, {
  valid: [
    ...GOOD,
    { name: 'an administrator statement (`*`) is iam/outbound-audience\'s alone', code: json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) },
    { name: 'a five-minute cap', code: capped('NumericLessThanEquals', 300) },
    { name: 'NumericLessThan 901 caps at 900', code: capped('NumericLessThan', 901) },
    { name: 'a cap written as a string', code: capped('NumericLessThanEquals', '600') },
    { name: 'a cap from a parameter may be the tightest', code: dedent(`
      Resources:
        MintPolicy:
          Type: AWS::IAM::ManagedPolicy
          Properties:
            PolicyDocument:
              Statement:
                - Effect: Allow
                  Action: sts:GetWebIdentityToken
                  Resource: "*"
                  Condition:
                    StringEquals: { sts:IdentityTokenAudience: https://api.anthropic.com, sts:SigningAlgorithm: RS256 }
                    NumericLessThanEquals: { sts:DurationSeconds: !Ref MaxTokenSeconds }
                    NumericLessThan: { sts:DurationSeconds: 3601 }
    `) },
  ],
  invalid: [
    {
      name: 'no cap, beside another numeric condition (JSON)',
      code: json(mint({ ...AUD, NumericLessThanEquals: { 'aws:MultiFactorAuthAge': 3600 }, ...ALG })),
      errors: [{
        messageId: 'missing', line: 9, column: 7, endColumn: 18, severity: 'warning',
        suggestions: [{ title: 'Cap sts:DurationSeconds at 900', output: json(mint({ ...AUD, NumericLessThanEquals: { 'aws:MultiFactorAuthAge': 3600, 'sts:DurationSeconds': 900 }, ...ALG })) }],
      }],
    },
    {
      name: 'no condition at all',
      code: json(mint(undefined, ['sts:GetWebIdentityToken', 'sts:TagGetWebIdentityToken'])),
      errors: [{
        messageId: 'missing', line: 7, column: 7, endColumn: 15,
        suggestions: [{ output: json(mint({ NumericLessThanEquals: { 'sts:DurationSeconds': 900 } }, ['sts:GetWebIdentityToken', 'sts:TagGetWebIdentityToken'])) }],
      }],
    },
    {
      name: 'a cap beyond the API maximum caps nothing',
      code: capped('NumericLessThanEquals', 7200),
      errors: [{ messageId: 'beyondMax', line: 19, column: 34, endColumn: 38, severity: 'warning' }],
    },
    {
      name: 'an hour-long cap is allowed but long',
      code: capped('NumericLessThanEquals', 3600),
      errors: [{ messageId: 'long', line: 19, column: 34, endColumn: 38, severity: 'info', message: '60 minutes' }],
    },
    {
      name: 'the tightest of two caps counts (YAML)',
      code: dedent(`
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sts:GetWebIdentityToken
            Resource: "*"
            Condition:
              StringEquals:
                sts:IdentityTokenAudience: https://api.anthropic.com
                sts:SigningAlgorithm: ES384
              NumericLessThanEquals:
                sts:DurationSeconds: "1800"
              NumericLessThan:
                sts:DurationSeconds: 3601
      `),
      errors: [{ messageId: 'long', line: 11, column: 30, endColumn: 36, severity: 'info', message: '30 minutes' }],
    },
  ],
});
