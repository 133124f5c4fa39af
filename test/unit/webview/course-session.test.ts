// The course panel's session without VS Code, on the real lessons: what the page is shown (never an answer before it
// is given), how answers become progress (right choice Good, wrong Again, self-grades as given, a fixed exercise
// Good, a shown solution Again), lesson completion, spaced recall inside a later lesson, the review queue, and a
// reloaded page's position.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileCourse } from '../../../src/core/course/compile';
import { answerOf, cardOf, type CompiledCourse, type CompiledFixQuestion, type CourseState, emptyState, gradeFix, lessonOf } from '../../../src/core/course';
import { loadCourse } from '../../../src/node/course';
import { type Change, CourseSession } from '../../../src/vscode/course/session';
import type { QuestionView, ReadingView, SummaryView } from '../../../src/webview/course/protocol';

const loaded = loadCourse('lessons');
assert.deepEqual(loaded.errors, []);
const course: CompiledCourse = compileCourse(loaded.lessons, loaded.exercises);
const first = course.lessons[0]!;
const second = course.lessons[1]!;
const NOW = Date.UTC(2026, 3, 1, 9, 0, 0);
const DAY = 86_400_000;
const same = (html: string) => html;

function apply(state: CourseState, change: Change | undefined): CourseState {
  assert.ok(change, 'the action changes the progress');
  return change(state);
}

function questionView(s: CourseSession, state: CourseState, now = NOW): QuestionView {
  const v = s.view(state, now, same);
  assert.equal(v.kind, 'question');
  return v as QuestionView;
}

/** Answer the current question right (choice: the right choices; recall: Good; fix: its solution). */
function answerRight(s: CourseSession, state: CourseState, now = NOW): CourseState {
  const q = s.current()!;
  if (q.kind === 'choice') return apply(state, s.answer(q.id, q.choices.flatMap((c, i) => (c.correct ? [i] : [])), now));
  if (q.kind === 'recall') {
    assert.ok(s.reveal(q.id));
    return apply(state, s.rate(q.id, 'good', now));
  }
  s.openedFix(q.id);
  return apply(state, s.fixGraded(q.id, gradeFix(q, q.solution), now));
}

