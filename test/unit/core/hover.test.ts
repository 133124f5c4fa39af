import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hoverAt } from '../../../src/core/hover';
import { manifest } from '../../../bench/fixtures';

/** The text without its one `|`, and the offset the `|` marked. */
function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0 && marked.indexOf('|', offset + 1) < 0, 'mark the cursor with exactly one |');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

/** The hover at the marked cursor, with the text its span covers. */
function hover(marked: string, path = 'rule.yaml') {
  const { text, offset } = cursor(marked);
  const h = hoverAt(text, path, offset);
  return h && { ...h, covered: text.slice(h.span.start, h.span.end) };
}

/** A key-shaped value assembled at run time, so no file holds one. */
const plantedKey = () => ['sk', 'ant', 'api03', 'Q7'.repeat(46) + 'AA'].join('-');

const GITHUB_RULE = `name: gha-deploy-main
issuer_id: fdis_01SDCCSbTxrXDpWc1phhtcfK
match:
  subject_prefix: "repo:acme/app*"
  audience: https://api.anthropic.com
  claims:
    repository_owner: acme
target: { type: service_account, service_account_id: svac_01SDCCSbTxrXDpWc1phhtcfK }
workspace_id: wrkspc_01SDCCSbTxrXDpWc1phhtcfK
oauth_scope: workspace:inference
token_lifetime_seconds: 600
`;

describe('hoverAt: Anthropic field keys', () => {
  it('token_lifetime_seconds: meaning, range, default, the minted-lifetime formula and the docs', () => {
    const h = hover(GITHUB_RULE.replace('token_lifetime_seconds', 'token_life|time_seconds'));
    assert.ok(h);
    assert.equal(h.covered, 'token_lifetime_seconds');
    assert.match(h.markdown, /integer, optional/);
    assert.match(h.markdown, /60–86400; default 3600/);
    assert.ok(h.markdown.includes('`max(60, min(token_lifetime_seconds, 2 × remaining validity))`'));
    assert.ok(h.markdown.includes('[Provider docs](https://platform.claude.com/docs/en/api/admin/federation_rules)'));
  });

  it('nested keys: match.subject_prefix, target.service_account_id, a claim under match.claims', () => {
    const sp = hover(GITHUB_RULE.replace('  subject_prefix', '  subject_|prefix'));
    assert.equal(sp?.covered, 'subject_prefix');
    assert.match(sp!.markdown, /federation rule `match`/);
    assert.match(sp!.markdown, /trailing|ends in `\*`/);
    assert.ok(sp!.markdown.includes('https://platform.claude.com/docs/en/manage-claude/wif-reference'));
    const sa = hover(GITHUB_RULE.replace('service_account_id', 'service_|account_id'));
    assert.equal(sa?.covered, 'service_account_id');
    assert.match(sa!.markdown, /federation rule `target`/);
    const claim = hover(GITHUB_RULE.replace('repository_owner', 'repository_|owner'));
    assert.equal(claim?.covered, 'repository_owner');
    assert.match(claim!.markdown, /top-level claim `repository_owner` with exactly this string value/);
  });

  it('oauth_scope lists its values; the issuer fields of a JSON body, jwks included', () => {
    const scope = hover(GITHUB_RULE.replace('oauth_scope', 'oauth_|scope'));
    for (const v of ['workspace:developer', 'workspace:inference', 'workspace:manage_tunnels', 'org:admin']) assert.ok(scope!.markdown.includes(`\`${v}\``), v);
    const issuer = JSON.stringify({ name: 'github-actions', issuer_url: 'https://token.actions.githubusercontent.com', jwks: { type: 'discovery' }, max_jwt_lifetime_seconds: 600, check_jti: true }, null, 2);
    const max = hover(issuer.replace('"max_jwt', '"max_|jwt'), 'issuer.json');
    assert.equal(max?.covered, '"max_jwt_lifetime_seconds"');
    assert.match(max!.markdown, /1–176400 \(49 hours\); default 3600/);
    assert.ok(max!.markdown.includes('https://platform.claude.com/docs/en/api/admin/federation_issuers'));
    const type = hover(issuer.replace('"type"', '"ty|pe"'), 'issuer.json');
    assert.match(type!.markdown, /issuer key source/);
    for (const v of ['discovery', 'explicit_url', 'inline']) assert.ok(type!.markdown.includes(`\`${v}\``), v);
    assert.match(hover(issuer.replace('"check_jti"', '"check_|jti"'), 'issuer.json')!.markdown, /Default `true`/);
  });

  it('manifest root keys and service-account fields', () => {
    const text = 'federation_issuers:\n  - name: github-actions\n    issuer_url: https://token.actions.githubusercontent.com\nservice_accounts:\n  - name: deployer\n    organization_role: admin\nfederation_rules: []\n';
    assert.match(hover(text.replace('service_accounts', 'service_|accounts'), 'keyless.yaml')!.markdown, /Keyless manifest/);
    const role = hover(text.replace('organization_role', 'organization_|role'), 'keyless.yaml');
    assert.match(role!.markdown, /`developer`/);
    assert.match(role!.markdown, /`admin`/);
  });
});

