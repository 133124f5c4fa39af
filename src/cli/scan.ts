// `keyless scan` and `keyless baseline` (add, remove, repair): long-lived keys in files, masked everywhere, each with
// its way out.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { isScanCandidate } from '../core/candidates';
import {
  addToBaseline,
  type Baseline,
  BASELINE_PATH,
  type BaselineEntry,
  corruptBackupName,
  createBaseline,
  isBaselined,
  parseBaseline,
  removeFromBaseline,
  salvageBaseline,
  salvageSummary,
  serializeBaseline,
  staleEntries,
} from '../core/secrets/baseline';
import { migrationGuide } from '../core/secrets/guides';
import { DEFAULT_SALT } from '../core/secrets/scan';
import { type SecretProvider, type SecretSeverity, secretSeverityRank } from '../core/secrets/types';
import { distinctInputs, walk, type WalkProblem } from '../node/walk';
import { type LocatedSecret, ScanPool } from './scan-files';

export { migrationGuide };

export interface KeyReport {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly detectorId: string;
  readonly provider: SecretProvider;
  readonly type: string;
  readonly severity: SecretSeverity;
  readonly masked: string;
  readonly fingerprint: string;
  /** The migration guide for this provider, relative to the package root. */
  readonly migrate: string;
}

/** Default limit on the size of a file read for keys (larger files are reported as skipped). */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

export class ScanUsageError extends Error {}

async function readBaseline(file: string, required: boolean): Promise<Baseline | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && !required) return undefined;
    throw new ScanUsageError(`cannot read the baseline ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const parsed = parseBaseline(text);
  if (!parsed.ok) {
    // a newer Keyless's file is valid there: updating is the way out, not a reset
    if (parsed.newer) throw new ScanUsageError(`the baseline ${file} is not usable: ${parsed.error}`);
    throw new ScanUsageError(`the baseline ${file} is not usable: ${parsed.error}. To keep a copy of it and reset it to the entries that can still be read, run \`${repairCommand(file)}\``);
  }
  return parsed.baseline;
}

const repairCommand = (file: string): string => `keyless baseline repair${file === BASELINE_PATH ? '' : ` --baseline ${file}`}`;

/**
 * `keyless baseline repair`: a baseline that cannot be used is copied, byte for byte, to a backup next to it
 * (`baseline.corrupt-<UTC time>.json`, never over an existing file), then replaced with what can be kept of it
 * (salvageBaseline). Nothing else rewrites an unusable baseline: scan, add and remove refuse and point here.
 */
