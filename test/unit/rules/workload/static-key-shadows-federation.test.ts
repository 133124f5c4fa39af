import rule from '../../../../src/core/rules/workload/static-key-shadows-federation';
import { dedent, json, ruleTester } from '../../helpers/ruleTester';

const RULE_ID = 'fdrl_01SDCCSbTxrXDpWc1phhtcfK';
const SA_ID = 'svac_01SDCCSbTxrXDpWc1phhtcfK';
const ORG_ID = '8a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d';

const FEDERATION_ENV = [
  `ANTHROPIC_FEDERATION_RULE_ID=${RULE_ID}`,
  `ANTHROPIC_ORGANIZATION_ID=${ORG_ID}`,
  `ANTHROPIC_SERVICE_ACCOUNT_ID=${SA_ID}`,
  'ANTHROPIC_IDENTITY_TOKEN_FILE=/var/run/secrets/anthropic.com/token',
].join('\n');

/** A Service, a Deployment whose worker gets the key from a Secret, and a CronJob with an empty key (or neither). */
function k8sStream(withKeys: boolean): string {
  const deploymentKey = withKeys ? `
                - name: ANTHROPIC_API_KEY
                  valueFrom:
                    secretKeyRef: { name: anthropic, key: api-key }` : '';
  const cronKey = withKeys ? `
                    - { name: ANTHROPIC_AUTH_TOKEN, value: "" }` : '';
  return dedent(`
    apiVersion: v1
    kind: Service
    metadata: { name: worker }
    spec: { ports: [ { port: 80 } ] }
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata: { name: worker }
    spec:
      template:
        spec:
          containers:
            - name: worker
              image: acme/worker:3
              env:${deploymentKey}
                - name: ANTHROPIC_FEDERATION_RULE_ID
                  value: ${RULE_ID}
    ---
    apiVersion: batch/v1
    kind: CronJob
    metadata: { name: nightly }
    spec:
      schedule: "0 3 * * *"
      jobTemplate:
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: nightly
                  image: acme/nightly:3
                  env:
                    - { name: ANTHROPIC_IDENTITY_TOKEN_FILE, value: /var/run/secrets/anthropic.com/token }${cronKey}
  `);
}

