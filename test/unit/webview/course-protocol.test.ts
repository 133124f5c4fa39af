// The course page's messages as the host reads them: every message the page can send is accepted in its shape, and
// anything else (unknown types, wrong types, ids that are not ids, out-of-range choices) is dropped. The position a
// reloaded page hands back is read the same way: untrusted, and the course map when it is not a position.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_CHOICES, MAX_RUN, readPageMessage, readPosition } from '../../../src/webview/course/protocol';

const Q = 'why-static-keys-fail/copied-key';

describe('readPageMessage', () => {
  it('accepts every message the page sends, as it sends it', () => {
    const valid: unknown[] = [
      { type: 'ready' },
      { type: 'openMap' },
      { type: 'startReview' },
      { type: 'next' },
      { type: 'openLesson', lessonId: 'why-static-keys-fail' },
      { type: 'startQuestions', lessonId: 'how-federation-works' },
      { type: 'answer', questionId: Q, selected: [0, 2] },
      { type: 'reveal', questionId: Q },
      { type: 'rate', questionId: Q, rating: 'hard' },
      { type: 'openExercise', questionId: Q },
      { type: 'hint', questionId: Q },
      { type: 'showSolution', questionId: Q },
      { type: 'openRule', ruleId: 'workload/static-key-shadows-federation' },
      { type: 'inspected', id: 3, regions: { view: 'map', main: 'Keyless course' } },
    ];
    for (const m of valid) assert.deepEqual(readPageMessage(m), m, JSON.stringify(m));
  });

  it('keeps only the fields of the type, dropping anything extra', () => {
    assert.deepEqual(readPageMessage({ type: 'next', questionId: Q, html: '<img>' }), { type: 'next' });
    assert.deepEqual(readPageMessage({ type: 'reveal', questionId: Q, rating: 'easy' }), { type: 'reveal', questionId: Q });
  });

  it('drops what is not a message', () => {
    for (const raw of [undefined, null, 'ready', 42, [], ['ready'], {}, { type: 7 }, { type: 'delete' }, { type: '__proto__' }]) {
      assert.equal(readPageMessage(raw), undefined, JSON.stringify(raw) ?? 'undefined');
    }
  });

  it('drops lesson, question and rule ids that are not ids', () => {
    const bad = ['', '../etc', 'Lesson', 'a b', 'x/', '/y', 'a/b/c', 'a--b/c', `${'a'.repeat(250)}/b`, 3];
    for (const id of bad) {
      assert.equal(readPageMessage({ type: 'reveal', questionId: id }), undefined, `question ${JSON.stringify(id)}`);
      assert.equal(readPageMessage({ type: 'openLesson', lessonId: id }), undefined, `lesson ${JSON.stringify(id)}`);
    }
    assert.equal(readPageMessage({ type: 'openLesson', lessonId: 'why-static-keys-fail/copied-key' }), undefined, 'a question id is no lesson id');
    assert.equal(readPageMessage({ type: 'openRule', ruleId: 'javascript:alert(1)' }), undefined);
    assert.equal(readPageMessage({ type: 'openRule', ruleId: 'Anthropic/Issuer' }), undefined);
  });

  it('reads a selection as distinct choice indexes in order, and drops one that cannot be', () => {
    assert.deepEqual(readPageMessage({ type: 'answer', questionId: Q, selected: [3, 1, 3] }), { type: 'answer', questionId: Q, selected: [1, 3] });
    const bad: unknown[] = [[], [-1], [0.5], ['1'], [MAX_CHOICES], Array.from({ length: MAX_CHOICES + 1 }, () => 0), 'all', { 0: 1 }, [null], [NaN]];
    for (const selected of bad) assert.equal(readPageMessage({ type: 'answer', questionId: Q, selected }), undefined, JSON.stringify(selected));
  });

  it('takes only the four ratings', () => {
    for (const rating of ['again', 'hard', 'good', 'easy']) assert.ok(readPageMessage({ type: 'rate', questionId: Q, rating }));
    for (const rating of ['Good', 'perfect', '', 3, undefined]) assert.equal(readPageMessage({ type: 'rate', questionId: Q, rating }), undefined, String(rating));
  });

  it('keeps the text regions of an inspection and drops the rest', () => {
    assert.deepEqual(readPageMessage({ type: 'inspected', id: 1, regions: { a: 'x', b: 4, c: { d: 1 }, e: '' } }), { type: 'inspected', id: 1, regions: { a: 'x', e: '' } });
    assert.equal(readPageMessage({ type: 'inspected', id: '1', regions: {} }), undefined);
    assert.equal(readPageMessage({ type: 'inspected', id: 1.5, regions: {} }), undefined);
    assert.equal(readPageMessage({ type: 'inspected', id: 1, regions: ['x'] }), undefined);
  });
});

describe('readPosition', () => {
  it('reads the positions the page saves', () => {
    assert.deepEqual(readPosition({ position: { view: 'map' } }), { view: 'map' });
    assert.deepEqual(readPosition({ position: { view: 'reading', lessonId: 'token-lifetimes' } }), { view: 'reading', lessonId: 'token-lifetimes' });
    const run = { view: 'run', lessonId: 'token-lifetimes', run: [Q, 'token-lifetimes/x'], index: 1, answered: true };
    assert.deepEqual(readPosition({ position: run, scrollY: 40, draft: { questionId: Q, text: 'a' } }), run);
    assert.deepEqual(readPosition({ position: { view: 'run', run: [Q], index: 1, answered: false } }), { view: 'run', run: [Q], index: 1, answered: false }, 'the review queue at its summary');
  });

  it('falls back to the course map on anything else', () => {
    const bad: unknown[] = [
      undefined,
      null,
      'map',
      { position: 'run' },
      { position: { view: 'settings' } },
      { position: { view: 'reading', lessonId: '../x' } },
      { position: { view: 'run', run: [], index: 0, answered: false } },
      { position: { view: 'run', run: [Q], index: 2, answered: false } },
      { position: { view: 'run', run: [Q], index: -1, answered: false } },
      { position: { view: 'run', run: [Q], index: 0.5, answered: false } },
      { position: { view: 'run', run: ['not an id'], index: 0, answered: false } },
      { position: { view: 'run', run: Q, index: 0, answered: false } },
      { position: { view: 'run', lessonId: 7, run: [Q], index: 0, answered: false } },
      { position: { view: 'run', run: Array.from({ length: MAX_RUN + 1 }, () => Q), index: 0, answered: false } },
    ];
    for (const raw of bad) assert.deepEqual(readPosition(raw), { view: 'map' }, JSON.stringify(raw)?.slice(0, 120));
  });

  it('reads `answered` as true only when it is true', () => {
    const p = readPosition({ position: { view: 'run', run: [Q], index: 0, answered: 'yes' } });
    assert.equal(p.view === 'run' && p.answered, false);
  });
});
