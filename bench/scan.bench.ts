// Issue #5's bar for the static key scanner: at least 100 MB/s over source-like text (code, JSON, YAML, markdown,
// lock-file hashes, base64 images, a few planted keys), and a cost that stays linear on adversarial lines full of
// near-matches. Throughput is the best of several runs (a shared 2-core machine only ever slows a run down).
import { performance } from 'node:perf_hooks';
import { keys, rng, randomChars, ALPHABETS } from '../src/core/secrets/samples';
import { scanText } from '../src/core/secrets/scan';
import { code, image, json, lock, markdown, pick, yaml } from './corpus';

const TARGET_MB_S = 100;
const MB = 1e6; // characters (the corpus is ASCII, so bytes too)

/** About `size` characters of mixed source-like text, with a planted key every ~2 MB. */
function corpus(size: number): { text: string; planted: number } {
  const r = rng('corpus');
  const pool: string[] = [];
  for (let i = 0; i < 400; i++) pool.push(pick(r, [code, code, json, yaml, markdown, lock, lock])(r));
  for (let i = 0; i < 10; i++) pool.push(image(r));
  const plants = [() => `ANTHROPIC_API_KEY=${keys.anthropic('api03', String(r()))}\n`, () => `token = "${keys.github('ghp', String(r()))}"\n`, () => `aws_access_key_id = ${keys.awsKeyId('AKIA', String(r()))}\naws_secret_access_key = ${keys.awsSecret(String(r()))}\n`, () => `${keys.pem('RSA', String(r()))}\n`];
  const parts: string[] = [];
  let length = 0;
  let planted = 0;
  let nextPlant = 1e6;
  while (length < size) {
    const p = length >= nextPlant ? plants[planted++ % plants.length]!() : pick(r, pool);
    if (length >= nextPlant) nextPlant += 2e6;
    parts.push(p);
    length += p.length;
  }
  return { text: parts.join(''), planted };
}

/** Lines of `lineLength` characters made only of near-matches: every detector's keyword, none completing a key. */
function adversarial(size: number, lineLength: number): string {
  const r = rng('adversarial');
  const near = [
    () => `sk-ant-api03-${randomChars(ALPHABETS.base64url, 40, r)}`,
    () => `AKIA${randomChars(ALPHABETS.base32, 15, r)}`,
    () => `ghp_${randomChars(ALPHABETS.alnum, 36, r)}`,
    () => `eyJ${randomChars(ALPHABETS.base64url, 30, r)}.`,
    () => `xoxb-${randomChars(ALPHABETS.digits, 10, r)}-`,
    () => `abc1Q~${randomChars(ALPHABETS.alnum, 10, r)}`,
    () => `AIza${randomChars(ALPHABETS.base64url, 20, r)}`,
    () => `-----BEGIN PRIVATE KEY-----${randomChars(ALPHABETS.base64, 80, r)}`,
    () => `sk-proj-${randomChars(ALPHABETS.base64url, 30, r)}T3Bl${'bkFJ'}`,
    () => 'snowflake://user:',
    () => 'jdbc:snowflake://acct/?user=x&',
    () => 'SNOWFLAKE_PASSWORD=',
    () => `"private_key": "-----BEGIN PRIVATE KEY-----${randomChars(ALPHABETS.base64, 40, r)}`,
    () => 'aws_secret_access_key=',
    () => 'sk_live_',
  ];
  const lines: string[] = [];
  let total = 0;
  while (total < size) {
    const parts: string[] = [];
    let n = 0;
    while (n < lineLength) {
      const p = pick(r, near)();
      parts.push(p);
      n += p.length;
    }
    const line = parts.join('').slice(0, lineLength);
    lines.push(line);
    total += line.length + 1;
  }
  return lines.join('\n');
}

function throughput(name: string, text: string, runs = 5): number {
  scanText(text, 'src/corpus.ts'); // warm up
  let best = Infinity;
  let findings = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    findings = scanText(text, 'src/corpus.ts').length;
    best = Math.min(best, performance.now() - start);
  }
  const mbs = text.length / MB / (best / 1000);
  console.log(`info ${name}: ${(text.length / MB).toFixed(1)} MB in ${best.toFixed(0)} ms = ${mbs.toFixed(0)} MB/s (best of ${runs}, ${findings} findings)`);
  return mbs;
}

{
  const { text, planted } = corpus(50 * MB);
  const mbs = throughput(`scan source-like corpus (${planted} planted keys)`, text);
  const found = scanText(text, 'src/corpus.ts').length;
  if (found !== planted) {
    console.log(`FAIL planted ${planted} keys, found ${found}`);
    process.exitCode = 1;
  }
  const ok = mbs >= TARGET_MB_S;
  console.log(`${ok ? 'ok  ' : 'FAIL'} scanText throughput: ${mbs.toFixed(0)} MB/s (target: >= ${TARGET_MB_S} MB/s)`);
  if (!ok) process.exitCode = 1;

  // Adversarial: 1 MB lines full of near-matches (every detector's pattern runs over every line), at two sizes.
  const small = throughput('adversarial 1 MB lines of near-matches', adversarial(10 * MB, MB), 3);
  const large = throughput('  same, twice the text', adversarial(20 * MB, MB), 3);
  const shortLines = throughput('adversarial 200-character lines of near-matches', adversarial(10 * MB, 200), 3);
  const linear = large >= small * 0.6;
  console.log(`${linear ? 'ok  ' : 'FAIL'} adversarial cost is linear: ${small.toFixed(0)} MB/s at 10 MB, ${large.toFixed(0)} MB/s at 20 MB (short lines: ${shortLines.toFixed(0)} MB/s)`);
  if (!linear) process.exitCode = 1;
}
