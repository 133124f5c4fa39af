// A thin wrapper over ts-fsrs: one card per question id, stored as plain JSON (CardData, epoch ms).
//
// Parameters: ts-fsrs's defaults (FSRS-6 weights, 90% requested retention, learning steps 1m and 10m, relearning step
// 10m, maximum interval 36,500 days) with `enable_fuzz: false`. Fuzz spreads long intervals randomly so that cards
// learnt together do not all fall due the same day; with a few dozen questions that spread matters little, and
// without it the same answers always give the same schedule, which the tests and the learner can rely on.
import { type Card, fsrs, generatorParameters, type Grade, Rating as FsrsRating, State } from 'ts-fsrs';
import type { CardData, CardState, Rating } from './types';

export const SCHEDULER_PARAMETERS = generatorParameters({ enable_fuzz: false });
const scheduler = fsrs(SCHEDULER_PARAMETERS);

/**
 * A question is mastered when its stability reaches 21 days: FSRS then expects it to be recalled with 90%
 * probability three weeks after the last review (Anki calls a card with an interval of 21 days or more "mature").
 * With the default parameters and every answer Good, a question gets there on its fourth successful review, after
 * surviving an interval of about 11 days.
 */
export const MASTERED_STABILITY_DAYS = 21;

const GRADES: Readonly<Record<Rating, Grade>> = { again: FsrsRating.Again, hard: FsrsRating.Hard, good: FsrsRating.Good, easy: FsrsRating.Easy };
const RATING_OF: Readonly<Record<number, Rating>> = { [FsrsRating.Again]: 'again', [FsrsRating.Hard]: 'hard', [FsrsRating.Good]: 'good', [FsrsRating.Easy]: 'easy' };
const STATES: Readonly<Record<CardState, State>> = { new: State.New, learning: State.Learning, review: State.Review, relearning: State.Relearning };
const STATE_OF: Readonly<Record<number, CardState>> = { [State.New]: 'new', [State.Learning]: 'learning', [State.Review]: 'review', [State.Relearning]: 'relearning' };

/** One review, as ts-fsrs logs it: the rating and the card's memory state before the review. */
export interface ReviewEntry {
  readonly rating: Rating;
  /** When the review happened (epoch ms). */
  readonly at: number;
  readonly state: CardState;
  readonly stability: number;
  readonly difficulty: number;
  /** Whole days since the previous review. */
  readonly elapsedDays: number;
  /** The interval the review scheduled, in days (0 while learning in minutes). */
  readonly scheduledDays: number;
}

export function toFsrsCard(c: CardData): Card {
  return {
    due: new Date(c.due),
    stability: c.stability,
    difficulty: c.difficulty,
    elapsed_days: 0, // deprecated; ts-fsrs computes the elapsed time from last_review
    scheduled_days: c.scheduledDays,
    learning_steps: c.learningSteps,
    reps: c.reps,
    lapses: c.lapses,
    state: STATES[c.state],
    ...(c.lastReview !== undefined ? { last_review: new Date(c.lastReview) } : {}),
  };
}

export function fromFsrsCard(c: Card): CardData {
  return {
    due: c.due.getTime(),
    stability: c.stability,
    difficulty: c.difficulty,
    scheduledDays: c.scheduled_days,
    learningSteps: c.learning_steps,
    reps: c.reps,
    lapses: c.lapses,
    state: STATE_OF[c.state] ?? 'new',
    ...(c.last_review ? { lastReview: c.last_review.getTime() } : {}),
  };
}

/** A card never reviewed, due at `now`. */
export function newCard(now: number): CardData {
  return { due: now, stability: 0, difficulty: 0, scheduledDays: 0, learningSteps: 0, reps: 0, lapses: 0, state: 'new' };
}

/** Review a question's card (`undefined`: first time) with a rating at `now`; returns the next card and the log entry. */
export function review(card: CardData | undefined, rating: Rating, now: number): { card: CardData; log: ReviewEntry } {
  const { card: next, log } = scheduler.next(toFsrsCard(card ?? newCard(now)), new Date(now), GRADES[rating]);
  return {
    card: fromFsrsCard(next),
    log: {
      rating: RATING_OF[log.rating] ?? rating,
      at: log.review.getTime(),
      state: STATE_OF[log.state] ?? 'new',
      stability: log.stability,
      difficulty: log.difficulty,
      elapsedDays: log.elapsed_days,
      scheduledDays: log.scheduled_days,
    },
  };
}

/** Whether a reviewed question is due at `now`. A question never answered is new, not due. */
export function isDue(card: CardData | undefined, now: number): card is CardData {
  return card !== undefined && card.state !== 'new' && card.due <= now;
}

/** FSRS's probability (0–1) that the learner recalls the answer at `now`; 0 for a question never answered. */
export function retrievability(card: CardData | undefined, now: number): number {
  if (!card || card.state === 'new') return 0;
  return scheduler.get_retrievability(toFsrsCard(card), new Date(now), false);
}

export function isMastered(card: CardData | undefined): boolean {
  return card !== undefined && card.state !== 'new' && card.stability >= MASTERED_STABILITY_DAYS;
}
