/// <reference types="mocha" />
// The Keys view in a real VS Code: the background scan, file watchers, open-editor problems with their quick fixes,
// the baseline, cancel, and masking on every surface. Keys are assembled from fragments when the test runs (never
// committed) and written into the temporary copy of the fixture workspace.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { keys as sample } from '../../src/core/secrets/samples';
import type { StoredKey } from '../../src/core/secrets/store';
import type { KeylessApi } from '../../src/extension';
import type { KeyNode } from '../../src/vscode/keys/tree';
import { api, codeOf, fixture, waitForDiagnostics } from './helpers';

const anthropic = sample.anthropic('api03', 'it-1');
const github = sample.github('ghp', 'it-2');
const openai = sample.openai('proj', 'it-3');
const ignored = sample.anthropic('api03', 'it-4');
const searchExcluded = sample.github('ghp', 'it-5');
const created = sample.anthropic('admin01', 'it-6');
const json = sample.openai('svcacct', 'it-7');
const ALL = [anthropic, github, openai, ignored, searchExcluded, created, json];

const enc = (s: string) => new TextEncoder().encode(s);
const write = (rel: string, text: string) => vscode.workspace.fs.writeFile(fixture(rel), enc(text));
const rel = (k: StoredKey) => vscode.workspace.asRelativePath(vscode.Uri.parse(k.file));

let k: Awaited<KeylessApi['keys']>['keys'];
let tree: Awaited<KeylessApi['keys']>['tree'];

