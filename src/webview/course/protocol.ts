// The course's messages, imported by both sides (the page in the webview and the panel in the extension host), so
// neither can send what the other does not read. Everything here is plain JSON. The host owns the learner's progress,
// grades every answer (the page never holds which choice is right before it is answered) and tells the page what to
// show; the page renders it and sends back what the learner did. The host validates every message from the page with
// `readPageMessage` before use: a webview is a page, and a page is not trusted.
import { RATINGS, type Rating, type Source } from '../../core/course/types';

export const COURSE_VIEW_TYPE = 'keyless.course';

// ---------------------------------------------------------------------------------------------------------------
// Where the learner is (kept by the page with setState, handed back by the serializer after a reload)

/**
 * The UI position: the course map, a lesson's reading, or a run of questions (a lesson's, or the review queue's when
 * `lessonId` is absent) at `index` (`index === run.length`: the run's summary). `answered` says the question at
 * `index` has been graded, so a restored panel moves on instead of asking it twice.
 */
export type Position =
  | { readonly view: 'map' }
  | { readonly view: 'reading'; readonly lessonId: string }
  | { readonly view: 'run'; readonly lessonId?: string; readonly run: readonly string[]; readonly index: number; readonly answered: boolean };

/** What the page keeps with `setState`: the position, the scroll offset, and the recall answer being typed. */
export interface PageState {
  readonly position: Position;
  readonly scrollY?: number;
  /** The learner's unfinished free-recall answer (only the current question's; dropped when it is graded). */
  readonly draft?: { readonly questionId: string; readonly text: string };
}

// ---------------------------------------------------------------------------------------------------------------
// What the page shows (host → page). HTML fields (ending in `Html`) come from the compiled course only.

export interface LessonCard {
  readonly id: string;
  readonly number: number;
  readonly title: string;
  readonly summaryHtml: string;
  readonly minutes: number;
  readonly questions: number;
  readonly answered: number;
  readonly mastered: number;
  readonly read: boolean;
  readonly completed: boolean;
  /** Questions of this lesson due for review now. */
  readonly due: number;
}

export interface MapView {
  readonly kind: 'map';
  readonly lessons: readonly LessonCard[];
  /** Due questions across the course. */
  readonly due: number;
  /** When nothing is due: when the next question will be ("in 10 minutes"); absent when none is scheduled. */
  readonly nextDue?: string;
  /** The first lesson not completed yet (absent when all are). */
  readonly nextLessonId?: string;
}

export interface ReadingView {
  readonly kind: 'reading';
  readonly lessonId: string;
  readonly number: number;
  readonly title: string;
  readonly minutes: number;
  readonly objectivesHtml: readonly string[];
  /** With diagram sources rewritten to the webview's resource URIs. */
  readonly readingHtml: string;
  readonly sources: readonly Source[];
  /** Questions in the lesson's run (its own and spaced recall). */
  readonly questions: number;
  readonly read: boolean;
}

/** A question as asked: what the learner needs to answer it, never the answer. */
export type AskedQuestion =
  | { readonly kind: 'choice'; readonly id: string; readonly promptHtml: string; readonly multiple: boolean; readonly choicesHtml: readonly string[] }
  | { readonly kind: 'recall'; readonly id: string; readonly promptHtml: string }
  | { readonly kind: 'fix'; readonly id: string; readonly promptHtml: string; readonly file: string; readonly findings: readonly string[]; readonly hasHint: boolean };

export interface ChoiceFeedback {
  readonly correct: boolean;
  readonly selected: boolean;
  /** Present for the choices whose explanation shows: the selected ones and the right ones. */
  readonly explainHtml?: string;
}

/** A finding the learner's file has that the start file did not. */
export interface NewFinding {
  readonly ruleId: string;
  readonly message: string;
  readonly line: number;
}

