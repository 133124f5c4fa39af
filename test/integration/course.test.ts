// The course in a real VS Code: the course map, lesson 1's reading, choice questions answered right and wrong with
// their explanations, a free-recall self-grade, a fix exercise edited to its solution and graded done, the solution
// diff, the review queue, progress in globalState, a corrupt stored state backed up and reset, and export. The page
// is read back through the panel (it answers with the text of each region, as a user sees it); answers go through
// the same validated path as the page's own messages.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { answerOf, type CompiledCourse, type CompiledQuestion, importState, lessonOf, parseState, recordAnswer } from '../../src/core/course';
import type { KeylessApi } from '../../src/extension';
import { api } from './helpers';

type Regions = Readonly<Record<string, string>>;
type Feature = Awaited<ReturnType<KeylessApi['course']['feature']>>;
type Panel = NonNullable<ReturnType<KeylessApi['course']['panel']>>;

const STATE_KEY = 'keyless.course';

let feature: Feature;
let course: CompiledCourse;

/** The open course panel, once its page shows regions that satisfy `ok` (polled through the page itself). */
async function rendered(ok: (r: Regions) => boolean, what: string, ms = 20000): Promise<{ panel: Panel; regions: Regions }> {
  const keyless = await api();
  const deadline = Date.now() + ms;
  let last: Regions = {};
  while (Date.now() < deadline) {
    const panel = keyless.course.panel();
    if (panel) {
      try {
        await panel.settled();
        last = await panel.inspect(3000);
        if (ok(last)) return { panel, regions: last };
      } catch {
        /* the page is still loading */
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the course never showed ${what}; last:\n${JSON.stringify(last, null, 1).slice(0, 3000)}`);
}

/** Poll `get` until it returns something; fail with `what` after `ms`. */
async function until<T>(get: () => T | undefined | Promise<T | undefined>, what: string, ms = 15000): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const v = await get();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const stored = () => parseState(feature.store.memento.get(STATE_KEY));
const question = (id: string): CompiledQuestion => course.lessons.flatMap((l) => l.questions).find((q) => q.id === id)!;
const rightChoices = (q: CompiledQuestion) => (q.kind === 'choice' ? q.choices.flatMap((c, i) => (c.correct ? [i] : [])) : []);

/** Answer the question on the page the way a learner would get it right (a fix exercise is left to the caller). */
async function answerRight(panel: Panel, id: string): Promise<void> {
  const q = question(id);
  if (q.kind === 'choice') panel.receive({ type: 'answer', questionId: id, selected: rightChoices(q) });
  else if (q.kind === 'recall') {
    panel.receive({ type: 'reveal', questionId: id });
    panel.receive({ type: 'rate', questionId: id, rating: 'good' });
  }
  await rendered((r) => r.questionId === id && /Next Question|See the Summary/.test(r.main ?? ''), `${id} graded`);
  panel.receive({ type: 'next' });
}

suite('Course', () => {
  suiteSetup(async () => {
    const keyless = await api();
    feature = await keyless.course.feature();
    course = feature.services.course;
    await feature.store.memento.update(STATE_KEY, undefined);
    await feature.store.load();
  });

  suiteTeardown(async () => {
    (await api()).course.panel()?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('opens on the course map with every lesson and nothing due', async () => {
    await vscode.commands.executeCommand('keyless.openCourse');
    const { regions } = await rendered((r) => r.view === 'map' && !!r.main?.includes(course.lessons[11]!.title), 'the course map');
    assert.equal(regions.title, 'Keyless course');
    assert.match(regions.main!, /12 short lessons/);
    assert.match(regions.main!, /Review: nothing due/);
    assert.match(regions.main!, /0 of 12 lessons completed · 0 of 101 questions answered/);
    for (const l of course.lessons) assert.ok(regions.main!.includes(`${l.number}. ${l.title}`), l.title);
    assert.match(regions.main!, /Not started/);
  });

  test('lesson 1: the reading, then a choice answered right and one answered wrong, each explained', async () => {
    const lesson = course.lessons[0]!;
    const { panel } = await rendered((r) => r.view === 'map', 'the course map');
    panel.receive({ type: 'openLesson', lessonId: lesson.id });
    const reading = await rendered((r) => r.view === 'reading', 'lesson 1\'s reading');
    assert.equal(reading.regions.title, lesson.title);
    assert.match(reading.regions.main!, /After this lesson you can/);
    assert.ok(reading.regions.main!.indexOf('After this lesson you can') < reading.regions.main!.indexOf('Sources'), 'objectives come first');
    assert.match(reading.regions.main!, new RegExp(`Start Questions \\(${lesson.questions.length}\\)`));

    panel.receive({ type: 'startQuestions', lessonId: lesson.id });
    const q1 = lesson.questions[0]!;
    const asked = await rendered((r) => r.questionId === q1.id, 'the first question');
    assert.match(asked.regions.header!, new RegExp(`Question 1 of ${lesson.questions.length}`));
    assert.match(asked.regions.values!, /^\[ \] /, 'the choices show, none selected');
    assert.equal(lessonOf(stored().state, lesson.id).readAt !== undefined, true, 'the reading counts as read');

    panel.receive({ type: 'answer', questionId: q1.id, selected: rightChoices(q1) });
    const right = await rendered((r) => r.questionId === q1.id && /Right\./.test(r.feedback ?? ''), 'the feedback of a right answer');
    assert.match(right.regions.feedback!, /Recorded as Good: it comes back in 10 minutes/);
    assert.match(right.regions.main!, /Your answer, right/);
    assert.equal(answerOf(stored().state, q1.id)?.rating, 'good');

    panel.receive({ type: 'next' });
    const q2 = lesson.questions[1]!;
    assert.equal(q2.kind, 'choice');
    if (q2.kind !== 'choice') return;
    const wrong = q2.choices.findIndex((c) => !c.correct);
    await rendered((r) => r.questionId === q2.id, 'the second question');
    panel.receive({ type: 'answer', questionId: q2.id, selected: [wrong] });
    const missed = await rendered((r) => r.questionId === q2.id && /Not quite\./.test(r.feedback ?? ''), 'the feedback of a wrong answer');
    assert.match(missed.regions.feedback!, /Recorded as Again: it comes back in 1 minute/);
    assert.match(missed.regions.main!, /Your answer, wrong/);
    assert.match(missed.regions.main!, /Right answer/);
    // the explanations of the chosen choice and of the right one, as text
    const plain = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').trim();
    assert.ok(missed.regions.main!.includes(plain(q2.choices[wrong]!.explainHtml).slice(0, 60)), 'why the chosen choice is wrong');
    const right2 = q2.choices.findIndex((c) => c.correct);
    assert.ok(missed.regions.main!.includes(plain(q2.choices[right2]!.explainHtml).slice(0, 60)), 'why the right one is right');
    assert.equal(answerOf(stored().state, q2.id)?.rating, 'again');
    panel.receive({ type: 'next' });
  });

  test('free recall: the model answer, then a self-grade', async () => {
    const lesson = course.lessons[0]!;
    const { panel } = await rendered((r) => r.questionId === lesson.questions[2]!.id, 'the third question');
    const recallIndex = lesson.questions.findIndex((q) => q.kind === 'recall');
    for (let i = 2; i < recallIndex; i++) await answerRight(panel, lesson.questions[i]!.id);
    const q = lesson.questions[recallIndex]!;
    const asked = await rendered((r) => r.questionId === q.id, 'the recall question');
    assert.match(asked.regions.main!, /Free recall/);
    assert.match(asked.regions.main!, /Your answer/);
    panel.receive({ type: 'reveal', questionId: q.id });
    const shown = await rendered((r) => r.questionId === q.id && /Model answer/.test(r.main ?? ''), 'the model answer');
    assert.match(shown.regions.main!, /Check your answer for these points/);
    assert.match(shown.regions.main!, /How well did you recall it\?/);
    assert.match(shown.regions.main!, /Again[\s\S]*Hard[\s\S]*Good[\s\S]*Easy/);
    assert.match(shown.regions.main!, /in 10 minutes/, 'each grade says when the question comes back');
    panel.receive({ type: 'rate', questionId: q.id, rating: 'easy' });
    const rated = await rendered((r) => r.questionId === q.id && /Recorded as Easy/.test(r.feedback ?? ''), 'the self-grade recorded');
    assert.match(rated.regions.feedback!, /comes back in \d+ days/);
    assert.equal(answerOf(stored().state, q.id)?.rating, 'easy');
    panel.receive({ type: 'next' });
  });

  test('a fix exercise opens from Keyless\'s storage and is graded done when edited to the solution', async () => {
    const lesson = course.lessons[0]!;
    const fixIndex = lesson.questions.findIndex((q) => q.kind === 'fix');
    const { panel } = await rendered((r) => r.view === 'question', 'a question');
    const at = lesson.questions.findIndex((q) => q.id === panel.session.current()?.id);
    for (let i = at; i < fixIndex; i++) await answerRight(panel, lesson.questions[i]!.id);
    const q = lesson.questions[fixIndex]!;
    assert.equal(q.kind, 'fix');
    if (q.kind !== 'fix') return;
    const before = await rendered((r) => r.questionId === q.id, 'the fix exercise');
    assert.match(before.regions.main!, /Findings to clear/);
    for (const id of q.findings) assert.ok(before.regions.main!.includes(id), id);
    assert.match(before.regions.feedback!, /Open the exercise/);

    panel.receive({ type: 'openExercise', questionId: q.id });
    const suffix = `/exercises/${q.exercise}/${q.file}`;
    const editor = await until(() => vscode.window.visibleTextEditors.find((e) => e.document.uri.path.endsWith(suffix)), 'the exercise in an editor');
    assert.equal(editor.document.getText(), q.start);
    const workspace = vscode.workspace.workspaceFolders![0]!.uri.toString();
    assert.ok(!editor.document.uri.toString().startsWith(workspace), 'the exercise is not in the workspace');
    assert.ok(editor.document.uri.path.startsWith(`${feature.store.storage.path}/exercises/`), 'it is in Keyless\'s global storage');
    await rendered((r) => r.questionId === q.id && /still reported/.test(r.feedback ?? ''), 'the start file graded');

    const edit = new vscode.WorkspaceEdit();
    edit.replace(editor.document.uri, new vscode.Range(editor.document.positionAt(0), editor.document.positionAt(editor.document.getText().length)), q.solution);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const done = await rendered((r) => r.questionId === q.id && /Done\./.test(r.feedback ?? ''), 'the exercise graded done');
    assert.match(done.regions.feedback!, /Recorded as Good/);
    assert.match(done.regions.main!, /gone/);
    assert.equal(answerOf(stored().state, q.id)?.rating, 'good');
    await editor.document.save();

    // every question of lesson 1 has an answer: the lesson is completed, and the run ends on its summary
    assert.ok(lessonOf(stored().state, lesson.id).completedAt, 'lesson 1 is completed');
    panel.receive({ type: 'next' });
    const summary = await rendered((r) => r.view === 'summary', 'the summary');
    assert.equal(summary.regions.title, 'Lesson 1 complete');
    assert.match(summary.regions.main!, new RegExp(`You answered ${lesson.questions.length} questions`));
    assert.match(summary.regions.main!, new RegExp(`Next: Lesson 2, ${course.lessons[1]!.title}`));
    panel.receive({ type: 'openMap' });
    const map = await rendered((r) => r.view === 'map', 'the course map');
    assert.match(map.regions.main!, /1 of 12 lessons completed · 7 of 101 questions answered/);
    assert.match(map.regions.main!, /Completed/);
  });

  test('progress is in globalState, as the core reads it', async () => {
    const parsed = stored();
    assert.equal(parsed.problem, undefined);
    const lesson = course.lessons[0]!;
    assert.ok(lesson.questions.every((q) => answerOf(parsed.state, q.id)), 'every question of lesson 1 answered');
    assert.equal(answerOf(parsed.state, lesson.questions[1]!.id)?.rating, 'again');
    assert.deepEqual(parsed.state, feature.store.state);
  });

  test('showing a solution opens the diff and counts as Again', async () => {
    const lesson = course.lessons[1]!;
    const { panel } = await rendered((r) => r.view === 'map', 'the course map');
    panel.receive({ type: 'startQuestions', lessonId: lesson.id });
    const fixIndex = lesson.questions.findIndex((q) => q.kind === 'fix');
    for (let i = 0; i < fixIndex; i++) await answerRight(panel, lesson.questions[i]!.id);
    const q = lesson.questions[fixIndex]!;
    await rendered((r) => r.questionId === q.id, 'lesson 2\'s fix exercise');
    panel.receive({ type: 'showSolution', questionId: q.id });
    await rendered((r) => r.questionId === q.id && /Solution shown\./.test(r.feedback ?? ''), 'the solution shown');
    const diff = await until(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'keyless-course-solution'), 'the solution diff');
    const input = diff.input as vscode.TabInputTextDiff;
    if (q.kind === 'fix') assert.equal((await vscode.workspace.openTextDocument(input.modified)).getText(), q.solution);
    assert.equal(answerOf(stored().state, q.id)?.rating, 'again');
  });

  test('the review queue runs the due questions', async () => {
    const keyless = await api();
    const review = course.lessons[4]!.questions[0]!;
    // a question answered two weeks ago, whose interval has run out
    await feature.store.change((s) => recordAnswer(s, review.id, 'good', Date.now() - 14 * 86_400_000).state);
    await vscode.commands.executeCommand('keyless.reviewCourse');
    const { regions } = await rendered((r) => r.view === 'question' && /Review: \d+ due/.test(r.header ?? ''), 'the review queue');
    assert.ok(keyless.course.panel()!.session.position.view === 'run');
    assert.match(regions.main!, /From lesson \d+/);
    assert.ok(regions.header!.includes('Question 1 of'), regions.header);
  });

  test('a reloaded panel comes back at the saved position; an unknown one opens the map', async () => {
    const keyless = await api();
    const lesson = course.lessons[2]!;
    const run = lesson.questions.map((q) => q.id);
    keyless.course.panel()?.dispose();
    // the page saved: question 2 of lesson 3, already graded (so the reloaded panel asks question 3)
    feature.revive(vscode.window.createWebviewPanel('keyless.course', 'Keyless Course', vscode.ViewColumn.Active), { position: { view: 'run', lessonId: lesson.id, run, index: 1, answered: true }, scrollY: 0 });
    const back = await rendered((r) => r.questionId === run[2], 'the question after the saved one');
    assert.match(back.regions.header!, new RegExp(`Question 3 of ${run.length}`));
    back.panel.dispose();
    feature.revive(vscode.window.createWebviewPanel('keyless.course', 'Keyless Course', vscode.ViewColumn.Active), { position: { view: 'run', run: ['gone-lesson/question'], index: 0, answered: false } });
    await rendered((r) => r.view === 'map', 'the course map');
  });

  test('reset keeps the old progress in a backup file and starts again', async () => {
    await feature.store.change((s) => recordAnswer(s, course.lessons[3]!.questions[0]!.id, 'hard', Date.now()).state);
    const before = feature.store.state;
    const backup = await feature.store.reset();
    assert.match(backup.path, /\/course-state-backup-[\dT-]+Z\.json$/);
    assert.deepEqual(importState(new TextDecoder().decode(await vscode.workspace.fs.readFile(backup))).state, before);
    assert.deepEqual(feature.store.memento.get(STATE_KEY), { version: 1, cards: {}, lessons: {}, answered: {} });
  });

  test('a corrupt stored state is kept in a backup file and the course starts afresh', async () => {
    const keyless = await api();
    const corrupt = { version: 1, cards: 'lost', lessons: {}, answered: {} };
    await feature.store.memento.update(STATE_KEY, corrupt);
    const outcome = await feature.store.load();
    assert.match(outcome.problem ?? '', /cards must be an object/);
    assert.ok(outcome.backup, 'a backup was written');
    assert.match(outcome.backup.path, /\/course-state-backup-[\dT-]+Z\.json$/);
    assert.deepEqual(JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(outcome.backup))), corrupt);
    assert.deepEqual(feature.store.memento.get(STATE_KEY), { version: 1, cards: {}, lessons: {}, answered: {} });
    assert.ok(keyless.log.lines.some((l) => l.includes('cards must be an object') && l.includes('course-state-backup-')));
    // and one written by a newer Keyless
    await feature.store.memento.update(STATE_KEY, { version: 9 });
    const newer = await feature.store.load();
    assert.match(newer.problem ?? '', /newer version of Keyless/);
    assert.ok(newer.backup);
    // the open panel follows: the map shows a fresh start
    const panel = keyless.course.panel()!;
    panel.receive({ type: 'openMap' });
    await rendered((r) => r.view === 'map' && /0 of 101 questions answered/.test(r.main ?? ''), 'a fresh course map');
  });

  test('export writes the progress as JSON the core can import', async () => {
    await feature.store.change((s) => recordAnswer(s, course.lessons[0]!.questions[0]!.id, 'good', Date.now()).state);
    const target = vscode.Uri.joinPath(feature.store.storage, 'export-test', 'progress.json');
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target, '..'));
    await vscode.commands.executeCommand('keyless.exportCourseProgress', target);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    const imported = importState(text);
    assert.equal(imported.problem, undefined);
    assert.deepEqual(imported.state, feature.store.state);
    assert.equal(answerOf(imported.state, course.lessons[0]!.questions[0]!.id)?.rating, 'good');
  });
});
