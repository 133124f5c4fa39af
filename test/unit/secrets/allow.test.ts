// "Mark as reviewed": allowCommentEdit adds one `keyless:allow` comment in the file's own comment syntax, after the
// key's line when that is safe and above it otherwise, or offers nothing. Every case checks the exact text, that the
// scan then reports the key suppressed, and (YAML, JSONC, dotenv, Dockerfile, JavaScript) that the file still reads
// the same. Keys are generated at test time; texts are compared with the key replaced by <KEY>, so no failure
// message shows a key.
import assert from 'node:assert/strict';
import * as vm from 'node:vm';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import type { Span } from '../../../src/core/model';
import { parseStructured } from '../../../src/core/parse';
import { allowCommentEdit, allowCommentText } from '../../../src/core/secrets/allow';
import { keys } from '../../../src/core/secrets/samples';
import { scanText } from '../../../src/core/secrets/scan';
import type { SecretFinding } from '../../../src/core/secrets/types';
import { applyEdits, LineIndex } from '../../../src/core/text';
import type { Node } from '../../../src/core/tree';
import { parseDockerfile } from '../../../src/core/workload/dockerfile';
import { parseDotenv } from '../../../src/core/workload/dotenv';

const KEY = keys.anthropic('api03', 'allow');
const KEY2 = keys.github('ghp', 'allow');
const PEM = keys.pem('RSA', 'allow');

const fill = (t: string): string => t.replaceAll('<KEY>', KEY).replaceAll('<KEY2>', KEY2).replaceAll('<PEM>', PEM);
const unfill = (t: string): string => t.replaceAll(KEY, '<KEY>').replaceAll(KEY2, '<KEY2>').replaceAll(PEM, '<PEM>');
const spanIn = (text: string, key: string): Span => {
  const start = text.indexOf(key);
  assert.ok(start >= 0, 'the key is in the text');
  return { start, end: start + key.length };
};
const findingAt = (fs: readonly SecretFinding[], at: number): SecretFinding | undefined => fs.find((f) => f.span.start === at);

/** Apply "Mark as reviewed" to the key (`<KEY>` unless told) and return the text with keys as placeholders. */
function allow(path: string, template: string, opts: { key?: string; languageId?: string } = {}): string | undefined {
  const text = fill(template);
  const key = fill(opts.key ?? '<KEY>');
  const span = spanIn(text, key);
  const found = findingAt(scanText(text, path), span.start);
  assert.ok(found && !found.suppressed, `${path}: the key is reported before`);
  const edits = allowCommentEdit(text, path, span, opts.languageId);
  if (!edits) return undefined;
  assert.equal(edits.length, 1, 'one insertion');
  assert.equal(edits[0]!.span.start, edits[0]!.span.end, 'an insertion, nothing replaced');
  const after = applyEdits(text, edits);
  const moved = after.indexOf(key);
  assert.equal(findingAt(scanText(after, path), moved)?.suppressed, 'inline', `${path}: the key is suppressed after`);
  return unfill(after);
}

/** Plain data of a parsed YAML/JSON document (no spans). */
function data(text: string): unknown {
  const p = parseStructured(text);
  assert.deepEqual(p.problems.map((x) => x.code), [], 'parses without problems');
  const plain = (n: Node | null | undefined): unknown =>
    !n ? null : n.kind === 'scalar' ? n.value : n.kind === 'map' ? n.pairs.map((x) => [x.key.value, plain(x.value)]) : n.kind === 'seq' ? n.items.map(plain) : '*';
  return p.documents.map((d) => plain(d.root));
}
const sameYaml = (before: string, after: string): void => assert.deepEqual(data(fill(after)), data(fill(before)), 'same YAML data');
function jsonc(text: string): unknown {
  const errors: ParseError[] = [];
  const v = parseJsonc(fill(text), errors, { allowTrailingComma: true, disallowComments: false });
  assert.deepEqual(errors, [], 'parses as JSONC');
  return v;
}
const envVars = (text: string): string[][] => parseDotenv(fill(text)).entries.map((e) => [e.name, e.value]);
const dockerArgs = (text: string): string[] => parseDockerfile(fill(text)).instructions.map((i) => `${i.keyword} ${i.args}`);
/** Run plain JavaScript (no effects: only `var` declarations) and read back its variables. */
const jsValues = (text: string): Record<string, unknown> => {
  const ctx: Record<string, unknown> = {};
  vm.runInNewContext(fill(text), ctx, { timeout: 1000 });
  return JSON.parse(JSON.stringify(ctx)) as Record<string, unknown>;
};

