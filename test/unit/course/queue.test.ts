// Queues: a lesson run (own questions, then due questions from earlier lessons only), the review queue (most overdue
// first, interleaved by lesson, limited), due counts and progress.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dueCount, lessonRun, progress, RECALL_PER_LESSON, reviewQueue, type QueueItem } from '../../../src/core/course/queue';
import { MASTERED_STABILITY_DAYS } from '../../../src/core/course/scheduler';
import { emptyState, markCompleted, markRead, recordAnswer } from '../../../src/core/course/state';
import type { CardData, CompiledCourse, CompiledRecallQuestion, CourseState } from '../../../src/core/course/types';

const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);
const DAY = 86_400_000;

/** A course of recall questions: `{a: 3}` is lesson `a` with questions a/q1..a/q3. */
function course(spec: Record<string, number>): CompiledCourse {
  return {
    format: 1,
    lessons: Object.entries(spec).map(([id, n], i) => ({
      id,
      number: i + 1,
      title: id,
      summaryHtml: id,
      minutes: 5,
      objectivesHtml: [],
      readingHtml: '',
      sources: [],
      questions: Array.from({ length: n }, (_, j): CompiledRecallQuestion => ({ id: `${id}/q${j + 1}`, lessonId: id, kind: 'recall', promptHtml: '', answerHtml: '', pointsHtml: [] })),
    })),
  };
}

function card(due: number, stability = 3): CardData {
  return { due, stability, difficulty: 5, scheduledDays: 3, learningSteps: 0, reps: 2, lapses: 0, state: 'review', lastReview: due - 3 * DAY };
}

/** A state whose cards fall due `daysAgo` days before NOW (negative: in the future). */
function stateWith(dues: Record<string, number>): CourseState {
  const cards: Record<string, CardData> = {};
  for (const [id, daysAgo] of Object.entries(dues)) cards[id] = card(NOW - daysAgo * DAY);
  return { ...emptyState(), cards };
}

const ids = (items: readonly QueueItem[]) => items.map((x) => x.question.id);
const lessonsInARow = (items: readonly QueueItem[]) => items.filter((x, i) => i > 0 && items[i - 1]!.lessonId === x.lessonId).length;

describe('lessonRun', () => {
  const c = course({ a: 2, b: 2, c: 3, d: 1 });

  it('is the lesson\'s questions in order, then up to three due questions of earlier lessons, interleaved', () => {
    const s = stateWith({ 'a/q1': 5, 'a/q2': 4, 'b/q1': 3, 'b/q2': 1, 'c/q2': 9, 'd/q1': 8 });
    const run = lessonRun(c, s, 'c', NOW);
    assert.equal(RECALL_PER_LESSON, 3);
    assert.deepEqual(ids(run), ['c/q1', 'c/q2', 'c/q3', 'a/q1', 'b/q1', 'a/q2']);
    assert.deepEqual(run.map((x) => x.recall), [false, false, false, true, true, true]);
    assert.equal(run[0]!.due, undefined, 'a question never answered has no due time');
    assert.equal(run[1]!.due, NOW - 9 * DAY);
  });

  it('takes nothing from its own or later lessons, nor what is not yet due', () => {
    const s = stateWith({ 'a/q1': -1, 'b/q2': -0.5, 'c/q1': 2, 'd/q1': 2 });
    assert.deepEqual(ids(lessonRun(c, s, 'c', NOW)), ['c/q1', 'c/q2', 'c/q3']);
    assert.deepEqual(ids(lessonRun(c, stateWith({ 'b/q1': 3, 'c/q1': 3 }), 'a', NOW)), ['a/q1', 'a/q2']);
  });

  it('rejects a lesson that is not in the course', () => {
    assert.throws(() => lessonRun(c, emptyState(), 'zz', NOW), /no lesson "zz"/);
  });
});

