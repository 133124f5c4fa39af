import rule from '../../../../src/core/rules/workload/projected-token-audience';
import { dedent, ruleTester } from '../../helpers/ruleTester';

const RULE_ID = 'fdrl_01SDCCSbTxrXDpWc1phhtcfK';

/** A Deployment whose container mounts one projected token volume; `token` is the serviceAccountToken source. */
function deployment(token: string, env: string, mount = '{ name: federation-token, mountPath: /var/run/secrets/tokens, readOnly: true }'): string {
  return dedent(`
    apiVersion: apps/v1
    kind: Deployment
    metadata: { name: worker, namespace: inference }
    spec:
      template:
        spec:
          serviceAccountName: inference-worker
          volumes:
            - name: federation-token
              projected:
                sources:
                  - serviceAccountToken: ${token}
          containers:
            - name: worker
              image: acme/worker:3
              env:
                - { name: ${env} }
              volumeMounts: [ ${mount} ]
  `);
}

ruleTester.run(rule, {
  valid: [
    { name: 'a dedicated token with the Anthropic audience', filename: 'k8s/deploy.yaml', code: deployment('{ audience: https://api.anthropic.com, expirationSeconds: 3600, path: anthropic }', 'ANTHROPIC_IDENTITY_TOKEN_FILE, value: /var/run/secrets/tokens/anthropic') },
    { name: 'a projected token nobody federates with may keep the API server audience', filename: 'k8s/deploy.yaml', code: deployment('{ expirationSeconds: 3600, path: vault }', 'VAULT_TOKEN_PATH, value: /var/run/secrets/tokens/vault') },
    { name: 'the minimum lifetime is allowed', filename: 'k8s/deploy.yaml', code: deployment('{ audience: https://api.openai.com/v1, expirationSeconds: 600, path: openai }', 'OPENAI_IDENTITY_TOKEN_FILE, value: /var/run/secrets/tokens/openai') },
    { name: 'a dotenv pointing at a dedicated token file', filename: '.env', code: `ANTHROPIC_FEDERATION_RULE_ID=${RULE_ID}\nANTHROPIC_IDENTITY_TOKEN_FILE=/var/run/secrets/anthropic.com/token\n` },
    {
      name: 'a CronJob with a dedicated token, mounted by subPath',
      filename: 'k8s/cron.yaml',
      code: dedent(`
        apiVersion: batch/v1
        kind: CronJob
        metadata: { name: nightly }
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  volumes:
                    - name: tokens
                      projected:
                        sources:
                          - serviceAccountToken:
                              audience: https://api.anthropic.com
                              path: anthropic
                  containers:
                    - name: nightly
                      image: acme/nightly:3
                      env: [ { name: ANTHROPIC_IDENTITY_TOKEN_FILE, value: /etc/anthropic/token } ]
                      volumeMounts: [ { name: tokens, mountPath: /etc/anthropic/token, subPath: anthropic } ]
      `),
    },
  ],
  invalid: [
    {
      name: 'no audience on the token ANTHROPIC_IDENTITY_TOKEN_FILE points at (preferred fix)',
      filename: 'k8s/deploy.yaml',
      code: deployment('{ expirationSeconds: 3600, path: token }', 'ANTHROPIC_IDENTITY_TOKEN_FILE, value: /var/run/secrets/tokens/token'),
      errors: [{ messageId: 'missingAudience', line: 12, column: 17, endColumn: 36, severity: 'error', message: '`ANTHROPIC_IDENTITY_TOKEN_FILE` points at it' }],
      output: deployment('{ expirationSeconds: 3600, path: token, audience: "https://api.anthropic.com" }', 'ANTHROPIC_IDENTITY_TOKEN_FILE, value: /var/run/secrets/tokens/token'),
    },
    {
      name: 'an empty audience on a token volume named for Anthropic (block style)',
      filename: 'k8s/pod.yaml',
      code: dedent(`
        apiVersion: v1
        kind: Pod
        metadata: { name: worker }
        spec:
          volumes:
            - name: anthropic-token
              projected:
                sources:
                  - serviceAccountToken:
                      audience: ""
                      path: token
          containers:
            - name: worker
              image: acme/worker:3
              volumeMounts: [ { name: anthropic-token, mountPath: /var/run/secrets/anthropic.com } ]
      `),
      errors: [{ messageId: 'missingAudience', line: 9, column: 13, message: 'its volume or path is named for it' }],
      output: dedent(`
        apiVersion: v1
        kind: Pod
        metadata: { name: worker }
        spec:
          volumes:
            - name: anthropic-token
              projected:
                sources:
                  - serviceAccountToken:
                      audience: "https://api.anthropic.com"
                      path: token
          containers:
            - name: worker
              image: acme/worker:3
              volumeMounts: [ { name: anthropic-token, mountPath: /var/run/secrets/anthropic.com } ]
      `),
    },
    {
      name: 'a CronJob token mounted by subPath where ANTHROPIC_IDENTITY_TOKEN_FILE reads it (block style, audience added)',
      filename: 'k8s/cron.yaml',
      code: dedent(`
        apiVersion: batch/v1
        kind: CronJob
        metadata: { name: nightly }
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  volumes:
                    - name: tokens
                      projected:
                        sources:
                          - serviceAccountToken:
                              expirationSeconds: 7200
                              path: sa-token
                  containers:
                    - name: nightly
                      image: acme/nightly:3
                      env: [ { name: ANTHROPIC_IDENTITY_TOKEN_FILE, value: /etc/federation/token } ]
                      volumeMounts: [ { name: tokens, mountPath: /etc/federation/token, subPath: sa-token } ]
      `),
      errors: [{ messageId: 'missingAudience', line: 15, column: 21, message: '`ANTHROPIC_IDENTITY_TOKEN_FILE` points at it' }],
      output: dedent(`
        apiVersion: batch/v1
        kind: CronJob
        metadata: { name: nightly }
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  volumes:
                    - name: tokens
                      projected:
                        sources:
                          - serviceAccountToken:
                              expirationSeconds: 7200
                              path: sa-token
                              audience: https://api.anthropic.com
                  containers:
                    - name: nightly
                      image: acme/nightly:3
                      env: [ { name: ANTHROPIC_IDENTITY_TOKEN_FILE, value: /etc/federation/token } ]
                      volumeMounts: [ { name: tokens, mountPath: /etc/federation/token, subPath: sa-token } ]
      `),
    },
    {
      name: 'Codex: the OpenAI audience depends on the provider, so it is only suggested',
      filename: 'k8s/deploy.yaml',
      code: deployment('{ path: openai }', 'OPENAI_IDENTITY_TOKEN_FILE, value: /var/run/secrets/tokens/openai'),
      errors: [{
        messageId: 'missingAudience', line: 12, column: 17, message: 'feeds OpenAI',
        suggestions: [
          { title: 'Set audience to https://api.openai.com/v1 (OpenAI API)', output: deployment('{ path: openai, audience: "https://api.openai.com/v1" }', 'OPENAI_IDENTITY_TOKEN_FILE, value: /var/run/secrets/tokens/openai') },
          { output: deployment('{ path: openai, audience: "<audience of your OpenAI workload identity provider>" }', 'OPENAI_IDENTITY_TOKEN_FILE, value: /var/run/secrets/tokens/openai') },
        ],
      }],
    },
    {
      name: 'a lifetime under 10 minutes is rejected by Kubernetes',
      filename: 'k8s/deploy.yaml',
      code: deployment('{ audience: https://api.anthropic.com, expirationSeconds: 300, path: token }', 'ANTHROPIC_IDENTITY_TOKEN_FILE, value: /var/run/secrets/tokens/token'),
      errors: [{
        messageId: 'shortExpiration', line: 12, column: 96, endColumn: 99, message: '`expirationSeconds` is 300',
        suggestions: [{ output: deployment('{ audience: https://api.anthropic.com, expirationSeconds: 600, path: token }', 'ANTHROPIC_IDENTITY_TOKEN_FILE, value: /var/run/secrets/tokens/token') }],
      }],
    },
    {
      name: 'reusing the EKS IRSA token, by path and by reference',
      filename: 'k8s/eks.yaml',
      code: dedent(`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: { name: indexer }
        spec:
          template:
            spec:
              serviceAccountName: indexer
              containers:
                - name: indexer
                  image: acme/indexer:3
                  env:
                    - name: ANTHROPIC_IDENTITY_TOKEN_FILE
                      value: /var/run/secrets/eks.amazonaws.com/serviceaccount/token
                - name: summarizer
                  image: acme/summarizer:3
                  env:
                    - name: ANTHROPIC_IDENTITY_TOKEN_FILE
                      value: $(AWS_WEB_IDENTITY_TOKEN_FILE)
      `),
      errors: [
        { messageId: 'reusedToken', line: 13, column: 22, severity: 'warning', message: 'the EKS IRSA token, whose audience is `sts.amazonaws.com`' },
        { messageId: 'reusedToken', line: 18, column: 22, severity: 'warning', message: 'the EKS IRSA token' },
      ],
    },
    {
      name: 'reusing the default service-account token (dotenv, neutral name)',
      filename: 'deploy/codex.vars',
      code: 'OPENAI_FEDERATION_RULE_ID=idpm_0123456789\nOPENAI_IDENTITY_TOKEN_FILE=/run/secrets/kubernetes.io/serviceaccount/token\n',
      errors: [{ messageId: 'reusedToken', line: 2, column: 28, endColumn: 75, message: "the pod's default service-account token" }],
    },
  ],
});
