import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Completion, completionsAt } from '../../../src/core/completion';
import { manifest } from '../../../bench/fixtures';

/** The text without its one `|`, and the offset the `|` marked. */
function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0 && marked.indexOf('|', offset + 1) < 0, 'mark the cursor with exactly one |');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

interface Seen extends Completion {
  /** The text the completion replaces. */
  readonly replaces: string;
  /** The text after applying it. */
  readonly applied: string;
}

function complete(marked: string, path = 'rule.yaml'): Seen[] {
  const { text, offset } = cursor(marked);
  return completionsAt(text, path, offset).map((c) => {
    assert.ok(c.span.start <= offset && offset <= c.span.end, `${c.label}: the span holds the cursor`);
    assert.ok(!text.slice(c.span.start, c.span.end).includes('\n'), `${c.label}: the span is on one line`);
    return { ...c, replaces: text.slice(c.span.start, c.span.end), applied: text.slice(0, c.span.start) + c.insertText + text.slice(c.span.end) };
  });
}

const labels = (cs: readonly Completion[]) => cs.map((c) => c.label);
const one = (cs: readonly Seen[], label: string): Seen => {
  const c = cs.find((x) => x.label === label);
  assert.ok(c, `no completion ${label} in ${labels(cs).join(', ')}`);
  return c;
};

const SCOPES = ['workspace:developer', 'workspace:inference', 'workspace:manage_tunnels', 'org:admin'];

const RULE = `name: gha-deploy-main
issuer_id: fdis_01SDCCSbTxrXDpWc1phhtcfK
match:
  subject_prefix: "repo:acme/payments:ref:refs/heads/main"
  audience: https://api.anthropic.com
target: { type: service_account, service_account_id: svac_01SDCCSbTxrXDpWc1phhtcfK }
oauth_scope: workspace:inference
`;

describe('completionsAt: YAML fields', () => {
  it('inside an empty match: block, the four matchers, plain `key: `', () => {
    const cs = complete(RULE.replace(/match:\n[\s\S]*?target/, 'match:\n  |\ntarget'));
    assert.deepEqual(labels(cs), ['subject_prefix', 'audience', 'claims', 'condition']);
    const sp = one(cs, 'subject_prefix');
    assert.equal(sp.kind, 'field');
    assert.equal(sp.insertText, 'subject_prefix: ');
    assert.equal(sp.replaces, '');
    assert.match(sp.documentation ?? '', /Provider docs/);
  });

  it('a partially typed key is the span; fields already present are not offered', () => {
    const cs = complete(RULE.replace('  audience: https://api.anthropic.com\n', '  audience: https://api.anthropic.com\n  cla|\n'));
    assert.deepEqual(labels(cs), ['claims', 'condition']);
    assert.equal(one(cs, 'claims').replaces, 'cla');
    assert.equal(one(cs, 'claims').insertText, 'claims: ');
    const root = complete(`${RULE}|`);
    assert.deepEqual(labels(root), ['description', 'workspace_id', 'applies_to_all_workspaces', 'token_lifetime_seconds']);
  });

  it('indentation decides the map: a blank line under match at the rule\'s column is a rule field', () => {
    const text = RULE.replace('target:', '|\ntarget:');
    assert.ok(labels(complete(text)).includes('token_lifetime_seconds'));
    assert.ok(!labels(complete(text)).includes('claims'));
  });

  it('editing an existing key keeps its colon', () => {
    const cs = complete(RULE.replace('oauth_scope:', 'oauth_sc|ope:'));
    assert.equal(one(cs, 'oauth_scope').insertText, 'oauth_scope');
    assert.equal(one(cs, 'oauth_scope').replaces, 'oauth_scope');
  });
});

