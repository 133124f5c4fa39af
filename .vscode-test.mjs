// @vscode/test-cli configuration: the integration tests run inside a real VS Code. Offline machines point
// VSCODE_EXECUTABLE_PATH at the code-server shim (tools/with-offline-vscode.sh); elsewhere test-cli downloads VS Code.
// Each run gets a fresh copy of the fixture workspace, so quick fixes and settings writes never touch the repo.
import { defineConfig } from '@vscode/test-cli';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const scratch = mkdtempSync(join(tmpdir(), 'keyless-it-'));
const workspace = join(scratch, 'workspace');
cpSync('test/fixtures/workspace', workspace, { recursive: true });
process.on('exit', () => rmSync(scratch, { recursive: true, force: true })); // the copy goes when the run ends

export default defineConfig({
  label: 'integration',
  files: 'out/test/integration/**/*.test.js',
  workspaceFolder: workspace,
  mocha: { ui: 'tdd', timeout: 30000, color: false },
  launchArgs: ['--disable-extensions'],
  ...(process.env.VSCODE_EXECUTABLE_PATH ? { useInstallation: { fromPath: process.env.VSCODE_EXECUTABLE_PATH } } : {}),
});
