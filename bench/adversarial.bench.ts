// Issue #9's bar for the key scanner on hostile input: its cost stays linear in the size of the text on adversarial
// lines, whatever they are made of. Each kind of line is scanned at 1x, 4x and 16x its base size; the time per MB at
// 16x must be within 2x of the time per MB at 1x (a quadratic cost would be 16x). Timings are the best of several
// runs (a shared 2-core machine only ever slows a run down).
import { performance } from 'node:perf_hooks';
import { ALPHABETS, randomChars, rng } from '../src/core/secrets/samples';
import { scanText } from '../src/core/secrets/scan';

const MB = 1e6; // characters (the text is ASCII, so bytes too)
const BASE = 1 * MB;
const SCALES = [1, 4, 16] as const;
const TARGET_RATIO = 2;

/** Text of about `size` characters: `unit()` repeated, on lines of `lineLength` characters (0: one single line). */
function build(size: number, lineLength: number, unit: () => string): string {
  const parts: string[] = [];
  let total = 0;
  let line = 0;
  while (total < size) {
    const u = unit();
    parts.push(u);
    total += u.length;
    line += u.length;
    if (lineLength > 0 && line >= lineLength) {
      parts.push('\n');
      total++;
      line = 0;
    }
  }
  return parts.join('');
}

const r = rng('adversarial');
/** Each: what it is, its line length, and the piece repeated. Every piece is a near-match that completes no key. */
const KINDS: readonly (readonly [string, number, () => string])[] = [
  ['`sk-ant-` repeated, one line', 0, () => 'sk-ant-'],
  ['`sk-ant-api03-` with short bodies, 1 MB lines', MB, () => `sk-ant-api03-${randomChars(ALPHABETS.base64url, 20, r)} `],
  ['long base64-ish runs, one line', 0, () => randomChars(ALPHABETS.base64, 64, r)],
  ['base64url runs broken by dots (JWT-like), 64 KB lines', 64 * 1024, () => `eyJ${randomChars(ALPHABETS.base64url, 40, r)}.`],
  ['`=` repeated, one line', 0, () => '='.repeat(64)],
  ['`password=` repeated, 200-character lines', 200, () => 'password='],
  ['`AKIA` and base32 runs, one line', 0, () => `AKIA${randomChars(ALPHABETS.base32, 12, r)}`],
  ['PEM armour without a body, 1 MB lines', MB, () => '-----BEGIN PRIVATE KEY-----'],
  ['`snowflake://user:` repeated, one line', 0, () => 'snowflake://user:'],
  ['`aws_secret_access_key=` repeated, 4 KB lines', 4096, () => 'aws_secret_access_key= '],
];

function msPerMb(text: string, runs: number): number {
  scanText(text, 'src/bundle.js'); // warm up
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    scanText(text, 'src/bundle.js');
    best = Math.min(best, performance.now() - start);
  }
  return best / (text.length / MB);
}

for (const [name, lineLength, unit] of KINDS) {
  const perMb = SCALES.map((k) => msPerMb(build(BASE * k, lineLength, unit), k === 16 ? 3 : 5));
  const ratio = perMb[2]! / Math.max(perMb[0]!, 0.01);
  const ok = ratio <= TARGET_RATIO;
  console.log(`${ok ? 'ok  ' : 'FAIL'} adversarial scan, ${name}: ${perMb.map((m, i) => `${m.toFixed(1)} ms/MB at ${SCALES[i]}x`).join(', ')} (16x/1x = ${ratio.toFixed(2)}, target <= ${TARGET_RATIO})`);
  if (!ok) process.exitCode = 1;
}
