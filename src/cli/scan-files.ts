// Reading and scanning the files of `keyless scan`, while the walk finds them: in this thread, and for a workspace also
// on a worker thread per further core (dist/scan-worker.js). Each file is read into a reused buffer, scanned, and its
// findings located (line and column) right away, so no file's text outlives its scan: what is kept is findings
// (masked, fingerprinted), never text. Results come back in the order of the files, whichever thread scanned them, so
// the output is the same as a scan in one thread.
import { existsSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { scanText } from '../core/secrets/scan';
import type { SecretFinding } from '../core/secrets/types';
import { LineIndex } from '../core/text';
import { ReadBuffer, readTextFileSync } from '../node/read';

/** A finding with its 1-based position (end column exclusive). */
export interface LocatedSecret extends SecretFinding {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export type FileScan =
  | { readonly kind: 'text'; readonly findings: readonly LocatedSecret[] }
  | { readonly kind: 'binary' }
  | { readonly kind: 'skipped'; readonly reason: string };

export interface ScanFilesOptions {
  readonly maxSize: number;
  readonly salt: string;
}

const NOTHING: FileScan = { kind: 'text', findings: [] };

export function scanFile(absolute: string, display: string, opts: ScanFilesOptions, into: ReadBuffer): FileScan {
  const read = readTextFileSync(absolute, opts.maxSize, `larger than ${opts.maxSize} bytes; not scanned (--max-file-size)`, into);
  if (read.kind !== 'text') return read;
  const found = scanText(read.text, display, { salt: opts.salt });
  if (found.length === 0) return NOTHING;
  const index = new LineIndex(read.text);
  return {
    kind: 'text',
    findings: found.map((k) => {
      const s = index.positionAt(k.span.start);
      const e = index.positionAt(k.span.end);
      return { ...k, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
    }),
  };
}

/** What a worker is sent: files as [absolute, display] pairs, from `start` in the caller's list. */
export interface ScanBatch {
  readonly start: number;
  readonly files: readonly (readonly [string, string])[];
}
export interface ScanBatchResult {
  readonly start: number;
  readonly results: readonly FileScan[];
}
/** What a worker starts with: the options, and where it counts the files it has finished (`progress[index]`). */
export interface ScanWorkerData extends ScanFilesOptions {
  readonly progress: Int32Array;
  readonly index: number;
}

interface WalkedLike {
  readonly absolute: string;
  readonly display: string;
}

/** Worker threads start once the walk has found this many files per worker (each costs tens of milliseconds to start). */
const FILES_PER_WORKER = 128;
/** Files handed to a worker at a time while the walk goes on. */
const WALK_BATCH = 32;
/** Files a worker may have waiting: enough that it never runs dry between two top-ups. */
const BACKLOG = 96;

/** Threads that scan, this one included: one per core, at most four (each holds a V8 heap: the peak memory stays low). */
function threadCount(): number {
  const env = process.env.KEYLESS_SCAN_THREADS; // 1: this thread only (for comparisons and debugging)
  if (env !== undefined && /^\d+$/.test(env)) return Math.max(1, Number(env));
  const cores = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
  return Math.max(1, Math.min(cores, 4));
}

/** The worker's script next to this bundle (dist/scan-worker.js), when there is one (not in the unit tests' bundles). */
function workerScript(): string | undefined {
  const script = path.join(__dirname, 'scan-worker.js');
  return existsSync(script) ? script : undefined;
}

/**
 * Scans the files a walk finds while it goes on: `add` each file as it is found, then `finish` for the results in
 * the order added. This thread walks, then scans too; from FILES_PER_WORKER files per worker, worker threads (one
 * per further core) start, and take batches while the walk goes on. The walk is synchronous, so a worker's progress
 * is counted in shared memory: this thread tops up each worker's backlog between two directories or two of its own
 * files, without waiting for messages; the results come back as messages, collected at the end.
 */
export class ScanPool {
  private readonly files: WalkedLike[] = [];
  private readonly results: (FileScan | undefined)[] = [];
  private readonly into = new ReadBuffer();
  private wanted = threadCount() - 1;
  /** The workers; a worker that failed is left out (undefined) and its files are scanned here at the end. */
  private workers: (Worker | undefined)[] = [];
  private progress: Int32Array | undefined;
  /** Files sent to each worker, and those whose results are still to come from it. */
  private sent: number[] = [];
  private pending: number[] = [];
  /** Index of the first file not handed out yet. */
  private next = 0;
  private wake: (() => void) | undefined;

  constructor(private readonly opts: ScanFilesOptions) {}

  add(file: WalkedLike): void {
    this.files.push(file);
    if (this.workers.length === 0 && (this.wanted === 0 || this.files.length < this.wanted * FILES_PER_WORKER || !this.start())) return;
    if (this.files.length - this.next >= WALK_BATCH) this.pump(WALK_BATCH, BACKLOG);
  }

  async finish(): Promise<FileScan[]> {
    try {
      // this thread takes small batches, topping up the workers first (so they never wait for it), with backlogs that
      // shrink towards the end so every thread finishes at about the same time
      for (;;) {
        const threads = this.workers.filter(Boolean).length + 1;
        const left = this.files.length - this.next;
        if (left === 0) break;
        const share = Math.ceil(left / (threads * 4));
        this.pump(Math.max(1, Math.min(WALK_BATCH, share)), Math.max(1, Math.min(BACKLOG, share)));
        const end = Math.min(this.files.length, this.next + Math.max(1, Math.min(8, share)));
        for (let i = this.next; i < end; i++) this.scanHere(i);
        this.next = end;
      }
      while (this.pending.some((n) => n > 0)) await new Promise<void>((resolve) => (this.wake = resolve));
      // the files of a worker that failed (none, unless something went badly wrong)
      for (let i = 0; i < this.files.length; i++) if (this.results[i] === undefined) this.scanHere(i);
      return this.results as FileScan[];
    } finally {
      this.close();
    }
  }

  /** Stops the workers (also when the walk failed before `finish`). */
  close(): void {
    for (const w of this.workers) {
      w?.removeAllListeners();
      void w?.terminate();
    }
    this.workers = [];
  }

  private scanHere(i: number): void {
    this.results[i] = scanFile(this.files[i]!.absolute, this.files[i]!.display, this.opts, this.into);
  }

  private start(): boolean {
    const script = workerScript();
    if (!script) {
      this.wanted = 0;
      return false;
    }
    this.progress = new Int32Array(new SharedArrayBuffer(4 * this.wanted));
    for (let index = 0; index < this.wanted; index++) {
      const data: ScanWorkerData = { ...this.opts, progress: this.progress, index };
      let w: Worker;
      try {
        w = new Worker(script, { workerData: data });
      } catch {
        break; // no more threads: the ones started (or this one alone) do the work
      }
      w.on('message', (m: ScanBatchResult) => {
        for (let i = 0; i < m.results.length; i++) this.results[m.start + i] = m.results[i]!;
        this.pending[index]! -= m.results.length;
        if (this.pending[index] === 0) this.wake?.();
      });
      const fail = (): void => {
        w.removeAllListeners();
        void w.terminate();
        this.workers[index] = undefined;
        this.pending[index] = 0;
        this.wake?.();
      };
      w.on('error', fail);
      w.on('exit', fail);
      this.workers.push(w);
      this.sent.push(0);
      this.pending.push(0);
    }
    if (this.workers.length === 0) this.wanted = 0;
    return this.workers.length > 0;
  }

  /** Hands batches of up to `size` files to the workers whose backlog is under `backlog` files. */
  private pump(size: number, backlog: number): void {
    for (let i = 0; i < this.workers.length; i++) {
      const w = this.workers[i];
      if (!w) continue;
      let waiting = this.sent[i]! - Atomics.load(this.progress!, i);
      while (waiting < backlog && this.next < this.files.length) {
        const start = this.next;
        const end = Math.min(this.files.length, start + size);
        this.next = end;
        const batch: ScanBatch = { start, files: this.files.slice(start, end).map((f) => [f.absolute, f.display] as const) };
        w.postMessage(batch);
        this.sent[i]! += end - start;
        this.pending[i]! += end - start;
        waiting += end - start;
      }
    }
  }
}
