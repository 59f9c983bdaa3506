// Inline suppression: a full-line comment `# shipshape-ignore <rule-id>[, <rule-id>…] [-- reason]` silences those
// rules' findings that start on the next line (the next line that is not itself such a comment).
// A bare `# shipshape-ignore` silences every rule on that line.

import type { Span } from '../core/finding';
import { LineIndex } from '../core/text';

export interface Suppression {
  /** 0-based line the comment is on */
  line: number;
  /** 0-based line it silences */
  target: number;
  /** empty = every rule */
  ruleIds: string[];
  range: Span;
}

const DIRECTIVE = /^([ \t]*)(#|;|\/\/)[ \t]*shipshape-ignore(?=[ \t]|$)([^\r\n]*)$/;

export function findSuppressions(text: string, prefixes: string[]): Suppression[] {
  if (prefixes.length === 0 || !text.includes('shipshape-ignore')) return [];
  const index = new LineIndex(text);
  const found: Suppression[] = [];
  for (let line = 0; line < index.lineCount; line++) {
    const lineText = index.lineText(line);
    const m = DIRECTIVE.exec(lineText);
    if (!m || !prefixes.includes(m[2])) continue;
    const rest = m[3].split(/\s--\s|\s--$/)[0];
    const ruleIds = rest.split(/[\s,]+/).filter((s) => s.length > 0);
    const start = index.lineStart(line) + m[1].length;
    found.push({ line, target: -1, ruleIds, range: { start, end: index.lineEnd(line) } });
  }
  // Stacked comments all point at the first line after the stack.
  for (let i = found.length - 1; i >= 0; i--) {
    const next = found[i + 1];
    found[i].target = next && next.line === found[i].line + 1 ? next.target : found[i].line + 1;
  }
  return found;
}
