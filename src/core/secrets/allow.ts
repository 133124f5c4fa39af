// "Mark as reviewed": the edits that add a `keyless:allow` comment covering one finding, in the comment syntax of the
// file's language (the Keys view and key diagnostics offer it). The comment goes at the end of the finding's last line
// when a trailing comment is safe there, else on a new line above its first line (suppress.ts reads both places);
// a key on the first line of a YAML block scalar gets it on the scalar's header (`key: |  # keyless:allow`).
// `undefined` when the format has no comments (JSON: the UI offers the baseline instead) or no place is safe.
// Every candidate passes three gates:
//  1. a lexer for the language: the comment lands outside strings, block scalars, heredocs and line continuations;
//  2. YAML and JSON with comments parse to the same data afterwards (when they parsed before, up to 128 KiB);
//  3. scanText afterwards reports the finding suppressed, finds the same keys, and changes no other key's suppression
//     except on the finding's own lines.
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import type { Span, TextEdit } from '../model';
import { parseStructured } from '../parse';
import { applyEdits, eolOf, LineIndex } from '../text';
import type { Node } from '../tree';
import { parseDockerfile } from '../workload/dockerfile';
import { parseDotenv } from '../workload/dotenv';
import { scanText } from './scan';
import { inlineSuppression } from './suppress';
import type { SecretFinding } from './types';

export const ALLOW_MARKER = 'keyless:allow';

type Family = '#' | ';' | '//' | '--' | '<!--' | '/*';
type Special = 'yaml' | 'dotenv' | 'dockerfile' | 'markdown' | 'html' | 'xml' | 'json' | 'jsx';
type Lang = Special | keyof typeof LEXICONS;

/**
 * The edits that make `scanText(applyEdits(text, edits), path)` report the finding at `span` as suppressed
 * (`suppressed: 'inline'`): one inserted `keyless:allow` comment. `[]` when a suppression comment already covers it;
 * `undefined` when the file's format has no comments or no place for the comment is safe. `languageId` is VS Code's
 * (`jsonc`, `dockerfile`...); it wins over the path when it names a known language.
 */
export function allowCommentEdit(text: string, path: string, span: Span, languageId?: string): TextEdit[] | undefined {
  if (!(span.start >= 0 && span.end > span.start && span.end <= text.length)) return undefined;
  if (inlineSuppression(text)(span)) return [];
  const lang = languageOf(path, languageId, text);
  if (!lang) return undefined;
  const before = scanText(text, path);
  for (const c of candidates(text, span, lang)) if (c.sameData() && onlyThisFinding(text, path, span, c.edits, before)) return c.edits;
  return undefined;
}

/** The comment "Mark as reviewed" would add to this file (`# keyless:allow`), or `undefined` when it has none. */
export function allowCommentText(path: string, languageId?: string, text = ''): string | undefined {
  const lang = languageOf(path, languageId, text);
  return lang && lang !== 'json' ? commentText(lang) : undefined;
}

// ---- which language ----

const LANGUAGE_IDS: Readonly<Record<string, Lang>> = {
  // VS Code language ids, then the aliases Markdown code fences use
  yaml: 'yaml', 'github-actions-workflow': 'yaml', dockercompose: 'yaml', ansible: 'yaml', helm: 'yaml', yml: 'yaml',
  dotenv: 'dotenv', env: 'dotenv', properties: 'properties', 'java-properties': 'properties', ini: 'ini', toml: 'toml',
  shellscript: 'shell', shell: 'shell', bash: 'shell', sh: 'shell', zsh: 'shell', ksh: 'shell',
  python: 'python', py: 'python', ruby: 'ruby', rb: 'ruby', perl: 'perl', pl: 'perl', r: 'r',
  dockerfile: 'dockerfile', docker: 'dockerfile', containerfile: 'dockerfile', makefile: 'makefile', make: 'makefile',
  terraform: 'hcl', 'terraform-vars': 'hcl', hcl: 'hcl', tf: 'hcl',
  javascript: 'js', typescript: 'js', js: 'js', ts: 'js', mjs: 'js', cjs: 'js', node: 'js',
  javascriptreact: 'jsx', typescriptreact: 'jsx', jsx: 'jsx', tsx: 'jsx',
  go: 'go', golang: 'go', java: 'java', kotlin: 'kotlin', kt: 'kotlin', kts: 'kotlin', c: 'c', cpp: 'c', 'c++': 'c',
  csharp: 'csharp', cs: 'csharp', 'c#': 'csharp', rust: 'rust', rs: 'rust', swift: 'swift', scala: 'scala',
  dart: 'dart', php: 'php', groovy: 'groovy', gradle: 'groovy', jsonc: 'jsonc', json: 'json',
  sql: 'sql', lua: 'lua', haskell: 'haskell', hs: 'haskell',
  markdown: 'markdown', md: 'markdown', html: 'html', xml: 'xml', xsl: 'xml', svg: 'xml', css: 'css', scss: 'css', less: 'css',
};

