// "Add to an existing file": the designed document merged into what the user has, as one edit. After every merge the
// result parses, and the edit applied to the original text is the result; what is already there is reused, not
// duplicated; a file Keyless cannot read gets a message and no edit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { designDocuments, type DesignModel, type DesignedDocument, mergeDocument } from '../../../src/core/design';
import { diffEdit } from '../../../src/core/design/merge';
import type { TextEdit } from '../../../src/core/model';
import { parseStructured } from '../../../src/core/parse';
import { toValue } from '../../../src/core/tree';
import { validDesign } from './fixtures';

const apply = (text: string, e: TextEdit) => text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);

function docOf(m: DesignModel, id: string): DesignedDocument {
  const d = designDocuments(m).find((x) => x.id === id);
  assert.ok(d, `no ${id}`);
  return d;
}

/** Merge, and check what every merge must give: a result that parses, reached by applying the edit. */
function merged(existing: string, doc: DesignedDocument, { parses = true } = {}): { text: string; notes: readonly string[] } {
  const r = mergeDocument(existing, doc);
  assert.ok(r.ok, r.ok ? '' : r.message);
  assert.equal(apply(existing, r.edit), r.text, 'the edit applied to the original is the result');
  if (parses) {
    const p = parseStructured(r.text);
    assert.deepEqual(p.problems, [], r.text);
  }
  return { text: r.text, notes: r.notes };
}

/** The single document's value. */
function valueOf(text: string): Record<string, any> {
  const p = parseStructured(text);
  assert.equal(p.documents.length, 1);
  return toValue(p.documents[0]!.root!) as Record<string, any>;
}

const gha = validDesign('github-actions', 'anthropic', { workspace: 'wrkspc_01abc' });
const manifest = docOf(gha, 'anthropic-manifest');

/** An organisation's manifest: GitHub's issuer under another name, the same service account, a rule of that name. */
const EXISTING = `# our federation setup
federation_issuers:
  - name: gh
    issuer_url: https://token.actions.githubusercontent.com
    jwks: { type: discovery }
    max_jwt_lifetime_seconds: 600
service_accounts:
  - name: ci-deployer
    organization_role: developer
federation_rules:
  - name: ci-deployer-gha
    issuer_id: gh
    match: { subject_prefix: "repo:acme/website:ref:refs/heads/main", audience: https://api.anthropic.com, claims: { repository_owner: acme } }
    target: { type: service_account, service_account_id: ci-deployer }
    workspace_id: wrkspc_01abc
    oauth_scope: workspace:inference
    token_lifetime_seconds: 600
`;

