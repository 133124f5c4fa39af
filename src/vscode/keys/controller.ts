// The workspace's long-lived keys, kept current: a background scan on activation (progress in the Keys view,
// cancellable), then file watchers (create, change, delete, rename: coalesced, one file rescanned at a time), open
// editors (their unsaved text counts, and their keys show as problems), and a full rescan only when what decides
// which files are read changes (settings, .gitignore, the baseline, workspace folders).
//
// Which files: every text file of the workspace folders except files.exclude, search.exclude, keyless.files.exclude,
// .gitignore'd files, node_modules and .git, binaries and files over keyless.keys.maxFileSize. The scan works in
// slices and yields between them, so the extension host stays responsive.
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { isScanCandidate } from '../../core/candidates';
import { type Baseline, BASELINE_PATH, parseBaseline } from '../../core/secrets/baseline';
import { warnUnusableBaseline } from './baseline-repair';
import { type FileKeys, keysIn, KeyStore, type StoredKey } from '../../core/secrets/store';
import { compareStrings } from '../../core/text';
import { Disposable } from '../disposable';
import { documentLength, SKIPPED_SCHEMES } from '../documents';
import { excludePattern, folderRelative, gitignoreFor, readWorkspaceText } from '../files';
import type { Log } from '../log';
import type { GitignoreRules } from '../../core/gitignore';

export const KEYS_VIEW = 'keyless.keys';

/** What the last complete scan read: files read, files not read, how long, and the files it could not read. */
export interface ScanSummary {
  readonly reason: string;
  readonly files: number;
  readonly skipped: number;
  readonly ms: number;
  readonly unreadable: readonly { readonly path: string; readonly reason: string }[];
}

/** Unreadable files named in a scan's summary; the rest are counted. */
const UNREADABLE_NAMED = 10;
export type ScanState = 'idle' | 'scanning' | 'clean' | 'keys' | 'cancelled' | 'failed' | 'disabled';

/** Unsaved edits are rescanned this long after the last keystroke. */
const DOCUMENT_DEBOUNCE_MS = 300;
/** File-system events are gathered this long, then handled together (a branch switch is one batch, not thousands). */
const WATCH_DEBOUNCE_MS = 150;
/** Reads in flight during a scan. */
const CONCURRENCY = 4;
/** The longest the scan runs before it lets other work in. */
const SLICE_MS = 12;
/** Created files and folders in one batch from which one listing of their folder answers for all (not a search each). */
const LIST_ONCE_FROM = 24;

/** Alternatives in the glob that lists created paths; beyond it, their parent folders, then the whole folder. */
const MAX_ALTERNATIVES = 64;

/**
 * What to list for a batch of created paths (files or folders, `keys` their URI strings): those paths (a branch
 * switch that adds 40 folders lists those folders, not the whole workspace); when there are many, the folders they
 * were created in; when those are many too, everything.
 */
