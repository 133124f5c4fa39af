// Loading lessons (build-time and tests): YAML text -> Lesson, with errors that name the file, the line and what is
// wrong. `parseLesson` reads one file's text; `assembleCourse` reads a lessons folder through the callbacks it is given
// and adds the checks that span files (numbering, unique ids, exercise files, diagrams). Both are pure: Node's file
// system is plugged in by src/node/course.ts (`loadCourse(dir)`).
//
// The YAML goes through the checker's own parser (src/core/parse.ts: YAML 1.2 core schema, so `yes` and `2024-01-01`
// stay strings), whose located tree maps every schema error back to a line.
import Ajv, { type ErrorObject } from 'ajv';
import schema from '../../../lessons/schema.json';
import { parseStructured } from '../parse';
import { LineIndex } from '../text';
import { deref, type Node } from '../tree';
import { scanMarkdown } from './markdown';
import type { Lesson } from './types';

export interface LessonError {
  /** The file as the caller named it (assembleCourse: the lessons folder joined with the file name). */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly message: string;
}

/** `file:line:column: message`, the shape editors and terminals turn into links. */
export function formatLessonError(e: LessonError): string {
  return `${e.file}:${e.line}:${e.column}: ${e.message}`;
}

type Path = readonly (string | number)[];

export interface DiagramRef {
  /** As written, e.g. `diagrams/token-exchange.svg`. */
  readonly src: string;
  readonly line: number;
  readonly column: number;
}

export interface ParsedLesson {
  /** The lesson when it matches the schema (it may still have errors of meaning, e.g. two right answers). */
  readonly lesson?: Lesson;
  readonly errors: readonly LessonError[];
  /** Images the lesson's Markdown references (relative to the lessons folder). */
  readonly diagrams: readonly DiagramRef[];
  /** Line and column (1-based) of the value at a path, e.g. `['questions', 2, 'file']`; the nearest existing parent. */
  locate(path: Path): { line: number; column: number };
}

// ---------------------------------------------------------------------------------------------------------------
// schema validation

let validator: ReturnType<Ajv['compile']> | undefined;
function validate(value: unknown): readonly ErrorObject[] {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, discriminator: true, strict: true });
    validator = ajv.compile(schema);
  }
  return validator(value) ? [] : (validator.errors ?? []);
}

/** What a pattern of the schema means, by the definition it belongs to. */
const PATTERN_MEANING: Record<string, string> = {
  kebabId: 'must be kebab-case: a-z, 0-9 and single hyphens',
  line: 'must be one line of text',
  markdown: 'must not be blank',
  ruleId: 'must be a rule id such as `workload/static-key-shadows-federation`',
  questionId: 'must be `<lesson id>/<slug>`, both kebab-case',
  url: 'must be an https:// URL',
  file: 'must be a relative path with `/` separators, without `.` or `..` parts, spaces or special characters',
};

