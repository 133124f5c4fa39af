// Which workspace files Keyless reads, and reading them: shared by "Check Workspace" and the key scan. Everything
// goes through workspace.fs, so remote and virtual workspaces work too.
import * as vscode from 'vscode';
import { looksBinary } from '../core/candidates';
import { GitignoreRules } from '../core/gitignore';
import * as config from './config';

/** Path of `uri` relative to the folder, `/`-separated ('' for the folder itself). */
export function folderRelative(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string {
  const base = folder.uri.path.replace(/(?<!\/)\/+$/, '');
  return uri.path === base ? '' : uri.path.startsWith(`${base}/`) ? uri.path.slice(base.length + 1) : uri.path;
}

/** Every .gitignore of the folder, parents before children, as git reads them. */
export async function gitignoreFor(folder: vscode.WorkspaceFolder, token?: vscode.CancellationToken): Promise<GitignoreRules> {
  const rules = new GitignoreRules();
  const files = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/.gitignore'), '**/node_modules/**', 1000, token);
  for (const uri of files.sort((a, b) => a.path.length - b.path.length)) {
    try {
      const rel = folderRelative(folder, uri);
      rules.add(rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '', new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    } catch {
      /* an unreadable .gitignore ignores nothing */
    }
  }
  return rules;
}

const enabledGlobs = (setting: Record<string, unknown>): string[] => Object.entries(setting).filter(([, on]) => on === true).map(([g]) => g);

/**
 * One exclude pattern for findFiles: VS Code's files.exclude (which findFiles applies only when given no pattern of
 * ours), search.exclude when asked (the key scan honours what people keep out of searches), Keyless's own exclude
 * globs, and the folders never worth reading.
 */
export function excludePattern(folder: vscode.WorkspaceFolder, opts: { readonly searchExclude?: boolean } = {}): string {
  const globs = [
    ...enabledGlobs(vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, unknown>>('exclude') ?? {}),
    ...(opts.searchExclude ? enabledGlobs(vscode.workspace.getConfiguration('search', folder.uri).get<Record<string, unknown>>('exclude') ?? {}) : []),
    ...config.excludeGlobs(folder.uri),
    '**/node_modules/**',
    '**/.git/**',
  ];
  return `{${[...new Set(globs)].join(',')}}`;
}

export type WorkspaceRead =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'binary' }
  | { readonly kind: 'tooLarge'; readonly size: number }
  | { readonly kind: 'unreadable'; readonly reason: string };

/** A file's text (BOM dropped) unless it is larger than `maxBytes`, binary, or cannot be read. */
export async function readWorkspaceText(uri: vscode.Uri, maxBytes: number): Promise<WorkspaceRead> {
  let bytes: Uint8Array;
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) return { kind: 'unreadable', reason: 'a directory' };
    if (stat.size > maxBytes) return { kind: 'tooLarge', size: stat.size };
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (e) {
    return { kind: 'unreadable', reason: e instanceof Error ? e.message : String(e) };
  }
  if (looksBinary(bytes)) return { kind: 'binary' };
  const text = new TextDecoder().decode(bytes);
  return { kind: 'text', text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}