/** What happened to the question so far; absent before the learner acted. */
export type Outcome =
  | { readonly kind: 'choice'; readonly correct: boolean; readonly choices: readonly ChoiceFeedback[]; readonly next: string }
  | {
      readonly kind: 'recall';
      readonly answerHtml: string;
      readonly pointsHtml: readonly string[];
      /** Before the learner rates: when each rating would bring the question back ("in 10 minutes"). */
      readonly intervals?: Readonly<Record<Rating, string>>;
      readonly rating?: Rating;
      readonly next?: string;
    }
  | {
      readonly kind: 'fix';
      /** The exercise file is open (copied from the start file). */
      readonly opened: boolean;
      /** Named findings still reported. */
      readonly remaining: readonly string[];
      readonly introduced: readonly NewFinding[];
      /** The text is no longer the kind of file the exercise is about (emptied, or turned into something else). */
      readonly unrecognised: boolean;
      /** The hint, once the learner asked for it. */
      readonly hintHtml?: string;
      /** `done`: graded Good; `solution`: the learner looked at the solution (Again). */
      readonly result?: 'done' | 'solution';
      readonly next?: string;
    };

export interface QuestionView {
  readonly kind: 'question';
  /** The run's lesson; absent in the review queue. */
  readonly lesson?: { readonly id: string; readonly number: number; readonly title: string };
  /** 0-based position and length of the run. */
  readonly index: number;
  readonly total: number;
  /** The lesson the question comes from. */
  readonly from: { readonly number: number; readonly title: string };
  /** A question from an earlier lesson, brought back for review inside a lesson run. */
  readonly recall: boolean;
  readonly question: AskedQuestion;
  readonly outcome?: Outcome;
}

export interface SummaryRow {
  readonly questionId: string;
  readonly from: number;
  /** The prompt as plain text, shortened. */
  readonly prompt: string;
  readonly rating?: Rating;
}

export interface SummaryView {
  readonly kind: 'summary';
  readonly lesson?: { readonly id: string; readonly number: number; readonly title: string; readonly completed: boolean };
  readonly rows: readonly SummaryRow[];
  /** Due questions across the course now. */
  readonly due: number;
  /** The lesson after this one (a lesson run only). */
  readonly nextLesson?: { readonly id: string; readonly number: number; readonly title: string };
}

export type PageView = MapView | ReadingView | QuestionView | SummaryView;

/** Host → page. */
export type HostMessage =
  /** Show this; the page keeps `position` with setState. */
  | { readonly type: 'view'; readonly view: PageView; readonly position: Position }
  /** A short message after an action (exported, could not open, nothing due). */
  | { readonly type: 'notice'; readonly text: string }
  /** Ask the page for the text of what it shows (the integration tests read the rendered page this way). */
  | { readonly type: 'inspect'; readonly id: number };

/** Page → host. */
export type PageMessage =
  /** The page has loaded and listens: the host answers with the current view. */
  | { readonly type: 'ready' }
  | { readonly type: 'openMap' }
  | { readonly type: 'openLesson'; readonly lessonId: string }
  /** From a lesson's reading: the reading is done, ask its questions. */
  | { readonly type: 'startQuestions'; readonly lessonId: string }
  | { readonly type: 'startReview' }
  /** A choice question's answer: indexes into its choices. */
  | { readonly type: 'answer'; readonly questionId: string; readonly selected: readonly number[] }
  /** Free recall: show the model answer. */
  | { readonly type: 'reveal'; readonly questionId: string }
  /** Free recall: the learner's grade of their own answer. */
  | { readonly type: 'rate'; readonly questionId: string; readonly rating: Rating }
  | { readonly type: 'openExercise'; readonly questionId: string }
  | { readonly type: 'hint'; readonly questionId: string }
  | { readonly type: 'showSolution'; readonly questionId: string }
  /** Go on to the next question of the run (or its summary). */
  | { readonly type: 'next' }
  | { readonly type: 'openRule'; readonly ruleId: string }
  /** The answer to `inspect`: what the page shows, region by region, as text. */
  | { readonly type: 'inspected'; readonly id: number; readonly regions: Readonly<Record<string, string>> };

// ---------------------------------------------------------------------------------------------------------------
// Validation

