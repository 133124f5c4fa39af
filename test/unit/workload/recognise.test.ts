import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from '../../../src/core/engine';
import { SourceContext } from '../../../src/core/source';
import { buildWorkloadModel, type WorkloadModel } from '../../../src/core/workload/model';
import { dedent, json } from '../helpers/ruleTester';

const kinds = (text: string, path: string) => check(text, path).kinds;

function modelOf(text: string, path: string): WorkloadModel {
  const built = buildWorkloadModel(new SourceContext(text, path));
  assert.ok(built, `not recognised: ${path}`);
  return built.model;
}

const shapes = (m: WorkloadModel) => m.scopes.map((s) => `${s.label}: ${s.vars.map((v) => `${v.name}=${v.shape}`).join(' ')}`);

describe('workload recognition', () => {
  it('claims dotenv files by name, and by content only when they carry provider variables', () => {
    assert.deepEqual(kinds('LOG_LEVEL=info\n', '.env'), ['dotenv']);
    assert.deepEqual(kinds('LOG_LEVEL=info\n', 'config/.env.local'), ['dotenv']);
    assert.deepEqual(kinds('export ANTHROPIC_FEDERATION_RULE_ID=fdrl_x\n', 'deploy/worker.vars'), ['dotenv']);
    assert.deepEqual(kinds('LOG_LEVEL=info\nPORT=8080\n', 'deploy/app.properties'), []);
    assert.deepEqual(kinds('#!/bin/sh\nexport ANTHROPIC_API_KEY=x\nexec python app.py\n', 'run.sh'), []);
    assert.deepEqual(kinds('Set ANTHROPIC_API_KEY to your key and run the app.\n', 'NOTES.txt'), []);
  });

  it('claims Dockerfiles by name (any case) and by their first instruction', () => {
    assert.deepEqual(kinds('from node:20\nenv A=1\n', 'Dockerfile'), ['dockerfile']);
    assert.deepEqual(kinds('# syntax=docker/dockerfile:1\nFROM node:20\nRUN npm ci\n', 'images/web.build'), ['dockerfile']);
    assert.deepEqual(kinds('FROM the desk of the editor: hello\n', 'letter.txt'), []);
  });

  it('recognises YAML and JSON workload configs by content, whatever their name', () => {
    assert.deepEqual(kinds('services:\n  web:\n    image: nginx\n', 'stack.yaml'), ['docker-compose']);
    assert.deepEqual(kinds('on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps: [ { run: make } ]\n', 'ci/build.yml'), ['github-workflow']);
    assert.deepEqual(kinds('apiVersion: v1\nkind: Service\nmetadata: { name: a }\n---\napiVersion: batch/v1\nkind: Job\nspec: { template: { spec: { containers: [] } } }\n', 'manifests/all.yaml'), ['kubernetes-manifest']);
    assert.deepEqual(kinds('{\n  // dev box\n  "image": "mcr.microsoft.com/devcontainers/base:ubuntu",\n  "features": {},\n}\n', 'box.json'), ['devcontainer']);
    assert.deepEqual(kinds(json({ version: '0.2.0', configurations: [{ name: 'a', type: 'node', request: 'launch' }] }), 'debug.json'), ['vscode-launch']);
    assert.deepEqual(kinds(json({ version: '1.0', authentication: { type: 'oidc_federation' } }), 'p.json'), ['anthropic-profile']);
    assert.deepEqual(kinds('upstreams:\n  - name: c\n    auth: { api_key: x }\n', 'gw.yaml'), ['anthropic-gateway']);
  });

  it('leaves other domains\' documents and other YAML alone', () => {
    const claims = (text: string, path: string) => buildWorkloadModel(new SourceContext(text, path))?.kinds ?? [];
    assert.deepEqual(claims('apiVersion: v1\nkind: Service\nmetadata: { name: a }\n', 'svc.yaml'), []);
    assert.deepEqual(claims(json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }), 'policy.json'), []);
    assert.deepEqual(claims('AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Fn: { Type: AWS::Lambda::Function, Properties: { Environment: { Variables: { ANTHROPIC_API_KEY: b } } } }\n', 'template.yaml'), []);
    assert.deepEqual(claims(json({ name: 'r', issuer_id: 'fdis_x', match: { subject_prefix: 'repo:a/b:ref:refs/heads/main' }, target: { type: 'service_account', service_account_id: 'svac_x' } }), 'rule.json'), []);
    assert.deepEqual(claims(json({ name: 'gh', issuer: 'https://token.actions.githubusercontent.com', audience: 'https://api.openai.com/v1' }), 'provider.json'), []);
    assert.deepEqual(claims('name: docs\nservices: []\n', 'mkdocs.yml'), []);
  });

  it('reports dotenv problems, and never YAML problems for a dotenv file or a Dockerfile', () => {
    const dotenv = check('ANTHROPIC_API_KEY=x\nFOO=bar baz\nGREETING="hello\n', '.env', { explicit: true, only: ['core/parse-error'] }).findings;
    assert.deepEqual(dotenv.map((f) => f.message), ['The value of GREETING opens a " quote that is never closed (UNTERMINATED_QUOTE)']);
    const dockerfile = check('FROM node:20\nENV A=b \\\n    C="d e"\nRUN echo "a: b" && ls\nCMD ["node", "x.js"]\n', 'images/web.build', { explicit: true, only: ['core/parse-error'] }).findings;
    assert.deepEqual(dockerfile, []);
  });
});