function describePath(path: Path): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${p}` : p;
  return s || 'the lesson';
}

function quote(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : typeof v === 'string' ? 'text' : typeof v;
}

function schemaMessage(e: ErrorObject, path: Path, value: unknown): { path: Path; message: string; atKey?: boolean } {
  const where = describePath(path);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { path, message: `${where}: missing required field \`${String(p.missingProperty)}\`` };
    case 'additionalProperties':
      return { path: [...path, `${String(p.additionalProperty)}`], atKey: true, message: `${where}: unknown field \`${String(p.additionalProperty)}\` (lessons/README.md lists the fields)` };
    case 'type':
      return { path, message: `${where} must be ${p.type === 'array' ? 'a list' : p.type === 'object' ? 'a mapping' : p.type === 'integer' ? 'a whole number' : `a ${String(p.type)}`}, not ${typeName(value)}` };
    case 'pattern': {
      const def = /#\/definitions\/(\w+)\/pattern$/.exec(e.schemaPath)?.[1] ?? /\/properties\/(\w+)\/pattern$/.exec(e.schemaPath)?.[1];
      const meaning = (def && PATTERN_MEANING[def]) ?? `must match ${String(p.pattern)}`;
      return { path, message: `${where}: ${quote(value)} ${meaning}` };
    }
    case 'minLength':
      return { path, message: `${where} must not be empty` };
    case 'minItems':
      return { path, message: `${where} needs at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}, has ${Array.isArray(value) ? value.length : 0}` };
    case 'maxItems':
      return { path, message: `${where} allows at most ${String(p.limit)} items, has ${Array.isArray(value) ? value.length : 0}` };
    case 'minimum':
    case 'maximum':
      return { path, message: `${where} must be ${e.keyword === 'minimum' ? 'at least' : 'at most'} ${String(p.limit)}, is ${quote(value)}` };
    case 'uniqueItems':
      return { path, message: `${where} lists ${quote((value as unknown[])[p.i as number])} twice` };
    case 'contains':
      return { path, message: `${where}: no choice is marked \`correct: true\`` };
    case 'const':
      return { path, message: `${where} must be ${quote(p.allowedValue)}` };
    case 'enum':
      return { path, message: `${where} must be one of ${(p.allowedValues as unknown[]).map((v) => quote(v)).join(', ')}, not ${quote(value)}` };
    case 'discriminator':
      return p.error === 'tag'
        ? { path, message: `${where}: missing required field \`kind\` (choice, recall or fix)` }
        : { path: [...path, 'kind'], message: `${describePath([...path, 'kind'])} must be one of "choice", "recall", "fix", not ${quote(p.tagValue)}` };
    default:
      return { path, message: `${where} ${e.message ?? 'is not valid'}` };
  }
}

function pointer(instancePath: string): (string | number)[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

function valueAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined;
  return v;
}

// ---------------------------------------------------------------------------------------------------------------
// the located tree

/** The plain value of a node. Aliases are not followed (an alias of an ancestor would never end): `aliases` gets them. */
function toValue(n: Node | null | undefined, aliases: Node[]): unknown {
  if (!n) return null;
  switch (n.kind) {
    case 'scalar':
      return n.value;
    case 'seq':
      return n.items.map((x) => toValue(x, aliases));
    case 'map':
      // fromEntries defines own properties: a key such as "__proto__" stays data (and fails the schema)
      return Object.fromEntries(n.pairs.map((p) => [String(p.key.value), toValue(p.value, aliases)]));
    case 'alias':
      aliases.push(n);
      return null;
  }
}

/** The node at a path, and the key node when the last step is a mapping key. */
function nodeAt(root: Node | undefined, path: Path): { node: Node | undefined; key?: Node; depth: number } {
  let node = root;
  let key: Node | undefined;
  let depth = 0;
  for (const p of path) {
    const d = deref(node);
    let next: Node | undefined;
    key = undefined;
    if (d?.kind === 'map' && typeof p === 'string') {
      const pair = d.pairs.find((x) => String(x.key.value) === p);
      if (pair) {
        key = pair.key;
        next = pair.value ?? pair.key;
      }
    } else if (d?.kind === 'seq' && typeof p === 'number') next = d.items[p];
    if (!next) break;
    node = next;
    depth++;
  }
  return { node, key, depth };
}

// ---------------------------------------------------------------------------------------------------------------
// parseLesson

