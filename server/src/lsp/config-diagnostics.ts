// A `.shipshape.yaml` that cannot be read, or has entries that are ignored, is shown in the editor on the file itself:
// otherwise its rules and ignores silently do nothing.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { Notice } from '../core/finding';
import { LineIndex } from '../core/text';
import { SOURCE } from './convert';

export function configDiagnostics(text: string, notices: readonly Notice[]): Diagnostic[] {
  const idx = new LineIndex(text);
  return notices.map((n) => {
    const span = placeOf(text, idx, n.message);
    return {
      range: { start: idx.positionAt(span.start), end: idx.positionAt(span.end) },
      severity: DiagnosticSeverity.Warning,
      source: SOURCE,
      code: 'config',
      message: n.message,
    };
  });
}

/** Where a notice points: the line a parse error names, else the key or rule id it quotes, else the first line. */
function placeOf(text: string, idx: LineIndex, message: string): { start: number; end: number } {
  const line = /\(line (\d+)\)/.exec(message);
  if (line) return lineSpan(text, idx.offsetAt({ line: Number(line[1]) - 1, character: 0 }));
  const key = /configuration key "([^"]+)"/.exec(message)?.[1] ?? /^rules\.([^.\s]+)/.exec(message)?.[1] ?? /^(dockerVersion|unsafeFixes|ignore|rules)\b/.exec(message)?.[1];
  if (key) {
    const m = new RegExp(`^[ \\t]*["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?[ \\t]*:`, 'm').exec(text);
    if (m) {
      const start = m.index + m[0].search(/\S/);
      return { start, end: start + m[0].trim().replace(/:$/, '').length };
    }
  }
  return lineSpan(text, 0);
}

function lineSpan(text: string, start: number): { start: number; end: number } {
  const nl = text.indexOf('\n', start);
  return { start, end: nl < 0 ? text.length : nl };
}