describe('allowCommentEdit: YAML', () => {
  it('appends the comment to the key line', () => {
    const before = 'anthropic:\n  apiKey: <KEY>\n  model: claude\n';
    const after = allow('config.yaml', before)!;
    assert.equal(after, 'anthropic:\n  apiKey: <KEY>  # keyless:allow\n  model: claude\n');
    sameYaml(before, after);
  });

  it('after an existing comment, and after a quoted value', () => {
    const before = 'env:\n  ANTHROPIC_API_KEY: "<KEY>" # prod\n';
    const after = allow('.github/workflows/ci.yml', before)!;
    assert.equal(after, 'env:\n  ANTHROPIC_API_KEY: "<KEY>" # prod  # keyless:allow\n');
    sameYaml(before, after);
  });

  it('a trailing comment covers its own line only: the key on the next line stays reported', () => {
    const before = 'a: <KEY>\nb: <KEY2>\n';
    const after = allow('keys.yml', before)!;
    assert.equal(after, 'a: <KEY>  # keyless:allow\nb: <KEY2>\n');
    const text = fill(after);
    assert.equal(findingAt(scanText(text, 'keys.yml'), text.indexOf(KEY2))?.suppressed, undefined);
  });

  it('goes above when the value is a plain scalar that goes on over the next line', () => {
    const before = 'list:\n  - <KEY>\n    more words\n';
    const after = allow('notes.yaml', before)!;
    assert.equal(after, 'list:\n  # keyless:allow\n  - <KEY>\n    more words\n');
    sameYaml(before, after);
  });

  it('trails the last line of a plain scalar over lines', () => {
    const before = 'note: first words\n  <KEY>\nnext: 1\n';
    const after = allow('notes.yaml', before)!;
    assert.equal(after, 'note: first words\n  <KEY>  # keyless:allow\nnext: 1\n');
    sameYaml(before, after);
  });

  it('goes above a double-quoted scalar that goes on, and trails where it closes', () => {
    const opens = 'note: "<KEY>\n  still the string"\n';
    const a = allow('notes.yaml', opens)!;
    assert.equal(a, '# keyless:allow\nnote: "<KEY>\n  still the string"\n');
    sameYaml(opens, a);
    const closes = 'note: "the string\n  <KEY>"\n';
    const b = allow('notes.yaml', closes)!;
    assert.equal(b, 'note: "the string\n  <KEY>"  # keyless:allow\n');
    sameYaml(closes, b);
  });

  it('on the header of a block scalar whose first line holds the key; nothing deeper inside (a comment there is content)', () => {
    const run = 'jobs:\n  a:\n    steps:\n      - run: |\n          export ANTHROPIC_API_KEY=<KEY>\n          make\n';
    const after = allow('.github/workflows/ci.yml', run)!;
    assert.equal(after, 'jobs:\n  a:\n    steps:\n      - run: |  # keyless:allow\n          export ANTHROPIC_API_KEY=<KEY>\n          make\n');
    sameYaml(run, after);
    const pem = keys.pem('RSA', 'allow', { indent: '  ' });
    assert.equal(allow('k8s/secret.yaml', `key: |-\n  ${pem}\n`, { key: pem }), 'key: |-  # keyless:allow\n  <PEM>\n'.replace('<PEM>', unfill(pem)));
    assert.equal(allow('a.yaml', 'note: > # folded\n  <KEY>\n'), 'note: > # folded  # keyless:allow\n  <KEY>\n');
    assert.equal(allow('.github/workflows/ci.yml', 'steps:\n  - run: |\n      make\n      export ANTHROPIC_API_KEY=<KEY>\n'), undefined);
  });

  it('keeps CRLF line ends', () => {
    assert.equal(allow('a.yaml', 'a: 1\r\nb: <KEY>\r\nc: 2\r\n'), 'a: 1\r\nb: <KEY>  # keyless:allow\r\nc: 2\r\n');
    assert.equal(allow('a.yaml', 'a:\r\n  - <KEY>\r\n    more\r\n'), 'a:\r\n  # keyless:allow\r\n  - <KEY>\r\n    more\r\n');
  });

  it('flow collections, sequences, and templated YAML that does not parse', () => {
    const flow = 'keys: [<KEY>, other]\n';
    const after = allow('a.yaml', flow)!;
    assert.equal(after, 'keys: [<KEY>, other]  # keyless:allow\n');
    sameYaml(flow, after);
    assert.equal(allow('templates/secret.yaml', '{{- if .Values.enabled }}\napiKey: <KEY>\n{{- end }}\n'), '{{- if .Values.enabled }}\napiKey: <KEY>  # keyless:allow\n{{- end }}\n');
  });
});

