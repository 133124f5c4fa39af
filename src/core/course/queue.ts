// What to ask next. A lesson run is the lesson's questions in order, then a few due questions from earlier lessons
// (spaced recall, interleaved into new material). The review queue is every due question of the course, most overdue
// first, arranged so that two questions in a row come from different lessons whenever the mix allows. Only the
// course's questions count: progress kept for questions that were removed is ignored here.
import { isDue, isMastered } from './scheduler';
import { answerOf, cardOf, lessonOf } from './state';
import type { CompiledCourse, CompiledLesson, CompiledQuestion, CourseState } from './types';

/** How many due questions from earlier lessons follow a lesson's own questions. */
export const RECALL_PER_LESSON = 3;

export interface QueueItem {
  readonly question: CompiledQuestion;
  readonly lessonId: string;
  /** A question from an earlier lesson brought back for review (spaced recall), not one of the lesson's own. */
  readonly recall: boolean;
  /** When it fell due (epoch ms); absent for a lesson's own questions that were never answered. */
  readonly due?: number;
}

interface Due {
  readonly question: CompiledQuestion;
  readonly lessonId: string;
  readonly due: number;
  /** Course order, for ties. */
  readonly order: number;
}

function lessonIndex(course: CompiledCourse, lessonId: string): number {
  const i = course.lessons.findIndex((l) => l.id === lessonId);
  if (i < 0) throw new Error(`The course has no lesson "${lessonId}"`);
  return i;
}

/** Due questions of the given lessons, most overdue first (ties in course order). */
function dueIn(lessons: readonly CompiledLesson[], state: CourseState, now: number): Due[] {
  const out: Due[] = [];
  let order = 0;
  for (const l of lessons) {
    for (const q of l.questions) {
      const card = cardOf(state, q.id);
      if (isDue(card, now)) out.push({ question: q, lessonId: l.id, due: card.due, order });
      order++;
    }
  }
  return out.sort((a, b) => a.due - b.due || a.order - b.order);
}

/**
 * Whether `n` items (counts per lesson) can be put in a row without two of the same lesson side by side, the first
 * one not from `after`.
 */
function arrangeable(counts: ReadonlyMap<string, number>, n: number, after: string | undefined): boolean {
  for (const [lesson, c] of counts) if (c > (lesson === after ? Math.floor(n / 2) : Math.ceil(n / 2))) return false;
  return true;
}

/**
 * Reorder (most overdue first) so that consecutive items come from different lessons when possible: each step takes
 * the most overdue item of another lesson than the last whose removal still lets the rest alternate; when the mix
 * cannot alternate (one lesson has most of the items), the most overdue item of another lesson, else the next one.
 */
function interleave(items: readonly Due[]): Due[] {
  const rest = [...items];
  const counts = new Map<string, number>();
  for (const x of rest) counts.set(x.lessonId, (counts.get(x.lessonId) ?? 0) + 1);
  const out: Due[] = [];
  let prev: string | undefined;
  while (rest.length) {
    let pick = rest.findIndex((x) => {
      if (x.lessonId === prev) return false;
      counts.set(x.lessonId, counts.get(x.lessonId)! - 1);
      const ok = arrangeable(counts, rest.length - 1, x.lessonId);
      counts.set(x.lessonId, counts.get(x.lessonId)! + 1);
      return ok;
    });
    if (pick < 0) pick = rest.findIndex((x) => x.lessonId !== prev);
    if (pick < 0) pick = 0;
    const [x] = rest.splice(pick, 1);
    counts.set(x!.lessonId, counts.get(x!.lessonId)! - 1);
    out.push(x!);
    prev = x!.lessonId;
  }
  return out;
}

const item = (d: Due, recall: boolean): QueueItem => ({ question: d.question, lessonId: d.lessonId, recall, due: d.due });

/** A lesson's questions in order, followed by up to RECALL_PER_LESSON due questions from earlier lessons. */
export function lessonRun(course: CompiledCourse, state: CourseState, lessonId: string, now: number): QueueItem[] {
  const index = lessonIndex(course, lessonId);
  const lesson = course.lessons[index]!;
  const own: QueueItem[] = lesson.questions.map((q) => {
    const card = cardOf(state, q.id);
    return { question: q, lessonId, recall: false, ...(card && card.state !== 'new' ? { due: card.due } : {}) };
  });
  const earlier = interleave(dueIn(course.lessons.slice(0, index), state, now)).slice(0, RECALL_PER_LESSON);
  return [...own, ...earlier.map((d) => item(d, true))];
}

/** Due questions across the course, most overdue first, interleaved by lesson; at most `limit`. */
export function reviewQueue(course: CompiledCourse, state: CourseState, now: number, limit = Number.POSITIVE_INFINITY): QueueItem[] {
  if (!(limit > 0)) return [];
  return interleave(dueIn(course.lessons, state, now))
    .slice(0, limit)
    .map((d) => item(d, true));
}

/** How many of the course's questions (or one lesson's) are due at `now`: the "5 due" of the course map. */
export function dueCount(course: CompiledCourse, state: CourseState, now: number, lessonId?: string): number {
  const lessons = lessonId === undefined ? course.lessons : [course.lessons[lessonIndex(course, lessonId)]!];
  let n = 0;
  for (const l of lessons) for (const q of l.questions) if (isDue(cardOf(state, q.id), now)) n++;
  return n;
}

export interface LessonProgress {
  readonly lessonId: string;
  /** Questions in the lesson. */
  readonly questions: number;
  /** Of them, answered at least once. */
  readonly answered: number;
  /** Of them, mastered: stability of MASTERED_STABILITY_DAYS (21 days) or more (scheduler.ts says why). */
  readonly mastered: number;
  readonly read: boolean;
  readonly completed: boolean;
}

/** Per lesson, in course order: how far the learner got. */
export function progress(course: CompiledCourse, state: CourseState): LessonProgress[] {
  return course.lessons.map((l) => {
    const record = lessonOf(state, l.id);
    return {
      lessonId: l.id,
      questions: l.questions.length,
      answered: l.questions.filter((q) => answerOf(state, q.id) !== undefined).length,
      mastered: l.questions.filter((q) => isMastered(cardOf(state, q.id))).length,
      read: record.readAt !== undefined,
      completed: record.completedAt !== undefined,
    };
  });
}
