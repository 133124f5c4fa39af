// End to end, as a user meets Keyless: the packaged .vsix installed in the real VS Code server, its workbench driven
// by Debian's Chromium through playwright-core, on a copy of the demo workspace with freshly planted fake keys.
// Each step saves a screenshot under out/screenshots/ (scripts/screenshots.mjs copies them next to the README).
// Run by `npm run test:e2e` (which packages first), through tools/with-offline-vscode.sh.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { installVsix, launchBrowser, makeScratch, startServer } from '../../tools/vscode-server.mjs';

const repo = resolve(import.meta.dirname, '../..');
const { name, version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
const vsix = join(repo, `${name}-${version}.vsix`);
const shots = join(repo, 'out', 'screenshots');

let scratch, server, context, page, workspace, planted;

const shot = (file) => page.screenshot({ path: join(shots, file) });

/** Run a command by its title through the command palette. */
async function command(title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Open a workspace file by its path through Quick Open, and go to a line and column. */
async function openAt(rel, line, column) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(rel);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`.tab.active[aria-label*="${rel.split('/').pop()}"]`).waitFor();
  await page.keyboard.press('Control+G');
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
}

/** The page of the active webview: a webview is an iframe holding the page's own iframe. */
const webview = () => page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');

before(async () => {
  assert.ok(existsSync(vsix), `${vsix} exists (npm run package)`);
  mkdirSync(shots, { recursive: true });
  scratch = makeScratch('keyless-e2e-');
  workspace = join(scratch.dir, 'demo');
  cpSync(join(repo, 'demo'), workspace, { recursive: true });
  // the fake keys, made now from fragments (as npm run demo does)
  const planter = join(scratch.dir, 'demo-keys.mjs');
  await esbuild.build({ entryPoints: [join(repo, 'scripts/demo-keys.ts')], bundle: true, platform: 'node', format: 'esm', outfile: planter, logLevel: 'warning' });
  const files = (await import(pathToFileURL(planter).href)).plantKeys(workspace);
  planted = files.map((f) => readFileSync(join(workspace, f), 'utf8'));
  const extensionsDir = join(scratch.dir, 'extensions');
  installVsix(vsix, { scratch: scratch.dir, extensionsDir });
  server = await startServer({ scratch: scratch.dir, extensionsDir, smokeTestDriver: false });
  context = await launchBrowser(scratch.dir);
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${server.origin}/?folder=${encodeURI(workspace)}&payload=${encodeURIComponent(JSON.stringify([['skipWelcome', 'true']]))}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  await page.locator('.statusbar').waitFor();
  // the screenshots show the editor, not the chat: close the secondary side bar when it opens by default
  const auxiliary = page.locator('.part.auxiliarybar');
  if (await auxiliary.isVisible()) {
    await page.keyboard.press('Control+Alt+B'); // View: Toggle Secondary Side Bar
    await auxiliary.waitFor({ state: 'hidden' });
  }
});

after(async () => {
  await context?.close();
  server?.stop();
  if (server) await server.exited;
  scratch?.remove();
});

/** The error count in the status bar's problems item. */
async function errorCount() {
  const label = (await page.locator('.statusbar-item#status\\.problems a, #status\\.problems a').first().getAttribute('aria-label')) ?? '';
  return Number(/Errors?:\s*(\d+)/i.exec(label)?.[1] ?? /(\d+)\s+errors?/i.exec(label)?.[1] ?? NaN);
}

test('the Problems panel lists findings from several kinds of document', async () => {
  await page.keyboard.press('Control+Shift+M');
  const panel = page.locator('.markers-panel');
  await panel.waitFor();
  // keyless.checkOnOpen is on in the demo: the whole workspace is checked as it opens
  await page.waitForFunction(() => (document.querySelector('.markers-panel')?.textContent ?? '').includes('keyless'), undefined, { timeout: 60_000 });
  // the panel's own filter, one rule family at a time: each has findings (federation rules of both providers, IAM
  // policies, Snowflake SQL, workload configs)
  const filter = page.locator('.markers-panel-container .viewpane-filter input, .panel .viewpane-filter input').first();
  for (const family of ['anthropic/', 'openai/', 'iam/', 'snowflake/', 'workload/']) {
    await filter.fill(family);
    await panel.locator('.monaco-list-row', { hasText: family }).first().waitFor({ timeout: 30_000 });
  }
  await filter.fill('');
  assert.ok((await errorCount()) > 5, 'the status bar counts the errors');
  await shot('1-problems.png');
});

