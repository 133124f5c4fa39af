// A Dockerfile reader with exact spans: instructions (any case), line continuations with the escape character
// (`# escape=` directive honoured; comment and blank lines inside a continuation skipped), heredocs skipped, `ENV` in
// both `ENV K=V K2="v 2"` and legacy `ENV K some value` forms, `ARG K[=V]`, and stages (`FROM x AS y`, ENV inherited by
// a stage built `FROM` an earlier one). Linear: each character is visited a bounded number of times.
import type { Span, TextEdit } from '../model';
import { eolOf } from '../text';
import { afterBreak, isBlank, lineEndAt, skipBlanks } from './text-lines';
import type { EnvBlock, EnvScope, EnvVar } from './types';

export interface DockerInstruction {
  /** Upper-cased keyword. */
  readonly keyword: string;
  readonly keywordSpan: Span;
  /** Start of the instruction's first line. */
  readonly start: number;
  /** End of the instruction's last line, before its line break. */
  readonly end: number;
  /** Just past the line break that ends the instruction. */
  readonly next: number;
  /** The arguments as one logical line (continuations joined), and the offset in the text of each character. */
  readonly args: string;
  readonly offsets: readonly number[];
}

export interface DockerAssignment {
  readonly name: string;
  readonly nameSpan: Span;
  /** Decoded value; undefined for `ARG K` (no default). */
  readonly value?: string;
  readonly valueSpan?: Span;
  /** The value expands a variable (`$X`, `${X}` outside single quotes). */
  readonly expands: boolean;
  /** The assignment as written (`K=V`, or `K V...` in the legacy form). */
  readonly span: Span;
}

export interface DockerfileParse {
  readonly instructions: readonly DockerInstruction[];
  /** The escape character (`\\` unless a `# escape=` directive says otherwise). */
  readonly escape: string;
}

export function parseDockerfile(text: string): DockerfileParse {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let escape = '\\';
  // parser directives: `# name=value` lines before anything else
  for (let k = i; k < n; ) {
    const m = /^#[ \t]*([a-zA-Z]+)[ \t]*=[ \t]*(\S+)[ \t]*$/.exec(text.slice(k, lineEndAt(text, k)));
    if (!m) break;
    if (m[1]!.toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) escape = m[2];
    k = afterBreak(text, lineEndAt(text, k));
  }
  const out: DockerInstruction[] = [];
  while (i < n) {
    const lineStart = i;
    i = skipBlanks(text, i);
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 35 /* # */) {
      i = afterBreak(text, lineEndAt(text, i));
      continue;
    }
    const kwStart = i;
    while (i < n && isLetter(text.charCodeAt(i))) i++;
    if (i === kwStart) {
      // not an instruction: skip the line
      i = afterBreak(text, lineEndAt(text, i));
      continue;
    }
    const keywordSpan = { start: kwStart, end: i };
    const logical = collect(text, i, escape);
    const keyword = text.slice(kwStart, i).toUpperCase();
    out.push({ keyword, keywordSpan, start: lineStart, end: logical.end, next: logical.next, args: logical.chars, offsets: logical.offsets });
    i = keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD' ? skipHeredocs(text, logical.chars, logical.next) : logical.next;
  }
  return { instructions: out, escape };
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function collect(text: string, from: number, esc: string): { chars: string; offsets: number[]; end: number; next: number } {
  const n = text.length;
  let chars = '';
  const offsets: number[] = [];
  let i = from;
  for (;;) {
    const e = lineEndAt(text, i);
    let k = e;
    while (k > i && isBlank(text.charCodeAt(k - 1))) k--;
    const continued = k > i && text[k - 1] === esc;
    const stop = continued ? k - 1 : e;
    chars += text.slice(i, stop);
    for (let j = i; j < stop; j++) offsets.push(j);
    const next = afterBreak(text, e);
    if (!continued || next >= n) return { chars, offsets, end: e, next };
    // comment lines and empty lines inside a continuation are dropped
    let j = next;
    for (;;) {
      const s = skipBlanks(text, j);
      if (s < n && text[s] === '#') j = afterBreak(text, lineEndAt(text, s));
      else if (s < n && (text[s] === '\n' || text[s] === '\r')) j = afterBreak(text, s);
      else break;
    }
    if (j >= n) return { chars, offsets, end: e, next: j };
    i = j;
  }
}