describe('mergeDocument: an Anthropic manifest into an existing manifest', () => {
  it('reuses the issuer with the same URL and the same-named service account, and renames a clashing rule', () => {
    const { text, notes } = merged(EXISTING, manifest);
    const v = valueOf(text);
    assert.equal(v.federation_issuers.length, 1, 'no second GitHub issuer');
    assert.equal(v.service_accounts.length, 1, 'no second ci-deployer');
    assert.equal(v.federation_rules.length, 2);
    const added = v.federation_rules[1];
    assert.equal(added.name, 'ci-deployer-gha-2');
    assert.equal(added.issuer_id, 'gh', 'the rule names the existing issuer');
    assert.equal(added.match.subject_prefix, 'repo:acme/payments:ref:refs/heads/main');
    assert.equal(added.target.service_account_id, 'ci-deployer');
    assert.ok(text.startsWith(EXISTING), 'the file\'s own text is untouched: the rule is appended');
    assert.ok(notes.some((n) => n.includes('"gh"')));
    assert.ok(notes.some((n) => n.includes('ci-deployer-gha-2')));
  });

  it('adds the top-level keys the file does not have', () => {
    const { text } = merged('# only rules so far\nfederation_rules:\n  - name: other\n    issuer_id: x\n', manifest);
    const v = valueOf(text);
    assert.equal(v.federation_issuers.length, 1);
    assert.equal(v.federation_issuers[0].name, 'github-actions');
    assert.equal(v.service_accounts[0].name, 'ci-deployer');
    assert.deepEqual(v.federation_rules.map((r: { name: string }) => r.name), ['other', 'ci-deployer-gha']);
    assert.equal(v.federation_rules[1].issuer_id, 'github-actions');
  });

  it('appends to flow sequences (a JSON manifest)', () => {
    const json = '{\n  "federation_issuers": [],\n  "service_accounts": [{ "name": "reporting", "organization_role": "developer" }],\n  "federation_rules": [{ "name": "x", "issuer_id": "y" }]\n}\n';
    const { text } = merged(json, manifest);
    assert.doesNotThrow(() => JSON.parse(text), 'still JSON');
    const v = JSON.parse(text);
    assert.deepEqual(v.federation_issuers.map((i: { name: string }) => i.name), ['github-actions']);
    assert.deepEqual(v.service_accounts.map((s: { name: string }) => s.name), ['reporting', 'ci-deployer']);
    assert.deepEqual(v.federation_rules.map((r: { name: string }) => r.name), ['x', 'ci-deployer-gha']);
  });

  it('appends to block sequences in place', () => {
    const block = 'service_accounts:\n  - name: reporting\n    organization_role: developer\nfederation_issuers:\n  - name: google\n    issuer_url: https://accounts.google.com\nfederation_rules: []\n';
    const { text } = merged(block, manifest);
    const v = valueOf(text);
    assert.deepEqual(v.service_accounts.map((s: { name: string }) => s.name), ['reporting', 'ci-deployer']);
    assert.deepEqual(v.federation_issuers.map((i: { name: string }) => i.name), ['google', 'github-actions']);
    assert.deepEqual(v.federation_rules.map((r: { name: string }) => r.name), ['ci-deployer-gha']);
  });

  it('an issuer whose name is taken by another URL is renamed, and the rule follows it', () => {
    const clash = 'federation_issuers:\n  - name: github-actions\n    issuer_url: https://gitlab.example.com\n';
    const { text } = merged(clash, manifest);
    const v = valueOf(text);
    assert.deepEqual(v.federation_issuers.map((i: { name: string }) => i.name), ['github-actions', 'github-actions-2']);
    assert.equal(v.federation_issuers[1].issuer_url, 'https://token.actions.githubusercontent.com');
    assert.equal(v.federation_rules[0].issuer_id, 'github-actions-2', 'not the GitLab issuer');
  });

  it('an empty file becomes the designed text', () => {
    for (const empty of ['', '\n', '  \n\n']) {
      const { text, notes } = merged(empty, manifest);
      assert.equal(text, manifest.text);
      assert.ok(notes.some((n) => /empty/.test(n)));
    }
  });

  it('a file of comments only keeps them, above the designed text', () => {
    const { text } = merged('# federation, managed by the platform team\n', manifest);
    assert.ok(text.startsWith('# federation, managed by the platform team\n'));
    assert.ok(text.endsWith(manifest.text));
    assert.equal(valueOf(text).federation_rules.length, 1);
  });

  it('a file that does not parse: a message, no edit', () => {
    const r = mergeDocument('federation_rules: [\n  - broken\n', manifest);
    assert.equal(r.ok, false);
    assert.ok(!r.ok && /does not parse/.test(r.message));
    assert.ok(!('edit' in r));
  });

  it('a file whose top level is a list: a message', () => {
    const r = mergeDocument('- name: a\n- name: b\n', manifest);
    assert.equal(r.ok, false);
    assert.ok(!r.ok && /top level is not a map/.test(r.message));
  });

  it('a stream of several documents: a message', () => {
    const r = mergeDocument('a: 1\n---\nb: 2\n', manifest);
    assert.ok(!r.ok && /several documents/.test(r.message));
  });

  it('merging into its own text: everything is already there', () => {
    const r = mergeDocument(manifest.text, manifest);
    assert.ok(!r.ok && /already in this file/.test(r.message));
  });

  it('merging twice adds nothing the second time', () => {
    for (const start of [EXISTING, '', 'federation_rules:\n  - name: other\n    issuer_id: x\n', 'federation_issuers:\n  - name: github-actions\n    issuer_url: https://gitlab.example.com\n']) {
      const once = merged(start, manifest).text;
      const twice = mergeDocument(once, manifest);
      assert.ok(!twice.ok, `second merge into ${JSON.stringify(start)} changed:\n${twice.ok ? twice.text : ''}`);
      assert.match(twice.message, /already in this file/);
    }
  });

  it('entries written by hand in another key order are recognised as the same', () => {
    const reverse = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reverse) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverse(x)])) : v;
    const json = `${JSON.stringify(reverse(valueOf(manifest.text)), null, 2)}\n`;
    assert.ok(!json.startsWith('{\n  "federation_issuers"'), 'the keys are in another order');
    const r = mergeDocument(json, manifest);
    assert.ok(!r.ok && /already in this file/.test(r.message), r.ok ? r.text : r.message);
  });
});

