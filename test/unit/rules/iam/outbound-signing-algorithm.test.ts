import rule from '../../../../src/core/rules/iam/outbound-signing-algorithm';
import { GOOD, mint } from '../../iam/fixtures';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const AUD = { 'ForAllValues:StringEquals': { 'sts:IdentityTokenAudience': ['https://api.anthropic.com'] }, Null: { 'sts:IdentityTokenAudience': 'false' } };
const CAP = { NumericLessThanEquals: { 'sts:DurationSeconds': 900 } };
const alg = (op: string, value: unknown) => json(mint({ ...AUD, ...CAP, [op]: { 'sts:SigningAlgorithm': value } }));

ruleTester.run(rule, {
  valid: [
    ...GOOD,
    { name: 'an administrator statement (`*`) is iam/outbound-audience\'s alone', code: json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) },
    { name: 'ES384', code: alg('StringEquals', 'ES384') },
    { name: 'case-insensitive comparison', code: alg('StringEqualsIgnoreCase', 'rs256') },
    { name: 'a StringLike that admits one algorithm', code: alg('StringLike', 'ES*') },
  ],
  invalid: [
    {
      name: 'unpinned (JSON)',
      code: json(mint({ ...AUD, ...CAP })),
      errors: [{
        messageId: 'unpinned', line: 9, column: 7, endColumn: 18, severity: 'info',
        suggestions: [
          { title: 'Pin sts:SigningAlgorithm to RS256', output: json(mint({ ...AUD, ...CAP, StringEquals: { 'sts:SigningAlgorithm': 'RS256' } })) },
          { title: 'Pin sts:SigningAlgorithm to ES384', output: json(mint({ ...AUD, ...CAP, StringEquals: { 'sts:SigningAlgorithm': 'ES384' } })) },
        ],
      }],
    },
    {
      name: 'unpinned, an existing StringEquals block gets the key (YAML)',
      code: dedent(`
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sts:GetWebIdentityToken
            Resource: "*"
            Condition:
              StringEquals:
                sts:IdentityTokenAudience: https://api.anthropic.com
              NumericLessThanEquals:
                sts:DurationSeconds: 900
      `),
      errors: [{
        messageId: 'unpinned', line: 6, column: 5, endColumn: 14,
        suggestions: ['RS256', 'ES384'].map((a) => ({ output: dedent(`
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Action: sts:GetWebIdentityToken
              Resource: "*"
              Condition:
                StringEquals:
                  sts:IdentityTokenAudience: https://api.anthropic.com
                  sts:SigningAlgorithm: ${a}
                NumericLessThanEquals:
                  sts:DurationSeconds: 900
        `) })),
      }],
    },
    {
      name: 'the right name in the wrong case never matches under StringEquals: fixed',
      code: alg('StringEquals', 'rs256'),
      errors: [{ messageId: 'unknown', line: 22, column: 35, endColumn: 42, severity: 'error' }],
      output: alg('StringEquals', 'RS256'),
    },
    {
      name: 'an algorithm STS does not offer',
      code: alg('StringEquals', 'HS256'),
      errors: [{
        messageId: 'unknown', line: 22, column: 35, endColumn: 42, message: 'no token can be minted',
        suggestions: [{ title: 'Use RS256', output: alg('StringEquals', 'RS256') }, { title: 'Use ES384', output: alg('StringEquals', 'ES384') }],
      }],
    },
    {
      name: 'a pattern that admits both',
      code: alg('StringLike', '*'),
      errors: [{ messageId: 'wildcard', line: 22, column: 35, endColumn: 38, severity: 'info' }],
    },
  ],
});
