// What can be done about a key, from the Keys view (context menu, inline button) and from its problem in an editor
// (quick fixes): reveal it, replace it with federation (the provider's migration guide), read about the key type,
// mark it reviewed with an inline comment, accept it in the baseline, copy its fingerprint. Every change to a file is
// a WorkspaceEdit the user chose, so it can be undone.
import * as vscode from 'vscode';
import { allowCommentEdit } from '../../core/secrets/allow';
import { modify } from 'jsonc-parser';
import { addToBaseline, BASELINE_PATH, createBaseline, isBaselined, parseBaseline, serializeBaseline } from '../../core/secrets/baseline';
import { migrationGuide } from '../../core/secrets/guides';
import { scanText } from '../../core/secrets/scan';
import type { StoredKey } from '../../core/secrets/store';
import { COMMANDS } from '../commands';
import { folderRelative } from '../files';
import { REPAIR_BUTTON, type RepairOutcome } from './baseline-repair';
import { keyDocUri, keyRange, type KeysController } from './controller';
import type { KeyNode } from './tree';

/** A key from whatever the command was given: a tree node, or the key itself (tree item click, quick fix). */
function keyOf(arg: unknown): StoredKey | undefined {
  const node = arg as Partial<KeyNode> | undefined;
  if (node?.kind === 'key') return node.key;
  const k = arg as Partial<StoredKey> | undefined;
  return typeof k?.file === 'string' && typeof k.fingerprint === 'string' && typeof k.detectorId === 'string' && k.range ? (k as StoredKey) : undefined;
}

export function registerKeyCommands(keys: KeysController, extensionUri: vscode.Uri): vscode.Disposable[] {
  const withKey = (fn: (k: StoredKey) => unknown) => (arg: unknown) => {
    const k = keyOf(arg);
    return k ? fn(k) : undefined;
  };
  return [
    vscode.commands.registerCommand(COMMANDS.rescanKeys, () => keys.rescan('asked for')),
    vscode.commands.registerCommand(COMMANDS.cancelKeyScan, () => keys.cancelScan()),
    vscode.commands.registerCommand(COMMANDS.revealKey, withKey((k) => revealKey(k))),
    vscode.commands.registerCommand(COMMANDS.migrateKey, withKey((k) => migrate(k, extensionUri))),
    vscode.commands.registerCommand(COMMANDS.openKeyDoc, (arg: unknown) => {
      const node = arg as KeyNode | undefined;
      const detectorId = node?.kind === 'type' ? node.group.detectorId : keyOf(arg)?.detectorId;
      return detectorId ? vscode.commands.executeCommand('markdown.showPreview', keyDocUri(extensionUri, detectorId)) : undefined;
    }),
    vscode.commands.registerCommand(COMMANDS.copyKeyFingerprint, withKey(async (k) => {
      await vscode.env.clipboard.writeText(k.fingerprint);
      void vscode.window.setStatusBarMessage('Keyless: fingerprint copied (a salted hash, not the key)', 4000);
    })),
    vscode.commands.registerCommand(COMMANDS.markKeyReviewed, withKey((k) => markReviewed(keys, k))),
    vscode.commands.registerCommand(COMMANDS.addKeyToBaseline, withKey((k) => addKeyToBaseline(keys, k))),
  ];
}

async function revealKey(k: StoredKey): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(k.file));
  await vscode.window.showTextDocument(doc, { selection: keyRange(k.range), preview: true });
}

/** The key in the document's current text (it may have moved since the view was drawn), or undefined if it is gone. */
// Matched by detector and masked value, not fingerprint: fingerprints change with the baseline's salt.
function locate(keys: KeysController, doc: vscode.TextDocument, k: StoredKey): StoredKey | undefined {
  const now = keys.currentKeys(doc).keys.filter((x) => x.detectorId === k.detectorId && x.masked === k.masked);
  return now.sort((a, b) => Math.abs(a.span.start - k.span.start) - Math.abs(b.span.start - k.span.start))[0];
}

/** The inline-comment edit that marks a key reviewed, or undefined when the file's format has no safe comment. */
export function reviewEdit(doc: vscode.TextDocument, k: StoredKey): vscode.WorkspaceEdit | undefined {
  const edits = allowCommentEdit(doc.getText(), doc.uri.path, k.span, doc.languageId);
  if (!edits?.length) return undefined;
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.span.start), doc.positionAt(e.span.end)), e.newText);
  return edit;
}

