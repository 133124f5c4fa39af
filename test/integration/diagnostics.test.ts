/// <reference types="mocha" />
// Diagnostics in a real VS Code: every document kind gets its findings with source, code, doc link and exact range.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, codeOf, fixture, open, waitForDiagnostics } from './helpers';

suite('diagnostics', () => {
  suiteSetup(async () => {
    await api();
  });

  const cases: [file: string, rule: string, line: number, character: number][] = [
    ['federation/ci-rule.json', 'anthropic/match-constraint', 3, 2],
    ['federation/manifest.yaml', 'anthropic/subject-prefix-scope', 31, 42],
    ['infra/trust.json', 'iam/string-equals-wildcard', 13, 53],
    ['infra/wif_users.sql', 'snowflake/wif-user-type', 4, 9],
    ['services/.env', 'workload/static-key-shadows-federation', 9, 0],
    ['k8s/inference.yaml', 'workload/projected-token-audience', 40, 16],
    ['.github/workflows/deploy.yml', 'workload/workflow-static-key', 39, 10],
  ];
  for (const [file, rule, line, character] of cases) {
    test(`${file}: ${rule} at ${line + 1}:${character + 1}`, async () => {
      const editor = await open(file);
      const diags = await waitForDiagnostics(editor.document.uri, (ds) => ds.some((d) => codeOf(d) === rule));
      const d = diags.find((x) => codeOf(x) === rule)!;
      assert.equal(d.source, 'keyless');
      assert.deepEqual([d.range.start.line, d.range.start.character], [line, character]);
      assert.ok(typeof d.code === 'object' && d.code.target.path.endsWith(`/docs/rules/${rule}.md`), 'code links to the rule doc');
    });
  }

  test('a good configuration stays quiet', async () => {
    const editor = await open('federation/good-rule.json');
    // wait for its check to have run: edit it trivially, then its (empty) result arrives
    const api2 = await api();
    await new Promise<void>((resolve) => {
      if (api2.diagnostics.lastCheck(editor.document)) return resolve();
      const sub = api2.diagnostics.onDidCheck((u) => {
        if (u.toString() === editor.document.uri.toString()) {
          sub.dispose();
          resolve();
        }
      });
    });
    assert.deepEqual(vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'keyless'), []);
  });

  test('related information points at the other place involved (the id-token: write permission)', async () => {
    const editor = await open('.github/workflows/deploy.yml');
    const diags = await waitForDiagnostics(editor.document.uri, (ds) => ds.some((d) => codeOf(d) === 'workload/workflow-static-key'));
    const d = diags.find((x) => codeOf(x) === 'workload/workflow-static-key')!;
    const related = d.relatedInformation ?? [];
    assert.ok(related.length > 0, 'has related information');
    assert.equal(related[0]!.location.uri.toString(), fixture('.github/workflows/deploy.yml').toString());
    assert.match(editor.document.getText(related[0]!.location.range) + editor.document.lineAt(related[0]!.location.range.start.line).text, /id-token/);
  });

  test('as you type: a new mistake appears, its fix clears it', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: '{\n  "name": "ci",\n  "issuer_id": "fdis_01HbK9zQ3vX8mN2pR7tY4wLc",\n  "match": { "subject_prefix": "repo:acme/app:ref:refs/heads/main", "audience": "https://api.anthropic.com", "claims": { "repository_owner": "acme" } },\n  "target": { "type": "service_account", "service_account_id": "svac_01HbK9zQ3vX8mN2pR7tY4wLd" },\n  "workspace_id": "wrkspc_01PaymentsProd7xQ2mN8vK4tR",\n  "oauth_scope": "workspace:inference"\n}\n' });
    await vscode.window.showTextDocument(doc);
    await waitForDiagnostics(doc.uri, (ds) => ds.length === 0 || ds.every((d) => d.severity === vscode.DiagnosticSeverity.Information));
    const at = doc.getText().indexOf('ref:refs/heads/main');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'ref:refs/heads/main'.length)), '*');
    await vscode.workspace.applyEdit(edit);
    const diags = await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'anthropic/subject-prefix-scope'));
    assert.equal(diags.find((d) => codeOf(d) === 'anthropic/subject-prefix-scope')!.severity, vscode.DiagnosticSeverity.Warning);
  });
});
