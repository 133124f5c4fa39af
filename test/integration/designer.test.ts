// The rule designer in a real VS Code: opened from the palette command, from a finding and from a key, with its
// rendered page read back (the page answers with the text of each region, as a user sees it).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { designView, newDesign } from '../../src/core/design';
import { safeRelativePath } from '../../src/vscode/designer/save';
import { api, fixture } from './helpers';

type Regions = Readonly<Record<string, string>>;
type Panel = NonNullable<ReturnType<Awaited<ReturnType<typeof api>>['designer']>>;

/** A message to the panel as if its page had sent it (the page posts them when the user acts). */
const fromPage = (panel: Panel, message: unknown) => (panel as unknown as { receive(raw: unknown): void }).receive(message);

/** The open designer, once its page has rendered regions that satisfy `ok` (polled through the page itself). The first
 * webview of a session can take a while to load in a browser-hosted VS Code (its service worker starts). */
async function rendered(ok: (r: Regions) => boolean, what: string, ms = 60000): Promise<{ panel: Panel; regions: Regions }> {
  const keyless = await api();
  const deadline = Date.now() + ms;
  let last: Regions = {};
  while (Date.now() < deadline) {
    const panel = keyless.designer();
    if (panel) {
      try {
        last = await panel.inspect(3000);
        if (ok(last)) return { panel, regions: last };
      } catch {
        /* the page is still loading */
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the designer never showed ${what}; last:\n${JSON.stringify(last, null, 1).slice(0, 3000)}`);
}

suite('Rule designer', () => {
  teardown(async () => {
    (await api()).designer()?.dispose();
  });

  test('opens from the command palette with a design, its documents, findings, playground and attacks', async () => {
    await vscode.commands.executeCommand('keyless.openDesigner');
    const { regions } = await rendered((r) => r.documents?.includes('federation_rules:') && r.playground?.includes('Signature') && /neighbour/.test(r.attacks ?? ''), 'documents, a sample token and attacks');
    assert.match(regions.header!, /Federation rule designer/);
    assert.match(regions.form!, /Repository/);
    assert.match(regions.form!, /is required/, 'the empty repository is a problem in the form');
    assert.match(regions.documents!, /Anthropic: federation issuer, service account and rule/);
    assert.match(regions.documents!, /GitHub Actions: a job that exchanges its OIDC token/);
    assert.match(regions.documents!, /Save as New File/);
    assert.match(regions.documents!, /Copy Admin API Requests/);
    assert.match(regions.playground!, /A sample token of the designed workload/);
    assert.match(regions.playground!, /Signature verified/);
    assert.match(regions.playground!, /subject_prefix/);
  });

  test('opens from a finding with the rule read back, and attacks show what gets in', async () => {
    const uri = fixture('federation/manifest.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    // the finding's quick fix offers the designer
    await vscode.window.showTextDocument(doc);
    const deadline = Date.now() + 15000;
    let designerAction: vscode.Command | undefined;
    let titles: string[] = [];
    while (!designerAction && Date.now() < deadline) {
      const subject = doc.getText().indexOf('repo:acme/payments:*');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(doc.positionAt(subject), doc.positionAt(subject + 'repo:acme/payments:*'.length)));
      designerAction = actions.find((a) => a.title === 'Open in the federation rule designer')?.command;
      titles = actions.map((a) => a.title);
      if (!designerAction) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(designerAction, `a finding on the rule offers "Open in the federation rule designer"; offered: ${titles.join(' | ')}`);
    await vscode.commands.executeCommand(designerAction.command, ...(designerAction.arguments ?? []));
    const { panel, regions } = await rendered((r) => r.documents?.includes('acme/payments') && /Rule /.test(r.attacks ?? ''), 'the rule read back from the manifest');
    assert.equal(panel.design.identity, 'github-actions');
    assert.equal(panel.design.pins.repository, 'acme/payments');
    assert.equal(panel.design.scope, 'workspace:developer');
    assert.equal(panel.design.workspace, 'wrkspc_01PaymentsProd7xQ2mN8vK4tR');
    assert.match(regions.form!, /Branch is required/, 'the rule named no branch: the designer asks for one');
    assert.match(regions.attacks!, /fork/i);
  });

  test('adds a designed rule to an existing manifest as an edit the user can undo', async () => {
    await vscode.commands.executeCommand('keyless.openDesigner', { destination: 'anthropic', identity: 'github-actions' });
    const { panel } = await rendered((r) => !!r.documents?.includes('federation_rules:'), 'the documents');
    const uri = fixture('federation/manifest.yaml');
    const before = (await vscode.workspace.openTextDocument(uri)).getText();
    const message = await panel.addToFile('anthropic-manifest', uri);
    assert.match(message, /not saved yet/);
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.ok(doc.isDirty, 'the edit is not saved for the user');
    assert.notEqual(doc.getText(), before);
    assert.ok(doc.getText().startsWith(before.slice(0, before.indexOf('service_accounts:'))), 'what was there stays');
    assert.equal(doc.getText().match(/issuer_url: https:\/\/token\.actions\.githubusercontent\.com/g)?.length, 1, 'the existing GitHub issuer is reused, not duplicated');
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), before, 'one undo takes the whole addition back');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('opens prefilled for a destination and identity (as Replace with Federation… does for a key)', async () => {
    await vscode.commands.executeCommand('keyless.openDesigner', { destination: 'openai', identity: 'kubernetes' });
    const { panel, regions } = await rendered((r) => !!r.documents?.includes('workload_identity_providers'), 'an OpenAI design');
    assert.equal(panel.design.destination, 'openai');
    assert.equal(panel.design.identity, 'kubernetes');
    assert.match(regions.values!, /Destination: OpenAI API Platform/);
    assert.match(regions.values!, /Workload identity: Kubernetes, self-managed/);
  });

  test('a reloaded panel comes back with its design and tab; a corrupt state starts afresh and says so', async () => {
    const keyless = await api();
    await vscode.commands.executeCommand('keyless.openDesigner', { destination: 'snowflake', identity: 'aws-sts' });
    const { panel } = await rendered((r) => !!r.documents?.includes('CREATE USER'), 'a Snowflake design');
    const saved = { model: panel.design, tab: 'attacks' };
    panel.dispose();
    const Revived = panel.constructor as unknown as { revive(p: vscode.WebviewPanel, s: unknown, u: vscode.Uri, l: unknown, t: unknown): Panel };
    const extensionUri = vscode.extensions.getExtension('keyless.keyless')!.extensionUri;
    Revived.revive(vscode.window.createWebviewPanel('keyless.designer', 'Federation Rule Designer', vscode.ViewColumn.Active), saved, extensionUri, keyless.log, keyless.pages);
    const back = await rendered((r) => r.tab === 'attacks' && !!r.documents?.includes('CREATE USER'), 'the saved Snowflake design on the attacks tab');
    assert.match(back.regions.attacks!, /Snowflake/);
    back.panel.dispose();
    Revived.revive(vscode.window.createWebviewPanel('keyless.designer', 'Federation Rule Designer', vscode.ViewColumn.Active), { model: { identity: 'nope' }, tab: 7 }, extensionUri, keyless.log, keyless.pages);
    await rendered((r) => r.tab === 'documents' && !!r.documents?.includes('federation_rules:'), 'a fresh design');
    assert.ok(keyless.log.lines.some((l) => /saved state was not a design/.test(l)));
  });

  test('a token decided while the sample token of a new design is being signed keeps its answer', async () => {
    await vscode.commands.executeCommand('keyless.openDesigner');
    const { panel } = await rendered((r) => !!r.playground?.includes('Signature'), 'a sample token');
    panel.load({ model: newDesign('github-actions', 'openai', 'payments-ci'), tab: 'playground' });
    // the new design's run starts (it signs a sample token, which takes a moment); then the user decides a token
    await new Promise((r) => setTimeout(r, 0));
    fromPage(panel, { type: 'token', input: { kind: 'pasted', jwt: 'not-a-jwt' } });
    await rendered((r) => /This is not a JWT/.test(r.playground ?? '') && !!r.documents?.includes('workload_identity_providers'), 'the pasted token\'s answer');
    // the sample token's run, started first and finished last, does not replace it
    await new Promise((r) => setTimeout(r, 1500));
    const { regions } = await rendered(() => true, 'the page');
    assert.match(regions.playground!, /This is not a JWT/);
    assert.doesNotMatch(regions.playground!, /A sample token of the designed workload/);
  });

  test('a view of an older change than the page\'s latest does not rebuild the form from its design', async () => {
    await vscode.commands.executeCommand('keyless.openDesigner', { destination: 'anthropic', identity: 'github-actions' });
    const { panel } = await rendered((r) => !!r.values?.includes('Workload identity: GitHub Actions') && !!r.documents?.includes('federation_rules:'), 'a GitHub Actions design');
    const post = (message: unknown) => panel.panel.webview.postMessage(message);
    // the page has made no change (seq 0): a view answering change 7 is not about what the page holds
    await post({ type: 'view', view: designView(newDesign('kubernetes', 'anthropic')), curl: true, seq: 7 });
    const stale = await rendered((r) => !!r.documents?.includes('system:serviceaccount'), 'the view\'s documents');
    assert.match(stale.regions.values!, /Workload identity: GitHub Actions/, 'the form keeps the page\'s design');
    assert.doesNotMatch(stale.regions.form!, /Namespace/);
    // a view answering the page's latest change (none yet: 0) does
    await post({ type: 'view', view: designView(newDesign('kubernetes', 'anthropic')), curl: true, seq: 0 });
    await rendered((r) => !!r.values?.includes('Workload identity: Kubernetes') && /Namespace/.test(r.form ?? ''), 'the form rebuilt for Kubernetes');
  });

  test('a change the host cannot read is refused with a notice, and the page hears back', async () => {
    await vscode.commands.executeCommand('keyless.openDesigner', { destination: 'anthropic', identity: 'github-actions' });
    const { panel } = await rendered((r) => !!r.documents?.includes('federation_rules:'), 'the documents');
    const before = panel.design;
    fromPage(panel, { type: 'change', seq: 1, model: { ...before, pins: { ...before.pins, repository: 'a'.repeat(70 * 1024) } } });
    const { regions } = await rendered((r) => /not applied/.test(r.notice ?? ''), 'a notice');
    assert.match(regions.notice!, /64 KiB/);
    assert.deepEqual(panel.design, before);
  });

  test('"Save as New File" proposes a path inside the workspace folder, whatever the design names', () => {
    assert.equal(safeRelativePath('federation/anthropic-<name>-gha.yaml'), 'federation/anthropic-name-gha.yaml');
    assert.equal(safeRelativePath('k8s/../../../etc/cron.d/x-anthropic.yaml'), 'k8s/designed/designed/designed/etc/cron.d/x-anthropic.yaml');
    assert.equal(safeRelativePath('/etc/passwd'), 'designed/etc/passwd');
    assert.equal(safeRelativePath('snowflake/.. /x.sql'), 'snowflake/designed/x.sql');
    assert.equal(safeRelativePath('snowflake/.../x.sql'), 'snowflake/designed/x.sql');
    assert.equal(safeRelativePath('k8s/a\\..\\..\\b\nc.yaml'), 'k8s/a....bc.yaml');
    const folder = vscode.Uri.file('/work/space');
    for (const p of ['k8s/../../x', 'a/./../../b', '../..', 'x/.. /.. /y', 'x/..\u0000/y']) {
      assert.ok(vscode.Uri.joinPath(folder, safeRelativePath(p)).path.startsWith('/work/space/'), p);
    }
  });
});
