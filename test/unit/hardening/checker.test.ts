// The checker on hostile input, per kind of document: every fixture and demo file of that kind, mutated (flipped
// characters, truncation, control and unicode characters, BOMs, CR/CRLF line ends, spliced pieces), and random text
// under each kind's file name. check() must return within the time bound, with every finding, related location and fix
// edit inside the document and every fix applicable to the text it was computed on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { check } from '../../../src/core/engine';
import type { DocumentKind } from '../../../src/core/model';
import { assertCheckResult, type Doc, EXTRA_DOCS, fixtureDocs, mutatedDoc, PER_INPUT_MS, randomText, runs, timed } from './hostile';

const ALL_KINDS: readonly DocumentKind[] = [
  'anthropic-federation-rule', 'anthropic-federation-issuer', 'anthropic-service-account', 'anthropic-manifest', 'anthropic-list',
  'openai-workload-identity-provider', 'openai-federation-rule', 'iam-policy', 'cloudformation-template', 'terraform-plan',
  'snowflake-sql', 'dotenv', 'docker-compose', 'github-workflow', 'kubernetes-manifest', 'dockerfile', 'devcontainer',
  'vscode-launch', 'anthropic-profile', 'anthropic-gateway',
];

function checkedWithin(doc: Doc, explicit = false): void {
  const { value, ms } = timed(() => check(doc.text, doc.path, { explicit }));
  assertCheckResult(doc.text, value, doc.path);
  assert.ok(ms < PER_INPUT_MS, `${doc.path}: check took ${ms.toFixed(0)} ms (${doc.text.length} characters)`);
}

const docs = [...fixtureDocs(), ...EXTRA_DOCS];
const byKind = new Map<DocumentKind, Doc[]>();
for (const d of docs) for (const k of check(d.text, d.path).kinds) byKind.set(k, [...(byKind.get(k) ?? []), d]);

describe('the checker on hostile input', () => {
  it('has a document of every kind to start from', () => {
    assert.deepEqual(ALL_KINDS.filter((k) => !byKind.has(k)), []);
  });

  for (const kind of ALL_KINDS) {
    it(`${kind}: mutated documents`, () => {
      const seeds = byKind.get(kind) ?? [];
      assert.ok(seeds.length > 0);
      fc.assert(fc.property(mutatedDoc(seeds), (d) => checkedWithin(d)), runs(100));
    });
  }

  it('files that are no known kind, mutated, checked as if named on the command line', () => {
    const others = docs.filter((d) => check(d.text, d.path).kinds.length === 0);
    assert.ok(others.length > 0);
    fc.assert(fc.property(mutatedDoc(others), (d) => checkedWithin(d, true)), runs(100));
  });

  it('random text under the file name of each kind', () => {
    const names = ['rule.json', 'manifest.yaml', '.env', 'Dockerfile', 'wif.sql', 'docker-compose.yml', '.github/workflows/ci.yml', 'k8s/pod.yaml', '.vscode/launch.json', '.devcontainer/devcontainer.json', 'notes.txt'];
    fc.assert(fc.property(fc.constantFrom(...names), randomText, fc.boolean(), (path, text, explicit) => checkedWithin({ path, text }, explicit)), runs(300));
  });

  it('the same input gives the same result (no state leaks from one check into the next)', () => {
    fc.assert(
      fc.property(mutatedDoc(docs), (d) => {
        const a = check(d.text, d.path);
        const b = check(d.text, d.path);
        assert.deepEqual(b, a);
      }),
      runs(40),
    );
  });
});
