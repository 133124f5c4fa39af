// Builds the bundles with esbuild. `--tests` also builds the unit tests and benchmarks into out/.
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync, chmodSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');

function walk(dir, pred, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, pred, out);
    else if (pred(p)) out.push(p);
  }
  return out;
}

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: !production, logLevel: 'warning', legalComments: 'none' };

if (args.has('--tests')) {
  rmSync('out', { recursive: true, force: true });
  const entryPoints = [...walk('test/unit', (p) => p.endsWith('.test.ts')), ...walk('bench', (p) => p.endsWith('.ts'))];
  // node_modules stay external: tests load the same packages the bundle would include
  await esbuild.build({ ...common, entryPoints, outdir: 'out', outbase: '.', packages: 'external', sourcemap: 'inline' });
} else {
  await esbuild.build({ ...common, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' }, minify: production });
  chmodSync('dist/cli.js', 0o755);
}