describe('mergeDocument: other documents', () => {
  it('an OpenAI provider document: the provider is appended', () => {
    const doc = docOf(validDesign('github-actions', 'openai', { workspace: 'proj_abc' }), 'openai-provider');
    const existing = 'workload_identity_providers:\n  - type: oidc\n    name: gitlab\n    issuer: https://gitlab.com\n    audience: https://api.openai.com/v1\n';
    const { text } = merged(existing, doc);
    const providers = valueOf(text).workload_identity_providers;
    assert.deepEqual(providers.map((p: { name: string }) => p.name), ['gitlab', 'github-actions']);
    assert.equal(providers[1].federation_rules[0].attribute_matchers.sub, 'repo:acme/payments:ref:refs/heads/main');
    assert.ok(!mergeDocument(text, doc).ok, 'a second merge adds nothing');
  });

  it('an IAM identity policy: the statement is appended to Statement', () => {
    const doc = docOf(validDesign('aws-sts', 'anthropic'), 'aws-identity-policy');
    const existing = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*" }\n  ]\n}\n';
    const { text } = merged(existing, doc);
    const policy = JSON.parse(text);
    assert.equal(policy.Version, '2012-10-17');
    assert.equal(policy.Statement.length, 2);
    assert.equal(policy.Statement[0].Action, 's3:GetObject');
    assert.deepEqual(policy.Statement[1], JSON.parse(doc.text).Statement[0]);
    assert.ok(!mergeDocument(text, doc).ok, 'a second merge adds nothing');
  });

  it('an IAM policy whose Statement is one object (not a list): a message that says so, not "already there"', () => {
    const doc = docOf(validDesign('aws-sts', 'anthropic'), 'aws-identity-policy');
    const r = mergeDocument('{ "Version": "2012-10-17", "Statement": { "Effect": "Deny", "Action": "*", "Resource": "*" } }', doc);
    assert.ok(!r.ok);
    assert.match(r.message, /"Statement" is not a list/);
    assert.doesNotMatch(r.message, /already/);
  });

  it('a GitHub workflow: the job is added; a clashing job name is suffixed', () => {
    const doc = docOf(validDesign('github-actions', 'openai'), 'github-workflow');
    const existing = 'name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n';
    const first = merged(existing, doc);
    const jobs = valueOf(first.text).jobs;
    assert.deepEqual(Object.keys(jobs), ['test', 'call-openai']);
    assert.deepEqual(jobs['call-openai'], valueOf(doc.text).jobs['call-openai'], 'the job reads back as designed');
    assert.equal(valueOf(first.text).name, 'ci', 'the workflow keeps its own name');
    assert.ok(first.notes.some((n) => n.startsWith('name:')));

    const clashing = 'name: ci\non: push\njobs:\n  call-openai:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo mine\n';
    const second = merged(clashing, doc);
    assert.deepEqual(Object.keys(valueOf(second.text).jobs), ['call-openai', 'call-openai-keyless']);
    assert.equal(valueOf(second.text).jobs['call-openai'].steps[0].run, 'echo mine');
    assert.ok(second.notes.some((n) => n.includes('call-openai-keyless')));
  });

  it('a GitHub workflow merged twice: no duplicate job', () => {
    const doc = docOf(validDesign('github-actions', 'anthropic'), 'github-workflow');
    for (const start of ['name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n', 'on: push\njobs:\n  call-claude:\n    runs-on: self-hosted\n    steps:\n      - run: make\n']) {
      const once = merged(start, doc).text;
      const twice = mergeDocument(once, doc);
      assert.ok(!twice.ok, twice.ok ? twice.text : '');
    }
  });

  it('a third clashing job gets a name no other job has', () => {
    const doc = docOf(validDesign('github-actions', 'anthropic'), 'github-workflow');
    const existing = 'on: push\njobs:\n  call-claude:\n    runs-on: a\n  call-claude-keyless:\n    runs-on: b\n';
    const { text } = merged(existing, doc);
    assert.deepEqual(Object.keys(valueOf(text).jobs), ['call-claude', 'call-claude-keyless', 'call-claude-keyless-2']);
  });

  it('SQL is appended after a blank line', () => {
    const doc = docOf(validDesign('github-actions', 'snowflake'), 'snowflake-user');
    const { text } = merged('USE ROLE ACCOUNTADMIN;\n', doc, { parses: false });
    assert.equal(text, `USE ROLE ACCOUNTADMIN;\n\n${doc.text}`);
  });

  it('SQL keeps the file\'s CRLF line breaks', () => {
    const doc = docOf(validDesign('github-actions', 'snowflake'), 'snowflake-user');
    const existing = 'USE ROLE ACCOUNTADMIN;\r\nUSE WAREHOUSE ADMIN_WH;\r\n\r\n\r\n';
    const { text } = merged(existing, doc, { parses: false });
    assert.ok(text.startsWith('USE ROLE ACCOUNTADMIN;\r\nUSE WAREHOUSE ADMIN_WH;\r\n\r\n-- '), JSON.stringify(text.slice(0, 80)));
    assert.ok(!/[^\r]\n/.test(text), 'no bare LF');
    assert.equal(text.replace(/\r\n/g, '\n'), `USE ROLE ACCOUNTADMIN;\nUSE WAREHOUSE ADMIN_WH;\n\n${doc.text}`);
  });

  it('SQL into an empty file is the designed text', () => {
    const doc = docOf(validDesign('github-actions', 'snowflake'), 'snowflake-user');
    assert.equal(merged('', doc, { parses: false }).text, doc.text);
  });

  it('a Kubernetes manifest is appended as documents of their own', () => {
    const doc = docOf(validDesign('eks', 'anthropic'), 'kubernetes-manifest');
    const existing = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: inference\n';
    const { text } = merged(existing, doc);
    assert.equal(text, `${existing}---\n${doc.text}`);
    const kinds = parseStructured(text).documents.map((d) => (toValue(d.root!) as { kind: string }).kind);
    assert.deepEqual(kinds, ['Namespace', ...parseStructured(doc.text).documents.map((d) => (toValue(d.root!) as { kind: string }).kind)]);
  });

  it('a Kubernetes manifest into a file that does not parse: a message', () => {
    const doc = docOf(validDesign('kubernetes', 'openai'), 'kubernetes-manifest');
    const r = mergeDocument('kind: [\n', doc);
    assert.ok(!r.ok && /does not parse/.test(r.message));
  });

  it('workload notes are not mergeable', () => {
    const doc = docOf(validDesign('google', 'anthropic'), 'workload-notes');
    const r = mergeDocument('a: 1\n', doc);
    assert.ok(!r.ok && /copy it instead/.test(r.message));
  });
});

