// The course's host side as one bundle (dist/course-panel.js), required the first time the course is used: the
// compiled course, the progress store, the exercise files, the panel, and the work behind the commands. Built once per
// window and kept until the extension deactivates.
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { CompiledCourse } from '../../core/course';
import { readPosition } from '../../webview/course/protocol';
import type { Log } from '../log';
import type { PageTraffic } from '../webview';
import { readCourse } from './content';
import { Exercises } from './exercise';
import { CoursePanel, type CourseServices } from './panel';
import { CourseStore, type LoadOutcome } from './store';

export { CoursePanel } from './panel';

export class CourseFeature implements vscode.Disposable {
  private constructor(
    readonly services: CourseServices,
    /** What loading the stored progress found (tests). */
    readonly loaded: LoadOutcome,
  ) {}

  static async create(context: vscode.ExtensionContext, log: Log, traffic: PageTraffic): Promise<CourseFeature> {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'dist', 'course.json'));
    const course: CompiledCourse = readCourse(new TextDecoder().decode(bytes));
    const store = new CourseStore(context.globalState, context.globalStorageUri, log);
    const loaded = await store.load();
    const exercises = new Exercises(course, context.globalStorageUri);
    return new CourseFeature({ extensionUri: context.extensionUri, course, store, exercises, log, traffic }, loaded);
  }

  get store(): CourseStore {
    return this.services.store;
  }

  /** `keyless.openCourse`: the course map, or a lesson's reading when one is named (`{lesson: 1}` or its id). */
  open(arg?: unknown): CoursePanel {
    const panel = CoursePanel.show(this.services);
    const lesson = lessonArgument(this.services.course, arg);
    if (lesson) panel.openLesson(lesson);
    return panel;
  }

  /** `keyless.reviewCourse`: the review queue. */
  review(): CoursePanel {
    const panel = CoursePanel.show(this.services);
    panel.review();
    return panel;
  }

  /** After a window reload: the panel at the position its page saved. */
  revive(webviewPanel: vscode.WebviewPanel, state: unknown): CoursePanel {
    return CoursePanel.revive(webviewPanel, readPosition(state), this.services);
  }

  /** `keyless.exportCourseProgress`: to `target`, or where the save dialog says. Returns the file, if written. */
  async exportProgress(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const uri =
      target ??
      (await vscode.window.showSaveDialog({
        title: 'Export Course Progress',
        saveLabel: 'Export',
        filters: { JSON: ['json'] },
        defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir()), 'keyless-course-progress.json'),
      }));
    if (!uri) return undefined;
    await this.store.exportTo(uri);
    if (!target) void vscode.window.showInformationMessage(`Keyless: exported your course progress to ${uri.fsPath || uri.toString()}.`);
    return uri;
  }

  /** `keyless.resetCourseProgress`: after a modal confirmation, back up the progress and start again. */
  async resetProgress(): Promise<vscode.Uri | undefined> {
    const reset = 'Reset Progress';
    const choice = await vscode.window.showWarningMessage(
      'Reset your Keyless course progress?',
      { modal: true, detail: 'Every answer, review schedule and completed lesson is cleared. A backup of the current progress is written to Keyless\'s storage first.' },
      reset,
    );
    if (choice !== reset) return undefined;
    const backup = await this.store.reset();
    const open = 'Open Backup';
    void vscode.window.showInformationMessage('Keyless: course progress reset. The previous progress is kept in a backup file.', open).then((c) => {
      if (c === open) void vscode.window.showTextDocument(backup);
    });
    return backup;
  }

  dispose(): void {
    CoursePanel.active?.dispose();
    this.services.exercises.dispose();
    this.services.store.dispose();
  }
}

/** A lesson named by a command argument: `{lesson: <number or id>}`, a number or an id. */
function lessonArgument(course: CompiledCourse, arg: unknown): string | undefined {
  const v = arg !== null && typeof arg === 'object' ? (arg as Record<string, unknown>).lesson : arg;
  const found = course.lessons.find((l) => l.id === v || l.number === v);
  return found?.id;
}