describe('allowCommentEdit: dotenv', () => {
  it('puts a whole comment line above (docker --env-file reads everything after = as the value)', () => {
    const before = 'ANTHROPIC_MODEL=claude\nANTHROPIC_API_KEY=<KEY>\n';
    const after = allow('.env', before)!;
    assert.equal(after, 'ANTHROPIC_MODEL=claude\n# keyless:allow\nANTHROPIC_API_KEY=<KEY>\n');
    assert.deepEqual(envVars(after), envVars(before));
    assert.equal(allow('deploy/.env.production', 'export ANTHROPIC_API_KEY="<KEY>"\r\n'), '# keyless:allow\r\nexport ANTHROPIC_API_KEY="<KEY>"\r\n');
  });

  it('above the first line of a quoted value over lines; nothing for a key inside one', () => {
    const before = 'A=1\nPRIVATE_KEY="<PEM>"\n';
    const after = allow('.env', before, { key: '<PEM>' })!;
    assert.equal(after, 'A=1\n# keyless:allow\nPRIVATE_KEY="<PEM>"\n');
    assert.deepEqual(envVars(after), envVars(before));
    assert.equal(allow('.env', 'NOTE="first line\n<KEY>\nlast"\n'), undefined);
  });

  it('after the byte order mark', () => {
    assert.equal(allow('.env', '\uFEFFANTHROPIC_API_KEY=<KEY>\n'), '\uFEFF# keyless:allow\nANTHROPIC_API_KEY=<KEY>\n');
  });
});

describe('allowCommentEdit: Dockerfile', () => {
  it('above the instruction (a # in the middle of a line is no comment to Docker)', () => {
    const before = 'FROM node:20\nENV ANTHROPIC_API_KEY=<KEY>\n';
    const after = allow('Dockerfile', before)!;
    assert.equal(after, 'FROM node:20\n# keyless:allow\nENV ANTHROPIC_API_KEY=<KEY>\n');
    assert.deepEqual(dockerArgs(after), dockerArgs(before));
  });

  it('inside a continuation (the builder drops comment lines there)', () => {
    const before = 'FROM alpine\nRUN curl https://api.anthropic.com/v1/models \\\n    -H "x-api-key: <KEY>"\n';
    const after = allow('build/Dockerfile.ci', before)!;
    assert.equal(after, 'FROM alpine\nRUN curl https://api.anthropic.com/v1/models \\\n    # keyless:allow\n    -H "x-api-key: <KEY>"\n');
    assert.deepEqual(dockerArgs(after), dockerArgs(before));
  });

  it('nothing inside a heredoc body', () => {
    assert.equal(allow('Dockerfile', 'FROM alpine\nRUN <<EOF\nexport ANTHROPIC_API_KEY=<KEY>\nEOF\n'), undefined);
  });
});

