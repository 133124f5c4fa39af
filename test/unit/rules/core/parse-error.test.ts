import rule from '../../../../src/core/rules/core/parse-error';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester.run(rule, {
  valid: ['{"federation_rules": []}\n', 'name: ok\nmatch:\n  subject_prefix: repo:acme/app:ref:refs/heads/main\n'],
  invalid: [
    { name: 'missing comma in JSON', code: '{"issuer_url": "https://x" "name": "y"}\n', filename: 'issuer.json', errors: [{ messageId: 'parseError', line: 1, column: 28, message: "Expected ',' or '}' after property value" }] },
    { name: 'truncated JSON', code: '{"issuer_url": "https://x",\n', filename: 'issuer.json', errors: [{ messageId: 'parseError', line: 1, column: 27, message: 'Expected double-quoted property name' }] },
    { name: 'duplicate key', code: 'issuer_url: https://a\nissuer_url: https://b\n', errors: [{ messageId: 'parseError', line: 2, column: 1, message: 'DUPLICATE_KEY' }] },
  ],
});
