// The in-editor half of bench/keys-scale.bench.ts: loaded by VS Code as the extension tests module, in the extension
// host next to Keyless, on the 100,000-file workspace. Measures the first scan (time, memory, event-loop lag, view
// updates), cancels scans at several points, then plays a branch switch through the file watcher, and writes what it
// saw to KEYLESS_SCALE_RESULT for the bench to judge. It asserts nothing itself: the figures go back as they are.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as vscode from 'vscode';
import { keys as sample } from '../../src/core/secrets/samples';
import type { KeylessApi } from '../../src/extension';
import type { KeysController } from '../../src/vscode/keys/controller';

export interface ScaleManifest {
  readonly files: number;
  readonly bytes: number;
  readonly perDir: number;
  /** Workspace-relative files holding one planted key each. */
  readonly planted: readonly string[];
}

export interface ScaleResult {
  readonly error?: string;
  readonly first: {
    readonly files: number;
    readonly ms: number;
    readonly keysOk: boolean;
    readonly keysProblem?: string;
    readonly heapBeforeMb: number;
    readonly heapPeakMb: number;
    readonly heapRetainedMb: number;
    readonly rssPeakMb: number;
    readonly lagP99Ms: number;
    readonly lagMaxMs: number;
    readonly ticks: number;
    readonly stalls: readonly string[];
    readonly fires: number;
  };
  readonly cancels: readonly { readonly at: string; readonly ms: number; readonly state: string; readonly stopped: boolean }[];
  readonly warmMs: number;
  readonly storm: {
    readonly changed: number;
    readonly created: number;
    readonly deleted: number;
    readonly settleMs: number;
    readonly fires: number;
    readonly fullRescans: number;
    readonly lagMaxMs: number;
    readonly stalls: readonly string[];
    readonly keysOk: boolean;
    readonly keysProblem?: string;
  };
}

const MB = 1024 * 1024;
const TICK_MS = 10;

/** How late each 10 ms timer tick fires: the extension host's event loop being blocked. */
class LagProbe {
  private readonly late: number[] = [];
  /** The longest stalls, with what was going on right after each (for finding the cause). */
  readonly stalls: string[] = [];
  private last = performance.now();
  private readonly timer = setInterval(() => {
    const now = performance.now();
    const late = Math.max(0, now - this.last - TICK_MS);
    this.late.push(late);
    if (late > 100) this.stalls.push(`${late.toFixed(0)} ms (${this.describe()})`);
    this.last = now;
  }, TICK_MS);
  constructor(private readonly describe: () => string = () => '') {}
  stop(): { p99: number; max: number; ticks: number; stalls: string[] } {
    clearInterval(this.timer);
    const sorted = [...this.late].sort((a, b) => a - b);
    return { p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0, max: sorted[sorted.length - 1] ?? 0, ticks: sorted.length, stalls: this.stalls };
  }
}

/** Peak heap and resident set, sampled every 50 ms. */
class MemoryProbe {
  heap = 0;
  rss = 0;
  private readonly timer = setInterval(() => this.sample(), 50);
  sample(): void {
    const m = process.memoryUsage();
    this.heap = Math.max(this.heap, m.heapUsed);
    this.rss = Math.max(this.rss, m.rss);
  }
  stop(): void {
    this.sample();
    clearInterval(this.timer);
  }
}

