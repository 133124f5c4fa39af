// The content checks of a lessons folder (issue #7), as a function so that the tests can run them on lessons/ and
// prove on broken copies of test/fixtures/course/good that each of them fails when it should.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { check } from '../../../src/core/engine';
import { allRules } from '../../../src/core/rules';
import { scanText } from '../../../src/core/secrets/scan';
import { gradeFix } from '../../../src/core/course/grade';
import { formatLessonError } from '../../../src/core/course/load';
import { loadCourse } from '../../../src/node/course';
import type { Lesson } from '../../../src/core/course/types';

export type Check =
  | 'load' // parses, matches the schema and the loader's checks of meaning
  | 'files' // NN-<id>.yaml, numbered 01.. without gaps
  | 'ids' // lesson and question ids unique, question ids start with their lesson's id
  | 'questions' // at least 5, with a choice and a recall question
  | 'answers' // single-answer: exactly one correct; multiple-answer: at least one
  | 'rule-ids' // every rule id named exists
  | 'exercise-start' // the start file has each named finding
  | 'exercise-solution' // the solution has no findings, is still recognised, and the grader accepts it
  | 'diagrams' // every referenced diagram exists
  | 'keys'; // no key-shaped text anywhere

export interface Problem {
  readonly check: Check;
  readonly message: string;
}

const ruleIds = new Set(allRules.map((r) => r.meta.id));
/** The scopes of rule ids (`iam`, `workload`, …): a backticked `scope/name` with one of them names a rule. */
const scopes = new Set([...ruleIds].map((id) => id.split('/')[0]!));

function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
  return out;
}

/** Rule ids a lesson names: its fix questions' `findings`, and `` `scope/rule-id` `` in any text. */
export function namedRuleIds(lesson: Lesson): string[] {
  const ids = new Set<string>();
  for (const q of lesson.questions) if (q.kind === 'fix') for (const f of q.findings) ids.add(f);
  for (const s of strings(lesson)) {
    for (const m of s.matchAll(/`([a-z]+)\/([a-z0-9-]+)`/g)) if (scopes.has(m[1]!)) ids.add(`${m[1]}/${m[2]}`);
  }
  return [...ids].sort();
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

export function courseProblems(dir: string): Problem[] {
  const problems: Problem[] = [];
  const add = (check: Check, message: string) => problems.push({ check, message });
  const loaded = loadCourse(dir);
  for (const e of loaded.errors) add('load', formatLessonError(e));

  // files: NN-<id>.yaml, 01.. without gaps
  const names = readdirSync(dir).filter((n) => n.endsWith('.yaml') || n.endsWith('.yml'));
  const numbers: number[] = [];
  for (const n of names) {
    const m = /^(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.yaml$/.exec(n);
    if (m) numbers.push(Number(m[1]));
    else add('files', `${n}: not named NN-<lesson id>.yaml`);
  }
  numbers.sort((a, b) => a - b);
  numbers.forEach((n, i) => {
    if (n !== i + 1) add('files', `lesson numbers: expected ${i + 1} at position ${i + 1}, found ${n} (${numbers.join(', ')})`);
  });

  const lessonIds = new Map<string, string>();
  const questionIds = new Map<string, string>();
  for (const { file, lesson, diagrams } of loaded.lessons) {
    const name = relative(dir, file);
    if (!name.endsWith(`-${lesson.id}.yaml`)) add('files', `${name}: the id "${lesson.id}" is not the file name without its number`);
    if (lessonIds.has(lesson.id)) add('ids', `${name}: lesson id "${lesson.id}" is also used by ${lessonIds.get(lesson.id)}`);
    lessonIds.set(lesson.id, name);
    for (const q of lesson.questions) {
      if (!q.id.startsWith(`${lesson.id}/`)) add('ids', `${name}: question id "${q.id}" does not start with "${lesson.id}/"`);
      if (questionIds.has(q.id)) add('ids', `${name}: question id "${q.id}" is also used by ${questionIds.get(q.id)}`);
      questionIds.set(q.id, name);
    }

    const kinds = lesson.questions.map((q) => q.kind);
    if (kinds.length < 5) add('questions', `${name}: ${kinds.length} questions, fewer than 5`);
    if (!kinds.includes('choice')) add('questions', `${name}: no choice question`);
    if (!kinds.includes('recall')) add('questions', `${name}: no recall question`);

    for (const q of lesson.questions) {
      if (q.kind !== 'choice') continue;
      const right = q.choices.filter((c) => c.correct === true).length;
      if (q.multiple ? right < 1 : right !== 1) add('answers', `${q.id}: ${right} correct choices in a ${q.multiple ? 'multiple' : 'single'}-answer question`);
    }

    for (const id of namedRuleIds(lesson)) if (!ruleIds.has(id)) add('rule-ids', `${name}: rule "${id}" does not exist`);

    for (const q of lesson.questions) {
      if (q.kind !== 'fix') continue;
      const files = loaded.exercises[`${q.exercise}/${q.file}`];
      if (!files) continue; // reported by the loader
      const start = check(files.start, q.file);
      const startRules = new Set(start.findings.map((f) => f.ruleId));
      for (const id of q.findings) if (!startRules.has(id)) add('exercise-start', `${q.id}: the start file ${q.exercise}/start/${q.file} has no ${id} finding`);
      const solution = check(files.solution, q.file, { explicit: true });
      if (solution.findings.length)
        add('exercise-solution', `${q.id}: the solution ${q.exercise}/solution/${q.file} has findings: ${solution.findings.map((f) => f.ruleId).join(', ')}`);
      if (solution.kinds.length === 0) add('exercise-solution', `${q.id}: the checker does not recognise the solution ${q.exercise}/solution/${q.file} as any kind of file`);
      else if (!gradeFix({ file: q.file, findings: q.findings, start: files.start }, files.solution).done) add('exercise-solution', `${q.id}: the grader does not accept the solution`);
    }

    for (const d of diagrams) {
      const p = join(dir, ...d.src.split('/'));
      let ok = false;
      try {
        ok = statSync(p).isFile();
      } catch {
        ok = false;
      }
      if (!ok) add('diagrams', `${name}:${d.line}: ${d.src} does not exist`);
    }
  }

  // every file of the folder: lessons, exercises, diagrams, the README
  for (const p of walk(dir)) {
    const found = scanText(readFileSync(p, 'utf8'), relative(dir, p));
    for (const f of found) add('keys', `${relative(dir, p)}: a ${f.type} (${f.detectorId}) at offset ${f.span.start}: ${f.masked}`);
  }
  return problems;
}
