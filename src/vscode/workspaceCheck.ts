// "Keyless: Check Workspace": every candidate file, not only open ones, into the Problems panel; honours
// files.exclude (findFiles' default excludes), .gitignore files and Keyless's own include/exclude settings; with
// progress and cancel. Reads through workspace.fs, so remote and virtual workspaces work too.
import * as vscode from 'vscode';
import { looksBinary, MAX_CHECK_BYTES } from '../core/candidates';
import { check } from '../core/engine';
import { GitignoreRules } from '../core/gitignore';
import { compareStrings, LineIndex } from '../core/text';
import * as config from './config';
import { toDiagnostic } from './convert';
import { type DiagnosticsController, ruleSettingsFor } from './diagnostics';

/** Every name isCandidatePath accepts, as one glob. */
export const CANDIDATE_GLOB = '**/{*.json,*.jsonc,*.yaml,*.yml,*.sql,*.template,*.env,.env,.env.*,.envrc,Dockerfile,Dockerfile.*,*.dockerfile,Containerfile}';

export interface WorkspaceCheckResult {
  readonly files: number;
  readonly filesWithProblems: number;
  readonly problems: number;
  readonly cancelled: boolean;
}

/** Path of `uri` relative to the folder, `/`-separated ('' for the folder itself). */
export function folderRelative(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string {
  const base = folder.uri.path.replace(/\/+$/, '');
  return uri.path === base ? '' : uri.path.startsWith(`${base}/`) ? uri.path.slice(base.length + 1) : uri.path;
}

async function gitignoreFor(folder: vscode.WorkspaceFolder, token: vscode.CancellationToken): Promise<GitignoreRules> {
  const rules = new GitignoreRules();
  const files = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/.gitignore'), '**/node_modules/**', 1000, token);
  // parents before children, as git reads them
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

/**
 * One exclude pattern for findFiles: VS Code's files.exclude (which findFiles would apply only when given no
 * pattern of ours), Keyless's own exclude globs, and the folders never worth reading.
 */
function excludePattern(folder: vscode.WorkspaceFolder): string {
  const filesExclude = vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, unknown>>('exclude') ?? {};
  const globs = [
    ...Object.entries(filesExclude).filter(([, on]) => on === true).map(([g]) => g),
    ...config.excludeGlobs(folder.uri),
    '**/node_modules/**',
    '**/.git/**',
  ];
  return `{${globs.join(',')}}`;
}

export async function checkWorkspace(
  controller: DiagnosticsController,
  extensionUri: vscode.Uri,
  progress: vscode.Progress<{ message?: string; increment?: number }>,
  token: vscode.CancellationToken,
): Promise<WorkspaceCheckResult> {
  let files = 0;
  let filesWithProblems = 0;
  let problems = 0;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (token.isCancellationRequested) break;
    const gitignore = await gitignoreFor(folder, token);
    const include = [CANDIDATE_GLOB, ...config.includeGlobs(folder.uri)];
    const exclude = excludePattern(folder);
    const found = new Map<string, vscode.Uri>();
    for (const glob of include) {
      for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(folder, glob), exclude, undefined, token)) found.set(uri.toString(), uri);
    }
    const uris = [...found.values()].filter((u) => !gitignore.ignores(folderRelative(folder, u))).sort((a, b) => compareStrings(a.path, b.path));
    const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
    for (const uri of uris) {
      if (token.isCancellationRequested) break;
      progress.report({ message: vscode.workspace.asRelativePath(uri), increment: 100 / Math.max(1, uris.length) });
      const doc = open.get(uri.toString());
      let count: number;
      if (doc) {
        // an open file: its editor's text (maybe unsaved) is what counts
        if (!controller.isCandidate(doc)) continue;
        const { findings } = check(doc.getText(), uri.path, { rules: ruleSettingsFor(uri, doc) });
        controller.publish(doc, doc.version, findings);
        count = findings.length;
      } else {
        let bytes: Uint8Array;
        try {
          const stat = await vscode.workspace.fs.stat(uri);
          if (stat.size > MAX_CHECK_BYTES) continue;
          bytes = await vscode.workspace.fs.readFile(uri);
        } catch {
          continue; // gone or unreadable since it was listed: nothing to report on
        }
        if (looksBinary(bytes)) continue;
        let text = new TextDecoder().decode(bytes);
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        const { findings } = check(text, uri.path, { rules: ruleSettingsFor(uri) });
        const lines = new LineIndex(text);
        const pseudo = {
          uri,
          positionAt: (o: number) => {
            const p = lines.positionAt(o);
            return new vscode.Position(p.line, p.character);
          },
        } as unknown as vscode.TextDocument;
        controller.publishUnopened(uri, findings.map((f) => toDiagnostic(pseudo, f, extensionUri)));
        count = findings.length;
      }
      files++;
      problems += count;
      if (count) filesWithProblems++;
    }
  }
  return { files, filesWithProblems, problems, cancelled: token.isCancellationRequested };
}