describe('allowCommentEdit: # languages', () => {
  it('shell: trailing; above when the line continues; nothing in heredocs and strings over lines', () => {
    assert.equal(allow('deploy.sh', 'export ANTHROPIC_API_KEY=<KEY>\necho ok\n'), 'export ANTHROPIC_API_KEY=<KEY>  # keyless:allow\necho ok\n');
    assert.equal(allow('deploy.sh', 'curl -H "x-api-key: <KEY>" \\\n  https://api.anthropic.com\n'), '# keyless:allow\ncurl -H "x-api-key: <KEY>" \\\n  https://api.anthropic.com\n');
    assert.equal(allow('deploy.sh', 'curl https://api.anthropic.com \\\n  -H "x-api-key: <KEY>"\n'), 'curl https://api.anthropic.com \\\n  -H "x-api-key: <KEY>"  # keyless:allow\n');
    assert.equal(allow('deploy.sh', 'cat > .env <<EOF\nANTHROPIC_API_KEY=<KEY>\nEOF\n'), undefined);
    assert.equal(allow('deploy.sh', "echo 'one\n<KEY>\nthree'\n"), undefined);
    assert.equal(allow('.envrc', 'export ANTHROPIC_API_KEY=<KEY>\n'), 'export ANTHROPIC_API_KEY=<KEY>  # keyless:allow\n');
    assert.equal(allow('bin/deploy', '#!/usr/bin/env bash\nexport ANTHROPIC_API_KEY=<KEY>\n'), '#!/usr/bin/env bash\nexport ANTHROPIC_API_KEY=<KEY>  # keyless:allow\n');
  });

  it('Python: trailing, after a triple-quoted string closes, above a continued line; nothing inside one', () => {
    assert.equal(allow('app.py', 'client = anthropic.Anthropic(api_key="<KEY>")\n'), 'client = anthropic.Anthropic(api_key="<KEY>")  # keyless:allow\n');
    assert.equal(allow('keys.py', 'KEY = """<PEM>"""\n', { key: '<PEM>' }), 'KEY = """<PEM>"""  # keyless:allow\n');
    assert.equal(allow('app.py', 'x = "<KEY>" \\\n    + "y"\n'), '# keyless:allow\nx = "<KEY>" \\\n    + "y"\n');
    assert.equal(allow('app.py', 'PROMPT = """\nkey <KEY>\n"""\n'), undefined);
  });

  it('Ruby, Perl, R, TOML, Terraform', () => {
    assert.equal(allow('config/initializers/ai.rb', 'API_KEY = "<KEY>"\n'), 'API_KEY = "<KEY>"  # keyless:allow\n');
    assert.equal(allow('lib/ai.rb', 'body = <<~JSON\n  {"key": "<KEY>"}\nJSON\n'), undefined);
    assert.equal(allow('ai.pl', 'my $key = "<KEY>";\n'), 'my $key = "<KEY>";  # keyless:allow\n');
    assert.equal(allow('ai.R', 'Sys.setenv(ANTHROPIC_API_KEY = "<KEY>")\n'), 'Sys.setenv(ANTHROPIC_API_KEY = "<KEY>")  # keyless:allow\n');
    assert.equal(allow('settings.toml', '[ai]\napi_key = "<KEY>"\n'), '[ai]\napi_key = "<KEY>"  # keyless:allow\n');
    assert.equal(allow('settings.toml', 'notes = """\n<KEY>\n"""\n'), undefined);
    assert.equal(allow('main.tf', 'variable "k" {\n  default = "<KEY>"\n}\n'), 'variable "k" {\n  default = "<KEY>"  # keyless:allow\n}\n');
    assert.equal(allow('main.tf', 'locals {\n  k = <<EOT\n<KEY>\nEOT\n}\n'), undefined);
  });

  it('make, properties and ini take the comment above (a trailing one would join the value)', () => {
    assert.equal(allow('Makefile', 'API_KEY := <KEY>\n'), '# keyless:allow\nAPI_KEY := <KEY>\n');
    assert.equal(allow('Makefile', 'define SETUP\nexport ANTHROPIC_API_KEY=<KEY>\nendef\n'), undefined);
    assert.equal(allow('src/main/resources/application.properties', 'ai.key=<KEY>\n'), '# keyless:allow\nai.key=<KEY>\n');
    assert.equal(allow('app.properties', 'ai.keys=first,\\\n  <KEY>\n'), undefined);
    assert.equal(allow('settings.ini', '[ai]\nkey = <KEY>\n'), '[ai]\n; keyless:allow\nkey = <KEY>\n');
  });
});

