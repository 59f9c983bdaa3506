// Completion: the kind's completion providers, their entries turned into LSP items.
import { CompletionItemKind, CompletionItemTag, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver/node';
import type { SourceFile, WorkspaceView } from '../model/rule';
import { LineIndex } from '../core/text';
import { completionProviders } from '../features';

export function completionsAt(file: SourceFile, workspace: WorkspaceView, offset: number, onError: (e: unknown) => void): CompletionItem[] {
  const idx = new LineIndex(file.text);
  const items: CompletionItem[] = [];
  for (const provider of completionProviders[file.kind] ?? []) {
    let entries;
    try {
      entries = provider(file, workspace, offset);
    } catch (e) {
      onError(e);
      continue;
    }
    for (const c of entries) {
      const item: CompletionItem = {
        label: c.label,
        kind: c.kind === 'property' ? CompletionItemKind.Property : c.kind === 'value' ? CompletionItemKind.Value : CompletionItemKind.Keyword,
        detail: c.detail,
        documentation: c.documentation ? { kind: MarkupKind.Markdown, value: c.documentation } : undefined,
        insertTextFormat: c.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        filterText: c.filterText,
        sortText: c.sortText,
      };
      const text = c.insertText ?? c.label;
      if (c.range) item.textEdit = { range: { start: idx.positionAt(c.range.start), end: idx.positionAt(c.range.end) }, newText: text };
      else item.insertText = text;
      if (c.deprecated) item.tags = [CompletionItemTag.Deprecated];
      items.push(item);
    }
  }
  return items;
}
