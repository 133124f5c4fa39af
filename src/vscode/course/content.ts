// Small pure helpers of the course's host side: reading dist/course.json, pointing its diagrams at the webview's
// resources, plain-text prompts for the summary, and how long until a question comes back. No `vscode` here, so the
// unit tests run them directly.
import type { CompiledCourse, CompiledFixQuestion } from '../../core/course';

/**
 * The compiled course from the text of dist/course.json. The build wrote it, so only its envelope is checked: a
 * format this version does not know, or a file that is not a course, is an error that says so.
 */
export function readCourse(text: string): CompiledCourse {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`dist/course.json is not JSON (${(e as Error).message})`);
  }
  const o = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : undefined;
  if (!o || o.format !== 1) throw new Error(`dist/course.json is not a course in format 1 (found format ${JSON.stringify(o?.format)})`);
  if (!Array.isArray(o.lessons) || o.lessons.length === 0) throw new Error('dist/course.json has no lessons');
  return raw as CompiledCourse;
}

/** Diagram images of the compiled HTML (`<img src="diagrams/x.svg" …>`) as `resource(name)` says. */
const DIAGRAM = /(<img\b[^>]*?\bsrc=")diagrams\/([a-z0-9][a-z0-9-]*\.svg)"/g;

export function rewriteDiagrams(html: string, resource: (name: string) => string): string {
  return html.replace(DIAGRAM, (_, start: string, name: string) => `${start}${resource(name)}"`);
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

/** The text of a piece of compiled HTML: tags dropped, entities decoded, white space collapsed, at most `max` characters. */
export function plainText(html: string, max = 140): string {
  const text = html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => ENTITIES[e] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const unit = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** How long until a question is due again, for the learner: "in 10 minutes", "in 3 days", "now". */
export function formatInterval(ms: number): string {
  if (ms < 30_000) return 'now';
  if (ms < HOUR - 30_000) return `in ${unit(Math.max(1, Math.round(ms / MINUTE)), 'minute')}`;
  if (ms < DAY - 30 * MINUTE) return `in ${unit(Math.max(1, Math.round(ms / HOUR)), 'hour')}`;
  const days = Math.round(ms / DAY);
  if (days < 31) return `in ${unit(days, 'day')}`;
  if (days < 365) return `in ${unit(Math.round(days / 30.4), 'month')}`;
  const years = Math.round((days / 365) * 10) / 10;
  return `in ${years} year${years === 1 ? '' : 's'}`;
}

/** `course-state-backup-2025-01-31T09-15-00-000Z.json`: a file name that sorts by time and is valid everywhere. */
export function backupName(now: Date): string {
  return `course-state-backup-${now.toISOString().replace(/[:.]/g, '-')}.json`;
}

/** The path segments of an exercise's file (`<exercise>/<file>`), refusing anything that could leave its folder. */
export function exerciseSegments(q: Pick<CompiledFixQuestion, 'exercise' | 'file'>): string[] {
  const segments = [q.exercise, ...q.file.split('/')];
  if (segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\\') || s.includes(':'))) throw new Error(`The exercise path ${q.exercise}/${q.file} is not a plain relative path`);
  return segments;
}
