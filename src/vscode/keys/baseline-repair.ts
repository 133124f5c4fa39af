// Back Up and Reset for a `.keyless/baseline.json` that cannot be used (issue #9). The baseline is the team's file, so
// it is reset only when the user asks (the button on the warning, or the command): its exact bytes go to a backup
// next to it first (`.keyless/baseline.corrupt-<UTC time>.json`, never over an existing file), then the file is
// replaced with what can still be read (salvageBaseline) through a WorkspaceEdit, so an open editor can undo it. A
// file written by a newer Keyless is valid there and is never reset.
import * as vscode from 'vscode';
import { BASELINE_PATH, corruptBackupName, salvageBaseline, salvageSummary } from '../../core/secrets/baseline';
import { COMMANDS } from '../commands';
import type { Log } from '../log';
import { exists } from '../files';

/** The button that offers the repair, wherever an unusable baseline is reported. */
export const REPAIR_BUTTON = 'Back Up and Reset';

export type RepairOutcome =
  | { readonly repaired: true; readonly backup: vscode.Uri; readonly kept: number; readonly dropped: number | undefined; readonly message: string }
  | { readonly repaired: false; readonly message: string };

const sameText = (a: string, b: string): boolean => a.replace(/\r\n?/g, '\n') === b.replace(/\r\n?/g, '\n');
const why = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** A backup name next to `uri` that no file has yet: the time, one millisecond later while it is taken. */
async function freeBackupUri(uri: vscode.Uri): Promise<vscode.Uri> {
  const dir = vscode.Uri.joinPath(uri, '..');
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  for (let t = Date.now(); ; t++) {
    const candidate = vscode.Uri.joinPath(dir, corruptBackupName(name, new Date(t)));
    if (!(await exists(candidate))) return candidate;
  }
}

/** Tell the user (an information, warning or error message) and return the outcome of a repair that did not happen. */
function refused(level: 'info' | 'warn' | 'error', message: string): RepairOutcome {
  if (level === 'info') void vscode.window.showInformationMessage(`Keyless: ${message}`);
  else if (level === 'warn') void vscode.window.showWarningMessage(`Keyless: ${message}`);
  else void vscode.window.showErrorMessage(`Keyless: ${message}`);
  return { repaired: false, message };
}

/**
 * Back up the baseline `uri` of `folder` and reset it to what can be kept of it. Refuses (with a message) when the file
 * is usable, was written by a newer Keyless, is missing, has unsaved edits in an editor, or cannot be backed up.
 */
export async function repairBaseline(folder: vscode.WorkspaceFolder, uri: vscode.Uri, log: Log): Promise<RepairOutcome> {
  const rel = vscode.workspace.asRelativePath(uri);
  const openDoc = () => vscode.workspace.textDocuments.find((d) => !d.isClosed && d.uri.toString() === uri.toString());
  // unsaved edits mean two versions of the file, the one on disk and the one being written: the user is editing it
  // (perhaps fixing it by hand), so it is theirs to save or revert before anything is backed up or replaced
  const dirty = () => {
    const doc = openDoc();
    if (!doc?.isDirty) return false;
    void vscode.window.showTextDocument(doc, { preview: false });
    return true;
  };
  if (dirty()) return refused('warn', `${rel} has unsaved changes. Save or revert them, then choose "${REPAIR_BUTTON}" again if it is still not usable.`);
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch {
    return refused('info', `${folder.name} has no ${BASELINE_PATH}: there is nothing to reset.`);
  }
  const text = new TextDecoder().decode(bytes);
  const salvage = salvageBaseline(text);
  if (salvage.kind === 'usable') return refused('info', `${rel} is usable: there is nothing to reset.`);
  if (salvage.kind === 'newer') return refused('warn', `${salvage.error}. It is left as it is: it is valid for that version.`);
  // an editor that has not caught up with the file yet would save over a newer file: asked again once it has
  const behind = () => {
    const doc = openDoc();
    return doc !== undefined && !sameText(doc.getText(), text);
  };
  if (behind()) return refused('warn', `${rel} changed on disk and its editor has not caught up yet, so it is left as it is. Try again in a moment.`);

  let backup: vscode.Uri;
  try {
    backup = await freeBackupUri(uri);
    await vscode.workspace.fs.writeFile(backup, bytes);
    const copy = await vscode.workspace.fs.readFile(backup);
    if (copy.length !== bytes.length || copy.some((b, i) => b !== bytes[i])) throw new Error('the copy read back differs from the file');
  } catch (e) {
    return refused('error', `${rel} could not be backed up (${why(e)}), so it is left as it is.`);
  }
  const backupRel = vscode.workspace.asRelativePath(backup);

  const doc = openDoc() ?? (await vscode.workspace.openTextDocument(uri));
  if (dirty() || behind()) return refused('warn', `${rel} changed while it was being backed up, so it is left as it is. The copy in ${backupRel} is of the file as it was before.`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), salvage.text);
  if (!(await vscode.workspace.applyEdit(edit))) return refused('error', `${rel} could not be edited, so it is left as it is. A copy is in ${backupRel}.`);
  if (!(await doc.save())) return refused('warn', `${rel} was reset in its editor but could not be saved; save it to finish. The old file is kept in ${backupRel}.`);

  const summary = salvageSummary(salvage);
  const lost = salvage.dropped !== 0 ? ' Keys whose entries were not kept are reported again: accept them again if they are still reviewed.' : '';
  const message = `${rel} could not be used, so it was reset: ${summary}. The old file is kept in ${backupRel}.${lost}`;
  log.info(`${rel} was not usable (${salvage.error}); its bytes are kept in ${backupRel} and it was reset: ${summary}.`);
  const open = 'Open Backup';
  void vscode.window.showInformationMessage(`Keyless: ${message}`, open).then((choice) => {
    if (choice === open) void vscode.window.showTextDocument(backup, { preview: true });
  });
  return { repaired: true, backup, kept: salvage.kept, dropped: salvage.dropped, message };
}

/** The workspace folder a command argument names (a folder, a URI in it), or the one the user picks. */
async function folderFor(arg: unknown): Promise<vscode.WorkspaceFolder | undefined> {
  const a = arg as { uri?: unknown } | undefined;
  const uri = a?.uri instanceof vscode.Uri ? a.uri : arg instanceof vscode.Uri ? arg : undefined;
  if (uri) return vscode.workspace.getWorkspaceFolder(uri);
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: `The folder whose ${BASELINE_PATH} to back up and reset` });
}

/** `keyless.repairBaseline [folder | uri]`: returns what happened (tests read it), or undefined when no folder was chosen. */
export function registerBaselineRepair(log: Log): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.repairBaseline, async (arg?: unknown): Promise<RepairOutcome | undefined> => {
    const folder = await folderFor(arg);
    if (!folder) {
      if (!vscode.workspace.workspaceFolders?.length) void vscode.window.showInformationMessage('Keyless: open a folder first: a baseline belongs to a workspace folder.');
      return undefined;
    }
    return repairBaseline(folder, vscode.Uri.joinPath(folder.uri, BASELINE_PATH), log);
  });
}

/** The warning about an unusable baseline, with Back Up and Reset unless a newer Keyless wrote it (update Keyless instead). */
export function warnUnusableBaseline(folder: vscode.WorkspaceFolder, message: string, newer: boolean | undefined): void {
  if (newer) {
    void vscode.window.showWarningMessage(message);
    return;
  }
  void vscode.window.showWarningMessage(message, REPAIR_BUTTON).then((choice) => {
    if (choice === REPAIR_BUTTON) void vscode.commands.executeCommand(COMMANDS.repairBaseline, folder);
  });
}
