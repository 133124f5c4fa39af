// The learner's progress in VS Code's globalState (it survives restarts and is shared by every window), read with
// the core's parseState. A stored value that cannot be read (corrupt, or written by a newer Keyless) is never dropped:
// it is written to a backup file in the extension's global storage first, then the course starts afresh and the
// learner is told, with a button that opens the backup. Export and reset go through here too.
import * as vscode from 'vscode';
import { type CourseState, emptyState, exportState, parseState } from '../../core/course';
import type { Log } from '../log';
import { backupName } from './content';
import type { Change } from './session';

/** The globalState key of the progress. */
export const STATE_KEY = 'keyless.course';

export interface LoadOutcome {
  /** Why the stored progress was not used (the course then starts afresh). */
  readonly problem?: string;
  /** Where the unreadable value was kept. */
  readonly backup?: vscode.Uri;
}

export class CourseStore implements vscode.Disposable {
  private current: CourseState = emptyState();
  /** Set when an unreadable state could not be backed up: nothing is written over it until the next load. */
  private readOnly = false;
  private readonly changed = new vscode.EventEmitter<CourseState>();
  /** Fires after every change (an answer in any panel, a reset). */
  readonly onDidChange = this.changed.event;

  constructor(
    /** The extension's globalState. */
    readonly memento: vscode.Memento,
    /** The extension's global storage folder (backups, exercise files). */
    readonly storage: vscode.Uri,
    private readonly log: Log,
  ) {}

  get state(): CourseState {
    return this.current;
  }

  /** Read the stored progress; an unreadable value is backed up and reported, and the course starts afresh. */
  async load(): Promise<LoadOutcome> {
    const raw = this.memento.get<unknown>(STATE_KEY);
    const parsed = parseState(raw);
    this.readOnly = false;
    this.current = parsed.state;
    if (!parsed.problem) {
      this.changed.fire(this.current);
      return {};
    }
    let backup: vscode.Uri | undefined;
    try {
      backup = await this.writeBackup(JSON.stringify(parsed.backup, null, 2) ?? 'null');
    } catch (e) {
      // without a copy elsewhere, the stored value stays as it is: this session's answers are not saved
      this.readOnly = true;
      const why = e instanceof Error ? e.message : String(e);
      this.log.warn(`${parsed.problem} It could not be backed up (${why}), so it is left as it is and progress made now is not saved.`);
      void vscode.window.showErrorMessage(`Keyless: ${parsed.problem} It could not be copied to a backup file (${why}), so it is left untouched and the answers you give now are not saved.`);
      this.changed.fire(this.current);
      return { problem: parsed.problem };
    }
    await this.memento.update(STATE_KEY, this.current);
    this.log.warn(`${parsed.problem} The old value is kept in ${backup.fsPath || backup.toString()}; the course starts afresh.`);
    const open = 'Open Backup';
    void vscode.window.showWarningMessage(`Keyless: ${parsed.problem} The course starts afresh; the old progress is kept in a backup file.`, open).then((choice) => {
      if (choice === open) void vscode.window.showTextDocument(backup);
    });
    this.changed.fire(this.current);
    return { problem: parsed.problem, backup };
  }

  /**
   * Apply a change to the freshest progress (another window may have answered since) and save it. A stored value
   * that became unreadable meanwhile is not overwritten here: the next load backs it up.
   */
  async change(f: Change): Promise<CourseState> {
    const stored = parseState(this.memento.get<unknown>(STATE_KEY));
    const next = f(stored.problem ? this.current : stored.state);
    this.current = next;
    if (!this.readOnly && !stored.problem) await this.memento.update(STATE_KEY, next);
    else this.log.warn('The course progress was not saved: the stored value cannot be read (see the message when the course was opened).');
    this.changed.fire(next);
    return next;
  }

  /** The progress as a file (`exportState`): pretty JSON, ids sorted. */
  async exportTo(target: vscode.Uri): Promise<void> {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(exportState(this.current)));
  }

  /** Start the course again: the current progress goes to a backup file first. Returns the backup. */
  async reset(): Promise<vscode.Uri> {
    const backup = await this.writeBackup(exportState(this.current));
    this.current = emptyState();
    this.readOnly = false;
    await this.memento.update(STATE_KEY, this.current);
    this.log.info(`The course progress was reset; the previous progress is kept in ${backup.fsPath || backup.toString()}.`);
    this.changed.fire(this.current);
    return backup;
  }

  private async writeBackup(text: string): Promise<vscode.Uri> {
    await vscode.workspace.fs.createDirectory(this.storage);
    const uri = vscode.Uri.joinPath(this.storage, backupName(new Date()));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text.endsWith('\n') ? text : `${text}\n`));
    return uri;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
