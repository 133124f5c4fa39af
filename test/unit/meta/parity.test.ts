// Every rule has a source file named by its id, a test, a doc page with the required sections, and a place in the
// sorted index; ids are unique; the core never imports `vscode`.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { allRules } from '../../../src/core/rules';
import { builders } from '../../../src/core/domains';

const root = process.cwd();
const files = (dir: string, ext: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p, ext) : p.endsWith(ext) ? [p] : [];
  });

describe('rule parity', () => {
  const ids = allRules.map((r) => r.meta.id);

  it('ids are unique and sorted', () => {
    assert.equal(new Set(ids).size, ids.length, 'duplicate rule id');
    assert.deepEqual(ids, [...ids].sort(), 'allRules must be sorted by id');
  });

  it('each rule id is <domain>/<kebab-name> and matches its domain', () => {
    for (const r of allRules) {
      assert.match(r.meta.id, /^[a-z]+\/[a-z0-9]+(-[a-z0-9]+)*$/, r.meta.id);
      assert.equal(r.meta.id.split('/')[0], r.meta.domain, `${r.meta.id}: domain`);
      assert.ok(r.meta.domain === 'core' || r.meta.domain in builders, `${r.meta.id}: unknown domain`);
      assert.ok(Object.keys(r.meta.messages).length > 0, `${r.meta.id}: messages`);
      assert.ok(r.meta.description.length > 10, `${r.meta.id}: description`);
    }
  });

  it('every rule source file is registered, and every registered rule has a source file', () => {
    const sources = files('src/core/rules', '.ts')
      .map((p) => relative('src/core/rules', p).replace(/\\/g, '/').replace(/\.ts$/, ''))
      .filter((p) => !p.endsWith('index'));
    assert.deepEqual([...sources].sort(), [...ids].sort());
  });

  it('every rule has a test', () => {
    for (const id of ids) assert.ok(existsSync(join(root, 'test/unit/rules', `${id}.test.ts`)), `missing test for ${id}`);
  });

  it('every rule has a doc page with the required sections', () => {
    for (const id of ids) {
      const p = join(root, 'docs/rules', `${id}.md`);
      assert.ok(existsSync(p), `missing doc ${p}`);
      const doc = readFileSync(p, 'utf8');
      assert.ok(doc.startsWith(`# ${id}\n`), `${id}: doc must start with "# ${id}"`);
      for (const h of ['## What it catches', '## Why it matters', '## Example', '## How to fix']) assert.ok(doc.includes(h), `${id}: doc lacks "${h}"`);
    }
  });

  it('every doc page belongs to a rule', () => {
    const docs = files('docs/rules', '.md').map((p) => relative('docs/rules', p).replace(/\\/g, '/').replace(/\.md$/, ''));
    for (const d of docs) assert.ok(ids.includes(d), `doc without a rule: ${d}`);
  });
});

describe('layering', () => {
  it('src/core never imports vscode, node built-ins or the DOM', () => {
    for (const p of files('src/core', '.ts')) {
      const text = readFileSync(p, 'utf8');
      assert.doesNotMatch(text, /from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)/, `${p} imports vscode`);
      assert.doesNotMatch(text, /from\s+['"](node:)?(fs|path|child_process|os)['"]/, `${p} imports a Node built-in`);
      assert.doesNotMatch(text, /\b(document|window)\.\w+/, `${p} uses the DOM`);
    }
  });
});
