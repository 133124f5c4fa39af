// Grading: multiple choice (single and multiple answers, which explanations show) and fix exercises graded by the
// real checker on .env files whose findings are known.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gradeChoice, gradeFix } from '../../../src/core/course/grade';
import type { CompiledChoiceQuestion } from '../../../src/core/course/types';

declare const KEYLESS_PACKAGE_ROOT: string;

function choiceQuestion(correct: readonly boolean[], multiple = false): CompiledChoiceQuestion {
  return {
    id: 'l/q',
    lessonId: 'l',
    kind: 'choice',
    promptHtml: '<p>?</p>',
    multiple,
    choices: correct.map((c, i) => ({ textHtml: `choice ${i}`, correct: c, explainHtml: `<p>why ${i}</p>` })),
  };
}

describe('gradeChoice', () => {
  const single = choiceQuestion([false, true, false, false]);
  const multiple = choiceQuestion([true, false, true, false], true);

  it('single answer: the right choice is Good and shows its explanation', () => {
    const g = gradeChoice(single, [1]);
    assert.deepEqual([g.correct, g.rating], [true, 'good']);
    assert.deepEqual(g.choices.map((c) => c.explain), [false, true, false, false]);
  });

  it('single answer: a wrong choice is Again and shows its explanation and the right one\'s', () => {
    const g = gradeChoice(single, [3]);
    assert.deepEqual([g.correct, g.rating], [false, 'again']);
    assert.deepEqual(g.choices, [
      { selected: false, correct: false, explain: false },
      { selected: false, correct: true, explain: true },
      { selected: false, correct: false, explain: false },
      { selected: true, correct: false, explain: true },
    ]);
  });

  it('single answer: nothing selected, or two selected, is wrong', () => {
    assert.equal(gradeChoice(single, []).rating, 'again');
    assert.equal(gradeChoice(single, [1, 2]).rating, 'again');
    assert.equal(gradeChoice(single, [1, 1]).rating, 'good', 'the same choice twice is one selection');
  });

  it('multiple answers: exactly the right set is Good; a subset or a superset is Again', () => {
    assert.equal(gradeChoice(multiple, [2, 0]).rating, 'good');
    assert.equal(gradeChoice(multiple, [0]).rating, 'again');
    const over = gradeChoice(multiple, [0, 1, 2]);
    assert.equal(over.rating, 'again');
    assert.deepEqual(over.choices.map((c) => c.explain), [true, true, true, false]);
  });

  it('rejects a choice that does not exist', () => {
    assert.throws(() => gradeChoice(single, [4]), RangeError);
    assert.throws(() => gradeChoice(single, [-1]), RangeError);
    assert.throws(() => gradeChoice(single, [0.5]), RangeError);
  });
});

describe('gradeFix', () => {
  // start: federation variables and `ANTHROPIC_API_KEY=` (finding: workload/static-key-shadows-federation only)
  const start = readFileSync(join(KEYLESS_PACKAGE_ROOT, 'test/fixtures/course/good/exercises/empty-key/start/.env'), 'utf8');
  const question = { file: '.env', findings: ['workload/static-key-shadows-federation'], start };
  const without = (text: string, line: RegExp) => text.replace(line, '');

  it('the start file is not done: the named finding remains', () => {
    assert.deepEqual(gradeFix(question, start), { done: false, remaining: ['workload/static-key-shadows-federation'], introduced: [], findings: 1, recognised: true });
  });

  it('removing the blank key is done', () => {
    assert.deepEqual(gradeFix(question, without(start, /^ANTHROPIC_API_KEY=\n/m)), { done: true, remaining: [], introduced: [], findings: 0, recognised: true });
  });

  it('a finding the start did not have is introduced, with its line, and the exercise is not done', () => {
    const text = without(without(start, /^ANTHROPIC_API_KEY=\n/m), /^ANTHROPIC_ORGANIZATION_ID=.*\n/m);
    const g = gradeFix(question, text);
    assert.equal(g.done, false);
    assert.deepEqual(g.remaining, []);
    assert.equal(g.introduced.length, 1);
    const f = g.introduced[0]!;
    assert.deepEqual([f.ruleId, f.line, f.column], ['workload/federation-env-incomplete', 2, 1]);
    assert.match(f.message, /ANTHROPIC_ORGANIZATION_ID/);
  });

  it('blanking the key in another way still leaves the named finding', () => {
    const g = gradeFix(question, start.replace('ANTHROPIC_API_KEY=', 'ANTHROPIC_API_KEY=""'));
    assert.deepEqual([g.done, g.remaining], [false, ['workload/static-key-shadows-federation']]);
  });

  it('an emptied file has no findings but is no solution', () => {
    const g = gradeFix(question, '');
    assert.deepEqual([g.done, g.findings, g.recognised], [false, 0, false]);
  });

  it('a finding of the start that was not named may stay', () => {
    // the integration fixture: federation-env-incomplete (no service account) and static-key-shadows-federation
    const services = readFileSync(join(KEYLESS_PACKAGE_ROOT, 'test/fixtures/workspace/services/.env'), 'utf8');
    const q = { file: '.env', findings: ['workload/static-key-shadows-federation'], start: services };
    const before = gradeFix(q, services);
    assert.deepEqual([before.done, before.findings], [false, 2]);
    const after = gradeFix(q, without(services, /^ANTHROPIC_API_KEY=\n/m));
    assert.deepEqual([after.done, after.remaining, after.introduced, after.findings], [true, [], [], 1]);
  });
});

describe('gradeFix on a JSON trust policy', () => {
  const start = readFileSync(join(KEYLESS_PACKAGE_ROOT, 'test/fixtures/workspace/infra/trust.json'), 'utf8');
  const question = { file: 'trust.json', findings: ['iam/string-equals-wildcard'], start };

  it('a syntax error is introduced as a finding, and the exercise is not done', () => {
    const g = gradeFix(question, start.replace('"StringEquals": {', '"StringEquals": {,'));
    assert.equal(g.done, false);
    assert.ok(g.introduced.some((f) => f.ruleId === 'core/parse-error'), JSON.stringify(g.introduced));
  });

  it('a document that is no longer a policy is not recognised', () => {
    const g = gradeFix(question, '{}\n');
    assert.deepEqual([g.done, g.recognised], [false, false]);
  });

  it('a change that trades the named finding for another is not done', () => {
    // StringLike makes the `*` a wildcard: the pattern now admits every branch
    const g = gradeFix(question, start.replace('"StringEquals": {', '"StringLike": {'));
    assert.deepEqual([g.done, g.remaining, g.introduced.map((f) => [f.ruleId, f.line])], [false, [], [['iam/subject-scope', 14]]]);
  });

  it('the named finding fixed, the others left, is done', () => {
    const g = gradeFix(question, start.replace('refs/heads/*', 'refs/heads/main'));
    assert.deepEqual([g.done, g.remaining, g.introduced], [true, [], []]);
    assert.ok(g.findings > 0, 'the start file\'s other findings are still there');
  });
});
