// What the learner is doing in the course panel, without the editor: where they are (map, reading, a run of
// questions), what they did on the current question, and what the page should show. Answers become changes to the
// progress (`Change`: a function of the stored state, so the store applies it to the freshest copy); the panel
// persists them and sends the view. No `vscode` here: the unit tests drive a session directly.
import {
  answerOf,
  cardOf,
  type ChoiceGrade,
  type CompiledCourse,
  type CompiledLesson,
  type CompiledQuestion,
  type CourseState,
  dueCount,
  type FixGrade,
  gradeChoice,
  lessonOf,
  lessonRun,
  markCompleted,
  markRead,
  progress,
  type Rating,
  RATINGS,
  recordAnswer,
  review,
  reviewQueue,
} from '../../core/course';
import type { AskedQuestion, MapView, Outcome, PageView, Position, QuestionView, ReadingView, SummaryView } from '../../webview/course/protocol';
import { formatInterval, plainText } from './content';

/** A change to the learner's progress. */
export type Change = (state: CourseState) => CourseState;

/** What the learner did on the current question of a run. */
type Attempt =
  | { readonly kind: 'choice'; readonly grade: ChoiceGrade }
  | { readonly kind: 'recall'; readonly rating?: Rating }
  | { readonly kind: 'fix'; readonly opened: boolean; readonly hint: boolean; readonly grade?: FixGrade; readonly result?: 'done' | 'solution' };

/** Rewrites the compiled HTML of a reading or prompt for the page (diagram sources). */
export type HtmlRewrite = (html: string) => string;

export class CourseSession {
  private pos: Position = { view: 'map' };
  private attempt: Attempt | undefined;
  private readonly questions = new Map<string, { question: CompiledQuestion; lesson: CompiledLesson }>();

  constructor(readonly course: CompiledCourse) {
    for (const lesson of course.lessons) for (const question of lesson.questions) this.questions.set(question.id, { question, lesson });
  }

  get position(): Position {
    return this.pos;
  }

  lesson(id: string): CompiledLesson | undefined {
    return this.course.lessons.find((l) => l.id === id);
  }

  /** The question at the run's position, if the learner is on one. */
  current(): CompiledQuestion | undefined {
    const p = this.pos;
    return p.view === 'run' && p.index < p.run.length ? this.questions.get(p.run[p.index]!)?.question : undefined;
  }

  // ---- navigation ----

  openMap(): void {
    this.go({ view: 'map' });
  }

  openLesson(lessonId: string): boolean {
    if (!this.lesson(lessonId)) return false;
    this.go({ view: 'reading', lessonId });
    return true;
  }

  /** Leave the reading for the lesson's questions; the reading counts as read. */
  startQuestions(lessonId: string, state: CourseState, now: number): Change | undefined {
    if (!this.lesson(lessonId)) return undefined;
    const run = lessonRun(this.course, state, lessonId, now).map((i) => i.question.id);
    this.go({ view: 'run', lessonId, run, index: 0, answered: false });
    return (s) => markRead(s, lessonId, now);
  }

  /** The review queue: every due question. False (and nothing changes) when none is due. */
  startReview(state: CourseState, now: number): boolean {
    const run = reviewQueue(this.course, state, now).map((i) => i.question.id);
    if (run.length === 0) return false;
    this.go({ view: 'run', run, index: 0, answered: false });
    return true;
  }

  /** On to the next question (or the summary), once the current one is graded. */
  next(): boolean {
    const p = this.pos;
    if (p.view !== 'run' || p.index >= p.run.length || !p.answered) return false;
    this.go({ ...p, index: p.index + 1, answered: false });
    return true;
  }

  /**
   * Back where a reloaded page was (its position is untrusted: ids are checked against the course). A question that
   * was already graded is not asked twice: the run goes on after it.
   */
  restore(position: Position): void {
    if (position.view === 'reading' && this.lesson(position.lessonId)) this.go(position);
    else if (position.view === 'run' && position.run.every((id) => this.questions.has(id)) && (position.lessonId === undefined || this.lesson(position.lessonId))) {
      const index = Math.min(position.run.length, position.index + (position.answered ? 1 : 0));
      this.go({ ...position, index, answered: false });
    } else this.openMap();
  }

  private go(p: Position): void {
    this.pos = p;
    const q = this.current();
    this.attempt = q?.kind === 'fix' ? { kind: 'fix', opened: false, hint: false } : undefined;
  }

  private graded(): void {
    if (this.pos.view === 'run') this.pos = { ...this.pos, answered: true };
  }

  /** The current question when it has this id and kind (messages about another question are stale: ignored). */
  private asking<K extends CompiledQuestion['kind']>(questionId: string, kind: K): Extract<CompiledQuestion, { kind: K }> | undefined {
    const q = this.current();
    return q && q.id === questionId && q.kind === kind ? (q as Extract<CompiledQuestion, { kind: K }>) : undefined;
  }

  // ---- answers ----

