import rule from '../../../../src/core/rules/anthropic/match-constraint';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

ruleTester.run(rule, {
  valid: [
    json({
      name: 'gha-deploy-main',
      issuer_id: 'fdis_01SDCCSbTxrXDpWc1phhtcfK',
      match: { subject_prefix: 'repo:acme/payments:ref:refs/heads/main', audience: 'https://api.anthropic.com' },
      target: { type: 'service_account', service_account_id: 'svac_01SDCCSbTxrXDpWc1phhtcfK' },
      oauth_scope: 'workspace:inference',
    }),
    dedent(`
      name: gha-release
      issuer_id: fdis_01SDCCSbTxrXDpWc1phhtcfK
      match:
        audience: https://api.anthropic.com
        condition: claims.repository_owner_id == "123456" && claims.repository == "acme/payments"
      target: { type: service_account, service_account_id: svac_01SDCCSbTxrXDpWc1phhtcfK }
      oauth_scope: workspace:developer
    `),
  ],
  invalid: [
    {
      name: 'audience only (JSON)',
      code: json({
        name: 'aud-only',
        issuer_id: 'fdis_x',
        match: { audience: 'https://api.anthropic.com' },
        target: { type: 'service_account', service_account_id: 'svac_x' },
      }),
      errors: [
        {
          messageId: 'noConstraint', line: 4, column: 3, endColumn: 10, message: 'matches on `audience` only',
          suggestions: [{
            title: 'Add a subject_prefix to fill in',
            output: json({
              name: 'aud-only',
              issuer_id: 'fdis_x',
              match: { audience: 'https://api.anthropic.com', subject_prefix: '<subject of the one workload to admit>' },
              target: { type: 'service_account', service_account_id: 'svac_x' },
            }),
          }],
        },
      ],
    },
    {
      name: 'wildcard-only subject_prefix (YAML)',
      code: dedent(`
        name: everything
        issuer_id: fdis_x
        match:
          subject_prefix: "*"
        target: { type: service_account, service_account_id: svac_x }
      `),
      errors: [{ messageId: 'noConstraint', line: 3, column: 1, message: 'wildcard-only' }],
    },
    {
      name: 'empty match in a block map gets the subject_prefix line',
      code: dedent(`
        name: loose
        issuer_id: fdis_x
        match:
          audience: https://api.anthropic.com
        target: { type: service_account, service_account_id: svac_x }
      `),
      errors: [{
        messageId: 'noConstraint', line: 3, column: 1,
        suggestions: [{ output: dedent(`
          name: loose
          issuer_id: fdis_x
          match:
            audience: https://api.anthropic.com
            subject_prefix: "<subject of the one workload to admit>"
          target: { type: service_account, service_account_id: svac_x }
        `) }],
      }],
    },
  ],
});
