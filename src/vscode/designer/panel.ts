// The rule designer's webview panel: one at a time, restored after a reload by its serializer. The page owns the
// form; every change comes here as a design, is validated (readDesignModel), and goes back as the documents, their
// findings (the same checker as the editor), the token playground and the attack panel. The token a user pastes is
// kept in memory while the panel is open (it is decided again as the design changes), never stored, logged or sent
// back: only its header and claims are.
import * as vscode from 'vscode';
import { adminApiCurl, attacks, carryPins, designDocuments, type DesignedDocument, designFromRules, designRuleSet, designView, isDestination, isIdentityKind, MAX_FIELD_LENGTH, type DesignModel, newDesign, playground, readDesignModel, type TokenInput } from '../../core/design';
import type { RuleSet } from '../../core/simulate';
import { DESIGNER_VIEW_TYPE, type DesignerState, type HostMessage, type PageMessage, readPageMessage, readTab, type Tab } from '../../webview/designer/protocol';
import { ruleDocUri } from '../convert';
import type { Log } from '../log';
import { describeDropped, pageHtml, type PageTraffic } from '../webview';
import { copyDocument, mergeInto, saveDocument } from './save';

const RECOMPUTE_DELAY_MS = 120;

/**
 * What `keyless.openDesigner` accepts: nothing (a new design), a prefill (`{destination, identity?}`, from a key),
 * or a place in a rules document (`{uri, offset}`, from a finding: the design is read back from the rule there).
 */
export type DesignerArgument = { readonly destination?: string; readonly identity?: string } | { readonly uri: string; readonly offset: number };

export async function designFor(arg: unknown): Promise<DesignModel | undefined> {
  if (arg === null || typeof arg !== 'object') return undefined;
  const a = arg as Record<string, unknown>;
  if (typeof a.uri === 'string' && typeof a.offset === 'number') {
    const uri = vscode.Uri.parse(a.uri);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? (await vscode.workspace.openTextDocument(uri));
    const read = designFromRules(doc.getText(), doc.uri.path, a.offset);
    if (read) return read;
  }
  if (isDestination(a.destination)) return newDesign(isIdentityKind(a.identity) ? a.identity : 'github-actions', a.destination);
  return undefined;
}


/** The design a new panel starts with: GitHub Actions → Anthropic, the most common first federation. */
export const DEFAULT_DESIGN: DesignModel = newDesign('github-actions', 'anthropic');

export class DesignerPanel implements vscode.Disposable {
  private static current: DesignerPanel | undefined;

  /** Open the designer (or bring it forward), with this design when one is given. */
  static show(extensionUri: vscode.Uri, log: Log, traffic: PageTraffic, model?: DesignModel): DesignerPanel {
    const open = DesignerPanel.current;
    if (open) {
      open.panel.reveal();
      if (model) open.load({ model, tab: 'documents' });
      return open;
    }
    const panel = vscode.window.createWebviewPanel(DESIGNER_VIEW_TYPE, 'Federation Rule Designer', vscode.ViewColumn.Active, DesignerPanel.options(extensionUri));
    return (DesignerPanel.current = new DesignerPanel(panel, extensionUri, log, traffic, { model: model ?? DEFAULT_DESIGN, tab: 'documents' }));
  }

  /** After a reload: the panel VS Code kept, with the state the page saved (untrusted: read, or start afresh). */
  static revive(panel: vscode.WebviewPanel, raw: unknown, extensionUri: vscode.Uri, log: Log, traffic: PageTraffic): DesignerPanel {
    DesignerPanel.current?.dispose();
    const saved = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    const model = readDesignModel(saved.model);
    if (raw !== undefined && raw !== null && !model) log.warn('The rule designer\'s saved state was not a design; it starts afresh.');
    panel.webview.options = DesignerPanel.options(extensionUri);
    return (DesignerPanel.current = new DesignerPanel(panel, extensionUri, log, traffic, { model: model ?? DEFAULT_DESIGN, tab: readTab(saved.tab) }));
  }