describe('completionsAt: YAML values', () => {
  it('after `oauth_scope: workspace:` the scopes, replacing what is typed', () => {
    const cs = complete(RULE.replace('oauth_scope: workspace:inference', 'oauth_scope: workspace:|'));
    assert.deepEqual(labels(cs), SCOPES);
    assert.equal(one(cs, 'org:admin').replaces, 'workspace:');
    assert.equal(one(cs, 'workspace:inference').kind, 'value');
    assert.match(one(cs, 'org:admin').documentation ?? '', /Console/);
  });

  it('a second scope completes the word under the cursor and skips the scopes already there', () => {
    const cs = complete(RULE.replace('oauth_scope: workspace:inference', 'oauth_scope: workspace:inference work|'));
    assert.deepEqual(labels(cs), ['workspace:developer', 'workspace:manage_tunnels', 'org:admin']);
    assert.equal(one(cs, 'workspace:developer').replaces, 'work');
    assert.match(one(cs, 'workspace:developer').applied, /oauth_scope: workspace:inference workspace:developer\n/);
    const quoted = complete(RULE.replace('oauth_scope: workspace:inference', 'oauth_scope: "workspace:inference |"'));
    assert.equal(one(quoted, 'org:admin').insertText, 'org:admin');
    assert.match(one(quoted, 'org:admin').applied, /oauth_scope: "workspace:inference org:admin"\n/);
  });

  it('flow maps: target type, then the fields a target still lacks', () => {
    const type = complete(RULE.replace('{ type: service_account,', '{ type: |,'));
    assert.deepEqual(labels(type), ['service_account']);
    const field = complete(RULE.replace('target: { type: service_account, service_account_id: svac_01SDCCSbTxrXDpWc1phhtcfK }', 'target: { type: service_account, | }'));
    assert.deepEqual(labels(field), ['service_account_id']);
    assert.equal(one(field, 'service_account_id').insertText, 'service_account_id: ');
  });

  it('values of a name or a free-text field: none', () => {
    assert.deepEqual(complete(RULE.replace('name: gha-deploy-main', 'name: gha|')), []);
    assert.deepEqual(complete(RULE.replace('audience: https', 'audience: ht|tps')), []);
  });
});

const MANIFEST = `federation_issuers:
  - name: github-actions
    issuer_url: https://token.actions.githubusercontent.com
    jwks: { type: discovery }
  - name: onprem-k8s
    issuer_url: https://kubernetes.default.svc.cluster.local
    jwks:
      type: inline
      keys: []
service_accounts:
  - name: deployer
    organization_role: developer
  - name: batch-worker
federation_rules:
  - name: eks-batch
    issuer_id: onprem-k8s
    match:
      subject_prefix: system:serviceaccount:batch:worker
      audience: https://api.anthropic.com
    target: { type: service_account, service_account_id: batch-worker }
    applies_to_all_workspaces: true
    oauth_scope: workspace:inference
`;

describe('completionsAt: manifests', () => {
  it('issuer_id and service_account_id offer the manifest\'s own names', () => {
    const issuer = complete(MANIFEST.replace('issuer_id: onprem-k8s', 'issuer_id: on|'), 'keyless.yaml');
    assert.deepEqual(labels(issuer), ['github-actions', 'onprem-k8s']);
    assert.equal(one(issuer, 'onprem-k8s').replaces, 'on');
    const sa = complete(MANIFEST.replace('service_account_id: batch-worker', 'service_account_id: |'), 'keyless.yaml');
    assert.deepEqual(labels(sa), ['deployer', 'batch-worker']);
  });

  it('a new list item, roles, jwks types and booleans', () => {
    const item = complete(`${MANIFEST}  - |`, 'keyless.yaml');
    assert.ok(labels(item).includes('issuer_id') && labels(item).includes('name') && labels(item).includes('match'));
    assert.deepEqual(labels(complete(MANIFEST.replace('organization_role: developer', 'organization_role: |'), 'keyless.yaml')), ['developer', 'admin']);
    assert.deepEqual(labels(complete(MANIFEST.replace('type: inline', 'type: |'), 'keyless.yaml')), ['discovery', 'explicit_url', 'inline']);
    assert.deepEqual(labels(complete(MANIFEST.replace('jwks: { type: discovery }', 'jwks: { type: discovery, | }'), 'keyless.yaml')), ['discovery_base', 'url', 'keys', 'ca_cert_pem']);
    assert.deepEqual(labels(complete(MANIFEST.replace('applies_to_all_workspaces: true', 'applies_to_all_workspaces: |'), 'keyless.yaml')), ['true', 'false']);
    assert.deepEqual(labels(complete(MANIFEST.replace('  - name: batch-worker\n', '  - name: batch-worker\n    |\n'), 'keyless.yaml')), ['description', 'organization_role']);
    assert.deepEqual(labels(complete(MANIFEST.replace('federation_rules:', '|\nfederation_rules:'), 'keyless.yaml')), []);
    assert.deepEqual(labels(complete(MANIFEST.replace('service_accounts:', '|\nservice_accounts:').replace(/federation_rules:[\s\S]*$/, ''), 'keyless.yaml')), ['federation_rules']);
  });

  it('no completion offers a name that holds a planted key', () => {
    const key = ['sk', 'ant', 'admin01', 'W9'.repeat(46) + 'AA'].join('-');
    const cs = complete(MANIFEST.replace('name: github-actions', `name: ${key}`).replace('issuer_id: onprem-k8s', 'issuer_id: |'), 'keyless.yaml');
    assert.deepEqual(labels(cs), ['onprem-k8s']);
    assert.ok(cs.every((c) => ![c.label, c.insertText, c.detail, c.documentation].join('\n').includes(key)));
  });

  it('a rule being typed at the end of a 5,000-line manifest', () => {
    const text = `${manifest(5000)}  - name: new-rule\n    issuer_id: |`;
    assert.deepEqual(labels(complete(text, 'keyless.yaml')), ['github-actions', 'payments-eks', 'spire', 'google', 'entra']);
  });
});

