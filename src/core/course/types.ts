// The course's data: lessons as authored (lessons/*.yaml, lessons/schema.json), the compiled course the build writes
// to dist/course.json, and the learner's progress. Plain JSON-serialisable values; no editor, no DOM.

/** How the learner did on a question; feeds the FSRS scheduler (ts-fsrs's Again, Hard, Good, Easy). */
export type Rating = 'again' | 'hard' | 'good' | 'easy';
export const RATINGS: readonly Rating[] = ['again', 'hard', 'good', 'easy'];

// ---- lessons as authored (mirror lessons/schema.json) ----

export interface Source {
  readonly title: string;
  readonly url: string;
}

export interface Choice {
  /** Inline Markdown. */
  readonly text: string;
  readonly correct?: boolean;
  /** Why this choice is right, or the misconception it stands for (Markdown). */
  readonly explain: string;
}

export interface ChoiceQuestion {
  readonly id: string;
  readonly kind: 'choice';
  readonly prompt: string;
  /** false (default): exactly one choice is correct; true: one or more are. */
  readonly multiple?: boolean;
  readonly choices: readonly Choice[];
}

export interface RecallQuestion {
  readonly id: string;
  readonly kind: 'recall';
  readonly prompt: string;
  /** The model answer (Markdown). */
  readonly answer: string;
  /** 2–4 key points the learner checks their answer against. */
  readonly points: readonly string[];
}

export interface FixQuestion {
  readonly id: string;
  readonly kind: 'fix';
  readonly prompt: string;
  /** Folder under lessons/exercises/. */
  readonly exercise: string;
  /** Path inside the exercise's start/ and solution/ folders; decides the kind of file the checker sees. */
  readonly file: string;
  /** Rule ids the start file has and the solution must not. */
  readonly findings: readonly string[];
  readonly hint?: string;
}

export type Question = ChoiceQuestion | RecallQuestion | FixQuestion;

export interface Lesson {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly minutes: number;
  readonly objectives: readonly string[];
  /** Markdown. */
  readonly reading: string;
  readonly sources: readonly Source[];
  readonly questions: readonly Question[];
}

// ---- the compiled course (dist/course.json) ----
// Markdown is rendered to HTML at build time with raw HTML disabled (it is escaped), links kept and image paths left
// relative to the lessons folder (`diagrams/x.svg`): the webview rewrites them to its resource URIs. Fields holding
// HTML end in `Html`; everything else is plain text.

export interface CompiledChoice {
  /** Inline HTML. */
  readonly textHtml: string;
  readonly correct: boolean;
  readonly explainHtml: string;
}

interface CompiledQuestionBase {
  readonly id: string;
  /** The lesson the question belongs to. */
  readonly lessonId: string;
  readonly promptHtml: string;
}

export interface CompiledChoiceQuestion extends CompiledQuestionBase {
  readonly kind: 'choice';
  readonly multiple: boolean;
  readonly choices: readonly CompiledChoice[];
}

export interface CompiledRecallQuestion extends CompiledQuestionBase {
  readonly kind: 'recall';
  readonly answerHtml: string;
  /** Inline HTML, one per point. */
  readonly pointsHtml: readonly string[];
}

export interface CompiledFixQuestion extends CompiledQuestionBase {
  readonly kind: 'fix';
  readonly exercise: string;
  /** Path of the file inside the exercise (what the checker is told, e.g. `.env`); relative, `/`-separated. */
  readonly file: string;
  readonly findings: readonly string[];
  /** Inline HTML; absent when the lesson gives no hint. */
  readonly hintHtml?: string;
  /** The text the learner starts from (lessons/exercises/<exercise>/start/<file>). */
  readonly start: string;
  /** The reference solution (lessons/exercises/<exercise>/solution/<file>). */
  readonly solution: string;
}

export type CompiledQuestion = CompiledChoiceQuestion | CompiledRecallQuestion | CompiledFixQuestion;

export interface CompiledLesson {
  readonly id: string;
  /** Position on the course map, 1-based (the file's NN). */
  readonly number: number;
  readonly title: string;
  /** Inline HTML. */
  readonly summaryHtml: string;
  readonly minutes: number;
  /** Inline HTML, one per objective. */
  readonly objectivesHtml: readonly string[];
  readonly readingHtml: string;
  readonly sources: readonly Source[];
  readonly questions: readonly CompiledQuestion[];
}

export interface CompiledCourse {
  /** Format of this file; bumped when the shape changes incompatibly. */
  readonly format: 1;
  /** In course order. */
  readonly lessons: readonly CompiledLesson[];
}

// ---- the learner's progress (persisted; see state.ts) ----

export type CardState = 'new' | 'learning' | 'review' | 'relearning';

/**
 * An FSRS card as stored: ts-fsrs's Card with timestamps as epoch milliseconds (plain JSON) and without its
 * deprecated `elapsed_days` (ts-fsrs derives the elapsed time from `lastReview`).
 */
export interface CardData {
  /** When the question is next due (epoch ms). */
  readonly due: number;
  /** Days until retrievability falls to 90%. */
  readonly stability: number;
  readonly difficulty: number;
  readonly scheduledDays: number;
  readonly learningSteps: number;
  readonly reps: number;
  readonly lapses: number;
  readonly state: CardState;
  /** Epoch ms; absent on a card never reviewed. */
  readonly lastReview?: number;
}

/** The last outcome of a question. */
export interface AnswerRecord {
  /** When it was last answered (epoch ms). */
  readonly at: number;
  /** The rating of that answer. */
  readonly rating: Rating;
  /** How many times it has been answered in all. */
  readonly count: number;
}

export interface LessonRecord {
  /** When the learner first finished the reading (epoch ms). */
  readonly readAt?: number;
  /** When the learner first answered every question of the lesson (epoch ms). */
  readonly completedAt?: number;
}

export interface CourseState {
  readonly version: 1;
  /** Keyed by question id. Ids no longer in the course are kept (the question may come back) and ignored. */
  readonly cards: Readonly<Record<string, CardData>>;
  /** Keyed by lesson id. */
  readonly lessons: Readonly<Record<string, LessonRecord>>;
  /** Keyed by question id. */
  readonly answered: Readonly<Record<string, AnswerRecord>>;
}