/** Parse and validate one lesson file's text. `file` only names the file in the errors. */
export function parseLesson(text: string, file: string): ParsedLesson {
  const lines = new LineIndex(text);
  const errors: LessonError[] = [];
  const at = (offset: number) => {
    const p = lines.positionAt(offset);
    return { line: p.line + 1, column: p.character + 1 };
  };
  const add = (offset: number, message: string) => errors.push({ file, ...at(offset), message });

  const parsed = parseStructured(text);
  const root = parsed.documents[0]?.root;
  // a value at its start; a missing one at the nearest parent that exists
  const locateOffset = (path: Path): number => nodeAt(root, path).node?.span.start ?? 0;
  const locate = (path: Path) => at(locateOffset(path));
  const result = (lesson: Lesson | undefined, diagrams: DiagramRef[] = []): ParsedLesson => ({ lesson, errors, diagrams, locate });

  if (parsed.problems.length) {
    for (const p of parsed.problems) add(p.span.start, p.code === 'YAML_SYNTAX' ? `YAML syntax: ${p.message}` : p.message);
    return result(undefined);
  }
  if (parsed.documents.length > 1) {
    add(parsed.documents[1]!.span.start, 'A lesson file holds one YAML document: remove the `---` and what follows, or split the lessons into files');
    return result(undefined);
  }
  if (!root || (root.kind === 'scalar' && (root.value === null || root.value === ''))) {
    add(0, 'The file is empty: a lesson needs id, title, summary, minutes, objectives, reading, sources and questions');
    return result(undefined);
  }

  const aliases: Node[] = [];
  const value = toValue(root, aliases);
  if (aliases.length) {
    for (const a of aliases) add(a.span.start, 'YAML aliases (`*name`) are not used in lessons: write the value out');
    return result(undefined);
  }
  const schemaErrors = validate(value);
  if (schemaErrors.length) {
    const seen = new Set<string>();
    for (const e of schemaErrors) {
      // what `contains` found wrong with each item is no news: its own error says what is missing
      if (e.schemaPath.includes('/contains/')) continue;
      const path = pointer(e.instancePath);
      const m = schemaMessage(e, path, valueAt(value, path));
      const offset = m.atKey ? (locateKey(root, m.path) ?? locateOffset(path)) : locateOffset(m.path);
      const key = `${offset}:${m.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      add(offset, m.message);
    }
    errors.sort((a, b) => a.line - b.line || a.column - b.column);
    return result(undefined);
  }

  const lesson = value as Lesson;
  const diagrams = checkMeaning(lesson, root, text, lines, add);
  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return result(lesson, diagrams.map((d) => ({ src: d.src, ...at(d.offset) })));
}

/** Offset of the key at the end of a path (an unknown field, a bad `kind`), if it exists. */
function locateKey(root: Node, path: Path): number | undefined {
  const found = nodeAt(root, path);
  if (found.depth !== path.length) return undefined;
  return typeof path[path.length - 1] === 'string' && found.key ? found.key.span.start : found.node?.span.start;
}

const DIAGRAM_SRC = /^diagrams\/[a-z0-9][a-z0-9._-]*\.svg$/;

/** Checks of meaning on a lesson that matches the schema. Returns the diagrams its Markdown references. */
function checkMeaning(lesson: Lesson, root: Node, text: string, lines: LineIndex, add: (offset: number, message: string) => void): { src: string; offset: number }[] {
  const offsetOf = (path: Path): number => nodeAt(root, path).node?.span.start ?? 0;
  const keyOffset = (path: Path): number => locateKey(root, path) ?? offsetOf(path);

  const ids = new Map<string, number>();
  lesson.questions.forEach((q, i) => {
    if (!q.id.startsWith(`${lesson.id}/`)) add(offsetOf(['questions', i, 'id']), `Question id "${q.id}" must start with the lesson id: "${lesson.id}/${q.id.split('/')[1]}"`);
    const first = ids.get(q.id);
    if (first !== undefined) add(offsetOf(['questions', i, 'id']), `Question id "${q.id}" is used twice in this lesson (questions[${first}] and questions[${i}])`);
    else ids.set(q.id, i);
    if (q.kind === 'choice') {
      const right = q.choices.filter((c) => c.correct === true).length;
      if (!q.multiple && right !== 1)
        add(keyOffset(['questions', i, 'choices']), `Question "${q.id}" is single-answer but has ${right} correct choices: mark exactly one \`correct: true\`, or set \`multiple: true\``);
    }
  });
  const kinds = new Set(lesson.questions.map((q) => q.kind));
  for (const k of ['choice', 'recall'] as const) {
    if (!kinds.has(k)) add(keyOffset(['questions']), `The lesson needs at least one \`${k}\` question`);
  }

  // every Markdown field: images are diagrams with alt text, code fences name their language, headings start at ##
  const diagrams: { src: string; offset: number }[] = [];
  const markdownFields: Path[] = [['summary'], ['reading'], ...lesson.objectives.map((_, i) => ['objectives', i])];
  lesson.questions.forEach((q, i) => {
    markdownFields.push(['questions', i, 'prompt']);
    if (q.kind === 'choice') q.choices.forEach((_, j) => markdownFields.push(['questions', i, 'choices', j, 'text'], ['questions', i, 'choices', j, 'explain']));
    else if (q.kind === 'recall') {
      markdownFields.push(['questions', i, 'answer']);
      q.points.forEach((_, j) => markdownFields.push(['questions', i, 'points', j]));
    } else if (q.hint !== undefined) markdownFields.push(['questions', i, 'hint']);
  });
  for (const path of markdownFields) {
    const node = deref(nodeAt(root, path).node);
    if (node?.kind !== 'scalar' || typeof node.value !== 'string') continue;
    // a block scalar's content starts on the line after `|`; elsewhere lines within the value are approximate
    const startLine = lines.positionAt(node.span.start).line + (node.style === 'block' ? 1 : 0);
    const lineOffset = (mdLine: number) => {
      const l = node.style === 'block' ? startLine + mdLine : startLine;
      const start = lines.lineStart(l);
      return start + (text.slice(start, lines.lineEnd(l)).length - text.slice(start, lines.lineEnd(l)).trimStart().length);
    };
    const scan = scanMarkdown(node.value);
    const where = describePath(path);
    for (const h of scan.topHeadings) add(lineOffset(h), `${where}: a level-1 heading; headings in lessons start at \`##\``);
    for (const f of scan.bareFences) add(lineOffset(f), `${where}: a fenced code block without a language (e.g. \`\`\`yaml)`);
    for (const img of scan.images) {
      if (!DIAGRAM_SRC.test(img.src)) add(lineOffset(img.line), `${where}: image "${img.src}" must be a diagram of this folder: diagrams/<name>.svg`);
      else diagrams.push({ src: img.src, offset: lineOffset(img.line) });
      if (!img.alt.trim()) add(lineOffset(img.line), `${where}: image "${img.src}" needs alt text: ![what it shows](${img.src})`);
    }
  }
  return diagrams;
}