function collect(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves when `ok()` holds, checked every `every` ms; rejects after `ms`. */
async function until(ok: () => boolean, what: string, ms = 600_000, every = 5): Promise<void> {
  const end = performance.now() + ms;
  while (!ok()) {
    if (performance.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(every);
  }
}

/** The files with keys, workspace-relative, sorted; and what differs from `expected`. */
function keyFiles(k: KeysController): string[] {
  return [...new Set(k.store.all().map((x) => vscode.workspace.asRelativePath(vscode.Uri.parse(x.file))))].sort();
}
function difference(actual: readonly string[], expected: readonly string[]): string | undefined {
  const missing = expected.filter((f) => !actual.includes(f));
  const extra = actual.filter((f) => !expected.includes(f));
  return missing.length || extra.length ? `missing ${missing.length} (${missing.slice(0, 3).join(', ')}), extra ${extra.length} (${extra.slice(0, 3).join(', ')})` : undefined;
}

let logLines: () => readonly string[] = () => [];

export async function run(): Promise<void> {
  const out = process.env.KEYLESS_SCALE_RESULT!;
  try {
    const result = await measure();
    if (process.env.KEYLESS_SCALE_LOG) fs.writeFileSync(process.env.KEYLESS_SCALE_LOG, logLines().join('\n'));
    fs.writeFileSync(out, JSON.stringify(result));
  } catch (e) {
    fs.writeFileSync(out, JSON.stringify({ error: `${e instanceof Error ? (e.stack ?? e.message) : String(e)}\nthe log:\n${logLines().join('\n')}` }));
  }
}

async function measure(): Promise<ScaleResult> {
  const gc = collect();
  gc();
  const heapBeforeMb = process.memoryUsage().heapUsed / MB;
  let phase = () => 'activating';
  const lag = new LagProbe(() => phase());
  const memory = new MemoryProbe();
  const manifest = JSON.parse(fs.readFileSync(process.env.KEYLESS_SCALE_MANIFEST!, 'utf8')) as ScaleManifest;
  const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  const ext = vscode.extensions.getExtension<KeylessApi>('keyless.keyless')!;
  const api = ext.isActive ? ext.exports : await ext.activate();
  logLines = () => api.log.lines;
  const { keys: k } = await api.keys;
  phase = () => `${k.state}${k.progress ? ` ${k.progress.done}/${k.progress.total}` : ''}`;
  let fires = 0;
  const sub = k.onDidChange(() => fires++);

  // ---- the first scan: started by the extension itself when the window opened ----
  if (k.lastScan.reason) throw new Error(`the first scan had finished (${k.lastScan.reason}) before measuring began`);
  const waitStart = performance.now();
  await until(() => k.lastScan.reason === 'activation', 'the first scan').catch((e: Error) => {
    throw new Error(`${e.message} after ${performance.now() - waitStart} ms: state ${k.state}, progress ${JSON.stringify(k.progress)}, last scan ${JSON.stringify(k.lastScan)}, log:\n${api.log.lines.slice(-10).join('\n')}`);
  });
  memory.stop();
  const lagFirst = lag.stop();
  gc();
  const heapRetainedMb = process.memoryUsage().heapUsed / MB;
  const firstProblem = difference(keyFiles(k), [...manifest.planted].sort());
  const first = {
    files: k.lastScan.files,
    ms: k.lastScan.ms,
    keysOk: !firstProblem,
    ...(firstProblem ? { keysProblem: firstProblem } : {}),
    heapBeforeMb,
    heapPeakMb: memory.heap / MB,
    heapRetainedMb,
    rssPeakMb: memory.rss / MB,
    lagP99Ms: lagFirst.p99,
    lagMaxMs: lagFirst.max,
    ticks: lagFirst.ticks,
    stalls: lagFirst.stalls,
    fires,
  };

  // ---- cancel at any point: while the files are listed, then at 10%, 50% and 90% of the reading ----
  const cancels: { at: string; ms: number; state: string; stopped: boolean }[] = [];
  for (const at of ['listing', 0.1, 0.5, 0.9] as const) {
    const scan = k.rescan('cancel test');
    if (at === 'listing') await sleep(20);
    else await until(() => (k.progress?.total ?? 0) > 0 && k.progress!.done >= at * k.progress!.total, `${at * 100}% of the scan`, 600_000, 2);
    const progress = k.progress;
    const started = performance.now();
    k.cancelScan();
    await scan;
    const ms = performance.now() - started;
    const doneAtCancel = progress?.done ?? 0;
    // a cancelled scan reads nothing more: at most the reads already in flight finish
    await sleep(200);
    const stopped = progress === undefined || (progress.done - doneAtCancel <= 8);
    cancels.push({ at: at === 'listing' ? (progress ? 'listing (missed)' : 'while listing') : `at ${at * 100}%`, ms, state: k.state, stopped });
  }

  // ---- a warm full scan, which the storm starts from ----
  await k.rescan('before the storm');
  const warmMs = k.lastScan.ms;

  // ---- the storm: a branch switch, straight to disk (the watcher, not the editor, reports it) ----
  const rel = (i: number) => {
    const d = Math.floor(i / manifest.perDir);
    const suffix = ['ts', 'ts', 'js', 'json', 'yaml', 'py', 'md', 'go'][i % 8];
    return `packages/pkg-${String(Math.floor(d / 40)).padStart(3, '0')}/src/mod-${String(d % 40).padStart(2, '0')}/file-${String(i).padStart(6, '0')}.${suffix}`;
  };
  const expected = new Set(manifest.planted);
  // for 100,000 files: 5,000 changed, 2,000 created, 5,000 deleted
  const changed = manifest.files / 20;
  const created = manifest.files / 50;
  const deletedFiles = manifest.files / 20;
  // changed: every 7th file of the first 35%, a key appended to one in 200
  for (let n = 0; n < changed; n++) {
    const f = rel(n * 7 + 3);
    const withKey = n % 200 === 0;
    fs.appendFileSync(path.join(folder, f), withKey ? `\nexport const t = "${sample.github('ghp', `storm-${n}`)}";\n` : `\n// changed on another branch ${n}\n`);
    if (withKey) expected.add(f);
  }
  // created: in new folders of 50 files, one in 100 with a key
  for (let n = 0; n < created; n++) {
    const f = `packages/new-${String(Math.floor(n / 50)).padStart(2, '0')}/src/added-${n}.ts`;
    if (n % 50 === 0) fs.mkdirSync(path.join(folder, f, '..'), { recursive: true });
    const withKey = n % 100 === 0;
    fs.writeFileSync(path.join(folder, f), withKey ? `export const t = "${sample.github('ghp', `new-${n}`)}";\n` : `export const n${n} = ${n};\n`);
    if (withKey) expected.add(f);
  }
  // deleted: the last 5% (a planted key among them), half one by one, half as whole folders
  for (let i = manifest.files - deletedFiles; i < manifest.files; i++) {
    if (i < manifest.files - deletedFiles / 2) fs.rmSync(path.join(folder, rel(i)));
    else if (i % manifest.perDir === 0) fs.rmSync(path.join(folder, rel(i), '..'), { recursive: true });
    expected.delete(rel(i));
  }
  const lastWrite = performance.now();
  const stormLag = new LagProbe(() => phase());
  fires = 0;
  const scansBefore = k.lastScan;
  const want = [...expected].sort();
  let settleMs = NaN;
  let stormProblem: string | undefined;
  try {
    await until(() => !difference(keyFiles(k), want), 'the storm to settle', 120_000, 20);
    settleMs = performance.now() - lastWrite;
    await sleep(2_000); // late batches would show here
  } catch {
    stormProblem = difference(keyFiles(k), want);
  }
  const stormLagResult = stormLag.stop();
  const stormFires = fires;
  const fullRescans = k.lastScan === scansBefore ? 0 : 1;
  // the incremental result is what a full scan finds
  const afterStorm = keyFiles(k);
  await k.rescan('after the storm');
  const fresh = keyFiles(k);
  stormProblem ??= difference(afterStorm, fresh) ?? difference(fresh, want);
  sub.dispose();
  return {
    first,
    cancels,
    warmMs,
    storm: {
      changed,
      created,
      deleted: deletedFiles,
      settleMs,
      fires: stormFires,
      fullRescans,
      lagMaxMs: stormLagResult.max,
      stalls: stormLagResult.stalls,
      keysOk: !stormProblem,
      ...(stormProblem ? { keysProblem: stormProblem } : {}),
    },
  };
}
