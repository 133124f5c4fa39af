import rule from '../../../../src/core/rules/workload/workflow-static-key';
import { dedent, ruleTester } from '../../helpers/ruleTester';

const RULE_ID = 'fdrl_01SDCCSbTxrXDpWc1phhtcfK';
const ORG_ID = '8a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d';

ruleTester.run(rule, {
  valid: [
    {
      name: 'the Anthropic guide\'s job: federation, no key',
      filename: '.github/workflows/deploy.yml',
      code: dedent(`
        on: push
        jobs:
          summarize:
            runs-on: ubuntu-latest
            permissions: { id-token: write, contents: read }
            steps:
              - run: ./fetch-oidc-token.sh "$RUNNER_TEMP/gha-jwt"
              - env:
                  ANTHROPIC_IDENTITY_TOKEN_FILE: \${{ runner.temp }}/gha-jwt
                  ANTHROPIC_FEDERATION_RULE_ID: ${RULE_ID}
                  ANTHROPIC_ORGANIZATION_ID: ${ORG_ID}
                run: python app.py
      `),
    },
    {
      name: 'a key in a job that cannot request an OIDC token',
      filename: '.github/workflows/ci.yml',
      code: dedent(`
        on: pull_request
        permissions: { contents: read }
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - run: pytest
                env: { ANTHROPIC_API_KEY: \${{ secrets.ANTHROPIC_API_KEY }} }
      `),
    },
    {
      name: 'job-level permissions replace the workflow\'s id-token grant',
      filename: '.github/workflows/ci.yml',
      code: dedent(`
        on: push
        permissions: write-all
        jobs:
          test:
            runs-on: ubuntu-latest
            permissions:
              contents: read
            env:
              OPENAI_API_KEY: \${{ secrets.OPENAI_API_KEY }}
            steps:
              - run: pytest
      `),
    },
    {
      name: 'claude-code-action needs id-token: write for its own GitHub App token',
      filename: '.github/workflows/claude.yml',
      code: dedent(`
        on:
          issue_comment: { types: [created] }
        jobs:
          claude:
            runs-on: ubuntu-latest
            permissions:
              contents: write
              pull-requests: write
              issues: write
              id-token: write
            steps:
              - uses: actions/checkout@v4
              - uses: anthropics/claude-code-action@v1
                with:
                  anthropic_api_key: \${{ secrets.ANTHROPIC_API_KEY }}
      `),
    },
    {
      name: 'configure-aws-credentials with role-to-assume',
      filename: '.github/workflows/deploy.yml',
      code: dedent(`
        on: push
        permissions: { id-token: write, contents: read }
        jobs:
          deploy:
            runs-on: ubuntu-latest
            steps:
              - uses: aws-actions/configure-aws-credentials@v4
                with:
                  role-to-assume: arn:aws:iam::123456789012:role/deploy
                  aws-region: eu-west-1
      `),
    },
    {
      name: 'an empty key is no key, and an unrelated action\'s api-key is not a provider key',
      filename: '.github/workflows/metrics.yml',
      code: dedent(`
        on: push
        permissions: { id-token: write }
        jobs:
          metrics:
            runs-on: ubuntu-latest
            env: { ANTHROPIC_API_KEY: "" }
            steps:
              - uses: datadog/upload-metrics-action@v2
                with:
                  api-key: \${{ secrets.DD_API_KEY }}
      `),
    },
    {
      name: 'a key next to Anthropic federation settings is left to workload/static-key-shadows-federation',
      filename: '.github/workflows/notes.yml',
      code: dedent(`
        on: push
        permissions: { id-token: write }
        jobs:
          notes:
            runs-on: ubuntu-latest
            env:
              ANTHROPIC_FEDERATION_RULE_ID: ${RULE_ID}
              ANTHROPIC_API_KEY: \${{ secrets.ANTHROPIC_API_KEY }}
            steps: [ { run: python notes.py } ]
      `),
    },
  ],
  invalid: [
    {
      name: 'configure-aws-credentials with access keys while the workflow grants id-token: write',
      filename: '.github/workflows/deploy.yml',
      code: dedent(`
        on: push
        permissions:
          id-token: write
          contents: read
        jobs:
          deploy:
            runs-on: ubuntu-latest
            steps:
              - uses: aws-actions/configure-aws-credentials@v4
                with:
                  aws-access-key-id: \${{ secrets.AWS_ACCESS_KEY_ID }}
                  aws-secret-access-key: \${{ secrets.AWS_SECRET_ACCESS_KEY }}
                  aws-region: eu-west-1
      `),
      errors: [
        {
          messageId: 'actionKey', line: 11, column: 11, endColumn: 28, message: 'Input `aws-access-key-id` of `aws-actions/configure-aws-credentials` passes a long-lived AWS key',
          suggestions: [{ title: 'Replace the access keys with `role-to-assume`', output: dedent(`
            on: push
            permissions:
              id-token: write
              contents: read
            jobs:
              deploy:
                runs-on: ubuntu-latest
                steps:
                  - uses: aws-actions/configure-aws-credentials@v4
                    with:
                      role-to-assume: "<ARN of the IAM role to assume>"
                      aws-region: eu-west-1
          `) }],
        },
        {
          messageId: 'actionKey', line: 12, column: 11,
          suggestions: [{ output: dedent(`
            on: push
            permissions:
              id-token: write
              contents: read
            jobs:
              deploy:
                runs-on: ubuntu-latest
                steps:
                  - uses: aws-actions/configure-aws-credentials@v4
                    with:
                      role-to-assume: "<ARN of the IAM role to assume>"
                      aws-region: eu-west-1
          `) }],
        },
      ],
    },
    {
      name: 'OPENAI_API_KEY in a step of a write-all job',
      filename: 'workflows/release.yaml',
      code: dedent(`
        on: { release: { types: [published] } }
        jobs:
          notes:
            runs-on: ubuntu-latest
            permissions: write-all
            steps:
              - name: Draft release notes
                run: python notes.py
                env:
                  OPENAI_API_KEY: \${{ secrets.OPENAI_API_KEY }}
                  NOTES_MODEL: gpt-5
      `),
      errors: [{
        messageId: 'staticKey', line: 10, column: 11, endColumn: 25, message: 'long-lived OpenAI key to job "notes"',
        suggestions: [{ output: dedent(`
          on: { release: { types: [published] } }
          jobs:
            notes:
              runs-on: ubuntu-latest
              permissions: write-all
              steps:
                - name: Draft release notes
                  run: python notes.py
                  env:
                    NOTES_MODEL: gpt-5
        `) }],
      }],
    },
    {
      name: 'claude-code-action key in a job that already carries Anthropic federation settings',
      filename: '.github/workflows/claude.yml',
      code: dedent(`
        on: pull_request
        jobs:
          review:
            runs-on: ubuntu-latest
            permissions: { id-token: write, contents: read, pull-requests: write }
            env:
              ANTHROPIC_FEDERATION_RULE_ID: ${RULE_ID}
              ANTHROPIC_ORGANIZATION_ID: ${ORG_ID}
            steps:
              - uses: anthropics/claude-code-action@v1
                with:
                  anthropic_api_key: \${{ secrets.ANTHROPIC_API_KEY }}
                  prompt: Review this pull request.
      `),
      errors: [{
        messageId: 'actionKey', line: 12, column: 11, message: '`anthropics/claude-code-action` passes a long-lived Anthropic key',
        suggestions: [{ output: dedent(`
          on: pull_request
          jobs:
            review:
              runs-on: ubuntu-latest
              permissions: { id-token: write, contents: read, pull-requests: write }
              env:
                ANTHROPIC_FEDERATION_RULE_ID: ${RULE_ID}
                ANTHROPIC_ORGANIZATION_ID: ${ORG_ID}
              steps:
                - uses: anthropics/claude-code-action@v1
                  with:
                    prompt: Review this pull request.
        `) }],
      }],
    },
    {
      name: 'a Snowflake password in a job env (the suggestion takes the env: key with its only entry)',
      filename: '.github/workflows/dbt.yml',
      code: dedent(`
        on: { schedule: [ { cron: "0 5 * * *" } ] }
        jobs:
          dbt:
            runs-on: ubuntu-latest
            permissions:
              id-token: write
            env:
              SNOWFLAKE_PASSWORD: \${{ secrets.SNOWFLAKE_PASSWORD }}
            steps:
              - run: dbt build
      `),
      errors: [{
        messageId: 'staticKey', line: 8, column: 7, message: 'Snowflake',
        suggestions: [{ output: dedent(`
          on: { schedule: [ { cron: "0 5 * * *" } ] }
          jobs:
            dbt:
              runs-on: ubuntu-latest
              permissions:
                id-token: write
              steps:
                - run: dbt build
        `) }],
      }],
    },
    {
      name: 'a workflow-level key seen by two federating-capable jobs is reported once',
      filename: '.github/workflows/eval.yml',
      code: dedent(`
        on: push
        permissions: { id-token: write }
        env: { ANTHROPIC_API_KEY: "\${{ secrets.ANTHROPIC_API_KEY }}", PYTHONUNBUFFERED: "1" }
        jobs:
          eval-small:
            runs-on: ubuntu-latest
            steps: [ { run: python eval.py --small } ]
          eval-large:
            runs-on: ubuntu-latest
            steps: [ { run: python eval.py --large } ]
      `),
      errors: [{
        messageId: 'staticKey', line: 3, column: 8, message: 'job "eval-small"',
        suggestions: [{ output: dedent(`
          on: push
          permissions: { id-token: write }
          env: { PYTHONUNBUFFERED: "1" }
          jobs:
            eval-small:
              runs-on: ubuntu-latest
              steps: [ { run: python eval.py --small } ]
            eval-large:
              runs-on: ubuntu-latest
              steps: [ { run: python eval.py --large } ]
        `) }],
      }],
    },
  ],
});