describe('hoverAt: subjects', () => {
  it('a GitHub prefix without a delimiter: what else it admits, with examples, and the wildcard rule', () => {
    const h = hover(GITHUB_RULE.replace('repo:acme/app*', 'repo:acme/a|pp*'));
    assert.ok(h);
    assert.equal(h.covered, '"repo:acme/app*"');
    assert.ok(h.markdown.includes('`repo:acme/app-sandbox:ref:refs/heads/dev`'));
    assert.ok(h.markdown.includes('`repo:acme/app:pull_request`'));
    assert.match(h.markdown, /every repository of acme whose name starts with "app"/);
    assert.match(h.markdown, /only a final `\*` is a wildcard/);
    assert.match(h.markdown, /GitHub Actions/);
  });

  it('a pinned subject is exactly one workload', () => {
    const h = hover(GITHUB_RULE.replace('repo:acme/app*', 'repo:acme/app:ref:refs/he|ads/main'));
    assert.match(h!.markdown, /Exactly this workload: `repo:acme\/app:ref:refs\/heads\/main`, nothing else\./);
    assert.doesNotMatch(h!.markdown, /also accept/);
  });

  it('EKS namespace-wide and SPIFFE trust-domain-wide prefixes; `*` alone', () => {
    const eks = 'name: eks-inference\nissuer_id: payments-eks\nmatch:\n  subject_prefix: system:serviceaccount:inference:*\n  audience: https://api.anthropic.com\n';
    const h = hover(eks.replace('inference:*', 'infer|ence:*'));
    assert.equal(h?.covered, 'system:serviceaccount:inference:*');
    assert.ok(h!.markdown.includes('`system:serviceaccount:inference:default`'));
    assert.match(h!.markdown, /Kubernetes/);
    const spiffe = hover(eks.replace('system:serviceaccount:inference:*', '"spiffe://acme.example/*"').replace('acme.example', 'acme.ex|ample'));
    assert.ok(spiffe!.markdown.includes('`spiffe://acme.example/ns/default/sa/default`'));
    assert.match(spiffe!.markdown, /every workload of trust domain acme\.example/);
    const all = hover(eks.replace('system:serviceaccount:inference:*', '"|*"'));
    assert.match(all!.markdown, /every subject the issuer signs/);
  });

  it('OpenAI sub matchers and Codex external subjects, with their wildcard rules', () => {
    const mapping = `name: payments-main
project_id: proj_abc
service_account_id: sa_123
attribute_matchers:
  iss: https://token.actions.githubusercontent.com
  sub: "repo:acme/payments:*"
permissions: { type: restricted, scopes: [api.model.request] }
`;
    const h = hover(mapping.replace('repo:acme/payments:*', 'repo:acme/pay|ments:*'), 'mapping.yaml');
    assert.ok(h!.markdown.includes('`repo:acme/payments:pull_request`'));
    assert.match(h!.markdown, /`attribute_matchers\.sub`/);
    assert.match(h!.markdown, /OpenAI rejects `\*` alone/);
    assert.ok(h!.markdown.includes('https://developers.openai.com/api/docs/guides/workload-identity-federation'));
    const mid = hover(mapping.replace('repo:acme/payments:*', 'repo:acme/*/pay|ments'), 'mapping.yaml');
    assert.match(mid!.markdown, /OpenAI rejects this value/);
    const key = hover(mapping.replace('permissions', 'permis|sions'), 'mapping.yaml');
    assert.match(key!.markdown, /OpenAI service account mapping/);
    const codex = 'name: ci-codex\nworkspace_id: ws_1\nprincipal_id: user_1\nexternal_subject: "repo:acme/payments:environment:production"\naccess_token_lifetime_seconds: 600\n';
    const c = hover(codex.replace(':production', ':produ|ction'), 'codex.yaml');
    assert.match(c!.markdown, /Exactly this workload/);
    assert.ok(c!.markdown.includes('https://developers.openai.com/codex/enterprise/workload-identity'));
    assert.match(hover(codex.replace('access_token_lifetime', 'access_|token_lifetime'), 'codex.yaml')!.markdown, /60–3600; default 3600/);
  });
});

