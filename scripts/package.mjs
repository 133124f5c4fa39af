// npm run package: a production build, then the .vsix with @vscode/vsce. Before packaging, the list of files vsce
// would include is checked against what the extension needs at run time (.vscodeignore names them): a missing
// runtime file or a stray source, test, map or key-shaped file fails the script.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';

const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...opts });
const { name, version } = JSON.parse(readFileSync('package.json', 'utf8'));

run(process.execPath, ['scripts/build.mjs', '--production'], { stdio: 'inherit' });

const vsce = ['node_modules/@vscode/vsce/vsce'];
const files = run(process.execPath, [...vsce, 'ls', '--no-dependencies']).split('\n').map((l) => l.trim()).filter(Boolean);
const required = ['package.json', 'CHANGELOG.md', 'LICENSE', 'dist/extension.js', 'dist/keyless.js', 'dist/keys.js', 'dist/designer.js', 'dist/course.json', 'dist/webview/designer.js', 'dist/webview/designer.css', 'dist/course-panel.js', 'dist/webview/course.js', 'dist/webview/course.css', 'media/walkthrough/take-lesson.md', 'media/keyless.svg', 'media/icon.png', 'docs/keys.md'];
const missing = required.filter((f) => !files.includes(f));
const stray = files.filter((f) => /(^|\/)(src|test|bench|lessons|demo|tools|scripts|node_modules|out)\//.test(f) || /\.(map|ts)$/.test(f) || f === 'dist/cli.js');
if (missing.length || stray.length) {
  console.error(`package: ${missing.length ? `missing ${missing.join(', ')}` : ''}${stray.length ? ` stray ${stray.join(', ')}` : ''}`);
  process.exit(1);
}
// the packaged files must hold no key: the product's own scan over exactly what ships
const scan = execFileSync(process.execPath, ['dist/cli.js', 'scan', '--format', 'json', '--fail-on', 'never', ...files], { encoding: 'utf8' });
const found = JSON.parse(scan).keys;
if (found.length) {
  console.error(`package: ${found.length} key-shaped values in the packaged files`);
  process.exit(1);
}
// the Marketplace shows README.md without the repository around it: links to files in the repository become
// plain text there (vsce refuses relative links without a repository URL, and Keyless names none it does not have)
mkdirSync('out/package', { recursive: true });
const readme = readFileSync('README.md', 'utf8').replace(/(!?)\[([^\]]*)\]\((?![a-z]+:|#)([^)]*)\)/g, (m, image, text) => (image ? '' : text));
writeFileSync('out/package/README.md', readme);
const out = `${name}-${version}.vsix`;
run(process.execPath, [...vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--readme-path', 'out/package/README.md', '--out', out], { stdio: 'inherit' });
console.log(`${out}: ${files.length} files, ${(statSync(out).size / 1024).toFixed(0)} KB`);
