// Building fixes for SQL scripts: text edits at exact offsets that keep the script's line breaks, indentation and
// keyword case. SQL is not YAML: nothing here goes through edit.ts.
import type { Span, TextEdit } from '../model';
import { afterLineBreak, eolOf, indentAt, lineEndAt, lineStartAt } from '../text';
import type { ListValue, SqlProp, SqlValue, Statement } from './ast';

/** `word` in the case of `sample`: lower case when the sample is written in lower case, else upper case. */
export function caseLike(sample: string, word: string): string {
  return /[a-z]/.test(sample) && sample === sample.toLowerCase() ? word.toLowerCase() : word.toUpperCase();
}

/** Keywords in the case of a statement's first keyword (`create user …` stays lower case). */
export function keywordsOf(text: string, stmt: Statement): (word: string) => string {
  const sample = text.slice(stmt.first.start, stmt.first.end);
  return (word) => caseLike(sample, word);
}

function isBlank(s: string): boolean {
  return /^[ \t]*$/.test(s);
}


function hasLineBreak(s: string): boolean {
  return s.includes('\n') || s.includes('\r');
}

/** When a span is alone on its lines (only blanks around it), the span of those whole lines. */
function wholeLines(text: string, span: Span): Span | undefined {
  const ls = lineStartAt(text, span.start);
  const le = lineEndAt(text, span.end);
  if (!isBlank(text.slice(ls, span.start)) || !isBlank(text.slice(span.end, le))) return undefined;
  return { start: ls, end: afterLineBreak(text, le) };
}

/** Widen a removal over the blanks on one side, so no double space or blank line is left behind. */
function tidy(text: string, span: Span, prevEnd?: number): Span {
  const lines = wholeLines(text, span);
  if (lines) return lines;
  if (prevEnd !== undefined && /^\s*$/.test(text.slice(prevEnd, span.start))) return { start: prevEnd, end: span.end };
  let e = span.end;
  while (text[e] === ' ' || text[e] === '\t') e++;
  if (e > span.end) return { start: span.start, end: e };
  let s = span.start;
  while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
  return { start: s, end: span.end };
}

/** Remove a property from its statement or group, with the comma that separates it from a neighbour. */
export function removeProp(text: string, prop: SqlProp, siblings: readonly SqlProp[]): TextEdit {
  const next = siblings[siblings.indexOf(prop) + 1];
  if (prop.commaBefore) {
    const span = { start: prop.commaBefore.start, end: prop.span.end };
    return { span: wholeLines(text, span) ?? span, newText: '' };
  }
  if (next?.commaBefore) return { span: { start: prop.span.start, end: next.keySpan.start }, newText: '' };
  return { span: tidy(text, prop.span, prop.prevEnd), newText: '' };
}

/** Remove one item of a `( … )` list, with its comma. */
export function removeListItem(text: string, list: ListValue, item: SqlValue): TextEdit {
  const i = list.items.indexOf(item);
  const prev = list.items[i - 1];
  const next = list.items[i + 1];
  const span = prev
    ? { start: prev.span.end, end: item.span.end }
    : next
      ? { start: item.span.start, end: next.span.start }
      : { start: list.span.start + 1, end: list.span.end - 1 };
  return { span: wholeLines(text, span) ?? span, newText: '' };
}

/** Remove a whole statement with its `;` (and its line when it is alone on it). */
export function removeStatement(text: string, stmt: Statement): TextEdit {
  return { span: tidy(text, { start: stmt.span.start, end: stmt.end }), newText: '' };
}

/**
 * Insert statements after a statement: on the lines that follow it, at its indentation, with the script's line
 * breaks. A trailing `-- comment` stays on the statement's line; a missing `;` is added.
 */
export function insertStatementsAfter(text: string, stmt: Statement, statements: readonly string[]): TextEdit[] {
  const eol = eolOf(text);
  const indent = indentAt(text, stmt.span.start);
  let at = stmt.end;
  while (text[at] === ' ' || text[at] === '\t') at++;
  if (text.startsWith('--', at) || text.startsWith('//', at)) at = lineEndAt(text, at);
  const atLineEnd = at >= text.length || text[at] === '\n' || text[at] === '\r';
  const body = statements.map((s) => `${eol}${indent}${s}`).join('');
  // another statement on the same line moves to a line of its own, after the inserted ones
  const span = atLineEnd ? { start: at, end: at } : { start: stmt.end, end: at };
  const newText = atLineEnd ? body : `${body}${eol}${indent}`;
  const insertAt = span.start;
  if (stmt.semicolon) return [{ span, newText }];
  if (insertAt === stmt.end) return [{ span, newText: `;${newText}` }];
  return [
    { span: { start: stmt.end, end: stmt.end }, newText: ';' },
    { span: { start: insertAt, end: insertAt }, newText: body },
  ];
}

/**
 * Append `KEY = value` after the last of these properties, in their layout: on its own line at the last property's
 * indentation when they span several lines, else on the same line; with a comma when they are comma-separated.
 */
export function appendProp(text: string, props: readonly SqlProp[], newProp: string): TextEdit | undefined {
  const first = props[0];
  const last = props[props.length - 1];
  if (!first || !last) return undefined;
  const comma = props.some((p) => p.commaBefore) ? ',' : '';
  const multiline = props.length > 1 && hasLineBreak(text.slice(first.span.start, last.span.start));
  const sep = multiline ? `${comma}${eolOf(text)}${indentAt(text, last.span.start)}` : `${comma} `;
  return { span: { start: last.span.end, end: last.span.end }, newText: `${sep}${newProp}` };
}

/** Insert `KEY = value` just after a name or keyword (` TYPE = SERVICE` after the user name). */
export function insertAfter(at: number, newText: string): TextEdit {
  return { span: { start: at, end: at }, newText: ` ${newText}` };
}

/** A SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** A name as it can be written in a statement: unquoted when it is a plain identifier, else double-quoted. */
export function sqlIdentifier(value: string): string {
  return /^[A-Za-z_][A-Za-z0-9_$]*$/.test(value) ? value : `"${value.replace(/"/g, '""')}"`;
}
