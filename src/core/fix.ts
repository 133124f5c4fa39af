// Applying preferred fixes: what fix-all, fix-on-save and `keyless check --fix` do. Fixes that overlap an earlier
// one are left for the next pass, as ESLint does; passes repeat until nothing changes.
import { check, type CheckOptions } from './engine';
import type { Finding, TextEdit } from './model';
import { applyEdits, spansOverlap } from './text';

/** The preferred fixes of these findings that can be applied together (the first of overlapping ones wins). */
export function nonOverlappingPreferredEdits(findings: readonly Finding[]): { edits: TextEdit[]; applied: Finding[] } {
  const edits: TextEdit[] = [];
  const applied: Finding[] = [];
  const taken: { start: number; end: number }[] = [];
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.preferred);
    if (!fix) continue;
    const clash = fix.edits.some((e) => taken.some((t) => spansOverlap(t, e.span) || (t.start === e.span.start && t.end === e.span.end)));
    if (clash) continue;
    for (const e of fix.edits) taken.push(e.span);
    edits.push(...fix.edits);
    applied.push(f);
  }
  return { edits, applied };
}

export const MAX_FIX_PASSES = 10;

export interface FixResult {
  readonly text: string;
  /** How many findings were fixed, over all passes. */
  readonly fixed: number;
  /** Passes that changed the text. */
  readonly passes: number;
}

function parseProblemCount(text: string, path: string): number {
  return check(text, path, { only: ['core/parse-error'], explicit: true }).findings.length;
}

/**
 * Check, apply the preferred fixes, and repeat until no fix applies (at most MAX_FIX_PASSES times).
 *
 * Fixes of different rules can be right alone and wrong together (two renames that each assume the key they
 * produce is free make a duplicate key). So a pass whose result parses worse than its input is undone, and its
 * fixes are applied one by one instead, each kept only if the document still parses as well as before.
 */
export function fixAll(text: string, path: string, options: CheckOptions = {}): FixResult {
  let current = text;
  let fixed = 0;
  let passes = 0;
  let baseline = parseProblemCount(current, path);
  while (passes < MAX_FIX_PASSES) {
    const findings = check(current, path, options).findings;
    const { edits, applied } = nonOverlappingPreferredEdits(findings);
    if (edits.length === 0) break;
    let next = applyEdits(current, edits);
    let count = applied.length;
    if (parseProblemCount(next, path) > baseline) {
      // one fix at a time, each on the text the previous ones left (spans shift, so re-check between them)
      next = current;
      count = 0;
      for (const f of applied) {
        const again = check(next, path, options).findings.find((g) => g.ruleId === f.ruleId && g.messageId === f.messageId && g.fixes.some((x) => x.preferred));
        const fix = again?.fixes.find((x) => x.preferred);
        if (!fix) continue;
        const candidate = applyEdits(next, fix.edits);
        if (parseProblemCount(candidate, path) > baseline) continue;
        next = candidate;
        count++;
      }
    }
    if (next === current) break;
    current = next;
    fixed += count;
    passes++;
    baseline = parseProblemCount(current, path);
  }
  return { text: current, fixed, passes };
}
