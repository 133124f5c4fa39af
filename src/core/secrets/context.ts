// Bounded looks around a match, for the detectors that need context (AWS pairing, Snowflake config sections, dbt
// profiles, Google service-account files). Each helper reads a fixed number of characters at most, so a scan stays
// linear however many matches a file holds.
import type { Span } from '../model';
import { hasRunOrSequence, isHex, looksPlaceholder, shannonEntropy } from './checks';
import type { SecretContext } from './types';

const isBreak = (c: number): boolean => c === 10 || c === 13;

/** The text from `start - before` to `end + after`, clipped to the document, and where it starts. */
export function around(text: string, span: Span, before: number, after: number): { readonly from: number; readonly slice: string } {
  const from = Math.max(0, span.start - before);
  return { from, slice: text.slice(from, Math.min(text.length, span.end + after)) };
}

/** Start of the line holding `offset`, looking back at most `max` characters (then `offset - max`). */
export function lineStartNear(text: string, offset: number, max = 4096): number {
  const floor = Math.max(0, offset - max);
  for (let i = offset; i > floor; i--) if (isBreak(text.charCodeAt(i - 1))) return i;
  return floor;
}

/**
 * What an AWS secret access key looks like: 40 random base64 characters (upper and lower case: a random one lacks
 * either about once in a billion), not a hex digest or a path in lower case, not a doc example.
 */
export function awsSecretShape(s: string): boolean {
  return s.length === 40 && /[A-Z]/.test(s) && /[a-z]/.test(s) && !isHex(s) && !looksPlaceholder(s) && !hasRunOrSequence(s) && shannonEntropy(s) >= 4.2;
}

const KEY_ID = /(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}/g;
// '-' and '_' count as token characters: 40 base64 characters inside a base64url token are not an AWS secret
const SECRET_40 = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=_-])/g;
const PAIR_REACH = 600;

/**
 * The secret access key that goes with the key id at `ctx.span`: a 40-character secret within 600 characters,
 * preferring one labelled `secret`, then one after the key id, then the nearest. A secret that follows another key
 * id is that key id's, not ours.
 */
export function awsSecretNear(ctx: SecretContext): Span | undefined {
  const { text, span } = ctx;
  const { from, slice } = around(text, span, PAIR_REACH, PAIR_REACH);
  const open = { start: from > 0, end: from + slice.length < text.length };
  const keyIds: number[] = [];
  for (const m of slice.matchAll(KEY_ID)) if (from + m.index !== span.start) keyIds.push(from + m.index);
  let best: { span: Span; score: number } | undefined;
  for (const m of slice.matchAll(SECRET_40)) {
    if ((open.start && m.index === 0) || (open.end && m.index + 40 === slice.length)) continue;
    if (!awsSecretShape(m[0])) continue;
    const s = from + m.index;
    const after = s >= span.end;
    if (!after && keyIds.some((k) => k < s)) continue;
    if (after && keyIds.some((k) => k > span.end && k < s)) continue;
    const label = text.slice(lineStartNear(text, s, 200), s);
    const distance = after ? s - span.end : span.start - (s + 40);
    const score = (/secret/i.test(label) ? 0 : 2000) + (after ? 0 : 1000) + distance;
    if (!best || score < best.score) best = { span: { start: s, end: s + 40 }, score };
  }
  return best?.span;
}

/** The name of the TOML table (`[connections.dev]`) the offset is in, looking back 4 KiB; `undefined` at top level. */
export function tomlTableAt(text: string, offset: number): string | undefined {
  const { from, slice } = around(text, { start: offset, end: offset }, 4096, 0);
  const lines = slice.split(/\r\n|\r|\n/);
  for (let i = lines.length - 1; i >= (from > 0 ? 1 : 0); i--) {
    // one greedy group, trimmed after (blanks matched on both sides of a lazy group backtrack super-linearly)
    const m = /^[ \t]*\[{1,2}([^\]\r\n]{1,200})\]/.exec(lines[i]!);
    if (m) return trimBlanks(m[1]!).replace(/["']/g, '');
  }
  return undefined;
}

const indentOf = (line: string): number => line.length - line.trimStart().length;

/** Without the spaces and tabs at either end. */
function trimBlanks(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (s[a] === ' ' || s[a] === '\t')) a++;
  while (b > a && (s[b - 1] === ' ' || s[b - 1] === '\t')) b--;
  return s.slice(a, b);
}

/**
 * Whether a sibling key of the YAML mapping holding the line at `offset` matches `sibling` (dbt: `type: snowflake`
 * next to `password:`). Looks at most 40 lines each way and stops where the mapping ends (a shallower line).
 */
export function yamlSiblingMatches(text: string, offset: number, sibling: RegExp): boolean {
  const { from, slice } = around(text, { start: offset, end: offset }, 4096, 4096);
  const lines = slice.split(/\r\n|\r|\n/);
  const at = slice.slice(0, offset - from).split(/\r\n|\r|\n/).length - 1;
  const first = from > 0 ? 1 : 0; // a line cut by the window is not looked at
  const last = from + slice.length < text.length ? lines.length - 2 : lines.length - 1;
  const indent = indentOf(lines[at] ?? '');
  for (const step of [-1, 1]) {
    for (let i = at + step, seen = 0; i >= first && i <= last && seen < 40; i += step, seen++) {
      const line = lines[i]!;
      if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
      const d = indentOf(line);
      if (d < indent) break;
      if (d === indent && sibling.test(line.trim())) return true;
    }
  }
  return false;
}

/** A file that keeps a token between runs: the SDK's `credentials/<profile>.json`, `.credentials.json`. */
export function persistentCredentialsPath(path: string): boolean {
  return /(?:^|\/)credentials\/[^/]+\.json$|(?:^|\/)\.?credentials(?:\.json)?$/i.test(path);
}
