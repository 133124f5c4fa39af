// The rule designer's entry points: the command (from the palette, a finding, a key) and the serializer that brings
// the panel back after a reload. The panel's code (with the designer's core, the simulator, a CEL implementation and
// jose) is a bundle of its own, dist/designer.js, required on first use: the checker's activation does not load it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DESIGNER_VIEW_TYPE } from '../../webview/designer/protocol';
import { COMMANDS } from '../commands';
import type { Log } from '../log';
import type { PageTraffic } from '../webview';
import type * as Panel from './panel';

let loaded: typeof Panel | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const panel = async (): Promise<typeof Panel> => (loaded ??= require(path.join(__dirname, 'designer.js')) as typeof Panel);

export function registerDesigner(context: vscode.ExtensionContext, log: Log, traffic: PageTraffic): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.openDesigner, async (arg?: unknown) => {
      const p = await panel();
      p.DesignerPanel.show(context.extensionUri, log, traffic, await p.designFor(arg));
    }),
    vscode.window.registerWebviewPanelSerializer(DESIGNER_VIEW_TYPE, {
      async deserializeWebviewPanel(webviewPanel, state) {
        (await panel()).DesignerPanel.revive(webviewPanel, state, context.extensionUri, log, traffic);
      },
    }),
  ];
}

/** The open designer panel, once the designer has been loaded (tests read its page through it). */
export function activeDesigner(): Panel.DesignerPanel | undefined {
  return loaded?.DesignerPanel.active;
}