describe('workload model', () => {
  it('compose: map and list forms, null passes through, `$$` is literal, env_file is external', () => {
    const m = modelOf(dedent(`
      services:
        a:
          image: x
          env_file: .env.shared
          environment:
            K1: \${HOST_VAR}
            K2:
            K3: ""
            K4: "price: $$5"
        b:
          build: .
          environment: [ "K5=", K6, K7=literal ]
    `), 'docker-compose.yml');
    assert.deepEqual(shapes(m), ['service "a": K1=reference K2=reference K3=empty K4=literal', 'service "b": K5=empty K6=reference K7=literal']);
    assert.equal(m.scopes[0]!.external.length, 1);
  });

  it('compose: `<<: *anchor` merges are seen by every service that merges them; a local entry hides a merged one', () => {
    const m = modelOf(dedent(`
      x-anthropic: &anthropic
        ANTHROPIC_API_KEY: \${ANTHROPIC_API_KEY:-}
        LOG_LEVEL: info
      services:
        a:
          image: x
          environment:
            <<: *anthropic
            ANTHROPIC_FEDERATION_RULE_ID: fdrl_x
        b:
          image: y
          environment:
            <<: *anthropic
            LOG_LEVEL: debug
    `), 'compose.yaml');
    assert.deepEqual(shapes(m), [
      'service "a": ANTHROPIC_API_KEY=reference LOG_LEVEL=literal ANTHROPIC_FEDERATION_RULE_ID=literal',
      'service "b": ANTHROPIC_API_KEY=reference LOG_LEVEL=literal',
    ]);
    const merged = m.scopes[0]!.vars[0]!;
    assert.deepEqual(m.scopesSeeing(merged).map((s) => s.label), ['service "a"', 'service "b"']);
    assert.equal(m.scopes[1]!.vars[1]!.value, 'debug');
  });

  it('GitHub: a step sees workflow, job and step env (inner wins); job permissions replace the workflow\'s', () => {
    const m = modelOf(dedent(`
      on: push
      permissions: write-all
      env: { A: workflow, B: workflow }
      jobs:
        one:
          runs-on: ubuntu-latest
          env: { B: job }
          steps:
            - run: x
              env: { A: "" }
              with: { token: "\${{ secrets.T }}" }
        two:
          runs-on: ubuntu-latest
          permissions: { contents: read }
          steps: [ { run: y } ]
    `), '.github/workflows/ci.yml');
    const [wf] = m.workflows;
    assert.deepEqual(wf!.jobs.map((j) => [j.id, j.idTokenWrite !== undefined]), [['one', true], ['two', false]]);
    assert.deepEqual(shapes(m), ['step 1 of job "one": B=literal A=empty', 'step 1 of job "two": A=literal B=literal']);
    assert.deepEqual(m.scopes[0]!.inputs!.map((i) => `${i.name}=${i.shape}`), ['token=reference']);
    const workflowA = m.scopes[1]!.vars.find((v) => v.name === 'A')!;
    assert.deepEqual(m.scopesSeeing(workflowA).map((s) => s.label), ['step 1 of job "two"']);
  });

  it('Kubernetes: containers and init containers, value/valueFrom/$(VAR), and where projected tokens land', () => {
    const m = modelOf(dedent(`
      apiVersion: batch/v1
      kind: Job
      metadata: { name: j }
      spec:
        template:
          spec:
            volumes:
              - name: tok
                projected:
                  sources:
                    - serviceAccountToken: { audience: aud, path: t }
            initContainers:
              - name: init
                image: busybox
                volumeMounts: [ { name: tok, mountPath: /run/tokens/ } ]
            containers:
              - name: main
                image: x
                env:
                  - { name: A, value: "1" }
                  - { name: B, valueFrom: { secretKeyRef: { name: s, key: k } } }
                  - { name: C, value: "$(A)/x" }
                  - { name: D }
                volumeMounts: [ { name: tok, mountPath: /etc/t, subPath: t } ]
    `), 'job.yaml');
    assert.deepEqual(shapes(m), ['container "init": ', 'container "main": A=literal B=reference C=reference D=empty']);
    const [token] = m.pods[0]!.tokens;
    assert.deepEqual(token!.files.map((f) => [f.scope.label, f.file]), [['container "init"', '/var/run/tokens/t'], ['container "main"', '/etc/t']]);
  });

  it('devcontainer: remoteEnv over containerEnv, null unsets, --env-file is external', () => {
    const m = modelOf(dedent(`
      {
        "image": "x",
        "runArgs": ["--env-file", ".devcontainer/devcontainer.env"],
        "containerEnv": { "A": "1", "B": "\${localEnv:B}" },
        "remoteEnv": { "A": null, "C": "" }
      }
    `), '.devcontainer/devcontainer.json');
    assert.deepEqual(shapes(m), ['this dev container: A=literal B=reference C=empty']);
    assert.equal(m.scopes[0]!.external.length, 1);
  });

  it('profiles and gateways are read with their auth blocks', () => {
    const p = modelOf(json({ version: '1.0', authentication: { type: 'oidc_federation', api_key: 'x' }, refresh_token: 'y' }), 'configs/a.json');
    assert.deepEqual(p.profiles[0]!.credentials.map((c) => String(c.pair.key.value)), ['refresh_token', 'api_key']);
    const g = modelOf('upstreams:\n  - name: a\n    auth: { api_key: x }\n  - name: b\n', 'gateway.yaml');
    assert.equal(g.gateways.length, 1);
  });
});
