// Which workspace files Keyless reads, and reading them: shared by "Check Workspace" and the key scan. `file:` URIs
// are read with Node, in the extension host (which runs where they are); other schemes go through workspace.fs, so
// virtual workspaces work too.
import * as vscode from 'vscode';
import { looksBinary } from '../core/candidates';
import { GitignoreRules } from '../core/gitignore';
import { readTextFile } from '../node/read';
import * as config from './config';

/** Whether anything is at `uri` (through workspace.fs: any scheme). */
export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

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
  | { readonly kind: 'tooLarge' }
  | { readonly kind: 'unreadable'; readonly reason: string };

/** Schemes whose files are on a disk (local or remote), where a path can be a pipe or a device. */
const DISK_SCHEMES = new Set(['file', 'vscode-remote']);

/** Why a file could not be read, in a few words (a FileSystemError's message repeats the path and the OS error). */
function unreadableReason(e: unknown): string {
  const code = e instanceof vscode.FileSystemError ? e.code : (e as { code?: unknown } | undefined)?.code;
  if (code === 'FileNotFound' || code === 'EntryNotFound' || code === 'ENOENT') return 'gone before it could be read';
  if (code === 'NoPermissions' || code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'FileIsADirectory' || code === 'EISDIR') return 'a directory';
  if (code === 'Unavailable') return 'unavailable';
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n')[0]!.slice(0, 200);
}

const TOO_LARGE = 'too large';

/**
 * A `file:` URI, read with Node (the extension host runs where the file is): workspace.fs asks the window before each
 * call, a round trip that costs milliseconds when the window is a browser (VS Code for the web, code-server), per
 * file, for 100,000 files.
 * Never blocks on a named pipe (src/node/read.ts).
 */
async function readFromDisk(uri: vscode.Uri, maxBytes: number): Promise<WorkspaceRead> {
  const read = await readTextFile(uri.fsPath, maxBytes, TOO_LARGE);
  if (read.kind === 'text') return { kind: 'text', text: read.text };
  if (read.kind === 'binary') return { kind: 'binary' };
  return read.reason === TOO_LARGE ? { kind: 'tooLarge' } : { kind: 'unreadable', reason: read.reason };
}

/** A file's text (BOM dropped) unless it is larger than `maxBytes`, binary, not a regular file, or cannot be read. */
export async function readWorkspaceText(uri: vscode.Uri, maxBytes: number): Promise<WorkspaceRead> {
  if (uri.scheme === 'file') return readFromDisk(uri, maxBytes);
  let bytes: Uint8Array;
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) return { kind: 'unreadable', reason: 'a directory' };
    // a named pipe or a device (which a disk reports as neither file nor directory) would block a read forever
    if (!(stat.type & vscode.FileType.File) && DISK_SCHEMES.has(uri.scheme)) return { kind: 'unreadable', reason: 'not a regular file' };
    if (stat.size > maxBytes) return { kind: 'tooLarge' };
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (e) {
    return { kind: 'unreadable', reason: unreadableReason(e) };
  }
  if (looksBinary(bytes)) return { kind: 'binary' };
  const text = new TextDecoder().decode(bytes);
  return { kind: 'text', text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}
