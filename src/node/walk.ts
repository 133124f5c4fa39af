// Walk the paths a user named: files as given, directories recursively, honouring .gitignore files (nested ones
// too) and .git/info/exclude, skipping .git and node_modules, entering dot-directories such as .github.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isCandidatePath } from '../core/candidates';
import { GitignoreRules } from '../core/gitignore';

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
}

const ALWAYS_SKIP = new Set(['.git', 'node_modules', '.hg', '.svn']);

interface IgnoreLayer {
  /** Directory whose paths the rules are relative to. */
  readonly base: string;
  readonly rules: GitignoreRules;
}

async function readIgnore(dir: string, file: string): Promise<IgnoreLayer | undefined> {
  try {
    const text = await fs.readFile(path.join(dir, file), 'utf8');
    return { base: dir, rules: new GitignoreRules().add('', text) };
  } catch {
    return undefined;
  }
}

function ignored(layers: readonly IgnoreLayer[], abs: string, isDir: boolean): boolean {
  for (const l of layers) {
    const rel = path.relative(l.base, abs).split(path.sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    if (l.rules.ignores(rel, isDir)) return true;
  }
  return false;
}

export function displayPath(abs: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, abs);
  return (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs).split(path.sep).join('/');
}

async function gitRootLayers(start: string): Promise<IgnoreLayer[]> {
  // .gitignore files of the enclosing repository above `start` apply too (git would honour them)
  const layers: IgnoreLayer[] = [];
  let dir = path.resolve(start);
  const chain: string[] = [];
  for (;;) {
    chain.unshift(dir);
    try {
      await fs.access(path.join(dir, '.git'));
      const ex = await readIgnore(path.join(dir, '.git', 'info'), 'exclude');
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
    const l = await readIgnore(d, '.gitignore');
    if (l) layers.push(l);
  }
  return layers;
}

export interface WalkOptions {
  /** Which files found in directories to keep (by name); default: the checker's candidates. */
  readonly include?: (name: string) => boolean;
}

export async function walk(inputs: readonly string[], onProblem: (p: WalkProblem) => void, options: WalkOptions = {}): Promise<WalkedFile[]> {
  const include = options.include ?? isCandidatePath;
  const out: WalkedFile[] = [];
  const seen = new Set<string>();
  const add = (abs: string, explicit: boolean) => {
    if (seen.has(abs)) return;
    seen.add(abs);
    out.push({ absolute: abs, display: displayPath(abs), explicit });
  };
  for (const input of inputs) {
    const abs = path.resolve(input);
    let st;
    try {
      st = await fs.stat(abs);
    } catch (e) {
      onProblem({ path: input, message: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message });
      continue;
    }
    if (st.isFile()) add(abs, true);
    else if (st.isDirectory()) await walkDir(abs, await gitRootLayers(abs), add, onProblem, new Set(), include);
    else onProblem({ path: input, message: 'not a file or directory' });
  }
  return out;
}

async function walkDir(
  dir: string,
  parentLayers: readonly IgnoreLayer[],
  add: (abs: string, explicit: boolean) => void,
  onProblem: (p: WalkProblem) => void,
  visited: Set<string>,
  include: (name: string) => boolean,
): Promise<void> {
  let real: string;
  try {
    real = await fs.realpath(dir);
  } catch (e) {
    onProblem({ path: displayPath(dir), message: (e as Error).message });
    return;
  }
  if (visited.has(real)) return; // a symlink loop
  visited.add(real);
  const own = await readIgnore(dir, '.gitignore');
  const layers = own ? [...parentLayers, own] : parentLayers;
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (e) {
    onProblem({ path: displayPath(dir), message: (e as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (e as Error).message });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (ALWAYS_SKIP.has(e.name) || ignored(layers, abs, true)) continue;
      await walkDir(abs, layers, add, onProblem, visited, include);
    } else if (e.isFile()) {
      if (include(e.name) && !ignored(layers, abs, false)) add(abs, false);
    }
    // symbolic links are not followed inside directories (loops, and files outside the tree)
  }
}
