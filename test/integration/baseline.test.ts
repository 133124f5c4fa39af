/// <reference types="mocha" />
// Back Up and Reset of a `.keyless/baseline.json` that cannot be used (issue #9), in a real VS Code: the old bytes are
// kept in a backup next to it, the file becomes what can still be read, the Keys view follows, and an editor that had
// the file open can undo the reset. A file with unsaved edits, a newer Keyless's file and a usable file are left alone.
// The command returns what it showed (notifications cannot be read back from a test), and the log keeps one line.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseBaseline } from '../../src/core/secrets/baseline';
import { keys as sample } from '../../src/core/secrets/samples';
import { scanText } from '../../src/core/secrets/scan';
import type { StoredKey } from '../../src/core/secrets/store';
import type { KeylessApi } from '../../src/extension';
import type { RepairOutcome } from '../../src/vscode/keys/baseline-repair';
import { api, fixture } from './helpers';

const SALT = '5e1f0c2b9a8d7e6f5a4b3c2d1e0f9a8b';
const accepted = sample.anthropic('api03', 'repair-it-1');
const notAccepted = sample.github('ghp', 'repair-it-2');
const ENV = 'baseline-it/.env';
const envText = `ANTHROPIC_API_KEY=${accepted}\nGITHUB_TOKEN=${notAccepted}\n`;

const BASELINE = '.keyless/baseline.json';
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const read = async (rel: string) => dec(await vscode.workspace.fs.readFile(fixture(rel)));
const lf = (s: string) => s.replace(/\r\n/g, '\n');

let ext: KeylessApi;
let k: Awaited<KeylessApi['keys']>['keys'];

/** Resolve once the keys of `baseline-it/` satisfy `ok` (checked now and on every change); fail after `ms`. */
function waitForKeys(ok: (here: readonly StoredKey[]) => boolean, ms = 20000): Promise<void> {
  const here = () => k.store.all().filter((x) => vscode.workspace.asRelativePath(vscode.Uri.parse(x.file)) === ENV);
  return new Promise((resolve, reject) => {
    if (ok(here())) return resolve();
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`keys never matched; last: ${JSON.stringify(here().map((x) => x.detectorId))}`));
    }, ms);
    const sub = k.onDidChange(() => {
      if (!ok(here())) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

/** Write the baseline and, when a document of it is open, wait until it shows what was written (it reloads on its own). */
async function writeBaseline(text: string | Uint8Array): Promise<Uint8Array> {
  const bytes = typeof text === 'string' ? enc(text) : text;
  const uri = fixture(BASELINE);
  await vscode.workspace.fs.writeFile(uri, bytes);
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && !d.isClosed);
  const want = lf(dec(bytes));
  if (doc && lf(doc.getText()) !== want) {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => (sub.dispose(), reject(new Error('the open baseline never reloaded'))), 10000);
      const sub = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document !== doc || lf(doc.getText()) !== want) return;
        clearTimeout(timer);
        sub.dispose();
        resolve();
      });
    });
  }
  return bytes;
}

async function backups(): Promise<string[]> {
  return (await vscode.workspace.fs.readDirectory(fixture('.keyless'))).map(([name]) => name).filter((n) => /^baseline\.corrupt-.*\.json$/.test(n)).sort();
}

function repair(arg: unknown): Thenable<RepairOutcome> {
  return vscode.commands.executeCommand<RepairOutcome>('keyless.repairBaseline', arg);
}

/** The entry that accepts `accepted` in `baseline-it/.env`, fingerprinted with `SALT`. */
function goodEntry(): Record<string, unknown> {
  const f = scanText(envText, fixture(ENV).path, { salt: SALT }).find((x) => x.detectorId.startsWith('anthropic'));
  assert.ok(f, 'the Anthropic key is found');
  return { fingerprint: f.fingerprint, detectorId: f.detectorId, file: ENV, line: 1, addedAt: '2026-05-01T10:00:00.000Z' };
}

