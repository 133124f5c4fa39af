// The course host's pure helpers: reading dist/course.json, diagram sources for the webview, plain-text prompts,
// intervals as the learner reads them, backup file names and exercise paths that stay inside their folder.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backupName, exerciseSegments, formatInterval, plainText, readCourse, rewriteDiagrams } from '../../../src/vscode/course/content';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('course host helpers', () => {
  it('reads a course in format 1 and refuses anything else with the reason', () => {
    const course = readCourse(JSON.stringify({ format: 1, lessons: [{ id: 'a' }] }));
    assert.equal(course.lessons.length, 1);
    assert.throws(() => readCourse('{'), /not JSON/);
    assert.throws(() => readCourse('{"format":2,"lessons":[]}'), /format 1 \(found format 2\)/);
    assert.throws(() => readCourse('[]'), /format 1/);
    assert.throws(() => readCourse('{"format":1,"lessons":[]}'), /no lessons/);
  });

  it('points diagram images at the webview resources and leaves everything else alone', () => {
    const html = '<p><img src="diagrams/token-exchange.svg" alt="Sequence"></p><img src="https://example.com/x.svg" alt="x"><img src="diagrams/../secret.svg" alt="y"><a href="diagrams/a.svg">a</a>';
    const out = rewriteDiagrams(html, (name) => `vscode-resource:/dist/course/diagrams/${name}`);
    assert.equal(
      out,
      '<p><img src="vscode-resource:/dist/course/diagrams/token-exchange.svg" alt="Sequence"></p><img src="https://example.com/x.svg" alt="x"><img src="diagrams/../secret.svg" alt="y"><a href="diagrams/a.svg">a</a>',
    );
  });

  it('turns compiled HTML into short plain text', () => {
    assert.equal(plainText('<p>What does <code>sub</code> &amp; <code>aud</code> hold?</p>\n'), 'What does sub & aud hold?');
    assert.equal(plainText('<p>&lt;tag&gt; &quot;q&quot; it&#39;s</p>'), '<tag> "q" it\'s');
    const long = plainText(`<p>${'word '.repeat(100)}</p>`, 30);
    assert.equal(long.length, 30);
    assert.ok(long.endsWith('…'));
  });

  it('says how long until a question comes back', () => {
    const cases: [number, string][] = [
      [0, 'now'],
      [-5 * MIN, 'now'],
      [MIN, 'in 1 minute'],
      [10 * MIN, 'in 10 minutes'],
      [59 * MIN, 'in 59 minutes'],
      [HOUR, 'in 1 hour'],
      [5 * HOUR, 'in 5 hours'],
      [DAY, 'in 1 day'],
      [8 * DAY, 'in 8 days'],
      [45 * DAY, 'in 1 month'],
      [200 * DAY, 'in 7 months'],
      [365 * DAY, 'in 1 year'],
      [912 * DAY, 'in 2.5 years'],
    ];
    for (const [ms, text] of cases) assert.equal(formatInterval(ms), text, String(ms));
  });

  it('names backups by time, safely for every file system', () => {
    assert.equal(backupName(new Date(Date.UTC(2026, 0, 31, 9, 15, 0, 123))), 'course-state-backup-2026-01-31T09-15-00-123Z.json');
  });

  it('keeps exercise files inside their folder', () => {
    assert.deepEqual(exerciseSegments({ exercise: 'scoping-pitfalls-blank-key', file: '.github/workflows/deploy.yml' }), ['scoping-pitfalls-blank-key', '.github', 'workflows', 'deploy.yml']);
    for (const file of ['../x', 'a/../../x', '/abs', 'a//b', 'a\\b', './a', 'c:/x']) {
      assert.throws(() => exerciseSegments({ exercise: 'e', file }), /not a plain relative path/, file);
    }
    assert.throws(() => exerciseSegments({ exercise: '..', file: 'x' }));
  });
});
