// The key scan as a feature of its own: its view, watchers, problems, quick fixes and commands. Built as a bundle of
// its own (dist/keys.js) that the extension loads once the checker has published its first diagnostics, so the
// scanner's code is not compiled before them.
import * as vscode from 'vscode';
import type { Log } from '../log';
import { KeyCodeActions, registerKeyCommands } from './actions';
import { registerBaselineRepair } from './baseline-repair';
import { KeysController } from './controller';
import { KeysTree } from './tree';

export interface KeysFeature {
  readonly keys: KeysController;
  readonly tree: KeysTree;
}

export function activateKeys(context: vscode.ExtensionContext, log: Log): KeysFeature {
  const keys = new KeysController(context.extensionUri, log);
  const tree = new KeysTree(keys);
  context.subscriptions.push(
    keys,
    tree,
    vscode.languages.registerCodeActionsProvider({ scheme: '*' }, new KeyCodeActions(keys), { providedCodeActionKinds: KeyCodeActions.kinds }),
    ...registerKeyCommands(keys, context.extensionUri),
    registerBaselineRepair(log),
  );
  keys.start(); // the first scan, in the background
  return { keys, tree };
}
