// "Fix it" exercises in the editor. The start file is copied into Keyless's global storage under
// exercises/<exercise>/<file> (the path decides what kind of file the checker sees, as in a workspace; nothing is
// written to the user's workspace), opened beside the course, and graded with the core's gradeFix on every change
// (debounced). The solution opens read-only, in a diff against the learner's file.
import * as vscode from 'vscode';
import { type CompiledCourse, type CompiledFixQuestion, type FixGrade, gradeFix } from '../../core/course';
import { exerciseSegments } from './content';

/** Pause after the last keystroke before the learner's file is graded. */
export const GRADE_DELAY_MS = 300;

/** The read-only documents of exercise solutions: `keyless-course-solution:/<exercise>/<file>`. */
export const SOLUTION_SCHEME = 'keyless-course-solution';

type Listener = (questionId: string, grade: FixGrade) => void;

export class Exercises implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private watched: { question: CompiledFixQuestion; uri: vscode.Uri } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly course: CompiledCourse,
    private readonly storage: vscode.Uri,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.watched && e.document.uri.toString() === this.watched.uri.toString() && e.contentChanges.length) this.schedule(e.document);
      }),
      vscode.workspace.registerTextDocumentContentProvider(SOLUTION_SCHEME, { provideTextDocumentContent: (uri) => this.solutionText(uri) }),
    );
  }

  /** Be told of every grade of the watched exercise. */
  onGrade(listener: Listener): vscode.Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Where the learner's copy of an exercise lives. */
  fileOf(q: CompiledFixQuestion): vscode.Uri {
    return vscode.Uri.joinPath(this.storage, 'exercises', ...exerciseSegments(q));
  }

  solutionOf(q: CompiledFixQuestion): vscode.Uri {
    return vscode.Uri.from({ scheme: SOLUTION_SCHEME, path: `/${exerciseSegments(q).join('/')}` });
  }

  /**
   * Open the exercise beside the course (`fresh`: from the start file, replacing an earlier attempt; otherwise the
   * learner's copy as they left it, or the start file if there is none), watch it, and grade it now.
   */
  async open(q: CompiledFixQuestion, fresh: boolean): Promise<vscode.TextEditor> {
    const uri = this.fileOf(q);
    const exists = await vscode.workspace.fs.stat(uri).then(() => true, () => false);
    if (fresh || !exists) await this.writeStart(q, uri);
    this.watch(q, uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    this.grade(doc);
    return editor;
  }

  /** Show the solution in a diff against the learner's file. */
  async showSolution(q: CompiledFixQuestion): Promise<void> {
    const mine = this.fileOf(q);
    const exists = await vscode.workspace.fs.stat(mine).then(() => true, () => false);
    if (!exists) await this.writeStart(q, mine);
    const name = q.file.split('/').pop();
    const beside = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === mine.toString())?.viewColumn ?? vscode.ViewColumn.Beside;
    await vscode.commands.executeCommand('vscode.diff', mine, this.solutionOf(q), `${name}: yours ↔ solution`, { viewColumn: beside, preview: true });
  }

  /** Stop grading (the run moved on). */
  stop(): void {
    clearTimeout(this.timer);
    this.watched = undefined;
  }

  private watch(q: CompiledFixQuestion, uri: vscode.Uri): void {
    clearTimeout(this.timer);
    this.watched = { question: q, uri };
  }

  private async writeStart(q: CompiledFixQuestion, uri: vscode.Uri): Promise<void> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open && !open.isClosed) {
      // an editor holds an earlier attempt: replace its text (the learner can undo) and save, so disk and editor agree
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(open.positionAt(0), open.positionAt(open.getText().length)), q.start);
      await vscode.workspace.applyEdit(edit);
      await open.save();
      return;
    }
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(q.start));
  }

  private schedule(doc: vscode.TextDocument): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.grade(doc), GRADE_DELAY_MS);
  }

  private grade(doc: vscode.TextDocument): void {
    const w = this.watched;
    if (!w || doc.isClosed || doc.uri.toString() !== w.uri.toString()) return;
    const grade = gradeFix(w.question, doc.getText());
    for (const l of this.listeners) l(w.question.id, grade);
  }

  private solutionText(uri: vscode.Uri): string {
    for (const l of this.course.lessons) {
      for (const q of l.questions) if (q.kind === 'fix' && this.solutionOf(q).path === uri.path) return q.solution;
    }
    return '';
  }

  dispose(): void {
    this.stop();
    this.listeners.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
