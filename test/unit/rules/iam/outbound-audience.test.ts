import rule from '../../../../src/core/rules/iam/outbound-audience';
import { GOOD, mint, tfPlan } from '../../iam/fixtures';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const REST = { NumericLessThanEquals: { 'sts:DurationSeconds': 900 }, StringEquals: { 'sts:SigningAlgorithm': 'RS256' } };
const FOR_ALL = { 'ForAllValues:StringEquals': { 'sts:IdentityTokenAudience': ['https://api.anthropic.com'] } };
const PRETTY = JSON.stringify(mint({ ...FOR_ALL, ...REST }), null, 2);
const PLAN = tfPlan([{ address: 'aws_iam_role_policy.mint', type: 'aws_iam_role_policy', values: { name: 'mint', role: 'batch', policy: PRETTY } }]);

ruleTester.run(rule, {
  valid: [
    ...GOOD,
    { name: 'ForAnyValue:StringEquals, as in the AWS guide', code: json(mint({ 'ForAnyValue:StringEquals': { 'sts:IdentityTokenAudience': 'https://api.example.com' }, ...REST })) },
    { name: 'a plain StringEquals on the audience', code: json(mint({ StringEquals: { 'sts:IdentityTokenAudience': 'https://api.openai.com', 'sts:SigningAlgorithm': 'ES384' }, NumericLessThanEquals: { 'sts:DurationSeconds': 300 } })) },
    { name: 'a Deny statement', code: json({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'sts:GetWebIdentityToken', Resource: '*' }] }) },
    { name: 'a policy that does not grant the action', code: json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:GetCallerIdentity', 's3:GetObject'], Resource: '*' }] }) },
    { name: 'an audience list from a parameter is not judged', code: dedent(`
      Resources:
        MintPolicy:
          Type: AWS::IAM::ManagedPolicy
          Properties:
            PolicyDocument:
              Statement:
                - Effect: Allow
                  Action: sts:GetWebIdentityToken
                  Resource: "*"
                  Condition: !If [Restrict, { StringEquals: { sts:IdentityTokenAudience: !Ref Audience } }, !Ref AWS::NoValue]
    `) },
  ],
  invalid: [
    {
      name: 'no audience condition at all (JSON)',
      code: json(mint(undefined)),
      errors: [{
        messageId: 'missing', line: 7, column: 7, endColumn: 15, message: 'This policy allows `sts:GetWebIdentityToken` without',
        suggestions: [{ title: 'Allow only listed audiences (fill in)', output: json(mint({ 'ForAllValues:StringEquals': { 'sts:IdentityTokenAudience': ['<audience URL of the service>'] }, Null: { 'sts:IdentityTokenAudience': 'false' } })) }],
      }],
    },
    {
      name: 'sts:* in a CloudFormation inline policy, with other conditions only (YAML)',
      code: dedent(`
        Resources:
          BatchRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Statement:
                  - { Effect: Allow, Principal: { Service: ecs-tasks.amazonaws.com }, Action: sts:AssumeRole }
              Policies:
                - PolicyName: federation
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Action: sts:*
                        Resource: "*"
                        Condition:
                          NumericLessThanEquals:
                            sts:DurationSeconds: 900
      `),
      errors: [{
        messageId: 'missing', line: 15, column: 17, endColumn: 26, message: 'Policy "federation" of role BatchRole allows `sts:*` (which includes `sts:GetWebIdentityToken`)',
        suggestions: [{ output: dedent(`
          Resources:
            BatchRole:
              Type: AWS::IAM::Role
              Properties:
                AssumeRolePolicyDocument:
                  Statement:
                    - { Effect: Allow, Principal: { Service: ecs-tasks.amazonaws.com }, Action: sts:AssumeRole }
                Policies:
                  - PolicyName: federation
                    PolicyDocument:
                      Statement:
                        - Effect: Allow
                          Action: sts:*
                          Resource: "*"
                          Condition:
                            NumericLessThanEquals:
                              sts:DurationSeconds: 900
                            ForAllValues:StringEquals:
                              sts:IdentityTokenAudience: ["<audience URL of the service>"]
                            "Null":
                              sts:IdentityTokenAudience: "false"
        `) }],
      }],
    },
    {
      name: 'ForAllValues without the Null check (JSON)',
      code: json(mint({ ...FOR_ALL, ...REST })),
      errors: [{ messageId: 'noNullCheck', line: 10, column: 9, endColumn: 36 }],
      output: json(mint({ ...FOR_ALL, ...REST, Null: { 'sts:IdentityTokenAudience': 'false' } })),
    },
    {
      name: 'the Null check goes into an existing Null block',
      code: json(mint({ ...FOR_ALL, Null: { 'aws:RequestTag/job-id': 'false' }, ...REST })),
      errors: [{ messageId: 'noNullCheck', line: 10, column: 9, endColumn: 36 }],
      output: json(mint({ ...FOR_ALL, Null: { 'aws:RequestTag/job-id': 'false', 'sts:IdentityTokenAudience': 'false' }, ...REST })),
    },
    {
      name: 'wildcard audiences under StringLike',
      code: json(mint({ 'ForAnyValue:StringLike': { 'sts:IdentityTokenAudience': ['https://*.example.com', '*'] }, ...REST })),
      errors: [
        { messageId: 'wildcard', line: 12, column: 13, endColumn: 36, message: 'every audience that matches it' },
        { messageId: 'wildcard', line: 13, column: 13, endColumn: 16, message: 'any service at all' },
      ],
    },
    {
      name: 'Terraform plan: the Null check is added inside a pretty-printed policy string',
      code: PLAN,
      errors: [{ messageId: 'noNullCheck', line: 16, column: 256, endColumn: 285 }],
      // String.replace edits the first copy, in planned_values, where the finding is
      output: PLAN.replace(JSON.stringify(PRETTY), JSON.stringify(JSON.stringify(mint({ ...FOR_ALL, ...REST, Null: { 'sts:IdentityTokenAudience': 'false' } }), null, 2))),
    },
  ],
});