async function repairBaselineFile(file: string, out: (s: string) => void): Promise<number> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    throw new ScanUsageError(`cannot read the baseline ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const salvage = salvageBaseline(bytes.toString('utf8'));
  if (salvage.kind === 'usable') {
    out(`${file} is usable: nothing to repair.\n`);
    return 0;
  }
  if (salvage.kind === 'newer') throw new ScanUsageError(`${file} is left as it is: ${salvage.error}`);
  let backup: string;
  for (let t = Date.now(); ; t++) {
    backup = path.join(path.dirname(file), corruptBackupName(path.basename(file), new Date(t)));
    try {
      await fs.writeFile(backup, bytes, { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new ScanUsageError(`${file} is left as it is: it could not be backed up to ${backup} (${(e as Error).message})`);
    }
  }
  try {
    await fs.writeFile(file, salvage.text);
  } catch (e) {
    throw new ScanUsageError(`${file} could not be rewritten (${(e as Error).message}); a copy of it is in ${backup}`);
  }
  const lost = salvage.dropped !== 0 ? 'Keys whose entries were not kept are reported again; `keyless baseline add PATH...` accepts them again.\n' : '';
  // parseBaseline names the default path; the file is the one given
  out(`Reset ${file}: ${salvageSummary(salvage)}.\nWhy: ${salvage.error.split(BASELINE_PATH).join(file)}.\nIts old bytes are kept in ${backup}.\n${lost}`);
  return 0;
}

export interface ScanResult {
  readonly keys: readonly KeyReport[];
  /** Findings by file (unsuppressed, baselined included), located: what `baseline add` records and staleness is judged on. */
  readonly byFile: ReadonlyMap<string, readonly LocatedSecret[]>;
  readonly filesScanned: number;
  readonly suppressed: number;
  readonly baselined: number;
  readonly stale: readonly BaselineEntry[];
  readonly skipped: readonly { readonly file: string; readonly message: string }[];
}

export async function scanPaths(paths: readonly string[], opts: { baseline?: Baseline; maxFileSize?: number }): Promise<ScanResult> {
  const skipped: { file: string; message: string }[] = [];
  const salt = opts.baseline?.salt ?? DEFAULT_SALT;
  const maxSize = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  // files are read and scanned while the walk goes on (on worker threads for a workspace), each reduced to its findings
  const pool = new ScanPool({ maxSize, salt });
  let files;
  let failedInputs = 0;
  const onProblem = (p: WalkProblem): void => {
    if (p.input) failedInputs++;
    skipped.push({ file: p.path, message: p.message });
  };
  try {
    files = await walk(paths, onProblem, { include: isScanCandidate, onFile: (f) => pool.add(f) });
  } catch (e) {
    pool.close();
    throw e;
  }
  // nothing named could be read at all (problems below a named directory do not count: it was read)
  if (files.length === 0 && failedInputs > 0 && failedInputs === distinctInputs(paths)) throw new ScanUsageError(skipped.map((p) => `${p.file}: ${p.message}`).join('\n'));
  const scans = await pool.finish();
  const keys: KeyReport[] = [];
  const byFile = new Map<string, LocatedSecret[]>();
  let suppressed = 0;
  let baselined = 0;
  let scanned = 0;
  files.forEach((f, i) => {
    const read = scans[i]!;
    if (read.kind === 'skipped') skipped.push({ file: f.display, message: read.reason });
    if (read.kind !== 'text') return;
    scanned++;
    if (read.findings.length === 0) return;
    const active = read.findings.filter((k) => !k.suppressed);
    suppressed += read.findings.length - active.length;
    byFile.set(f.display, active);
    for (const k of active) {
      if (opts.baseline && isBaselined(k, opts.baseline, f.display)) {
        baselined++;
        continue;
      }
      keys.push({
        file: f.display, line: k.line, column: k.column, endLine: k.endLine, endColumn: k.endColumn,
        detectorId: k.detectorId, provider: k.provider, type: k.type, severity: k.severity, masked: k.masked, fingerprint: k.fingerprint,
        migrate: migrationGuide(k.provider),
      });
    }
  });
  const stale = opts.baseline ? staleEntries(opts.baseline, byFile) : [];
  return { keys, byFile, filesScanned: scanned, suppressed, baselined, stale, skipped };
}

const FAIL_ON = ['critical', 'high', 'medium', 'low', 'never'] as const;

export async function runScan(args: string[], out: (s: string) => void, color: boolean, formatters: ScanFormatters): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      'fail-on': { type: 'string' },
      baseline: { type: 'string' },
      'max-file-size': { type: 'string' },
      output: { type: 'string' },
      'no-color': { type: 'boolean' },
    },
  });
  const format = values.format ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new ScanUsageError(`--format must be one of text, json, sarif (got "${format}")`);
  const failOn = values['fail-on'] ?? 'low';
  if (!(FAIL_ON as readonly string[]).includes(failOn)) throw new ScanUsageError(`--fail-on must be one of ${FAIL_ON.join(', ')} (got "${failOn}")`);
  const maxFileSize = values['max-file-size'] === undefined ? undefined : Number(values['max-file-size']);
  if (maxFileSize !== undefined && !(Number.isInteger(maxFileSize) && maxFileSize > 0)) throw new ScanUsageError('--max-file-size takes a whole number of bytes');
  if (positionals.length === 0) throw new ScanUsageError('scan needs at least one PATH (a file or directory); try `keyless scan .`');
  const baseline = await readBaseline(values.baseline ?? BASELINE_PATH, values.baseline !== undefined);
  const result = await scanPaths(positionals, { baseline, maxFileSize });
  const rendered = format === 'json' ? formatters.json(result) : format === 'sarif' ? formatters.sarif(result) : formatters.text(result, color && !values['no-color'] && !values.output);
  if (values.output) await fs.writeFile(values.output, rendered);
  else out(rendered);
  if (failOn === 'never') return 0;
  const threshold = secretSeverityRank(failOn as SecretSeverity);
  return result.keys.some((k) => secretSeverityRank(k.severity) >= threshold) ? 1 : 0;
}

export interface ScanFormatters {
  text(r: ScanResult, color: boolean): string;
  json(r: ScanResult): string;
  sarif(r: ScanResult): string;
}

/** `keyless baseline add PATH...` / `keyless baseline remove FINGERPRINT...`: fingerprints only, never keys. */
export async function runBaseline(args: string[], out: (s: string) => void): Promise<number> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { baseline: { type: 'string' } } });
  const file = values.baseline ?? BASELINE_PATH;
  if (action === 'add') {
    if (positionals.length === 0) throw new ScanUsageError('baseline add needs at least one PATH to scan');
    let baseline = (await readBaseline(file, false)) ?? createBaseline();
    const result = await scanPaths(positionals, { baseline });
    let added = 0;
    for (const [f, findings] of result.byFile) {
      for (const k of findings) {
        if (isBaselined(k, baseline, f)) continue;
        baseline = addToBaseline(baseline, k, f, { line: k.line });
        added++;
      }
    }
    await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await fs.writeFile(file, serializeBaseline(baseline));
    out(`Added ${added} key${added === 1 ? '' : 's'} to ${file} (${baseline.entries.length} in all). It holds salted fingerprints, never the keys.\n`);
    return 0;
  }
  if (action === 'remove') {
    if (positionals.length === 0) throw new ScanUsageError('baseline remove needs the FINGERPRINT(s) to remove (from `keyless scan --format json`)');
    let baseline = await readBaseline(file, true);
    let removed = 0;
    for (const fp of positionals) {
      const before = baseline!.entries.length;
      for (const e of baseline!.entries.filter((x) => x.fingerprint === fp)) baseline = removeFromBaseline(baseline!, e);
      removed += before - baseline!.entries.length;
    }
    await fs.writeFile(file, serializeBaseline(baseline!));
    out(`Removed ${removed} entr${removed === 1 ? 'y' : 'ies'} from ${file} (${baseline!.entries.length} left).\n`);
    return removed === positionals.length ? 0 : 1;
  }
  if (action === 'repair') {
    if (positionals.length) throw new ScanUsageError('baseline repair takes no PATH (`--baseline FILE` names another baseline file)');
    return repairBaselineFile(file, out);
  }
  throw new ScanUsageError('baseline takes `add PATH...`, `remove FINGERPRINT...` or `repair`');
}
