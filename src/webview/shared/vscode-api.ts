// The webview API VS Code gives a page (acquireVsCodeApi, callable once), typed by the page's own protocol.
export interface VsCodeApi<Message, State> {
  postMessage(message: Message): void;
  getState(): unknown;
  setState(state: State): void;
}

declare function acquireVsCodeApi(): VsCodeApi<unknown, unknown>;

export function vscodeApi<Message, State>(): VsCodeApi<Message, State> {
  return acquireVsCodeApi() as VsCodeApi<Message, State>;
}
