// A lesson's reading (objectives first, then the text and its sources) and the summary at the end of a run of
// questions (a lesson's or the review queue's).
import type { Rating } from '../../../core/course/types';
import type { ReadingView, SummaryView } from '../protocol';
import { el, plural } from '../../shared/dom';
import { breadcrumb, button, courseHtml } from './html';

export const RATING_LABEL: Readonly<Record<Rating, string>> = { again: 'Again', hard: 'Hard', good: 'Good', easy: 'Easy' };

export function renderReading(view: ReadingView): HTMLElement {
  return el('div', { class: 'reading-view' },
    breadcrumb(`Lesson ${view.number}`),
    el('header', { class: 'page-header' },
      el('p', { class: 'eyebrow' }, `Lesson ${view.number} · about ${view.minutes} minutes${view.read ? ' · read before' : ''}`),
      el('h1', { tabindex: '-1', class: 'view-title' }, view.title),
    ),
    el('section', { class: 'objectives', 'aria-labelledby': 'objectives-title' },
      el('h2', { id: 'objectives-title' }, 'After this lesson you can'),
      el('ul', {}, ...view.objectivesHtml.map((o) => courseHtml('li', o))),
    ),
    courseHtml('article', view.readingHtml, { class: 'reading', 'aria-label': 'Reading' }),
    el('section', { class: 'sources', 'aria-labelledby': 'sources-title' },
      el('h2', { id: 'sources-title' }, 'Sources'),
      el('ul', {}, ...view.sources.map((s) => el('li', {}, el('a', { href: s.url }, s.title)))),
    ),
    el('div', { class: 'actions end' },
      button(`Start Questions (${view.questions})`, 'start', { data: { lesson: view.lessonId } }),
      button('Course Map', 'map', { secondary: true }),
    ),
  );
}

function tally(view: SummaryView): string {
  const counts: Record<Rating, number> = { again: 0, hard: 0, good: 0, easy: 0 };
  for (const r of view.rows) if (r.rating) counts[r.rating]++;
  const parts = (['easy', 'good', 'hard', 'again'] as const).filter((r) => counts[r] > 0).map((r) => `${counts[r]} ${RATING_LABEL[r]}`);
  return `You answered ${plural(view.rows.length, 'question')}${parts.length ? `: ${parts.join(', ')}` : ''}.`;
}

export function renderSummary(view: SummaryView): HTMLElement {
  const title = view.lesson ? (view.lesson.completed ? `Lesson ${view.lesson.number} complete` : `End of lesson ${view.lesson.number}`) : 'Review finished';
  const actions: HTMLElement[] = [];
  if (view.nextLesson) actions.push(button(`Next: Lesson ${view.nextLesson.number}, ${view.nextLesson.title}`, 'lesson', { data: { lesson: view.nextLesson.id } }));
  if (view.due > 0) actions.push(button(`Review ${view.due} Due`, 'review', { secondary: actions.length > 0 }));
  actions.push(button('Course Map', 'map', { secondary: actions.length > 0 }));
  return el('div', { class: 'summary-view' },
    breadcrumb(view.lesson ? `Lesson ${view.lesson.number}: ${view.lesson.title}` : 'Review'),
    el('header', { class: 'page-header' },
      el('h1', { tabindex: '-1', class: 'view-title' }, title),
      el('p', { class: 'lead' }, tally(view)),
    ),
    el('table', { class: 'results' },
      el('caption', { class: 'visually-hidden' }, 'Your answers'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Lesson'), el('th', { scope: 'col' }, 'Question'), el('th', { scope: 'col' }, 'Result'))),
      el('tbody', {}, ...view.rows.map((r) =>
        el('tr', {},
          el('td', { class: 'from' }, String(r.from)),
          el('td', {}, r.prompt),
          el('td', { class: `rating ${r.rating ?? ''}` }, r.rating ? RATING_LABEL[r.rating] : '—'),
        ),
      )),
    ),
    el('p', { class: 'due-line' }, view.due > 0 ? `${plural(view.due, 'question is', 'questions are')} due for review now.` : 'Nothing is due for review now: answered questions come back when their interval runs out.'),
    el('div', { class: 'actions end' }, ...actions),
  );
}