const TRUST_POLICY = `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": { "Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {
      "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:acme/infra:*" },
      "ForAllValues:StringLike": { "token.actions.githubusercontent.com:sub": ["repo:acme/*", "repo:acme/web:ref:refs/heads/main"] }
    }
  }]
}`;

describe('hoverAt: IAM', () => {
  it('operators, with their qualifier', () => {
    const se = hover(TRUST_POLICY.replace('"StringEquals"', '"String|Equals"'), 'trust.json');
    assert.equal(se?.covered, '"StringEquals"');
    assert.match(se!.markdown, /ordinary characters/);
    const fa = hover(TRUST_POLICY.replace('"ForAllValues:StringLike"', '"ForAll|Values:StringLike"'), 'trust.json');
    assert.match(fa!.markdown, /`ForAllValues:` — /);
    assert.match(fa!.markdown, /"Null"/);
    assert.match(fa!.markdown, /`StringLike` — .*`\*` matches any run/);
    assert.ok(fa!.markdown.includes('https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html'));
  });

  it('condition keys: a provider claim and its subject format', () => {
    const h = hover(TRUST_POLICY.replace('"token.actions.githubusercontent.com:sub": [', '"token.actions.githubusercontent.com:s|ub": ['), 'trust.json');
    assert.equal(h?.covered, '"token.actions.githubusercontent.com:sub"');
    assert.match(h!.markdown, /GitHub Actions \(token\.actions\.githubusercontent\.com\)/);
    assert.match(h!.markdown, /repo:ORG\/REPO:ref:refs\/heads\/BRANCH/);
    assert.match(h!.markdown, /`\*` and `\?` in its values are wildcards/);
  });

  it('sub values: glob alternatives, the ForAllValues trap, a star compared literally', () => {
    const glob = hover(TRUST_POLICY.replace('"repo:acme/*"', '"repo:ac|me/*"'), 'trust.json');
    assert.ok(glob!.markdown.includes('`repo:acme/any-repo:pull_request`'));
    assert.match(glob!.markdown, /One of 2 values/);
    assert.match(glob!.markdown, /`ForAllValues:` on the single-valued `sub`/);
    assert.match(glob!.markdown, /`\*` matches any run of characters and `\?` exactly one, anywhere/);
    const literal = hover(TRUST_POLICY.replace('"repo:acme/infra:*"', '"repo:acme/in|fra:*"'), 'trust.json');
    assert.match(literal!.markdown, /`StringEquals` compares literally/);
    assert.match(literal!.markdown, /Exactly this workload/);
    assert.equal(hover(TRUST_POLICY.replace('"sts.amazonaws.com"', '"sts.amazon|aws.com"'), 'trust.json'), undefined, 'aud values have no subject hover');
  });

  it('outbound identity policy keys (YAML)', () => {
    const policy = `Version: "2012-10-17"
Statement:
  - Sid: MintAnthropicTokensOnly
    Effect: Allow
    Action: sts:GetWebIdentityToken
    Resource: "*"
    Condition:
      ForAllValues:StringEquals: { sts:IdentityTokenAudience: [https://api.anthropic.com] }
      "Null": { sts:IdentityTokenAudience: "false" }
      NumericLessThanEquals: { sts:DurationSeconds: 900 }
`;
    const aud = hover(policy.replace('{ sts:Identity', '{ sts:Ident|ity'), 'mint.yaml');
    assert.equal(aud?.covered, 'sts:IdentityTokenAudience');
    assert.match(aud!.markdown, /Without it the principal can mint tokens for any service/);
    assert.ok(aud!.markdown.includes('https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_policies.html'));
    assert.match(hover(policy.replace('sts:DurationSeconds', 'sts:Duration|Seconds'), 'mint.yaml')!.markdown, /60–3600, default 300/);
    assert.ok(hover(policy.replace('NumericLessThanEquals', 'Numeric|LessThanEquals'), 'mint.yaml')!.markdown.includes('id_roles_providers_outbound_policies'));
  });
});

