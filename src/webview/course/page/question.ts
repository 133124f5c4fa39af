// One question of a run. Built once per question; `update` shows what the host says happened (graded choices with
// their explanations, the model answer and the self-grade, the exercise's live grade) without rebuilding what the
// learner is typing in.
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox-group/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import { RATINGS } from '../../../core/course/types';
import type { AskedQuestion, Outcome, QuestionView } from '../protocol';
import { el, plural } from '../../shared/dom';
import { breadcrumb, button, courseHtml, meter } from './html';
import { RATING_LABEL } from './lesson';

type Checkable = HTMLElement & { checked: boolean; disabled: boolean; value: string };
type TextArea = HTMLElement & { value: string; readonly: boolean };

const RATING_HELP = { again: 'I did not recall it', hard: 'with real effort', good: 'with some thought', easy: 'at once' } as const;

export class QuestionDom {
  readonly root: HTMLElement;
  readonly id: string;
  private readonly body = el('div', { class: 'question-body' });
  private readonly feedback = el('div', { class: 'feedback', role: 'status', 'aria-live': 'polite' });
  private readonly actions = el('div', { class: 'actions' });
  private readonly extra = el('div', { class: 'after' });
  private inputs: Checkable[] = [];
  private answer: TextArea | undefined;
  private checkButton: HTMLElement | undefined;
  private shown = '';

  constructor(private view: QuestionView, draft: string | undefined, private readonly onDraft: (text: string) => void) {
    this.id = view.question.id;
    const q = view.question;
    const where = view.lesson ? `Lesson ${view.lesson.number}: ${view.lesson.title}` : `Review: ${view.total} due`;
    const origin = view.recall ? `Spaced recall from lesson ${view.from.number}: ${view.from.title}` : view.lesson ? `Lesson ${view.from.number}` : `From lesson ${view.from.number}: ${view.from.title}`;
    const kind = q.kind === 'choice' ? (q.multiple ? 'Multiple choice: select every right answer' : 'Multiple choice') : q.kind === 'recall' ? 'Free recall' : 'Fix it';
    this.root = el('div', { class: 'question-view' },
      breadcrumb(where),
      el('header', { class: 'run-progress' },
        el('p', { class: 'count' }, `Question ${view.index + 1} of ${view.total}`),
        meter(`Question ${view.index + 1} of ${view.total}`, view.total, view.index),
      ),
      el('article', { class: `question ${q.kind}${view.recall ? ' recall-item' : ''}`, 'aria-labelledby': 'question-title' },
        el('p', { class: 'eyebrow' }, el('span', { class: view.recall ? 'tag recall-tag' : 'tag' }, origin), el('span', { class: 'kind' }, kind)),
        el('h1', { id: 'question-title', tabindex: '-1', class: 'view-title visually-hidden' }, `Question ${view.index + 1}`),
        courseHtml('div', q.promptHtml, { class: 'prompt' }),
        this.body,
        this.extra,
        this.feedback,
        this.actions,
      ),
    );
    this.build(q, draft);
    this.update(view);
  }

  private build(q: AskedQuestion, draft: string | undefined): void {
    if (q.kind === 'choice') {
      this.inputs = q.choicesHtml.map((html, i) => {
        const input = el(q.multiple ? 'vscode-checkbox' : 'vscode-radio', { value: String(i), name: 'choice', class: 'choice-input' }, courseHtml('span', html)) as Checkable;
        input.addEventListener('change', () => this.selectionChanged());
        return input;
      });
      const group = q.multiple
        ? el('vscode-checkbox-group', { variant: 'vertical', role: 'group', 'aria-label': 'Choices: select every right answer' }, ...this.inputs)
        : el('vscode-radio-group', { variant: 'vertical', 'aria-label': 'Choices' }, ...this.inputs);
      this.body.replaceChildren(group);
      this.checkButton = button('Check Answer', 'check', { disabled: true });
    } else if (q.kind === 'recall') {
      this.answer = el('vscode-textarea', { id: 'recall-answer', rows: '5', resize: 'vertical', placeholder: 'Answer in your own words before you look: the effort of recalling is what makes it stick.', class: 'recall-answer' }) as TextArea;
      this.answer.value = draft ?? '';
      this.answer.addEventListener('input', () => this.onDraft(this.answer!.value));
      this.body.replaceChildren(el('vscode-label', { for: 'recall-answer' }, 'Your answer'), this.answer);
    } else {
      this.body.replaceChildren(
        el('p', { class: 'file' }, 'File: ', el('code', {}, q.file)),
      );
    }
  }

  /** The selection of a choice question, as indexes. */
  selection(): number[] {
    return this.inputs.filter((i) => i.checked).map((i) => Number(i.value));
  }

