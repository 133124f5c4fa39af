// Saving what the designer made: a new file (never over an existing one), or an edit to an existing file that the
// user sees in the editor and can undo (nothing is saved to disk for them), or the clipboard.
import * as vscode from 'vscode';
import { canMerge, mergeDocument } from '../../core/design/merge';
import type { DesignedDocument } from '../../core/design';
import { exists } from '../files';

/**
 * A path under the workspace folder that file systems accept (the names come from the design, which may have been
 * read from a file): the designer's placeholders (`<role>`) become plain words; no part is `..`, holds a control
 * character or ends in a dot or a space (names Windows does not keep as written).
 */
export function safeRelativePath(suggested: string): string {
  return suggested
    .split('/')
    .map((part) => part.replace(/[\x00-\x1f\x7f<>:"|?*\\]/g, '').replace(/(?<![. ])[. ]+$/, '') || 'designed')
    .join('/');
}

/** Save a designed document; the outcome as a sentence for the page, or undefined when the user cancelled. */
export async function saveDocument(doc: DesignedDocument, mode: 'new' | 'existing'): Promise<string | undefined> {
  return mode === 'new' ? saveNew(doc) : addToExisting(doc);
}

async function saveNew(doc: DesignedDocument): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const defaultUri = folder ? vscode.Uri.joinPath(folder, safeRelativePath(doc.suggestedPath)) : undefined;
  const target = await vscode.window.showSaveDialog({ title: `Save "${doc.title}" as a new file`, saveLabel: 'Create File', ...(defaultUri ? { defaultUri } : {}) });
  if (!target) return undefined;
  if (await exists(target)) {
    // the save dialog may have asked to replace it; Keyless never does: add to it (an edit to review) or stop
    const add = 'Add to It…';
    const choice = await vscode.window.showWarningMessage(
      `${vscode.workspace.asRelativePath(target)} already exists. Keyless does not replace files: add the designed document to it as an edit you can review and undo, or save under another name.`,
      { modal: true },
      ...(canMerge(doc) ? [add] : []),
    );
    return choice === add ? mergeInto(doc, target) : undefined;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(target, { overwrite: false, ignoreIfExists: false, contents: new TextEncoder().encode(doc.text) });
  if (!(await vscode.workspace.applyEdit(edit))) return `Could not create ${vscode.workspace.asRelativePath(target)}.`;
  await vscode.window.showTextDocument(target, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  return `Created ${vscode.workspace.asRelativePath(target)} (Undo in the editor removes it again).`;
}

async function addToExisting(doc: DesignedDocument): Promise<string | undefined> {
  if (!canMerge(doc)) return `"${doc.title}" is a set of notes: copy it instead.`;
  const ext = doc.language === 'sql' ? ['sql'] : doc.language === 'json' ? ['json'] : ['yaml', 'yml'];
  const picked = await vscode.window.showOpenDialog({
    title: `Add "${doc.title}" to an existing file`,
    openLabel: 'Add to File',
    canSelectMany: false,
    filters: { [doc.language.toUpperCase()]: ext, 'All files': ['*'] },
    ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
  });
  return picked?.[0] ? mergeInto(doc, picked[0]) : undefined;
}

/** Add to a file as an unsaved edit, shown with the added text selected. */
export async function mergeInto(doc: DesignedDocument, target: vscode.Uri): Promise<string> {
  const document = await vscode.workspace.openTextDocument(target);
  const result = mergeDocument(document.getText(), doc);
  if (!result.ok) return result.message;
  const { span, newText } = result.edit;
  const range = new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
  const edit = new vscode.WorkspaceEdit();
  edit.replace(target, range, newText);
  if (!(await vscode.workspace.applyEdit(edit))) return `Could not edit ${vscode.workspace.asRelativePath(target)}.`;
  const editor = await vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  const added = new vscode.Range(document.positionAt(span.start), document.positionAt(span.start + newText.length));
  editor.selection = new vscode.Selection(added.start, added.end);
  editor.revealRange(added, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  const notes = result.notes.length ? ` ${result.notes.join(' ')}` : '';
  return `Added to ${vscode.workspace.asRelativePath(target)}, not saved yet: review the selected text, then save (or undo).${notes}`;
}

export async function copyDocument(doc: DesignedDocument): Promise<void> {
  await vscode.env.clipboard.writeText(doc.text);
}