/** Skip the bodies of heredocs opened on an instruction line (`RUN <<EOF`, `COPY <<-"END" /x`). */
function skipHeredocs(text: string, args: string, from: number): number {
  const delims: { word: string; dash: boolean }[] = [];
  const re = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;
  for (let m = re.exec(args); m; m = re.exec(args)) delims.push({ word: m[3]!, dash: m[1] === '-' });
  let i = from;
  for (const d of delims) {
    while (i < text.length) {
      const e = lineEndAt(text, i);
      const line = text.slice(i, e);
      i = afterBreak(text, e);
      if ((d.dash ? line.replace(/^\t+/, '') : line) === d.word) break;
    }
  }
  return i;
}

interface Word {
  readonly start: number; // index into args
  readonly end: number;
}

/** Split a logical line into words at unquoted whitespace (quotes group; the escape character escapes). */
function words(args: string, esc: string): Word[] {
  const out: Word[] = [];
  let i = 0;
  while (i < args.length) {
    while (i < args.length && isBlank(args.charCodeAt(i))) i++;
    if (i >= args.length) break;
    const start = i;
    let quote = '';
    while (i < args.length) {
      const ch = args[i]!;
      if (quote) {
        if (ch === quote) quote = '';
        else if (ch === esc && quote === '"') i++;
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === esc) i++;
      else if (isBlank(args.charCodeAt(i))) break;
      i++;
    }
    out.push({ start, end: Math.min(i, args.length) });
  }
  return out;
}

/** Remove quotes and escapes as the builder does; say whether an unquoted or double-quoted `$` expands something. */
function decode(raw: string, esc: string): { value: string; expands: boolean } {
  let value = '';
  let expands = false;
  let quote = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (quote === "'") {
      if (ch === "'") quote = '';
      else value += ch;
    } else if (ch === esc && i + 1 < raw.length && (quote === '' || '"$`'.includes(raw[i + 1]!) || raw[i + 1] === esc)) {
      value += raw[++i];
    } else if (quote === '' && (ch === '"' || ch === "'")) {
      quote = ch;
    } else if (quote === '"' && ch === '"') {
      quote = '';
    } else {
      if (ch === '$' && /[{A-Za-z_]/.test(raw[i + 1] ?? '')) expands = true;
      value += ch;
    }
  }
  return { value, expands };
}

function spanOf(ins: DockerInstruction, from: number, to: number): Span {
  return { start: ins.offsets[from]!, end: ins.offsets[to - 1]! + 1 };
}

/** The assignments of an `ENV` or `ARG` instruction. */
export function assignments(ins: DockerInstruction, esc: string): DockerAssignment[] {
  const ws = words(ins.args, esc);
  if (ws.length === 0) return [];
  const out: DockerAssignment[] = [];
  const first = ins.args.slice(ws[0]!.start, ws[0]!.end);
  if (ins.keyword === 'ENV' && !first.includes('=')) {
    // legacy form: `ENV NAME the rest of the line`
    const w = ws[0]!;
    const rest = ws.slice(1);
    const nameSpan = spanOf(ins, w.start, w.end);
    if (rest.length === 0) return [{ name: first, nameSpan, value: '', valueSpan: { start: nameSpan.end, end: nameSpan.end }, expands: false, span: nameSpan }];
    const from = rest[0]!.start;
    const to = rest[rest.length - 1]!.end;
    const { value, expands } = decode(ins.args.slice(from, to), esc);
    return [{ name: first, nameSpan, value, valueSpan: spanOf(ins, from, to), expands, span: spanOf(ins, w.start, to) }];
  }
  for (const w of ws) {
    const word = ins.args.slice(w.start, w.end);
    const eq = word.indexOf('=');
    const name = eq < 0 ? word : word.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) continue;
    const nameSpan = spanOf(ins, w.start, w.start + name.length);
    if (eq < 0) {
      out.push({ name, nameSpan, expands: false, span: nameSpan });
      continue;
    }
    const vs = w.start + eq + 1;
    const valueSpan = vs < w.end ? spanOf(ins, vs, w.end) : { start: ins.offsets[vs - 1]! + 1, end: ins.offsets[vs - 1]! + 1 };
    const { value, expands } = decode(word.slice(eq + 1), esc);
    out.push({ name, nameSpan, value, valueSpan, expands, span: spanOf(ins, w.start, w.end) });
  }
  return out;
}

