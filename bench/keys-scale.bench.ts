// Issue #9's bars for the Keys view in a real VS Code on a workspace of 100,000 files (bench/vscode/keys-scale.ts
// runs inside the extension host and measures; this script makes the workspace, starts VS Code and judges):
//  - the first scan completes, reads every file and finds exactly the planted keys, with bounded memory (the
//    extension host's peak heap and resident set are reported);
//  - it can be cancelled at any point (while listing, early, half way, near the end): each cancel takes effect fast;
//  - the editor stays responsive: the extension host's event loop is never blocked for long while the scan runs;
//  - a file-watcher storm (a branch switch: thousands of files changed, created and deleted at once) is coalesced:
//    the view is told a handful of times, no full rescan, and the keys end up exactly as a full scan finds them.
// The workspace is made of small source-like files (bench/workspace-scan.bench.ts measures bytes per second).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { code, json, yaml, pick } from './corpus';
import { keys, rng } from '../src/core/secrets/samples';
import type { ScaleManifest, ScaleResult } from './vscode/keys-scale';

declare const KEYLESS_PACKAGE_ROOT: string; // defined by scripts/build.mjs --tests

const FILES = Number(process.env.KEYLESS_SCALE_FILES) || 100_000; // fewer only to try the bench out
const PER_DIR = 50;
/** Targets. */
const TARGET_HEAP_MB = 400; // peak heap of the extension host while it scans (it also holds VS Code's own state)
const TARGET_CANCEL_MS = 500; // from "cancel" to the scan having stopped
const TARGET_LAG_P99_MS = 50; // the extension host's event loop: 99% of 10 ms ticks late by less than this
// and never blocked longer than this: what is left of it is VS Code's own work, in the extension host, on the 100,000
// results of the one search that lists the workspace (about half a second here; Keyless sifts them in slices)
const TARGET_LAG_MAX_MS = 1000;
const TARGET_STORM_FIRES = 30; // view updates for a storm of thousands of events
const TARGET_STORM_MS = 30_000; // from the storm's last write to the keys being right

const root = KEYLESS_PACKAGE_ROOT;
const MB = 1024 * 1024;