  /** The open designer, if any (tests). */
  static get active(): DesignerPanel | undefined {
    return DesignerPanel.current;
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    // only the page's own script and stylesheet can load; nothing from the workspace or the network
    return { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')] };
  }

  private readonly disposables: vscode.Disposable[] = [];
  private model: DesignModel;
  private tab: Tab;
  private token: TokenInput = { kind: 'sample' };
  private rules: { readonly model: DesignModel; readonly set: RuleSet | undefined } | undefined;
  /** The page's latest change read (applied to `model`, or refused); views carry it back. */
  private seq = 0;
  // each run of the playground and of the attacks supersedes the ones still running (they read an older design or token)
  private playgroundRuns = 0;
  private attackRuns = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ready = false;
  private readonly inspections = new Map<number, (regions: Readonly<Record<string, string>>) => void>();
  private nextInspection = 1;

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
    private readonly traffic: PageTraffic,
    state: DesignerState,
  ) {
    this.model = state.model;
    this.tab = state.tab;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'keyless.svg');
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw) => this.receive(raw)),
    );
  }

  /** The design shown now. */
  get design(): DesignModel {
    return this.model;
  }

  /** Replace the design (a prefill from a finding or a key). */
  load(state: DesignerState): void {
    this.model = state.model;
    this.tab = state.tab;
    this.token = { kind: 'sample' };
    if (this.ready) {
      this.post({ type: 'init', state: { model: this.model, tab: this.tab } });
      this.recompute(0);
    }
  }

  /**
   * The text the page shows, region by region (`form`, `documents`, `findings`, `playground`, `attacks`, `notice`):
   * read from its DOM, so a test sees what a user sees.
   */
  inspect(timeoutMs = 10_000): Promise<Readonly<Record<string, string>>> {
    const id = this.nextInspection++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.inspections.delete(id);
        reject(new Error('the designer page did not answer'));
      }, timeoutMs);
      this.inspections.set(id, (regions) => {
        clearTimeout(timer);
        resolve(regions);
      });
      this.post({ type: 'inspect', id });
    });
  }

  /** Add one of the designed documents to an existing file, as "Add to Existing File…" does after its dialog. */
  addToFile(documentId: string, target: vscode.Uri): Promise<string> {
    const doc = this.documentById(documentId);
    return doc ? mergeInto(doc, target) : Promise.resolve(`No designed document "${documentId}".`);
  }

  private receive(raw: unknown): void {
    this.traffic.record('designer', 'received', raw);
    const message = readPageMessage(raw);
    if (!message) {
      this.log.warn(`The rule designer dropped a message it does not understand (${describeDropped(raw)}).`);
      return;
    }
    void this.handle(message).catch((e) => {
      this.log.warn(`The rule designer could not ${message.type}: ${e instanceof Error ? e.message : String(e)}`);
      this.post({ type: 'notice', text: `Something went wrong: ${e instanceof Error ? e.message : String(e)}` });
    });
  }

  private async handle(message: PageMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        // a page that (re)loaded: it has made no change yet
        this.ready = true;
        this.seq = 0;
        this.post({ type: 'init', state: { model: this.model, tab: this.tab } });
        this.recompute(0);
        return;
      case 'change': {
        const model = readDesignModel(message.model);
        this.seq = message.seq;
        if (!model) {
          // the page hears back (a view of the design before it), so it does not wait for this change's view
          this.log.warn('The rule designer dropped a change that is not a design.');
          this.post({ type: 'notice', text: `That change was not applied: a value is longer than ${MAX_FIELD_LENGTH / 1024} KiB, or the design is not one the designer reads. The documents show the design before it.` });
          this.recompute(0);
          return;
        }
        const switched = model.identity !== this.model.identity || model.destination !== this.model.destination;
        // another identity or destination: a fresh form for it, keeping what still applies
        this.model = switched ? carryOver(this.model, model) : model;
        this.recompute(switched ? 0 : RECOMPUTE_DELAY_MS);
        return;
      }
      case 'token':
        this.token = message.input;
        await this.runPlayground();
        return;
      case 'save': {
        const doc = this.documentById(message.document);
        if (!doc) return;
        const outcome = await saveDocument(doc, message.mode);
        if (outcome) this.post({ type: 'notice', text: outcome });
        return;
      }
      case 'copy': {
        const doc = this.documentById(message.document);
        if (!doc) return;
        await copyDocument(doc);
        this.post({ type: 'notice', text: `Copied "${doc.title}" to the clipboard.` });
        return;
      }
      case 'copyCurl': {
        const curl = adminApiCurl(this.model);
        if (!curl) {
          this.post({ type: 'notice', text: 'Snowflake has no Admin API request to copy: run the SQL document in a worksheet or with snowsql.' });
          return;
        }
        await vscode.env.clipboard.writeText(curl);
        this.post({ type: 'notice', text: 'Copied the Admin API requests as curl commands. They read the admin token from an environment variable; nothing secret is in them.' });
        return;
      }
      case 'openRule':
        await vscode.commands.executeCommand('markdown.showPreview', ruleDocUri(this.extensionUri, message.ruleId));
        return;
      case 'inspected':
        this.inspections.get(message.id)?.(message.regions);
        this.inspections.delete(message.id);
        return;
    }
  }

  private documentById(id: string) {
    return designDocuments(this.model).find((d) => d.id === id);
  }

  /** The designed rules as the simulator reads them: once per design, shared by the playground and the attacks. */
  private rulesOf(model: DesignModel, documents?: readonly DesignedDocument[]): RuleSet | undefined {
    if (this.rules?.model !== model) this.rules = { model, set: designRuleSet(model, documents) };
    return this.rules.set;
  }

  /** The view now (or after a short pause while typing), then the playground and attacks for the same design. */
  private recompute(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      try {
        const view = designView(this.model);
        this.rulesOf(this.model, view.documents);
        this.post({ type: 'view', view, curl: this.model.destination !== 'snowflake', seq: this.seq });
      } catch (e) {
        this.failed('show this design', e);
        return;
      }
      void this.runPlayground();
      void this.runAttacks();
    }, delay);
  }

  /** The playground for the design and token now; posted unless a later run (a change, a decided token) started meanwhile. */
  private async runPlayground(): Promise<void> {
    const run = ++this.playgroundRuns;
    try {
      const result = await playground(this.model, this.token, Math.floor(Date.now() / 1000), this.rulesOf(this.model));
      if (run === this.playgroundRuns) this.post({ type: 'playground', result });
    } catch (e) {
      // the error of a pasted token's run is not logged: it could quote the token
      if (run === this.playgroundRuns) this.failed('decide the token', this.token.kind === 'pasted' ? new Error('the simulator stopped on this token') : e);
    }
  }

  private async runAttacks(): Promise<void> {
    const run = ++this.attackRuns;
    try {
      const result = await attacks(this.model, Math.floor(Date.now() / 1000), this.rulesOf(this.model));
      if (run === this.attackRuns) this.post({ type: 'attacks', result });
    } catch (e) {
      if (run === this.attackRuns) this.failed('attack this design', e);
    }
  }

  /** An error the user would otherwise not see (the page would keep showing an older result): logged and said. */
  private failed(what: string, e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    this.log.warn(`The rule designer could not ${what}: ${message}`);
    this.post({ type: 'notice', text: `Keyless could not ${what}: ${message}` });
  }

  private post(message: HostMessage): void {
    this.traffic.record('designer', 'posted', message);
    void this.panel.webview.postMessage(message);
  }

  private html(): string {
    return pageHtml(this.panel.webview, this.extensionUri, { name: 'designer', title: 'Federation Rule Designer', loading: 'Loading the designer…' });
  }

  dispose(): void {
    if (DesignerPanel.current === this) DesignerPanel.current = undefined;
    clearTimeout(this.timer);
    // results still running are for a page that is gone
    this.playgroundRuns++;
    this.attackRuns++;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

/**
 * A design for a new identity or destination: the new form's defaults, with the values of fields both forms have
 * (a select keeps its value only when the new form offers it); scope, workspace and lifetime stay when the
 * destination does.
 */
export function carryOver(previous: DesignModel, next: DesignModel): DesignModel {
  const fresh = newDesign(next.identity, next.destination, next.serviceAccount);
  const same = previous.destination === next.destination;
  return {
    ...fresh,
    pins: carryPins(next.identity, next.destination, next.pins),
    ...(same ? { scope: next.scope, workspace: next.workspace ?? '' } : {}),
    ...(same && next.lifetimeSeconds !== undefined ? { lifetimeSeconds: next.lifetimeSeconds } : {}),
  };
}
