// The course map: every lesson in order with how far the learner got (answered, mastered, completed), the questions
// due for review, and the lesson to take next.
import type { LessonCard, MapView } from '../protocol';
import { el, plural } from '../../shared/dom';
import { button, courseHtml, meter } from './html';

function status(l: LessonCard): string {
  if (l.completed) return 'Completed';
  if (l.answered > 0) return 'In progress';
  if (l.read) return 'Read';
  return 'Not started';
}

function card(l: LessonCard, next: boolean): HTMLElement {
  const titleId = `lesson-${l.id}`;
  const facts = [
    `${l.minutes} min`,
    plural(l.questions, 'question'),
    `${l.answered} answered`,
    `${l.mastered} mastered`,
  ];
  const action = l.completed ? 'Read Again' : l.answered > 0 || l.read ? 'Continue' : 'Start';
  return el('li', { class: `lesson-card${l.completed ? ' completed' : ''}${next ? ' next' : ''}`, 'aria-labelledby': titleId },
    el('div', { class: 'lesson-number', 'aria-hidden': 'true' }, l.completed ? '✓' : String(l.number)),
    el('div', { class: 'lesson-body' },
      el('h2', { id: titleId },
        el('a', { href: '#', 'data-action': 'lesson', 'data-lesson': l.id }, `${l.number}. ${l.title}`),
      ),
      courseHtml('p', l.summaryHtml, { class: 'lesson-summary' }),
      el('p', { class: 'lesson-facts' },
        el('span', { class: `lesson-status ${l.completed ? 'done' : l.answered > 0 || l.read ? 'started' : ''}` }, status(l)),
        ...facts.map((f) => el('span', {}, f)),
        l.due > 0 && el('vscode-badge', { variant: 'counter', 'aria-label': `${plural(l.due, 'question')} of this lesson due` }, `${l.due} due`),
      ),
      meter(`${l.answered} of ${l.questions} answered, ${l.mastered} mastered`, l.questions, l.answered, l.mastered),
    ),
    el('div', { class: 'lesson-action' },
      button(action, 'lesson', { secondary: !next, data: { lesson: l.id }, describe: `${action}: lesson ${l.number}, ${l.title}` }),
    ),
  );
}

export function renderMap(view: MapView): HTMLElement {
  const total = view.lessons.reduce((n, l) => n + l.questions, 0);
  const answered = view.lessons.reduce((n, l) => n + l.answered, 0);
  const mastered = view.lessons.reduce((n, l) => n + l.mastered, 0);
  const completed = view.lessons.filter((l) => l.completed).length;
  const review = view.due > 0
    ? el('section', { class: 'review-banner due', 'aria-label': 'Review' },
        el('div', {},
          el('h2', {}, `Review: ${plural(view.due, 'question')} due`),
          el('p', {}, 'Questions you answered come back just before you would forget them. A few minutes now keeps them.'),
        ),
        button('Review Now', 'review'),
      )
    : el('section', { class: 'review-banner', 'aria-label': 'Review' },
        el('div', {},
          el('h2', {}, 'Review: nothing due'),
          el('p', {}, view.nextDue ? `Every question you answered is scheduled for later; the next one is due ${view.nextDue}.` : answered ? 'Every question you answered is scheduled for later. They show up here when they are due.' : 'Questions you answer come back here for review, spaced out so that they stay with you.'),
        ),
      );
  return el('div', { class: 'map' },
    el('header', { class: 'page-header' },
      el('h1', { tabindex: '-1', class: 'view-title' }, 'Keyless course'),
      el('p', { class: 'lead' }, `${plural(view.lessons.length, 'short lesson')} on replacing long-lived API keys with workload identity federation. Each is a reading followed by questions that explain their answers and "fix it" exercises the checker grades.`),
      el('div', { class: 'totals' },
        el('p', {}, `${completed} of ${view.lessons.length} lessons completed · ${answered} of ${total} questions answered · ${mastered} mastered`),
        meter(`${answered} of ${total} questions answered, ${mastered} mastered`, total, answered, mastered),
      ),
    ),
    review,
    el('ol', { class: 'lessons', 'aria-label': 'Lessons' }, ...view.lessons.map((l) => card(l, l.id === view.nextLessonId))),
    el('p', { class: 'footnote' }, 'A question is mastered once the scheduler expects you to recall it, nine times in ten, three weeks after your last review.'),
  );
}
