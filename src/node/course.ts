// The course on Node's file system (build-time and tests): `loadCourse(dir)` reads a lessons folder into
// src/core/course/load.ts's assembleCourse; `buildCourse` compiles it to <out>/course.json and copies the diagrams
// to <out>/course/diagrams/ (scripts/course.mjs bundles and runs it). Any lesson error fails the build, and then
// nothing is written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileCourse, serializeCourse } from '../core/course/compile';
import { assembleCourse, formatLessonError, type LoadedCourse } from '../core/course/load';

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Read every lesson of a folder (NN-<id>.yaml), with its exercises, and check it. */
export function loadCourse(dir: string): LoadedCourse {
  const at = (rel: string) => path.join(dir, ...rel.split('/'));
  return assembleCourse(dir, {
    files: fs.readdirSync(dir).filter((n) => isFile(path.join(dir, n))),
    read: (rel) => (isFile(at(rel)) ? fs.readFileSync(at(rel), 'utf8') : undefined),
    exists: (rel) => isFile(at(rel)),
  });
}

export interface CourseBuild {
  /** `file:line:column: message`, one per error; empty when the course was written. */
  readonly errors: readonly string[];
  readonly lessons: number;
  readonly questions: number;
}

export function buildCourse(lessonsDir: string, outDir: string): CourseBuild {
  const loaded = loadCourse(lessonsDir);
  const questions = loaded.lessons.reduce((n, l) => n + l.lesson.questions.length, 0);
  if (loaded.errors.length) return { errors: loaded.errors.map(formatLessonError), lessons: loaded.lessons.length, questions };
  const course = compileCourse(loaded.lessons, loaded.exercises);
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'course.json'), serializeCourse(course));
  const diagramsOut = path.join(outDir, 'course', 'diagrams');
  fs.rmSync(diagramsOut, { recursive: true, force: true });
  const diagrams = path.join(lessonsDir, 'diagrams');
  if (fs.existsSync(diagrams)) fs.cpSync(diagrams, diagramsOut, { recursive: true });
  return { errors: [], lessons: course.lessons.length, questions };
}
