// Builds the bundles with esbuild. `--tests` also builds the unit tests and benchmarks into out/.
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

const version = JSON.parse(readFileSync('package.json', 'utf8')).version;

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

// mainFields: prefer ES modules (jsonc-parser's UMD build has requires esbuild cannot follow)
const common = { define: { KEYLESS_VERSION: JSON.stringify(version) }, mainFields: ['module', 'main'], bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: !production, logLevel: 'warning', legalComments: 'none' };

if (args.has('--tests')) {
  // KEYLESS_OUT and --filter=<substring> let several people build subsets of the tests side by side
  const outdir = process.env.KEYLESS_OUT || 'out';
  const filter = [...args].find((a) => a.startsWith('--filter='))?.slice('--filter='.length);
  rmSync(outdir, { recursive: true, force: true });
  // bench/vscode/: the halves of benchmarks that run inside VS Code (built like the integration tests, below)
  const inEditor = (p) => p.startsWith(join('bench', 'vscode'));
  const entryPoints = [...walk('test/unit', (p) => p.endsWith('.test.ts')), ...walk('bench', (p) => p.endsWith('.ts') && !inEditor(p))]
    .filter((p) => !filter || p.includes(filter));
  await esbuild.build({ ...common, define: { ...common.define, KEYLESS_PACKAGE_ROOT: JSON.stringify(process.cwd()) }, entryPoints, outdir, outbase: '.', sourcemap: 'inline' }); // dependencies bundled: out dirs may live outside the project
  // integration tests run inside VS Code: `vscode` (and mocha's globals) come from there
  const integration = [...walk('test/integration', (p) => p.endsWith('.test.ts')), ...walk('bench', (p) => p.endsWith('.ts') && inEditor(p))].filter((p) => !filter || p.includes(filter));
  if (integration.length) await esbuild.build({ ...common, entryPoints: integration, outdir, outbase: '.', external: ['vscode'], sourcemap: 'inline' });
} else {
  await esbuild.build({ ...common, entryPoints: { cli: 'src/cli/bin.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' }, minify: production });
  chmodSync('dist/cli.js', 0o755);
  // the scan threads of `keyless scan` (src/cli/scan-files.ts looks for it next to cli.js)
  await esbuild.build({ ...common, entryPoints: { 'scan-worker': 'src/cli/scan-worker.ts' }, outdir: 'dist', minify: production });
  // the extension: one bundle (keyless.js), `vscode` provided by the editor, and the entry point that loads it through
  // V8's code cache (extension.js, src/loader.ts); the key scan is a bundle of its own (keys.js), loaded after the
  // checker's first diagnostics
  await esbuild.build({ ...common, entryPoints: { keyless: 'src/extension.ts', extension: 'src/loader.ts', keys: 'src/vscode/keys/index.ts' }, outdir: 'dist', external: ['vscode'], minify: production });
  // the rule designer's panel (with the simulator, CEL and jose): required when the designer first opens
  await esbuild.build({ ...common, entryPoints: { designer: 'src/vscode/designer/panel.ts' }, outdir: 'dist', external: ['vscode'], minify: production });
  // the course's host side (the scheduler, and the checker that grades exercises): required when the course first opens
  await esbuild.build({ ...common, entryPoints: { 'course-panel': 'src/vscode/course/host.ts' }, outdir: 'dist', external: ['vscode'], minify: production });
  // the webview pages: browser bundles with their stylesheets, loaded only by their panels (localResourceRoots)
  await esbuild.build({ entryPoints: { designer: 'src/webview/designer/page/main.ts' }, bundle: true, platform: 'browser', format: 'iife', target: 'chrome120', outdir: 'dist/webview', minify: true, sourcemap: false, logLevel: 'warning', legalComments: 'none' });
  await esbuild.build({ entryPoints: { designer: 'src/webview/designer/page/designer.css' }, bundle: true, outdir: 'dist/webview', minify: true, logLevel: 'warning' });
  await esbuild.build({ entryPoints: { course: 'src/webview/course/page/main.ts' }, bundle: true, platform: 'browser', format: 'iife', target: 'chrome120', outdir: 'dist/webview', minify: true, sourcemap: false, logLevel: 'warning', legalComments: 'none' });
  await esbuild.build({ entryPoints: { course: 'src/webview/course/page/course.css' }, bundle: true, outdir: 'dist/webview', minify: true, logLevel: 'warning' });
  // the course: lessons/*.yaml -> dist/course.json, lessons/diagrams/ -> dist/course/diagrams/ (a lesson error fails)
  await (await import('./course.mjs')).buildCourse();
}
