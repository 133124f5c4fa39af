// Fixes on hostile input. On every fixture as it is, each fix of each finding (the preferred one and the suggestions)
// applies to the text it was computed on and leaves it parsing as well as before. On mutated fixtures, every fix still
// applies (edits inside the document, none overlapping), the preferred fixes fix-all picks apply together, and fixAll
// returns within its pass limit without making the document parse worse than it did.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { check } from '../../../src/core/engine';
import { fixAll, MAX_FIX_PASSES, nonOverlappingPreferredEdits } from '../../../src/core/fix';
import { applyEdits } from '../../../src/core/text';
import { assertCheckResult, assertEditsApply, EXTRA_DOCS, fixtureDocs, mutatedDoc, PER_INPUT_MS, runs, timed } from './hostile';

const parseProblems = (text: string, path: string): number => check(text, path, { only: ['core/parse-error'], explicit: true }).findings.length;

const docs = [...fixtureDocs(), ...EXTRA_DOCS];
const fixable = docs.filter((d) => check(d.text, d.path).findings.some((f) => f.fixes.length > 0));

describe('fixes on hostile input', () => {
  it('there are fixable documents to start from', () => {
    assert.ok(fixable.length >= 10, `${fixable.length} fixable documents`);
  });

  describe('every fix of every fixture applies alone and keeps the document parsing', () => {
    for (const d of fixable) {
      it(d.path, () => {
        const before = parseProblems(d.text, d.path);
        for (const f of check(d.text, d.path).findings) {
          for (const fix of f.fixes) {
            const what = `${f.ruleId}/${f.messageId} fix "${fix.title}"`;
            const after = assertEditsApply(d.text, fix.edits, what);
            assert.notEqual(after, d.text, `${what} changes nothing`);
            assert.ok(parseProblems(after, d.path) <= before, `${what} breaks the document`);
          }
        }
      });
    }
  });

  it('mutated documents: every fix applies, and the preferred fixes picked for fix-all apply together', () => {
    fc.assert(
      fc.property(mutatedDoc(fixable), (d) => {
        const r = check(d.text, d.path);
        assertCheckResult(d.text, r, d.path);
        const { edits, applied } = nonOverlappingPreferredEdits(r.findings);
        assert.ok(applied.length <= r.findings.length);
        applyEdits(d.text, edits);
      }),
      runs(500),
    );
  });

  it('mutated documents: fixAll ends within its pass limit and never makes the document parse worse', () => {
    fc.assert(
      fc.property(mutatedDoc(fixable), (d) => {
        const { value: out, ms } = timed(() => fixAll(d.text, d.path));
        assert.ok(out.passes <= MAX_FIX_PASSES && out.fixed >= 0);
        assert.equal(typeof out.text, 'string');
        assert.ok(parseProblems(out.text, d.path) <= parseProblems(d.text, d.path), `${d.path}: fixAll made it parse worse`);
        assert.ok(ms < 5 * PER_INPUT_MS, `${d.path}: fixAll took ${ms.toFixed(0)} ms`);
      }),
      runs(150),
    );
  });
});
