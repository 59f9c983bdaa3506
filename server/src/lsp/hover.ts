// Hover: the docs of the rules whose findings lie under the cursor, then what the kind's hover providers say.
import { MarkupKind, type Hover } from 'vscode-languageserver/node';
import { ruleDocsUrl } from '../engine/docs-url';
import type { SourceFile, WorkspaceView } from '../model/rule';
import { LineIndex } from '../core/text';
import { hoverProviders } from '../features';
import type { FixRecord } from './code-actions';
import { ruleDocsHover } from './rule-docs';

export function hoverAt(file: SourceFile, workspace: WorkspaceView, offset: number, record: FixRecord | undefined, onError: (e: unknown) => void): Hover | null {
  const parts: string[] = [];
  let range: { start: number; end: number } | undefined;
  if (record) {
    const rules = new Set<string>();
    for (const { finding } of record.findings.values()) {
      if (finding.file !== file.path || offset < finding.range.start || offset > finding.range.end || rules.has(finding.ruleId)) continue;
      rules.add(finding.ruleId);
      const page = ruleDocsHover(finding.ruleId, ruleDocsUrl(finding.ruleId));
      if (page) parts.push(page);
      range ??= finding.range;
    }
  }
  for (const provider of hoverProviders[file.kind] ?? []) {
    try {
      const h = provider(file, workspace, offset);
      if (h) {
        parts.push(h.markdown);
        range ??= h.range;
      }
    } catch (e) {
      onError(e);
    }
  }
  if (!parts.length) return null;
  const idx = new LineIndex(file.text);
  return {
    contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') },
    range: range ? { start: idx.positionAt(range.start), end: idx.positionAt(range.end) } : undefined,
  };
}
