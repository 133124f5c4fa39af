// The course's editor-independent API: what a host (the VS Code webview's panel, a test) needs at run time to show
// the compiled course (dist/course.json), schedule and grade questions, and keep the learner's progress.
//
// Build-time modules are not re-exported here, so a bundle of this API stays free of the YAML, schema and Markdown
// machinery: import `./load` (parseLesson, assembleCourse) and `./compile` (compileCourse, serializeCourse) directly,
// and src/node/course.ts (loadCourse, buildCourse) for a lessons folder on disk.
export * from './types';
export { MASTERED_STABILITY_DAYS, SCHEDULER_PARAMETERS, isDue, isMastered, newCard, retrievability, review, type ReviewEntry } from './scheduler';
export { STATE_VERSION, answerOf, cardOf, emptyState, exportState, importState, lessonOf, markCompleted, markRead, parseState, recordAnswer, type ParsedState } from './state';
export { RECALL_PER_LESSON, dueCount, lessonRun, progress, reviewQueue, type LessonProgress, type QueueItem } from './queue';
export { gradeChoice, gradeFix, type ChoiceGrade, type ChoiceOutcome, type FixGrade, type IntroducedFinding } from './grade';
