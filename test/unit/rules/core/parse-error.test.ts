import rule from '../../../../src/core/rules/core/parse-error';
import { dedent, ruleTester } from '../../helpers/ruleTester';

ruleTester.run(rule, {
  valid: [
    '{"federation_rules": []}\n',
    'name: ok\nmatch:\n  subject_prefix: repo:acme/app:ref:refs/heads/main\n',
    { name: 'JSON with comments and a trailing comma', filename: 'devcontainer.json', code: '{\n  // editor settings\n  "name": "x", /* inline */\n  "image": "y",\n}\n' },
    { name: 'CloudFormation short-form tags are not errors', code: 'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !Sub "${AWS::StackName}-ci"\n      Path: !Ref RolePath\n' },
  ],
  invalid: [
    { name: 'missing comma in JSON', code: '{"issuer_url": "https://x" "name": "y"}\n', filename: 'issuer.json', errors: [{ messageId: 'parseError', line: 1, column: 28, message: "Expected ',' between values" }] },
    { name: 'truncated JSON', code: '{"issuer_url": "https://x",\n', filename: 'issuer.json', errors: [{ messageId: 'parseError', line: 1, column: 27, message: 'Expected a property name' }] },
    { name: 'duplicate key in JSON: the later one wins', code: '{\n  "Effect": "Deny",\n  "Effect": "Allow"\n}\n', filename: 'policy.json', errors: [{ messageId: 'parseError', line: 3, column: 3, endColumn: 11, message: 'Duplicate key "Effect"' }] },
    { name: 'duplicate key in YAML', code: 'issuer_url: https://a\nissuer_url: https://b\n', errors: [{ messageId: 'parseError', line: 2, column: 1, endColumn: 11, message: 'Duplicate key "issuer_url"' }] },
    {
      name: 'bad indentation in YAML',
      code: dedent(`
        federation_rules:
          - name: a
           issuer_id: fdis_x
      `),
      errors: [{ messageId: 'parseError', line: 3, column: 4, message: 'Bad indentation' }],
    },
  ],
});
