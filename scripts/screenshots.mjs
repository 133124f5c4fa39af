// npm run screenshots: the end-to-end tests take a screenshot at each step (out/screenshots/); this copies the ones
// the README shows to media/screenshots/, where they are committed. Run after `npm run test:e2e`.
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const from = join('out', 'screenshots');
const to = join('media', 'screenshots');
if (!existsSync(from)) {
  console.error('No screenshots in out/screenshots: run `npm run test:e2e` first.');
  process.exit(1);
}
mkdirSync(to, { recursive: true });
const shots = readdirSync(from).filter((f) => /^\d+-[a-z-]+\.png$/.test(f));
for (const f of shots) copyFileSync(join(from, f), join(to, f));
console.log(`Copied ${shots.length} screenshots to ${to}: ${shots.join(', ')}`);