const EXTENSIONS: Readonly<Record<string, Lang>> = {
  yaml: 'yaml', yml: 'yaml', env: 'dotenv', properties: 'properties', ini: 'ini', toml: 'toml',
  sh: 'shell', bash: 'shell', zsh: 'shell', ksh: 'shell', envrc: 'shell', py: 'python', pyw: 'python', rb: 'ruby', rake: 'ruby', gemspec: 'ruby',
  pl: 'perl', pm: 'perl', r: 'r', dockerfile: 'dockerfile', mk: 'makefile', tf: 'hcl', tfvars: 'hcl', hcl: 'hcl', nomad: 'hcl',
  js: 'js', mjs: 'js', cjs: 'js', ts: 'js', mts: 'js', cts: 'js', jsx: 'jsx', tsx: 'jsx',
  go: 'go', java: 'java', kt: 'kotlin', kts: 'kotlin', scala: 'scala', sc: 'scala', sbt: 'scala', groovy: 'groovy', gradle: 'groovy',
  c: 'c', h: 'c', cc: 'c', cpp: 'c', cxx: 'c', hpp: 'c', hh: 'c', cs: 'csharp', rs: 'rust', swift: 'swift', dart: 'dart', php: 'php',
  jsonc: 'jsonc', 'code-workspace': 'jsonc', json: 'json', sql: 'sql', lua: 'lua', hs: 'haskell',
  md: 'markdown', markdown: 'markdown', html: 'html', htm: 'html', xhtml: 'xml', xml: 'xml', svg: 'xml', xsl: 'xml', xslt: 'xml',
  csproj: 'xml', fsproj: 'xml', vbproj: 'xml', props: 'xml', targets: 'xml', config: 'xml', plist: 'xml', resx: 'xml', xaml: 'xml',
  css: 'css', scss: 'css', less: 'css',
};

const BASENAMES: Readonly<Record<string, Lang>> = {
  makefile: 'makefile', gnumakefile: 'makefile', jenkinsfile: 'groovy', gemfile: 'ruby', rakefile: 'ruby', vagrantfile: 'ruby',
  brewfile: 'ruby', '.envrc': 'shell', '.bashrc': 'shell', '.bash_profile': 'shell', '.zshrc': 'shell', '.zshenv': 'shell',
  '.profile': 'shell', pipfile: 'toml', '.npmrc': 'ini', '.pypirc': 'ini', '.gitconfig': 'ini', '.editorconfig': 'ini',
};

// JSON that the tools reading it accept with comments (VS Code reads these as `jsonc`)
const JSONC_PATH = /(?:^|\/)(?:\.vscode\/[^/]+\.json|\.devcontainer\/[^/]+\.json|\.?devcontainer\.json|[jt]sconfig(?:\.[^/]+)?\.json|\.eslintrc\.json)$/i;
const SHEBANG = /^#!\S*?(?:\/env(?:[ \t]+-\S+)*)?[ \t]*\S*?\b(bash|sh|zsh|ksh|dash|python[0-9.]*|ruby|perl|node|Rscript)\b/;
/** SHEBANG backtracks quadratically in the length of the first line: it only ever reads this much of it. */
const SHEBANG_READ = 512;

function languageOf(path: string, languageId: string | undefined, text: string): Lang | undefined {
  const byId = languageId ? LANGUAGE_IDS[languageId.toLowerCase()] : undefined;
  if (byId) return byId;
  const p = path.replace(/\\/g, '/');
  const base = p.slice(p.lastIndexOf('/') + 1).toLowerCase();
  if (JSONC_PATH.test(p)) return 'jsonc';
  if (/^\.env(?:\.[^/]+)?$/.test(base)) return 'dotenv';
  if (/^(?:docker|container)file(?:\.[^/]+)?$/.test(base)) return 'dockerfile';
  const byName = BASENAMES[base] ?? (base.includes('.') ? EXTENSIONS[base.slice(base.lastIndexOf('.') + 1)] : undefined);
  if (byName) return byName;
  const interpreter = SHEBANG.exec(text.slice(0, SHEBANG_READ))?.[1];
  if (!interpreter) return undefined;
  return /sh$/.test(interpreter) ? 'shell' : interpreter.startsWith('python') ? 'python' : interpreter === 'node' ? 'js' : interpreter === 'Rscript' ? 'r' : (interpreter as 'ruby' | 'perl');
}

function familyOf(lang: Lang): Family {
  switch (lang) {
    case 'ini':
      return ';';
    case 'markdown':
    case 'html':
    case 'xml':
      return '<!--';
    case 'css':
      return '/*';
    case 'sql':
    case 'lua':
    case 'haskell':
      return '--';
    case 'jsx':
    case 'js':
    case 'jsonc':
    case 'go':
    case 'java':
    case 'kotlin':
    case 'scala':
    case 'groovy':
    case 'c':
    case 'csharp':
    case 'rust':
    case 'swift':
    case 'dart':
    case 'php':
      return '//';
    default:
      return '#';
  }
}

function commentText(lang: Lang): string {
  const f = familyOf(lang);
  return f === '<!--' ? `<!-- ${ALLOW_MARKER} -->` : f === '/*' ? `/* ${ALLOW_MARKER} */` : `${f} ${ALLOW_MARKER}`;
}

// ---- candidates: where the comment may go, best first ----

/** Edits that pass the lexer, and gate 2, run only for the candidate tried (parsing costs more than the rest). */
interface Candidate {
  readonly edits: TextEdit[];
  readonly sameData: () => boolean;
}

const candidate = (text: string, edit: TextEdit, lang: Lang): Candidate => ({ edits: [edit], sameData: () => sameData(text, [edit], lang) });

/** Per line: may a whole-line comment go just above it; may a comment trail it. */
interface LineStates {
  readonly above: boolean[];
  readonly trail: boolean[];
  /** YAML: the line is a block scalar header (`key: |`); a comment trailing it covers the scalar's first line. */
  readonly header?: boolean[];
}

function candidates(text: string, span: Span, lang: Lang): Candidate[] {
  if (lang === 'json') return [];
  if (lang === 'markdown') return markdownCandidates(text, span);
  if (lang === 'html' || lang === 'xml') return markupCandidates(text, span, lang);
  const idx = new LineIndex(text);
  const first = idx.positionAt(span.start).line;
  const last = idx.positionAt(span.end - 1).line;
  if (lang === 'jsx' && (nearMarkup(text, idx, first) || nearMarkup(text, idx, last))) return [];
  const states = statesOf(text, idx, lang);
  const out: Candidate[] = [];
  if (states.trail[last]) out.push(candidate(text, trailingEdit(text, idx, last, commentText(lang)), lang));
  if (states.above[first]) out.push(candidate(text, aboveEdit(text, idx, first, commentText(lang)), lang));
  if (states.header?.[first - 1] && states.trail[first - 1]) out.push(candidate(text, trailingEdit(text, idx, first - 1, commentText(lang)), lang));
  return out;
}

