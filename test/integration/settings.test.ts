/// <reference types="mocha" />
// Settings apply without a reload: severity overrides, `off`, disabling from a quick fix, and the workspace check.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, codeOf, fixture, open, setSetting, waitForDiagnostics } from './helpers';

suite('settings and workspace check', () => {
  suiteSetup(async () => {
    await api();
  });

  test('a severity override and `off` take effect at once', async () => {
    const editor = await open('infra/trust.json');
    const uri = editor.document.uri;
    const rule = 'iam/string-equals-wildcard';
    await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === rule && d.severity === vscode.DiagnosticSeverity.Error));
    await setSetting('rules', { [rule]: 'info' });
    await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === rule && d.severity === vscode.DiagnosticSeverity.Information));
    await setSetting('rules', { [rule]: 'off' });
    await waitForDiagnostics(uri, (ds) => !ds.some((d) => codeOf(d) === rule));
    await setSetting('rules', undefined);
    await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === rule));
  });

  test('"Disable <rule> for this file" writes an override for that file only', async () => {
    const editor = await open('k8s/inference.yaml');
    const uri = editor.document.uri;
    const rule = 'workload/projected-token-audience';
    await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === rule));
    await vscode.commands.executeCommand('keyless.disableRule', rule, 'file', uri.toString());
    await waitForDiagnostics(uri, (ds) => !ds.some((d) => codeOf(d) === rule));
    const overrides = vscode.workspace.getConfiguration('keyless').get<unknown[]>('overrides');
    assert.deepEqual(overrides, [{ files: ['k8s/inference.yaml'], rules: { [rule]: 'off' } }]);
    await setSetting('overrides', undefined);
    await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === rule));
  });

  test('keyless.checkOnOpen puts unopened files in the Problems panel without a command', async () => {
    const unopened = fixture('unopened/tokens.json');
    assert.deepEqual(vscode.languages.getDiagnostics(unopened).filter((d) => d.source === 'keyless'), [], 'nothing checked it yet');
    await setSetting('checkOnOpen', true);
    await waitForDiagnostics(unopened, (ds) => ds.some((d) => codeOf(d) === 'iam/outbound-audience'));
    await setSetting('checkOnOpen', undefined);
  });

  test('"Check Workspace" reports unopened files and honours .gitignore', async () => {
    const unopened = fixture('unopened/tokens.json'); // no test opens it
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === unopened.toString()));
    await vscode.commands.executeCommand('keyless.checkWorkspace');
    const found = vscode.languages.getDiagnostics(unopened).filter((d) => d.source === 'keyless');
    const audience = found.find((d) => codeOf(d) === 'iam/outbound-audience');
    assert.ok(audience, 'the unopened file is in the Problems panel');
    assert.deepEqual([audience.range.start.line, audience.range.start.character], [9, 8]);
    assert.deepEqual(vscode.languages.getDiagnostics(fixture('ignored/outbound.json')), [], 'a .gitignored file is not checked');
  });
});