describe('completionsAt: JSON', () => {
  const body = JSON.stringify({ name: 'gha-deploy-main', issuer_id: 'fdis_01SDCCSbTxrXDpWc1phhtcfK', match: { subject_prefix: 'repo:acme/payments:ref:refs/heads/main' }, oauth_scope: 'workspace:inference' }, null, 2);

  it('after `{` and after `,`: quoted keys with their colon', () => {
    const cs = complete(body.replace('"match": {', '"match": {|'), 'rule.json');
    assert.deepEqual(labels(cs), ['audience', 'claims', 'condition']);
    assert.equal(one(cs, 'audience').insertText, '"audience": ');
    const comma = complete(body.replace('"oauth_scope": "workspace:inference"', '"oauth_scope": "workspace:inference", |'), 'rule.json');
    assert.ok(labels(comma).includes('target') && !labels(comma).includes('oauth_scope'));
    assert.equal(one(comma, 'target').insertText, '"target": ');
  });

  it('a key typed inside quotes: the span runs from after the opening quote through the closing one', () => {
    const cs = complete(body.replace('"match": {', '"match": {\n    "au|"'), 'rule.json');
    const c = one(cs, 'audience');
    assert.equal(c.replaces, 'au"');
    assert.equal(c.insertText, 'audience": ');
    assert.match(c.applied, /\{\n {4}"audience": \n/);
  });

  it('values are quoted strings, booleans bare; a second scope inside the string is a bare word', () => {
    const scope = complete(body.replace('"oauth_scope": "workspace:inference"', '"oauth_scope": |'), 'rule.json');
    assert.equal(one(scope, 'org:admin').insertText, '"org:admin"');
    const inside = complete(body.replace('"workspace:inference"', '"workspace:inference |"'), 'rule.json');
    assert.deepEqual(labels(inside), ['workspace:developer', 'workspace:manage_tunnels', 'org:admin']);
    assert.match(one(inside, 'org:admin').applied, /"oauth_scope": "workspace:inference org:admin"/);
    const typed = complete(body.replace('"workspace:inference"', '"workspace:inf|"'), 'rule.json');
    assert.match(one(typed, 'workspace:inference').applied, /"oauth_scope": "workspace:inference"/);
    const bool = complete(body.replace('"oauth_scope": "workspace:inference"', '"oauth_scope": "workspace:inference",\n  "applies_to_all_workspaces": |'), 'rule.json');
    assert.deepEqual(bool.map((c) => c.insertText), ['true', 'false']);
    const tight = complete('{"name": "github-actions", "issuer_url": "https://token.actions.githubusercontent.com", "check_jti":tr|}', 'issuer.json');
    assert.equal(one(tight, 'true').replaces, 'tr');
    assert.match(one(tight, 'true').applied, /"check_jti":true\}$/);
  });

  it('an unfinished document still completes where the partial tree allows', () => {
    const open = '{\n  "name": "gha-deploy-main",\n  "issuer_id": "fdis_01SDCCSbTxrXDpWc1phhtcfK",\n  "match": {\n    "subject_prefix": "repo:acme/payments:ref:refs/heads/main",\n    "con|';
    const cs = complete(open, 'rule.json');
    assert.deepEqual(labels(cs), ['audience', 'claims', 'condition']);
    assert.equal(one(cs, 'condition').insertText, 'condition": ');
    const value = complete('{\n  "name": "x",\n  "issuer_id": "fdis_1",\n  "target": { "type": "|', 'rule.json');
    assert.equal(one(value, 'service_account').insertText, 'service_account"');
  });
});

