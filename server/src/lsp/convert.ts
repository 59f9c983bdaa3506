// Engine findings -> LSP diagnostics and edits. Offsets become line/character only here.
import * as fs from 'node:fs';
import { Diagnostic, DiagnosticSeverity, DiagnosticTag, type Range } from 'vscode-languageserver/node';
import { ruleDocsUrl } from '../engine/docs-url';
import type { Finding, Severity, Span } from '../core/finding';
import { LineIndex } from '../core/text';
import { pathToUri } from './paths';

export const SOURCE = 'shipshape';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Line indexes per file text, so related ranges in other files cost one index each. */
export class Texts {
  private readonly indexes = new Map<string, LineIndex | null>();
  constructor(private readonly read: (path: string) => string | undefined) {}

  index(path: string): LineIndex | undefined {
    let idx = this.indexes.get(path);
    if (idx === undefined) {
      const text = this.read(path) ?? readDisk(path);
      idx = text === undefined ? null : new LineIndex(text);
      this.indexes.set(path, idx);
    }
    return idx ?? undefined;
  }

  range(path: string, span: Span): Range {
    const idx = this.index(path) ?? new LineIndex('');
    return { start: idx.positionAt(span.start), end: idx.positionAt(span.end) };
  }
}

function readDisk(path: string): string | undefined {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function toDiagnostic(f: Finding, texts: Texts): Diagnostic {
  const d: Diagnostic = {
    range: texts.range(f.file, f.range),
    severity: SEVERITY[f.severity],
    source: SOURCE,
    code: f.ruleId,
    message: f.message,
  };
  if (f.ruleId !== 'internal-error' && f.ruleId !== 'unused-suppression') d.codeDescription = { href: ruleDocsUrl(f.ruleId) };
  if (f.related.length) {
    d.relatedInformation = f.related.map((r) => ({ location: { uri: pathToUri(r.file), range: texts.range(r.file, r.range) }, message: r.message }));
  }
  const tags: DiagnosticTag[] = [];
  if (f.tags.includes('deprecated')) tags.push(DiagnosticTag.Deprecated);
  if (f.tags.includes('unnecessary')) tags.push(DiagnosticTag.Unnecessary);
  if (tags.length) d.tags = tags;
  return d;
}

/** The key a diagnostic is recorded under, to find its finding again when code actions are asked for. */
export function diagnosticKey(d: { range: Range; code?: number | string; message: string | { value: string } }): string {
  const r = d.range;
  const message = typeof d.message === 'string' ? d.message : d.message.value;
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}\0${String(d.code)}\0${message}`;
}
