// The Keys view: provider -> key type -> location, worst first. Labels show masked values only (a known public
// prefix and at most four characters of the key); a count badge on the Keyless container; progress while scanning.
import * as vscode from 'vscode';
import { allowCommentText } from '../../core/secrets/allow';
import type { ProviderGroup, StoredKey, TypeGroup } from '../../core/secrets/store';
import type { SecretSeverity } from '../../core/secrets/types';
import { Disposable } from '../disposable';
import { COMMANDS } from '../commands';
import { KEYS_VIEW, type KeysController, plural } from './controller';

export type KeyNode =
  | { readonly kind: 'provider'; readonly group: ProviderGroup }
  | { readonly kind: 'type'; readonly group: TypeGroup; readonly provider: string }
  | { readonly kind: 'key'; readonly key: StoredKey };

const SEVERITY_ICON: Record<SecretSeverity, vscode.ThemeIcon> = {
  critical: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
  high: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  medium: new vscode.ThemeIcon('info', new vscode.ThemeColor('editorInfo.foreground')),
  low: new vscode.ThemeIcon('circle-outline'),
};

const SEVERITY_WORDS: Record<SecretSeverity, string> = {
  critical: 'critical: it can administer an account or sign as its owner',
  high: 'high: it can use an account on its own',
  medium: 'medium: limited in scope or lifetime',
  low: 'low: a test key or a short-lived token',
};


export class KeysTree extends Disposable implements vscode.TreeDataProvider<KeyNode> {
  private readonly changed = this._register(new vscode.EventEmitter<KeyNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<KeyNode>;

  constructor(private readonly keys: KeysController) {
    super();
    this.view = this._register(vscode.window.createTreeView(KEYS_VIEW, { treeDataProvider: this, showCollapseAll: true }));
    this._register(keys.onDidChange(() => this.refresh()));
    this.refresh();
  }

  private refresh(): void {
    const n = this.keys.store.count;
    this.view.badge = n ? { value: n, tooltip: `${plural(n, 'long-lived key')} in this workspace` } : undefined;
    this.view.message = this.message();
    this.changed.fire(undefined);
  }

  private message(): string | undefined {
    const progress = this.keys.progress;
    if (this.keys.state === 'scanning') return progress?.total ? `Scanning for keys… ${progress.done.toLocaleString('en-US')} of ${plural(progress.total, 'file')}` : 'Listing the workspace files…';
    const n = this.keys.store.count;
    if (!n) return undefined; // the welcome content says it
    const files = new Set(this.keys.store.all().map((k) => k.file)).size;
    const hidden = [
      this.keys.store.suppressed ? `${this.keys.store.suppressed} marked reviewed` : '',
      this.keys.store.baselined ? `${this.keys.store.baselined} in the baseline` : '',
    ].filter(Boolean);
    const cancelled = this.keys.state === 'cancelled' ? ' so far (the scan was cancelled)' : this.keys.state === 'failed' ? ' so far (the scan could not finish)' : '';
    return `${plural(n, 'long-lived key')} in ${plural(files, 'file')}${cancelled}${hidden.length ? `; not shown: ${hidden.join(', ')}` : ''}`;
  }

  getChildren(node?: KeyNode): KeyNode[] {
    if (!node) return this.keys.store.groups().map((group) => ({ kind: 'provider', group }));
    if (node.kind === 'provider') return node.group.types.map((group) => ({ kind: 'type', group, provider: node.group.provider }));
    if (node.kind === 'type') return node.group.keys.map((key) => ({ kind: 'key', key }));
    return [];
  }

  getTreeItem(node: KeyNode): vscode.TreeItem {
    if (node.kind === 'provider') {
      const item = new vscode.TreeItem(node.group.provider, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `provider:${node.group.provider}`;
      item.description = plural(node.group.count, 'key');
      item.iconPath = SEVERITY_ICON[node.group.severity];
      item.contextValue = 'provider';
      return item;
    }
    if (node.kind === 'type') {
      const item = new vscode.TreeItem(node.group.type, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `type:${node.group.detectorId}`;
      item.description = `${node.group.keys.length}`;
      item.iconPath = SEVERITY_ICON[node.group.severity];
      item.tooltip = `${node.provider} ${node.group.type}: severity ${SEVERITY_WORDS[node.group.severity]}`;
      item.contextValue = 'keyType';
      return item;
    }
    const k = node.key;
    const uri = vscode.Uri.parse(k.file);
    const where = `${vscode.workspace.asRelativePath(uri)}:${k.range.start.line + 1}`;
    const item = new vscode.TreeItem(k.masked, vscode.TreeItemCollapsibleState.None);
    item.id = `key:${k.file}#${k.span.start}:${k.fingerprint}`;
    item.description = where;
    item.resourceUri = uri;
    item.iconPath = SEVERITY_ICON[k.severity];
    // Mark as Reviewed where the file can hold a comment (JSON cannot: the baseline is the way there)
    item.contextValue = allowCommentText(uri.path) === undefined ? 'key' : 'key.commentable';
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(`**${k.provider} ${k.type}** $(${SEVERITY_ICON[k.severity].id})\n\n`);
    tip.appendMarkdown(`Severity ${SEVERITY_WORDS[k.severity]}.\n\n`);
    tip.appendText(`${k.masked} at ${where}`);
    tip.appendMarkdown(`\n\nFingerprint \`${k.fingerprint}\` (a salted hash, not the key).\n\nA long-lived key: replace it with workload identity federation (right-click for the way out).`);
    item.tooltip = tip;
    item.accessibilityInformation = { label: `${k.provider} ${k.type}, severity ${k.severity}, ${k.masked}, ${where}` };
    item.command = { title: 'Reveal Key', command: COMMANDS.revealKey, arguments: [k] };
    return item;
  }
}
