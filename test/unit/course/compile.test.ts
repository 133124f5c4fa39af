// Compiling lessons: Markdown to HTML with raw HTML escaped, links kept, diagram paths left relative; exercise texts
// included; the same input always gives the same bytes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compileCourse, serializeCourse } from '../../../src/core/course/compile';
import { parseLesson, type LoadedLesson } from '../../../src/core/course/load';
import { loadCourse } from '../../../src/node/course';
import { renderInline } from '../../../src/core/course/markdown';
import type { CompiledFixQuestion } from '../../../src/core/course/types';

declare const KEYLESS_PACKAGE_ROOT: string;
const goodDir = join(KEYLESS_PACKAGE_ROOT, 'test/fixtures/course/good');

describe('compileCourse', () => {
  const loaded = loadCourse(goodDir);
  const course = compileCourse(loaded.lessons, loaded.exercises);

  it('keeps the lessons in order with their numbers and plain fields', () => {
    assert.equal(course.format, 1);
    assert.deepEqual(course.lessons.map((l) => [l.number, l.id, l.minutes]), [[1, 'empty-keys', 5], [2, 'token-lifetimes', 5]]);
    assert.equal(course.lessons[0]!.title, 'The empty key that outranks federation');
    assert.deepEqual(course.lessons[0]!.sources, [{ title: 'Anthropic — Workload identity federation', url: 'https://platform.claude.com/docs/en/manage-claude/workload-identity-federation' }]);
  });

  it('renders Markdown: headings, fenced code with its language, inline code, diagrams left relative', () => {
    const [l1, l2] = course.lessons;
    assert.equal(l1!.summaryHtml, 'An <code>ANTHROPIC_API_KEY</code> set to the empty string still wins over the federation variables.');
    assert.match(l1!.readingHtml, /^<h2>First match wins<\/h2>\n<p>The Anthropic SDKs/);
    assert.match(l1!.readingHtml, /<pre><code class="language-dotenv">ANTHROPIC_FEDERATION_RULE_ID=fdrl_…\nANTHROPIC_API_KEY=\n<\/code><\/pre>/);
    assert.match(l2!.readingHtml, /<img src="diagrams\/flow\.svg" alt="A workload trades its JWT for an access token">/);
    assert.equal(l1!.objectivesHtml[0], 'Say in which order the Anthropic SDKs look for credentials.');
  });

  it('compiles each kind of question', () => {
    const [choice, , multiple, recall, , fix] = course.lessons[0]!.questions;
    assert.ok(choice?.kind === 'choice' && multiple?.kind === 'choice' && recall?.kind === 'recall' && fix?.kind === 'fix');
    assert.equal(choice.lessonId, 'empty-keys');
    assert.equal(choice.multiple, false);
    assert.equal(multiple.multiple, true);
    assert.deepEqual(choice.choices.map((c) => c.correct), [true, false, false]);
    assert.equal(choice.choices[0]!.textHtml, 'The API key.');
    assert.equal(choice.choices[0]!.explainHtml, "<p>Static credentials come before the federation variables in the SDK's order.</p>\n");
    assert.equal(multiple.choices[0]!.textHtml, '<code>ANTHROPIC_AUTH_TOKEN</code> is set.');
    assert.match(recall.answerHtml, /^<p>An empty variable still counts as set/);
    assert.deepEqual(recall.pointsHtml, ['Set-but-empty still occupies the slot.', 'The SDK does not warn about an empty key.']);
    assert.deepEqual([fix.exercise, fix.file, fix.findings], ['empty-key', '.env', ['workload/static-key-shadows-federation']]);
    assert.equal(fix.hintHtml, 'Delete the line rather than emptying it.');
    assert.equal(fix.start, readFileSync(join(goodDir, 'exercises/empty-key/start/.env'), 'utf8'));
    assert.equal(fix.solution, readFileSync(join(goodDir, 'exercises/empty-key/solution/.env'), 'utf8'));
  });

  it('escapes raw HTML and keeps links (but not javascript: ones)', () => {
    const text = readFileSync(join(goodDir, '01-empty-keys.yaml'), 'utf8')
      .replace('  ## Set but empty', '  <script>alert(1)</script>\n\n  See [the guide](https://platform.claude.com/docs/en/manage-claude/workload-identity-federation) and [this](javascript:alert(1)).\n\n  ## Set but empty')
      .replace('      - text: The API key.', '      - text: The <b>API</b> key.')
      .replace('explain: Static credentials come', 'explain: <img src=x onerror=alert(1)> Static credentials come');
    const parsed = parseLesson(text, '01-empty-keys.yaml');
    assert.deepEqual(parsed.errors, []);
    const compiled = compileCourse([{ file: 'x', number: 1, lesson: parsed.lesson!, diagrams: [] }], loaded.exercises).lessons[0]!;
    assert.ok(compiled.readingHtml.includes('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'), compiled.readingHtml);
    assert.ok(!compiled.readingHtml.includes('<script'));
    assert.ok(compiled.readingHtml.includes('<a href="https://platform.claude.com/docs/en/manage-claude/workload-identity-federation">the guide</a>'));
    assert.ok(compiled.readingHtml.includes('[this](javascript:alert(1))'), 'a javascript: link stays text');
    const choice = compiled.questions[0]!;
    assert.ok(choice.kind === 'choice');
    assert.equal(choice.choices[0]!.textHtml, 'The &lt;b&gt;API&lt;/b&gt; key.');
    assert.ok(choice.choices[0]!.explainHtml.startsWith('<p>&lt;img src=x onerror=alert(1)&gt; Static'));
  });

  it('is deterministic: same lessons, same bytes, whatever the order they were loaded in', () => {
    const again = loadCourse(goodDir);
    const reversed: LoadedLesson[] = [...again.lessons].reverse();
    assert.equal(serializeCourse(compileCourse(reversed, again.exercises)), serializeCourse(course));
    assert.deepEqual(JSON.parse(serializeCourse(course)), course);
  });

  it('throws when an exercise text was not loaded', () => {
    assert.throws(() => compileCourse(loaded.lessons, {}), /empty-keys\/fix-env: the texts of exercise empty-key\/\.env were not loaded/);
  });

  it('renders a one-paragraph inline text without <p>, and keeps several paragraphs as blocks', () => {
    assert.equal(renderInline('`sub` and *aud*'), '<code>sub</code> and <em>aud</em>');
    assert.equal(renderInline('one\n\ntwo'), '<p>one</p>\n<p>two</p>');
  });

  it('compiles the course in lessons/', () => {
    const real = loadCourse(join(KEYLESS_PACKAGE_ROOT, 'lessons'));
    assert.deepEqual(real.errors, []);
    const compiled = compileCourse(real.lessons, real.exercises);
    assert.deepEqual(compiled.lessons.map((l) => l.number), compiled.lessons.map((_, i) => i + 1));
    for (const q of compiled.lessons.flatMap((l) => l.questions).filter((q): q is CompiledFixQuestion => q.kind === 'fix')) assert.ok(q.start.length > 0 && q.solution.length > 0, q.id);
  });
});
