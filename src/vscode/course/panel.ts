// The course's webview panel: one at a time, restored after a reload by its serializer. The host owns the session
// (where the learner is, what they answered) and the progress; the page renders the view it is sent and reports what
// the learner did. Every message from the page is validated (readPageMessage) and handled one after another, so two
// quick clicks cannot grade a question twice.
import * as vscode from 'vscode';
import { COURSE_VIEW_TYPE, type HostMessage, type PageMessage, type Position, readPageMessage } from '../../webview/course/protocol';
import { ruleDocUri } from '../convert';
import type { Log } from '../log';
import { describeDropped, pageHtml, type PageTraffic } from '../webview';
import { rewriteDiagrams } from './content';
import type { Exercises } from './exercise';
import { type Change, CourseSession } from './session';
import type { CourseStore } from './store';
import type { CompiledCourse } from '../../core/course';

/** What a panel works with: the course, the progress and the exercise files (one of each per window). */
export interface CourseServices {
  readonly extensionUri: vscode.Uri;
  readonly course: CompiledCourse;
  readonly store: CourseStore;
  readonly exercises: Exercises;
  readonly log: Log;
  /** Every message to and from the page, for the tests. */
  readonly traffic: PageTraffic;
}

/** How far ahead the open map watches for the next question falling due. */
const REFRESH_WITHIN_MS = 24 * 60 * 60 * 1000;

export class CoursePanel implements vscode.Disposable {
  private static current: CoursePanel | undefined;

  /** Open the course (or bring it forward). */
  static show(services: CourseServices): CoursePanel {
    const open = CoursePanel.current;
    if (open) {
      open.panel.reveal();
      return open;
    }
    const panel = vscode.window.createWebviewPanel(COURSE_VIEW_TYPE, 'Keyless Course', vscode.ViewColumn.Active, CoursePanel.options(services.extensionUri));
    return (CoursePanel.current = new CoursePanel(panel, services, { view: 'map' }));
  }

  /** After a reload: the panel VS Code kept, at the position the page saved (checked against the course). */
  static revive(panel: vscode.WebviewPanel, position: Position, services: CourseServices): CoursePanel {
    CoursePanel.current?.dispose();
    panel.webview.options = CoursePanel.options(services.extensionUri);
    return (CoursePanel.current = new CoursePanel(panel, services, position));
  }