  private selectionChanged(): void {
    if (this.checkButton) this.checkButton.toggleAttribute('disabled', this.selection().length === 0);
  }

  /** What the learner typed (free recall), for `inspect`. */
  values(): string {
    const q = this.view.question;
    if (q.kind === 'choice') return this.inputs.map((i) => `[${i.checked ? 'x' : ' '}] ${i.textContent?.trim() ?? ''}`).join('\n');
    if (q.kind === 'recall') return `Your answer: ${this.answer?.value ?? ''}`;
    return '';
  }

  /** Show the host's latest view of this question. Returns whether it was just graded (to move the focus). */
  update(view: QuestionView): boolean {
    this.view = view;
    const o = view.outcome;
    const key = JSON.stringify(o ?? null);
    if (key === this.shown) return false;
    const wasGraded = this.shown !== '' && this.shown !== 'null' && graded(JSON.parse(this.shown) as Outcome | null);
    this.shown = key;
    const q = view.question;
    if (q.kind === 'choice') this.updateChoice(o?.kind === 'choice' ? o : undefined);
    else if (q.kind === 'recall') this.updateRecall(o?.kind === 'recall' ? o : undefined);
    else this.updateFix(q, o?.kind === 'fix' ? o : undefined);
    const isGraded = graded(o ?? null);
    if (isGraded) this.actions.append(button(view.index + 1 < view.total ? 'Next Question' : 'See the Summary', 'next'));
    return isGraded && !wasGraded;
  }

  private updateChoice(o: Extract<Outcome, { kind: 'choice' }> | undefined): void {
    const q = this.view.question as Extract<AskedQuestion, { kind: 'choice' }>;
    if (!o) {
      this.feedback.replaceChildren();
      this.actions.replaceChildren(this.checkButton!);
      this.selectionChanged();
      return;
    }
    // the graded choices replace the inputs: each with its mark and, for the chosen and the right ones, why
    this.body.replaceChildren(el('ol', { class: 'graded-choices', 'aria-label': 'Your answer, graded' }, ...o.choices.map((c, i) => {
      const mark = c.correct ? (c.selected ? 'Your answer, right' : 'Right answer') : c.selected ? 'Your answer, wrong' : '';
      const cls = c.correct ? 'right' : c.selected ? 'wrong' : 'other';
      return el('li', { class: `graded ${cls}${c.selected ? ' selected' : ''}` },
        el('span', { class: 'mark', 'aria-hidden': 'true' }, c.correct ? '✓' : c.selected ? '✗' : ''),
        el('div', {},
          courseHtml('div', q.choicesHtml[i]!, { class: 'choice-text' }),
          mark && el('p', { class: 'verdict' }, mark),
          c.explainHtml !== undefined && courseHtml('div', c.explainHtml, { class: 'explain' }),
        ),
      );
    })));
    this.feedback.replaceChildren(
      el('p', { class: o.correct ? 'result right' : 'result wrong' },
        el('strong', {}, o.correct ? 'Right.' : 'Not quite.'),
        o.correct ? ` Recorded as Good: it comes back ${o.next}.` : ` The right answer${q.multiple ? 's are' : ' is'} marked below with the reasons. Recorded as Again: it comes back ${o.next}.`,
      ),
    );
    this.feedback.after(this.body);
    this.actions.replaceChildren();
  }

  private updateRecall(o: Extract<Outcome, { kind: 'recall' }> | undefined): void {
    if (!o) {
      this.extra.replaceChildren();
      this.feedback.replaceChildren();
      this.actions.replaceChildren(button('Show Answer', 'reveal'));
      return;
    }
    if (this.answer) this.answer.readonly = true;
    const ratingButtons = RATINGS.map((r) => {
      const b = el('vscode-button', {
        'data-action': 'rate', 'data-rating': r,
        ...(o.rating && o.rating !== r ? { secondary: '' } : {}),
        ...(o.rating ? { disabled: '' } : {}),
        'aria-label': `${RATING_LABEL[r]}: ${RATING_HELP[r]}${o.intervals ? `, back ${o.intervals[r]}` : ''}`,
        title: RATING_HELP[r],
      }, RATING_LABEL[r]);
      return el('div', { class: 'rating-choice' }, b, el('span', { class: 'interval', 'aria-hidden': 'true' }, o.intervals ? o.intervals[r] : o.rating === r ? 'your grade' : ''));
    });
    this.extra.replaceChildren(
      el('section', { class: 'model-answer', 'aria-labelledby': 'model-title' },
        el('h2', { id: 'model-title' }, 'Model answer'),
        courseHtml('div', o.answerHtml),
        el('h3', {}, 'Check your answer for these points'),
        el('ul', { class: 'points' }, ...o.pointsHtml.map((p) => courseHtml('li', p))),
      ),
      el('section', { class: 'self-grade', 'aria-labelledby': 'grade-title' },
        el('h2', { id: 'grade-title' }, 'How well did you recall it?'),
        el('div', { class: 'ratings', role: 'group', 'aria-label': 'Grade your answer' }, ...ratingButtons),
        !o.rating && el('p', { class: 'hint-line' }, 'Keys 1 to 4 grade too, from Again to Easy.'),
      ),
    );
    this.feedback.replaceChildren(...(o.rating ? [el('p', { class: 'result' }, el('strong', {}, `Recorded as ${RATING_LABEL[o.rating]}.`), ` It comes back ${o.next}.`)] : []));
    this.actions.replaceChildren();
  }

