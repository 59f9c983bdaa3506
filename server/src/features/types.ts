// Editor features as plain functions of (file, workspace, offset) returning plain data; server.ts turns them into
// LSP types. Each kind registers its providers in features/index.ts.
import type { Span } from '../core/finding';
import type { SourceFile, WorkspaceView } from '../model/rule';

export interface HoverResult {
  markdown: string;
  /** The span the hover is about (the key, the schedule); defaults to the word under the cursor. */
  range?: Span;
}

export interface CompletionEntry {
  label: string;
  kind: 'property' | 'value' | 'keyword';
  detail?: string;
  documentation?: string;
  /** Text to insert; a snippet (with $1 placeholders) when `snippet` is true. */
  insertText?: string;
  snippet?: boolean;
  deprecated?: boolean;
  /** The span the insertion replaces; defaults to the word at the cursor. */
  range?: Span;
  /** What the typed text is matched against (e.g. the key with its opening quote); defaults to the label. */
  filterText?: string;
  sortText?: string;
}

export type HoverProvider = (file: SourceFile, workspace: WorkspaceView, offset: number) => HoverResult | undefined;
export type CompletionProvider = (file: SourceFile, workspace: WorkspaceView, offset: number) => CompletionEntry[];