describe('completionsAt: OpenAI', () => {
  const provider = `workload_identity_providers:
  - name: github-actions-prod
    type: oidc
    issuer: https://token.actions.githubusercontent.com
    audience: https://api.openai.com/v1
    verification: { type: discovery, discovery_url: null }
    federation_rules:
      - name: payments-main
        project_id: proj_abc
        service_account_id: sa_123
        attribute_matchers: { sub: "repo:acme/payments:ref:refs/heads/main" }
        permissions:
          type: restricted
          scopes: [api.model.request]
`;

  it('mapping permissions, provider verification and type', () => {
    assert.deepEqual(labels(complete(provider.replace('type: restricted', 'type: |'), 'openai.yaml')), ['service_account_default', 'restricted']);
    assert.deepEqual(labels(complete(provider.replace('{ type: discovery,', '{ type: |,'), 'openai.yaml')), ['discovery', 'uploaded_jwks']);
    assert.deepEqual(labels(complete(provider.replace('    type: oidc', '    type: |'), 'openai.yaml')), ['oidc']);
    assert.deepEqual(labels(complete(provider.replace('        project_id: proj_abc\n', '        |\n'), 'openai.yaml')), ['description', 'enabled', 'project_id']);
  });

  it('Codex: provider types, and scope lists in block and flow style', () => {
    const codexProvider = 'name: spire\ntype: |\nissuer: https://oidc-discovery.spire.acme.example\ncheck_jti: true\nmax_assertion_lifetime_seconds: 300\n';
    assert.deepEqual(labels(complete(codexProvider, 'codex.yaml')), ['oidc', 'spiffe_jwt']);
    const rule = 'name: ci-codex\nworkspace_id: ws_1\nprincipal_id: user_1\nexternal_subject: "repo:acme/payments:environment:production"\nscopes:\n  - openid\n  - |\n';
    const block = complete(rule, 'codex.yaml');
    assert.deepEqual(labels(block), ['profile', 'email', 'chatgpt.workspace.feature.allow-codex-local-access.access']);
    assert.equal(one(block, 'email').insertText, 'email');
    const flow = complete(rule.replace('scopes:\n  - openid\n  - |\n', 'scopes: [openid, em|]\n'), 'codex.yaml');
    assert.deepEqual(labels(flow), ['profile', 'email', 'chatgpt.workspace.feature.allow-codex-local-access.access']);
    assert.equal(one(flow, 'email').replaces, 'em');
    const unclosed = complete(rule.replace('scopes:\n  - openid\n  - |\n', 'scopes: [openid, |\n'), 'codex.yaml');
    assert.ok(labels(unclosed).includes('profile'));
    const whole = complete(rule.replace('scopes:\n  - openid\n  - |\n', 'scopes: |\n'), 'codex.yaml');
    assert.equal(one(whole, 'openid').insertText, '[openid]');
    const json = complete('{ "name": "ci-codex", "principal_id": "user_1", "external_subject": "repo:acme/app:ref:refs/heads/main", "scopes": | }', 'codex.json');
    assert.equal(one(json, 'email').insertText, '["email"]');
  });
});

describe('completionsAt: nothing to offer', () => {
  it('unknown documents, comments, text formats, out of range', () => {
    assert.deepEqual(complete('server:\n  host: localhost\n  |\n', 'config.yaml'), []);
    assert.deepEqual(complete('name: deploy\non: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    |\n', '.github/workflows/deploy.yml'), []);
    assert.deepEqual(complete(RULE.replace('match:\n', 'match:\n  # |\n')), []);
    assert.deepEqual(complete('ANTHROPIC_FEDERATION_RULE_ID=|\n', '.env'), []);
    assert.deepEqual(complete('{ "workspace": 1, "issuer": |}', 'package.json'), []);
    assert.deepEqual(completionsAt(RULE, 'rule.yaml', RULE.length + 1), []);
  });
});