  /** A choice question's answer: graded at once (right is Good, wrong is Again). */
  answer(questionId: string, selected: readonly number[], now: number): Change | undefined {
    const q = this.asking(questionId, 'choice');
    if (!q || this.attempt || selected.some((i) => i >= q.choices.length)) return undefined;
    if (!q.multiple && selected.length !== 1) return undefined;
    const grade = gradeChoice(q, selected);
    this.attempt = { kind: 'choice', grade };
    this.graded();
    return this.record(q.id, grade.rating, now);
  }

  /** Free recall: the model answer shows; the learner rates next. */
  reveal(questionId: string): boolean {
    if (!this.asking(questionId, 'recall') || this.attempt) return false;
    this.attempt = { kind: 'recall' };
    return true;
  }

  rate(questionId: string, rating: Rating, now: number): Change | undefined {
    const q = this.asking(questionId, 'recall');
    if (!q || this.attempt?.kind !== 'recall' || this.attempt.rating) return undefined;
    this.attempt = { kind: 'recall', rating };
    this.graded();
    return this.record(q.id, rating, now);
  }

  /** The fix exercise being asked now (for the panel to open its file, show its solution). */
  fixQuestion(questionId: string) {
    return this.asking(questionId, 'fix');
  }

  /** Whether the current fix exercise's file has been opened in this attempt (a first open starts from the start file). */
  fixOpened(questionId: string): boolean {
    return !!this.asking(questionId, 'fix') && this.attempt?.kind === 'fix' && this.attempt.opened;
  }

  openedFix(questionId: string): void {
    if (this.asking(questionId, 'fix') && this.attempt?.kind === 'fix') this.attempt = { ...this.attempt, opened: true };
  }

  showHint(questionId: string): boolean {
    if (!this.asking(questionId, 'fix')?.hintHtml || this.attempt?.kind !== 'fix') return false;
    this.attempt = { ...this.attempt, hint: true };
    return true;
  }

  /** The learner's file was graded; done for the first time is Good. */
  fixGraded(questionId: string, grade: FixGrade, now: number): Change | undefined {
    const q = this.asking(questionId, 'fix');
    if (!q || this.attempt?.kind !== 'fix' || this.attempt.result) return undefined;
    this.attempt = { ...this.attempt, grade, ...(grade.done ? { result: 'done' as const } : {}) };
    if (!grade.done) return undefined;
    this.graded();
    return this.record(q.id, 'good', now);
  }

  /** The learner looks at the solution: Again, unless they had already fixed it. */
  solutionShown(questionId: string, now: number): Change | undefined {
    const q = this.asking(questionId, 'fix');
    if (!q || this.attempt?.kind !== 'fix' || this.attempt.result) return undefined;
    this.attempt = { ...this.attempt, result: 'solution' };
    this.graded();
    return this.record(q.id, 'again', now);
  }

  /** Review the card and, once every question of its lesson has an answer, mark the lesson completed. */
  private record(questionId: string, rating: Rating, now: number): Change {
    const lesson = this.questions.get(questionId)!.lesson;
    return (s) => {
      const next = recordAnswer(s, questionId, rating, now).state;
      return lesson.questions.every((q) => answerOf(next, q.id)) ? markCompleted(next, lesson.id, now) : next;
    };
  }

  // ---- what the page shows ----

  view(state: CourseState, now: number, rewrite: HtmlRewrite): PageView {
    const p = this.pos;
    if (p.view === 'reading') return this.readingView(p.lessonId, state, now, rewrite);
    if (p.view === 'run') return p.index < p.run.length ? this.questionView(p, state, now, rewrite) : this.summaryView(p, state, now);
    return this.mapView(state, now);
  }

  private mapView(state: CourseState, now: number): MapView {
    const rows = progress(this.course, state);
    const lessons = this.course.lessons.map((l, i) => ({
      id: l.id,
      number: l.number,
      title: l.title,
      summaryHtml: l.summaryHtml,
      minutes: l.minutes,
      questions: rows[i]!.questions,
      answered: rows[i]!.answered,
      mastered: rows[i]!.mastered,
      read: rows[i]!.read,
      completed: rows[i]!.completed,
      due: dueCount(this.course, state, now, l.id),
    }));
    const next = lessons.find((l) => !l.completed);
    const due = dueCount(this.course, state, now);
    const upcoming = due === 0 ? this.nextDueAt(state, now) : undefined;
    return { kind: 'map', lessons, due, ...(upcoming !== undefined ? { nextDue: formatInterval(upcoming - now) } : {}), ...(next ? { nextLessonId: next.id } : {}) };
  }

  /** When the next of the course's answered questions falls due after `now` (epoch ms), if any is scheduled. */
  nextDueAt(state: CourseState, now: number): number | undefined {
    let next: number | undefined;
    for (const { question } of this.questions.values()) {
      const card = cardOf(state, question.id);
      if (card && card.state !== 'new' && card.due > now && (next === undefined || card.due < next)) next = card.due;
    }
    return next;
  }

