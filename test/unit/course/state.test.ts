// The persisted progress: read back exactly, or replaced by a fresh state with a problem and a backup, whatever the
// stored value looks like; export and import; the changes an answer makes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { review } from '../../../src/core/course/scheduler';
import { answerOf, cardOf, emptyState, exportState, importState, markCompleted, markRead, parseState, recordAnswer, STATE_VERSION } from '../../../src/core/course/state';
import type { CourseState } from '../../../src/core/course/types';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const MIN = 60_000;

function sample(): CourseState {
  let s = emptyState();
  s = markRead(s, 'empty-keys', T0);
  s = recordAnswer(s, 'empty-keys/precedence', 'good', T0 + MIN).state;
  s = recordAnswer(s, 'empty-keys/why-unset', 'hard', T0 + 2 * MIN).state;
  s = recordAnswer(s, 'empty-keys/precedence', 'again', T0 + 20 * MIN).state;
  s = markCompleted(s, 'empty-keys', T0 + 30 * MIN);
  // a question that is no longer in the course: kept
  s = recordAnswer(s, 'retired-lesson/old-question', 'easy', T0).state;
  return s;
}

describe('course state', () => {
  it('starts empty, and reads nothing stored yet as a fresh start without a problem', () => {
    assert.deepEqual(emptyState(), { version: 1, cards: {}, lessons: {}, answered: {} });
    assert.equal(STATE_VERSION, 1);
    assert.deepEqual(parseState(undefined), { state: emptyState() });
  });

  it('reads a valid state back exactly, unknown question ids included', () => {
    const s = sample();
    const r = parseState(JSON.parse(JSON.stringify(s)));
    assert.equal(r.problem, undefined);
    assert.equal(r.backup, undefined);
    assert.deepEqual(r.state, s);
    assert.ok(cardOf(r.state, 'retired-lesson/old-question'));
  });

  it('records answers: a card per question and the last outcome with a count', () => {
    const s = sample();
    assert.deepEqual(answerOf(s, 'empty-keys/precedence'), { at: T0 + 20 * MIN, rating: 'again', count: 2 });
    assert.deepEqual(answerOf(s, 'empty-keys/why-unset'), { at: T0 + 2 * MIN, rating: 'hard', count: 1 });
    const expected = review(review(undefined, 'good', T0 + MIN).card, 'again', T0 + 20 * MIN).card;
    assert.deepEqual(cardOf(s, 'empty-keys/precedence'), expected);
    assert.equal(cardOf(s, 'empty-keys/not-answered'), undefined);
    assert.equal(cardOf(s, 'constructor'), undefined, 'ids are data, not object keys');
  });

  it('keeps the first read and completion times', () => {
    const s = markCompleted(markRead(sample(), 'empty-keys', T0 + 99 * MIN), 'empty-keys', T0 + 99 * MIN);
    assert.deepEqual(s.lessons['empty-keys'], { readAt: T0, completedAt: T0 + 30 * MIN });
    const fresh = markCompleted(emptyState(), 'token-lifetimes', T0);
    assert.deepEqual(fresh.lessons, { 'token-lifetimes': { completedAt: T0 } });
  });

  it('does not change the state it was given', () => {
    const s = sample();
    const before = JSON.stringify(s);
    recordAnswer(s, 'empty-keys/precedence', 'good', T0 + 60 * MIN);
    markRead(s, 'token-lifetimes', T0);
    assert.equal(JSON.stringify(s), before);
  });

  describe('a corrupt or unknown value gives a fresh state, a problem and the value as a backup', () => {
    const valid = () => JSON.parse(JSON.stringify(sample())) as Record<string, any>;
    const cases: [string, () => unknown, RegExp][] = [
      ['null', () => null, /it is null, not an object/],
      ['a string', () => 'progress', /it is "progress", not an object/],
      ['a number', () => 42, /it is 42, not an object/],
      ['an array', () => [valid()], /it is a list, not an object/],
      ['no version', () => ({ ...valid(), version: undefined }), /it has no version/],
      ['a version that is not a number', () => ({ ...valid(), version: '1' }), /its version "1" is not a format version/],
      ['version 0', () => ({ ...valid(), version: 0 }), /its version 0 is not a format version/],
      ['a newer version', () => ({ ...valid(), version: 2 }), /written in format 2 by a newer version of Keyless/],
      ['missing cards', () => ({ ...valid(), cards: undefined }), /cards must be an object, found nothing/],
      ['missing answered', () => ({ version: 1, cards: {}, lessons: {} }), /answered must be an object, found nothing/],
      ['lessons as a list', () => ({ ...valid(), lessons: [] }), /lessons must be an object, found a list/],
      ['an unknown top-level field', () => ({ ...valid(), extra: true }), /the state has an unknown field "extra"/],
      [
        'a NaN due date',
        () => {
          const v = valid();
          v.cards['empty-keys/precedence'].due = Number.NaN;
          return v;
        },
        /cards\["empty-keys\/precedence"\]\.due must be a time in epoch milliseconds, found NaN/,
      ],
      [
        'a due date as a string',
        () => {
          const v = valid();
          v.cards['empty-keys/precedence'].due = '2026-01-05T09:00:00Z';
          return v;
        },
        /\.due must be a time in epoch milliseconds, found "2026-01-05T09:00:00Z"/,
      ],
      [
        'a negative time',
        () => {
          const v = valid();
          v.lessons['empty-keys'].readAt = -5;
          return v;
        },
        /lessons\["empty-keys"\]\.readAt must be a time in epoch milliseconds, found -5/,
      ],
      [
        'an infinite stability',
        () => {
          const v = valid();
          v.cards['empty-keys/why-unset'].stability = Number.POSITIVE_INFINITY;
          return v;
        },
        /cards\["empty-keys\/why-unset"\]\.stability must be a number of 0 or more, found Infinity/,
      ],
      [
        'a fractional rep count',
        () => {
          const v = valid();
          v.cards['empty-keys/why-unset'].reps = 1.5;
          return v;
        },
        /\.reps must be a whole number of 0 or more, found 1\.5/,
      ],
      [
        'an unknown card state',
        () => {
          const v = valid();
          v.cards['empty-keys/why-unset'].state = 2;
          return v;
        },
        /\.state must be one of new, learning, review, relearning, found 2/,
      ],
      [
        'a card field missing',
        () => {
          const v = valid();
          delete v.cards['empty-keys/why-unset'].difficulty;
          return v;
        },
        /\.difficulty must be a number of 0 or more, found nothing/,
      ],
      [
        'a card that is null',
        () => {
          const v = valid();
          v.cards['empty-keys/why-unset'] = null;
          return v;
        },
        /cards\["empty-keys\/why-unset"\] must be an object, found null/,
      ],
      [
        'an unknown rating',
        () => {
          const v = valid();
          v.answered['empty-keys/why-unset'].rating = 'perfect';
          return v;
        },
        /answered\["empty-keys\/why-unset"\]\.rating must be one of again, hard, good, easy, found "perfect"/,
      ],
      [
        'an answer count of 0',
        () => {
          const v = valid();
          v.answered['empty-keys/why-unset'].count = 0;
          return v;
        },
        /\.count must be 1 or more/,
      ],
      [
        'an unknown card field',
        () => {
          const v = valid();
          v.cards['empty-keys/why-unset'].elapsed_days = 0;
          return v;
        },
        /cards\["empty-keys\/why-unset"\] has an unknown field "elapsed_days"/,
      ],
    ];
    for (const [name, make, problem] of cases) {
      it(name, () => {
        const raw = make();
        const r = parseState(raw);
        assert.deepEqual(r.state, emptyState());
        assert.match(r.problem ?? '', /^The course progress could not be read: /);
        assert.match(r.problem ?? '', problem);
        assert.equal(r.backup, raw);
      });
    }
  });

  it('an id such as "__proto__" stays data', () => {
    const raw = JSON.parse('{"version":1,"cards":{},"lessons":{"__proto__":{"readAt":5}},"answered":{}}');
    const r = parseState(raw);
    assert.equal(r.problem, undefined);
    assert.deepEqual(Object.keys(r.state.lessons), ['__proto__']);
    assert.equal(Object.getPrototypeOf(r.state.lessons), Object.prototype);
  });

  it('exports pretty JSON in a stable order and imports it back', () => {
    const s = sample();
    const text = exportState(s);
    assert.ok(text.startsWith('{\n  "version": 1,\n  "cards": {\n'));
    assert.ok(text.endsWith('}\n'));
    const ids = Object.keys(JSON.parse(text).cards);
    assert.deepEqual(ids, [...ids].sort());
    const back = importState(text);
    assert.equal(back.problem, undefined);
    assert.deepEqual(back.state, s);
    assert.equal(exportState(back.state), text);
  });

  it('import: text that is not JSON, or JSON that is not a state, gives a problem and keeps the text', () => {
    const notJson = importState('{"version": 1, cards');
    assert.deepEqual(notJson.state, emptyState());
    assert.match(notJson.problem ?? '', /^The course progress could not be read: it is not JSON \(/);
    assert.equal(notJson.backup, '{"version": 1, cards');
    assert.match(importState('').problem ?? '', /not JSON/);
    const wrong = importState('{"version": 7}');
    assert.match(wrong.problem ?? '', /format 7 by a newer version/);
    assert.deepEqual(wrong.backup, { version: 7 });
  });
});
