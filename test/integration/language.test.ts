/// <reference types="mocha" />
// Hovers that teach and completions, through VS Code's provider commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, open } from './helpers';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

suite('hovers and completions', () => {
  suiteSetup(async () => {
    await api();
  });

  test('a hover on a broad subject prefix says what else it admits', async () => {
    const editor = await open('federation/manifest.yaml');
    const doc = editor.document;
    const at = doc.positionAt(doc.getText().indexOf('repo:acme/app*') + 5);
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at));
    assert.match(text, /repo:acme\/app-sandbox/);
    assert.match(text, /pull_request/);
  });

  test('a hover on a field gives its meaning, limits and the provider docs', async () => {
    const editor = await open('federation/manifest.yaml');
    const doc = editor.document;
    const at = doc.positionAt(doc.getText().indexOf('token_lifetime_seconds') + 3);
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at));
    assert.match(text, /60/);
    assert.match(text, /86400/);
    assert.match(text, /https:\/\/platform\.claude\.com\//);
  });

  test('completions offer the matchers of an empty match block and the scopes', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content: 'name: ci\nissuer_id: fdis_01HbK9zQ3vX8mN2pR7tY4wLc\nmatch:\n  \ntarget: { type: service_account, service_account_id: svac_01HbK9zQ3vX8mN2pR7tY4wLd }\noauth_scope: workspace:\n',
    });
    await vscode.window.showTextDocument(doc);
    const inMatch = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(3, 2));
    const labels = inMatch.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const m of ['subject_prefix', 'audience', 'claims', 'condition']) assert.ok(labels.includes(m), `${m} in ${labels.join(', ')}`);
    const scopes = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(5, 23));
    const scopeLabels = scopes.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(scopeLabels.includes('workspace:inference'), scopeLabels.join(', '));
  });
});