function statesOf(text: string, idx: LineIndex, lang: Exclude<Lang, 'json' | 'markdown' | 'html' | 'xml'>): LineStates {
  switch (lang) {
    case 'yaml':
      return yamlStates(text, idx);
    case 'dotenv':
      return dotenvStates(text, idx);
    case 'dockerfile':
      return dockerfileStates(text, idx);
    case 'jsx':
      return lexLines(text, idx, LEXICONS.js);
    default: {
      const states = lexLines(text, idx, LEXICONS[lang]);
      // a comment after a value is part of the value: `KEY = v  # x` keeps the blanks in make, the rest in properties
      return NO_TRAILING.has(lang) ? { above: states.above, trail: states.trail.map(() => false) } : states;
    }
  }
}

const NO_TRAILING: ReadonlySet<Lang> = new Set(['makefile', 'properties', 'ini']);

/** `  # keyless:allow` after the last non-blank character of the line (trailing blanks, a Markdown hard break, stay). */
function trailingEdit(text: string, idx: LineIndex, line: number, comment: string): TextEdit {
  let at = idx.lineEnd(line);
  while (at > idx.lineStart(line) && (text[at - 1] === ' ' || text[at - 1] === '\t')) at--;
  return { span: { start: at, end: at }, newText: `  ${comment}` };
}

/** `<indent># keyless:allow<eol>` before the line, with the line's indentation and line break. */
function aboveEdit(text: string, idx: LineIndex, line: number, comment: string): TextEdit {
  let at = idx.lineStart(line);
  if (at === 0 && text.charCodeAt(0) === 0xfeff) at = 1;
  let e = at;
  while (text[e] === ' ' || text[e] === '\t') e++;
  const brk = text.slice(idx.lineEnd(line), line + 1 < idx.lineCount ? idx.lineStart(line + 1) : text.length);
  return { span: { start: at, end: at }, newText: `${text.slice(at, e)}${comment}${brk || eolOf(text)}` };
}

// ---- gate 2: the same data ----

const JSONC_OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true };
/**
 * Larger documents are left to the lexer alone, as unparsable ones are: YAML parsing grows faster than the text (a
 * flat map of 8,000 keys takes ~0.5 s), and the editor asks for this edit whenever it offers code actions on a key.
 */
const VERIFY_LIMIT = 128 * 1024;

function sameData(text: string, edits: readonly TextEdit[], lang: Lang): boolean {
  if ((lang !== 'yaml' && lang !== 'jsonc') || text.length > VERIFY_LIMIT) return true;
  const after = applyEdits(text, edits);
  if (lang === 'jsonc') {
    const before: ParseError[] = [];
    const value = parseJsonc(text, before, JSONC_OPTIONS);
    if (before.length > 0) return true; // nothing to compare with: the lexer decided
    const errors: ParseError[] = [];
    return JSON.stringify(parseJsonc(after, errors, JSONC_OPTIONS)) === JSON.stringify(value) && errors.length === 0;
  }
  const a = parseStructured(text);
  if (a.syntax !== 'yaml' || a.problems.length > 0) return true;
  const b = parseStructured(after);
  return b.syntax === 'yaml' && b.problems.length === 0 && JSON.stringify(b.documents.map((d) => plain(d.root))) === JSON.stringify(a.documents.map((d) => plain(d.root)));
}

function plain(n: Node | null | undefined): unknown {
  if (!n) return null;
  switch (n.kind) {
    case 'scalar':
      return [n.tag ?? '', n.value];
    case 'map':
      return n.pairs.map((p) => [plain(p.key), plain(p.value)]);
    case 'seq':
      return { items: n.items.map(plain) };
    case 'alias':
      return '*';
  }
}

// ---- gate 3: this finding suppressed, nothing else changed ----

function onlyThisFinding(text: string, path: string, span: Span, edits: readonly TextEdit[], before: readonly SecretFinding[]): boolean {
  // edits are insertions: an offset at or after one moves by its length (an end offset equal to it does not)
  const moved = (o: number, end: boolean): number => edits.reduce((n, e) => n + ((end ? o > e.span.start : o >= e.span.start) ? e.newText.length : 0), o);
  const after = applyEdits(text, edits);
  if (!inlineSuppression(after)({ start: moved(span.start, false), end: moved(span.end, true) })) return false;
  const now = scanText(after, path);
  if (now.length !== before.length) return false;
  const idx = new LineIndex(text);
  const lineOf = (o: number): number => idx.positionAt(o).line;
  const own = new Set([lineOf(span.start), lineOf(span.end - 1)]);
  const onOwnLines = (f: SecretFinding): boolean => [f.span, ...(f.related ?? [])].some((s) => own.has(lineOf(s.start)) || own.has(lineOf(s.end - 1)));
  return before.every((b, i) => {
    const a = now[i]!;
    if (a.detectorId !== b.detectorId || a.span.start !== moved(b.span.start, false) || a.span.end !== moved(b.span.end, true)) return false;
    return Boolean(a.suppressed) === Boolean(b.suppressed) || (Boolean(a.suppressed) && onOwnLines(b));
  });
}

// ---- a configurable lexer: strings, block comments, heredocs, continuations ----

interface Region {
  /** A string, or a sticky RegExp whose match `close` may use (raw strings with delimiters). */
  readonly open: string | RegExp;
  readonly close: string | ((m: RegExpExecArray) => string);
  readonly comment?: boolean;
  readonly escape?: boolean;
  /** The close written twice is a literal close (SQL's `''`). */
  readonly doubled?: boolean;
  readonly multiline?: boolean;
  readonly nest?: boolean;
  /** Code inside, up to the matching bracket: `${`, `#{`, `$(`. */
  readonly interp?: string;
}

