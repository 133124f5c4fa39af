// The one place the course page parses HTML: the course's own, compiled from the lessons' Markdown at build time with
// raw HTML escaped (dist/course.json's `…Html` fields), and sent by the host. Everything else on the page is built
// from data with `el()`, its text set as text.
import { el } from '../../shared/dom';

export function courseHtml(tag: string, html: string, attrs: Readonly<Record<string, string>> = {}): HTMLElement {
  const e = el(tag, attrs);
  e.innerHTML = html;
  return e;
}

/** A button of @vscode-elements (focusable, Enter and Space press it); `action` is what the click handler reads. */
export function button(label: string, action: string, opts: { secondary?: boolean; data?: Readonly<Record<string, string>>; disabled?: boolean; describe?: string } = {}): HTMLElement {
  const attrs: Record<string, string> = { 'data-action': action };
  if (opts.secondary) attrs.secondary = '';
  if (opts.disabled) attrs.disabled = '';
  if (opts.describe) attrs['aria-label'] = opts.describe;
  for (const [k, v] of Object.entries(opts.data ?? {})) attrs[`data-${k}`] = v;
  return el('vscode-button', attrs, label);
}

/** The trail above every view but the map: back to the course map, and where the learner is. */
export function breadcrumb(...trail: string[]): HTMLElement {
  return el('nav', { class: 'breadcrumb', 'aria-label': 'Where you are' },
    el('a', { href: '#', 'data-action': 'map' }, 'Course map'),
    ...trail.flatMap((t) => [el('span', { class: 'sep', 'aria-hidden': 'true' }, '›'), el('span', {}, t)]),
  );
}

/** A bar of `part` of `whole` (and an inner `inner` part, e.g. mastered within answered). */
export function meter(label: string, whole: number, part: number, inner = 0): HTMLElement {
  const pct = (n: number) => `${whole ? Math.round((n / whole) * 100) : 0}%`;
  const bar = el('div', { class: 'meter', role: 'img', 'aria-label': label },
    el('div', { class: 'meter-part' }),
    el('div', { class: 'meter-inner' }),
  );
  (bar.firstElementChild as HTMLElement).style.width = pct(part);
  (bar.lastElementChild as HTMLElement).style.width = pct(inner);
  return bar;
}
