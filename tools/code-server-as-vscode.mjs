#!/usr/bin/env node
// Stand-in "VS Code executable" for @vscode/test-electron where no VS Code can be downloaded. It takes the arguments
// test-electron gives Code (--extensionDevelopmentPath=, --extensionTestsPath=, a workspace folder, ...), starts the
// real VS Code server from the code-server package on 127.0.0.1, opens its workbench in headless Chromium with VS
// Code's own `payload` URL parameter for extension tests, relays the extension host's console (mocha's report) to
// stdout and exits with the test result.
// Extra env: VSCODE_SHIM_TIMEOUT_MS (default 600000), VSCODE_SHIM_VERBOSE=1, VSCODE_SHIM_SCREENSHOT=file.png
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { launchBrowser, makeScratch, startServer } from './vscode-server.mjs';

const argv = process.argv.slice(2);
const opt = (name) => argv.filter((a) => a.startsWith(`--${name}=`)).map((a) => a.slice(name.length + 3));
const devPaths = opt('extensionDevelopmentPath');
const testsPath = opt('extensionTestsPath')[0];
const folder = argv.filter((a) => !a.startsWith('-')).find((p) => fs.existsSync(p) && fs.statSync(p).isDirectory());
if (!testsPath || devPaths.length === 0) {
  console.error('code-server-as-vscode: only extension test runs are supported (--extensionTestsPath and --extensionDevelopmentPath)');
  process.exit(2);
}
const verbose = !!process.env.VSCODE_SHIM_VERBOSE;
const timeoutMs = Number(process.env.VSCODE_SHIM_TIMEOUT_MS || 600000);
// workbench chatter that is not the extension host's output (shown with VSCODE_SHIM_VERBOSE=1)
const NOISE = /^(\[(Service Worker|AgentHost[^\]]*|ChatModelSelection|AccountPolicyGate|reconnection-grace-time|ChatSessionStore)\]|ChatSessionStore|Creating a socket|Resolv(ing|ed) connection token|Updating additional builtin|No search provider registered|Timed out waiting for authentication provider|\s+at (async )?\S+ \(http|.*getaddrinfo ENOTFOUND)/;

const scratch = makeScratch('vscode-shim-');
let server;
let browser;
let exitCode = 1;
try {
  server = await startServer({ scratch: scratch.dir, extensionsDir: opt('extensions-dir')[0] || path.join(scratch.dir, 'extensions'), verbose });
  const payload = [...devPaths.map((p) => ['extensionDevelopmentPath', server.remoteUri(p)]), ['extensionTestsPath', server.remoteUri(testsPath)], ['skipWelcome', 'true']];
  const where = folder ? `folder=${encodeURIComponent(path.resolve(folder))}` : 'ew=true';
  browser = await launchBrowser(scratch.dir);
  const page = browser.pages()[0] ?? (await browser.newPage());
  let finish;
  const finished = new Promise((r) => (finish = r));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = util.format(...(args ?? []));
    if (verbose || !NOISE.test(line)) (type === 'error' ? process.stderr : process.stdout).write(line + '\n');
  });
  await page.exposeFunction('codeAutomationExit', (code) => finish(code));
  await page.goto(`${server.origin}/?${where}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  const code = await Promise.race([finished, new Promise((r) => setTimeout(() => r('timeout'), timeoutMs))]);
  if (code === 'timeout') console.error(`code-server-as-vscode: no test result after ${timeoutMs} ms`);
  if (process.env.VSCODE_SHIM_SCREENSHOT) await page.screenshot({ path: process.env.VSCODE_SHIM_SCREENSHOT });
  exitCode = code === 0 ? 0 : 1;
} catch (e) {
  console.error(e);
} finally {
  await browser?.close().catch(() => {});
  server?.stop();
  scratch.remove();
}
process.exit(exitCode);