  /** The open course panel, if any (tests). */
  static get active(): CoursePanel | undefined {
    return CoursePanel.current;
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    // the page's script and stylesheet, and the course's diagrams; nothing from the workspace or the network
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'dist', 'course')],
    };
  }

  readonly session: CourseSession;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly inspections = new Map<number, (regions: Readonly<Record<string, string>>) => void>();
  private nextInspection = 1;
  private ready = false;
  private queue: Promise<void> = Promise.resolve();
  /** Refreshes the course map or a summary when the next question falls due, so "N due" appears by itself. */
  private refresh: ReturnType<typeof setTimeout> | undefined;

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly services: CourseServices,
    position: Position,
  ) {
    this.session = new CourseSession(services.course);
    this.session.restore(position);
    panel.iconPath = vscode.Uri.joinPath(services.extensionUri, 'media', 'keyless.svg');
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      services.store.onDidChange(() => this.render()),
      services.exercises.onGrade((questionId, grade) => this.enqueue(async () => {
        await this.apply(this.session.fixGraded(questionId, grade, Date.now()));
        this.render();
      })),
    );
  }

  /** Start the review queue (the command); says so on the page when nothing is due. */
  review(): void {
    this.enqueue(() => this.handle({ type: 'startReview' }));
  }

  /** Open a lesson's reading (a command argument). */
  openLesson(lessonId: string): void {
    this.enqueue(() => this.handle({ type: 'openLesson', lessonId }));
  }

  /**
   * Handle a message as if the page had sent it: validated and queued the same way. The integration tests answer
   * questions through this, and read the result back with `inspect`.
   */
  receive(raw: unknown): void {
    this.services.traffic.record('course', 'received', raw);
    const message = readPageMessage(raw);
    if (!message) {
      this.services.log.warn(`The course dropped a message it does not understand (${describeDropped(raw)}).`);
      return;
    }
    this.enqueue(() => this.handle(message));
  }

  /** Resolves once every message received so far has been handled (tests). */
  settled(): Promise<void> {
    return this.queue;
  }

  /** The text the page shows, region by region, read from its DOM, so a test sees what a user sees. */
  inspect(timeoutMs = 10_000): Promise<Readonly<Record<string, string>>> {
    const id = this.nextInspection++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.inspections.delete(id);
        reject(new Error('the course page did not answer'));
      }, timeoutMs);
      this.inspections.set(id, (regions) => {
        clearTimeout(timer);
        resolve(regions);
      });
      this.post({ type: 'inspect', id });
    });
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((e) => {
      const why = e instanceof Error ? e.message : String(e);
      this.services.log.warn(`The course could not do that: ${why}`);
      this.post({ type: 'notice', text: `Something went wrong: ${why}` });
    });
  }

  private async apply(change: Change | undefined): Promise<void> {
    if (change) await this.services.store.change(change);
  }

  private async handle(message: PageMessage): Promise<void> {
    const { store, exercises } = this.services;
    const s = this.session;
    const now = Date.now();
    switch (message.type) {
      case 'ready':
        this.ready = true;
        break;
      case 'openMap':
        s.openMap();
        break;
      case 'openLesson':
        if (!s.openLesson(message.lessonId)) return;
        break;
      case 'startQuestions':
        await this.apply(s.startQuestions(message.lessonId, store.state, now));
        break;
      case 'startReview':
        if (!s.startReview(store.state, now)) {
          s.openMap();
          this.render();
          this.post({ type: 'notice', text: 'Nothing is due for review right now. Questions come back as their intervals run out; the course map says when some are due.' });
          return;
        }
        break;
      case 'answer':
        await this.apply(s.answer(message.questionId, message.selected, now));
        break;
      case 'reveal':
        if (!s.reveal(message.questionId)) return;
        break;
      case 'rate':
        await this.apply(s.rate(message.questionId, message.rating, now));
        break;
      case 'openExercise': {
        const q = s.fixQuestion(message.questionId);
        if (!q) return;
        const fresh = !s.fixOpened(q.id);
        s.openedFix(q.id);
        this.render();
        await exercises.open(q, fresh); // grades at once: the grade comes back through onGrade
        return;
      }
      case 'hint':
        if (!s.showHint(message.questionId)) return;
        break;
      case 'showSolution': {
        const q = s.fixQuestion(message.questionId);
        if (!q) return;
        await this.apply(s.solutionShown(q.id, now));
        exercises.stop();
        this.render();
        await exercises.showSolution(q);
        return;
      }
      case 'next':
        if (!s.next()) return;
        break;
      case 'openRule':
        await vscode.commands.executeCommand('markdown.showPreview', ruleDocUri(this.services.extensionUri, message.ruleId));
        return;
      case 'inspected':
        this.inspections.get(message.id)?.(message.regions);
        this.inspections.delete(message.id);
        return;
    }
    if (s.current()?.kind !== 'fix') exercises.stop();
    this.render();
  }

  /** Send the page what to show now. */
  private render(): void {
    if (!this.ready) return;
    const webview = this.panel.webview;
    const diagrams = vscode.Uri.joinPath(this.services.extensionUri, 'dist', 'course', 'diagrams');
    const rewrite = (html: string) => rewriteDiagrams(html, (name) => webview.asWebviewUri(vscode.Uri.joinPath(diagrams, name)).toString());
    const now = Date.now();
    const view = this.session.view(this.services.store.state, now, rewrite);
    this.post({ type: 'view', view, position: this.session.position });
    clearTimeout(this.refresh);
    const next = view.kind === 'map' || view.kind === 'summary' ? this.session.nextDueAt(this.services.store.state, now) : undefined;
    if (next !== undefined && next - now < REFRESH_WITHIN_MS) this.refresh = setTimeout(() => this.render(), next - now + 1000);
  }

  private post(message: HostMessage): void {
    this.services.traffic.record('course', 'posted', message);
    void this.panel.webview.postMessage(message);
  }

  private html(): string {
    return pageHtml(this.panel.webview, this.services.extensionUri, { name: 'course', title: 'Keyless Course', loading: 'Loading the course…' });
  }

  dispose(): void {
    if (CoursePanel.current === this) CoursePanel.current = undefined;
    clearTimeout(this.refresh);
    this.services.exercises.stop();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