interface Heredoc {
  /** Sticky; group 1 is `-` or `~` when the terminator may be indented, the last group that matched the terminator. */
  readonly re: RegExp;
  /** Leading characters the terminator may have: tabs (shell `<<-`), or any blanks. */
  readonly indent: 'tabs' | 'blanks';
  /** The terminator may be followed by more (`EOT;` in PHP); the line holding it cannot take a trailing comment. */
  readonly prefix?: boolean;
  /** The terminator may always be indented (PHP 7.3). */
  readonly alwaysIndented?: boolean;
}

interface Lexicon {
  readonly comments: readonly (string | RegExp)[];
  /** `#` starts a comment only at the start of a word (shell). */
  readonly wordComment?: boolean;
  /** Longest openers first. */
  readonly regions: readonly Region[];
  /** Read as one token in code: character literals (so `'a'` is not a string and a lifetime `'a` nothing). */
  readonly skip?: RegExp;
  readonly heredoc?: Heredoc;
  /** JavaScript regular-expression literals. */
  readonly regex?: boolean;
  /** Blocks from a line matching the first pattern to one matching the second (Ruby `=begin`, Perl POD, make `define`). */
  readonly lineBlocks?: readonly (readonly [RegExp, RegExp])[];
  /** Where the file starts (PHP: in HTML, until `<?php`). */
  readonly initial?: Region;
}

const CHAR_LITERAL = /'(?:\\(?:u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[0-7]{1,3}|[^\r\n])|[^\\'\r\n])'/y;
const C_BLOCK: Region = { open: '/*', close: '*/', comment: true, multiline: true };
const NESTED_BLOCK: Region = { ...C_BLOCK, nest: true };
const DQ: Region = { open: '"', close: '"', escape: true };
const SQ: Region = { open: "'", close: "'", escape: true };
const multi = (r: Region, more: Partial<Region> = {}): Region => ({ ...r, multiline: true, ...more });
const triple = (q: string, escape: boolean, interp?: string): Region => ({ open: q, close: q, escape, multiline: true, ...(interp ? { interp } : {}) });
const PHP_HTML: Region = { open: '?>', close: '<?', comment: true, multiline: true };
const BRACKETS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}', '<': '>' };