async function markReviewed(keys: KeysController, stale: StoredKey): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(stale.file));
  const k = locate(keys, doc, stale);
  if (!k) {
    void vscode.window.showInformationMessage('Keyless: that key is no longer in the file.');
    return;
  }
  const edit = reviewEdit(doc, k);
  if (!edit) {
    const baseline = 'Add to Baseline';
    const choice = await vscode.window.showInformationMessage(
      `Keyless: ${vscode.workspace.asRelativePath(doc.uri)} cannot hold a comment safely (its format has none). Accept the key in the baseline instead?`,
      baseline,
    );
    if (choice === baseline) await addKeyToBaseline(keys, k);
    return;
  }
  if (!(await vscode.workspace.applyEdit(edit))) return;
  // show the change: it is an ordinary edit, undone with Undo, and the file is saved when its owner saves it
  await vscode.window.showTextDocument(doc, { selection: keyRange(k.range), preview: true });
}

// Baseline writes run one at a time: each reads the file and applies its edit with nothing awaited in between, so two
// quick "Add to Baseline"s cannot both build on the same old text and lose an entry.
let baselineWrites: Promise<unknown> = Promise.resolve();

function addKeyToBaseline(keys: KeysController, k: StoredKey): Promise<void> {
  const run = baselineWrites.then(() => writeBaselineEntry(keys, k));
  baselineWrites = run.catch(() => undefined);
  return run;
}

/** Back up and reset the baseline (keyless.repairBaseline), then add the key: one baseline write, queued like the others. */
function repairThenAdd(keys: KeysController, k: StoredKey, baselineUri: vscode.Uri): Promise<void> {
  const run = baselineWrites.then(async () => {
    const outcome = await vscode.commands.executeCommand<RepairOutcome | undefined>(COMMANDS.repairBaseline, baselineUri);
    if (outcome?.repaired) await writeBaselineEntry(keys, k);
  });
  baselineWrites = run.catch(() => undefined);
  return run;
}

async function writeBaselineEntry(keys: KeysController, stale: StoredKey): Promise<void> {
  const uri = vscode.Uri.parse(stale.file);
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) {
    void vscode.window.showInformationMessage('Keyless: only files in a workspace folder can be added to its baseline.');
    return;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const baselineUri = vscode.Uri.joinPath(folder.uri, BASELINE_PATH);
  let baselineDoc: vscode.TextDocument | undefined;
  try {
    baselineDoc = await vscode.workspace.openTextDocument(baselineUri);
    // a document VS Code still holds for a file deleted outside it (git, a terminal) is not the baseline: building on
    // its old text would bring the deleted file back (unsaved edits there are the user's, and are kept)
    if (!baselineDoc.isDirty) await vscode.workspace.fs.stat(baselineUri);
  } catch {
    baselineDoc = undefined; // no baseline (any more)
  }
  // from here to applyEdit nothing is awaited: what is read is what is edited
  const k = locate(keys, doc, stale);
  if (!k) {
    void vscode.window.showInformationMessage('Keyless: that key is no longer in the file.');
    return;
  }
  const text = baselineDoc?.getText();
  const parsed = text === undefined ? undefined : parseBaseline(text);
  if (parsed && !parsed.ok) {
    // never rewrite a file that cannot be read back: the keys it accepts would be lost. Back Up and Reset (not offered
    // for a newer Keyless's file) keeps its bytes in a backup and what can still be read, then adds the key
    if (parsed.newer) void vscode.window.showErrorMessage(`Keyless: the key was not added. ${parsed.error}`);
    else {
      void vscode.window.showErrorMessage(`Keyless: the key was not added. ${parsed.error}`, REPAIR_BUTTON).then((choice) => {
        if (choice === REPAIR_BUTTON) void repairThenAdd(keys, stale, baselineUri);
      });
    }
    return;
  }
  const baseline = parsed?.baseline ?? createBaseline();
  // fingerprints are salted by the baseline they go into: computed with its salt, whatever the view was drawn with
  const finding = scanText(doc.getText(), uri.path, { salt: baseline.salt }).find((f) => f.detectorId === k.detectorId && f.span.start === k.span.start);
  if (!finding) return;
  const file = folderRelative(folder, uri);
  if (isBaselined(finding, baseline, file)) {
    void vscode.window.setStatusBarMessage('Keyless: that key is already in the baseline', 4000);
    return;
  }
  const entry = { fingerprint: finding.fingerprint, detectorId: finding.detectorId, file, line: k.range.start.line + 1, addedAt: new Date().toISOString() };
  const edit = new vscode.WorkspaceEdit();
  if (baselineDoc && text !== undefined) {
    // one entry appended, everything else in the file (notes, other fields, formatting) left as it is
    const eol = baselineDoc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    for (const e of modify(text, ['entries', -1], entry, { formattingOptions: { insertSpaces: true, tabSize: 2, eol } })) {
      edit.replace(baselineUri, new vscode.Range(baselineDoc.positionAt(e.offset), baselineDoc.positionAt(e.offset + e.length)), e.content);
    }
    const wasDirty = baselineDoc.isDirty;
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showErrorMessage(`Keyless: could not edit ${vscode.workspace.asRelativePath(baselineUri)}; the key was not added.`);
      return;
    }
    // the user's own unsaved edits there are theirs to save: show the file instead of saving it for them
    if (wasDirty) await vscode.window.showTextDocument(baselineDoc, { preview: false });
    else await baselineDoc.save();
  } else {
    edit.createFile(baselineUri, { contents: new TextEncoder().encode(serializeBaseline(addToBaseline(baseline, finding, file, entry))) });
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showErrorMessage(`Keyless: could not create ${vscode.workspace.asRelativePath(baselineUri)}; the key was not added.`);
      return;
    }
  }
  void vscode.window.setStatusBarMessage(`Keyless: key accepted in ${vscode.workspace.asRelativePath(baselineUri)} (a salted fingerprint, never the key)`, 5000);
}

