// Compiles the course: lessons/*.yaml -> dist/course.json and lessons/diagrams/ -> dist/course/diagrams/.
// The compiler is TypeScript (src/node/course.ts): bundled with esbuild into a temporary file and run from there.
// `node scripts/course.mjs [--out=<dir>]`; scripts/build.mjs calls buildCourse() after the bundles. A lesson error
// prints every error as file:line:column and fails (exit code 1) without writing anything.
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export async function buildCourse({ lessonsDir = 'lessons', outDir = 'dist' } = {}) {
  const tmp = mkdtempSync(join(tmpdir(), 'keyless-course-'));
  try {
    const bundle = join(tmp, 'course-build.cjs');
    await esbuild.build({ entryPoints: ['src/node/course.ts'], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], logLevel: 'warning' });
    const result = createRequire(import.meta.url)(bundle).buildCourse(lessonsDir, outDir);
    if (result.errors.length) {
      for (const e of result.errors) console.error(e);
      console.error(`course: ${result.errors.length} error${result.errors.length === 1 ? '' : 's'} in ${lessonsDir}/; ${join(outDir, 'course.json')} was not written`);
      process.exitCode = 1;
      return false;
    }
    console.log(`course: ${result.lessons} lessons, ${result.questions} questions -> ${join(outDir, 'course.json')}`);
    return true;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = process.argv.slice(2).find((a) => a.startsWith('--out='))?.slice('--out='.length);
  await buildCourse(out ? { outDir: out } : {});
}
