// The bundled demo/ repository is the README's main job: it must show every document kind being found without
// configuration, a finding in every file with a planted mistake, and silence on the files done right.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { check } from '../../src/core/engine';
import type { DocumentKind } from '../../src/core/model';
import { walk } from '../../src/node/walk';

describe('demo workspace', async () => {
  const files = await walk(['demo'], (p) => assert.fail(`${p.path}: ${p.message}`));
  const results = files.map((f) => ({ file: f.display, ...check(readFileSync(f.absolute, 'utf8'), f.display) }));

  it('finds every kind of document without configuration', () => {
    const kinds = new Set(results.flatMap((r) => r.kinds));
    const expected: DocumentKind[] = [
      'anthropic-manifest', 'anthropic-federation-rule', 'openai-workload-identity-provider', 'openai-federation-rule',
      'iam-policy', 'cloudformation-template', 'terraform-plan', 'snowflake-sql', 'dotenv', 'docker-compose',
      'github-workflow', 'kubernetes-manifest', 'dockerfile', 'devcontainer', 'vscode-launch', 'anthropic-profile', 'anthropic-gateway',
    ];
    assert.deepEqual(expected.filter((k) => !kinds.has(k)), [], 'kinds not recognised anywhere in demo/');
  });

  it('reports at least one problem in every file with a planted mistake', () => {
    // .vscode/settings.json is the demo's editor setting (keyless.checkOnOpen), not one of its documents
    const quiet = results.filter((r) => !r.file.includes('/good/') && r.file !== 'demo/.vscode/settings.json' && r.findings.filter((f) => f.severity !== 'info').length === 0);
    assert.deepEqual(quiet.map((r) => `${r.file} (${r.kinds.join(', ') || 'not recognised'})`), []);
  });

  it('stays quiet on the configurations done right', () => {
    const good = results.filter((r) => r.file.includes('/good/'));
    assert.ok(good.length >= 5);
    for (const r of good) assert.ok(r.kinds.length > 0, `${r.file} is recognised`);
    const noisy = good.flatMap((r) => r.findings.map((f) => `${r.file}: ${f.ruleId} ${f.severity}: ${f.message}`));
    assert.deepEqual(noisy, []);
  });

  it('never reports a parse error on the demo', () => {
    assert.deepEqual(results.flatMap((r) => r.findings.filter((f) => f.ruleId === 'core/parse-error').map((f) => `${r.file}: ${f.message}`)), []);
  });
});
