// "Keyless: Check Workspace": every candidate file, not only open ones, into the Problems panel; honours
// files.exclude (findFiles' default excludes), .gitignore files and Keyless's own include/exclude settings; with
// progress and cancel. Reads through workspace.fs, so remote and virtual workspaces work too.
import * as vscode from 'vscode';
import { MAX_CHECK_BYTES } from '../core/candidates';
import { check } from '../core/engine';
import { compareStrings, LineIndex } from '../core/text';
import * as config from './config';
import { toDiagnostic } from './convert';
import { type DiagnosticsController, ruleSettingsFor } from './diagnostics';
import { excludePattern, folderRelative, gitignoreFor, readWorkspaceText } from './files';

/** Every name isCandidatePath accepts, as one glob. */
export const CANDIDATE_GLOB = '**/{*.json,*.jsonc,*.yaml,*.yml,*.sql,*.template,*.env,.env,.env.*,.envrc,Dockerfile,Dockerfile.*,*.dockerfile,Containerfile}';

export interface WorkspaceCheckResult {
  readonly files: number;
  readonly filesWithProblems: number;
  readonly problems: number;
  readonly cancelled: boolean;
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
        const read = await readWorkspaceText(uri, MAX_CHECK_BYTES);
        if (read.kind !== 'text') continue; // too large, binary, or gone since it was listed: nothing to report on
        const text = read.text;
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
