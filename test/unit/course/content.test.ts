// The course content (lessons/) passes every check of issue #7, and each check fails on a lesson that breaks it:
// test/fixtures/course/good is a small valid course, copied and broken one way per case.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { keys } from '../../../src/core/secrets/samples';
import { loadCourse } from '../../../src/node/course';
import { type Check, courseProblems, namedRuleIds } from './content';

declare const KEYLESS_PACKAGE_ROOT: string; // defined by scripts/build.mjs --tests
const lessonsDir = join(KEYLESS_PACKAGE_ROOT, 'lessons');
const goodDir = join(KEYLESS_PACKAGE_ROOT, 'test/fixtures/course/good');

const CHECKS: readonly Check[] = ['load', 'files', 'ids', 'questions', 'answers', 'rule-ids', 'exercise-start', 'exercise-solution', 'diagrams', 'keys'];

describe('course content: lessons/', () => {
  const problems = courseProblems(lessonsDir);
  const lessons = loadCourse(lessonsDir).lessons;

  it('has lessons', () => {
    assert.ok(lessons.length > 0, 'no lesson in lessons/');
  });

  for (const c of CHECKS) {
    it(`check "${c}" finds nothing`, () => {
      assert.deepEqual(problems.filter((p) => p.check === c).map((p) => p.message), []);
    });
  }

  it('every fix exercise names at least one rule and the lessons name rules that the checks looked at', () => {
    for (const { lesson } of lessons) for (const q of lesson.questions) if (q.kind === 'fix') assert.ok(q.findings.length > 0, q.id);
    assert.ok(lessons.some(({ lesson }) => namedRuleIds(lesson).length > 0), 'no lesson names any rule: the rule-id check would test nothing');
  });
});