// ---------------------------------------------------------------------------------------------------------------
// assembleCourse

export interface LoadedLesson {
  /** Path of the lesson file (the lessons folder joined with the file name). */
  readonly file: string;
  /** The NN of the file name, 1-based. */
  readonly number: number;
  readonly lesson: Lesson;
  readonly diagrams: readonly DiagramRef[];
}

export interface ExerciseFiles {
  readonly start: string;
  readonly solution: string;
}

export interface LoadedCourse {
  readonly dir: string;
  /** Lessons that parsed and match the schema, in file order (others are in `errors`). */
  readonly lessons: readonly LoadedLesson[];
  /** Exercise texts by `<exercise>/<file>`. */
  readonly exercises: Readonly<Record<string, ExerciseFiles>>;
  readonly errors: readonly LessonError[];
}

/** A lessons folder, as assembleCourse reads it. Paths are relative to the folder and `/`-separated. */
export interface CourseFolder {
  /** The names of the files (not folders) directly in the folder. */
  readonly files: readonly string[];
  /** A file's text; undefined when there is no such file. */
  read(path: string): string | undefined;
  /** Whether a file exists. */
  exists(path: string): boolean;
}

const FILE_NAME = /^(\d{2})-(.+)\.yaml$/;

/** The key of an exercise file in LoadedCourse.exercises. */
export function exerciseKey(exercise: string, file: string): string {
  return `${exercise}/${file}`;
}

