import rule from '../../../../src/core/rules/anthropic/lifetime-range';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const ISSUER = 'fdis_01HqR3kZ8vWn2pYt5mXc7bLd';
const SA = 'svac_01JbT6nP4sQw9eRk2vZy8hMf';
const WS = 'wrkspc_01KfD8aL3mNq7tXw5cVb9rEz';

const awsRule = (lifetime: unknown) => ({
  name: 'aws-inference',
  issuer_id: ISSUER,
  match: { subject_prefix: 'arn:aws:iam::123456789012:role/inference-worker', audience: 'https://api.anthropic.com' },
  target: { type: 'service_account', service_account_id: SA },
  workspace_id: WS,
  oauth_scope: 'workspace:developer',
  token_lifetime_seconds: lifetime,
});

const { token_lifetime_seconds: _omit, ...awsRuleDefault } = awsRule(0);

ruleTester.run(rule, {
  valid: [
    json(awsRule(600)),
    { name: 'the minimum token lifetime', code: json(awsRule(60)) },
    { name: 'the maximum token lifetime', code: json(awsRule(86400)) },
    { name: 'no lifetime: the default applies', code: json(awsRuleDefault) },
    json({ name: 'github-actions', issuer_url: 'https://token.actions.githubusercontent.com', max_jwt_lifetime_seconds: 600 }),
    {
      name: 'Entra issuer at 24 h and SPIFFE issuer at the 49 h maximum and 1 s minimum (manifest)',
      code: dedent(`
        federation_issuers:
          - name: entra-prod
            issuer_url: https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0
            max_jwt_lifetime_seconds: 86400
          - name: spire-batch
            issuer_url: https://oidc-discovery.batch.example.com
            max_jwt_lifetime_seconds: 176400
          - name: spire-edge
            issuer_url: https://oidc-discovery.edge.example.com
            max_jwt_lifetime_seconds: 1
      `),
    },
  ],
  invalid: [
    {
      name: 'token lifetime under a minute (JSON)',
      code: json(awsRule(30)),
      errors: [{
        messageId: 'outOfRange', line: 14, column: 29, endColumn: 31,
        message: '`token_lifetime_seconds` of rule "aws-inference" is 30, outside 60–86400',
        suggestions: [
          { title: 'Use the minimum (60 s)', output: json(awsRule(60)) },
          { title: 'Remove token_lifetime_seconds (default 3600 s)', output: json(awsRuleDefault) },
        ],
      }],
    },
    {
      name: 'token lifetime of two days in a manifest rule (YAML)',
      code: dedent(`
        federation_rules:
          - name: nightly-batch
            issuer_id: ${ISSUER}
            match: { subject_prefix: "system:serviceaccount:batch:report-builder", audience: "https://api.anthropic.com" }
            target: { type: service_account, service_account_id: ${SA} }
            workspace_id: ${WS}
            oauth_scope: workspace:inference
            token_lifetime_seconds: 172800
      `),
      errors: [{
        messageId: 'outOfRange', line: 8, column: 29,
        suggestions: [
          {
            title: 'Use the maximum (86400 s)',
            output: dedent(`
              federation_rules:
                - name: nightly-batch
                  issuer_id: ${ISSUER}
                  match: { subject_prefix: "system:serviceaccount:batch:report-builder", audience: "https://api.anthropic.com" }
                  target: { type: service_account, service_account_id: ${SA} }
                  workspace_id: ${WS}
                  oauth_scope: workspace:inference
                  token_lifetime_seconds: 86400
            `),
          },
          {
            output: dedent(`
              federation_rules:
                - name: nightly-batch
                  issuer_id: ${ISSUER}
                  match: { subject_prefix: "system:serviceaccount:batch:report-builder", audience: "https://api.anthropic.com" }
                  target: { type: service_account, service_account_id: ${SA} }
                  workspace_id: ${WS}
                  oauth_scope: workspace:inference
            `),
          },
        ],
      }],
    },
    {
      name: 'issuer JWT lifetimes of 0 and of three days; a quoted value is read as its number',
      code: dedent(`
        federation_issuers:
          - name: gitlab-saas
            issuer_url: https://gitlab.com
            max_jwt_lifetime_seconds: 0
          - name: entra-prod
            issuer_url: https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0
            max_jwt_lifetime_seconds: "259200"
      `),
      errors: [
        {
          messageId: 'outOfRange', line: 4, column: 31, message: 'issuer "gitlab-saas" is 0, outside 1–176400',
          suggestions: [
            {
              output: dedent(`
                federation_issuers:
                  - name: gitlab-saas
                    issuer_url: https://gitlab.com
                    max_jwt_lifetime_seconds: 1
                  - name: entra-prod
                    issuer_url: https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0
                    max_jwt_lifetime_seconds: "259200"
              `),
            },
            {
              output: dedent(`
                federation_issuers:
                  - name: gitlab-saas
                    issuer_url: https://gitlab.com
                  - name: entra-prod
                    issuer_url: https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0
                    max_jwt_lifetime_seconds: "259200"
              `),
            },
          ],
        },
        {
          messageId: 'outOfRange', line: 7, column: 31, endColumn: 39, message: 'is 259200, outside 1–176400',
          suggestions: [
            {
              title: 'Use the maximum (176400 s)',
              output: dedent(`
                federation_issuers:
                  - name: gitlab-saas
                    issuer_url: https://gitlab.com
                    max_jwt_lifetime_seconds: 0
                  - name: entra-prod
                    issuer_url: https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0
                    max_jwt_lifetime_seconds: 176400
              `),
            },
            {
              output: dedent(`
                federation_issuers:
                  - name: gitlab-saas
                    issuer_url: https://gitlab.com
                    max_jwt_lifetime_seconds: 0
                  - name: entra-prod
                    issuer_url: https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0
              `),
            },
          ],
        },
      ],
    },
    {
      name: 'a negative lifetime',
      code: json(awsRule(-600)),
      errors: [{
        messageId: 'outOfRange', line: 14, column: 29,
        suggestions: [{ output: json(awsRule(60)) }, { output: json(awsRuleDefault) }],
      }],
    },
  ],
});