describe('course session', () => {
  it('starts on the course map: every lesson in order, nothing due, lesson 1 next', () => {
    const s = new CourseSession(course);
    const v = s.view(emptyState(), NOW, same);
    assert.equal(v.kind, 'map');
    if (v.kind !== 'map') return;
    assert.deepEqual(v.lessons.map((l) => l.number), course.lessons.map((_, i) => i + 1));
    assert.equal(v.due, 0);
    assert.equal(v.nextLessonId, first.id);
    assert.ok(v.lessons.every((l) => l.answered === 0 && !l.completed && l.questions > 0));
  });

  it('shows a reading with its objectives and rewritten diagrams, and counts it read when the questions start', () => {
    const s = new CourseSession(course);
    assert.equal(s.openLesson('no-such-lesson'), false);
    assert.ok(s.openLesson(second.id));
    const v = s.view(emptyState(), NOW, (html) => html.replaceAll('diagrams/', 'https://resource/'));
    assert.equal(v.kind, 'reading');
    const r = v as ReadingView;
    assert.equal(r.objectivesHtml.length, second.objectivesHtml.length);
    assert.match(r.readingHtml, /src="https:\/\/resource\/token-exchange\.svg"/);
    assert.equal(r.questions, second.questions.length, 'nothing is due yet: the run is the lesson\'s own questions');
    const state = apply(emptyState(), s.startQuestions(second.id, emptyState(), NOW));
    assert.equal(lessonOf(state, second.id).readAt, NOW);
    assert.deepEqual(s.position, { view: 'run', lessonId: second.id, run: second.questions.map((q) => q.id), index: 0, answered: false });
  });

  it('never sends which choice is right before the answer, and explains the chosen and the right ones after', () => {
    const s = new CourseSession(course);
    s.startQuestions(first.id, emptyState(), NOW);
    const before = questionView(s, emptyState());
    assert.equal(before.question.kind, 'choice');
    assert.doesNotMatch(JSON.stringify(before), /correct|explain/i);
    const q = s.current()!;
    assert.equal(q.kind, 'choice');
    if (q.kind !== 'choice') return;
    const wrong = q.choices.findIndex((c) => !c.correct);
    const right = q.choices.findIndex((c) => c.correct);
    assert.equal(s.next(), false, 'no moving on before answering');
    assert.equal(s.answer('other/question', [wrong], NOW), undefined, 'a stale question id is ignored');
    if (!q.multiple) assert.equal(s.answer(q.id, [wrong, right], NOW), undefined, 'two choices on a single-answer question');
    const state = apply(emptyState(), s.answer(q.id, [wrong], NOW));
    assert.equal(answerOf(state, q.id)?.rating, 'again');
    assert.equal(s.answer(q.id, [right], NOW), undefined, 'graded once');
    const after = questionView(s, state);
    assert.equal(after.outcome?.kind, 'choice');
    if (after.outcome?.kind !== 'choice') return;
    assert.equal(after.outcome.correct, false);
    assert.equal(after.outcome.choices[wrong]!.explainHtml, q.choices[wrong]!.explainHtml);
    assert.equal(after.outcome.choices[right]!.explainHtml, q.choices[right]!.explainHtml);
    assert.ok(after.outcome.choices.every((c, i) => (c.explainHtml !== undefined) === (i === wrong || q.choices[i]!.correct)));
    assert.equal(after.outcome.next, 'in 1 minute', 'Again brings a new question back after the first learning step');
    assert.equal(s.position.view === 'run' && s.position.answered, true);
    assert.ok(s.next());
    assert.equal(s.position.view === 'run' && s.position.index, 1);
  });

  it('rates free recall only after the answer shows, with the interval each rating would give', () => {
    const s = new CourseSession(course);
    s.startQuestions(first.id, emptyState(), NOW);
    let state = emptyState();
    while (s.current()?.kind !== 'recall') {
      state = answerRight(s, state);
      s.next();
    }
    const q = s.current()!;
    assert.equal(s.rate(q.id, 'easy', NOW), undefined, 'no grade before the model answer shows');
    assert.ok(s.reveal(q.id));
    const shown = questionView(s, state).outcome;
    assert.equal(shown?.kind, 'recall');
    if (shown?.kind !== 'recall') return;
    assert.ok(shown.answerHtml.length > 0 && shown.pointsHtml.length >= 2);
    assert.deepEqual(shown.intervals, { again: 'in 1 minute', hard: 'in 6 minutes', good: 'in 10 minutes', easy: 'in 8 days' });
    state = apply(state, s.rate(q.id, 'hard', NOW));
    assert.equal(answerOf(state, q.id)?.rating, 'hard');
    const rated = questionView(s, state).outcome;
    assert.ok(rated?.kind === 'recall' && rated.rating === 'hard' && rated.intervals === undefined && rated.next === 'in 6 minutes');
  });

  it('grades a fix exercise live: Good once done, Again when the solution is shown first', () => {
    const lesson = course.lessons.find((l) => l.questions.some((q) => q.kind === 'fix'))!;
    const fixIndex = lesson.questions.findIndex((q) => q.kind === 'fix');
    const q = lesson.questions[fixIndex] as CompiledFixQuestion;
    const position = { view: 'run' as const, lessonId: lesson.id, run: lesson.questions.map((x) => x.id), index: fixIndex, answered: false };

    const s = new CourseSession(course);
    s.restore(position);
    const before = questionView(s, emptyState());
    assert.ok(before.question.kind === 'fix' && before.question.file === q.file);
    assert.doesNotMatch(JSON.stringify(before), new RegExp(q.solution.slice(0, 40).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'the solution stays on the host');
    assert.equal(s.fixOpened(q.id), false);
    s.openedFix(q.id);
    assert.equal(s.fixOpened(q.id), true);
    assert.equal(s.fixGraded(q.id, gradeFix(q, q.start), NOW), undefined, 'the start file is not done');
    const open = questionView(s, emptyState()).outcome;
    assert.ok(open?.kind === 'fix' && open.opened && open.remaining.length === q.findings.length && !open.result);
    assert.ok(s.showHint(q.id));
    const hinted = questionView(s, emptyState()).outcome;
    assert.ok(hinted?.kind === 'fix' && hinted.hintHtml === q.hintHtml);
    const done = apply(emptyState(), s.fixGraded(q.id, gradeFix(q, q.solution), NOW));
    assert.equal(answerOf(done, q.id)?.rating, 'good');
    assert.equal(s.solutionShown(q.id, NOW), undefined, 'looking at the solution after fixing it costs nothing');

    const t = new CourseSession(course);
    t.restore(position);
    const gaveUp = apply(emptyState(), t.solutionShown(q.id, NOW));
    assert.equal(answerOf(gaveUp, q.id)?.rating, 'again');
    assert.equal(t.fixGraded(q.id, gradeFix(q, q.solution), NOW), undefined, 'fixing it after seeing the solution is not a second grade');
    const outcome = questionView(t, gaveUp).outcome;
    assert.ok(outcome?.kind === 'fix' && outcome.result === 'solution');
  });

  it('completes a lesson once every question has an answer, then sums the run up and offers the next lesson', () => {
    const s = new CourseSession(course);
    let state = apply(emptyState(), s.startQuestions(first.id, emptyState(), NOW));
    for (let i = 0; i < first.questions.length; i++) {
      assert.equal(lessonOf(state, first.id).completedAt, undefined);
      state = answerRight(s, state);
      assert.ok(s.next());
    }
    assert.equal(lessonOf(state, first.id).completedAt, NOW);
    const v = s.view(state, NOW, same) as SummaryView;
    assert.equal(v.kind, 'summary');
    assert.equal(v.lesson?.completed, true);
    assert.equal(v.rows.length, first.questions.length);
    assert.ok(v.rows.every((r) => r.rating === 'good' && r.prompt.length > 0 && !/[<>]/.test(r.prompt)));
    assert.deepEqual(v.nextLesson, { id: second.id, number: 2, title: second.title });
    assert.equal(s.next(), false, 'the summary is the end of the run');

    // a day later, lesson 1's questions are due: lesson 2's run brings some back as spaced recall, and the map says so
    const later = NOW + DAY;
    const map = (s.openMap(), s.view(state, later, same));
    assert.ok(map.kind === 'map' && map.due === first.questions.length && map.lessons[0]!.due === first.questions.length && map.nextLessonId === second.id);
    s.startQuestions(second.id, state, later);
    const run = s.position.view === 'run' ? s.position.run : [];
    assert.equal(run.length, second.questions.length + 3);
    s.restore({ view: 'run', lessonId: second.id, run, index: second.questions.length, answered: false });
    const recall = questionView(s, state, later);
    assert.equal(recall.recall, true);
    assert.deepEqual(recall.from, { number: 1, title: first.title });

    // the review queue: every due question, from any lesson, labelled with its lesson
    assert.ok(s.startReview(state, later));
    const review = s.position.view === 'run' ? s.position : undefined;
    assert.ok(review && review.lessonId === undefined && review.run.length === first.questions.length);
    const item = questionView(s, state, later);
    assert.equal(item.lesson, undefined);
    assert.equal(item.recall, false);
    assert.ok(cardOf(state, item.question.id));
  });

  it('has nothing to review on a fresh start', () => {
    const s = new CourseSession(course);
    assert.equal(s.startReview(emptyState(), NOW), false);
    assert.deepEqual(s.position, { view: 'map' });
  });

  it('restores a reloaded page where it was, moving past a question already graded', () => {
    const s = new CourseSession(course);
    const run = first.questions.map((q) => q.id);
    s.restore({ view: 'run', lessonId: first.id, run, index: 2, answered: true });
    assert.deepEqual(s.position, { view: 'run', lessonId: first.id, run, index: 3, answered: false });
    s.restore({ view: 'run', lessonId: first.id, run, index: run.length - 1, answered: true });
    assert.equal(s.view(emptyState(), NOW, same).kind, 'summary');
    s.restore({ view: 'reading', lessonId: second.id });
    assert.equal(s.view(emptyState(), NOW, same).kind, 'reading');
    for (const p of [
      { view: 'reading' as const, lessonId: 'gone-lesson' },
      { view: 'run' as const, lessonId: first.id, run: [...run, 'gone-lesson/q'], index: 0, answered: false },
      { view: 'run' as const, lessonId: 'gone-lesson', run, index: 0, answered: false },
    ]) {
      s.restore(p);
      assert.deepEqual(s.position, { view: 'map' }, JSON.stringify(p).slice(0, 80));
    }
  });
});
