// Rule documentation shipped with the package (docs/rules/<id>.md), found relative to the running script.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ruleDocPath } from '../core/rule';

/** Set by the test build (tests are bundled outside the package); undefined in the shipped CLI. */
declare const KEYLESS_PACKAGE_ROOT: string | undefined;

let root: string | undefined;

/** The package root: the nearest ancestor of this script that holds docs/rules. */
export function packageRoot(): string {
  if (root) return root;
  if (typeof KEYLESS_PACKAGE_ROOT === 'string') return (root = KEYLESS_PACKAGE_ROOT);
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, 'docs', 'rules'))) return (root = dir);
    dir = path.dirname(dir);
  }
  return (root = path.resolve(__dirname, '..'));
}

export function ruleDocFile(ruleId: string): string {
  return path.join(packageRoot(), ruleDocPath(ruleId));
}

export function readRuleDoc(ruleId: string): string | undefined {
  try {
    return readFileSync(ruleDocFile(ruleId), 'utf8');
  } catch {
    return undefined;
  }
}

/** The first paragraph under "## What it catches" (plain text), for short descriptions. */
export function whatItCatches(doc: string | undefined): string | undefined {
  if (!doc) return undefined;
  const m = /## What it catches\s*\n([\s\S]*?)(\n\s*\n|\n## |$)/.exec(doc);
  return m ? m[1]!.replace(/\s+/g, ' ').trim() : undefined;
}

/** A documentation file shipped with the package (relative to its root), if present. */
export function readPackageDoc(relative: string): string | undefined {
  try {
    return readFileSync(path.join(packageRoot(), relative), 'utf8');
  } catch {
    return undefined;
  }
}
