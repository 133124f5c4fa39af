// .gitignore semantics over paths, without touching a file system: the CLI's walk and the editor's workspace check
// both feed it the .gitignore files they read. Nested files apply below their own directory, as in git.
import ignore, { type Ignore } from 'ignore';

interface Layer {
  /** Directory of the .gitignore, relative to the root, with a trailing `/` ('' for the root). */
  readonly dir: string;
  readonly rules: Ignore;
}

export class GitignoreRules {
  private readonly layers: Layer[] = [];

  /** Add the content of the .gitignore in `dir` (root-relative, `/`-separated; '' for the root). */
  add(dir: string, content: string): this {
    const d = dir === '' || dir === '.' ? '' : dir.replace(/(?<!\/)\/*$/, '/');
    this.layers.push({ dir: d, rules: ignore().add(content) });
    return this;
  }

  get size(): number {
    return this.layers.length;
  }

  /** Whether a root-relative, `/`-separated path is ignored (a directory when `isDir`). */
  ignores(path: string, isDir = false): boolean {
    for (const l of this.layers) {
      if (l.dir && !path.startsWith(l.dir)) continue;
      const rel = path.slice(l.dir.length);
      if (!rel) continue;
      if (l.rules.ignores(isDir ? `${rel}/` : rel)) return true;
      // a file inside an ignored directory is ignored too (git does not descend into it)
      if (!isDir) {
        let slash = rel.indexOf('/');
        while (slash > 0) {
          if (l.rules.ignores(rel.slice(0, slash + 1))) return true;
          slash = rel.indexOf('/', slash + 1);
        }
      }
    }
    return false;
  }
}