ruleTester.run(rule, {
  valid: [
    { name: 'dotenv with only federation variables', filename: '.env', code: `${FEDERATION_ENV}\n` },
    {
      name: 'Kubernetes Deployment from the Anthropic guide (projected token + federation env)',
      filename: 'k8s/deploy.yaml',
      code: dedent(`
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: inference-worker, namespace: inference }
        spec:
          template:
            spec:
              serviceAccountName: inference-worker
              volumes:
                - name: anthropic-token
                  projected:
                    sources:
                      - serviceAccountToken: { audience: https://api.anthropic.com, expirationSeconds: 3600, path: token }
              containers:
                - name: app
                  image: ghcr.io/acme/worker:1.4.2
                  env:
                    - { name: ANTHROPIC_IDENTITY_TOKEN_FILE, value: /var/run/secrets/anthropic.com/token }
                    - { name: ANTHROPIC_FEDERATION_RULE_ID, value: ${RULE_ID} }
                    - { name: ANTHROPIC_ORGANIZATION_ID, value: ${ORG_ID} }
                    - { name: ANTHROPIC_SERVICE_ACCOUNT_ID, value: ${SA_ID} }
                  volumeMounts: [ { name: anthropic-token, mountPath: /var/run/secrets/anthropic.com, readOnly: true } ]
      `),
    },
    {
      name: 'GitHub Actions job from the Anthropic guide',
      filename: '.github/workflows/deploy.yml',
      code: dedent(`
        on: { push: { branches: [main] } }
        jobs:
          summarize:
            runs-on: ubuntu-latest
            permissions: { id-token: write, contents: read }
            steps:
              - run: |
                  curl -sS -H "Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN" \\
                    "$ACTIONS_ID_TOKEN_REQUEST_URL&audience=https://api.anthropic.com" | jq -r .value > "$RUNNER_TEMP/gha-jwt"
              - env:
                  ANTHROPIC_IDENTITY_TOKEN_FILE: \${{ runner.temp }}/gha-jwt
                  ANTHROPIC_FEDERATION_RULE_ID: ${RULE_ID}
                  ANTHROPIC_ORGANIZATION_ID: ${ORG_ID}
                  ANTHROPIC_SERVICE_ACCOUNT_ID: ${SA_ID}
                run: python app.py
      `),
    },
    {
      name: 'a key in one compose service and federation in another: different processes',
      filename: 'docker-compose.yml',
      code: dedent(`
        services:
          legacy-batch:
            image: acme/batch:2
            environment:
              ANTHROPIC_API_KEY: \${ANTHROPIC_API_KEY}
          worker:
            image: acme/worker:3
            environment:
              - ANTHROPIC_FEDERATION_RULE_ID=${RULE_ID}
              - ANTHROPIC_ORGANIZATION_ID=${ORG_ID}
              - ANTHROPIC_IDENTITY_TOKEN_FILE=/run/secrets/anthropic-token
      `),
    },
    { name: 'a key without federation is not this rule\'s business', filename: '.env', code: 'ANTHROPIC_API_KEY=sk-ant-test\nLOG_LEVEL=info\n' },
    { name: 'a blank key in a template is a blank to fill in', filename: '.env.example', code: 'ANTHROPIC_API_KEY=\nLOG_LEVEL=info\n' },
    { name: 'a commented-out key is not set', filename: '.env', code: `# ANTHROPIC_API_KEY=\n${FEDERATION_ENV}\n` },
    { name: 'an empty federation variable does not configure federation', filename: '.env', code: 'ANTHROPIC_API_KEY=sk-ant-test\nANTHROPIC_FEDERATION_RULE_ID=\n' },
    {
      name: 'Dockerfile with federation ENV only',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim\nENV ANTHROPIC_FEDERATION_RULE_ID=${RULE_ID} \\\n    ANTHROPIC_ORGANIZATION_ID=${ORG_ID}\nCMD ["python", "app.py"]\n`,
    },
    { name: 'Codex workload identity without a key', filename: '.env', code: 'OPENAI_FEDERATION_RULE_ID=idpm_0123456789\nOPENAI_IDENTITY_TOKEN_FILE=/var/run/secrets/openai/token\n' },
    {
      name: 'devcontainer: null unsets the key',
      filename: '.devcontainer/devcontainer.json',
      code: dedent(`
        {
          // federation from the host's token file
          "image": "mcr.microsoft.com/devcontainers/python:3.12",
          "containerEnv": { "ANTHROPIC_FEDERATION_RULE_ID": "${RULE_ID}" },
          "remoteEnv": { "ANTHROPIC_API_KEY": null }
        }
      `),
    },
    {
      name: 'Kubernetes: a sidecar with a key next to an app container that federates',
      filename: 'k8s/pod.yaml',
      code: dedent(`
        apiVersion: v1
        kind: Pod
        metadata: { name: mixed }
        spec:
          containers:
            - name: app
              image: acme/app:1
              env:
                - { name: ANTHROPIC_FEDERATION_RULE_ID, value: ${RULE_ID} }
            - name: legacy-proxy
              image: acme/proxy:1
              env:
                - name: ANTHROPIC_API_KEY
                  valueFrom: { secretKeyRef: { name: anthropic, key: api-key } }
      `),
    },
  ],
  invalid: [
    {
      name: 'dotenv: exported empty key with CRLF line breaks (fix deletes the line)',
      filename: '.env',
      code: `export ANTHROPIC_API_KEY=""\r\nexport ANTHROPIC_FEDERATION_RULE_ID=${RULE_ID}\r\nexport ANTHROPIC_ORGANIZATION_ID=${ORG_ID}\r\n`,
      errors: [{ messageId: 'shadowsEmpty', line: 1, column: 8, endColumn: 25, severity: 'error', message: "Unset it, don't blank it" }],
      output: `export ANTHROPIC_FEDERATION_RULE_ID=${RULE_ID}\r\nexport ANTHROPIC_ORGANIZATION_ID=${ORG_ID}\r\n`,
    },
    {
      name: 'dotenv: a literal key is only suggested for removal',
      filename: '.env.production',
      code: `ANTHROPIC_API_KEY=sk-ant-test\n${FEDERATION_ENV}\n`,
      errors: [{
        messageId: 'shadowsLiteral', line: 1, column: 1, message: 'holds a literal value',
        suggestions: [{ title: 'Delete `ANTHROPIC_API_KEY`', output: `${FEDERATION_ENV}\n` }],
      }],
    },
    {
      name: 'dotenv: a pass-through auth token next to a profile',
      filename: '.env',
      code: 'ANTHROPIC_PROFILE=production\nANTHROPIC_AUTH_TOKEN=${ANTHROPIC_AUTH_TOKEN:-}\n',
      errors: [{ messageId: 'shadowsReference', line: 2, column: 1, endColumn: 21, message: '(`ANTHROPIC_PROFILE`)' }],
      output: 'ANTHROPIC_PROFILE=production\n',
    },
    {
      name: 'dotenv recognised by content under a neutral name',
      filename: 'deploy/worker.vars',
      code: `ANTHROPIC_API_KEY=\n${FEDERATION_ENV}\n`,
      errors: [{ messageId: 'shadowsEmpty', line: 1, column: 1 }],
      output: `${FEDERATION_ENV}\n`,
    },
    {
      name: 'compose map form: `${VAR:-}` blanks the key when the host has none',
      filename: 'docker-compose.yml',
      code: dedent(`
        services:
          worker:
            image: acme/worker:3
            environment:
              ANTHROPIC_FEDERATION_RULE_ID: ${RULE_ID}
              ANTHROPIC_API_KEY: \${ANTHROPIC_API_KEY:-}
              ANTHROPIC_IDENTITY_TOKEN_FILE: /run/secrets/anthropic-token
      `),
      errors: [{ messageId: 'shadowsReference', line: 6, column: 7, endColumn: 24 }],
      output: dedent(`
        services:
          worker:
            image: acme/worker:3
            environment:
              ANTHROPIC_FEDERATION_RULE_ID: ${RULE_ID}
              ANTHROPIC_IDENTITY_TOKEN_FILE: /run/secrets/anthropic-token
      `),
    },
    {
      name: 'compose list form: a bare name passes the host variable through',
      filename: 'compose.yaml',
      code: dedent(`
        services:
          worker:
            build: .
            environment:
              - ANTHROPIC_API_KEY
              - ANTHROPIC_FEDERATION_RULE_ID=${RULE_ID}
      `),
      errors: [{ messageId: 'shadowsReference', line: 5, column: 9, endColumn: 26 }],
      output: dedent(`
        services:
          worker:
            build: .
            environment:
              - ANTHROPIC_FEDERATION_RULE_ID=${RULE_ID}
      `),
    },
    {
      name: 'workflow: a workflow-level secret shadows the job\'s federation in every step',
      filename: '.github/workflows/deploy.yml',
      code: dedent(`
        name: summarize
        on: push
        env:
          ANTHROPIC_API_KEY: \${{ secrets.ANTHROPIC_API_KEY }}
          LOG_LEVEL: info
        jobs:
          run:
            runs-on: ubuntu-latest
            env:
              ANTHROPIC_FEDERATION_RULE_ID: ${RULE_ID}
            steps:
              - uses: actions/checkout@v4
              - run: python summarize.py
                env:
                  ANTHROPIC_IDENTITY_TOKEN_FILE: \${{ runner.temp }}/gha-jwt
      `),
      errors: [{ messageId: 'shadowsReference', line: 4, column: 3 }],
      output: dedent(`
        name: summarize
        on: push
        env:
          LOG_LEVEL: info
        jobs:
          run:
            runs-on: ubuntu-latest
            env:
              ANTHROPIC_FEDERATION_RULE_ID: ${RULE_ID}
            steps:
              - uses: actions/checkout@v4
              - run: python summarize.py
                env:
                  ANTHROPIC_IDENTITY_TOKEN_FILE: \${{ runner.temp }}/gha-jwt
      `),
    },
    {
      name: 'workflow: a key another job still uses is only suggested for removal (and the env: key goes with its last entry)',
      filename: 'ci.yml',
      code: dedent(`
        on: [push]
        env:
          ANTHROPIC_API_KEY: \${{ secrets.ANTHROPIC_API_KEY }}
        jobs:
          legacy:
            runs-on: ubuntu-latest
            steps:
              - run: ./legacy.sh
          federated:
            runs-on: ubuntu-latest
            steps:
              - run: ./new.sh
                env: { ANTHROPIC_FEDERATION_RULE_ID: ${RULE_ID} }
      `),
      errors: [{
        messageId: 'shadowsReference', line: 3, column: 3,
        suggestions: [{ output: dedent(`
          on: [push]
          jobs:
            legacy:
              runs-on: ubuntu-latest
              steps:
                - run: ./legacy.sh
            federated:
              runs-on: ubuntu-latest
              steps:
                - run: ./new.sh
                  env: { ANTHROPIC_FEDERATION_RULE_ID: ${RULE_ID} }
        `) }],
      }],
    },
    {
      name: 'Kubernetes stream: a Deployment with a secretKeyRef key and a CronJob with an empty one',
      filename: 'k8s/worker.yaml',
      code: k8sStream(true),
      errors: [
        { messageId: 'shadowsReference', line: 16, column: 21, endColumn: 38 },
        { messageId: 'shadowsEmpty', line: 37, column: 27, endColumn: 47 },
      ],
      output: k8sStream(false),
    },
    {
      name: 'compose: a key merged from an anchor that another service still uses is only suggested for removal',
      filename: 'docker-compose.yml',
      code: dedent(`
        x-anthropic: &anthropic
          ANTHROPIC_API_KEY: \${ANTHROPIC_API_KEY}
          LOG_LEVEL: info
        services:
          worker:
            image: acme/worker:3
            environment:
              <<: *anthropic
              ANTHROPIC_FEDERATION_RULE_ID: ${RULE_ID}
          legacy:
            image: acme/legacy:1
            environment: *anthropic
      `),
      errors: [{
        messageId: 'shadowsReference', line: 2, column: 3,
        suggestions: [{ output: dedent(`
          x-anthropic: &anthropic
            LOG_LEVEL: info
          services:
            worker:
              image: acme/worker:3
              environment:
                <<: *anthropic
                ANTHROPIC_FEDERATION_RULE_ID: ${RULE_ID}
            legacy:
              image: acme/legacy:1
              environment: *anthropic
        `) }],
      }],
    },
    {
      name: 'Dockerfile: only the key is removed from a multi-variable ENV',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim\nENV ANTHROPIC_API_KEY="" \\\n    ANTHROPIC_FEDERATION_RULE_ID=${RULE_ID}\nCMD ["python", "app.py"]\n`,
      errors: [{ messageId: 'shadowsEmpty', line: 2, column: 5, endColumn: 22 }],
      output: `FROM python:3.12-slim\nENV ANTHROPIC_FEDERATION_RULE_ID=${RULE_ID}\nCMD ["python", "app.py"]\n`,
    },
    {
      name: 'Dockerfile recognised by content: a build ARG next to legacy-form ENV',
      filename: 'images/worker.build',
      code: `ARG PYTHON=3.12\nFROM python:\${PYTHON}-slim\nARG ANTHROPIC_API_KEY\nENV ANTHROPIC_IDENTITY_TOKEN_FILE /var/run/secrets/anthropic.com/token\nRUN pip install anthropic\n`,
      errors: [{ messageId: 'shadowsReference', line: 3, column: 5 }],
      output: `ARG PYTHON=3.12\nFROM python:\${PYTHON}-slim\nENV ANTHROPIC_IDENTITY_TOKEN_FILE /var/run/secrets/anthropic.com/token\nRUN pip install anthropic\n`,
    },
    {
      name: 'devcontainer.json with comments: remoteEnv passes the host key through',
      filename: '.devcontainer/devcontainer.json',
      code: dedent(`
        {
          "name": "worker",
          "image": "mcr.microsoft.com/devcontainers/python:3.12",
          // federation settings for the container
          "containerEnv": {
            "ANTHROPIC_FEDERATION_RULE_ID": "${RULE_ID}",
            "ANTHROPIC_IDENTITY_TOKEN_FILE": "/workspaces/.tokens/anthropic"
          },
          "remoteEnv": {
            "ANTHROPIC_API_KEY": "\${localEnv:ANTHROPIC_API_KEY}",
            "PATH": "\${containerEnv:PATH}:/home/vscode/.local/bin"
          }
        }
      `),
      errors: [{ messageId: 'shadowsReference', line: 10, column: 6, endColumn: 23 }],
      output: dedent(`
        {
          "name": "worker",
          "image": "mcr.microsoft.com/devcontainers/python:3.12",
          // federation settings for the container
          "containerEnv": {
            "ANTHROPIC_FEDERATION_RULE_ID": "${RULE_ID}",
            "ANTHROPIC_IDENTITY_TOKEN_FILE": "/workspaces/.tokens/anthropic"
          },
          "remoteEnv": {
            "PATH": "\${containerEnv:PATH}:/home/vscode/.local/bin"
          }
        }
      `),
    },
    {
      name: 'launch.json: an empty key in a debug configuration',
      filename: '.vscode/launch.json',
      code: json({
        version: '0.2.0',
        configurations: [{
          name: 'worker',
          type: 'debugpy',
          request: 'launch',
          program: '${workspaceFolder}/worker.py',
          env: { ANTHROPIC_FEDERATION_RULE_ID: RULE_ID, ANTHROPIC_API_KEY: '' },
        }],
      }),
      errors: [{ messageId: 'shadowsEmpty', line: 11, column: 10, endColumn: 27 }],
      output: json({
        version: '0.2.0',
        configurations: [{
          name: 'worker',
          type: 'debugpy',
          request: 'launch',
          program: '${workspaceFolder}/worker.py',
          env: { ANTHROPIC_FEDERATION_RULE_ID: RULE_ID },
        }],
      }),
    },
    {
      name: 'Codex: OPENAI_API_KEY next to workload identity is a warning, removal only suggested',
      filename: '.env',
      code: 'OPENAI_FEDERATION_RULE_ID=idpm_0123456789\nOPENAI_IDENTITY_TOKEN_FILE=/var/run/secrets/openai/token\nOPENAI_API_KEY=sk-proj-test\n',
      errors: [{
        messageId: 'openaiShadows', line: 3, column: 1, severity: 'warning', message: 'the OpenAI SDKs and any other tool in the same process',
        suggestions: [{ output: 'OPENAI_FEDERATION_RULE_ID=idpm_0123456789\nOPENAI_IDENTITY_TOKEN_FILE=/var/run/secrets/openai/token\n' }],
      }],
    },
    {
      name: 'Codex: an empty OPENAI_API_KEY is deleted',
      filename: '.env',
      code: 'OPENAI_API_KEY=\nOPENAI_IDENTITY_TOKEN_FILE=/var/run/secrets/openai/token\n',
      errors: [{ messageId: 'openaiShadowsEmpty', line: 1, column: 1, severity: 'warning' }],
      output: 'OPENAI_IDENTITY_TOKEN_FILE=/var/run/secrets/openai/token\n',
    },
    {
      name: 'an empty key without federation is still not unset',
      filename: '.env',
      code: 'ANTHROPIC_API_KEY=\nLOG_LEVEL=info\n',
      errors: [{ messageId: 'emptyKey', line: 1, column: 1, severity: 'warning', message: 'blank is not unset' }],
      output: 'LOG_LEVEL=info\n',
    },
  ],
});