describe('diffEdit', () => {
  it('is one replacement between the common prefix and suffix', () => {
    assert.deepEqual(diffEdit('abcXdef', 'abcYYdef'), { span: { start: 3, end: 4 }, newText: 'YY' });
    assert.deepEqual(diffEdit('same', 'same'), { span: { start: 4, end: 4 }, newText: '' });
    assert.deepEqual(diffEdit('', 'new'), { span: { start: 0, end: 0 }, newText: 'new' });
    assert.deepEqual(diffEdit('aaa', 'aa'), { span: { start: 2, end: 3 }, newText: '' });
  });

  it('applied to a gives b, for any strings', () => {
    const text = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }), fc.stringMatching(/^[ab\r\n]{0,30}$/));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const e = diffEdit(a, b);
        assert.ok(e.span.start >= 0 && e.span.start <= e.span.end && e.span.end <= a.length);
        assert.equal(apply(a, e), b);
      }),
      { numRuns: 2000 },
    );
  });

  it('applied to a gives b when b is a with a piece inserted (the edit is just the piece)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), fc.string({ minLength: 1, maxLength: 20 }), (head, tail, piece) => {
        const a = head + tail;
        const b = head + piece + tail;
        const e = diffEdit(a, b);
        assert.equal(apply(a, e), b);
        assert.equal(e.newText.length, piece.length);
        assert.equal(e.span.start, e.span.end);
      }),
      { numRuns: 500 },
    );
  });
});
