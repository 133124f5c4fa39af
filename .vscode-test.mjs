// @vscode/test-cli configuration: the integration tests run inside a real VS Code. Offline machines point
// VSCODE_EXECUTABLE_PATH at the code-server shim (tools/with-offline-vscode.sh); elsewhere test-cli downloads VS Code.
// Each run gets a fresh copy of the fixture workspace, so quick fixes and settings writes never touch the repo.
import { defineConfig } from '@vscode/test-cli';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const scratch = mkdtempSync(join(tmpdir(), 'keyless-it-'));
const workspace = join(scratch, 'workspace');
cpSync('test/fixtures/workspace', workspace, { recursive: true });
process.on('exit', () => rmSync(scratch, { recursive: true, force: true })); // the copy goes when the run ends
// KEYLESS_OUT: tests built into another folder (scripts/build.mjs --tests), listed here since test-cli takes an
// absolute path as is, without expanding it as a glob
const tests = process.env.KEYLESS_OUT ? join(resolve(process.env.KEYLESS_OUT), 'test', 'integration') : undefined;
const files = tests
  ? readdirSync(tests, { recursive: true }).map(String).filter((f) => f.endsWith('.test.js')).sort().map((f) => join(tests, f))
  : 'out/test/integration/**/*.test.js';

export default defineConfig({
  label: 'integration',
  files,
  workspaceFolder: workspace,
  mocha: { ui: 'tdd', timeout: 30000, color: false },
  launchArgs: ['--disable-extensions'],
  ...(process.env.VSCODE_EXECUTABLE_PATH ? { useInstallation: { fromPath: process.env.VSCODE_EXECUTABLE_PATH } } : {}),
});