/** The edit that removes one assignment: only it when the instruction has others, else the whole instruction. */
function removal(ins: DockerInstruction, all: readonly DockerAssignment[], k: number): TextEdit {
  const a = all[k]!;
  const next = all[k + 1];
  const prev = all[k - 1];
  if (next) return { span: { start: a.span.start, end: next.span.start }, newText: '' };
  if (prev) return { span: { start: prev.span.end, end: a.span.end }, newText: '' };
  return { span: { start: ins.start, end: ins.next }, newText: '' };
}

interface Stage {
  readonly name?: string;
  readonly from: Span;
  readonly env: Map<string, EnvVar>;
  readonly args: Map<string, EnvVar>;
}

/** One scope per build stage: its `ENV` (with the ENV of the stage it is built from) and its `ARG`s. */
export function dockerfileScopes(text: string, parse: DockerfileParse): EnvScope[] {
  const eol = eolOf(text);
  const stages: Stage[] = [];
  for (const ins of parse.instructions) {
    if (ins.keyword === 'FROM') {
      const ws = words(ins.args, parse.escape).map((w) => ins.args.slice(w.start, w.end)).filter((w) => !w.startsWith('--'));
      const base = ws[0]?.toLowerCase();
      const name = ws.length >= 3 && ws[1]!.toLowerCase() === 'as' ? ws[2]!.toLowerCase() : undefined;
      const parent = stages.find((s) => s.name !== undefined && s.name === base);
      stages.push({ name, from: ins.keywordSpan, env: new Map(parent?.env ?? []), args: new Map() });
      continue;
    }
    const stage = stages[stages.length - 1];
    if (!stage || (ins.keyword !== 'ENV' && ins.keyword !== 'ARG')) continue;
    const block: EnvBlock = { insert: (name, value) => ({ span: { start: ins.end, end: ins.end }, newText: `${eol}ENV ${name}=${JSON.stringify(value)}` }) };
    const list = assignments(ins, parse.escape);
    list.forEach((a, k) => {
      const target = ins.keyword === 'ENV' ? stage.env : stage.args;
      const shape = a.value === undefined ? 'reference' : a.value === '' ? 'empty' : a.expands ? 'reference' : 'literal';
      target.delete(a.name);
      target.set(a.name, {
        name: a.name,
        nameSpan: a.nameSpan,
        value: a.value,
        valueSpan: a.valueSpan,
        shape,
        origin: ins.keyword === 'ENV' ? 'env' : 'arg',
        remove: removal(ins, list, k),
        block,
      });
    });
  }
  return stages.map((s, k) => ({
    format: 'dockerfile',
    label: stages.length === 1 ? 'this Dockerfile' : s.name ? `stage "${s.name}"` : `stage ${k + 1}`,
    anchor: s.from,
    // ENV wins over an ARG of the same name (the ARG is then only visible to instructions before the ENV)
    vars: [...[...s.args.values()].filter((a) => !s.env.has(a.name)), ...s.env.values()],
    external: [],
    partial: true,
  }));
}

/** The first instruction is `FROM` (after optional `ARG`s), written in upper case as Dockerfiles are. */
export function looksLikeDockerfile(text: string, parse: DockerfileParse, strict: boolean): boolean {
  for (const ins of parse.instructions) {
    const written = text.slice(ins.keywordSpan.start, ins.keywordSpan.end);
    if (strict && written !== ins.keyword) return false;
    if (ins.keyword === 'ARG') continue;
    if (ins.keyword !== 'FROM') return false;
    // `FROM [--flag=...] image [AS name]`: anything else is prose that happens to start with "FROM"
    const ws = words(ins.args, parse.escape).map((w) => ins.args.slice(w.start, w.end)).filter((w) => !w.startsWith('--'));
    const shaped = ws.length === 1 || (ws.length === 3 && ws[1]!.toLowerCase() === 'as');
    return shaped && (!strict || /^[ \t]+\S/.test(ins.args));
  }
  return false;
}
