// Hovers that teach and completions where they help, from the core (hover.ts, completion.ts).
import * as vscode from 'vscode';
import { completionsAt } from '../core/completion';
import { hoverAt } from '../core/hover';
import { isCandidatePath, MAX_CHECK_BYTES } from '../core/candidates';
import { toRange } from './convert';
import { LANGUAGES } from './diagnostics';
import { documentLength } from './documents';

function eligible(doc: vscode.TextDocument): boolean {
  return (isCandidatePath(doc.uri.path) || LANGUAGES.has(doc.languageId)) && documentLength(doc) <= MAX_CHECK_BYTES;
}

export function registerLanguageFeatures(): vscode.Disposable {
  const selector: vscode.DocumentSelector = [...LANGUAGES].map((language) => ({ language }));
  return vscode.Disposable.from(
    vscode.languages.registerHoverProvider(selector, {
      provideHover(doc, position) {
        if (!eligible(doc)) return undefined;
        const h = hoverAt(doc.getText(), doc.uri.path, doc.offsetAt(position));
        if (!h) return undefined;
        const md = new vscode.MarkdownString(h.markdown);
        md.isTrusted = false; // no command links from file content
        return new vscode.Hover(md, toRange(doc, h.span));
      },
    }),
    vscode.languages.registerCompletionItemProvider(
      selector,
      {
        provideCompletionItems(doc, position) {
          if (!eligible(doc)) return undefined;
          return completionsAt(doc.getText(), doc.uri.path, doc.offsetAt(position)).map((c) => {
            const item = new vscode.CompletionItem(c.label, c.kind === 'field' ? vscode.CompletionItemKind.Property : vscode.CompletionItemKind.EnumMember);
            item.insertText = c.insertText;
            item.range = toRange(doc, c.span);
            if (c.detail) item.detail = c.detail;
            if (c.documentation) item.documentation = new vscode.MarkdownString(c.documentation);
            return item;
          });
        },
      },
      ':', ' ', '"',
    ),
  );
}