describe('hoverAt: environment variables', () => {
  it('.env: describes each variable, never its value', () => {
    const key = plantedKey();
    const env = `ANTHROPIC_API_KEY=${key}\nANTHROPIC_FEDERATION_RULE_ID=fdrl_01SDCCSbTxrXDpWc1phhtcfK\nANTHROPIC_ORGANIZATION_ID=00000000-0000-0000-0000-000000000000\nANTHROPIC_IDENTITY_TOKEN_FILE=/var/run/secrets/anthropic.com/token\nOPENAI_FEDERATION_RULE_ID=idpm_1\n`;
    const h = hover(env.replace('ANTHROPIC_API_KEY', 'ANTHROPIC_|API_KEY'), '.env');
    assert.equal(h?.covered, 'ANTHROPIC_API_KEY');
    assert.match(h!.markdown, /outranks profiles and federation/);
    assert.match(h!.markdown, /Holds a credential/);
    assert.match(hover(env.replace('ANTHROPIC_FEDERATION_RULE_ID', 'ANTHROPIC_FED|ERATION_RULE_ID'), '.env')!.markdown, /`fdrl_…`/);
    assert.match(hover(env.replace('ANTHROPIC_IDENTITY_TOKEN_FILE', 'ANTHROPIC_IDENTITY_|TOKEN_FILE'), '.env')!.markdown, /read again on every exchange/);
    assert.match(hover(env.replace('OPENAI_FEDERATION_RULE_ID', 'OPENAI_|FEDERATION_RULE_ID'), '.env')!.markdown, /Codex/);
    for (let i = 0; i < env.length; i++) assert.ok(!hoverAt(env, '.env', i)?.markdown.includes(key), `offset ${i}`);
  });

  it('a GitHub workflow env map and a Kubernetes env list; no hover leaks a planted key anywhere', () => {
    const key = plantedKey();
    const workflow = `name: deploy
on: push
permissions: { id-token: write, contents: read }
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - env:
          ANTHROPIC_IDENTITY_TOKEN_FILE: \${{ runner.temp }}/gha-jwt
          ANTHROPIC_FEDERATION_RULE_ID: fdrl_01SDCCSbTxrXDpWc1phhtcfK
          ANTHROPIC_API_KEY: ${key}
        run: python app.py
`;
    const h = hover(workflow.replace('ANTHROPIC_API_KEY', 'ANTHROPIC_API|_KEY'), '.github/workflows/deploy.yml');
    assert.equal(h?.covered, 'ANTHROPIC_API_KEY');
    const pod = `apiVersion: v1
kind: Pod
metadata: { name: app }
spec:
  containers:
    - name: app
      image: ghcr.io/acme/app:1
      env:
        - { name: ANTHROPIC_IDENTITY_TOKEN_FILE, value: /var/run/secrets/anthropic.com/token }
        - name: AWS_SECRET_ACCESS_KEY
          value: ${key}
      # description: ${key}
`;
    const k = hover(pod.replace('AWS_SECRET_ACCESS_KEY', 'AWS_SECRET_|ACCESS_KEY'), 'pod.yaml');
    assert.equal(k?.covered, 'AWS_SECRET_ACCESS_KEY');
    assert.match(k!.markdown, /Keyless never shows its value/);
    const rule = GITHUB_RULE.replace('repo:acme/app*', `repo:acme/${key}`) + `description: ${key}\n`;
    for (const [text, path] of [[workflow, 'deploy.yml'], [pod, 'pod.yaml'], [rule, 'rule.yaml']] as const) {
      for (let i = 0; i < text.length; i++) assert.ok(!hoverAt(text, path, i)?.markdown.includes(key), `${path} offset ${i}`);
    }
  });
});

describe('hoverAt: nothing to say', () => {
  it('values that are not subjects, whitespace, unknown documents and variables, out of range', () => {
    assert.equal(hover(GITHUB_RULE.replace('name: gha', 'name: g|ha')), undefined);
    assert.equal(hover(GITHUB_RULE.replace('workspace:inference', 'workspace:infer|ence')), undefined);
    assert.equal(hover(GITHUB_RULE.replace('match:\n', 'match: |\n')), undefined);
    assert.equal(hover('server:\n  host: loca|lhost\n  match: all\n', 'config.yaml'), undefined);
    assert.equal(hover('{ "name": "x", "match": { "subject_prefix": "a" } }'.replace('"subject_prefix"', '"subject_|prefix"'), 'package.json'), undefined);
    assert.equal(hover('LOG_|LEVEL=info\nANTHROPIC_API_KEY=\n', '.env'), undefined);
    assert.equal(hoverAt(GITHUB_RULE, 'rule.yaml', -1), undefined);
    assert.equal(hoverAt(GITHUB_RULE, 'rule.yaml', GITHUB_RULE.length), undefined);
  });

  it('a 5,000-line manifest: keys and subjects deep in the file', () => {
    const text = manifest(5000);
    const key = text.indexOf('token_lifetime_seconds', text.length / 2) + 4;
    assert.match(hoverAt(text, 'keyless.yaml', key)!.markdown, /60–86400/);
    const subject = text.indexOf('repo:acme/service-', text.length / 2) + 4;
    assert.match(hoverAt(text, 'keyless.yaml', subject)!.markdown, /GitHub Actions/);
  });
});
