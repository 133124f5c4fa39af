// Loading lessons: a good file, YAML syntax errors, schema errors and errors of meaning, each at its line; the
// course-level checks (numbering, duplicate ids across files, missing exercise files).
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { formatLessonError, parseLesson, type LessonError } from '../../../src/core/course/load';
import { loadCourse } from '../../../src/node/course';
import schema from '../../../lessons/schema.json';

declare const KEYLESS_PACKAGE_ROOT: string;
const goodDir = join(KEYLESS_PACKAGE_ROOT, 'test/fixtures/course/good');
const good = readFileSync(join(goodDir, '01-empty-keys.yaml'), 'utf8');

/** 1-based line of the first occurrence of `needle` (which must occur once). */
function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  assert.ok(i >= 0 && text.indexOf(needle, i + 1) < 0, `"${needle}" occurs exactly once`);
  return text.slice(0, i).split('\n').length;
}

function replaceOnce(text: string, from: string, to: string): string {
  assert.equal(text.split(from).length, 2, `"${from}" occurs exactly once`);
  return text.replace(from, to);
}

const brief = (errors: readonly LessonError[]) => errors.map((e) => `${e.line}: ${e.message}`);

describe('parseLesson', () => {
  it('reads a good lesson', () => {
    const r = parseLesson(good, '01-empty-keys.yaml');
    assert.deepEqual(r.errors, []);
    const l = r.lesson!;
    assert.equal(l.id, 'empty-keys');
    assert.equal(l.minutes, 5);
    assert.deepEqual(l.questions.map((q) => q.kind), ['choice', 'choice', 'choice', 'recall', 'recall', 'fix']);
    assert.ok(l.reading.startsWith('## First match wins\n\nThe Anthropic SDKs'));
    assert.ok(l.reading.includes('```dotenv\nANTHROPIC_FEDERATION_RULE_ID=fdrl_…\n'));
    const fix = l.questions[5]!;
    assert.ok(fix.kind === 'fix');
    assert.deepEqual([fix.exercise, fix.file, fix.findings], ['empty-key', '.env', ['workload/static-key-shadows-federation']]);
    assert.deepEqual(r.locate(['questions', 5, 'file']), { line: lineOf(good, 'file: .env') , column: 11 });
  });

  it('reports a YAML syntax error at its line and reads nothing', () => {
    const text = replaceOnce(good, 'minutes: 5\n', 'minutes: 5\n  stray: indented\n');
    const r = parseLesson(text, 'x.yaml');
    assert.equal(r.lesson, undefined);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0]!.message, /^YAML syntax: /);
    assert.equal(r.errors[0]!.line, lineOf(text, 'stray: indented'));
    assert.equal(r.errors[0]!.file, 'x.yaml');
  });

  it('reports a duplicate key at the second one', () => {
    const text = replaceOnce(good, 'minutes: 5\n', 'minutes: 5\nminutes: 6\n');
    const r = parseLesson(text, 'x.yaml');
    assert.equal(r.lesson, undefined);
    assert.deepEqual(brief(r.errors), [`${lineOf(text, 'minutes: 6')}: Duplicate key "minutes": only one of them takes effect`]);
  });

  it('reports schema errors at the line of the value, the unknown key, or the object missing a field', () => {
    let text = replaceOnce(good, 'minutes: 5', 'minutes: five');
    text = replaceOnce(text, '    kind: recall\n    prompt: List the', '    kind: recal\n    prompt: List the');
    text = replaceOnce(text, '  - id: empty-keys/empty-value', '  - id: empty-keys/Empty_Value');
    text = replaceOnce(text, '    hint: Delete the line', '    tip: Delete the line');
    text = replaceOnce(text, '    answer: An empty variable still counts as set, so it outranks the federation variables; the SDK then sends an empty key without a warning. Only an unset variable lets the SDK reach federation.\n', '');
    const r = parseLesson(text, 'x.yaml');
    assert.equal(r.lesson, undefined);
    assert.deepEqual(brief(r.errors), [
      `${lineOf(text, 'minutes: five')}: minutes must be a whole number, not text`,
      `${lineOf(text, 'empty-keys/Empty_Value')}: questions[1].id: "empty-keys/Empty_Value" must be \`<lesson id>/<slug>\`, both kebab-case`,
      `${lineOf(text, 'id: empty-keys/why-unset')}: questions[3]: missing required field \`answer\``,
      `${lineOf(text, 'kind: recal\n')}: questions[4].kind must be one of "choice", "recall", "fix", not "recal"`,
      `${lineOf(text, 'tip: Delete')}: questions[5]: unknown field \`tip\` (lessons/README.md lists the fields)`,
    ]);
    assert.equal(r.errors[4]!.column, 5);
  });

  it('reports list sizes and a choice question without a right answer', () => {
    let text = replaceOnce(good, '  - Remove a leftover key from a federated environment without shadowing federation.\n', '');
    text = replaceOnce(text, "      - text: The API key.\n        correct: true\n", '      - text: The API key.\n');
    const r = parseLesson(text, 'x.yaml');
    assert.deepEqual(brief(r.errors), [
      `${lineOf(text, '  - Say in which order')}: objectives needs at least 2 items, has 1`,
      `${lineOf(text, '      - text: The API key.')}: questions[0].choices: no choice is marked \`correct: true\``,
    ]);
  });

  it('reports errors of meaning but still returns the lesson', () => {
    let text = replaceOnce(good, '      - text: Whichever was set last.\n', '      - text: Whichever was set last.\n        correct: true\n');
    text = replaceOnce(text, '  - id: empty-keys/why-unset', '  - id: other-lesson/why-unset');
    text = replaceOnce(text, '  - id: empty-keys/order', '  - id: empty-keys/precedence');
    text = replaceOnce(text, '  ## Set but empty', '  # Set but empty');
    text = replaceOnce(text, '  ```dotenv', '  ```');
    text = replaceOnce(text, 'this as `workload', 'this as ![diagram](https://example.com/x.png) `workload');
    const r = parseLesson(text, 'x.yaml');
    assert.ok(r.lesson, 'the lesson matches the schema');
    assert.deepEqual(brief(r.errors), [
      `${lineOf(text, '# Set but empty')}: reading: a level-1 heading; headings in lessons start at \`##\``,
      `${lineOf(text, '  ```\n  ANTHROPIC_FEDERATION')}: reading: a fenced code block without a language (e.g. \`\`\`yaml)`,
      `${lineOf(text, 'The SDK sends an empty key and never')}: reading: image "https://example.com/x.png" must be a diagram of this folder: diagrams/<name>.svg`,
      `${lineOf(text, 'choices:\n      - text: The API key.')}: Question "empty-keys/precedence" is single-answer but has 2 correct choices: mark exactly one \`correct: true\`, or set \`multiple: true\``,
      `${lineOf(text, 'other-lesson/why-unset')}: Question id "other-lesson/why-unset" must start with the lesson id: "empty-keys/why-unset"`,
      `${lineOf(text, '  - id: empty-keys/precedence\n    kind: recall')}: Question id "empty-keys/precedence" is used twice in this lesson (questions[0] and questions[4])`,
    ]);
  });

  it('reports the diagrams a lesson references, and images without alt text', () => {
    const lesson2 = readFileSync(join(goodDir, '02-token-lifetimes.yaml'), 'utf8');
    const r = parseLesson(lesson2, 'y.yaml');
    assert.deepEqual(r.diagrams, [{ src: 'diagrams/flow.svg', line: lineOf(lesson2, '![A workload'), column: 3 }]);
    const noAlt = parseLesson(replaceOnce(lesson2, '![A workload trades its JWT for an access token]', '![]'), 'y.yaml');
    assert.deepEqual(brief(noAlt.errors), [`${lineOf(lesson2, '![A workload')}: reading: image "diagrams/flow.svg" needs alt text: ![what it shows](diagrams/flow.svg)`]);
  });

  it('rejects an empty file and a second YAML document', () => {
    assert.match(parseLesson('# only a comment\n', 'e.yaml').errors[0]!.message, /The file is empty/);
    const two = parseLesson(`${good}---\nid: another\n`, 't.yaml');
    assert.equal(two.lesson, undefined);
    assert.match(two.errors[0]!.message, /one YAML document/);
  });

  it('rejects aliases (an alias of its own ancestor would never end) and keeps "__proto__" a plain field', () => {
    const alias = replaceOnce(good, 'objectives:\n', 'objectives: &o\n  - *o\n');
    const r = parseLesson(alias, 'a.yaml');
    assert.equal(r.lesson, undefined);
    assert.deepEqual(brief(r.errors), [`${lineOf(alias, '  - *o')}: YAML aliases (\`*name\`) are not used in lessons: write the value out`]);
    const proto = replaceOnce(good, 'minutes: 5\n', 'minutes: 5\n__proto__:\n  polluted: true\n');
    assert.deepEqual(brief(parseLesson(proto, 'p.yaml').errors), [`${lineOf(proto, '__proto__:')}: the lesson: unknown field \`__proto__\` (lessons/README.md lists the fields)`]);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('formats errors as file:line:column: message', () => {
    assert.equal(formatLessonError({ file: 'lessons/01-a.yaml', line: 3, column: 7, message: 'Oops' }), 'lessons/01-a.yaml:3:7: Oops');
  });
});

