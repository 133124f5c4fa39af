import rule from '../../../../src/core/rules/anthropic/check-jti';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const gha = (extra: Record<string, unknown>) =>
  json({ name: 'github-actions', issuer_url: 'https://token.actions.githubusercontent.com', jwks: { type: 'discovery' }, ...extra });

ruleTester.run(rule, {
  valid: [
    gha({ max_jwt_lifetime_seconds: 600, check_jti: true }),
    { name: 'check_jti left to its default (on)', code: gha({}) },
    {
      name: 'manifest issuers with replay protection on',
      code: dedent(`
        federation_issuers:
          - name: eks-prod
            issuer_url: https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE
            check_jti: true
          - name: spire-prod
            issuer_url: https://oidc-discovery.prod.example.com
      `),
    },
  ],
  invalid: [
    {
      name: 'replay protection off on GitHub Actions (JSON)',
      code: gha({ max_jwt_lifetime_seconds: 600, check_jti: false }),
      errors: [{
        messageId: 'replayable', line: 8, column: 16, endColumn: 21, severity: 'warning',
        message: 'Issuer "github-actions" turns off replay protection (`check_jti: false`): a token that carries a `jti` can be exchanged again, by anyone who captured it, until it expires (up to 10 min)',
        suggestions: [{ title: 'Turn replay protection on (check_jti: true)', output: gha({ max_jwt_lifetime_seconds: 600, check_jti: true }) }],
      }],
    },
    {
      name: 'replay protection off with the default JWT lifetime (YAML)',
      code: dedent(`
        name: eks-prod
        issuer_url: https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE
        check_jti: false
      `),
      errors: [{
        messageId: 'replayable', line: 3, column: 12, message: 'up to 1 h',
        suggestions: [{
          output: dedent(`
            name: eks-prod
            issuer_url: https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE
            check_jti: true
          `),
        }],
      }],
    },
    {
      name: 'the string "false" means the same',
      code: gha({ check_jti: 'false' }),
      errors: [{ messageId: 'replayable', line: 7, column: 16, suggestions: [{ output: gha({ check_jti: true }) }] }],
    },
  ],
});