suite('baseline: Back Up and Reset', () => {
  suiteSetup(async () => {
    ext = await api();
    ({ keys: k } = await ext.keys);
    await vscode.workspace.fs.writeFile(fixture(ENV), enc(envText));
    await k.rescan('test set-up');
    await waitForKeys((here) => here.length === 2);
  });

  suiteTeardown(async () => {
    // a test that failed half-way may leave unsaved edits: reverted, so closing asks nothing
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.path.includes('/.keyless/'))) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // the baseline is deleted through a WorkspaceEdit, as the Explorer deletes: VS Code then lets go of the document the
    // repair opened. A delete behind its back (workspace.fs) would leave that document, with its old text, for the next
    // suite's "Add to Baseline" to build on
    const baseline = fixture(BASELINE);
    const gone = vscode.workspace.textDocuments.some((d) => d.uri.toString() === baseline.toString())
      ? new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => (sub.dispose(), reject(new Error(`${BASELINE} is still open after it was deleted`))), 15000);
          const sub = vscode.workspace.onDidCloseTextDocument((d) => {
            if (d.uri.toString() !== baseline.toString()) return;
            clearTimeout(timer);
            sub.dispose();
            resolve();
          });
        })
      : Promise.resolve();
    const edit = new vscode.WorkspaceEdit();
    edit.deleteFile(baseline, { ignoreIfNotExists: true });
    assert.ok(await vscode.workspace.applyEdit(edit), `${BASELINE} is deleted`);
    await gone;
    // the rest was never open in an editor
    await vscode.workspace.fs.delete(fixture('.keyless'), { recursive: true, useTrash: false });
    await vscode.workspace.fs.delete(fixture('baseline-it'), { recursive: true, useTrash: false });
    await k.rescan('test tear-down'); // the next suites start from a workspace without a baseline
  });

  test('a file that is not JSON: its exact bytes are backed up and it starts afresh with a new salt', async () => {
    const before = await backups().catch(() => []);
    const bytes = await writeBaseline(`{\r\n  "version": 1,\r\n  "salt": "${SALT}",\r\n  "entries": [\r\n    { "note": "caf\u00e9" }\r\n`);
    const logged = ext.log.lines.length;
    const outcome = await repair(vscode.workspace.workspaceFolders![0]);
    assert.ok(outcome.repaired, outcome.message);
    assert.match(outcome.backup.path, /\/\.keyless\/baseline\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.json$/);
    assert.deepEqual([...(await vscode.workspace.fs.readFile(outcome.backup))], [...bytes], 'the backup holds the old bytes exactly');
    assert.equal((await backups()).length, before.length + 1);
    const now = parseBaseline(await read(BASELINE));
    assert.ok(now.ok, now.ok ? '' : now.error);
    assert.deepEqual(now.baseline.entries, []);
    assert.notEqual(now.baseline.salt, SALT);
    assert.equal(outcome.kept, 0);
    assert.equal(outcome.dropped, undefined);
    assert.match(outcome.message, /new salt; no entry could be read/);
    assert.ok(outcome.message.includes(vscode.workspace.asRelativePath(outcome.backup)), outcome.message);
    assert.match(outcome.message, /accept them again/);
    const lines = ext.log.lines.slice(logged).filter((l) => l.includes('baseline.json was not usable'));
    assert.equal(lines.length, 1, 'one line in the log');
    assert.ok(lines[0]!.includes(vscode.workspace.asRelativePath(outcome.backup)) && !lines[0]!.includes('caf\u00e9') && !lines[0]!.includes(SALT), 'the log names the backup, never what the file holds');
  });

  test('one bad entry among good ones, open in an editor: the good ones are kept, the view follows, Undo brings the old text back', async () => {
    const good = goodEntry();
    const bad = { fingerprint: 'not a fingerprint', detectorId: 'github-pat', file: ENV };
    const old = `${JSON.stringify({ version: 1, salt: SALT, note: 'reviewed by the platform team', entries: [good, bad] }, null, 2)}\n`;
    const bytes = await writeBaseline(old);
    const doc = await vscode.workspace.openTextDocument(fixture(BASELINE));
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.getText(), old);
    // unusable, so nothing is accepted: both keys are listed
    await waitForKeys((here) => here.length === 2);

    const outcome = await repair(fixture(BASELINE));
    assert.ok(outcome.repaired, outcome.message);
    assert.equal(outcome.kept, 1);
    assert.equal(outcome.dropped, 1);
    assert.match(outcome.message, /1 entry kept, 1 dropped/);
    assert.deepEqual([...(await vscode.workspace.fs.readFile(outcome.backup))], [...bytes]);
    const onDisk = await read(BASELINE);
    assert.deepEqual(JSON.parse(onDisk), { version: 1, salt: SALT, note: 'reviewed by the platform team', entries: [good] });
    assert.equal(doc.getText(), onDisk, 'the editor shows the reset');
    assert.ok(!doc.isDirty, 'and it is saved');
    // the controller reads the new file (its watcher): the kept entry accepts the Anthropic key again
    await waitForKeys((here) => here.length === 1 && here[0]!.detectorId === 'github-pat');
    assert.ok(k.store.baselined >= 1);

    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), old, 'Undo restores the old text');
    assert.ok(doc.isDirty, 'as an unsaved edit: saving it is the user\'s choice');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(doc.getText(), onDisk);
  });

  test('unsaved edits in an editor: nothing is backed up or replaced, the user is told to save or revert', async () => {
    const old = '{"version": 1, "salt": "x", "entries": [';
    await writeBaseline(old);
    const doc = await vscode.workspace.openTextDocument(fixture(BASELINE));
    const editor = await vscode.window.showTextDocument(doc);
    assert.equal(doc.getText(), old);
    assert.ok(await editor.edit((b) => b.insert(doc.positionAt(old.length), ']}')));
    const before = await backups();
    const outcome = await repair(vscode.workspace.workspaceFolders![0]);
    assert.equal(outcome.repaired, false);
    assert.match(outcome.message, /unsaved changes\. Save or revert them/);
    assert.deepEqual(await backups(), before);
    assert.equal(await read(BASELINE), old);
    assert.equal(doc.getText(), `${old}]}`, 'the edits are the user\'s');
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('a newer Keyless\'s file and a usable file are left as they are, with no backup', async () => {
    const newer = JSON.stringify({ version: 2, salt: SALT, entries: [], future: true });
    await writeBaseline(newer);
    const before = await backups();
    const outcome = await repair(vscode.workspace.workspaceFolders![0]);
    assert.equal(outcome.repaired, false);
    assert.match(outcome.message, /newer Keyless.*update Keyless.*left as it is/);
    assert.equal(await read(BASELINE), newer);

    const usable = `${JSON.stringify({ version: 1, salt: SALT, entries: [goodEntry()] }, null, 2)}\n`;
    await writeBaseline(usable);
    const fine = await repair(fixture(BASELINE));
    assert.equal(fine.repaired, false);
    assert.match(fine.message, /is usable: there is nothing to reset/);
    assert.equal(await read(BASELINE), usable);
    assert.deepEqual(await backups(), before);
  });
});
