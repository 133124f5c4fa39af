// Walk the paths a user named: files as given, directories recursively, honouring .gitignore files (nested ones
// too) and .git/info/exclude, skipping .git and node_modules, entering dot-directories such as .github.
// File system calls are synchronous: a workspace has thousands of directories, and awaiting each call (a round trip
// through libuv's thread pool) costs more than the call itself. `keyless scan` reads and scans files as they are found.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isCandidatePath } from '../core/candidates';
import { GitignoreRules } from '../core/gitignore';
import { DISAPPEARED, ioReason, kindOf } from './read';

export interface WalkedFile {
  /** Absolute path. */
  readonly absolute: string;
  /** Path to show: relative to the working directory when inside it, else absolute; always with `/`. */
  readonly display: string;
  /** Named on the command line (as opposed to found in a directory). */
  readonly explicit: boolean;
}

export interface WalkProblem {
  readonly path: string;
  readonly message: string;
  /** The problem is with a path named on the command line itself (nothing of it could be walked). */
  readonly input?: boolean;
}

const ALWAYS_SKIP = new Set(['.git', 'node_modules', '.hg', '.svn']);

interface IgnoreLayer {
  /** Directory whose paths the rules are relative to. */
  readonly base: string;
  readonly rules: GitignoreRules;
}

function readIgnore(dir: string, file: string): IgnoreLayer | undefined {
  try {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    return { base: dir, rules: new GitignoreRules().add('', text) };
  } catch {
    return undefined;
  }
}

/** The layers that apply inside `dir`, each with the path of `dir` relative to its base (`/`-separated, '' for the base itself). */
function layersIn(layers: readonly IgnoreLayer[], dir: string): { readonly rules: GitignoreRules; readonly prefix: string }[] {
  const out: { rules: GitignoreRules; prefix: string }[] = [];
  for (const l of layers) {
    const rel = path.relative(l.base, dir).split(path.sep).join('/');
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    out.push({ rules: l.rules, prefix: rel ? `${rel}/` : '' });
  }
  return out;
}

function ignored(layers: readonly { readonly rules: GitignoreRules; readonly prefix: string }[], name: string, isDir: boolean): boolean {
  for (const l of layers) if (l.rules.ignores(l.prefix + name, isDir)) return true;
  return false;
}

export function displayPath(abs: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, abs);
  return (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs).split(path.sep).join('/');
}

function gitRootLayers(start: string): IgnoreLayer[] {
  // .gitignore files of the enclosing repository above `start` apply too (git would honour them)
  const layers: IgnoreLayer[] = [];
  let dir = path.resolve(start);
  const chain: string[] = [];
  for (;;) {
    chain.unshift(dir);
    try {
      fs.accessSync(path.join(dir, '.git'));
      const ex = readIgnore(path.join(dir, '.git', 'info'), 'exclude');
      if (ex) layers.push({ base: dir, rules: ex.rules });
      break;
    } catch {
      /* not the root */
    }
    const up = path.dirname(dir);
    if (up === dir) return []; // not in a repository: only the directories' own .gitignore files apply
    dir = up;
  }
  for (const d of chain.slice(0, -1)) {
    const l = readIgnore(d, '.gitignore');
    if (l) layers.push(l);
  }
  return layers;
}

export interface WalkOptions {
  /** Which files found in directories to keep (by name); default: the checker's candidates. */
  readonly include?: (name: string) => boolean;
  /** Called with each file as it is found, in the order of the result (so work can start before the walk ends). */
  readonly onFile?: (file: WalkedFile) => void;
}

/** How a directory's files are shown: its path relative to the working directory ('' for it), or undefined outside it. */
function relativeDir(dir: string): string | undefined {
  const rel = path.relative(process.cwd(), dir);
  return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/');
}

/** How many different paths a command line names (the walk takes a path named twice once). */
export function distinctInputs(inputs: readonly string[]): number {
  return new Set(inputs.map((i) => path.resolve(i))).size;
}