describe('course content checks fail on broken lessons', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  /** A copy of the good fixture course, changed by `change`. */
  function broken(change: (dir: string) => void): string {
    const dir = mkdtempSync(join(tmpdir(), 'keyless-course-'));
    dirs.push(dir);
    cpSync(goodDir, dir, { recursive: true });
    change(dir);
    return dir;
  }
  function edit(dir: string, file: string, from: string | RegExp, to: string): void {
    const p = join(dir, file);
    const text = readFileSync(p, 'utf8');
    const next = text.replace(from, to);
    assert.notEqual(next, text, `${file}: ${String(from)} not found`);
    writeFileSync(p, next);
  }
  const choice = (id: string) =>
    `  - id: ${id}\n    kind: choice\n    prompt: Which one?\n    choices:\n      - text: One.\n        correct: true\n        explain: Right.\n` +
    '      - text: Two.\n        explain: Wrong.\n      - text: Three.\n        explain: Wrong.\n';
  const L1 = '01-empty-keys.yaml';
  const L2 = '02-token-lifetimes.yaml';

  function expectProblem(dir: string, c: Check, pattern: RegExp): void {
    const problems = courseProblems(dir);
    assert.ok(
      problems.some((p) => p.check === c && pattern.test(p.message)),
      `expected a "${c}" problem matching ${pattern}, got:\n${problems.map((p) => `  ${p.check}: ${p.message}`).join('\n')}`,
    );
  }

  it('the good fixture has no problem', () => {
    assert.deepEqual(courseProblems(goodDir), []);
  });

  it('schema: a missing field', () => {
    expectProblem(broken((d) => edit(d, L2, /^summary: .*\n/m, '')), 'load', /02-token-lifetimes\.yaml:\d+:\d+: the lesson: missing required field `summary`/);
  });

  it('files: a gap in the numbers, and an id that is not the file name', () => {
    const gap = broken((d) => renameSync(join(d, L2), join(d, '03-token-lifetimes.yaml')));
    expectProblem(gap, 'files', /expected 2/);
    expectProblem(gap, 'load', /02 is missing/);
    const name = broken((d) => renameSync(join(d, L2), join(d, '02-lifetimes.yaml')));
    expectProblem(name, 'files', /02-lifetimes\.yaml: the id "token-lifetimes"/);
  });

  it('ids: a lesson id used twice, a question id used twice, a question id without its lesson', () => {
    const lesson = broken((d) => {
      edit(d, L2, /^id: token-lifetimes$/m, 'id: empty-keys');
      renameSync(join(d, L2), join(d, '02-empty-keys.yaml'));
    });
    expectProblem(lesson, 'ids', /lesson id "empty-keys" is also used/);
    expectProblem(lesson, 'load', /Lesson id "empty-keys" is also the id of/);
    // the second lesson's question ids are then "token-lifetimes/…" in lesson "empty-keys"
    expectProblem(lesson, 'ids', /question id "token-lifetimes\/cap" does not start with "empty-keys\/"/);
    const question = broken((d) => edit(d, L2, 'id: token-lifetimes/floor', 'id: token-lifetimes/cap'));
    expectProblem(question, 'ids', /question id "token-lifetimes\/cap" is also used/);
    expectProblem(question, 'load', /Question id "token-lifetimes\/cap" is used twice/);
  });

  it('questions: fewer than five, no recall question', () => {
    expectProblem(
      broken((d) => edit(d, L2, /  - id: token-lifetimes\/why-short[\s\S]*$/, '')),
      'load',
      /questions needs at least 5 items, has 4/,
    );
    // the two recall questions replaced by two more choice questions
    const noRecall = broken((d) => edit(d, L1, /  - id: empty-keys\/why-unset[\s\S]*?(?=  - id: empty-keys\/fix-env)/, choice('empty-keys/more-a') + choice('empty-keys/more-b')));
    expectProblem(noRecall, 'questions', /no recall question/);
    expectProblem(noRecall, 'load', /needs at least one `recall` question/);
  });

  it('answers: a single-answer question with two right answers, or none', () => {
    const two = broken((d) => edit(d, L2, "      - text: 600 seconds.\n", '      - text: 600 seconds.\n        correct: true\n'));
    expectProblem(two, 'answers', /token-lifetimes\/cap: 2 correct choices in a single-answer question/);
    expectProblem(two, 'load', /single-answer but has 2 correct choices/);
    const none = broken((d) => edit(d, L2, /(- text: 60 seconds\.\n)        correct: true\n/, '$1'));
    expectProblem(none, 'load', /no choice is marked `correct: true`/);
  });

  it('rule ids: an unknown rule in findings or in text', () => {
    const finding = broken((d) => edit(d, L1, '      - workload/static-key-shadows-federation', '      - workload/static-key-shadows-federation\n      - workload/no-such-rule'));
    expectProblem(finding, 'rule-ids', /rule "workload\/no-such-rule" does not exist/);
    const text = broken((d) => edit(d, L2, 'issues no refresh token', 'issues no refresh token (see `anthropic/no-such-rule`)'));
    expectProblem(text, 'rule-ids', /rule "anthropic\/no-such-rule" does not exist/);
  });

  it('exercises: a start file without the named finding, a solution with findings', () => {
    const start = broken((d) => cpSync(join(d, 'exercises/empty-key/solution/.env'), join(d, 'exercises/empty-key/start/.env')));
    expectProblem(start, 'exercise-start', /empty-keys\/fix-env: the start file empty-key\/start\/\.env has no workload\/static-key-shadows-federation finding/);
    const solution = broken((d) => cpSync(join(d, 'exercises/empty-key/start/.env'), join(d, 'exercises/empty-key/solution/.env')));
    expectProblem(solution, 'exercise-solution', /has findings: workload\/static-key-shadows-federation/);
    expectProblem(solution, 'exercise-solution', /the grader does not accept the solution/);
    const missing = broken((d) => rmSync(join(d, 'exercises/empty-key/solution/.env')));
    expectProblem(missing, 'load', /Exercise file exercises\/empty-key\/solution\/\.env does not exist/);
  });

  it('diagrams: a reference to a diagram that does not exist', () => {
    const dir = broken((d) => rmSync(join(d, 'diagrams/flow.svg')));
    expectProblem(dir, 'diagrams', /diagrams\/flow\.svg does not exist/);
    expectProblem(dir, 'load', /Diagram diagrams\/flow\.svg does not exist/);
  });

  it('keys: a key-shaped literal in a lesson or an exercise file', () => {
    // assembled at test time (src/core/secrets/samples.ts): the repository holds no key
    const lesson = broken((d) => edit(d, L1, 'ANTHROPIC_API_KEY=\n  ```', `ANTHROPIC_API_KEY=${keys.anthropic('api03', 'course')}\n  \`\`\``));
    expectProblem(lesson, 'keys', /^01-empty-keys\.yaml: .*anthropic-api-key/);
    const exercise = broken((d) => edit(d, 'exercises/empty-key/start/.env', 'ANTHROPIC_API_KEY=', `AWS_ACCESS_KEY_ID=${keys.awsKeyId('AKIA', 'course')}\nANTHROPIC_API_KEY=`));
    expectProblem(exercise, 'keys', /^exercises\/empty-key\/start\/\.env: .*aws-access-key/);
  });
});
