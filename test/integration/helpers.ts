// Helpers for tests inside VS Code: open fixtures, wait on events (never on sleeps), get the extension's API.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KeylessApi } from '../../src/extension';

export const EXTENSION_ID = 'keyless.keyless';

export async function api(): Promise<KeylessApi> {
  const ext = vscode.extensions.getExtension<KeylessApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
  return ext.isActive ? ext.exports : await ext.activate();
}

export function fixture(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace is open');
  return vscode.Uri.joinPath(folder.uri, rel);
}

/** Resolve when the diagnostics of `uri` satisfy `ok` (checked now and on every change); fail after `ms`. */
export function waitForDiagnostics(uri: vscode.Uri, ok: (d: readonly vscode.Diagnostic[]) => boolean, ms = 15000): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const now = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'keyless');
    if (ok(now())) return resolve(now());
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`diagnostics of ${uri.path} never matched; last: ${JSON.stringify(now().map((d) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character}`))}`));
    }, ms);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      if (ok(now())) {
        clearTimeout(timer);
        sub.dispose();
        resolve(now());
      }
    });
  });
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

export async function open(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixture(rel));
  return vscode.window.showTextDocument(doc);
}

/** Set a keyless.* setting for the workspace and wait until it is visible. */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('keyless').update(key, value, vscode.ConfigurationTarget.Workspace);
}
