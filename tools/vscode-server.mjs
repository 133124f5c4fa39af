// Run the real VS Code server that ships inside the `code-server` npm package on 127.0.0.1, and drive its web
// workbench with playwright-core and Debian's Chromium. Used by the extension-test shim (code-server-as-vscode.mjs),
// the end-to-end tests and the demo.
//
// Env: VSCODE_SERVER_MAIN  <code-server>/lib/vscode/out/server-main.js (set by install-offline-vscode.sh)
//      VSCODE_SERVER_NODE  node binary for the server and its extension host (code-server 4.133+ wants Node 24)
//      CHROMIUM_PATH       browser binary (default /usr/bin/chromium)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export function serverMainPath() {
  const p = process.env.VSCODE_SERVER_MAIN;
  if (!p) throw new Error('VSCODE_SERVER_MAIN is not set: run through tools/with-offline-vscode.sh');
  return p;
}
export const serverNode = () => process.env.VSCODE_SERVER_NODE || process.execPath;

export function makeScratch(prefix = 'vscode-run-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

function baseArgs(scratch, extensionsDir) {
  fs.mkdirSync(extensionsDir, { recursive: true }); // a missing extensions dir silently loads no extension under test
  return ['--server-data-dir', path.join(scratch, 'server-data'), '--user-data-dir', path.join(scratch, 'user-data'), '--extensions-dir', extensionsDir];
}

// Nothing is written to the home folder: config, data and caches go to the scratch folder.
const serverEnv = (scratch, extra) => ({
  ...process.env, ...extra,
  XDG_CONFIG_HOME: path.join(scratch, 'xdg-config'), XDG_DATA_HOME: path.join(scratch, 'xdg-data'), XDG_CACHE_HOME: path.join(scratch, 'xdg-cache'),
});

/** Install a .vsix into an extensions folder (works offline). */
export function installVsix(vsix, { scratch, extensionsDir }) {
  const r = spawnSync(serverNode(), [serverMainPath(), ...baseArgs(scratch, extensionsDir), '--install-extension', path.resolve(vsix)], { env: serverEnv(scratch), encoding: 'utf8' });
  if (r.status !== 0 || !/successfully installed/.test(r.stdout + r.stderr)) throw new Error(`install of ${vsix} failed:\n${r.stdout}\n${r.stderr}`);
}

/**
 * Start the server on a loopback port. `smokeTestDriver` adds --enable-smoke-test-driver, without which a built
 * workbench ignores the extensionDevelopmentPath/extensionTestsPath payload of extension test runs.
 */
export async function startServer({ scratch, extensionsDir, env = {}, smokeTestDriver = true, verbose = false, port }) {
  const p = port ?? (await freePort());
  const args = [serverMainPath(), '--host', '127.0.0.1', '--port', String(p), '--without-connection-token', '--accept-server-license-terms',
    '--disable-telemetry', '--disable-workspace-trust', ...baseArgs(scratch, extensionsDir)];
  if (smokeTestDriver) args.push('--enable-smoke-test-driver');
  // detached: its own process group, so stop() ends the server with its extension host and watchers
  const child = spawn(serverNode(), args, { env: serverEnv(scratch, env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`VS Code server did not start in 60 s:\n${log}`)), 60000);
    const onData = (d) => {
      log += d;
      if (verbose) process.stderr.write(`[vscode-server] ${d}`);
      if (/Extension host agent listening on|Web UI available at/.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (c) => {
      clearTimeout(timer);
      reject(new Error(`VS Code server exited early (${c}):\n${log}`));
    });
  });
  const authority = `127.0.0.1:${p}`;
  return {
    authority,
    origin: `http://${authority}`,
    remoteUri: (f) => `vscode-remote://${authority}${path.resolve(f)}`,
    log: () => log,
    exited: new Promise((r) => child.once('exit', r)),
    stop: () => {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    },
  };
}

// Background networking off: this machine's closed network refuses Chromium's own connections.
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export async function launchBrowser(scratch, { headless = true } = {}) {
  const { chromium } = await import('playwright-core');
  return chromium.launchPersistentContext(path.join(scratch, 'chromium-profile'), {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless, viewport: { width: 1400, height: 900 }, args: CHROMIUM_ARGS,
  });
}
