import rule from '../../../../src/core/rules/workload/federation-env-incomplete';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const RULE_ID = 'fdrl_01SDCCSbTxrXDpWc1phhtcfK';
const SA_ID = 'svac_01SDCCSbTxrXDpWc1phhtcfK';
const ORG_ID = '8a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d';
const TOKEN_FILE = '/var/run/secrets/anthropic.com/token';

ruleTester.run(rule, {
  valid: [
    {
      name: 'complete dotenv with a workspace',
      filename: '.env',
      code: `ANTHROPIC_FEDERATION_RULE_ID=${RULE_ID}\nANTHROPIC_ORGANIZATION_ID=${ORG_ID}\nANTHROPIC_SERVICE_ACCOUNT_ID=${SA_ID}\nANTHROPIC_IDENTITY_TOKEN_FILE=${TOKEN_FILE}\nANTHROPIC_WORKSPACE_ID=wrkspc_01SDCCSbTxrXDpWc1phhtcfK\n`,
    },
    {
      name: 'the Kubernetes pod fragment from the Anthropic guide',
      filename: 'k8s/pod.yaml',
      code: dedent(`
        apiVersion: v1
        kind: Pod
        metadata: { name: inference-worker }
        spec:
          volumes:
            - name: anthropic-token
              projected:
                sources:
                  - serviceAccountToken: { audience: https://api.anthropic.com, expirationSeconds: 3600, path: token }
          containers:
            - name: app
              image: acme/worker:1
              env:
                - { name: ANTHROPIC_IDENTITY_TOKEN_FILE, value: ${TOKEN_FILE} }
                - { name: ANTHROPIC_FEDERATION_RULE_ID, value: ${RULE_ID} }
                - { name: ANTHROPIC_ORGANIZATION_ID, value: ${ORG_ID} }
                - { name: ANTHROPIC_SERVICE_ACCOUNT_ID, value: ${SA_ID} }
              volumeMounts: [ { name: anthropic-token, mountPath: /var/run/secrets/anthropic.com, readOnly: true } ]
      `),
    },
    {
      name: 'workflow: job-level ids completed by the step that calls Claude (checkout does not need them)',
      filename: '.github/workflows/deploy.yml',
      code: dedent(`
        on: workflow_dispatch
        permissions: { id-token: write, contents: read }
        jobs:
          review:
            runs-on: ubuntu-latest
            env:
              ANTHROPIC_FEDERATION_RULE_ID: \${{ vars.ANTHROPIC_FEDERATION_RULE_ID }}
              ANTHROPIC_ORGANIZATION_ID: ${ORG_ID}
            steps:
              - uses: actions/checkout@v4
              - run: python review.py
                env:
                  ANTHROPIC_IDENTITY_TOKEN_FILE: \${{ runner.temp }}/gha-jwt
                  ANTHROPIC_SERVICE_ACCOUNT_ID: ${SA_ID}
      `),
    },
    { name: 'a Dockerfile sets defaults the runtime completes', filename: 'Dockerfile', code: `FROM python:3.12-slim\nENV ANTHROPIC_FEDERATION_RULE_ID=${RULE_ID}\n` },
    {
      name: 'compose: the rest may come from env_file',
      filename: 'docker-compose.yml',
      code: dedent(`
        services:
          worker:
            image: acme/worker:3
            env_file: [ .env.federation ]
            environment: { ANTHROPIC_FEDERATION_RULE_ID: ${RULE_ID} }
      `),
    },
    {
      name: 'Kubernetes: the rest may come from envFrom',
      filename: 'k8s/deploy.yaml',
      code: dedent(`
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: worker }
        spec:
          template:
            spec:
              containers:
                - name: worker
                  image: acme/worker:3
                  envFrom: [ { configMapRef: { name: anthropic-federation } } ]
                  env: [ { name: ANTHROPIC_FEDERATION_RULE_ID, value: ${RULE_ID} } ]
      `),
    },
    { name: 'a profile supplies what the environment lacks', filename: '.env', code: `ANTHROPIC_PROFILE=production\nANTHROPIC_FEDERATION_RULE_ID=${RULE_ID}\n` },
    { name: 'an organization id alone is no federation (Admin API scripts use it)', filename: '.env', code: `ANTHROPIC_ORGANIZATION_ID=${ORG_ID}\nANTHROPIC_ADMIN_KEY_FILE=/run/secrets/admin\n` },
    { name: 'the default workspace', filename: '.env', code: `ANTHROPIC_FEDERATION_RULE_ID=${RULE_ID}\nANTHROPIC_ORGANIZATION_ID=${ORG_ID}\nANTHROPIC_SERVICE_ACCOUNT_ID=${SA_ID}\nANTHROPIC_IDENTITY_TOKEN=\${GITLAB_OIDC_TOKEN}\nANTHROPIC_WORKSPACE_ID=default\n` },
    {
      name: 'a template may hold placeholder ids and blanks',
      filename: '.env.example',
      code: 'ANTHROPIC_FEDERATION_RULE_ID=fdrl_your_rule_id\nANTHROPIC_ORGANIZATION_ID=<your organization uuid>\nANTHROPIC_SERVICE_ACCOUNT_ID=\nANTHROPIC_IDENTITY_TOKEN_FILE=/var/run/secrets/anthropic.com/token\nANTHROPIC_WORKSPACE_ID=\n',
    },
    {
      name: 'launch.json: the rest comes from an envFile',
      filename: '.vscode/launch.json',
      code: json({ version: '0.2.0', configurations: [{ name: 'worker', type: 'node', request: 'launch', envFile: '${workspaceFolder}/.env', env: { ANTHROPIC_FEDERATION_RULE_ID: RULE_ID } }] }),
    },
  ],
  invalid: [
    {
      name: 'dotenv: the rule id without the organization',
      filename: '.env',
      code: `ANTHROPIC_FEDERATION_RULE_ID=${RULE_ID}\nANTHROPIC_SERVICE_ACCOUNT_ID=${SA_ID}\nANTHROPIC_IDENTITY_TOKEN_FILE=${TOKEN_FILE}\n`,
      errors: [{
        messageId: 'missingOrganization', line: 1, column: 1, endColumn: 29, severity: 'warning', message: 'in this file',
        suggestions: [{ title: 'Add `ANTHROPIC_ORGANIZATION_ID`', output: `ANTHROPIC_FEDERATION_RULE_ID=${RULE_ID}\nANTHROPIC_SERVICE_ACCOUNT_ID=${SA_ID}\nANTHROPIC_IDENTITY_TOKEN_FILE=${TOKEN_FILE}\nANTHROPIC_ORGANIZATION_ID="<organization UUID>"\n` }],
      }],
    },
    {
      name: 'dotenv with CRLF: a token file and organization without the rule id',
      filename: 'env/worker.env',
      code: `ANTHROPIC_IDENTITY_TOKEN_FILE=${TOKEN_FILE}\r\nANTHROPIC_ORGANIZATION_ID=${ORG_ID}\r\nANTHROPIC_SERVICE_ACCOUNT_ID=${SA_ID}\r\n`,
      errors: [{
        messageId: 'missingRuleId', line: 1, column: 1, message: '`ANTHROPIC_IDENTITY_TOKEN_FILE` is set without `ANTHROPIC_FEDERATION_RULE_ID`',
        suggestions: [{ output: `ANTHROPIC_IDENTITY_TOKEN_FILE=${TOKEN_FILE}\r\nANTHROPIC_ORGANIZATION_ID=${ORG_ID}\r\nANTHROPIC_SERVICE_ACCOUNT_ID=${SA_ID}\r\nANTHROPIC_FEDERATION_RULE_ID="<federation rule id, fdrl_...>"\r\n` }],
      }],
    },
    {
      name: 'Kubernetes: no token source; the suggestion adds an env item',
      filename: 'k8s/deploy.yaml',
      code: dedent(`
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: worker }
        spec:
          template:
            spec:
              containers:
                - name: worker
                  image: acme/worker:3
                  env:
                    - name: ANTHROPIC_FEDERATION_RULE_ID
                      value: ${RULE_ID}
                    - name: ANTHROPIC_ORGANIZATION_ID
                      value: ${ORG_ID}
                    - name: ANTHROPIC_SERVICE_ACCOUNT_ID
                      value: ${SA_ID}
      `),
      errors: [{
        messageId: 'missingTokenSource', line: 11, column: 21, message: 'container "worker"',
        suggestions: [{ output: dedent(`
          apiVersion: apps/v1
          kind: Deployment
          metadata: { name: worker }
          spec:
            template:
              spec:
                containers:
                  - name: worker
                    image: acme/worker:3
                    env:
                      - name: ANTHROPIC_FEDERATION_RULE_ID
                        value: ${RULE_ID}
                      - name: ANTHROPIC_ORGANIZATION_ID
                        value: ${ORG_ID}
                      - name: ANTHROPIC_SERVICE_ACCOUNT_ID
                        value: ${SA_ID}
                      - name: ANTHROPIC_IDENTITY_TOKEN_FILE
                        value: "<path to the identity token file>"
        `) }],
      }],
    },
    {
      name: 'workflow: no service account in the step env (info)',
      filename: '.github/workflows/review.yml',
      code: dedent(`
        on: pull_request
        jobs:
          review:
            runs-on: ubuntu-latest
            permissions: { id-token: write }
            steps:
              - name: Review
                run: python review.py
                env:
                  ANTHROPIC_FEDERATION_RULE_ID: ${RULE_ID}
                  ANTHROPIC_ORGANIZATION_ID: ${ORG_ID}
                  ANTHROPIC_IDENTITY_TOKEN_FILE: \${{ runner.temp }}/gha-jwt
      `),
      errors: [{
        messageId: 'missingServiceAccount', line: 10, column: 11, severity: 'info', message: 'step "Review" of job "review"',
        suggestions: [{ output: dedent(`
          on: pull_request
          jobs:
            review:
              runs-on: ubuntu-latest
              permissions: { id-token: write }
              steps:
                - name: Review
                  run: python review.py
                  env:
                    ANTHROPIC_FEDERATION_RULE_ID: ${RULE_ID}
                    ANTHROPIC_ORGANIZATION_ID: ${ORG_ID}
                    ANTHROPIC_IDENTITY_TOKEN_FILE: \${{ runner.temp }}/gha-jwt
                    ANTHROPIC_SERVICE_ACCOUNT_ID: "<service account id, svac_...>"
        `) }],
      }],
    },
    {
      name: 'workflow: a job-level rule id no step completes is reported once, at the job env',
      filename: '.github/workflows/nightly.yml',
      code: dedent(`
        on: { schedule: [ { cron: "0 3 * * *" } ] }
        jobs:
          nightly:
            runs-on: ubuntu-latest
            env:
              ANTHROPIC_FEDERATION_RULE_ID: ${RULE_ID}
              ANTHROPIC_ORGANIZATION_ID: ${ORG_ID}
              ANTHROPIC_SERVICE_ACCOUNT_ID: ${SA_ID}
            steps:
              - uses: actions/checkout@v4
              - run: python nightly.py
      `),
      errors: [{
        messageId: 'missingTokenSource', line: 6, column: 7, message: 'Federation is configured in any step of job "nightly"',
        suggestions: [{ output: dedent(`
          on: { schedule: [ { cron: "0 3 * * *" } ] }
          jobs:
            nightly:
              runs-on: ubuntu-latest
              env:
                ANTHROPIC_FEDERATION_RULE_ID: ${RULE_ID}
                ANTHROPIC_ORGANIZATION_ID: ${ORG_ID}
                ANTHROPIC_SERVICE_ACCOUNT_ID: ${SA_ID}
                ANTHROPIC_IDENTITY_TOKEN_FILE: "<path to the identity token file>"
              steps:
                - uses: actions/checkout@v4
                - run: python nightly.py
        `) }],
      }],
    },
    {
      name: 'compose list form: malformed ids',
      filename: 'docker-compose.yml',
      code: dedent(`
        services:
          worker:
            image: acme/worker:3
            environment:
              - ANTHROPIC_FEDERATION_RULE_ID=fdrl-01SDCCSbTxrXDpWc1phhtcfK
              - ANTHROPIC_ORGANIZATION_ID=org_acme
              - ANTHROPIC_SERVICE_ACCOUNT_ID=${SA_ID}
              - ANTHROPIC_IDENTITY_TOKEN_FILE=/run/secrets/anthropic-token
      `),
      errors: [
        { messageId: 'malformedId', line: 5, column: 38, endColumn: 67, message: 'a federation rule id' },
        { messageId: 'malformedId', line: 6, column: 35, endColumn: 43, message: 'an organization UUID' },
      ],
    },
    {
      name: 'an empty workspace id is deleted; a malformed one is reported',
      filename: 'docker-compose.yml',
      code: dedent(`
        services:
          api:
            image: acme/api:3
            environment:
              ANTHROPIC_FEDERATION_RULE_ID: ${RULE_ID}
              ANTHROPIC_ORGANIZATION_ID: ${ORG_ID}
              ANTHROPIC_SERVICE_ACCOUNT_ID: ${SA_ID}
              ANTHROPIC_IDENTITY_TOKEN_FILE: /run/secrets/anthropic-token
              ANTHROPIC_WORKSPACE_ID: ""
          batch:
            image: acme/batch:3
            environment:
              ANTHROPIC_FEDERATION_RULE_ID: ${RULE_ID}
              ANTHROPIC_ORGANIZATION_ID: ${ORG_ID}
              ANTHROPIC_SERVICE_ACCOUNT_ID: ${SA_ID}
              ANTHROPIC_IDENTITY_TOKEN_FILE: /run/secrets/anthropic-token
              ANTHROPIC_WORKSPACE_ID: wrkspc-batch
      `),
      errors: [
        { messageId: 'emptyWorkspace', line: 9, column: 7, severity: 'info' },
        { messageId: 'malformedId', line: 17, column: 31, message: 'a workspace id' },
      ],
      output: dedent(`
        services:
          api:
            image: acme/api:3
            environment:
              ANTHROPIC_FEDERATION_RULE_ID: ${RULE_ID}
              ANTHROPIC_ORGANIZATION_ID: ${ORG_ID}
              ANTHROPIC_SERVICE_ACCOUNT_ID: ${SA_ID}
              ANTHROPIC_IDENTITY_TOKEN_FILE: /run/secrets/anthropic-token
          batch:
            image: acme/batch:3
            environment:
              ANTHROPIC_FEDERATION_RULE_ID: ${RULE_ID}
              ANTHROPIC_ORGANIZATION_ID: ${ORG_ID}
              ANTHROPIC_SERVICE_ACCOUNT_ID: ${SA_ID}
              ANTHROPIC_IDENTITY_TOKEN_FILE: /run/secrets/anthropic-token
              ANTHROPIC_WORKSPACE_ID: wrkspc-batch
      `),
    },
    {
      name: 'devcontainer.json: only the rule id (three findings, each with its suggestion)',
      filename: '.devcontainer/devcontainer.json',
      code: dedent(`
        {
          "image": "mcr.microsoft.com/devcontainers/python:3.12",
          // the rest is still to do
          "containerEnv": { "ANTHROPIC_FEDERATION_RULE_ID": "${RULE_ID}" }
        }
      `),
      errors: [
        {
          messageId: 'missingOrganization', line: 4, column: 22,
          suggestions: [{ output: dedent(`
            {
              "image": "mcr.microsoft.com/devcontainers/python:3.12",
              // the rest is still to do
              "containerEnv": { "ANTHROPIC_FEDERATION_RULE_ID": "${RULE_ID}", "ANTHROPIC_ORGANIZATION_ID": "<organization UUID>" }
            }
          `) }],
        },
        {
          messageId: 'missingTokenSource', line: 4, column: 22,
          suggestions: [{ output: dedent(`
            {
              "image": "mcr.microsoft.com/devcontainers/python:3.12",
              // the rest is still to do
              "containerEnv": { "ANTHROPIC_FEDERATION_RULE_ID": "${RULE_ID}", "ANTHROPIC_IDENTITY_TOKEN_FILE": "<path to the identity token file>" }
            }
          `) }],
        },
        {
          messageId: 'missingServiceAccount', line: 4, column: 22, severity: 'info',
          suggestions: [{ output: dedent(`
            {
              "image": "mcr.microsoft.com/devcontainers/python:3.12",
              // the rest is still to do
              "containerEnv": { "ANTHROPIC_FEDERATION_RULE_ID": "${RULE_ID}", "ANTHROPIC_SERVICE_ACCOUNT_ID": "<service account id, svac_...>" }
            }
          `) }],
        },
      ],
    },
    {
      name: 'Dockerfile (neutral name): a malformed id baked into the image',
      filename: 'images/worker.build',
      code: 'FROM python:3.12-slim\nENV ANTHROPIC_FEDERATION_RULE_ID="fdrl_..."\n',
      errors: [{ messageId: 'malformedId', line: 2, column: 34, endColumn: 44 }],
    },
  ],
});
