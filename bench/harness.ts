// Tiny benchmark harness: warm up, time N runs, report median/p95; a target turns into the exit code.
import { performance } from 'node:perf_hooks';

export interface BenchResult {
  readonly name: string;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly runs: number;
  readonly trials: number;
}

/**
 * Warm up, then time `trials` trials of `runs` runs each and keep the trial with the lowest median: on a shared
 * 2-core machine a trial can be slowed by someone else's work, never sped up (the same idea as hyperfine's min).
 */
export function measure(name: string, fn: () => unknown, { warmup = 10, runs = 40, trials = 5 } = {}): BenchResult {
  for (let i = 0; i < warmup; i++) fn();
  let best: BenchResult | undefined;
  for (let t = 0; t < trials; t++) {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      fn();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const r = { name, medianMs: times[Math.floor(runs / 2)]!, p95Ms: times[Math.min(runs - 1, Math.floor(runs * 0.95))]!, runs, trials };
    if (!best || r.medianMs < best.medianMs) best = r;
  }
  return best!;
}

/** Print the result against its target and set a failing exit code when the median misses it. */
export function report(r: BenchResult, targetMs: number, detail = ''): void {
  const ok = r.medianMs <= targetMs;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${r.name}: median ${r.medianMs.toFixed(2)} ms, p95 ${r.p95Ms.toFixed(2)} ms over ${r.runs} runs, best of ${r.trials} trials (target: median < ${targetMs} ms)${detail ? ` ${detail}` : ''}`);
  if (!ok) process.exitCode = 1;
}