/** Resolve once the store satisfies `ok` (checked now and on every change); fail after `ms` with what it holds. */
function waitForKeys(ok: (all: readonly StoredKey[]) => boolean, ms = 20000): Promise<readonly StoredKey[]> {
  return new Promise((resolve, reject) => {
    const now = () => k.store.all();
    if (ok(now())) return resolve(now());
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`keys never matched; state ${k.state}, last: ${JSON.stringify(now().map((x) => `${rel(x)}:${x.range.start.line}:${x.detectorId}`))}`));
    }, ms);
    const sub = k.onDidChange(() => {
      if (!ok(now())) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(now());
    });
  });
}
/** Resolve once `ok` holds for the editor tabs (checked now and on every tab change); fail after `ms`. */
function waitForTabs(ok: () => boolean, what: string, ms = 15000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (ok()) return resolve();
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out: ${what}`));
    }, ms);
    const sub = vscode.window.tabGroups.onDidChangeTabs(() => {
      if (!ok()) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}
const inFile = (file: string) => (all: readonly StoredKey[]) => all.filter((x) => rel(x) === file);

suite('keys: the scan and the Keys view', () => {
  let ext: KeylessApi;

  suiteSetup(async () => {
    ext = await api();
    ({ keys: k, tree } = await ext.keys);
    await write('keys-it/app/.env', `# local settings\nANTHROPIC_API_KEY=${anthropic}\nGITHUB_TOKEN=${github}\n`);
    await write('keys-it/src/client.ts', `export const client = new OpenAI({\n  apiKey: "${openai}",\n});\n`);
    await write('keys-it/config.json', `{\n  "openai": "${json}"\n}\n`);
    await write('ignored/leaked.env', `ANTHROPIC_API_KEY=${ignored}\n`); // .gitignore: ignored/
    await write('vendor/lib/token.txt', `token=${searchExcluded}\n`); // .vscode/settings.json: search.exclude vendor/**
    await k.rescan('test set-up');
  });

  test('the scan lists every key, provider -> type -> location, with a count badge', async () => {
    await waitForKeys((all) => all.length === 4);
    assert.equal(k.state, 'keys');
    const roots = tree.getChildren();
    const labels = (nodes: KeyNode[]) => nodes.map((n) => tree.getTreeItem(n).label);
    assert.deepEqual(labels(roots), ['Anthropic', 'GitHub', 'OpenAI']);
    const openaiTypes = tree.getChildren(roots[2]);
    assert.deepEqual(labels(openaiTypes), ['Project API key', 'Service account key']);
    const [location] = tree.getChildren(openaiTypes[0]);
    const item = tree.getTreeItem(location!);
    assert.equal(item.description, 'keys-it/src/client.ts:2');
    assert.match(String(item.label), /^sk-proj-…/);
    assert.equal(item.command?.command, 'keyless.revealKey');
    assert.equal(tree.view.badge?.value, 4);
    assert.match(tree.view.message ?? '', /^4 long-lived keys in 3 files/);
  });

  test('.gitignore and search.exclude keep files out of the scan', () => {
    const files = k.store.all().map(rel);
    assert.ok(!files.some((f) => f.startsWith('ignored/')), 'a .gitignored file is not scanned');
    assert.ok(!files.some((f) => f.startsWith('vendor/')), 'a search.exclude folder is not scanned');
  });

  test('file watchers: a created, changed, renamed and deleted file updates the view without a full scan', async () => {
    await write('keys-it/new/deploy.yaml', `env:\n  ANTHROPIC_ADMIN_KEY: ${created}\n`);
    await waitForKeys((all) => inFile('keys-it/new/deploy.yaml')(all).length === 1);
    await vscode.workspace.fs.rename(fixture('keys-it/new/deploy.yaml'), fixture('keys-it/new/moved.yaml'));
    await waitForKeys((all) => inFile('keys-it/new/deploy.yaml')(all).length === 0 && inFile('keys-it/new/moved.yaml')(all).length === 1);
    await write('keys-it/new/moved.yaml', 'env:\n  ANTHROPIC_ADMIN_KEY: ${{ secrets.ADMIN }}\n');
    await waitForKeys((all) => inFile('keys-it/new/moved.yaml')(all).length === 0);
    await write('keys-it/new/moved.yaml', `env:\n  ANTHROPIC_ADMIN_KEY: ${created}\n`);
    await waitForKeys((all) => inFile('keys-it/new/moved.yaml')(all).length === 1);
    await vscode.workspace.fs.delete(fixture('keys-it/new'), { recursive: true });
    await waitForKeys((all) => !all.some((x) => rel(x).startsWith('keys-it/new/')));
    assert.equal(k.state, 'keys');
  });

  test('files that vanish mid-scan are named once in the log, and the scan goes on to the end', async () => {
    // 400 files in a folder sorted last; once the scan has listed them, the last 100 go before it can read them
    const names = Array.from({ length: 400 }, (_, i) => `zz-vanish/f${String(i).padStart(3, '0')}.ts`);
    const fs = await import('node:fs/promises');
    await Promise.all(names.map((n) => fs.mkdir(fixture('zz-vanish').fsPath, { recursive: true }).then(() => fs.writeFile(fixture(n).fsPath, `export const n = "${n}";\n`))));
    const before = ext.log.lines.length;
    const scan = k.rescan('vanishing files');
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if ((k.progress?.total ?? 0) > 0 || k.state !== 'scanning') {
          clearInterval(poll);
          resolve();
        }
      }, 1);
    });
    await Promise.all(names.slice(300).map((n) => fs.rm(fixture(n).fsPath)));
    await scan;
    assert.equal(k.state, 'keys', 'the scan finished');
    const lines = ext.log.lines.slice(before);
    const reported = lines.filter((l) => l.includes('Could not read'));
    assert.equal(reported.length, 1, `one report: ${JSON.stringify(lines)}`);
    assert.match(reported[0]!, /zz-vanish\/f\d{3}\.ts \(disappeared while it was being read\)/);
    assert.ok(!lines.some((l) => /zz-vanish\/f0\d\d/.test(l)), 'files that were there are not reported');
    assert.ok(k.lastScan.files >= 300, `the other files were read (${k.lastScan.files})`);
    await fs.rm(fixture('zz-vanish').fsPath, { recursive: true });
  });

  test('the view\'s actions: reveal, documentation, the migration guide, copy fingerprint', async () => {
    const target = k.store.all().find((x) => x.detectorId === 'openai-project-key')!;
    await vscode.commands.executeCommand('keyless.revealKey', target);
    const editor = vscode.window.activeTextEditor!;
    assert.equal(vscode.workspace.asRelativePath(editor.document.uri), 'keys-it/src/client.ts');
    assert.deepEqual([editor.selection.start.line, editor.selection.start.character, editor.selection.end.character], [1, 11, 11 + openai.length]);
    const activeTab = () => vscode.window.tabGroups.activeTabGroup.activeTab?.label;
    await vscode.commands.executeCommand('keyless.openKeyDoc', { kind: 'key', key: target });
    await waitForTabs(() => activeTab() === 'Preview keys.md', 'the key types page opens');
    // an OpenAI key: the rule designer, prefilled for OpenAI; a GitHub token: its migration guide
    await vscode.commands.executeCommand('keyless.migrateKey', { kind: 'key', key: target });
    const designer = (await api()).designer();
    assert.equal(designer?.design.destination, 'openai', 'Replace with Federation… opens the designer for OpenAI');
    designer.dispose();
    const gh = k.store.all().find((x) => x.provider === 'GitHub')!;
    await vscode.commands.executeCommand('keyless.migrateKey', { kind: 'key', key: gh });
    await waitForTabs(() => activeTab() === 'Preview github.md', 'the GitHub migration guide opens');
    await vscode.commands.executeCommand('keyless.copyKeyFingerprint', { kind: 'key', key: target });
    assert.equal(await vscode.env.clipboard.readText(), target.fingerprint);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('keys in an open editor are problems, by severity, with the ways out as quick fixes', async () => {
    const uri = fixture('keys-it/app/.env');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const ds = await waitForDiagnostics(uri, (d) => d.filter((x) => codeOf(x) === 'anthropic-api-key' || codeOf(x) === 'github-pat').length === 2);
    const key = ds.find((d) => codeOf(d) === 'anthropic-api-key')!;
    assert.equal(key.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual([key.range.start.line, key.range.start.character], [1, 18]);
    assert.match(key.message, /^Anthropic API key \(sk-ant-api03-…/);
    assert.match(String((key.code as { target: vscode.Uri }).target), /docs\/keys\.md#anthropic-api-key$/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, key.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((a) => a.title);
    for (const t of ['Mark as reviewed: add a keyless:allow comment', 'Replace with federation: open the rule designer for Anthropic', 'Accept this key in the baseline (.keyless/baseline.json)', 'Show documentation for Anthropic API key'])
      assert.ok(titles.includes(t), `offers "${t}" (got ${JSON.stringify(titles)})`);
  });

  test('"Mark as reviewed" adds a keyless:allow comment the user can undo, and the key leaves the view', async () => {
    const uri = fixture('keys-it/app/.env');
    const [target] = inFile('keys-it/app/.env')(k.store.all()).filter((x) => x.detectorId === 'anthropic-api-key');
    await vscode.commands.executeCommand('keyless.markKeyReviewed', { kind: 'key', key: target });
    const doc = await vscode.workspace.openTextDocument(uri);
    // an unquoted .env value could swallow a trailing comment: the marker goes on its own line above
    assert.deepEqual([doc.lineAt(1).text, doc.lineAt(2).text.slice(0, 18)], ['# keyless:allow', 'ANTHROPIC_API_KEY=']);
    assert.ok(doc.isDirty, 'an edit, not a save');
    await waitForKeys((all) => inFile('keys-it/app/.env')(all).every((x) => x.detectorId !== 'anthropic-api-key'));
    await waitForDiagnostics(uri, (d) => !d.some((x) => codeOf(x) === 'anthropic-api-key'));
    assert.ok(k.store.suppressed >= 1);
    await vscode.commands.executeCommand('undo');
    await waitForKeys((all) => inFile('keys-it/app/.env')(all).some((x) => x.detectorId === 'anthropic-api-key'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('"Add to Baseline" writes a salted fingerprint to .keyless/baseline.json, never the key', async () => {
    const [target] = inFile('keys-it/config.json')(k.store.all());
    assert.ok(target, 'the JSON key is listed');
    const before = new Map(k.store.all().map((x) => [`${rel(x)}:${x.detectorId}`, x.fingerprint]));
    await vscode.commands.executeCommand('keyless.addKeyToBaseline', { kind: 'key', key: target });
    await waitForKeys((all) => inFile('keys-it/config.json')(all).length === 0);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(fixture('.keyless/baseline.json')));
    const baseline = JSON.parse(text) as { salt: string; entries: { file: string; detectorId: string; fingerprint: string }[] };
    assert.deepEqual(baseline.entries.map((e) => [e.file, e.detectorId]), [['keys-it/config.json', 'openai-service-account-key']]);
    assert.ok(!text.includes(json) && !text.includes(json.slice(-12)), 'the baseline holds no key');
    // a new baseline has its own salt: every other key is fingerprinted with it now, as `keyless scan` would
    await waitForKeys((all) => all.length > 0 && all.every((x) => before.get(`${rel(x)}:${x.detectorId}`) !== x.fingerprint));
    assert.equal(k.store.baselined, 1);
  });

  test('a rescan can be cancelled, and says so', async () => {
    const scan = k.rescan('test');
    await vscode.commands.executeCommand('keyless.cancelKeyScan');
    await scan;
    assert.equal(k.state, 'cancelled');
    await k.rescan('test');
    assert.equal(k.state, 'keys');
  });

  test('no surface shows a whole key: tree labels, descriptions, tooltips, problems, the log, the view message', async () => {
    await waitForKeys((all) => all.length >= 3);
    const seen: string[] = [];
    const visit = (node?: KeyNode) => {
      for (const child of tree.getChildren(node)) {
        const item = tree.getTreeItem(child);
        const tip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip ?? '');
        seen.push(String(typeof item.label === 'object' ? item.label.label : item.label), String(item.description ?? ''), tip, JSON.stringify(item.command?.arguments ?? []), item.accessibilityInformation?.label ?? '');
        visit(child);
      }
    };
    visit();
    seen.push(tree.view.message ?? '', tree.view.badge?.tooltip ?? '', ...ext.log.lines);
    for (const [uri, ds] of vscode.languages.getDiagnostics()) {
      if (!uri.path.includes('/keys-it/')) continue;
      for (const d of ds) seen.push(d.message, ...(d.relatedInformation ?? []).map((r) => r.message));
    }
    assert.ok(seen.length > 20, 'the surfaces were read');
    const all = seen.join('\n');
    for (const secret of ALL) {
      assert.ok(!all.includes(secret), 'a whole key is shown');
      // nor any 12 characters of its random part in a row
      const body = secret.slice(-24);
      for (let i = 0; i + 12 <= body.length; i++) assert.ok(!all.includes(body.slice(i, i + 12)), 'a run of a key is shown');
    }
  });

  test('two quick "Add to Baseline"s both land, with what the team wrote in the file kept', async () => {
    const uri = fixture('.keyless/baseline.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    const annotated = new vscode.WorkspaceEdit();
    annotated.insert(uri, new vscode.Position(1, 0), '  "note": "reviewed by the platform team",\n');
    assert.ok(await vscode.workspace.applyEdit(annotated));
    await doc.save();
    const targets = inFile('keys-it/app/.env')(k.store.all());
    assert.equal(targets.length, 2);
    await Promise.all(targets.map((t) => vscode.commands.executeCommand('keyless.addKeyToBaseline', { kind: 'key', key: t })));
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const baseline = JSON.parse(text) as { note?: string; entries: { file: string; detectorId: string }[] };
    assert.equal(baseline.note, 'reviewed by the platform team');
    assert.deepEqual(baseline.entries.map((e) => `${e.file} ${e.detectorId}`).sort(), ['keys-it/app/.env anthropic-api-key', 'keys-it/app/.env github-pat', 'keys-it/config.json openai-service-account-key']);
    await waitForKeys((all) => inFile('keys-it/app/.env')(all).length === 0);
    assert.equal(k.store.baselined, 3);
  });
});
