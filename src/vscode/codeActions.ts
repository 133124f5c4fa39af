// Quick fixes from the checker's fixes, in the order people know from ESLint: the fix (preferred) and its
// alternatives, "Fix all <rule> problems in this file", "Show documentation for <rule>", "Disable <rule> for this
// file / workspace"; and `source.fixAll.keyless` for fix-on-save.
import * as vscode from 'vscode';
import { fixAll, nonOverlappingPreferredEdits } from '../core/fix';
import { minimalEdit } from '../core/text';
import { COMMANDS } from './commands';
import { SOURCE, toRange } from './convert';
import type { DiagnosticsController } from './diagnostics';
import { ruleSettingsFor } from './diagnostics';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('keyless');

export class KeylessCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND];

  constructor(private readonly diagnostics: DiagnosticsController) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only) {
      // `source.fixAll` (on save), `source.fixAll.keyless` or the Source Action menu
      if (FIX_ALL_KIND.contains(context.only) || context.only.contains(FIX_ALL_KIND)) {
        const all = this.fixAllAction(doc);
        return all ? [all] : [];
      }
      if (!vscode.CodeActionKind.QuickFix.contains(context.only)) return [];
    }
    const last = this.diagnostics.lastCheck(doc);
    if (!last) return [];
    const actions: vscode.CodeAction[] = [];
    const seenRules = new Set<string>();
    let designable = false;
    for (const d of context.diagnostics) {
      if (d.source !== SOURCE) continue;
      const ruleId = typeof d.code === 'object' ? String(d.code.value) : String(d.code);
      // the diagnostics in the context are copies: find ours by rule, range and message
      const ours = last.diagnostics.find((x) => x.finding.ruleId === ruleId && x.range.isEqual(d.range) && x.message === d.message);
      if (!ours) continue;
      for (const fix of ours.finding.fixes) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits) action.edit.replace(doc.uri, toRange(doc, e.span), e.newText);
        action.diagnostics = [d];
        action.isPreferred = !!fix.preferred;
        actions.push(action);
      }
      if (seenRules.has(ruleId)) continue;
      seenRules.add(ruleId);
      const sameRule = last.diagnostics.filter((x) => x.finding.ruleId === ruleId && x.finding.fixes.some((f) => f.preferred));
      if (sameRule.length > 1) {
        const { edits } = nonOverlappingPreferredEdits(sameRule.map((x) => x.finding));
        const all = new vscode.CodeAction(`Fix all ${ruleId} problems in this file`, vscode.CodeActionKind.QuickFix);
        all.edit = new vscode.WorkspaceEdit();
        for (const e of edits) all.edit.replace(doc.uri, toRange(doc, e.span), e.newText);
        actions.push(all);
      }
      actions.push(command(`Show documentation for ${ruleId}`, COMMANDS.showRuleDoc, ruleId));
      // a federation rule's finding: see the rule redesigned, with its findings, token playground and attacks
      const destination = /^(anthropic|openai)\//.exec(ruleId)?.[1];
      if (destination && !designable) {
        designable = true;
        actions.push(command('Open in the federation rule designer', COMMANDS.openDesigner, { uri: doc.uri.toString(), offset: doc.offsetAt(d.range.start), destination }));
      }
      actions.push(command(`Disable ${ruleId} for this file`, COMMANDS.disableRule, ruleId, 'file', doc.uri.toString()));
      actions.push(command(`Disable ${ruleId} for this workspace`, COMMANDS.disableRule, ruleId, 'workspace', doc.uri.toString()));
    }
    return actions;
  }

  fixAllAction(doc: vscode.TextDocument): vscode.CodeAction | undefined {
    const all = fixAllEdit(this.diagnostics, doc);
    if (!all) return undefined;
    const action = new vscode.CodeAction('Fix all auto-fixable Keyless problems', FIX_ALL_KIND);
    action.edit = all.edit;
    return action;
  }
}

/** Every safe fix of the document, pass after pass, as one minimal edit (the code action and the command). */
export function fixAllEdit(diagnostics: DiagnosticsController, doc: vscode.TextDocument): { edit: vscode.WorkspaceEdit; fixed: number } | undefined {
  if (!diagnostics.isCandidate(doc)) return undefined;
  const before = doc.getText();
  const { text, fixed } = fixAll(before, doc.uri.path, { rules: ruleSettingsFor(doc.uri, doc) });
  const change = minimalEdit(before, text);
  if (!change) return undefined;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, toRange(doc, change.span), change.newText);
  return { edit, fixed };
}

function command(title: string, id: string, ...args: unknown[]): vscode.CodeAction {
  const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  a.command = { title, command: id, arguments: args };
  return a;
}