function listingScope(folder: vscode.WorkspaceFolder, created: ReadonlyMap<string, vscode.Uri>, keys: ReadonlySet<string>): string {
  const roots: string[] = [];
  for (const [key, uri] of created) {
    if (under(key, keys)) continue; // inside another created folder: listed with it
    const rel = folderRelative(folder, uri);
    // the folder itself, a path outside it as the file system spells it (another case), or a name that cannot be one
    // of a glob's {alternatives}
    if (rel === '' || rel.startsWith('/') || /[{},]/.test(rel)) return '**/*';
    roots.push(rel.replace(/[[\]*?]/g, '[$&]')); // glob characters in a name are matched literally
  }
  // each root a file or a folder: the path itself, and what is under it
  if (roots.length <= MAX_ALTERNATIVES) return `{${roots.flatMap((r) => [r, `${r}/**`]).join(',')}}`;
  const parents = new Set(roots.map((r) => (r.includes('/') ? r.slice(0, r.lastIndexOf('/')) : '')));
  if (parents.has('') || parents.size > MAX_ALTERNATIVES) return '**/*';
  return `{${[...parents].map((p) => `${p}/**`).join(',')}}`;
}

/** Lets other work in when a synchronous loop has run SLICE_MS (checked every 256 calls: the clock costs too). */
class Slicer {
  private n = 0;
  private start = performance.now();
  /** Yields when the slice is used up; true when `token` was cancelled meanwhile. */
  async yield(token?: vscode.CancellationToken): Promise<boolean> {
    if ((++this.n & 255) !== 0 || performance.now() - this.start < SLICE_MS) return false;
    await new Promise((r) => setImmediate(r));
    this.start = performance.now();
    return token?.isCancellationRequested ?? false;
  }
}

/** Whether `uri` (a URI string) is inside one of `folders` (URI strings, no trailing slash): its ancestors are looked up. */
function under(uri: string, folders: ReadonlySet<string>): boolean {
  for (let i = uri.lastIndexOf('/'); i > 0; i = uri.lastIndexOf('/', i - 1)) if (folders.has(uri.slice(0, i))) return true;
  return false;
}

interface FolderState {
  readonly folder: vscode.WorkspaceFolder;
  readonly gitignore: GitignoreRules;
  readonly exclude: string;
  readonly baseline?: Baseline;
}

function settings(scope?: vscode.ConfigurationScope): { enabled: boolean; maxFileSize: number } {
  const c = vscode.workspace.getConfiguration('keyless', scope);
  const max = c.get<number>('keys.maxFileSize');
  return { enabled: c.get<boolean>('keys.enable') !== false, maxFileSize: typeof max === 'number' && max > 0 ? max : 1024 * 1024 };
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export class KeysController extends Disposable {
  readonly store = new KeyStore();
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires (throttled) when the keys, the scan state or its progress changed. */
  readonly onDidChange = this.changed.event;
  readonly diagnostics = this._register(vscode.languages.createDiagnosticCollection('keyless-keys'));

  private _state: ScanState = 'idle';
  private _progress: { done: number; total: number } | undefined;
  private scan: { cts: vscode.CancellationTokenSource; done: Promise<void> } | undefined;
  private readonly folders = new Map<string, FolderState>();
  /** Files a scan read or would read (the watchers rescan these without asking again). */
  private eligible = new Set<string>();
  /** Open documents found not to be part of the scan (ignored or excluded), until the next full scan. */
  private readonly outside = new Set<string>();
  private readonly pendingEvents = new Map<string, { uri: vscode.Uri; deleted: boolean }>();
  private eventTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly docTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private fireTimer: ReturnType<typeof setTimeout> | undefined;
  private lastSummary: ScanSummary = { reason: '', files: 0, skipped: 0, ms: 0, unreadable: [] };

  /** Files and folders that appeared while a scan was listing or reading: handled when it is done. */
  private readonly appearedDuringScan = new Map<string, vscode.Uri>();
  /** Batches of file-system events, one after the other (a late result must not undo a later event). */
  private events: Promise<void> = Promise.resolve();
  /** Baseline problems already shown, so a rescan does not show them again. */
  private readonly shownBaselineErrors = new Set<string>();
  private current: { key: string; version: number; salt: string | undefined; keys: FileKeys } | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
  ) {
    super();
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/*'));
    this._register(watcher.onDidCreate((u) => this.queue(u, false)));
    this._register(watcher.onDidChange((u) => this.queue(u, false)));
    this._register(watcher.onDidDelete((u) => this.queue(u, true)));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length && this.scheduleDocument(e.document)));
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.scheduleDocument(d, 0)));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.closed(d)));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescan('the workspace folders changed')));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (['keyless.keys', 'keyless.files.exclude', 'files.exclude', 'search.exclude'].some((s) => e.affectsConfiguration(s))) void this.rescan('the settings changed');
      }),
    );
    this._register({
      dispose: () => {
        this.scan?.cts.cancel();
        clearTimeout(this.eventTimer);
        clearTimeout(this.fireTimer);
        this.docTimers.forEach((t) => clearTimeout(t));
      },
    });
  }

  get state(): ScanState {
    return this._state;
  }

  get progress(): { done: number; total: number } | undefined {
    return this._progress;
  }

  get lastScan(): ScanSummary {
    return this.lastSummary;
  }

  /** The first scan, started after activation has done its own work. */
  start(): void {
    setTimeout(() => void this.rescan('activation'), 0);
  }

  cancelScan(): void {
    this.scan?.cts.cancel();
  }

  /** Scan every workspace folder again (a scan under way is cancelled first). */
  rescan(reason: string): Promise<void> {
    this.scan?.cts.cancel();
    const cts = new vscode.CancellationTokenSource();
    const done = this.runScan(reason, cts.token).finally(() => {
      cts.dispose();
      if (this.scan?.cts === cts) this.scan = undefined;
    });
    this.scan = { cts, done };
    return done;
  }

  private async runScan(reason: string, token: vscode.CancellationToken): Promise<void> {
    const enabled = settings().enabled;
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (!enabled || folders.length === 0) {
      // nothing to show: not even what an earlier scan found
      this.store.clear();
      this.eligible.clear();
      this.outside.clear();
      this.folders.clear();
      this.diagnostics.clear();
      this.pendingEvents.clear();
      this.docTimers.forEach((t) => clearTimeout(t));
      this.docTimers.clear();
      this.setState(enabled ? 'idle' : 'disabled');
      if (enabled) this.rescheduleOpenDocuments();
      return;
    }
    this.setState('scanning');
    const started = performance.now();
    try {
      await this.scanFolders(folders, reason, token, started);
    } catch (e) {
      // a file system without search (some virtual ones), a remote that went away: say so, never stay "scanning"
      if (this.scan?.cts.token === token) {
        this._progress = undefined;
        this.log.warn(`The key scan could not finish (${reason}): ${e instanceof Error ? e.message : String(e)}`);
        this.setState('failed');
      }
    }
  }

  private async scanFolders(folders: readonly vscode.WorkspaceFolder[], reason: string, token: vscode.CancellationToken, started: number): Promise<void> {
    await vscode.window.withProgress({ location: { viewId: KEYS_VIEW }, title: 'Scanning for keys' }, async () => {
      const seen = new Set<string>();
      this.folders.clear();
      // a file of nested workspace folders is listed once, under the innermost folder (whose baseline applies)
      const listed = new Map<string, vscode.Uri>();
      for (const folder of folders) {
        if (token.isCancellationRequested) return;
        const state = await this.loadFolder(folder, token);
        this.folders.set(folder.uri.toString(), state);
        const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), state.exclude, undefined, token);
        // 100,000 files take a few hundred milliseconds to sift: in slices, so the extension host stays responsive
        const slice = new Slicer();
        for (const uri of found) {
          if (isScanCandidate(uri.path) && !state.gitignore.ignores(folderRelative(folder, uri)) && vscode.workspace.getWorkspaceFolder(uri) === folder) listed.set(uri.toString(), uri);
          if (await slice.yield(token)) return;
        }
      }
      const files = [...listed.values()].sort((a, b) => compareStrings(a.path, b.path));
      const eligible = new Set<string>();
      const slice = new Slicer();
      for (const f of files) {
        eligible.add(f.toString());
        if (await slice.yield(token)) return;
      }
      // swapped in at once: file events see the old set or the new one, never half of it
      this.eligible = eligible;
      this.outside.clear();
      // this run's own counter: a run cancelled by a newer one must not touch the newer one's progress
      const progress = { done: 0, total: files.length };
      this._progress = progress;
      this.fire();
      let next = 0;
      let skipped = 0;
      // files that could not be read (gone since the listing, permission denied, …): reported once, in the summary
      const unreadable: { path: string; reason: string }[] = [];
      let sliceStart = performance.now();
      const worker = async (): Promise<void> => {
        while (next < files.length && !token.isCancellationRequested) {
          const uri = files[next++]!;
          const key = uri.toString();
          // looked up now, not when the scan began: an editor closed since (its edits discarded) no longer counts,
          // and a baseline changed since applies
          const doc = this.openDocument(key);
          const keys = doc ? this.keysOfText(doc.getText(), uri, this.folderOf(uri)) : await this.keysOfFile(uri, this.folderOf(uri), unreadable);
          if (token.isCancellationRequested) return;
          if (keys === undefined) skipped++;
          else {
            seen.add(key);
            if (this.store.set(key, keys)) this.fire();
            if (doc) this.publishDiagnostics(doc);
          }
          progress.done++;
          if (performance.now() - sliceStart > SLICE_MS) {
            this.fire();
            await new Promise((r) => setImmediate(r));
            sliceStart = performance.now();
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      if (token.isCancellationRequested) return;
      // files that held keys and are gone or excluded now
      for (const f of this.store.files()) if (!seen.has(f)) this.store.delete(f);
      this.lastSummary = { reason, files: seen.size, skipped, ms: performance.now() - started, unreadable };
    });
    if (this.scan?.cts.token === token) this._progress = undefined;
    if (token.isCancellationRequested) {
      this.log.info(`Key scan cancelled (${reason}): ${plural(this.store.count, 'key')} found so far.`);
      if (this.scan?.cts.token === token) {
        this.setState('cancelled');
        // what appeared meanwhile is still read (a newer scan, if one replaced this one, lists it itself)
        void this.addAppeared();
      }
      return;
    }
    const s = this.lastSummary;
    const notRead = s.skipped - s.unreadable.length;
    this.log.info(
      `Scanned ${plural(s.files, 'file')} for keys in ${(s.ms / 1000).toFixed(1)} s (${reason}): ${plural(this.store.count, 'key')}` +
        `${this.store.suppressed ? `, ${this.store.suppressed} marked reviewed` : ''}${this.store.baselined ? `, ${this.store.baselined} in the baseline` : ''}` +
        `${notRead ? `; ${plural(notRead, 'file')} not read (binary or over keyless.keys.maxFileSize)` : ''}.`,
    );
    // what could not be read (gone since the listing, permission denied, …): said once, here, and the scan went on
    if (s.unreadable.length) {
      const named = s.unreadable.slice(0, UNREADABLE_NAMED).map((u) => `${u.path} (${u.reason})`);
      const more = s.unreadable.length - named.length;
      this.log.warn(`Could not read ${plural(s.unreadable.length, 'file')} while scanning for keys: ${named.join(', ')}${more ? ` and ${plural(more, 'other')}` : ''}.`);
    }
    this.setState(this.store.count ? 'keys' : 'clean');
    // what appeared while the scan ran, and editors that are not part of it (untitled, outside the workspace)
    void this.addAppeared(); // not awaited: a batch of events may be waiting for this scan (a .gitignore changed)
    this.rescheduleOpenDocuments();
  }

  /** Files and folders that appeared while a scan ran, read in the queue of file events (after any still pending). */
  private addAppeared(): Promise<void> {
    const appeared = [...this.appearedDuringScan.values()];
    this.appearedDuringScan.clear();
    if (appeared.length === 0) return Promise.resolve();
    const run = this.events.then(async () => {
      if (await this.addMany(appeared)) this.settled();
    });
    this.events = run.catch((e) => this.log.warn(`Keeping the keys current failed: ${e instanceof Error ? e.message : String(e)}`));
    return this.events;
  }

  private disabled(): boolean {
    return this._state === 'disabled';
  }

  private openDocument(key: string): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => !d.isClosed && d.uri.toString() === key);
  }

  private rescheduleOpenDocuments(): void {
    for (const doc of vscode.workspace.textDocuments) if (!this.eligible.has(doc.uri.toString())) this.scheduleDocument(doc, 0);
  }

  private async loadFolder(folder: vscode.WorkspaceFolder, token?: vscode.CancellationToken): Promise<FolderState> {
    const gitignore = await gitignoreFor(folder, token);
    const exclude = excludePattern(folder, { searchExclude: true });
    const uri = vscode.Uri.joinPath(folder.uri, BASELINE_PATH);
    let baseline: Baseline | undefined;
    try {
      const parsed = parseBaseline(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
      if (parsed.ok) baseline = parsed.baseline;
      else {
        const problem = `${uri.toString()}\u0000${parsed.error}`;
        if (!this.shownBaselineErrors.has(problem)) {
          this.shownBaselineErrors.add(problem);
          this.log.warn(`${vscode.workspace.asRelativePath(uri)}: ${parsed.error}`);
          warnUnusableBaseline(folder, `Keyless: the baseline of ${folder.name} is not usable, so no key is treated as accepted. ${parsed.error}`, parsed.newer);
        }
      }
    } catch {
      /* no baseline */
    }
    return { folder, gitignore, exclude, ...(baseline ? { baseline } : {}) };
  }

  /** The folder state of a file, or undefined when the file is outside every folder. */
  folderOf(uri: vscode.Uri): FolderState | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder && this.folders.get(folder.uri.toString());
  }

  private keysOfText(text: string, uri: vscode.Uri, state: FolderState | undefined): FileKeys {
    return keysIn(text, uri.toString(), {
      path: uri.path,
      ...(state?.baseline ? { baseline: state.baseline, baselinePath: folderRelative(state.folder, uri) } : {}),
    });
  }

  private async keysOfFile(uri: vscode.Uri, state: FolderState | undefined, unreadable?: { path: string; reason: string }[]): Promise<FileKeys | undefined> {
    const read = await readWorkspaceText(uri, settings(uri).maxFileSize);
    if (read.kind === 'unreadable') unreadable?.push({ path: vscode.workspace.asRelativePath(uri), reason: read.reason });
    return read.kind === 'text' ? this.keysOfText(read.text, uri, state) : undefined;
  }

  /** Rescan one file (from its editor when open): what a watcher event or an edit costs. */
  async rescanFile(uri: vscode.Uri): Promise<void> {
    if (await this.rescanOne(uri)) this.settled();
  }

  /** Rescan one file without telling the view; whether its keys changed. */
  private async rescanOne(uri: vscode.Uri): Promise<boolean> {
    const key = uri.toString();
    const doc = this.openDocument(key);
    const keys = doc ? this.keysOfText(doc.getText(), uri, this.folderOf(uri)) : await this.keysOfFile(uri, this.folderOf(uri));
    const changed = keys === undefined ? this.store.delete(key) : this.store.set(key, keys);
    if (doc) this.publishDiagnostics(doc);
    return changed;
  }

  /**
   * Rescan files, a few reads in flight, the view told at most every 200 ms while it goes on (the caller tells it
   * when all are done: whether any file's keys changed).
   */
  private async rescanMany(uris: readonly vscode.Uri[]): Promise<boolean> {
    let next = 0;
    let changed = false;
    const worker = async (): Promise<void> => {
      while (next < uris.length) {
        if (await this.rescanOne(uris[next++]!)) {
          changed = true;
          this.fire();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, uris.length) }, worker));
    return changed;
  }

  // ---- file-system events: gathered, then handled in one batch ----

  private queue(uri: vscode.Uri, deleted: boolean): void {
    // what the scan never reads is not worth a look (a build writing thousands of files into node_modules or .git)
    if (this._state === 'disabled' || /\/(?:\.git|node_modules)(?:\/|$)/.test(uri.path) || !isScanCandidate(uri.path)) return;
    this.pendingEvents.set(uri.toString(), { uri, deleted });
    clearTimeout(this.eventTimer);
    this.eventTimer = setTimeout(() => {
      this.events = this.events.then(() => this.flushEvents()).catch((e) => this.log.warn(`Keeping the keys current failed: ${e instanceof Error ? e.message : String(e)}`));
    }, WATCH_DEBOUNCE_MS);
  }

  private async flushEvents(): Promise<void> {
    const events = [...this.pendingEvents.values()];
    this.pendingEvents.clear();
    if (this._state === 'disabled') return;
    // which files are read changed: everything is listed and read again (not for a .gitignore the scan ignores)
    const gitignore = events.find((e) => /(^|\/)\.gitignore$/.test(e.uri.path) && !this.ignoredOrOutside(e.uri));
    if (gitignore) {
      await this.rescan(`${vscode.workspace.asRelativePath(gitignore.uri)} changed`);
      return;
    }
    // how keys are judged changed: only files with keys (shown or accepted) can change
    for (const e of events.filter((x) => x.uri.path.endsWith(`/${BASELINE_PATH}`))) await this.baselineChanged(e.uri);
    // a branch switch is thousands of events: handled as one batch, the view told once at the end
    let changed = false;
    const folders = new Set<string>();
    for (const { uri, deleted } of events) {
      if (!deleted) continue;
      const key = uri.toString();
      this.outside.delete(key);
      if (!this.eligible.delete(key)) folders.add(key); // not a file the scan read: maybe a folder
      changed = this.store.delete(key) || changed;
    }
    if (folders.size) {
      // everything under a deleted folder goes (one pass, however many folders went)
      const slice = new Slicer();
      for (const f of [...this.eligible]) {
        if (under(f, folders)) this.eligible.delete(f);
        await slice.yield();
      }
      for (const f of this.store.files()) if (under(f, folders)) changed = this.store.delete(f) || changed;
    }
    const present = events.filter((e) => !e.deleted).map((e) => e.uri);
    changed = (await this.rescanMany(present.filter((u) => this.eligible.has(u.toString())))) || changed;
    changed = (await this.addMany(present.filter((u) => !this.eligible.has(u.toString())))) || changed;
    if (changed) this.settled();
  }

  /** Outside every folder, or ignored by the folder's .gitignore files. */
  private ignoredOrOutside(uri: vscode.Uri): boolean {
    const state = this.folderOf(uri);
    return !state || state.gitignore.ignores(folderRelative(state.folder, uri));
  }

  private async baselineChanged(uri: vscode.Uri): Promise<void> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder || uri.toString() !== vscode.Uri.joinPath(folder.uri, BASELINE_PATH).toString()) return;
    if (this._state === 'scanning') {
      // files already read were judged by the old baseline: start over
      void this.rescan(`${vscode.workspace.asRelativePath(uri)} changed`);
      return;
    }
    if (!this.folders.has(folder.uri.toString())) return;
    const state = await this.loadFolder(folder);
    this.folders.set(folder.uri.toString(), state);
    const prefix = `${folder.uri.toString()}/`;
    if (await this.rescanMany(this.store.files().filter((f) => f.startsWith(prefix)).map((f) => vscode.Uri.parse(f)))) this.settled();
    this.log.info(`${vscode.workspace.asRelativePath(uri)} changed: ${plural(this.store.count, 'key')} shown, ${this.store.baselined} in the baseline.`);
  }

  /**
   * Files and folders that appeared (created, renamed, moved in): read what of them the workspace scan would read.
   * A few are looked up one by one; a batch of many (a branch switch, an unpacked archive) costs one listing of
   * their folders instead of one search per file.
   */
  private async addMany(uris: readonly vscode.Uri[]): Promise<boolean> {
    if (uris.length === 0) return false;
    if (this._state === 'scanning') {
      for (const uri of uris) this.appearedDuringScan.set(uri.toString(), uri); // they may come after the listing: looked at when the scan ends
      return false;
    }
    if (uris.length < LIST_ONCE_FROM) {
      let changed = false;
      for (const uri of uris) changed = (await this.added(uri)) || changed;
      return changed;
    }
    const byFolder = new Map<FolderState, Map<string, vscode.Uri>>();
    for (const uri of uris) {
      const state = this.folderOf(uri);
      const key = uri.toString();
      if (!state || this.outside.has(key)) continue;
      let created = byFolder.get(state);
      if (!created) byFolder.set(state, (created = new Map()));
      created.set(key, uri);
    }
    const found: vscode.Uri[] = [];
    for (const [state, created] of byFolder) {
      const keys = new Set(created.keys());
      const listed = await vscode.workspace.findFiles(new vscode.RelativePattern(state.folder, listingScope(state.folder, created, keys)), state.exclude);
      const slice = new Slicer();
      for (const f of listed) {
        const key = f.toString();
        if ((keys.has(key) || under(key, keys)) && isScanCandidate(f.path) && !state.gitignore.ignores(folderRelative(state.folder, f)) && vscode.workspace.getWorkspaceFolder(f) === state.folder) {
          this.eligible.add(key);
          found.push(f);
        }
        await slice.yield();
      }
    }
    return this.rescanMany(found);
  }

  /** A file or folder appeared: read what of it the workspace scan would read. Whether the keys changed. */
  private async added(uri: vscode.Uri): Promise<boolean> {
    const state = this.folderOf(uri);
    if (!state || this.outside.has(uri.toString())) return false;
    let isDirectory = false;
    try {
      isDirectory = ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
    } catch {
      return false; // gone again
    }
    const rel = folderRelative(state.folder, uri).replace(/[[\]{}*?]/g, '[$&]'); // `app/[id]/` is a name, not a glob
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(state.folder, isDirectory ? `${rel}/**/*` : rel), state.exclude);
    if (!isDirectory && found.length === 0) this.outside.add(uri.toString()); // excluded: not asked again until a full scan
    const eligible = found.filter((f) => isScanCandidate(f.path) && !state.gitignore.ignores(folderRelative(state.folder, f)));
    for (const f of eligible) this.eligible.add(f.toString());
    return this.rescanMany(eligible);
  }

  // ---- open editors: their text counts, and their keys are problems ----

  private scheduleDocument(doc: vscode.TextDocument, delay = DOCUMENT_DEBOUNCE_MS): void {
    if (SKIPPED_SCHEMES.has(doc.uri.scheme) || this._state === 'disabled') return;
    const key = doc.uri.toString();
    clearTimeout(this.docTimers.get(key));
    this.docTimers.set(
      key,
      setTimeout(() => {
        this.docTimers.delete(key);
        if (!doc.isClosed) void this.scanDocument(doc);
      }, delay),
    );
  }

  private async scanDocument(doc: vscode.TextDocument): Promise<void> {
    const key = doc.uri.toString();
    if (this.disabled() || !(await this.isEligible(doc)) || doc.isClosed || this.disabled()) {
      this.diagnostics.delete(doc.uri);
      return;
    }
    const keys = this.keysOfText(doc.getText(), doc.uri, this.folderOf(doc.uri));
    // untitled and out-of-workspace documents get problems, but only workspace files are listed in the view
    if (this.eligible.has(key) && this.store.set(key, keys)) this.settled();
    this.publishDiagnostics(doc, keys);
  }

  private async isEligible(doc: vscode.TextDocument): Promise<boolean> {
    if (!isScanCandidate(doc.uri.path) || documentLength(doc) > settings(doc.uri).maxFileSize) return false;
    const key = doc.uri.toString();
    if (doc.uri.scheme === 'untitled' || this.eligible.has(key)) return true;
    if (this.outside.has(key)) return false;
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    if (!folder) return doc.uri.scheme === 'file';
    // a workspace file not (yet) listed: ask the same questions the scan asks, once
    const state = this.folderOf(doc.uri) ?? (await this.loadFolder(folder));
    const rel = folderRelative(folder, doc.uri);
    const inside = !state.gitignore.ignores(rel) && (await vscode.workspace.findFiles(new vscode.RelativePattern(folder, rel.replace(/[[\]{}*?]/g, '[$&]')), state.exclude, 1)).length > 0;
    if (inside) this.eligible.add(key);
    else this.outside.add(key);
    return inside;
  }

  private closed(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.docTimers.get(key));
    this.docTimers.delete(key);
    this.diagnostics.delete(doc.uri);
    // unsaved edits are gone with the editor: the file on disk is what counts again
    if (this.eligible.has(key)) void this.rescanFile(doc.uri);
  }

  /** Problems for an open document's keys (the store's, or `keys` for a document outside the view). */
  private publishDiagnostics(doc: vscode.TextDocument, keys?: FileKeys): void {
    const list = (keys ?? this.store.get(doc.uri.toString()))?.keys ?? [];
    this.diagnostics.set(doc.uri, list.map((k) => keyDiagnostic(k, this.extensionUri)));
  }

  /** The keys of a document's current text, fingerprinted as the store's are (the folder's baseline salt). */
  currentKeys(doc: vscode.TextDocument): FileKeys {
    const key = doc.uri.toString();
    const state = this.folderOf(doc.uri);
    const salt = state?.baseline?.salt;
    // code actions ask on every cursor move: one scan per document version (and baseline)
    if (this.current?.key !== key || this.current.version !== doc.version || this.current.salt !== salt) {
      this.current = { key, version: doc.version, salt, keys: this.keysOfText(doc.getText(), doc.uri, state) };
    }
    return this.current.keys;
  }

  // ---- state and change notifications ----

  private setState(state: ScanState): void {
    this._state = state;
    void vscode.commands.executeCommand('setContext', 'keyless.keys.state', state);
    this.fire(true);
  }

  /** After an incremental change: the view state follows the count. */
  private settled(): void {
    if (this._state === 'keys' || this._state === 'clean') this._state = this.store.count ? 'keys' : 'clean';
    void vscode.commands.executeCommand('setContext', 'keyless.keys.state', this._state);
    this.fire(true);
  }

  /** Tell the view; while scanning at most every 200 ms, so a scan does not redraw the tree per file. */
  private fire(now = false): void {
    if (now) {
      clearTimeout(this.fireTimer);
      this.fireTimer = undefined;
      this.changed.fire();
      return;
    }
    this.fireTimer ??= setTimeout(() => {
      this.fireTimer = undefined;
      this.changed.fire();
    }, 200);
  }
}

