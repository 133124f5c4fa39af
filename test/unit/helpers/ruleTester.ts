// A rule tester over node:test in ESLint's discipline: every invalid case names its errors with positions, a case
// whose findings carry a preferred fix must state the fixed output, suggestions must be listed with their output,
// a fix must leave the document parseable, and duplicate cases fail.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, type RuleSetting } from '../../../src/core/engine';
import type { Finding, Severity } from '../../../src/core/model';
import type { Rule } from '../../../src/core/rule';
import { nonOverlappingPreferredEdits } from '../../../src/core/fix';
import { applyEdits, LineIndex } from '../../../src/core/text';

export interface ValidCase {
  readonly code: string;
  /** Path hint; defaults to `file.yaml` (or `file.json` when the code starts with `{` or `[`). */
  readonly filename?: string;
  readonly name?: string;
  readonly settings?: Readonly<Record<string, RuleSetting>>;
}

export interface ExpectedError {
  readonly messageId: string;
  /** 1-based, like an editor shows. */
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly severity?: Severity;
  /** Substring or pattern the interpolated message must contain/match. */
  readonly message?: string | RegExp;
  /** Every suggestion (non-preferred fix) of this finding, in order, with the text after applying it. */
  readonly suggestions?: readonly { readonly title?: string | RegExp; readonly output: string }[];
}

export interface InvalidCase extends ValidCase {
  readonly errors: readonly ExpectedError[];
  /** Text after applying every preferred fix; required when any finding has one, forbidden otherwise. */
  readonly output?: string;
}

function filenameOf(c: ValidCase): string {
  if (c.filename) return c.filename;
  return /^\s*[{[]/.test(c.code) ? 'file.json' : 'file.yaml';
}

function run(rule: Rule, c: ValidCase): Finding[] {
  const result = check(c.code, filenameOf(c), { ruleSet: [rule], explicit: true, rules: c.settings });
  return result.findings.filter((f) => f.ruleId === rule.meta.id);
}

function title(c: ValidCase, i: number, kind: string): string {
  const first = c.code.split('\n').find((l) => l.trim()) ?? '';
  return c.name ?? `${kind} #${i + 1}: ${first.trim().slice(0, 60)}`;
}

function assertParses(text: string, filename: string, what: string): void {
  const problems = check(text, filename, { only: ['core/parse-error'], explicit: true }).findings;
  assert.equal(problems.length, 0, `${what} does not parse:\n${text}\n${problems.map((p) => p.message).join('\n')}`);
}

export function applyPreferred(text: string, findings: readonly Finding[]): string {
  return applyEdits(text, nonOverlappingPreferredEdits(findings).edits);
}

export const ruleTester = {
  run(rule: Rule, cases: { valid: readonly (ValidCase | string)[]; invalid: readonly InvalidCase[] }): void {
    const seen = new Set<string>();
    const once = (c: ValidCase) => {
      const key = `${filenameOf(c)}\0${c.code}\0${JSON.stringify(c.settings ?? {})}`;
      assert.ok(!seen.has(key), `duplicate test case:\n${c.code}`);
      seen.add(key);
    };
    describe(rule.meta.id, () => {
      assert.ok(cases.valid.length > 0, `${rule.meta.id} needs valid cases`);
      assert.ok(cases.invalid.length > 0, `${rule.meta.id} needs invalid cases`);
      cases.valid.forEach((v, i) => {
        const c = typeof v === 'string' ? { code: v } : v;
        it(title(c, i, 'valid'), () => {
          once(c);
          const found = run(rule, c);
          assert.deepEqual(found.map((f) => `${f.messageId}: ${f.message}`), [], 'expected no findings');
        });
      });
      cases.invalid.forEach((c, i) => {
        it(title(c, i, 'invalid'), () => {
          once(c);
          assert.ok(c.errors.length > 0, 'an invalid case must expect at least one error');
          const found = run(rule, c);
          const lines = new LineIndex(c.code);
          assert.equal(found.length, c.errors.length,
            `expected ${c.errors.length} finding(s), got ${found.length}:\n${found.map((f) => `  ${f.messageId} @${lines.positionAt(f.span.start).line + 1}:${lines.positionAt(f.span.start).character + 1} ${f.message}`).join('\n')}`);
          found.forEach((f, k) => {
            const e = c.errors[k]!;
            const s = lines.positionAt(f.span.start);
            const t = lines.positionAt(f.span.end);
            assert.equal(f.messageId, e.messageId, `finding ${k + 1}: messageId (message: ${f.message})`);
            assert.equal(s.line + 1, e.line, `finding ${k + 1} (${f.messageId}): line`);
            assert.equal(s.character + 1, e.column, `finding ${k + 1} (${f.messageId}): column`);
            if (e.endLine !== undefined) assert.equal(t.line + 1, e.endLine, `finding ${k + 1}: endLine`);
            if (e.endColumn !== undefined) assert.equal(t.character + 1, e.endColumn, `finding ${k + 1}: endColumn`);
            if (e.severity) assert.equal(f.severity, e.severity, `finding ${k + 1}: severity`);
            if (typeof e.message === 'string') assert.ok(f.message.includes(e.message), `message "${f.message}" lacks "${e.message}"`);
            else if (e.message) assert.match(f.message, e.message);
            assert.doesNotMatch(f.message, /\{\{\w+\}\}/, 'message has an uninterpolated placeholder');
            const suggestions = f.fixes.filter((x) => !x.preferred);
            const expected = e.suggestions ?? [];
            assert.equal(suggestions.length, expected.length,
              `finding ${k + 1} (${f.messageId}): ${suggestions.length} suggestion(s) [${suggestions.map((x) => x.title).join(' | ')}], expected ${expected.length}`);
            suggestions.forEach((sg, j) => {
              const want = expected[j]!;
              if (typeof want.title === 'string') assert.equal(sg.title, want.title);
              else if (want.title) assert.match(sg.title, want.title);
              assert.equal(applyEdits(c.code, sg.edits), want.output, `suggestion "${sg.title}" output`);
            });
          });
          const hasFix = found.some((f) => f.fixes.some((x) => x.preferred));
          if (hasFix) {
            assert.ok(c.output !== undefined, 'a finding has a preferred fix: the case must give `output`');
            const out = applyPreferred(c.code, found);
            assert.equal(out, c.output, 'output after applying preferred fixes');
            assertParses(out, filenameOf(c), 'fixed output');
          } else {
            assert.equal(c.output, undefined, 'the case gives `output` but no finding has a preferred fix');
          }
          for (const f of found) {
            assert.ok(f.span.start >= 0 && f.span.end <= c.code.length && f.span.start <= f.span.end, 'span within the document');
          }
        });
      });
    });
  },
};

/** Strip a common leading indentation and the first newline, so cases can be written as indented template literals. */
export function dedent(s: string): string {
  const lines = s.replace(/^\n/, '').split('\n');
  const ind = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length));
  return lines.map((l) => l.slice(ind)).join('\n');
}

/** Pretty JSON of a value, as people write policy files. */
export function json(v: unknown): string {
  return JSON.stringify(v, null, 2) + '\n';
}
