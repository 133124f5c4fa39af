// The course's entry points: its commands (open, review, export, reset) and the serializer that brings the panel
// back after a reload. The host side (the compiled course, the scheduler, the checker that grades exercises, the
// panel) is a bundle of its own, dist/course-panel.js, required on first use: activation does not load it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COURSE_VIEW_TYPE } from '../../webview/course/protocol';
import { COMMANDS } from '../commands';
import type { Log } from '../log';
import type { PageTraffic } from '../webview';
import type * as Host from './host';

let loaded: typeof Host | undefined;
let feature: Promise<Host.CourseFeature> | undefined;
let registered: { context: vscode.ExtensionContext; log: Log; traffic: PageTraffic } | undefined;

/** The course, loaded (and its progress read) on first use; one per window. */
function courseFeature(context: vscode.ExtensionContext, log: Log, traffic: PageTraffic): Promise<Host.CourseFeature> {
  feature ??= (async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded ??= require(path.join(__dirname, 'course-panel.js')) as typeof Host;
    const f = await loaded.CourseFeature.create(context, log, traffic);
    context.subscriptions.push(f);
    return f;
  })();
  feature.catch(() => (feature = undefined)); // a failed load is reported by the command; the next use tries again
  return feature;
}

/** Run a command's work, reporting a failure (a missing dist/course.json, a storage error) to the user and the log. */
function guarded<A extends unknown[]>(log: Log, what: string, f: (...args: A) => Promise<unknown>): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      await f(...args);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      log.warn(`The course could not ${what}: ${why}`);
      void vscode.window.showErrorMessage(`Keyless: the course could not ${what}: ${why}`);
    }
  };
}

export function registerCourse(context: vscode.ExtensionContext, log: Log, traffic: PageTraffic): vscode.Disposable[] {
  registered = { context, log, traffic };
  const use = () => courseFeature(context, log, traffic);
  return [
    vscode.commands.registerCommand(COMMANDS.openCourse, guarded(log, 'open', async (arg?: unknown) => (await use()).open(arg))),
    vscode.commands.registerCommand(COMMANDS.reviewCourse, guarded(log, 'start the review', async () => (await use()).review())),
    vscode.commands.registerCommand(COMMANDS.exportCourseProgress, guarded(log, 'export the progress', async (target?: unknown) => (await use()).exportProgress(target instanceof vscode.Uri ? target : undefined))),
    vscode.commands.registerCommand(COMMANDS.resetCourseProgress, guarded(log, 'reset the progress', async () => (await use()).resetProgress())),
    vscode.window.registerWebviewPanelSerializer(COURSE_VIEW_TYPE, {
      async deserializeWebviewPanel(webviewPanel, state) {
        try {
          (await use()).revive(webviewPanel, state);
        } catch (e) {
          log.warn(`The course panel could not be restored: ${e instanceof Error ? e.message : String(e)}`);
          webviewPanel.dispose();
        }
      },
    }),
  ];
}

/** For the integration tests: the open course panel, and the course with its store (loaded if it was not yet). */
export const courseAccess = {
  panel: (): Host.CoursePanel | undefined => loaded?.CoursePanel.active,
  feature: (): Promise<Host.CourseFeature> => {
    if (!registered) return Promise.reject(new Error('the course is not registered'));
    return courseFeature(registered.context, registered.log, registered.traffic);
  },
};