function line(ok: boolean, text: string): void {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${text}`);
  if (!ok) process.exitCode = 1;
}

const EXTENSIONS = ['ts', 'ts', 'js', 'json', 'yaml', 'py', 'md', 'go'];

/** 100,000 small files in 2,000 folders, keys planted in 20 of them (one each); the manifest says where. */
function writeScaleWorkspace(dir: string): ScaleManifest {
  const r = rng('keys-scale');
  const snippets = [code, json, yaml].map((f) => Array.from({ length: 40 }, () => f(r)));
  const planted: string[] = [];
  let bytes = 0;
  for (let i = 0; i < FILES; i++) {
    const d = Math.floor(i / PER_DIR);
    const rel = `packages/pkg-${String(Math.floor(d / 40)).padStart(3, '0')}/src/mod-${String(d % 40).padStart(2, '0')}/file-${String(i).padStart(6, '0')}.${EXTENSIONS[i % EXTENSIONS.length]}`;
    if (i % PER_DIR === 0) mkdirSync(join(dir, rel, '..'), { recursive: true });
    let text = pick(r, pick(r, snippets));
    if (i % 5_000 === 17) {
      text += `\nconst token = "${keys.github('ghp', `scale-${i}`)}";\n`;
      planted.push(rel);
    }
    writeFileSync(join(dir, rel), text);
    bytes += text.length;
  }
  return { files: FILES, bytes, planted, perDir: PER_DIR };
}

function serverEnv(): NodeJS.ProcessEnv {
  execFileSync('bash', [join(root, 'tools/ensure-system-deps.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const lines = execFileSync('bash', [join(root, 'tools/install-offline-vscode.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const env = { ...process.env };
  for (const m of lines.matchAll(/^export (\w+)=(.*)$/gm)) env[m[1]!] = m[2]!;
  return env;
}

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'keyless-scale-'));
  const cleanup = () => rmSync(scratch, { recursive: true, force: true });
  const onSignal = () => {
    cleanup();
    process.exit(130);
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  try {
    const ws = join(scratch, 'workspace');
    mkdirSync(ws);
    const t0 = Date.now();
    const manifest = writeScaleWorkspace(ws);
    const manifestPath = join(scratch, 'manifest.json');
    const resultPath = join(scratch, 'result.json');
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const made = Date.now() - t0;
    const env = { ...serverEnv(), KEYLESS_SCALE_MANIFEST: manifestPath, KEYLESS_SCALE_RESULT: resultPath, VSCODE_SHIM_TIMEOUT_MS: '900000' };
    const args = [join(root, 'tools/code-server-as-vscode.mjs'), `--extensionDevelopmentPath=${root}`, `--extensionTestsPath=${join(__dirname, 'vscode', 'keys-scale.js')}`, ws];
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    let result: ScaleResult;
    try {
      result = JSON.parse(readFileSync(resultPath, 'utf8')) as ScaleResult;
    } catch {
      line(false, `keys at scale: VS Code gave no result (exit ${status}):\n${output.slice(-4000)}`);
      return;
    }
    if (result.error) {
      line(false, `keys at scale: ${result.error}`);
      return;
    }
    const f = (n: number) => n.toLocaleString('en-US');
    const first = result.first;
    console.log(`     keys at scale: ${f(manifest.files)} files (${(manifest.bytes / MB).toFixed(0)} MB) in ${f(manifest.files / manifest.perDir)} folders, written in ${(made / 1000).toFixed(1)} s`);
    line(first.files === manifest.files && first.keysOk,
      `first scan (on opening the window) in a real VS Code: ${f(first.files)} of ${f(manifest.files)} files read in ${(first.ms / 1000).toFixed(1)} s (${f(Math.round(first.files / (first.ms / 1000)))} files/s), ${first.keysOk ? `exactly the ${manifest.planted.length} planted keys` : `wrong keys: ${first.keysProblem}`}`);
    line(first.heapPeakMb < TARGET_HEAP_MB,
      `memory of the extension host during the first scan: peak heap ${first.heapPeakMb.toFixed(0)} MB (${first.heapBeforeMb.toFixed(0)} MB before; ${first.heapRetainedMb.toFixed(0)} MB after a collection, ${(((first.heapRetainedMb - first.heapBeforeMb) * MB) / manifest.files).toFixed(0)} bytes kept per file), peak resident set ${first.rssPeakMb.toFixed(0)} MB (target: peak heap < ${TARGET_HEAP_MB} MB)`);
    line(first.lagP99Ms < TARGET_LAG_P99_MS && first.lagMaxMs < TARGET_LAG_MAX_MS,
      `responsiveness while it scans: the extension host's event loop late by ${first.lagP99Ms.toFixed(0)} ms at p99, ${first.lagMaxMs.toFixed(0)} ms at worst over ${f(first.ticks)} ticks; the view told ${first.fires} times (targets: p99 < ${TARGET_LAG_P99_MS} ms, worst < ${TARGET_LAG_MAX_MS} ms)`);
    if (first.stalls.length) console.log(`     stalls over 100 ms while it scanned: ${first.stalls.join(', ')}`);
    const worstCancel = Math.max(...result.cancels.map((c) => c.ms));
    const allCancelled = result.cancels.every((c) => c.state === 'cancelled' && c.stopped);
    line(allCancelled && worstCancel < TARGET_CANCEL_MS,
      `cancel at any point: ${result.cancels.map((c) => `${c.at} ${c.ms.toFixed(0)} ms${c.state === 'cancelled' && c.stopped ? '' : ` (${c.state}${c.stopped ? '' : ', kept reading'})`}`).join(', ')} (target: each < ${TARGET_CANCEL_MS} ms, and no file read after it)`);
    const s = result.storm;
    line(s.keysOk && s.fullRescans === 0 && s.fires <= TARGET_STORM_FIRES && s.settleMs < TARGET_STORM_MS,
      `watcher storm (a branch switch: ${f(s.changed)} files changed, ${f(s.created)} created, ${f(s.deleted)} deleted): keys right ${(s.settleMs / 1000).toFixed(1)} s after the last write, ${s.fires} view updates, ${s.fullRescans} full rescans, event loop late by ${s.lagMaxMs.toFixed(0)} ms at worst; ${s.keysOk ? 'the same keys as a full scan' : `wrong keys: ${s.keysProblem}`} (targets: <= ${TARGET_STORM_FIRES} updates, no full rescan, < ${TARGET_STORM_MS / 1000} s)`);
    if (s.stalls.length) console.log(`     stalls over 100 ms in the storm: ${s.stalls.join(', ')}`);
    console.log(`     second full scan (warm): ${(result.warmMs / 1000).toFixed(1)} s`);
  } finally {
    cleanup();
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
}

if (require.main === module) {
  main().catch((e) => line(false, `keys at scale: ${(e as Error).stack ?? e}`));
}
