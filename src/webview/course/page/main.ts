// The course's page, in the webview. The host decides what to show (the course map, a reading, a question with its
// outcome, a summary) and grades every answer; the page renders the view, keeps the learner's place with setState
// (view, lesson, question index; the free-recall answer being typed, nothing else) and reports what the learner did.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import { RATINGS } from '../../../core/course/types';
import type { HostMessage, PageMessage, PageState, PageView, Position } from '../protocol';
import { el } from '../../shared/dom';
import { vscodeApi } from '../../shared/vscode-api';
import { renderReading, renderSummary } from './lesson';
import { renderMap } from './map';
import { QuestionDom } from './question';

const vscode = vscodeApi<PageMessage, PageState>();
const post = (m: PageMessage) => vscode.postMessage(m);

const app = document.getElementById('app')!;
const content = el('div', { class: 'content' });
const notice = el('p', { class: 'notice', role: 'status', 'aria-live': 'polite' });

/** What setState holds now; the saved one until the first view arrives. */
let state: PageState = initialState();
let view: PageView | undefined;
let viewKey = '';
let question: QuestionDom | undefined;

function initialState(): PageState {
  const saved = vscode.getState() as Partial<PageState> | undefined;
  return saved && typeof saved === 'object' && saved.position ? (saved as PageState) : { position: { view: 'map' } };
}

function keyOf(v: PageView, p: Position): string {
  if (v.kind === 'question') return `question:${v.question.id}:${p.view === 'run' ? p.index : ''}`;
  if (v.kind === 'reading') return `reading:${v.lessonId}`;
  return v.kind === 'summary' ? `summary:${v.lesson?.id ?? 'review'}` : 'map';
}

function save(patch: Partial<PageState>): void {
  state = { ...state, ...patch };
  vscode.setState(state);
}

function show(next: PageView, position: Position): void {
  const key = keyOf(next, position);
  const same = key === viewKey;
  view = next;
  if (same && next.kind === 'question' && question) {
    // the same question: only what happened to it changes (the recall answer being typed stays)
    const justGraded = question.update(next);
    save({ position, ...(next.outcome?.kind === 'recall' && next.outcome.rating ? { draft: undefined } : {}) });
    if (justGraded) question.nextButton()?.focus();
    return;
  }
  // a reloaded page back where it was: its scroll offset too
  const restoring = viewKey === '' && JSON.stringify(position) === JSON.stringify(state.position);
  viewKey = key;
  question = undefined;
  if (!same) notice.textContent = '';
  const focused = same ? focusKey() : undefined;
  if (next.kind === 'map') content.replaceChildren(renderMap(next));
  else if (next.kind === 'reading') content.replaceChildren(renderReading(next));
  else if (next.kind === 'summary') content.replaceChildren(renderSummary(next));
  else {
    const id = next.question.id;
    question = new QuestionDom(next, state.draft?.questionId === id ? state.draft.text : undefined, (text) => save({ draft: { questionId: id, text } }));
    content.replaceChildren(question.root);
  }
  app.setAttribute('aria-busy', 'false');
  const keepDraft = next.kind === 'question' && state.draft?.questionId === next.question.id;
  save({ position, ...(keepDraft ? {} : { draft: undefined }), ...(same || restoring ? {} : { scrollY: 0 }) });
  if (same) {
    // the same view with fresh numbers: the learner stays where they were, focus included
    if (focused) content.querySelector<HTMLElement>(focused)?.focus();
    return;
  }
  if (restoring) {
    const y = state.scrollY ?? 0;
    requestAnimationFrame(() => window.scrollTo(0, y));
    return;
  }
  window.scrollTo(0, 0);
  // a new view: the focus goes to its title, so a screen reader starts there
  content.querySelector<HTMLElement>('.view-title')?.focus({ preventScroll: true });
}