export async function walk(inputs: readonly string[], onProblem: (p: WalkProblem) => void, options: WalkOptions = {}): Promise<WalkedFile[]> {
  const include = options.include ?? isCandidatePath;
  const onFile = options.onFile;
  const out: WalkedFile[] = [];
  // real paths: a file reached twice (named through a link, and found in its directory) is listed once
  const seen = new Set<string>();
  const add = (abs: string, real: string, explicit: boolean, display = displayPath(abs)) => {
    if (seen.has(real)) return;
    seen.add(real);
    const f = { absolute: abs, display, explicit };
    out.push(f);
    onFile?.(f);
  };
  const visited = new Set<string>();
  const named = new Set<string>();
  for (const input of inputs) {
    const abs = path.resolve(input);
    if (named.has(abs)) continue; // named twice: walked (or reported) once
    named.add(abs);
    let st;
    try {
      st = fs.statSync(abs);
    } catch (e) {
      onProblem({ path: input, message: ioReason(e, brokenLink(abs) ? 'broken symbolic link' : 'no such file or directory'), input: true });
      continue;
    }
    if (st.isFile()) add(abs, realPath(abs), true);
    else if (st.isDirectory()) walkDir(abs, undefined, gitRootLayers(abs), add, onProblem, visited, include);
    // a named pipe is never opened (a read would wait for a writer for ever), nor a device or a socket
    else onProblem({ path: input, message: `${kindOf(st)}; not read`, input: true });
  }
  return out;
}

/** Whether a path that cannot be followed is a link (to nothing) itself. */
function brokenLink(abs: string): boolean {
  try {
    return fs.lstatSync(abs).isSymbolicLink();
  } catch {
    return false;
  }
}

function realPath(abs: string): string {
  try {
    return fs.realpathSync.native(abs);
  } catch {
    return abs; // gone since the stat: the read reports it
  }
}

/** `realParent`: the real path of the parent directory (links are not followed below the top, so a child's real path is its parent's and its name). */
function walkDir(
  dir: string,
  realParent: string | undefined,
  parentLayers: readonly IgnoreLayer[],
  add: (abs: string, real: string, explicit: boolean, display?: string) => void,
  onProblem: (p: WalkProblem) => void,
  visited: Set<string>,
  include: (name: string) => boolean,
): void {
  let real: string;
  try {
    real = realParent === undefined ? fs.realpathSync.native(dir) : path.join(realParent, path.basename(dir));
  } catch (e) {
    onProblem({ path: displayPath(dir), message: ioReason(e, DISAPPEARED), input: realParent === undefined });
    return;
  }
  if (visited.has(real)) return; // walked already: named twice, or through a link to it or to an ancestor
  visited.add(real);
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    onProblem({ path: displayPath(dir), message: ioReason(e, DISAPPEARED), input: realParent === undefined });
    return;
  }
  // the directory's own .gitignore, read only when the listing has one (no failed open per directory)
  const own = entries.some((e) => e.name === '.gitignore' && !e.isDirectory()) ? readIgnore(dir, '.gitignore') : undefined;
  const layers = own ? [...parentLayers, own] : parentLayers;
  const here = layersIn(layers, dir);
  // children's paths and display paths by concatenation (path.join and path.relative per file cost more than the rest
  // of the walk); a name starting with `..` right under the working directory takes displayPath's own way
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  const rel = relativeDir(dir);
  const realPrefix = real.endsWith(path.sep) ? real : real + path.sep;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.isDirectory()) {
      if (ALWAYS_SKIP.has(e.name) || ignored(here, e.name, true)) continue;
      walkDir(prefix + e.name, real, layers, add, onProblem, visited, include);
    } else if (e.isFile()) {
      if (!include(e.name) || ignored(here, e.name, false)) continue;
      const abs = prefix + e.name;
      add(abs, realPrefix + e.name, false, rel === undefined || (rel === '' && e.name.startsWith('..')) ? displayPath(abs) : rel === '' ? e.name : `${rel}/${e.name}`);
    }
    // symbolic links are not followed inside directories (loops, and files outside the tree), and named pipes,
    // sockets and devices are not files: all are passed over without a word
  }
}