describe('allowCommentEdit: // languages', () => {
  it('JavaScript and TypeScript: trailing (also mid-expression); nothing in template literals and block comments', () => {
    assert.equal(allow('src/ai.ts', "const key = '<KEY>';\n"), "const key = '<KEY>';  // keyless:allow\n");
    assert.equal(allow('src/ai.mjs', "const re = /\"/;\nconst key = '<KEY>';\n"), "const re = /\"/;\nconst key = '<KEY>';  // keyless:allow\n");
    assert.equal(allow('src/ai.js', "const a = '<KEY>' +\n  '<KEY2>';\n"), "const a = '<KEY>' +  // keyless:allow\n  '<KEY2>';\n");
    assert.equal(allow('src/ai.ts', 'const t = `\n<KEY>\n`;\n'), undefined);
    assert.equal(allow('src/ai.ts', '/* old key:\n<KEY>\n*/\n'), undefined);
  });

  it('JSX: a // comment among markup would be text', () => {
    assert.equal(allow('src/App.tsx', 'export const KEY = "<KEY>";\n'), 'export const KEY = "<KEY>";  // keyless:allow\n');
    assert.equal(allow('src/App.tsx', 'return (\n  <Provider apiKey="<KEY>">\n    <App />\n  </Provider>\n);\n'), undefined);
  });

  it('Go, Java, Kotlin, C, C#, Rust, Swift, Scala, Dart, Groovy, PHP', () => {
    const cases: [string, string][] = [
      ['main.go', 'const apiKey = "<KEY>"\n'],
      ['Ai.java', 'String key = "<KEY>";\n'],
      ['Ai.kt', 'val key = "<KEY>"\n'],
      ['ai.c', 'const char *key = "<KEY>";\n'],
      ['Ai.cs', 'var key = @"<KEY>";\n'],
      ['ai.rs', "fn f<'a>(x: &'a str) {}\nlet key = \"<KEY>\";\n"],
      ['Ai.swift', 'let key = "<KEY>"\n'],
      ['Ai.scala', 'val key = "<KEY>"\n'],
      ['ai.dart', "final key = '<KEY>';\n"],
      ['build.gradle', "def key = '<KEY>'\n"],
      ['ai.php', "<?php\n$key = '<KEY>';\n"],
    ];
    for (const [path, before] of cases) assert.equal(allow(path, before), before.replace(/\n$/, '  // keyless:allow\n'), path);
    assert.equal(allow('main.go', 'const k = `\n<KEY>\n`\n'), undefined);
    assert.equal(allow('ai.rs', 'let k = "\n<KEY>\n";\n'), undefined);
    assert.equal(allow('Ai.java', 'String k = """\n<KEY>\n""";\n'), undefined);
    assert.equal(allow('ai.cpp', 'auto k = R"x(\n<KEY>\n)x";\n'), undefined);
    assert.equal(allow('page.php', '<p>\n<KEY>\n</p>\n'), undefined);
  });

  it('JSONC by path or language id, and the result parses to the same value; plain JSON gets nothing', () => {
    const before = '{\n  "anthropic.apiKey": "<KEY>",\n  "editor.tabSize": 2\n}\n';
    const after = allow('.vscode/settings.json', before)!;
    assert.equal(after, '{\n  "anthropic.apiKey": "<KEY>",  // keyless:allow\n  "editor.tabSize": 2\n}\n');
    assert.deepEqual(jsonc(after), jsonc(before));
    assert.equal(allow('Code/User/settings.json', before, { languageId: 'jsonc' }), after);
    assert.equal(allow('.devcontainer/devcontainer.json', before), after);
    assert.equal(allow('tsconfig.base.json', before), after);
    assert.equal(allow('config/settings.json', before), undefined);
    assert.equal(allow('.vscode/settings.json', before, { languageId: 'json' }), undefined);
  });
});

