// `.keyless/baseline.json`: the secrets a team has reviewed and accepted (test fixtures, revoked keys kept in
// history). Only salted fingerprints are stored, never keys. Findings are compared with a baseline when they were
// scanned with its salt: `scanText(text, path, { salt: baseline.salt })`.
import { parse as parseJson, type ParseError, printParseErrorCode } from 'jsonc-parser';
import { LineIndex } from '../text';
import type { SecretFinding } from './types';

export const BASELINE_VERSION = 1;
export const BASELINE_PATH = '.keyless/baseline.json';

export interface BaselineEntry {
  readonly fingerprint: string;
  readonly detectorId: string;
  /** Workspace-relative, `/`-separated. */
  readonly file: string;
  /** 1-based line where the secret was when it was accepted (informational). */
  readonly line?: number;
  /** ISO 8601 time the entry was added. */
  readonly addedAt?: string;
}

export interface Baseline {
  readonly version: 1;
  readonly salt: string;
  readonly entries: readonly BaselineEntry[];
}

export type BaselineParseResult =
  | { readonly ok: true; readonly baseline: Baseline }
  /** `newer`: the file is a later version, valid for a newer Keyless: it is never reset, Keyless is updated instead. */
  | { readonly ok: false; readonly error: string; readonly newer?: true };

const FINGERPRINT = /^[0-9a-f]{32,64}$/;

