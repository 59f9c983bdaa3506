// The Finding model: what every rule produces and every adapter (CLI, LSP) renders.
// Ranges are UTF-16 offsets into the file's text; line/column is computed only at the edge (text.ts).

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

/** Half-open span [start, end) of UTF-16 offsets into a file's text. */
export interface Span {
  start: number;
  end: number;
}

export interface TextEdit {
  file: string;
  range: Span;
  newText: string;
}

/**
 * safe: keeps the file's meaning and its comments; applied by --fix and fix-all.
 * unsafe: may change behaviour or drop a comment; offered one at a time only.
 */
export type FixSafety = 'safe' | 'unsafe';

export interface Fix {
  title: string;
  safety: FixSafety;
  edits: TextEdit[];
}

export interface Related {
  file: string;
  range: Span;
  message: string;
}

export type Tag = 'deprecated' | 'unnecessary';

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  range: Span;
  related: Related[];
  fixes: Fix[];
  tags: Tag[];
  /** The message id in the rule's meta, and the values put into it; tests pin these. */
  messageId?: string;
  data?: Record<string, string | number>;
}

/** Something the user should know that is not a hazard in a file: a skipped file, a rule that crashed. */
export interface Notice {
  file: string;
  message: string;
}

export function severityRank(s: Severity): number {
  return s === 'error' ? 3 : s === 'warning' ? 2 : s === 'info' ? 1 : 0;
}

/** Whether two lists hold the very same Finding objects, in the same order (an unchanged result is handed back as is). */
export function sameFindingObjects(a: readonly Finding[] | undefined, b: readonly Finding[]): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.range.start !== b.range.start) return a.range.start - b.range.start;
  if (a.range.end !== b.range.end) return a.range.end - b.range.end;
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
}
