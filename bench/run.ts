// Runs every benchmark in this folder (each is its own script) and fails when one misses its target.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

let failed = 0;
for (const f of readdirSync(__dirname).filter((n) => n.endsWith('.bench.js')).sort()) {
  try {
    process.stdout.write(execFileSync(process.execPath, ['--expose-gc', join(__dirname, f)], { encoding: 'utf8' }));
  } catch (e) {
    process.stdout.write((e as { stdout?: string }).stdout ?? '');
    process.stderr.write((e as { stderr?: string }).stderr ?? String(e));
    failed++;
  }
}
if (failed) {
  console.error(`${failed} benchmark(s) missed their target`);
  process.exitCode = 1;
}
