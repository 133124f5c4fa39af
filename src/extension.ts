// Keyless in VS Code: activate() builds the few long-lived objects and registers them; everything it shows comes
// from the same core checker as the CLI.
import * as vscode from 'vscode';
import { ruleById } from './core/rules';
import { fixAllEdit, KeylessCodeActions } from './vscode/codeActions';
import { COMMANDS } from './vscode/commands';
import * as config from './vscode/config';
import { ruleDocUri } from './vscode/convert';
import { DiagnosticsController } from './vscode/diagnostics';
import { registerLanguageFeatures } from './vscode/language';
import * as path from 'node:path';
import { CACHE_WRITE_DELAY_MS, loadBundle } from './loader';
import type { activateKeys, KeysFeature } from './vscode/keys/index';
import { Log } from './vscode/log';
import { checkWorkspace } from './vscode/workspaceCheck';
import { PageTraffic } from './vscode/webview';
import { activeDesigner, registerDesigner } from './vscode/designer/index';
import { courseAccess, registerCourse } from './vscode/course/index';

/** What activate() returns: used by the integration tests (and nothing else). */
export interface KeylessApi {
  readonly diagnostics: DiagnosticsController;
  /** The key scan, once its bundle is loaded (just after activation). */
  readonly keys: Promise<KeysFeature>;
  readonly log: Log;
  /** The open rule designer, if any. */
  readonly designer: typeof activeDesigner;
  /** The course: its open panel, and the course with its progress store. */
  readonly course: typeof courseAccess;
  /**
   * Every message between the host and the designer's and course's pages (a pasted token among them): only when the
   * extension runs for development or tests, never for other extensions in an installed Keyless.
   */
  readonly pages?: PageTraffic;
  /** Where and what the extension keeps, read back by the test that no key is ever stored or logged (tests only). */
  readonly storage?: StorageAccess;
}

/** Read-only views of what VS Code keeps for the extension (tests). */
export interface StorageAccess {
  /** The extension's log folder: VS Code writes the output channel there (`Keyless.log`). */
  readonly logUri: vscode.Uri;
  readonly globalStorageUri: vscode.Uri;
  /** Absent without a workspace. */
  readonly storageUri: vscode.Uri | undefined;
  /** Every globalState and workspaceState entry, as stored now. */
  state(): { readonly global: Readonly<Record<string, unknown>>; readonly workspace: Readonly<Record<string, unknown>> };
}

function storageAccess(context: vscode.ExtensionContext): StorageAccess {
  const entries = (memento: vscode.Memento) => Object.fromEntries(memento.keys().map((k) => [k, memento.get<unknown>(k)]));
  return {
    logUri: context.logUri,
    globalStorageUri: context.globalStorageUri,
    storageUri: context.storageUri,
    state: () => ({ global: entries(context.globalState), workspace: entries(context.workspaceState) }),
  };
}

export function activate(context: vscode.ExtensionContext): KeylessApi {
  const diagnostics = new DiagnosticsController(context.extensionUri);
  context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCodeActionsProvider({ scheme: '*' }, new KeylessCodeActions(diagnostics), {
      providedCodeActionKinds: KeylessCodeActions.kinds,
    }),
    registerLanguageFeatures(),
    vscode.commands.registerCommand(COMMANDS.checkWorkspace, () => runWorkspaceCheck(diagnostics, context.extensionUri)),
    vscode.commands.registerCommand(COMMANDS.fixAll, () => fixActiveEditor(diagnostics)),
    vscode.commands.registerCommand(COMMANDS.showRuleDoc, (ruleId: unknown) => showRuleDoc(context.extensionUri, ruleId)),
    vscode.commands.registerCommand(COMMANDS.disableRule, (ruleId: unknown, scope: unknown, uri: unknown) => disableRule(ruleId, scope, uri)),
  );
  // the key scan: a bundle of its own (dist/keys.js), loaded once activation has returned and the first diagnostics
  // are on their way; if it cannot load, the checker goes on without it
  const log = new Log();
  const pages = new PageTraffic();
  context.subscriptions.push(log, pages, ...registerDesigner(context, log, pages), ...registerCourse(context, log, pages));
  const keys = new Promise<KeysFeature>((resolve, reject) => {
    setTimeout(() => {
      try {
        resolve(loadKeys(context).activateKeys(context, log));
      } catch (e) {
        log.warn(`The key scan could not start: ${e instanceof Error ? e.message : String(e)}`);
        reject(e);
      }
    }, 0);
  });
  keys.catch(() => undefined); // reported in the log; nobody else has to handle it
  // keyless.checkOnOpen: the whole workspace into the Problems panel when it opens (and when the setting is turned on)
  const checkOnOpen = () => {
    if (vscode.workspace.getConfiguration(config.SECTION).get<boolean>('checkOnOpen') === true && vscode.workspace.workspaceFolders?.length) {
      void quietWorkspaceCheck(diagnostics, context.extensionUri, log);
    }
  };
  setTimeout(checkOnOpen, 0);
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(`${config.SECTION}.checkOnOpen`) && checkOnOpen()));
  const testing = context.extensionMode !== vscode.ExtensionMode.Production;
  return { diagnostics, keys, log, designer: activeDesigner, course: courseAccess, ...(testing ? { pages, storage: storageAccess(context) } : {}) };
}

