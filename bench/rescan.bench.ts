// Issue #5's bar for keeping the Keys view current: rescanning one changed file takes under 5 ms — what a file
// watcher event or an edit costs: read the file, scan it, place its keys, replace its entry in a store that already
// holds a large workspace's keys, and rebuild the tree's grouping. Files of typical source size (~20 KB) and a large
// one (~250 KB), each with a planted key, written to disk and read back each time (warm cache).
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rng, keys } from '../src/core/secrets/samples';
import { keysIn, KeyStore } from '../src/core/secrets/store';
import { code, json, lock, markdown, pick, yaml } from './corpus';
import { measure, report } from './harness';

const TARGET_MS = 5;

function sourceFile(size: number, seed: string): string {
  const r = rng(seed);
  const parts: string[] = [];
  let n = 0;
  while (n < size) {
    const p = pick(r, [code, code, code, json, yaml, markdown, lock])(r);
    parts.push(p);
    n += p.length;
  }
  parts.splice(parts.length >> 1, 0, `const fallback = "${keys.anthropic('api03', seed)}";\n`);
  return parts.join('');
}

const dir = mkdtempSync(join(tmpdir(), 'keyless-rescan-'));
try {
  // a store holding a big workspace's keys: 2,000 files with two keys each
  const store = new KeyStore();
  const other = keysIn(`A=${keys.anthropic('api03', 'other')}\nB=${keys.github('ghp', 'other')}\n`, 'x', { path: '/w/.env' });
  for (let i = 0; i < 2000; i++) store.set(`file:///w/pkg${i}/.env`, { ...other, keys: other.keys.map((k) => ({ ...k, file: `file:///w/pkg${i}/.env` })) });
  for (const [label, size] of [['typical source file', 20_000], ['large source file', 250_000]] as const) {
    const file = join(dir, `${label.replace(/ /g, '-')}.ts`);
    writeFileSync(file, sourceFile(size, label));
    const uri = `file://${file}`;
    let found = 0;
    const r = measure(`rescan one changed file: ${label}, ${(statSync(file).size / 1000).toFixed(0)} KB (read + scan + store + tree grouping)`, () => {
      const text = new TextDecoder().decode(readFileSync(file));
      const fileKeys = keysIn(text, uri, { path: file });
      found = fileKeys.keys.length;
      store.set(uri, fileKeys);
      store.groups();
    }, { runs: 60 });
    if (found !== 1) {
      console.log(`FAIL ${label}: found ${found} keys, planted 1`);
      process.exitCode = 1;
    }
    report(r, TARGET_MS);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
