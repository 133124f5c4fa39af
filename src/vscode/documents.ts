// What the checker and the key scan both ask of an open document, without building its text.
import type * as vscode from 'vscode';

/** Schemes that are views of something else (output, git history, settings...): never checked or scanned. */
export const SKIPPED_SCHEMES = new Set(['output', 'git', 'gitfs', 'vscode-scm', 'debug', 'vscode-settings', 'vscode-userdata', 'walkThroughSnippet']);

/** The document's length without building its text (getText() joins every line on each call). */
export function documentLength(doc: vscode.TextDocument): number {
  return doc.lineCount === 0 ? 0 : doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
}