/** Quick fixes on a key's problem: the same ways out as the view's context menu. */
export class KeyCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly keys: KeysController) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    // the keys of the text as it is now (the problems may be a few keystrokes old): edits land where the key is
    const known = this.keys.currentKeys(doc).keys;
    for (const d of context.diagnostics) {
      if (d.source !== 'keyless') continue;
      const code = typeof d.code === 'object' ? String(d.code.value) : String(d.code);
      const k = known.find((x) => x.detectorId === code && keyRange(x.range).isEqual(d.range));
      if (!k) continue;
      const review = reviewEdit(doc, k);
      if (review) {
        const a = new vscode.CodeAction('Mark as reviewed: add a keyless:allow comment', vscode.CodeActionKind.QuickFix);
        a.edit = review;
        a.diagnostics = [d];
        actions.push(a);
      }
      actions.push(command(designerDestination(k) ? `Replace with federation: open the rule designer for ${k.provider}` : `Replace with federation: open the ${k.provider} migration guide`, COMMANDS.migrateKey, k, d));
      actions.push(command('Accept this key in the baseline (.keyless/baseline.json)', COMMANDS.addKeyToBaseline, k, d));
      actions.push(command(`Show documentation for ${k.provider} ${k.type}`, COMMANDS.openKeyDoc, k, d));
    }
    return actions;
  }
}

function command(title: string, id: string, k: StoredKey, d: vscode.Diagnostic): vscode.CodeAction {
  const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  a.command = { title, command: id, arguments: [k] };
  a.diagnostics = [d];
  return a;
}

/** The designer's destination for a key of this provider, when the designer builds its federation. */
export function designerDestination(k: Pick<StoredKey, 'provider'>): 'anthropic' | 'openai' | 'snowflake' | undefined {
  return k.provider === 'Anthropic' ? 'anthropic' : k.provider === 'OpenAI' ? 'openai' : k.provider === 'Snowflake' ? 'snowflake' : undefined;
}

/**
 * Replace with federation: the rule designer, prefilled for the key's provider (and GitHub Actions for a key in a
 * workflow); providers the designer does not build for get their migration guide.
 */
function migrate(k: StoredKey, extensionUri: vscode.Uri): Thenable<unknown> {
  const destination = designerDestination(k);
  if (!destination) return vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(extensionUri, migrationGuide(k.provider)));
  const identity = /(^|\/)\.github\/workflows\//.test(k.file) ? 'github-actions' : /(^|\/)(k8s|kubernetes|charts?|helm)\//i.test(k.file) ? 'kubernetes' : undefined;
  return vscode.commands.executeCommand(COMMANDS.openDesigner, { destination, ...(identity ? { identity } : {}) });
}
