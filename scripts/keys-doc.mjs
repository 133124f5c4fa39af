// Regenerates docs/keys.md from the detectors (keysMarkdown in src/core/secrets/docs.ts): each detector's `doc` fields
// are the page's text. test/unit/secrets/docs.test.ts fails when the page is out of date.
import * as esbuild from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'keyless-keys-doc-'));
let page;
try {
  const outfile = join(dir, 'docs.cjs');
  await esbuild.build({ entryPoints: ['src/core/secrets/docs.ts'], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], logLevel: 'warning' });
  page = createRequire(import.meta.url)(outfile).keysMarkdown();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const file = 'docs/keys.md';
let before = '';
try {
  before = readFileSync(file, 'utf8');
} catch {
  // first run
}
if (page !== before) writeFileSync(file, page);
console.log(`${file} ${page === before ? 'unchanged' : 'updated'}`);
