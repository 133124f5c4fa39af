// What every Keyless webview panel shares: the page's HTML shell under a strict Content-Security-Policy (nothing
// but the page's own nonce'd script and stylesheet from dist/webview, theme fonts and the extension's images; no
// inline code, no remote resources), how a dropped message is described in the log without its content, and the tap
// through which the tests see every message that crosses between the host and a page.
import * as vscode from 'vscode';

export interface PageShell {
  /** The page's bundle in dist/webview: `<name>.js` and `<name>.css`. */
  readonly name: string;
  readonly title: string;
  /** Shown until the page's script has rendered. */
  readonly loading: string;
}

function newNonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64').replace(/[+/=]/g, '');
}

export function pageHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: PageShell): string {
  const nonce = newNonce();
  const asset = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', file));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${asset(`${page.name}.css`)}">
<title>${page.title}</title>
</head>
<body>
<main id="app" aria-busy="true"><p>${page.loading}</p></main>
<script nonce="${nonce}" src="${asset(`${page.name}.js`)}"></script>
</body>
</html>`;
}

/** What a dropped message was, without its content (it may hold a pasted token or what a learner typed). */
export function describeDropped(raw: unknown): string {
  if (raw === null || typeof raw !== 'object') return typeof raw;
  const type = (raw as Record<string, unknown>).type;
  return typeof type === 'string' && type.length < 40 ? `type "${type.replace(/[^\w-]/g, '?')}"` : 'no type';
}

/** One message between the host and a Keyless page: one the host posted to it, or one it received from it (as sent). */
export interface PageMessageEvent {
  /** The page's bundle name (`designer`, `course`). */
  readonly page: string;
  readonly direction: 'posted' | 'received';
  readonly message: unknown;
}

/**
 * Every message the host and the Keyless pages exchange, for the integration tests that check what crosses (never a
 * key). One per window, made by activate() and handed to each panel; with nobody listening, a message costs a check.
 */
export class PageTraffic implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<PageMessageEvent>();
  readonly onDidExchange = this.emitter.event;

  record(page: string, direction: PageMessageEvent['direction'], message: unknown): void {
    this.emitter.fire({ page, direction, message });
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