  private readingView(lessonId: string, state: CourseState, now: number, rewrite: HtmlRewrite): ReadingView {
    const l = this.lesson(lessonId)!;
    return {
      kind: 'reading',
      lessonId: l.id,
      number: l.number,
      title: l.title,
      minutes: l.minutes,
      objectivesHtml: l.objectivesHtml,
      readingHtml: rewrite(l.readingHtml),
      sources: l.sources,
      questions: lessonRun(this.course, state, l.id, now).length,
      read: lessonOf(state, l.id).readAt !== undefined,
    };
  }

  private runLesson(p: Extract<Position, { view: 'run' }>) {
    const l = p.lessonId !== undefined ? this.lesson(p.lessonId) : undefined;
    return l && { id: l.id, number: l.number, title: l.title };
  }

  private questionView(p: Extract<Position, { view: 'run' }>, state: CourseState, now: number, rewrite: HtmlRewrite): QuestionView {
    const { question: q, lesson: from } = this.questions.get(p.run[p.index]!)!;
    const lesson = this.runLesson(p);
    const outcome = this.outcome(q, state, now, rewrite);
    return {
      kind: 'question',
      ...(lesson ? { lesson } : {}),
      index: p.index,
      total: p.run.length,
      from: { number: from.number, title: from.title },
      recall: lesson !== undefined && lesson.id !== from.id,
      question: asked(q, rewrite),
      ...(outcome ? { outcome } : {}),
    };
  }

  /** "in 10 minutes": when the question's card is due next. */
  private nextReview(questionId: string, now: number, state: CourseState): string {
    const card = cardOf(state, questionId);
    return card ? formatInterval(card.due - now) : 'now';
  }

  private outcome(q: CompiledQuestion, state: CourseState, now: number, rewrite: HtmlRewrite): Outcome | undefined {
    const a = this.attempt;
    if (!a) return undefined;
    if (a.kind === 'choice' && q.kind === 'choice') {
      return {
        kind: 'choice',
        correct: a.grade.correct,
        choices: a.grade.choices.map((c, i) => ({ correct: c.correct, selected: c.selected, ...(c.explain ? { explainHtml: q.choices[i]!.explainHtml } : {}) })),
        next: this.nextReview(q.id, now, state),
      };
    }
    if (a.kind === 'recall' && q.kind === 'recall') {
      const card = cardOf(state, q.id);
      const base = { kind: 'recall' as const, answerHtml: rewrite(q.answerHtml), pointsHtml: q.pointsHtml };
      if (a.rating) return { ...base, rating: a.rating, next: this.nextReview(q.id, now, state) };
      // before rating: when each rating would bring the question back
      const intervals = Object.fromEntries(RATINGS.map((r) => [r, formatInterval(review(card, r, now).card.due - now)])) as Record<Rating, string>;
      return { ...base, intervals };
    }
    if (a.kind === 'fix' && q.kind === 'fix') {
      return {
        kind: 'fix',
        opened: a.opened,
        remaining: a.grade ? a.grade.remaining : q.findings,
        introduced: (a.grade?.introduced ?? []).map((f) => ({ ruleId: f.ruleId, message: f.message, line: f.line })),
        unrecognised: a.grade ? !a.grade.recognised : false,
        ...(a.hint && q.hintHtml ? { hintHtml: q.hintHtml } : {}),
        ...(a.result ? { result: a.result, next: this.nextReview(q.id, now, state) } : {}),
      };
    }
    return undefined;
  }

  private summaryView(p: Extract<Position, { view: 'run' }>, state: CourseState, now: number): SummaryView {
    const lesson = p.lessonId !== undefined ? this.lesson(p.lessonId) : undefined;
    const index = lesson ? this.course.lessons.indexOf(lesson) : -1;
    const after = index >= 0 ? this.course.lessons[index + 1] : undefined;
    return {
      kind: 'summary',
      ...(lesson ? { lesson: { id: lesson.id, number: lesson.number, title: lesson.title, completed: lessonOf(state, lesson.id).completedAt !== undefined } } : {}),
      rows: p.run.map((id) => {
        const { question, lesson: from } = this.questions.get(id)!;
        const rating = answerOf(state, id)?.rating;
        return { questionId: id, from: from.number, prompt: plainText(question.promptHtml), ...(rating ? { rating } : {}) };
      }),
      due: dueCount(this.course, state, now),
      ...(after ? { nextLesson: { id: after.id, number: after.number, title: after.title } } : {}),
    };
  }
}

/** A question as the page may see it before it is answered. */
function asked(q: CompiledQuestion, rewrite: HtmlRewrite): AskedQuestion {
  const promptHtml = rewrite(q.promptHtml);
  switch (q.kind) {
    case 'choice':
      return { kind: 'choice', id: q.id, promptHtml, multiple: q.multiple, choicesHtml: q.choices.map((c) => c.textHtml) };
    case 'recall':
      return { kind: 'recall', id: q.id, promptHtml };
    case 'fix':
      return { kind: 'fix', id: q.id, promptHtml, file: q.file, findings: q.findings, hasHint: q.hintHtml !== undefined };
  }
}