/** Read every `NN-<id>.yaml` of a lessons folder, with its exercises, and check what spans files. */
export function assembleCourse(dir: string, folder: CourseFolder): LoadedCourse {
  const errors: LessonError[] = [];
  const lessons: LoadedLesson[] = [];
  const exercises: Record<string, ExerciseFiles> = {};
  const names = folder.files.filter((n) => n.endsWith('.yaml') || n.endsWith('.yml')).sort();
  const inDir = (name: string) => (dir ? `${dir.replace(/(?<![\\/])[\\/]+$/, '')}/${name}` : name);
  const numbers: { n: number; file: string }[] = [];
  const lessonIds = new Map<string, string>();
  const questionIds = new Map<string, string>();

  for (const name of names) {
    const file = inDir(name);
    const m = FILE_NAME.exec(name);
    if (!m) {
      errors.push({ file, line: 1, column: 1, message: `Lesson files are named NN-<lesson id>.yaml (e.g. 01-why-static-keys-fail.yaml), not "${name}"` });
      continue;
    }
    numbers.push({ n: Number(m[1]), file });
    const parsed = parseLesson(folder.read(name) ?? '', file);
    errors.push(...parsed.errors);
    const lesson = parsed.lesson;
    if (!lesson) continue;
    if (lesson.id !== m[2]) errors.push({ file, ...parsed.locate(['id']), message: `The lesson id "${lesson.id}" must equal the file name without its number: "${m[2]}"` });
    const other = lessonIds.get(lesson.id);
    if (other) errors.push({ file, ...parsed.locate(['id']), message: `Lesson id "${lesson.id}" is also the id of ${other}` });
    else lessonIds.set(lesson.id, file);
    lesson.questions.forEach((q, i) => {
      const elsewhere = questionIds.get(q.id);
      if (elsewhere && elsewhere !== file) errors.push({ file, ...parsed.locate(['questions', i, 'id']), message: `Question id "${q.id}" is also used in ${elsewhere}` });
      else questionIds.set(q.id, file);
      if (q.kind !== 'fix') return;
      const texts: Partial<Record<'start' | 'solution', string>> = {};
      for (const side of ['start', 'solution'] as const) {
        const p = `exercises/${q.exercise}/${side}/${q.file}`;
        const text = folder.read(p);
        if (text !== undefined) texts[side] = text;
        else errors.push({ file, ...parsed.locate(['questions', i, 'file']), message: `Exercise file ${p} does not exist` });
      }
      if (texts.start !== undefined && texts.solution !== undefined) exercises[exerciseKey(q.exercise, q.file)] = { start: texts.start, solution: texts.solution };
    });
    for (const d of parsed.diagrams) {
      if (!folder.exists(d.src)) errors.push({ file, line: d.line, column: d.column, message: `Diagram ${d.src} does not exist` });
    }
    lessons.push({ file, number: Number(m[1]), lesson, diagrams: parsed.diagrams });
  }

  const byNumber = new Map<number, string>();
  for (const x of numbers) {
    const first = byNumber.get(x.n);
    if (first) errors.push({ file: x.file, line: 1, column: 1, message: `Lesson number ${String(x.n).padStart(2, '0')} is also the number of ${first}` });
    else byNumber.set(x.n, x.file);
  }
  const used = [...byNumber.keys()].sort((a, b) => a - b);
  const gap = used.findIndex((n, i) => n !== i + 1);
  if (gap >= 0)
    errors.push({ file: byNumber.get(used[gap]!)!, line: 1, column: 1, message: `Lesson numbers run 01, 02, … without gaps: ${String(gap + 1).padStart(2, '0')} is missing` });
  lessons.sort((a, b) => a.number - b.number);
  return { dir, lessons, exercises, errors };
}
