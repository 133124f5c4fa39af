// Lessons -> the compiled course (build-time): Markdown rendered to HTML (raw HTML escaped, links kept, image paths
// left relative), exercise texts included. The output depends only on the input: same lessons, same bytes.
import { exerciseKey, type ExerciseFiles, type LoadedLesson } from './load';
import { renderBlock, renderInline } from './markdown';
import type { CompiledCourse, CompiledLesson, CompiledQuestion, Question } from './types';

function compileQuestion(q: Question, lessonId: string, exercises: Readonly<Record<string, ExerciseFiles>>): CompiledQuestion {
  const base = { id: q.id, lessonId, promptHtml: renderBlock(q.prompt) };
  switch (q.kind) {
    case 'choice':
      return {
        ...base,
        kind: 'choice',
        multiple: q.multiple === true,
        choices: q.choices.map((c) => ({ textHtml: renderInline(c.text), correct: c.correct === true, explainHtml: renderBlock(c.explain) })),
      };
    case 'recall':
      return { ...base, kind: 'recall', answerHtml: renderBlock(q.answer), pointsHtml: q.points.map(renderInline) };
    case 'fix': {
      const files = exercises[exerciseKey(q.exercise, q.file)];
      if (!files) throw new Error(`${q.id}: the texts of exercise ${q.exercise}/${q.file} were not loaded`);
      return {
        ...base,
        kind: 'fix',
        exercise: q.exercise,
        file: q.file,
        findings: [...q.findings],
        ...(q.hint !== undefined ? { hintHtml: renderInline(q.hint) } : {}),
        start: files.start,
        solution: files.solution,
      };
    }
  }
}

/** Compile loaded lessons (in course order) and their exercise texts. Throws if an exercise's texts are missing. */
export function compileCourse(lessons: readonly LoadedLesson[], exercises: Readonly<Record<string, ExerciseFiles>>): CompiledCourse {
  const compiled: CompiledLesson[] = [...lessons]
    .sort((a, b) => a.number - b.number)
    .map(({ lesson, number }) => ({
      id: lesson.id,
      number,
      title: lesson.title,
      summaryHtml: renderInline(lesson.summary),
      minutes: lesson.minutes,
      objectivesHtml: lesson.objectives.map(renderInline),
      readingHtml: renderBlock(lesson.reading),
      sources: lesson.sources.map((s) => ({ title: s.title, url: s.url })),
      questions: lesson.questions.map((q) => compileQuestion(q, lesson.id, exercises)),
    }));
  return { format: 1, lessons: compiled };
}

/** The compiled course as written to dist/course.json: compact JSON (the extension reads it; nobody diffs it). */
export function serializeCourse(course: CompiledCourse): string {
  return `${JSON.stringify(course)}\n`;
}
