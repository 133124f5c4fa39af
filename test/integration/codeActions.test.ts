/// <reference types="mocha" />
// Quick fixes and fix-all through VS Code's own code action machinery.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, codeOf, open, waitForDiagnostics } from './helpers';

async function actionsAt(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind)) ?? [];
}

suite('code actions', () => {
  suiteSetup(async () => {
    await api();
  });

  test('the preferred quick fix changes the text and clears the finding', async () => {
    const editor = await open('services/.env');
    const uri = editor.document.uri;
    const diags = await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'workload/static-key-shadows-federation'));
    const d = diags.find((x) => codeOf(x) === 'workload/static-key-shadows-federation')!;
    const actions = await actionsAt(uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const preferred = actions.find((a) => a.isPreferred);
    assert.ok(preferred?.edit, `a preferred fix among: ${actions.map((a) => a.title).join(' | ')}`);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Show documentation for workload/static-key-shadows-federation'));
    assert.ok(titles.includes('Disable workload/static-key-shadows-federation for this file'));
    assert.ok(titles.includes('Disable workload/static-key-shadows-federation for this workspace'));
    assert.ok(await vscode.workspace.applyEdit(preferred.edit));
    assert.doesNotMatch(editor.document.getText(), /^ANTHROPIC_API_KEY=$/m);
    await waitForDiagnostics(uri, (ds) => !ds.some((x) => codeOf(x) === 'workload/static-key-shadows-federation'));
  });

  test('alternatives are offered as further (not preferred) actions', async () => {
    const editor = await open('federation/ci-rule.json');
    const uri = editor.document.uri;
    const diags = await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'anthropic/match-constraint'));
    const d = diags.find((x) => codeOf(x) === 'anthropic/match-constraint')!;
    const actions = await actionsAt(uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const suggestion = actions.find((a) => a.title === 'Add a subject_prefix to fill in');
    assert.ok(suggestion && !suggestion.isPreferred);
  });

  test('source.fixAll.keyless applies every safe fix (fix on save)', async () => {
    const editor = await open('infra/outbound.json');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'iam/outbound-audience'));
    const [fixAll] = await actionsAt(uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.keyless');
    assert.ok(fixAll?.edit, 'a fix-all action');
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    assert.match(editor.document.getText(), /"Null": \{\s*"sts:IdentityTokenAudience": "false"/);
    const after = await waitForDiagnostics(uri, (ds) => !ds.some((d) => codeOf(d) === 'iam/outbound-audience'));
    assert.ok(after.every((d) => codeOf(d) !== 'iam/outbound-audience'));
  });
});