describe('lessons/schema.json', () => {
  it('describes every field (editors show the descriptions while authors type)', () => {
    type S = { $ref?: string; description?: string; properties?: Record<string, S> };
    const defs = (schema as unknown as { definitions: Record<string, S> }).definitions;
    const resolve = (x: S): S => (x.description === undefined && x.$ref ? resolve(defs[x.$ref.split('/').pop()!]!) : x);
    const missing: string[] = [];
    for (const [name, def] of [['(lesson)', schema as unknown as S], ...Object.entries(defs)] as [string, S][]) {
      for (const [field, sub] of Object.entries(def.properties ?? {})) if (!resolve(sub).description) missing.push(`${name}.${field}`);
    }
    assert.deepEqual(missing, []);
  });
});

describe('loadCourse', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  function copy(): string {
    const dir = mkdtempSync(join(tmpdir(), 'keyless-load-'));
    dirs.push(dir);
    cpSync(goodDir, dir, { recursive: true });
    return dir;
  }

  it('loads the good course in order, with its exercise texts', () => {
    const c = loadCourse(goodDir);
    assert.deepEqual(c.errors, []);
    assert.deepEqual(c.lessons.map((l) => [l.number, l.lesson.id]), [[1, 'empty-keys'], [2, 'token-lifetimes']]);
    assert.deepEqual(Object.keys(c.exercises), ['empty-key/.env']);
    assert.match(c.exercises['empty-key/.env']!.start, /^ANTHROPIC_API_KEY=$/m);
    assert.doesNotMatch(c.exercises['empty-key/.env']!.solution, /ANTHROPIC_API_KEY/);
  });

  it('reports a question id used twice in a lesson, at its second use', () => {
    const dir = copy();
    const file = join(dir, '02-token-lifetimes.yaml');
    const text = readFileSync(file, 'utf8').replace('  - id: token-lifetimes/floor', '  - id: token-lifetimes/cap');
    writeFileSync(file, text);
    const errors = loadCourse(dir).errors.map((e) => `${e.file.slice(dir.length + 1)}:${e.line}: ${e.message}`);
    assert.deepEqual(errors, [
      `02-token-lifetimes.yaml:${lineOf(text, '  - id: token-lifetimes/cap\n    kind: choice\n    prompt: What is the shortest')}: Question id "token-lifetimes/cap" is used twice in this lesson (questions[0] and questions[1])`,
    ]);
  });

  it('reports a lesson id and question ids shared by two files, file names and numbering', () => {
    const dir = copy();
    writeFileSync(join(dir, '03-empty-keys.yaml'), good);
    writeFileSync(join(dir, 'notes.yaml'), 'id: notes\n');
    writeFileSync(join(dir, '05-later.yaml'), good.replace('id: empty-keys\n', 'id: later\n'));
    const errors = loadCourse(dir).errors.map((e) => `${e.file.slice(dir.length + 1)}: ${e.message}`);
    assert.ok(errors.some((e) => /^03-empty-keys\.yaml: Lesson id "empty-keys" is also the id of .*01-empty-keys\.yaml$/.test(e)), errors.join('\n'));
    assert.ok(errors.some((e) => /^03-empty-keys\.yaml: Question id "empty-keys\/precedence" is also used in .*01-empty-keys\.yaml$/.test(e)), errors.join('\n'));
    assert.ok(errors.includes('notes.yaml: Lesson files are named NN-<lesson id>.yaml (e.g. 01-why-static-keys-fail.yaml), not "notes.yaml"'), errors.join('\n'));
    assert.ok(errors.includes('05-later.yaml: Lesson numbers run 01, 02, … without gaps: 04 is missing'), errors.join('\n'));
  });

  it('reports a missing exercise file at the question', () => {
    const dir = copy();
    rmSync(join(dir, 'exercises/empty-key/start/.env'));
    const c = loadCourse(dir);
    assert.deepEqual(c.errors.map((e) => [e.line, e.message]), [[lineOf(good, 'file: .env'), 'Exercise file exercises/empty-key/start/.env does not exist']]);
    assert.deepEqual(c.exercises, {});
  });
});
