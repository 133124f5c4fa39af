// The learner's persisted progress: FSRS cards, lessons read and completed, the last outcome of each question.
// Plain JSON (timestamps are epoch milliseconds) so that VS Code's globalState and an export file hold it as is.
//
// Reading it back never throws. Anything that is not exactly a state of a known version (a non-object, a wrong type,
// a NaN or negative time, a missing field, an unknown version) gives a fresh state, a `problem` that says what was
// wrong, and the raw value as `backup` for the caller to store aside, so the learner can start again and nothing is
// silently lost. Version 1 is the first format; a later format adds its migration from 1 in `parseState`.
import { review, type ReviewEntry } from './scheduler';
import { RATINGS, type AnswerRecord, type CardData, type CardState, type CourseState, type LessonRecord, type Rating } from './types';

export const STATE_VERSION = 1;

export function emptyState(): CourseState {
  return { version: 1, cards: {}, lessons: {}, answered: {} };
}

export interface ParsedState {
  readonly state: CourseState;
  /** Why the input was not used (the state is then fresh); absent when it was read as is. */
  readonly problem?: string;
  /** The input that was not used, for the caller to keep aside; present exactly when `problem` is. */
  readonly backup?: unknown;
}

class Invalid extends Error {}

const CARD_STATES: readonly CardState[] = ['new', 'learning', 'review', 'relearning'];

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}…` : v);
  return typeof v === 'object' ? 'an object' : typeof v;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function record(v: unknown, where: string): Record<string, unknown> {
  if (!isRecord(v)) throw new Invalid(`${where} must be an object, found ${describe(v)}`);
  return v;
}

function onlyFields(o: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw new Invalid(`${where} has an unknown field "${k}"`);
}

/** A time: epoch milliseconds, a finite number not below 0. */
function time(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Invalid(`${where} must be a time in epoch milliseconds, found ${describe(v)}`);
  return v;
}

function nonNegative(v: unknown, where: string, integer = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v)))
    throw new Invalid(`${where} must be a ${integer ? 'whole ' : ''}number of 0 or more, found ${describe(v)}`);
  return v;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], where: string): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw new Invalid(`${where} must be one of ${allowed.join(', ')}, found ${describe(v)}`);
  return v as T;
}

const key = (where: string, id: string) => `${where}[${JSON.stringify(id)}]`;

function readCard(v: unknown, where: string): CardData {
  const o = record(v, where);
  onlyFields(o, ['due', 'stability', 'difficulty', 'scheduledDays', 'learningSteps', 'reps', 'lapses', 'state', 'lastReview'], where);
  return {
    due: time(o.due, `${where}.due`),
    stability: nonNegative(o.stability, `${where}.stability`),
    difficulty: nonNegative(o.difficulty, `${where}.difficulty`),
    scheduledDays: nonNegative(o.scheduledDays, `${where}.scheduledDays`),
    learningSteps: nonNegative(o.learningSteps, `${where}.learningSteps`, true),
    reps: nonNegative(o.reps, `${where}.reps`, true),
    lapses: nonNegative(o.lapses, `${where}.lapses`, true),
    state: oneOf(o.state, CARD_STATES, `${where}.state`),
    ...(o.lastReview !== undefined ? { lastReview: time(o.lastReview, `${where}.lastReview`) } : {}),
  };
}

function readLesson(v: unknown, where: string): LessonRecord {
  const o = record(v, where);
  onlyFields(o, ['readAt', 'completedAt'], where);
  return {
    ...(o.readAt !== undefined ? { readAt: time(o.readAt, `${where}.readAt`) } : {}),
    ...(o.completedAt !== undefined ? { completedAt: time(o.completedAt, `${where}.completedAt`) } : {}),
  };
}

function readAnswer(v: unknown, where: string): AnswerRecord {
  const o = record(v, where);
  onlyFields(o, ['at', 'rating', 'count'], where);
  const count = nonNegative(o.count, `${where}.count`, true);
  if (count < 1) throw new Invalid(`${where}.count must be 1 or more, found 0`);
  return { at: time(o.at, `${where}.at`), rating: oneOf<Rating>(o.rating, RATINGS, `${where}.rating`), count };
}

function readMap<T>(v: unknown, where: string, read: (v: unknown, where: string) => T): Record<string, T> {
  const o = record(v, where);
  // fromEntries defines own properties: an id such as "__proto__" stays data
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((id) => {
        if (!id) throw new Invalid(`${where} has an empty id`);
        return [id, read(o[id], key(where, id))];
      }),
  );
}

function readV1(o: Record<string, unknown>): CourseState {
  onlyFields(o, ['version', 'cards', 'lessons', 'answered'], 'the state');
  return {
    version: 1,
    cards: readMap(o.cards, 'cards', readCard),
    lessons: readMap(o.lessons, 'lessons', readLesson),
    answered: readMap(o.answered, 'answered', readAnswer),
  };
}

/**
 * Read a stored state. `undefined` (nothing stored yet) is a fresh start without a problem. Question and lesson ids
 * that are not in the course are kept: content can come back, and the queues only look at the course's ids.
 */
export function parseState(raw: unknown): ParsedState {
  if (raw === undefined) return { state: emptyState() };
  const fail = (why: string): ParsedState => ({ state: emptyState(), problem: `The course progress could not be read: ${why}.`, backup: raw });
  if (!isRecord(raw)) return fail(`it is ${describe(raw)}, not an object`);
  const v = raw.version;
  if (v === undefined) return fail('it has no version');
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) return fail(`its version ${describe(v)} is not a format version`);
  if (v > STATE_VERSION) return fail(`it was written in format ${v} by a newer version of Keyless (this one reads format ${STATE_VERSION})`);
  try {
    return { state: readV1(raw) };
  } catch (e) {
    if (e instanceof Invalid) return fail(e.message);
    throw e;
  }
}

function sortedEntries<T>(o: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]!]));
}

/** The state as a file: pretty JSON with ids in sorted order (the same state always gives the same text). */
export function exportState(state: CourseState): string {
  const canonical: CourseState = { version: state.version, cards: sortedEntries(state.cards), lessons: sortedEntries(state.lessons), answered: sortedEntries(state.answered) };
  return `${JSON.stringify(canonical, null, 2)}\n`;
}

/** Read an exported file: JSON, then the same checks as `parseState`. */
export function importState(text: string): ParsedState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { state: emptyState(), problem: `The course progress could not be read: it is not JSON (${(e as Error).message}).`, backup: text };
  }
  return parseState(raw);
}

// ---- reading ----

/** A question's card; undefined when never answered (own properties only: ids are data, not object keys). */
export function cardOf(state: CourseState, questionId: string): CardData | undefined {
  return Object.hasOwn(state.cards, questionId) ? state.cards[questionId] : undefined;
}

export function answerOf(state: CourseState, questionId: string): AnswerRecord | undefined {
  return Object.hasOwn(state.answered, questionId) ? state.answered[questionId] : undefined;
}

export function lessonOf(state: CourseState, lessonId: string): LessonRecord {
  return (Object.hasOwn(state.lessons, lessonId) ? state.lessons[lessonId] : undefined) ?? {};
}

// ---- changes (each returns a new state) ----

/** Record an answer: the question's card is reviewed with the rating, and the answer becomes its last outcome. */
export function recordAnswer(state: CourseState, questionId: string, rating: Rating, now: number): { state: CourseState; log: ReviewEntry } {
  const { card, log } = review(cardOf(state, questionId), rating, now);
  const count = (answerOf(state, questionId)?.count ?? 0) + 1;
  return {
    state: { ...state, cards: { ...state.cards, [questionId]: card }, answered: { ...state.answered, [questionId]: { at: now, rating, count } } },
    log,
  };
}

/** The learner finished the reading of a lesson (the first time counts). */
export function markRead(state: CourseState, lessonId: string, now: number): CourseState {
  const prev = lessonOf(state, lessonId);
  if (prev.readAt !== undefined) return state;
  return { ...state, lessons: { ...state.lessons, [lessonId]: { ...prev, readAt: now } } };
}

/** The learner answered every question of a lesson (the first time counts). */
export function markCompleted(state: CourseState, lessonId: string, now: number): CourseState {
  const prev = lessonOf(state, lessonId);
  if (prev.completedAt !== undefined) return state;
  return { ...state, lessons: { ...state.lessons, [lessonId]: { ...prev, completedAt: now } } };
}
