// Core findings -> VS Code objects. Offsets become positions through the document itself (its own line index).
import * as vscode from 'vscode';
import type { Finding, Fix, Severity, Span } from '../core/model';
import { ruleDocPath } from '../core/rule';

export const SOURCE = 'keyless';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toRange(doc: vscode.TextDocument, span: Span): vscode.Range {
  return new vscode.Range(doc.positionAt(span.start), doc.positionAt(span.end));
}

export function ruleDocUri(extensionUri: vscode.Uri, ruleId: string): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, ruleDocPath(ruleId));
}

/** A diagnostic that remembers its finding (code actions read the fixes from it). */
export class KeylessDiagnostic extends vscode.Diagnostic {
  constructor(
    range: vscode.Range,
    readonly finding: Finding,
  ) {
    super(range, finding.message, SEVERITY[finding.severity]);
  }
}

export function toDiagnostic(doc: vscode.TextDocument, finding: Finding, extensionUri: vscode.Uri): KeylessDiagnostic {
  const d = new KeylessDiagnostic(toRange(doc, finding.span), finding);
  d.source = SOURCE;
  d.code = { value: finding.ruleId, target: ruleDocUri(extensionUri, finding.ruleId) };
  if (finding.related?.length) {
    d.relatedInformation = finding.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(doc.uri, toRange(doc, r.span)), r.message));
  }
  return d;
}

export function toWorkspaceEdit(doc: vscode.TextDocument, fix: Fix, edit = new vscode.WorkspaceEdit()): vscode.WorkspaceEdit {
  for (const e of fix.edits) edit.replace(doc.uri, toRange(doc, e.span), e.newText);
  return edit;
}