/** Most choices a question has (the schema allows 3–5; a little room for later lessons). */
export const MAX_CHOICES = 8;
/** Most questions in a run: a lesson's own and spaced recall, or the whole course in review. */
export const MAX_RUN = 1000;

const LESSON_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const QUESTION_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/;
const RULE_ID = /^[a-z]+\/[a-z0-9-]+$/;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
export const isLessonId = (v: unknown): v is string => typeof v === 'string' && v.length <= 100 && LESSON_ID.test(v);
export const isQuestionId = (v: unknown): v is string => typeof v === 'string' && v.length <= 200 && QUESTION_ID.test(v);
const isRating = (v: unknown): v is Rating => typeof v === 'string' && (RATINGS as readonly string[]).includes(v);

function readSelection(v: unknown): number[] | undefined {
  if (!Array.isArray(v) || v.length > MAX_CHOICES) return undefined;
  if (!v.every((i) => Number.isInteger(i) && i >= 0 && i < MAX_CHOICES)) return undefined;
  return [...new Set(v as number[])].sort((a, b) => a - b);
}

/** A page message with the shape its type requires, or undefined. */
export function readPageMessage(raw: unknown): PageMessage | undefined {
  if (!isObject(raw) || typeof raw.type !== 'string') return undefined;
  switch (raw.type) {
    case 'ready':
    case 'openMap':
    case 'startReview':
    case 'next':
      return { type: raw.type };
    case 'openLesson':
    case 'startQuestions':
      return isLessonId(raw.lessonId) ? { type: raw.type, lessonId: raw.lessonId } : undefined;
    case 'answer': {
      const selected = readSelection(raw.selected);
      return isQuestionId(raw.questionId) && selected && selected.length > 0 ? { type: 'answer', questionId: raw.questionId, selected } : undefined;
    }
    case 'reveal':
    case 'openExercise':
    case 'hint':
    case 'showSolution':
      return isQuestionId(raw.questionId) ? { type: raw.type, questionId: raw.questionId } : undefined;
    case 'rate':
      return isQuestionId(raw.questionId) && isRating(raw.rating) ? { type: 'rate', questionId: raw.questionId, rating: raw.rating } : undefined;
    case 'openRule':
      return typeof raw.ruleId === 'string' && raw.ruleId.length <= 100 && RULE_ID.test(raw.ruleId) ? { type: 'openRule', ruleId: raw.ruleId } : undefined;
    case 'inspected': {
      if (typeof raw.id !== 'number' || !Number.isInteger(raw.id) || !isObject(raw.regions)) return undefined;
      const regions: Record<string, string> = {};
      for (const [k, v] of Object.entries(raw.regions)) if (typeof v === 'string' && v.length <= 1_000_000) regions[k] = v;
      return { type: 'inspected', id: raw.id, regions };
    }
    default:
      return undefined;
  }
}

/**
 * A position read from a restored page state (untrusted), or the course map when it is not one. Ids are only checked
 * for their shape here; the host checks them against the course.
 */
export function readPosition(raw: unknown): Position {
  const p = isObject(raw) && isObject(raw.position) ? raw.position : undefined;
  if (!p) return { view: 'map' };
  if (p.view === 'reading' && isLessonId(p.lessonId)) return { view: 'reading', lessonId: p.lessonId };
  if (p.view === 'run') {
    const run = Array.isArray(p.run) && p.run.length <= MAX_RUN && p.run.every(isQuestionId) ? (p.run as string[]) : undefined;
    const index = typeof p.index === 'number' && Number.isInteger(p.index) && run && p.index >= 0 && p.index <= run.length ? p.index : undefined;
    if (!run || run.length === 0 || index === undefined) return { view: 'map' };
    if (p.lessonId !== undefined && !isLessonId(p.lessonId)) return { view: 'map' };
    return { view: 'run', ...(p.lessonId !== undefined ? { lessonId: p.lessonId as string } : {}), run, index, answered: p.answered === true };
  }
  return { view: 'map' };
}