/** Keys that can act on an account on their own are errors; limited, test and short-lived ones warnings. */
const DIAGNOSTIC_SEVERITY = { critical: vscode.DiagnosticSeverity.Error, high: vscode.DiagnosticSeverity.Error, medium: vscode.DiagnosticSeverity.Warning, low: vscode.DiagnosticSeverity.Warning } as const;

export function keyRange(r: StoredKey['range']): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function keyDocUri(extensionUri: vscode.Uri, detectorId: string): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'docs', 'keys.md').with({ fragment: detectorId });
}

/** A key as a problem: what it is (masked), how bad, and the way out. */
export function keyDiagnostic(k: StoredKey, extensionUri: vscode.Uri): vscode.Diagnostic {
  const d = new vscode.Diagnostic(
    keyRange(k.range),
    `${k.provider} ${k.type} (${k.masked}) in this file: a long-lived key. Replace it with workload identity federation, or mark it reviewed if it is not a live key.`,
    DIAGNOSTIC_SEVERITY[k.severity],
  );
  d.source = 'keyless';
  d.code = { value: k.detectorId, target: keyDocUri(extensionUri, k.detectorId) };
  if (k.related.length) {
    const uri = vscode.Uri.parse(k.file);
    d.relatedInformation = k.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, keyRange(r)), 'the other half of this credential'));
  }
  return d;
}
