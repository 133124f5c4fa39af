// `npm run demo`: Keyless in a real VS Code on the bundled demo repository.
//  1. builds the extension and the CLI;
//  2. copies demo/ to a scratch folder (quick fixes and baselines never touch the repository) and plants a few fake
//     static keys in it, made now from fragments (scripts/demo-keys.ts), never committed whole;
//  3. prints what the CLI finds there;
//  4. opens VS Code with the extension: the desktop `code` when it is installed, else the VS Code server
//     (../shared/docs/vscode-testing.md's recipe, tools/install-offline-vscode.sh) on 127.0.0.1, with the URL to open.
// Ctrl+C stops everything it started and removes the scratch folder.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: repo, encoding: 'utf8', ...opts });

function step(message) {
  process.stdout.write(`\n\x1b[1m${message}\x1b[0m\n`);
}

step('Building Keyless…');
if (run(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' }).status !== 0) process.exit(1);

const scratch = mkdtempSync(join(tmpdir(), 'keyless-demo-'));
const workspace = join(scratch, 'acme-payments');
let cleanup = () => rmSync(scratch, { recursive: true, force: true });
process.on('exit', () => cleanup());
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

step(`Preparing the demo repository in ${workspace}…`);
cpSync(join(repo, 'demo'), workspace, { recursive: true });
const planter = join(scratch, 'demo-keys.mjs');
await esbuild.build({ entryPoints: [join(repo, 'scripts/demo-keys.ts')], bundle: true, platform: 'node', format: 'esm', outfile: planter, logLevel: 'warning' });
const planted = (await import(pathToFileURL(planter).href)).plantKeys(workspace);
rmSync(planter);
console.log(`Planted fake static keys in ${planted.join(', ')}.`);

step('What the keyless CLI finds there:');
const checked = JSON.parse(run(process.execPath, ['dist/cli.js', 'check', '--format', 'json', '--fail-on', 'never', workspace]).stdout || '{}');
const scanned = JSON.parse(run(process.execPath, ['dist/cli.js', 'scan', '--format', 'json', '--fail-on', 'never', workspace]).stdout || '{}');
const problems = checked.findings?.length ?? 0;
const files = new Set((checked.findings ?? []).map((f) => f.file)).size;
console.log(`  ${problems} problems in ${files} files (keyless check), ${scanned.keys?.length ?? 0} long-lived keys (keyless scan, masked: ${(scanned.keys ?? []).map((k) => k.masked).join(', ')})`);

const code = run('code', ['--version']);
if (code.status === 0) {
  step('Opening VS Code (close its window to end the demo)…');
  // --wait: this script (and its scratch folder) lives as long as the window
  const child = spawn('code', ['--new-window', '--wait', `--extensionDevelopmentPath=${repo}`, workspace], { stdio: 'inherit' });
  child.on('exit', (status) => process.exit(status ?? 0));
} else {
  step('Starting the VS Code server (no desktop `code` here; the first run installs it, which takes a few minutes)…');
  const install = run('bash', ['tools/install-offline-vscode.sh'], { stdio: ['ignore', 'pipe', 'inherit'] });
  if (install.status !== 0) process.exit(install.status ?? 1);
  for (const line of install.stdout.split('\n')) {
    const m = /^export ([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) process.env[m[1]] = m[2];
  }
  const { startServer } = await import(pathToFileURL(join(repo, 'tools/vscode-server.mjs')).href);
  const port = process.env.KEYLESS_DEMO_PORT ? Number(process.env.KEYLESS_DEMO_PORT) : undefined;
  const server = await startServer({ scratch, extensionsDir: join(scratch, 'extensions'), port });
  const previous = cleanup;
  cleanup = () => {
    server.stop();
    previous();
  };
  const payload = [['extensionDevelopmentPath', server.remoteUri(repo)], ['skipWelcome', 'true']];
  const url = `${server.origin}/?folder=${encodeURI(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  step('Keyless is running in VS Code. Open this address in a browser on this machine:');
  console.log(`\n  ${url}\n`);
  console.log('The Problems panel lists what the checker finds; the Keyless icon in the activity bar shows the keys.');
  console.log('Press Ctrl+C to stop the server and remove the demo copy.');
  server.exited.then(() => process.exit(0));
}
