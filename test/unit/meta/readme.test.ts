// The README's promises stay true: its rule table lists exactly the rules there are, and its quick start is
// exactly two commands that exist in package.json.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { rulesMarkdownTable } from '../../../src/cli/main';
import { allRules } from '../../../src/core/rules';

const readme = readFileSync('README.md', 'utf8');

describe('README', () => {
  it('rule table is current (npm run rules-table)', () => {
    const m = /<!-- rules:start -->\n([\s\S]*?)\n?<!-- rules:end -->/.exec(readme);
    assert.ok(m, 'README has the rules markers');
    assert.equal(m[1]!.trim(), rulesMarkdownTable(allRules), 'README rule table is stale: run `npm run rules-table`');
  });

  it('quick start is two commands, both npm scripts that exist', () => {
    const block = /## Quick start[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme);
    assert.ok(block);
    const commands = block[1]!.trim().split('\n').map((l) => l.replace(/#.*$/, '').trim()).filter(Boolean);
    assert.equal(commands.length, 2);
    const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts as Record<string, string>;
    for (const c of commands) for (const m of c.matchAll(/npm (?:run )?(\w[\w-]*)/g)) if (m[1] !== 'ci') assert.ok(scripts[m[1]!] ?? (m[1] === 'test' && scripts.test), `npm script "${m[1]}" exists`);
  });
});