describe('reviewQueue', () => {
  it('puts the most overdue first and never two of a lesson in a row when the mix allows', () => {
    const c = course({ a: 3, b: 1, c: 1 });
    // by overdue alone: b/q1 a/q1 a/q2 a/q3 c/q1, which would end in a/q2 a/q3 or similar
    const s = stateWith({ 'b/q1': 10, 'a/q1': 9, 'a/q2': 8, 'a/q3': 7, 'c/q1': 1 });
    const q = reviewQueue(c, s, NOW);
    assert.deepEqual(ids(q), ['a/q1', 'b/q1', 'a/q2', 'c/q1', 'a/q3']);
    assert.equal(lessonsInARow(q), 0);
    assert.ok(q.every((x) => x.recall && x.due !== undefined));
  });

  it('takes the most overdue question of another lesson between two of the same lesson', () => {
    const c = course({ a: 3, b: 1, c: 1 });
    const s = stateWith({ 'a/q1': 10, 'a/q2': 9, 'a/q3': 8, 'c/q1': 2, 'b/q1': 1 });
    assert.deepEqual(ids(reviewQueue(c, s, NOW)), ['a/q1', 'c/q1', 'a/q2', 'b/q1', 'a/q3']);
  });

  it('still returns every due question when one lesson has most of them', () => {
    const c = course({ a: 4, b: 1 });
    const s = stateWith({ 'a/q1': 5, 'a/q2': 4, 'b/q1': 3, 'a/q3': 2, 'a/q4': 1 });
    const q = reviewQueue(c, s, NOW);
    assert.deepEqual(ids(q), ['a/q1', 'b/q1', 'a/q2', 'a/q3', 'a/q4']);
  });

  it('breaks ties in course order, and applies the limit after interleaving', () => {
    const c = course({ a: 2, b: 2 });
    const s = stateWith({ 'a/q1': 1, 'a/q2': 1, 'b/q1': 1, 'b/q2': 1 });
    assert.deepEqual(ids(reviewQueue(c, s, NOW)), ['a/q1', 'b/q1', 'a/q2', 'b/q2']);
    assert.deepEqual(ids(reviewQueue(c, s, NOW, 3)), ['a/q1', 'b/q1', 'a/q2']);
    assert.deepEqual(reviewQueue(c, s, NOW, 0), []);
  });

  it('ignores questions that are not due, never answered, or no longer in the course', () => {
    const c = course({ a: 2 });
    const s = recordAnswer(stateWith({ 'a/q1': -2, 'gone/q1': 30 }), 'a/q2', 'good', NOW - 2 * DAY).state;
    assert.deepEqual(ids(reviewQueue(c, s, NOW)), ['a/q2']);
    assert.deepEqual(ids(reviewQueue(c, stateWith({ 'gone/q1': 30 }), NOW)), []);
  });
});

describe('dueCount', () => {
  it('counts the course\'s due questions, in all or in one lesson', () => {
    const c = course({ a: 2, b: 3 });
    const s = stateWith({ 'a/q1': 1, 'a/q2': -1, 'b/q1': 0, 'b/q3': 4, 'gone/q1': 9 });
    assert.equal(dueCount(c, s, NOW), 3);
    assert.equal(dueCount(c, s, NOW, 'a'), 1);
    assert.equal(dueCount(c, s, NOW, 'b'), 2);
    assert.equal(dueCount(c, s, NOW + 2 * DAY), 4);
    assert.equal(dueCount(c, emptyState(), NOW), 0);
  });
});

describe('progress', () => {
  it('counts questions, answered, mastered, and reports read and completed lessons', () => {
    const c = course({ a: 3, b: 2 });
    let s = recordAnswer(emptyState(), 'a/q1', 'good', NOW).state;
    s = recordAnswer(s, 'a/q2', 'again', NOW).state;
    s = recordAnswer(s, 'gone/q9', 'good', NOW).state;
    s = { ...s, cards: { ...s.cards, 'a/q1': card(NOW + 30 * DAY, MASTERED_STABILITY_DAYS), 'a/q3': card(NOW, MASTERED_STABILITY_DAYS - 0.5) } };
    s = markCompleted(markRead(s, 'a', NOW), 'a', NOW);
    s = markRead(s, 'b', NOW);
    assert.deepEqual(progress(c, s), [
      { lessonId: 'a', questions: 3, answered: 2, mastered: 1, read: true, completed: true },
      { lessonId: 'b', questions: 2, answered: 0, mastered: 0, read: true, completed: false },
    ]);
    assert.deepEqual(progress(c, emptyState()).map((p) => [p.answered, p.mastered, p.read, p.completed]), [
      [0, 0, false, false],
      [0, 0, false, false],
    ]);
  });
});
