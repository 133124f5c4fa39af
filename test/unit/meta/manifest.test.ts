// package.json (the extension manifest) and the code agree: command ids, activation, capabilities.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const commandsSource = readFileSync('src/vscode/commands.ts', 'utf8');

describe('extension manifest', () => {
  it('contributes exactly the commands of the COMMANDS record', () => {
    const inCode = [...commandsSource.matchAll(/:\s*'(keyless\.[A-Za-z]+)'/g)].map((m) => m[1]).sort();
    const inManifest = (pkg.contributes.commands as { command: string }[]).map((c) => c.command).sort();
    assert.deepEqual(inManifest, inCode);
  });

  it('declares that it works in untrusted and virtual workspaces', () => {
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, true);
    assert.equal(pkg.capabilities.virtualWorkspaces, true);
  });

  it('is the extension keyless.keyless with an engines.vscode and a main bundle', () => {
    assert.equal(`${pkg.publisher}.${pkg.name}`, 'keyless.keyless');
    assert.match(pkg.engines.vscode, /^\^1\.\d+\.\d+$/);
    assert.equal(pkg.main, './dist/extension.js');
  });
});
