// Grading. Multiple choice: right on the first answer is Good, wrong is Again, and the explanations of the choices
// made and of the right ones show at once. Fix it: the real checker runs on the learner's text under the exercise's
// file path; done when the named findings are gone and no finding of another rule appeared. (Free recall is graded
// by the learner: their rating goes straight to the scheduler.)
import { check } from '../engine';
import type { DocumentKind, Finding } from '../model';
import { LineIndex } from '../text';
import type { CompiledChoiceQuestion, CompiledFixQuestion } from './types';

export interface ChoiceOutcome {
  readonly selected: boolean;
  readonly correct: boolean;
  /** Show this choice's explanation now: it was selected, or it is a right answer. */
  readonly explain: boolean;
}

export interface ChoiceGrade {
  /** The selection is exactly the set of right choices. */
  readonly correct: boolean;
  readonly rating: 'good' | 'again';
  /** Per choice, in the question's order. */
  readonly choices: readonly ChoiceOutcome[];
}

/** Grade a selection (indexes into `question.choices`). A single-answer question selected twice over is wrong. */
export function gradeChoice(question: Pick<CompiledChoiceQuestion, 'choices'>, selectedIndexes: readonly number[]): ChoiceGrade {
  const n = question.choices.length;
  for (const i of selectedIndexes) if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`Choice ${i} does not exist (the question has ${n})`);
  const selected = new Set(selectedIndexes);
  const choices = question.choices.map((c, i) => ({ selected: selected.has(i), correct: c.correct, explain: selected.has(i) || c.correct }));
  const correct = selected.size > 0 && choices.every((c) => c.selected === c.correct);
  return { correct, rating: correct ? 'good' : 'again', choices };
}

export interface IntroducedFinding {
  readonly ruleId: string;
  readonly message: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

export interface FixGrade {
  /** The named findings are gone, no finding of another rule appeared, and the file is still the kind it was. */
  readonly done: boolean;
  /** Named rule ids still reported, in the question's order. */
  readonly remaining: readonly string[];
  /** Findings of rules the start file did not have (a new mistake, or a syntax error), in document order. */
  readonly introduced: readonly IntroducedFinding[];
  /** All findings on the current text. */
  readonly findings: number;
  /**
   * The text is not blank and the checker still recognises it as the kind of file the exercise starts from: an emptied
   * or unrelated file has no findings, but is no solution.
   */
  readonly recognised: boolean;
}

interface StartFacts {
  readonly rules: ReadonlySet<string>;
  readonly kinds: readonly DocumentKind[];
}

const startCache = new Map<string, StartFacts>();

function startFacts(start: string, file: string): StartFacts {
  const key = `${file}\0${start}`;
  let facts = startCache.get(key);
  if (!facts) {
    const r = check(start, file, { explicit: true });
    facts = { rules: new Set(r.findings.map((f) => f.ruleId)), kinds: r.kinds };
    if (startCache.size > 64) startCache.clear(); // a course has a few dozen exercises
    startCache.set(key, facts);
  }
  return facts;
}

/** Grade the learner's text for a fix exercise with the checker's default rule settings. */
export function gradeFix(question: Pick<CompiledFixQuestion, 'file' | 'findings' | 'start'>, currentText: string): FixGrade {
  const start = startFacts(question.start, question.file);
  const result = check(currentText, question.file, { explicit: true });
  const reported = new Set(result.findings.map((f) => f.ruleId));
  const remaining = question.findings.filter((id) => reported.has(id));
  const lines = new LineIndex(currentText);
  const introduced = result.findings
    .filter((f: Finding) => !start.rules.has(f.ruleId))
    .map((f) => {
      const p = lines.positionAt(f.span.start);
      return { ruleId: f.ruleId, message: f.message, line: p.line + 1, column: p.character + 1 };
    });
  const recognised = currentText.trim() !== '' && (start.kinds.length === 0 || start.kinds.some((k) => result.kinds.includes(k)));
  return { done: recognised && remaining.length === 0 && introduced.length === 0, remaining, introduced, findings: result.findings.length, recognised };
}
