// Keyless's output channel ("Keyless" in the Output panel, with VS Code's log levels). What the key scan did is
// logged here — counts, files, timings — and never a key: callers pass masked values only. The last lines are kept
// in memory too, so a test can read back everything that was logged.
import * as vscode from 'vscode';

const KEEP = 500;

export class Log implements vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;
  private readonly recent: string[] = [];

  constructor(name = 'Keyless') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  info(message: string): void {
    this.keep(message);
    this.channel.info(message);
  }

  warn(message: string): void {
    this.keep(message);
    this.channel.warn(message);
  }

  /** The last lines logged (tests). */
  get lines(): readonly string[] {
    return this.recent;
  }

  private keep(message: string): void {
    this.recent.push(message);
    if (this.recent.length > KEEP) this.recent.splice(0, this.recent.length - KEEP);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
