// Regenerates the rule table in README.md (between the rules:start/end markers) from the built CLI.
// test/unit/meta/readme.test.ts fails when the README is out of date.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const table = execFileSync(process.execPath, ['dist/cli.js', 'rules', '--format', 'markdown'], { encoding: 'utf8' }).trimEnd();
const readme = readFileSync('README.md', 'utf8');
const next = readme.replace(/(<!-- rules:start -->\n)[\s\S]*?(<!-- rules:end -->)/, `$1${table}\n$2`);
if (next !== readme) writeFileSync('README.md', next);
console.log(`README rule table ${next === readme ? 'unchanged' : 'updated'}`);
