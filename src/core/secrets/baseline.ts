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

export type BaselineParseResult = { readonly ok: true; readonly baseline: Baseline } | { readonly ok: false; readonly error: string };

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
export function parseBaseline(text: string): BaselineParseResult {
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
  if (version > BASELINE_VERSION) return { ok: false, error: `${BASELINE_PATH} is version ${version}, written by a newer Keyless (this one reads version ${BASELINE_VERSION}); update Keyless` };
  const salt = data['salt'];
  if (typeof salt !== 'string' || salt.length === 0) return { ok: false, error: `${BASELINE_PATH}: "salt" must be a non-empty string` };
  const entries = data['entries'];
  if (!Array.isArray(entries)) return { ok: false, error: `${BASELINE_PATH}: "entries" must be an array` };
  const out: BaselineEntry[] = [];
  for (const [i, e] of entries.entries()) {
    const where = `${BASELINE_PATH}: entry ${i + 1}`;
    if (!isObject(e)) return { ok: false, error: `${where} must be an object` };
    const { fingerprint, detectorId, file, line, addedAt } = e;
    if (typeof fingerprint !== 'string' || !FINGERPRINT.test(fingerprint)) return { ok: false, error: `${where}: "fingerprint" must be 32 to 64 lower-case hex characters (a baseline stores fingerprints, never keys)` };
    if (typeof detectorId !== 'string' || detectorId === '') return { ok: false, error: `${where}: "detectorId" must be a non-empty string` };
    if (typeof file !== 'string' || file === '') return { ok: false, error: `${where}: "file" must be a non-empty string` };
    if (line !== undefined && (typeof line !== 'number' || !Number.isInteger(line) || line < 1)) return { ok: false, error: `${where}: "line" must be a positive integer` };
    if (addedAt !== undefined && (typeof addedAt !== 'string' || Number.isNaN(Date.parse(addedAt)))) return { ok: false, error: `${where}: "addedAt" must be an ISO 8601 date` };
    out.push({ fingerprint, detectorId, file, ...(line !== undefined ? { line } : {}), ...(addedAt !== undefined ? { addedAt } : {}) });
  }
  return { ok: true, baseline: { version: BASELINE_VERSION, salt, entries: out } };
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