  private updateFix(q: Extract<AskedQuestion, { kind: 'fix' }>, o: Extract<Outcome, { kind: 'fix' }> | undefined): void {
    const remaining = new Set(o?.remaining ?? q.findings);
    const opened = o?.opened ?? false;
    this.body.replaceChildren(
      el('p', { class: 'file' }, 'File: ', el('code', {}, q.file)),
      el('h2', { class: 'findings-title' }, 'Findings to clear'),
      el('ul', { class: 'named-findings' }, ...q.findings.map((id) => {
        const fixed = opened && !remaining.has(id);
        return el('li', { class: fixed ? 'fixed' : 'open' },
          el('span', { class: 'mark', 'aria-hidden': 'true' }, fixed ? '✓' : '•'),
          el('a', { href: '#', 'data-rule': id, title: `Open the documentation of ${id}` }, id),
          el('span', { class: 'state' }, opened ? (fixed ? ' gone' : ' still reported') : ''),
        );
      })),
    );
    const introduced = o?.introduced ?? [];
    this.extra.replaceChildren(
      ...(introduced.length ? [el('section', { class: 'introduced', 'aria-label': 'New findings' },
        el('h2', {}, plural(introduced.length, 'new finding') + ' the start file did not have'),
        el('ul', {}, ...introduced.map((f) => el('li', {}, `Line ${f.line}: ${f.message} `, el('a', { href: '#', 'data-rule': f.ruleId }, f.ruleId)))),
      )] : []),
      ...(o?.hintHtml ? [el('section', { class: 'hint', 'aria-label': 'Hint' }, el('strong', {}, 'Hint: '), courseHtml('span', o.hintHtml))] : []),
    );
    this.feedback.replaceChildren(el('p', { class: `result ${o?.result === 'done' ? 'right' : o?.result === 'solution' ? 'wrong' : ''}` }, ...fixStatus(q, o)));
    this.actions.replaceChildren(
      button(opened ? 'Show the Exercise' : 'Open the Exercise', 'exercise', { secondary: o?.result !== undefined }),
      ...(q.hasHint && !o?.hintHtml && !o?.result ? [button('Show a Hint', 'hint', { secondary: true })] : []),
      button(o?.result ? 'Compare with the Solution' : 'Show the Solution', 'solution', { secondary: true, describe: o?.result ? 'Compare your file with the solution' : 'Show the solution (counts as Again)' }),
    );
  }

  /** The element to focus once the learner can go on. */
  nextButton(): HTMLElement | null {
    return this.actions.querySelector('[data-action="next"]');
  }
}

function graded(o: Outcome | null): boolean {
  if (!o) return false;
  if (o.kind === 'choice') return true;
  if (o.kind === 'recall') return o.rating !== undefined;
  return o.result !== undefined;
}

function fixStatus(q: Extract<AskedQuestion, { kind: 'fix' }>, o: Extract<Outcome, { kind: 'fix' }> | undefined): (Node | string)[] {
  if (o?.result === 'done') return [el('strong', {}, 'Done.'), ` The named findings are gone and nothing new appeared. Recorded as Good: it comes back ${o.next}.`];
  if (o?.result === 'solution') return [el('strong', {}, 'Solution shown.'), ` Compare your file with it in the diff editor. Recorded as Again: it comes back ${o.next}.`];
  if (!o?.opened) return [`Open the exercise: a copy of ${q.file} opens beside this panel (in Keyless's storage, not your workspace) and is checked as you edit.`];
  if (o.unrecognised) return [el('strong', {}, 'Not recognised.'), ' The checker no longer reads the file as the kind it started as; undo back to where it was, then fix the findings.'];
  const parts: string[] = [];
  if (o.remaining.length) parts.push(`${plural(o.remaining.length, 'named finding')} still reported.`);
  if (o.introduced.length) parts.push(`${plural(o.introduced.length, 'new finding')} to fix as well.`);
  return [parts.join(' ') || 'Checking…', ' Edit the file; it is checked as you type.'];
}
