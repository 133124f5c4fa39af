// Keeps the Problems panel in step with the checker: on open, as you type (debounced; a check whose document has
// changed since is dropped), on save, and for files the workspace check read without opening them.
import * as vscode from 'vscode';
import { isCandidatePath, MAX_CHECK_BYTES } from '../core/candidates';
import { check, type RuleSetting } from '../core/engine';
import type { Finding } from '../core/model';
import * as config from './config';
import { toDiagnostic, type KeylessDiagnostic } from './convert';
import { Disposable } from './disposable';
import { documentLength, SKIPPED_SCHEMES } from './documents';

/** Languages whose documents may be one of Keyless's kinds (content decides which, if any). */
export const LANGUAGES = new Set(['json', 'jsonc', 'yaml', 'sql', 'snowflake-sql', 'dotenv', 'dockerfile', 'github-actions-workflow', 'properties', 'shellscript', 'plaintext']);
/** Short enough that a 5,000-line manifest shows its problems within 100 ms of the last keystroke (bench/editor). */
export const DEBOUNCE_MS = 50;

export interface CheckedDocument {
  readonly version: number;
  readonly diagnostics: readonly KeylessDiagnostic[];
}

/** The rule settings for one document: workspace rules, then every override whose globs match it, in order. */
export function ruleSettingsFor(uri: vscode.Uri, doc?: vscode.TextDocument): Record<string, RuleSetting> {
  const settings = { ...config.rules(uri) };
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  for (const o of config.overrides(uri)) {
    const hit = o.files.some((g) => matchesGlob(uri, g, folder, doc));
    if (hit) Object.assign(settings, o.rules);
  }
  return settings;
}

function matchesGlob(uri: vscode.Uri, glob: string, folder: vscode.WorkspaceFolder | undefined, doc?: vscode.TextDocument): boolean {
  const pattern = folder ? new vscode.RelativePattern(folder, glob) : glob;
  if (doc) return vscode.languages.match({ pattern }, doc) > 0;
  // no document: compare the workspace-relative path with the glob's literal form (what "Disable for this file" writes)
  const rel = folder ? vscode.workspace.asRelativePath(uri, false) : uri.path;
  return rel === glob || uri.path.endsWith(`/${glob}`);
}

export class DiagnosticsController extends Disposable {
  readonly collection: vscode.DiagnosticCollection;
  private readonly checked = new Map<string, CheckedDocument>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Files the workspace check reported on: their problems stay when their editor closes. */
  private readonly fromWorkspaceCheck = new Set<string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after a document's diagnostics were replaced (tests and the status bar listen). */
  readonly onDidCheck = this.changed.event;

  constructor(private readonly extensionUri: vscode.Uri) {
    super();
    this.collection = this._register(vscode.languages.createDiagnosticCollection('keyless'));
    this._register(this.changed);
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.validate(d)));
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && config.runMode(e.document.uri) === 'onType') this.schedule(e.document);
      }),
    );
    this._register(vscode.workspace.onDidSaveTextDocument((d) => this.validate(d)));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)));
    this._register(config.onDidChange(() => this.revalidateAll()));
    this._register({ dispose: () => this.timers.forEach((t) => clearTimeout(t)) });
    this.revalidateAll();
  }

  /** The last check of a document, if it is still current. */
  lastCheck(doc: vscode.TextDocument): CheckedDocument | undefined {
    const c = this.checked.get(doc.uri.toString());
    return c && c.version === doc.version ? c : undefined;
  }

  isCandidate(doc: vscode.TextDocument): boolean {
    if (SKIPPED_SCHEMES.has(doc.uri.scheme) || !config.enabled(doc.uri)) return false;
    if (documentLength(doc) > MAX_CHECK_BYTES) return false;
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    const matches = (glob: string) => vscode.languages.match({ pattern: folder ? new vscode.RelativePattern(folder, glob) : glob }, doc) > 0;
    if (config.excludeGlobs(doc.uri).some(matches)) return false;
    if (config.includeGlobs(doc.uri).some(matches)) return true;
    return isCandidatePath(doc.uri.path) || LANGUAGES.has(doc.languageId);
  }

  schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.validate(doc);
      }, DEBOUNCE_MS),
    );
  }

  /** Check a document now (its current text) and publish the result. */
  validate(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    if (doc.isClosed) return;
    if (!this.isCandidate(doc)) {
      if (this.checked.delete(key) || this.collection.has(doc.uri)) this.collection.delete(doc.uri);
      return;
    }
    const version = doc.version;
    const { findings } = check(doc.getText(), doc.uri.path, { rules: ruleSettingsFor(doc.uri, doc) });
    if (doc.isClosed || doc.version !== version) return; // outdated: a newer check is scheduled
    this.publish(doc, version, findings);
  }

  /** Findings computed elsewhere for this exact document version (the workspace check of an open file). */
  publish(doc: vscode.TextDocument, version: number, findings: readonly Finding[]): void {
    const diagnostics = findings.map((f) => toDiagnostic(doc, f, this.extensionUri));
    this.checked.set(doc.uri.toString(), { version, diagnostics });
    this.collection.set(doc.uri, diagnostics);
    this.changed.fire(doc.uri);
  }

  /** Problems of a file that is not open (workspace check): positions from the text that was read. */
  publishUnopened(uri: vscode.Uri, diagnostics: readonly vscode.Diagnostic[]): void {
    this.fromWorkspaceCheck.add(uri.toString());
    this.collection.set(uri, diagnostics);
    this.changed.fire(uri);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.checked.delete(key);
    if (!this.fromWorkspaceCheck.has(key)) this.collection.delete(uri);
  }

  revalidateAll(): void {
    for (const doc of vscode.workspace.textDocuments) this.validate(doc);
  }
}