declare const KEYLESS_VERSION: string;

function loadKeys(context: vscode.ExtensionContext): { activateKeys: typeof activateKeys } {
  const storage = context.globalStorageUri?.scheme === 'file' ? context.globalStorageUri.fsPath : undefined;
  return loadBundle<{ activateKeys: typeof activateKeys }>(path.join(__dirname, 'keys.js'), storage, KEYLESS_VERSION, CACHE_WRITE_DELAY_MS).exports;
}

export function deactivate(): void {
  /* everything is disposed through context.subscriptions */
}

async function runWorkspaceCheck(diagnostics: DiagnosticsController, extensionUri: vscode.Uri): Promise<void> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage('Keyless: open a folder to check a workspace.');
    return;
  }
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Keyless: checking the workspace', cancellable: true },
    (progress, token) => checkWorkspace(diagnostics, extensionUri, progress, token),
  );
  const summary = `Keyless checked ${result.files} file${result.files === 1 ? '' : 's'}${result.cancelled ? ' before it was cancelled' : ''}: ${
    result.problems === 0 ? 'no problems.' : `${result.problems} problem${result.problems === 1 ? '' : 's'} in ${result.filesWithProblems} file${result.filesWithProblems === 1 ? '' : 's'}.`
  }`;
  // not awaited: the command is done when the check is, whether or not anyone answers the message
  if (result.problems > 0) {
    const open = 'Show Problems';
    void vscode.window.showInformationMessage(summary, open).then((choice) => {
      if (choice === open) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
  } else void vscode.window.showInformationMessage(summary);
}

/** The workspace check without a notification: progress in the status bar, a line in the log. */
async function quietWorkspaceCheck(diagnostics: DiagnosticsController, extensionUri: vscode.Uri, log: Log): Promise<void> {
  const cts = new vscode.CancellationTokenSource();
  let result;
  try {
    result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Keyless: checking the workspace' }, (progress) => checkWorkspace(diagnostics, extensionUri, progress, cts.token));
  } finally {
    cts.dispose();
  }
  log.info(`Checked ${result.files} files on opening (keyless.checkOnOpen): ${result.problems} problems in ${result.filesWithProblems} files.`);
}

async function fixActiveEditor(diagnostics: DiagnosticsController): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const all = editor && fixAllEdit(diagnostics, editor.document);
  if (!all) {
    void vscode.window.showInformationMessage('Keyless: no automatic fixes for this editor.');
    return;
  }
  await vscode.workspace.applyEdit(all.edit);
  void vscode.window.setStatusBarMessage(`Keyless fixed ${all.fixed} problem${all.fixed === 1 ? '' : 's'}`, 4000);
}

async function showRuleDoc(extensionUri: vscode.Uri, ruleId: unknown): Promise<void> {
  if (typeof ruleId !== 'string' || !ruleById(ruleId)) return;
  await vscode.commands.executeCommand('markdown.showPreview', ruleDocUri(extensionUri, ruleId));
}

async function disableRule(ruleId: unknown, scope: unknown, uriText: unknown): Promise<void> {
  if (typeof ruleId !== 'string' || !ruleById(ruleId) || (scope !== 'file' && scope !== 'workspace')) return;
  const uri = typeof uriText === 'string' ? vscode.Uri.parse(uriText) : undefined;
  const folder = uri && vscode.workspace.getWorkspaceFolder(uri);
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  const section = vscode.workspace.getConfiguration(config.SECTION, uri);
  if (scope === 'workspace' || !uri) {
    await section.update('rules', { ...(section.get<Record<string, unknown>>('rules') ?? {}), [ruleId]: 'off' }, target);
    return;
  }
  // this file: an override for its workspace-relative path (or its full path outside any folder)
  const file = folder ? vscode.workspace.asRelativePath(uri, false) : uri.path;
  const current = section.get<unknown[]>('overrides') ?? [];
  await section.update('overrides', [...current, { files: [file], rules: { [ruleId]: 'off' } }], target);
}