/** A selector for the focused control, to find it again in a rebuilt view. */
function focusKey(): string | undefined {
  const a = document.activeElement as HTMLElement | null;
  const action = a?.closest<HTMLElement>('[data-action]');
  if (!action || !content.contains(action)) return undefined;
  const lesson = action.dataset.lesson;
  return `${action.tagName.toLowerCase()}[data-action="${action.dataset.action}"]${lesson ? `[data-lesson="${lesson}"]` : ''}`;
}

// ---------------------------------------------------------------------------------------------------------------
// What the learner does

function act(action: string, target: HTMLElement): void {
  const q = view?.kind === 'question' ? view.question : undefined;
  switch (action) {
    case 'map': return post({ type: 'openMap' });
    case 'review': return post({ type: 'startReview' });
    case 'lesson': return post({ type: 'openLesson', lessonId: target.dataset.lesson ?? '' });
    case 'start': return post({ type: 'startQuestions', lessonId: target.dataset.lesson ?? '' });
    case 'next': return post({ type: 'next' });
  }
  if (!q || !question) return;
  switch (action) {
    case 'check': {
      const selected = question.selection();
      return selected.length ? post({ type: 'answer', questionId: q.id, selected }) : undefined;
    }
    case 'reveal': return post({ type: 'reveal', questionId: q.id });
    case 'rate': {
      const rating = RATINGS.find((r) => r === target.dataset.rating);
      return rating ? post({ type: 'rate', questionId: q.id, rating }) : undefined;
    }
    case 'exercise': return post({ type: 'openExercise', questionId: q.id });
    case 'hint': return post({ type: 'hint', questionId: q.id });
    case 'solution': return post({ type: 'showSolution', questionId: q.id });
  }
}

app.addEventListener('click', (e) => {
  const target = e.target as HTMLElement;
  const rule = target.closest<HTMLElement>('a[data-rule]');
  if (rule) {
    e.preventDefault();
    post({ type: 'openRule', ruleId: rule.dataset.rule! });
    return;
  }
  const control = target.closest<HTMLElement>('[data-action]');
  if (!control || control.hasAttribute('disabled')) return;
  if (control.tagName === 'A') e.preventDefault();
  act(control.dataset.action!, control);
});

// free recall: 1–4 grade (Again … Easy) once the model answer shows, unless the learner is typing
window.addEventListener('keydown', (e) => {
  if (e.altKey || e.ctrlKey || e.metaKey || !/^[1-4]$/.test(e.key)) return;
  const typing = (e.target as HTMLElement | null)?.closest?.('vscode-textarea, textarea, input');
  const o = view?.kind === 'question' ? view.outcome : undefined;
  if (typing || o?.kind !== 'recall' || o.rating) return;
  e.preventDefault();
  act('rate', el('span', { 'data-rating': RATINGS[Number(e.key) - 1]! }));
});

let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(() => save({ scrollY: Math.round(window.scrollY) }), 200);
});

// ---------------------------------------------------------------------------------------------------------------
// Messages from the host

function text(node: HTMLElement): string {
  return node.innerText.replace(/\n{3,}/g, '\n\n').trim();
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const m = event.data;
  switch (m.type) {
    case 'view':
      show(m.view, m.position);
      return;
    case 'notice':
      notice.textContent = m.text;
      return;
    case 'inspect': {
      const get = (selector: string) => {
        const node = content.querySelector<HTMLElement>(selector);
        return node ? text(node) : '';
      };
      post({
        type: 'inspected',
        id: m.id,
        regions: {
          view: view?.kind ?? '',
          position: JSON.stringify(state.position),
          questionId: view?.kind === 'question' ? view.question.id : '',
          title: get('.view-title'),
          header: get('.breadcrumb') + (get('.run-progress') ? `\n${get('.run-progress')}` : ''),
          main: text(content),
          feedback: get('.feedback'),
          values: question?.values() ?? '',
          notice: notice.textContent ?? '',
        },
      });
      return;
    }
  }
});

app.replaceChildren(notice, content);
post({ type: 'ready' });
