// The scheduler wrapper against ts-fsrs itself (default parameters, no fuzz): same cards, same due dates.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEmptyCard, fsrs, Rating, State, type Card } from 'ts-fsrs';
import { fromFsrsCard, isDue, isMastered, MASTERED_STABILITY_DAYS, newCard, retrievability, review, SCHEDULER_PARAMETERS, toFsrsCard } from '../../../src/core/course/scheduler';
import type { CardData, Rating as CourseRating } from '../../../src/core/course/types';

const MIN = 60_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const reference = fsrs({ enable_fuzz: false });

/** Rate with the wrapper and with ts-fsrs directly, and check both agree. */
function both(card: CardData | undefined, ref: Card, rating: CourseRating, grade: Rating.Again | Rating.Hard | Rating.Good | Rating.Easy, now: number) {
  const ours = review(card, rating, now);
  const theirs = reference.next(ref, new Date(now), grade);
  assert.deepEqual(ours.card, fromFsrsCard(theirs.card));
  assert.equal(ours.card.due, theirs.card.due.getTime());
  return { ours, theirs };
}

describe('scheduler', () => {
  it('uses ts-fsrs defaults without fuzz', () => {
    assert.equal(SCHEDULER_PARAMETERS.enable_fuzz, false);
    assert.equal(SCHEDULER_PARAMETERS.request_retention, 0.9);
    assert.deepEqual([...SCHEDULER_PARAMETERS.learning_steps], ['1m', '10m']);
    assert.deepEqual([...SCHEDULER_PARAMETERS.relearning_steps], ['10m']);
  });

  it('a new card rated good is learning, due after the second learning step (10 minutes)', () => {
    const { ours } = both(undefined, createEmptyCard(new Date(T0)), 'good', Rating.Good, T0);
    assert.equal(ours.card.state, 'learning');
    assert.equal(ours.card.due - T0, 10 * MIN);
    assert.equal(ours.card.reps, 1);
    assert.equal(ours.card.lastReview, T0);
    assert.deepEqual([ours.log.rating, ours.log.state, ours.log.at], ['good', 'new', T0]);
  });

  it('a new card rated again is due after the first learning step (1 minute)', () => {
    const { ours } = both(undefined, createEmptyCard(new Date(T0)), 'again', Rating.Again, T0);
    assert.equal(ours.card.state, 'learning');
    assert.equal(ours.card.due - T0, 1 * MIN);
  });

  it('consecutive goods, each answered when due, push the due date further out every time', () => {
    let card: CardData | undefined;
    let ref = createEmptyCard(new Date(T0));
    let now = T0;
    const intervals: number[] = [];
    for (let i = 0; i < 6; i++) {
      const { ours, theirs } = both(card, ref, 'good', Rating.Good, now);
      intervals.push(ours.card.due - now);
      card = ours.card;
      ref = theirs.card;
      now = card.due;
    }
    for (let i = 1; i < intervals.length; i++) assert.ok(intervals[i]! > intervals[i - 1]!, `interval ${i} (${intervals[i]}) grows past ${intervals[i - 1]}`);
    assert.equal(intervals[0], 10 * MIN);
    assert.ok(intervals[5]! > 100 * DAY);
    assert.equal(card!.state, 'review');
  });

  it('again on a card in review resets it to a short relearning step', () => {
    let card: CardData | undefined;
    let ref = createEmptyCard(new Date(T0));
    let now = T0;
    for (let i = 0; i < 4; i++) {
      const r = both(card, ref, 'good', Rating.Good, now);
      card = r.ours.card;
      ref = r.theirs.card;
      now = card.due;
    }
    const before = card!;
    assert.ok(before.due - (before.lastReview ?? 0) > 10 * DAY);
    const { ours } = both(before, ref, 'again', Rating.Again, now);
    assert.equal(ours.card.state, 'relearning');
    assert.equal(ours.card.due - now, 10 * MIN);
    assert.equal(ours.card.lapses, 1);
    assert.ok(ours.card.stability < before.stability);
    assert.deepEqual([ours.log.rating, ours.log.state], ['again', 'review']);
  });

  it('hard and easy follow ts-fsrs too', () => {
    both(undefined, createEmptyCard(new Date(T0)), 'hard', Rating.Hard, T0);
    const { ours } = both(undefined, createEmptyCard(new Date(T0)), 'easy', Rating.Easy, T0);
    assert.equal(ours.card.state, 'review');
    assert.ok(ours.card.due - T0 >= DAY);
  });

  it('converts cards both ways without loss', () => {
    const c = review(review(undefined, 'good', T0).card, 'good', T0 + 10 * MIN).card;
    assert.deepEqual(fromFsrsCard(toFsrsCard(c)), c);
    assert.equal(toFsrsCard(newCard(T0)).state, State.New);
    assert.deepEqual(newCard(T0), fromFsrsCard(createEmptyCard(new Date(T0))));
  });

  it('due: never for a question not answered; from the due time on for one answered', () => {
    const c = review(undefined, 'good', T0).card;
    assert.equal(isDue(undefined, T0 + DAY), false);
    assert.equal(isDue(newCard(T0), T0 + DAY), false);
    assert.equal(isDue(c, c.due - 1), false);
    assert.equal(isDue(c, c.due), true);
  });

  it('retrievability: 0 before any answer, ts-fsrs\'s value after, falling with time', () => {
    let ref = createEmptyCard(new Date(T0));
    let card: CardData | undefined;
    let now = T0;
    for (let i = 0; i < 3; i++) {
      const r = both(card, ref, 'good', Rating.Good, now);
      card = r.ours.card;
      ref = r.theirs.card;
      now = card.due;
    }
    assert.equal(retrievability(undefined, T0), 0);
    assert.equal(retrievability(newCard(T0), T0), 0);
    const at = card!.due;
    assert.equal(retrievability(card, at), reference.get_retrievability(ref, new Date(at), false));
    assert.ok(Math.abs(retrievability(card, at) - 0.9) < 0.02, 'about 90% when due');
    assert.ok(retrievability(card, at + 30 * DAY) < retrievability(card, at));
  });

  it(`mastered: stability of ${MASTERED_STABILITY_DAYS} days or more`, () => {
    let card: CardData | undefined;
    let now = T0;
    const mastered: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      card = review(card, 'good', now).card;
      mastered.push(isMastered(card));
      now = card.due;
    }
    // learning (10 min), then intervals of about 2, 11, 46 days: mastered from the fourth good answer on
    assert.deepEqual(mastered, [false, false, false, true, true]);
    assert.equal(isMastered(undefined), false);
  });
});