test('a quick fix from Ctrl+. changes the file and clears its finding', async () => {
  await openAt('docker-compose.yml', 6, 7);
  await page.locator('.view-line', { hasText: 'ANTHROPIC_API_KEY: ${ANTHROPIC_API_KEY' }).waitFor();
  const errors = await errorCount();
  await page.keyboard.press('Control+.');
  const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Delete `ANTHROPIC_API_KEY`' });
  await fix.waitFor();
  await shot('2-quick-fix.png');
  await fix.click();
  // the line is gone from the editor, its error from the status bar
  await page.locator('.view-line', { hasText: 'ANTHROPIC_API_KEY: ${ANTHROPIC_API_KEY' }).waitFor({ state: 'detached' });
  await page.waitForFunction(async (n) => {
    const label = document.querySelector('#status\\.problems a')?.getAttribute('aria-label') ?? '';
    return Number(/Errors?:\s*(\d+)/i.exec(label)?.[1] ?? /(\d+)\s+errors?/i.exec(label)?.[1]) === n - 1;
  }, errors, { timeout: 15_000 });
  await page.keyboard.press('Control+S');
});

test('the Keys view lists the planted keys masked, and revealing one jumps to it', async () => {
  await page.locator('.activitybar a[aria-label^="Keyless"]').first().click({ force: true });
  const view = page.locator('.pane', { hasText: 'Keys' });
  const items = view.locator('.monaco-list-row');
  await page.waitForFunction(() => [...document.querySelectorAll('.pane .monaco-list-row')].some((r) => /Anthropic/.test(r.textContent ?? '')), undefined, { timeout: 60_000 });
  // expand everything: providers, then types
  for (let round = 0; round < 3; round++) {
    const collapsed = view.locator('.monaco-list-row[aria-expanded="false"]');
    const n = await collapsed.count();
    for (let i = 0; i < n; i++) await collapsed.nth(0).click();
  }
  const text = await view.textContent();
  assert.match(text, /…/, 'keys are shown masked');
  for (const file of planted) {
    for (const secret of file.match(/(sk-[A-Za-z0-9_-]{20,}|AKIA[A-Z0-9]{16}|ghp_[A-Za-z0-9]{20,})/g) ?? []) {
      assert.ok(!text.includes(secret), 'no whole key in the view');
      assert.ok(!text.includes(secret.slice(8, 20)), 'no 12-character run of a key in the view');
    }
  }
  await shot('3-keys.png');
  const leaf = items.filter({ hasText: /\.env|admin\.json|backfill|release/ }).first();
  await leaf.click();
  await page.locator('.tab.active', { hasText: /\.env|admin\.json|backfill\.py|release\.ts/ }).waitFor();
});

test('the designer opens, builds a rule and shows its findings and attack results', async () => {
  await command('Keyless: Open Federation Rule Designer');
  const panel = page.locator('.part.panel');
  if (await panel.isVisible()) {
    await page.keyboard.press('Control+J'); // View: Toggle Panel, so the designer has the editor area's height
    await panel.waitFor({ state: 'hidden' });
  }
  const view = webview();
  await view.locator('#field-repository').waitFor({ timeout: 30_000 });
  await view.locator('#field-repository').click();
  await page.keyboard.type('acme/payments');
  await view.locator('#field-branch').click();
  await page.keyboard.type('main');
  await view.locator('#field-serviceAccount').click();
  await page.keyboard.type('ci-deployer');
  await view.locator('.document', { hasText: 'repo:acme/payments:ref:refs/heads/main' }).first().waitFor();
  await view.locator('.summary', { hasText: 'checker' }).first().waitFor();
  await view.locator('h1').scrollIntoViewIfNeeded();
  await shot('4-designer.png');
  await view.locator('vscode-tab-header', { hasText: 'Attacks' }).click();
  await view.locator('.attacks', { hasText: 'fork-pull-request' }).waitFor();
  await view.locator('vscode-tabs').scrollIntoViewIfNeeded();
  const attacks = await view.locator('.attacks').textContent();
  assert.match(attacks, /No neighbour's token gets in/);
  assert.match(attacks, /Rejected/);
  await shot('5-designer-attacks.png');
});

test('the course opens and a question can be answered', async () => {
  await command('Keyless: Open Course');
  const view = webview();
  await view.locator('h1', { hasText: 'Keyless course' }).waitFor({ timeout: 30_000 });
  await view.locator('a[data-lesson="why-static-keys-fail"]').waitFor();
  await shot('6-course-map.png');
  await view.locator('a[data-lesson="why-static-keys-fail"]').click();
  await view.locator('article.reading').waitFor();
  await view.locator('vscode-button', { hasText: 'Start Questions' }).click();
  // the first question is multiple choice: pick an answer, check it, and read why
  const choice = view.locator('.choice-input').first();
  await choice.waitFor();
  await choice.click();
  await view.locator('vscode-button', { hasText: 'Check Answer' }).click();
  const feedback = view.locator('.feedback');
  await feedback.filter({ hasText: /\S/ }).waitFor();
  assert.match(await feedback.textContent(), /right|wrong|correct|not quite|because/i);
  await view.locator('vscode-button', { hasText: 'Next Question' }).waitFor();
  await shot('7-course-question.png');
});