describe('allowCommentEdit: -- languages, CSS, markup', () => {
  it('SQL, Lua, Haskell', () => {
    assert.equal(allow('setup.sql', "SET api_key = '<KEY>';\n"), "SET api_key = '<KEY>';  -- keyless:allow\n");
    assert.equal(allow('setup.sql', "SELECT 'first\n<KEY>\nlast';\n"), undefined);
    assert.equal(allow('setup.sql', "CREATE FUNCTION f() AS $$\n<KEY>\n$$;\n"), undefined);
    assert.equal(allow('init.lua', 'local key = "<KEY>"\n'), 'local key = "<KEY>"  -- keyless:allow\n');
    assert.equal(allow('init.lua', 'local s = [[\n<KEY>\n]]\n'), undefined);
    assert.equal(allow('Main.hs', 'key = "<KEY>"\n'), 'key = "<KEY>"  -- keyless:allow\n');
  });

  it('CSS gets a block comment', () => {
    assert.equal(allow('theme.css', ':root { --key: "<KEY>"; }\n'), ':root { --key: "<KEY>"; }  /* keyless:allow */\n');
  });

  it('Markdown: an HTML comment in prose; fenced code and front matter in their own language', () => {
    assert.equal(allow('README.md', 'Use this key: <KEY>\n'), 'Use this key: <KEY>  <!-- keyless:allow -->\n');
    assert.equal(allow('README.md', 'Key: `<KEY>`  \nnext\n'), 'Key: `<KEY>`  <!-- keyless:allow -->  \nnext\n');
    assert.equal(allow('README.md', '# Setup\n\n```yaml\napiKey: <KEY>\n```\n'), '# Setup\n\n```yaml\napiKey: <KEY>  # keyless:allow\n```\n');
    assert.equal(allow('README.md', '```bash\nexport ANTHROPIC_API_KEY=<KEY>\n```\n'), '```bash\nexport ANTHROPIC_API_KEY=<KEY>  # keyless:allow\n```\n');
    assert.equal(allow('docs/setup.md', '---\ntitle: x\nkey: <KEY>\n---\n# Title\n'), '---\ntitle: x\nkey: <KEY>  # keyless:allow\n---\n# Title\n');
    assert.equal(allow('README.md', '```\n<KEY>\n```\n'), undefined);
    assert.equal(allow('README.md', '```json\n{"key": "<KEY>"}\n```\n'), undefined);
    assert.equal(allow('README.md', 'Text\n\n    <KEY>\n'), undefined);
    assert.equal(allow('README.md', 'see `the\n<KEY>` here\n'), undefined);
  });

  it('HTML: between tags; scripts in JavaScript; XML only between elements', () => {
    assert.equal(allow('index.html', '<meta name="k" content="<KEY>">\n'), '<meta name="k" content="<KEY>">  <!-- keyless:allow -->\n');
    assert.equal(allow('index.html', '<script>\n  const k = "<KEY>";\n</script>\n'), '<script>\n  const k = "<KEY>";  // keyless:allow\n</script>\n');
    assert.equal(allow('index.html', '<textarea>\n<KEY>\n</textarea>\n'), undefined);
    assert.equal(allow('web.config', '<appSettings>\n  <add key="k" value="<KEY>" />\n</appSettings>\n'), '<appSettings>\n  <add key="k" value="<KEY>" />  <!-- keyless:allow -->\n</appSettings>\n');
    assert.equal(allow('app.xml', '<key>\n  <KEY>\n</key>\n'), undefined);
    assert.equal(allow('app.xml', '<add value="<KEY>"\n  key="k" />\n'), '<!-- keyless:allow -->\n<add value="<KEY>"\n  key="k" />\n');
    assert.equal(allow('app.xml', '<add key="k"\n  value="<KEY>"\n/>\n'), undefined);
  });
});

describe('allowCommentEdit: what it refuses', () => {
  it('formats without comments, unknown types', () => {
    assert.equal(allow('config.json', '{"key": "<KEY>"}\n'), undefined);
    assert.equal(allow('notes.txt', 'key <KEY>\n'), undefined);
    assert.equal(allow('id_rsa', '<PEM>\n', { key: '<PEM>' }), undefined);
    assert.equal(allowCommentText('config.json'), undefined);
    assert.equal(allowCommentText('notes.txt'), undefined);
    assert.equal(allowCommentText('a.yaml'), '# keyless:allow');
    assert.equal(allowCommentText('x', 'sql'), '-- keyless:allow');
  });

  it('nothing to do when a comment already covers the key; nothing for a bad span', () => {
    const text = fill('ANTHROPIC_API_KEY=<KEY>  # gitleaks:allow\n');
    assert.deepEqual(allowCommentEdit(text, 'x.sh', spanIn(text, KEY)), []);
    assert.equal(allowCommentEdit(text, 'x.sh', { start: 5, end: 5 }), undefined);
    assert.equal(allowCommentEdit(text, 'x.sh', { start: 0, end: text.length + 1 }), undefined);
  });

  it('the language id wins over the path', () => {
    assert.equal(allow('notes.txt', 'export ANTHROPIC_API_KEY=<KEY>\n', { languageId: 'shellscript' }), 'export ANTHROPIC_API_KEY=<KEY>  # keyless:allow\n');
    assert.equal(allow('a.yaml', 'k: <KEY>\n', { languageId: 'plaintext' }), 'k: <KEY>  # keyless:allow\n');
  });
});

// ---- property: random documents with keys ----

const KEYGENS: readonly ((seed: string) => string)[] = [(s) => keys.anthropic('api03', s), (s) => keys.github('ghp', s), (s) => keys.openai('proj', s), (s) => keys.googleApiKey(s)];