const LEXICONS = {
  js: { comments: ['//'], regions: [C_BLOCK, DQ, SQ, { open: '`', close: '`', escape: true, multiline: true, interp: '${' }], regex: true },
  jsonc: { comments: ['//'], regions: [C_BLOCK, DQ] },
  go: { comments: ['//'], regions: [C_BLOCK, DQ, { open: '`', close: '`', multiline: true }], skip: CHAR_LITERAL },
  java: { comments: ['//'], regions: [C_BLOCK, triple('"""', true), DQ], skip: CHAR_LITERAL },
  kotlin: { comments: ['//'], regions: [NESTED_BLOCK, triple('"""', false, '${'), { ...DQ, interp: '${' }], skip: CHAR_LITERAL },
  scala: { comments: ['//'], regions: [NESTED_BLOCK, triple('"""', false), DQ], skip: CHAR_LITERAL },
  groovy: { comments: ['//'], regions: [C_BLOCK, triple('"""', true, '${'), triple("'''", true), { ...DQ, interp: '${' }, SQ] },
  c: { comments: ['//'], regions: [C_BLOCK, { open: /(?:u8|[uUL])?R"([^()\\\s]{0,16})\(/y, close: (m) => `)${m[1]}"`, multiline: true }, DQ], skip: CHAR_LITERAL },
  csharp: { comments: ['//'], regions: [C_BLOCK, { open: /"{3,}/y, close: (m) => m[0], multiline: true }, { open: /(?:\$@|@\$?)"/y, close: '"', doubled: true, multiline: true }, DQ], skip: CHAR_LITERAL },
  rust: { comments: ['//'], regions: [NESTED_BLOCK, { open: /(?<![A-Za-z0-9_])b?r(#*)"/y, close: (m) => `"${m[1]}`, multiline: true }, multi(DQ)], skip: CHAR_LITERAL },
  // a raw string's `#` run is matched from its first `#` only (tried inside a long run, it is read again at every `#`)
  swift: { comments: ['//'], regions: [NESTED_BLOCK, { open: /(?<!#)(#+)"""/y, close: (m) => `"""${m[1]}`, multiline: true }, { open: /(?<!#)(#+)"/y, close: (m) => `"${m[1]}` }, triple('"""', true), DQ] },
  dart: { comments: ['//'], regions: [NESTED_BLOCK, triple('"""', true, '${'), triple("'''", true, '${'), { ...DQ, interp: '${' }, { ...SQ, interp: '${' }] },
  php: { comments: ['//', /#(?!\[)/y], regions: [C_BLOCK, PHP_HTML, multi(DQ), multi(SQ)], heredoc: { re: /<<<[ \t]*()(?:"([A-Za-z_]\w*)"|'([A-Za-z_]\w*)'|([A-Za-z_]\w*))/y, indent: 'blanks', prefix: true, alwaysIndented: true }, initial: PHP_HTML },
  python: { comments: ['#'], regions: [triple('"""', true), triple("'''", true), DQ, SQ] },
  ruby: {
    comments: ['#'],
    regions: [multi(DQ, { interp: '#{' }), multi(SQ), { open: '`', close: '`', escape: true, multiline: true }, { open: /%[qQwWiIrsx]?([([{<|!/])/y, close: (m) => BRACKETS[m[1]!] ?? m[1]!, escape: true, multiline: true }],
    heredoc: { re: /<<([~-]?)(?:"(\w+)"|'(\w+)'|`(\w+)`|([A-Z_][A-Z0-9_]*))/y, indent: 'blanks' },
    lineBlocks: [[/^=begin\b/, /^=end\b/], [/^__END__\s*$/, /(?!)/]],
  },
  perl: {
    comments: ['#'],
    regions: [multi(DQ), multi(SQ), { open: '`', close: '`', escape: true, multiline: true }],
    heredoc: { re: /<<(~?)(?:"(\w+)"|'(\w+)'|([A-Z_][A-Z0-9_]*))/y, indent: 'blanks' },
    lineBlocks: [[/^=[A-Za-z]/, /^=cut\b/], [/^__(?:END|DATA)__\b/, /(?!)/]],
  },
  r: { comments: ['#'], regions: [multi(DQ), multi(SQ), { open: '`', close: '`', multiline: true }] },
  shell: {
    comments: ['#'],
    wordComment: true,
    regions: [{ open: "$'", close: "'", escape: true, multiline: true }, { open: "'", close: "'", multiline: true }, multi(DQ, { interp: '$(' }), { open: '`', close: '`', escape: true, multiline: true }],
    heredoc: { re: /<<(-?)[ \t]*(?:"([A-Za-z_]\w*)"|'([A-Za-z_]\w*)'|\\?([A-Za-z_]\w*))/y, indent: 'tabs' },
  },
  toml: { comments: ['#'], regions: [triple('"""', true), triple("'''", false), DQ, { open: "'", close: "'" }] },
  hcl: { comments: ['#', '//'], regions: [C_BLOCK, { ...DQ, interp: '${' }], heredoc: { re: /<<(-?)([A-Za-z_]\w*)/y, indent: 'blanks' } },
  sql: { comments: ['--'], regions: [C_BLOCK, multi(SQ, { doubled: true }), { open: '"', close: '"', doubled: true, multiline: true }, { open: /(?<![\w$])\$(?:[A-Za-z_]\w*)?\$/y, close: (m) => m[0], multiline: true }] },
  lua: { comments: ['--'], regions: [{ open: /--\[(=*)\[/y, close: (m) => `]${m[1]}]`, comment: true, multiline: true }, { open: /\[(=*)\[/y, close: (m) => `]${m[1]}]`, multiline: true }, DQ, SQ] },
  haskell: { comments: [/--+(?![!#$%&*+./<=>?@\\^|~:])/y], regions: [{ open: '{-', close: '-}', comment: true, multiline: true, nest: true }, DQ], skip: CHAR_LITERAL },
  css: { comments: [], regions: [C_BLOCK, DQ, SQ] },
  makefile: { comments: ['#'], regions: [], lineBlocks: [[/^[ \t]*(?:(?:override|export)[ \t]+)?define\b/, /^[ \t]*endef\b/]] },
  properties: { comments: [], regions: [] },
  ini: { comments: [], regions: [] },
} satisfies Record<string, Lexicon>;

type Frame = { readonly region: Region; readonly close: string; depth: number } | { readonly open: string; readonly close: string; depth: number; readonly interp: true };

const REGEX_BEFORE = '(,=:[!&|?{};+-*%<>~^';
const REGEX_KEYWORD = /(?:^|[^\w$])(?:return|typeof|case|in|of|delete|void|throw|new|else|do|yield|await)$/;

/** End of a JavaScript regular-expression literal starting at `i` (a `/` where an operand may start), or -1. */
function regexEnd(text: string, i: number, lineEnd: number, prev: string, before: string): number {
  if (!(prev === '' || REGEX_BEFORE.includes(prev) || REGEX_KEYWORD.test(before))) return -1;
  let cls = false;
  for (let j = i + 1; j < lineEnd; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '[') cls = true;
    else if (c === ']') cls = false;
    else if (c === '/' && !cls) return j + 1;
  }
  return -1;
}

function matchAt(open: string | RegExp, text: string, i: number): RegExpExecArray | string | undefined {
  if (typeof open === 'string') return text.startsWith(open, i) ? open : undefined;
  open.lastIndex = i;
  return open.exec(text) ?? undefined;
}

/** Odd number of backslashes before the trailing blanks: the line continues on the next one. */
function continues(line: string): boolean {
  const t = line.trimEnd();
  let k = 0;
  while (k < t.length && t[t.length - 1 - k] === '\\') k++;
  return k % 2 === 1;
}

function lexLines(text: string, idx: LineIndex, lx: Lexicon): LineStates {
  const n = idx.lineCount;
  const above = new Array<boolean>(n).fill(false);
  const trail = new Array<boolean>(n).fill(false);
  const stack: Frame[] = lx.initial ? [{ region: lx.initial, close: lx.initial.close as string, depth: 0 }] : [];
  const pending: { term: string; indent: string; prefix: boolean }[] = [];
  let heredoc: { term: string; indent: string; prefix: boolean } | undefined;
  let lineBlock: RegExp | undefined;
  let prevCont = false;
  let prev = '';
  for (let li = 0; li < n; li++) {
    const ls = idx.lineStart(li);
    const le = idx.lineEnd(li);
    const line = text.slice(ls, le);
    if (heredoc) {
      const h = heredoc;
      const body = h.indent ? line.replace(h.indent === '\t' ? /^\t+/ : /^[ \t]+/, '') : line;
      if (h.prefix ? body.startsWith(h.term) && !/[\w]/.test(body[h.term.length] ?? '') : body === h.term) heredoc = pending.shift();
      prevCont = false;
      continue;
    }
    if (lineBlock) {
      if (lineBlock.test(line)) lineBlock = undefined;
      continue;
    }
    above[li] = stack.length === 0 && !prevCont;
    const block = stack.length === 0 ? lx.lineBlocks?.find(([start]) => start.test(line)) : undefined;
    if (block) {
      lineBlock = block[1];
      prevCont = false;
      continue;
    }
    let keepOpen = false;
    for (let i = ls; i < le; ) {
      const top = stack[stack.length - 1];
      if (top && !('interp' in top)) {
        const r = top.region;
        if (r.escape && text[i] === '\\') {
          if (i + 1 >= le) keepOpen = true;
          i += 2;
          continue;
        }
        if (text.startsWith(top.close, i)) {
          if (r.doubled && text.startsWith(top.close, i + top.close.length)) {
            i += 2 * top.close.length;
            continue;
          }
          i += top.close.length;
          if (top.depth > 0) top.depth--;
          else stack.pop();
          prev = top.close[top.close.length - 1]!;
          continue;
        }
        if (r.nest && typeof r.open === 'string' && text.startsWith(r.open, i)) {
          top.depth++;
          i += r.open.length;
          continue;
        }
        if (r.interp && text.startsWith(r.interp, i)) {
          const open = r.interp[r.interp.length - 1]!;
          stack.push({ open, close: BRACKETS[open]!, depth: 0, interp: true });
          i += r.interp.length;
          continue;
        }
        i++;
        continue;
      }
      const c = text[i]!;
      if (top) {
        if (c === top.open) top.depth++;
        else if (c === top.close && top.depth-- === 0) {
          stack.pop();
          i++;
          continue;
        }
      }
      let opened = false;
      for (const r of lx.regions) {
        const m = matchAt(r.open, text, i);
        if (m === undefined) continue;
        const open = typeof m === 'string' ? m : m[0];
        stack.push({ region: r, close: typeof r.close === 'string' ? r.close : r.close(m as RegExpExecArray), depth: 0 });
        i += open.length;
        opened = true;
        break;
      }
      if (opened) continue;
      if (lx.comments.some((cm) => matchAt(cm, text, i) !== undefined) && (!lx.wordComment || i === ls || /[\s;&|()]/.test(text[i - 1]!))) break;
      if (lx.skip) {
        lx.skip.lastIndex = i;
        if (lx.skip.test(text)) {
          i = lx.skip.lastIndex;
          prev = "'";
          continue;
        }
      }
      if (lx.heredoc && c === '<' && text[i + 1] === '<' && (lx.heredoc.re.source.startsWith('<<<') || text[i + 2] !== '<')) {
        lx.heredoc.re.lastIndex = i;
        const m = lx.heredoc.re.exec(text);
        if (m) {
          const term = m.slice(2).find((g) => g !== undefined)!;
          const indented = lx.heredoc.alwaysIndented || m[1] !== '';
          pending.push({ term, indent: indented ? (lx.heredoc.indent === 'tabs' ? '\t' : ' ') : '', prefix: lx.heredoc.prefix === true });
          i = lx.heredoc.re.lastIndex;
          continue;
        }
      }
      if (lx.regex && c === '/') {
        const end = regexEnd(text, i, le, prev, text.slice(Math.max(ls, i - 8), i).trimEnd());
        if (end > 0) {
          i = end;
          prev = 'a';
          continue;
        }
      }
      if (c !== ' ' && c !== '\t') prev = c;
      i++;
    }
    const cont = continues(line);
    trail[li] = stack.length === 0 && !cont && pending.length === 0;
    const top = stack[stack.length - 1];
    if (top && !('interp' in top) && !top.region.multiline && !keepOpen) stack.pop(); // an unterminated one-line string
    if (pending.length > 0) heredoc = pending.shift();
    prevCont = cont;
  }
  return { above, trail };
}

// ---- YAML: block scalars, quoted and plain scalars that go on over lines ----

function yamlStates(text: string, idx: LineIndex): LineStates {
  const n = idx.lineCount;
  const above = new Array<boolean>(n).fill(true);
  const trail = new Array<boolean>(n).fill(true);
  const headers = new Array<boolean>(n).fill(false);
  let block: number | undefined; // inside a block scalar: blank lines and lines indented more than this
  let quote: string | undefined; // a quoted scalar goes on to the next line
  let flow = 0; // open `[` and `{` (comments are fine inside)
  let plainLine: { line: number; owner: number } | undefined; // the last content line ended in a plain scalar
  const blankAt = (i: number): boolean => i >= text.length || text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r';
  for (let li = 0; li < n; li++) {
    const ls = idx.lineStart(li);
    const le = idx.lineEnd(li);
    const s = text.slice(ls, le);
    const body = s.trimStart();
    const indent = s.length - body.length;
    const blank = body === '';
    if (block !== undefined) {
      if (blank || indent > block) {
        above[li] = trail[li] = false;
        continue;
      }
      block = undefined;
    }
    const marker = /^(?:---|\.\.\.)(?:[ \t]|$)/.test(s);
    if (marker) {
      quote = undefined;
      flow = 0;
      plainLine = undefined;
    }
    if (blank || (!quote && body.startsWith('#'))) continue;
    let owner = -1; // column of the line's innermost key or `-`
    let last: 'none' | 'plain' | 'closed' | 'indicator' | 'prop' = 'none';
    let tokenStart = true;
    let token = -1;
    let header = false;
    let comment = false;
    if (quote) {
      above[li] = false;
      tokenStart = false;
      last = 'closed';
    } else if (plainLine && flow === 0 && indent > plainLine.owner) {
      // a plain scalar goes on: no comment may end the line before, or stand between
      above[li] = false;
      trail[plainLine.line] = false;
      owner = plainLine.owner;
      tokenStart = false;
      last = 'plain';
    }
    for (let i = quote ? ls : marker ? ls + 3 : ls + indent; i < le; i++) {
      const c = text[i]!;
      if (quote) {
        if (quote === '"' && c === '\\') i++;
        else if (c === quote) {
          if (quote === "'" && text[i + 1] === "'") i++;
          else {
            quote = undefined;
            last = 'closed';
          }
        }
        continue;
      }
      if (c === ' ' || c === '\t') {
        if (last === 'prop') tokenStart = true;
        continue;
      }
      if (c === '#' && (i === ls || text[i - 1] === ' ' || text[i - 1] === '\t')) {
        comment = true;
        break;
      }
      if (tokenStart) {
        if (c === '"' || c === "'") {
          quote = c;
          token = i - ls;
          tokenStart = false;
          continue;
        }
        if ((c === '-' || c === '?') && blankAt(i + 1) && flow === 0) {
          owner = i - ls;
          last = 'indicator';
          continue;
        }
        if ((c === '|' || c === '>') && flow === 0 && /^[|>][0-9+-]{0,2}(?:[ \t]|$)/.test(text.slice(i, Math.min(le, i + 4)))) {
          header = true;
          last = 'indicator';
          tokenStart = false;
          continue;
        }
        if (c === '[' || c === '{') {
          flow++;
          last = 'indicator';
          continue;
        }
        if (c === '&' || c === '!' || c === '*') {
          while (i + 1 < le && !blankAt(i + 1) && !(flow > 0 && ',[]{}'.includes(text[i + 1]!))) i++;
          last = c === '*' ? 'closed' : 'prop';
          tokenStart = false;
          continue;
        }
        token = i - ls;
        tokenStart = false;
        last = 'plain';
        continue;
      }
      if (c === ':' && (blankAt(i + 1) || (flow > 0 && ',[]{}'.includes(text[i + 1] ?? '')))) {
        if (token >= 0) owner = token;
        tokenStart = true;
        last = 'indicator';
      } else if (flow > 0 && c === ',') {
        tokenStart = true;
        last = 'indicator';
      } else if (flow > 0 && (c === ']' || c === '}')) {
        flow--;
        last = 'closed';
      } else if (last === 'prop') last = 'plain';
    }
    if (quote) trail[li] = false;
    if (header) {
      block = owner;
      headers[li] = true;
    }
    plainLine = flow === 0 && !quote && !comment && last === 'plain' ? { line: li, owner } : undefined;
  }
  return { above, trail, header: headers };
}

// ---- dotenv and Dockerfile: comments only on lines of their own ----

/**
 * Above the line only: `docker run --env-file` and some loaders read everything after `=` as the value, so a trailing
 * comment could change it; a whole line starting with `#` is a comment to every reader. Not inside a quoted value
 * that spans lines.
 */
function dotenvStates(text: string, idx: LineIndex): LineStates {
  const n = idx.lineCount;
  const above = new Array<boolean>(n).fill(true);
  for (const e of parseDotenv(text).entries) {
    for (let li = idx.positionAt(e.lineSpan.start).line + 1; li < n && idx.lineStart(li) <= e.contentEnd; li++) above[li] = false;
  }
  return { above, trail: new Array<boolean>(n).fill(false) };
}

/**
 * Above the line only (a `#` that does not start a line is no comment to Docker). Comment lines inside a continuation
 * are dropped by the builder, so they are fine; inside a heredoc body they would be content.
 */
function dockerfileStates(text: string, idx: LineIndex): LineStates {
  const n = idx.lineCount;
  const above = new Array<boolean>(n).fill(true);
  const { instructions } = parseDockerfile(text);
  instructions.forEach((ins, k) => {
    if (!/^(?:RUN|COPY|ADD)$/.test(ins.keyword) || !/<<-?["']?[A-Za-z_]/.test(ins.args)) return;
    const end = instructions[k + 1]?.start ?? text.length;
    for (let li = idx.positionAt(ins.next).line; li < n && idx.lineStart(li) < end; li++) above[li] = false;
  });
  return { above, trail: new Array<boolean>(n).fill(false) };
}

// ---- JSX: `//` inside markup is text ----

const MARKUP = /<\/?[A-Za-z][\w.:-]*[\s>/]|<\/?>|\/>|^\s*>/;

/** The line, or the nearest non-blank lines around it, look like JSX markup (where a `//` comment would be text). */
function nearMarkup(text: string, idx: LineIndex, line: number): boolean {
  const content = (li: number): string => text.slice(idx.lineStart(li), idx.lineEnd(li));
  let up = line - 1;
  while (up >= 0 && content(up).trim() === '') up--;
  let down = line + 1;
  while (down < idx.lineCount && content(down).trim() === '') down++;
  return [up, line, down].some((li) => li >= 0 && li < idx.lineCount && MARKUP.test(content(li)));
}

// ---- Markdown: front matter and fenced code in their own language, prose gets an HTML comment ----

interface Embedded {
  /** Offsets of the embedded text in the document. */
  readonly start: number;
  readonly end: number;
  readonly lang: Lang | undefined;
}

function embeddedCandidates(text: string, span: Span, regions: readonly Embedded[]): Candidate[] | undefined {
  for (const r of regions) {
    if (span.end <= r.start || span.start >= r.end) continue;
    if (span.start < r.start || span.end > r.end || !r.lang) return [];
    const inner = text.slice(r.start, r.end);
    return candidates(inner, { start: span.start - r.start, end: span.end - r.start }, r.lang).map((c) => ({
      edits: c.edits.map((e) => ({ span: { start: e.span.start + r.start, end: e.span.end + r.start }, newText: e.newText })),
      sameData: c.sameData,
    }));
  }
  return undefined;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*\{?\.?([^\s`{}]*)/;

function markdownCandidates(text: string, span: Span): Candidate[] {
  const idx = new LineIndex(text);
  const n = idx.lineCount;
  const content = (li: number): string => text.slice(idx.lineStart(li), idx.lineEnd(li));
  const regions: Embedded[] = [];
  const prose = new Array<boolean>(n).fill(false);
  let li = 0;
  if (/^---[ \t]*$/.test(content(0))) {
    let end = 1;
    while (end < n && !/^(?:---|\.\.\.)[ \t]*$/.test(content(end))) end++;
    regions.push({ start: idx.lineStart(Math.min(1, n - 1)), end: end < n ? idx.lineStart(end) : text.length, lang: 'yaml' });
    li = end + 1;
  }
  let comment = false;
  let code = false; // an indented code block
  let prevBlank = true;
  for (; li < n; li++) {
    const s = content(li);
    const fence = FENCE.exec(s);
    if (fence && !comment) {
      const mark = fence[1]!;
      let end = li + 1;
      while (end < n && !new RegExp(`^ {0,3}${mark[0] === '`' ? '`' : '~'}{${mark.length},}[ \\t]*$`).test(content(end))) end++;
      regions.push({ start: li + 1 < n ? idx.lineStart(li + 1) : text.length, end: end < n ? idx.lineStart(end) : text.length, lang: LANGUAGE_IDS[fence[2]!.toLowerCase()] });
      li = end;
      prevBlank = false;
      continue;
    }
    const blank = s.trim() === '';
    code = !comment && !blank && /^(?: {4}|\t)/.test(s) && (prevBlank || code);
    const opens = s.lastIndexOf('<!--');
    const closes = s.lastIndexOf('-->');
    const startsInComment = comment;
    if (opens >= 0 || closes >= 0) comment = opens > closes || (comment && closes < 0);
    prose[li] = !code && !comment && !startsInComment && !blank;
    prevBlank = blank;
  }
  const embedded = embeddedCandidates(text, span, regions);
  if (embedded) return embedded;
  const last = idx.positionAt(span.end - 1).line;
  const s = content(last);
  // not inside inline code that goes on, not a link reference definition, not after a hard-break backslash
  const backticks = [...s.matchAll(/`+/g)].map((m) => m[0].length);
  const balanced = backticks.every((len) => backticks.filter((l) => l === len).length % 2 === 0);
  if (!prose[last] || !balanced || /^ {0,3}\[[^\]]+\]:/.test(s) || continues(s)) return [];
  return [candidate(text, trailingEdit(text, idx, last, commentText('markdown')), 'markdown')];
}

// ---- HTML and XML: a comment between tags; scripts and styles in their own language ----

type MarkupState = 'text' | 'tag' | 'comment' | 'cdata' | 'pi' | 'raw';
const MARKUP_OPENERS: readonly (readonly [string, MarkupState])[] = [['<!--', 'comment'], ['<![CDATA[', 'cdata'], ['<?', 'pi']];
const MARKUP_CLOSERS = { comment: '-->', cdata: ']]>', pi: '?>' } as const;

function markupCandidates(text: string, span: Span, lang: 'html' | 'xml'): Candidate[] {
  const idx = new LineIndex(text);
  const n = idx.lineCount;
  const start: MarkupState[] = [];
  const end: MarkupState[] = [];
  const regions: Embedded[] = [];
  let state: MarkupState = 'text';
  let quote = '';
  let tagName = '';
  let tagStart = 0;
  let rawStart = 0;
  let rawLang: Lang | undefined;
  for (let li = 0; li < n; li++) {
    start.push(state);
    const le = idx.lineEnd(li);
    for (let i = idx.lineStart(li); i < le; i++) {
      const c = text[i]!;
      if (state === 'text') {
        const opens = MARKUP_OPENERS.find(([o]) => text.startsWith(o, i));
        if (opens) {
          state = opens[1];
          i += opens[0].length - 1;
        } else if (c === '<' && /[A-Za-z/!]/.test(text[i + 1] ?? '')) {
          state = 'tag';
          tagStart = i;
          tagName = /^<([A-Za-z][\w:-]*)/.exec(text.slice(i, i + 40))?.[1]?.toLowerCase() ?? '';
        }
      } else if (state === 'comment' || state === 'cdata' || state === 'pi') {
        const close = MARKUP_CLOSERS[state];
        if (text.startsWith(close, i)) {
          state = 'text';
          i += close.length - 1;
        }
      } else if (state === 'tag') {
        if (quote) {
          if (c === quote) quote = '';
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '>') {
          state = 'text';
          const tag = text.slice(tagStart, i + 1);
          if (lang === 'html' && /^(?:script|style|textarea|title)$/.test(tagName) && !tag.endsWith('/>')) {
            const type = /\stype\s*=\s*["']?([^"'\s>]+)/i.exec(tag)?.[1]?.toLowerCase();
            rawLang = tagName === 'style' ? 'css' : tagName === 'script' && (!type || /^(?:module|(?:text|application)\/(?:java|ecma)script)$/.test(type)) ? 'js' : undefined;
            state = 'raw';
            rawStart = i + 1;
          }
        }
      } else if (text.slice(i, i + 2 + tagName.length).toLowerCase() === `</${tagName}`) {
        regions.push({ start: rawStart, end: i, lang: rawLang });
        state = 'tag';
        tagStart = i;
        tagName = '';
      }
    }
    end.push(state);
  }
  if (state === 'raw') regions.push({ start: rawStart, end: text.length, lang: rawLang });
  const embedded = embeddedCandidates(text, span, regions);
  if (embedded) return embedded;
  const first = idx.positionAt(span.start).line;
  const last = idx.positionAt(span.end - 1).line;
  const line = (li: number): string => text.slice(idx.lineStart(li), idx.lineEnd(li)).trim();
  const comment = commentText(lang);
  const out: Candidate[] = [];
  // XML keeps text nodes as they are: a comment only between elements, not inside text content
  if (end[last] === 'text' && (lang === 'html' || line(last).endsWith('>'))) out.push(candidate(text, trailingEdit(text, idx, last, comment), lang));
  // nothing may come before an XML declaration
  if (start[first] === 'text' && (lang === 'html' || line(first).startsWith('<')) && !line(first).startsWith('<?xml')) out.push(candidate(text, aboveEdit(text, idx, first, comment), lang));
  return out;
}