/** `line 3, column 18: value expected`: the first syntax error's place and kind, never the text there. */
function syntaxErrorAt(text: string): string {
  const errors: ParseError[] = [];
  parseJson(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (!first) return 'a syntax error';
  const p = new LineIndex(text).positionAt(first.offset);
  const kind = printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `line ${p.line + 1}, column ${p.character + 1}: ${kind}`;
}

/** A fresh random salt: 128 bits from `crypto.getRandomValues` where the host has it. */
export function newSalt(random: () => number = Math.random): string {
  const bytes = new Uint8Array(16);
  const webCrypto = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (webCrypto?.getRandomValues) webCrypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function createBaseline(salt: string = newSalt()): Baseline {
  return { version: BASELINE_VERSION, salt, entries: [] };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parse and validate a baseline file. Never throws: corrupt, older and newer files come back as `{ ok: false, error }`. */
/** A byte-order mark some editors write is not part of the JSON (VS Code's decoder drops it; Node's does not). */
const withoutBom = (text: string): string => (typeof text === 'string' && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

export function parseBaseline(text: string): BaselineParseResult {
  text = withoutBom(text);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // where, not what: JSON.parse's message quotes the text around the error, which may be a key pasted by mistake
    return { ok: false, error: `${BASELINE_PATH} is not valid JSON (${typeof text === 'string' ? syntaxErrorAt(text) : 'not text'}); fix or delete it and accept the findings again` };
  }
  if (!isObject(data)) return { ok: false, error: `${BASELINE_PATH} must hold a JSON object with "version", "salt" and "entries"` };
  const version = data['version'];
  if (version === undefined) return { ok: false, error: `${BASELINE_PATH} has no "version": it predates baseline version ${BASELINE_VERSION}; delete it and accept the findings again` };
  if (typeof version !== 'number' || !Number.isInteger(version)) return { ok: false, error: `${BASELINE_PATH}: "version" must be an integer` };
  if (version < BASELINE_VERSION) return { ok: false, error: `${BASELINE_PATH} is version ${version}, older than this Keyless reads (${BASELINE_VERSION}); delete it and accept the findings again` };
  if (version > BASELINE_VERSION) return { ok: false, newer: true, error: `${BASELINE_PATH} is version ${version}, written by a newer Keyless (this one reads version ${BASELINE_VERSION}); update Keyless` };
  const salt = data['salt'];
  if (typeof salt !== 'string' || salt.length === 0) return { ok: false, error: `${BASELINE_PATH}: "salt" must be a non-empty string` };
  const entries = data['entries'];
  if (!Array.isArray(entries)) return { ok: false, error: `${BASELINE_PATH}: "entries" must be an array` };
  const out: BaselineEntry[] = [];
  for (const [i, e] of entries.entries()) {
    const r = readEntry(e, `${BASELINE_PATH}: entry ${i + 1}`);
    if (typeof r === 'string') return { ok: false, error: r };
    out.push(r);
  }
  return { ok: true, baseline: { version: BASELINE_VERSION, salt, entries: out } };
}

/** One entry of the file, or what is wrong with it (`where` names it). */
function readEntry(e: unknown, where: string): BaselineEntry | string {
  if (!isObject(e)) return `${where} must be an object`;
  const { fingerprint, detectorId, file, line, addedAt } = e;
  if (typeof fingerprint !== 'string' || !FINGERPRINT.test(fingerprint)) return `${where}: "fingerprint" must be 32 to 64 lower-case hex characters (a baseline stores fingerprints, never keys)`;
  if (typeof detectorId !== 'string' || detectorId === '') return `${where}: "detectorId" must be a non-empty string`;
  if (typeof file !== 'string' || file === '') return `${where}: "file" must be a non-empty string`;
  if (line !== undefined && (typeof line !== 'number' || !Number.isInteger(line) || line < 1)) return `${where}: "line" must be a positive integer`;
  if (addedAt !== undefined && (typeof addedAt !== 'string' || Number.isNaN(Date.parse(addedAt)))) return `${where}: "addedAt" must be an ISO 8601 date`;
  return { fingerprint, detectorId, file, ...(line !== undefined ? { line } : {}), ...(addedAt !== undefined ? { addedAt } : {}) };
}

/**
 * What to do with a baseline file before it is reset:
 * - `usable`: it parses; nothing to repair.
 * - `newer`: written by a newer Keyless. It is valid there, so it is never reset: Keyless is updated instead.
 * - `salvaged`: `text` is the file to write in its place. When the file is JSON of this version with a usable salt, the
 *   salt, the valid entries (each as it was written, in its order) and any other top-level members are kept, so one bad
 *   entry does not cost the team its other reviewed keys; otherwise `text` is an empty baseline with a fresh salt.
 * The caller keeps the old bytes in a backup first (`corruptBackupName`): the reset must lose nothing.
 */
export type BaselineSalvage =
  | { readonly kind: 'usable'; readonly baseline: Baseline }
  | { readonly kind: 'newer'; readonly error: string }
  | {
      readonly kind: 'salvaged';
      /** Why the file was not usable: parseBaseline's message (where, never the text there) without its advice to fix or delete the file. */
      readonly error: string;
      readonly text: string;
      readonly baseline: Baseline;
      /** Entries carried over. */
      readonly kept: number;
      /** Entries left out; undefined when the file held no list of entries to count (not JSON, "entries" not an array). */
      readonly dropped: number | undefined;
      /** Whether the old salt was kept: without it no old fingerprint can match, so no entry is kept either. */
      readonly saltKept: boolean;
    };

/** What can be kept of a baseline file that `parseBaseline` refuses. Never throws. */
export function salvageBaseline(text: string, salt: () => string = newSalt): BaselineSalvage {
  text = withoutBom(text);
  const parsed = parseBaseline(text);
  if (parsed.ok) return { kind: 'usable', baseline: parsed.baseline };
  if (parsed.newer) return { kind: 'newer', error: parsed.error };
  const error = parsed.error.replace(/; (?:fix or )?delete it and accept the findings again$/, '');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  const raw = isObject(data) && Array.isArray(data['entries']) ? (data['entries'] as unknown[]) : undefined;
  const fresh = (): BaselineSalvage => {
    const baseline = createBaseline(salt());
    return { kind: 'salvaged', error, text: serializeBaseline(baseline), baseline, kept: 0, dropped: raw?.length, saltKept: false };
  };
  // an older or unversioned file may fingerprint differently: its entries cannot be trusted to mean the same keys
  if (!isObject(data) || data['version'] !== BASELINE_VERSION) return fresh();
  const oldSalt = data['salt'];
  if (typeof oldSalt !== 'string' || oldSalt.length === 0) return fresh();
  const keep: unknown[] = [];
  const entries: BaselineEntry[] = [];
  for (const e of raw ?? []) {
    const r = readEntry(e, '');
    if (typeof r === 'string') continue;
    keep.push(e);
    entries.push(r);
  }
  // what else the team wrote at the top (a note, an owner) stays
  const others = Object.fromEntries(Object.entries(data).filter(([k]) => k !== 'version' && k !== 'salt' && k !== 'entries'));
  return {
    kind: 'salvaged',
    error,
    text: `${JSON.stringify({ version: BASELINE_VERSION, salt: oldSalt, ...others, entries: keep }, null, 2)}\n`,
    baseline: { version: BASELINE_VERSION, salt: oldSalt, entries },
    kept: keep.length,
    dropped: raw === undefined ? undefined : raw.length - keep.length,
    saltKept: true,
  };
}

export type BaselineSalvaged = Extract<BaselineSalvage, { readonly kind: 'salvaged' }>;

const entriesCount = (n: number): string => `${n} entr${n === 1 ? 'y' : 'ies'}`;

/** What a reset keeps, for the message that reports it: `2 entries kept, 1 dropped`. */
export function salvageSummary(s: BaselineSalvaged): string {
  if (!s.saltKept) return s.dropped ? `it starts afresh with a new salt; its ${entriesCount(s.dropped)} could not be kept` : 'it starts afresh with a new salt; no entry could be read';
  if (s.dropped === undefined) return 'no entry could be read, so it starts with none (its salt is kept)';
  return `${entriesCount(s.kept)} kept, ${s.dropped} dropped`;
}

/** The backup of `fileName` (`baseline.json`) made at `now`: `baseline.corrupt-2026-05-01T10-00-00-000Z.json` (UTC). */
export function corruptBackupName(fileName: string, now: Date): string {
  const stem = fileName.replace(/\.json$/i, '');
  return `${stem}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}.json`;
}

const entryOrder = (a: BaselineEntry, b: BaselineEntry): number =>
  a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0) || (a.detectorId < b.detectorId ? -1 : a.detectorId > b.detectorId ? 1 : 0) || (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0);

/** Stable text: entries sorted by file, line, detector, fingerprint; two-space indentation; final newline. */
export function serializeBaseline(b: Baseline): string {
  const entries = [...b.entries].sort(entryOrder).map((e) => ({ fingerprint: e.fingerprint, detectorId: e.detectorId, file: e.file, ...(e.line !== undefined ? { line: e.line } : {}), ...(e.addedAt !== undefined ? { addedAt: e.addedAt } : {}) }));
  return `${JSON.stringify({ version: b.version, salt: b.salt, entries }, null, 2)}\n`;
}

const normalise = (file: string): string => file.replace(/\\/g, '/').replace(/^\.\//, '');
const sameEntry = (e: BaselineEntry, fingerprint: string, detectorId: string, file: string): boolean => e.fingerprint === fingerprint && e.detectorId === detectorId && e.file === file;

/** Accept a finding (scanned with `baseline.salt`) in `file`. Adding the same finding twice keeps one entry. */
export function addToBaseline(baseline: Baseline, finding: Pick<SecretFinding, 'fingerprint' | 'detectorId'>, file: string, opts: { readonly line?: number; readonly addedAt?: string } = {}): Baseline {
  const f = normalise(file);
  const entry: BaselineEntry = { fingerprint: finding.fingerprint, detectorId: finding.detectorId, file: f, ...(opts.line !== undefined ? { line: opts.line } : {}), ...(opts.addedAt !== undefined ? { addedAt: opts.addedAt } : {}) };
  return { ...baseline, entries: [...baseline.entries.filter((e) => !sameEntry(e, finding.fingerprint, finding.detectorId, f)), entry] };
}

/** Drop the entries of a finding (in `file`, or in every file when none is given). */
export function removeFromBaseline(baseline: Baseline, finding: Pick<SecretFinding, 'fingerprint' | 'detectorId'>, file?: string): Baseline {
  const f = file === undefined ? undefined : normalise(file);
  return { ...baseline, entries: baseline.entries.filter((e) => !(e.fingerprint === finding.fingerprint && e.detectorId === finding.detectorId && (f === undefined || e.file === f))) };
}

/**
 * Whether a finding (scanned with `baseline.salt`) was accepted: same fingerprint and detector, and, when `file` is
 * given, the same file. The line is not compared, so edits above a secret do not bring it back.
 */
export function isBaselined(finding: SecretFinding, baseline: Baseline, file?: string): boolean {
  const f = file === undefined ? undefined : normalise(file);
  return baseline.entries.some((e) => e.fingerprint === finding.fingerprint && e.detectorId === finding.detectorId && (f === undefined || e.file === f));
}

/**
 * Entries that match no current finding: the secret was removed (or rotated), so the entry can go. Pass the findings
 * of a whole scan, by file, to compare files too; a plain list compares fingerprints and detectors only.
 */
export function staleEntries(baseline: Baseline, findings: readonly SecretFinding[] | ReadonlyMap<string, readonly SecretFinding[]>): BaselineEntry[] {
  const seen = new Set<string>();
  if (findings instanceof Map) {
    for (const [file, list] of findings as ReadonlyMap<string, readonly SecretFinding[]>) for (const x of list) seen.add(`${x.fingerprint}\u0000${x.detectorId}\u0000${normalise(file)}`);
    return baseline.entries.filter((e) => !seen.has(`${e.fingerprint}\u0000${e.detectorId}\u0000${e.file}`));
  }
  for (const x of findings as readonly SecretFinding[]) seen.add(`${x.fingerprint}\u0000${x.detectorId}`);
  return baseline.entries.filter((e) => !seen.has(`${e.fingerprint}\u0000${e.detectorId}`));
}