const YAML_PARTS: readonly ((i: number, k: string) => string)[] = [
  (i, k) => `k${i}: ${k}`,
  (i, k) => `k${i}: "${k}"`,
  (i, k) => `k${i}: '${k}' # note`,
  (i, k) => `list${i}:\n  - ${k}\n  - other`,
  (i, k) => `run${i}: |\n  echo ${k}\n  more`,
  (i, k) => `fold${i}: >-\n  folded ${k}`,
  (i, k) => `map${i}:\n  sub: ${k}\n  other: 1`,
  (i, k) => `plain${i}: some words\n  continued ${k}`,
  (i, k) => `plain${i}: ${k}\n  continued`,
  (i, k) => `quoted${i}: "open\n  ${k} still"`,
  (i, k) => `quoted${i}: "${k}\n  still"`,
  (_i, k) => `# comment ${k}`,
  () => '',
  (i, k) => `flow${i}: [a, ${k}]`,
];

const ENV_PARTS: readonly ((i: number, k: string) => string)[] = [
  (i, k) => `K${i}=${k}`,
  (i, k) => `K${i}="${k}"`,
  (i, k) => `export K${i}='${k}'`,
  (i, k) => `K${i}=${k} # trailing`,
  (i, k) => `K${i}="multi\n${k}\nline"`,
  (i, k) => `K${i}="${k}\nline"`,
  (_i, k) => `# old ${k}`,
  () => '',
];

const JS_PARTS: readonly ((i: number, k: string) => string)[] = [
  (i, k) => `var v${i} = "${k}";`,
  (i, k) => `var v${i} = '${k}'; // note`,
  (i, k) => `var v${i} = \`\n${k}\n\`;`,
  (_i, k) => `/* block\n${k}\n*/`,
  (i, k) => `var v${i} = ["${k}",\n  "x"];`,
  (i, k) => `var v${i} = "a" +\n  "${k}";`,
  (i) => `var r${i} = /"/.test("x");`,
  (i, k) => `var t${i} = \`\${"${k}"}\`;`,
  () => '',
];

interface Kind {
  readonly path: string;
  readonly parts: readonly ((i: number, k: string) => string)[];
  readonly meaning: (text: string) => unknown;
}

const KINDS: readonly Kind[] = [
  { path: 'config.yaml', parts: YAML_PARTS, meaning: (t) => (parseStructured(t).problems.length > 0 ? 'unparsable' : data(t)) },
  { path: '.env', parts: ENV_PARTS, meaning: envVars },
  { path: 'app.js', parts: JS_PARTS, meaning: jsValues },
];

describe('allowCommentEdit: random documents', () => {
  for (const kind of KINDS) {
    it(`${kind.path}: whenever it offers edits, the key is suppressed, nothing else changes, and the file means the same`, () => {
      let offered = 0;
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.integer({ min: 0, max: kind.parts.length - 1 }), fc.integer({ min: 0, max: KEYGENS.length - 1 }), fc.string({ minLength: 1, maxLength: 4 })), { minLength: 1, maxLength: 7 }),
          fc.constantFrom('\n', '\r\n'),
          (parts, eol) => {
            const text = parts.map(([p, g, seed], i) => kind.parts[p]!(i, KEYGENS[g]!(`${seed}${i}`))).join('\n').replace(/\n/g, eol) + eol;
            const before = scanText(text, kind.path);
            const idx = new LineIndex(text);
            const lines = (s: Span): number[] => [idx.positionAt(s.start).line, idx.positionAt(s.end - 1).line];
            for (const f of before.filter((x) => !x.suppressed)) {
              const edits = allowCommentEdit(text, kind.path, f.span);
              if (!edits) continue;
              offered++;
              const after = applyEdits(text, edits);
              const now = scanText(after, kind.path);
              assert.equal(now.length, before.length, 'same keys found');
              const own = new Set(lines(f.span));
              before.forEach((b, i) => {
                const a = now[i]!;
                assert.equal(a.detectorId, b.detectorId);
                if (b === f) assert.equal(a.suppressed, 'inline', 'the key is suppressed');
                else if (!lines(b.span).some((l) => own.has(l))) assert.equal(a.suppressed, b.suppressed, `${b.detectorId} on another line keeps its suppression`);
              });
              assert.deepEqual(kind.meaning(after.replace(/\r\n/g, '\n')), kind.meaning(text.replace(/\r\n/g, '\n')), 'the file means the same');
            }
          },
        ),
        { numRuns: 150 },
      );
      assert.ok(offered > 50, `edits were offered (${offered})`);
    });
  }
});
