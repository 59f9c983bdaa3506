// The requests the client and the server exchange beyond LSP, typed once for both sides (the client imports this
// module, as it imports settings.ts). Only names and types: each side makes its request objects with its own LSP
// library, whose versions need not be the same.

export interface ProtocolNotice {
  file: string;
  message: string;
}

export interface LintWorkspaceParams {
  /** Lint only this folder (a URI); all folders when omitted. */
  folder?: string;
}

export interface LintWorkspaceResult {
  files: number;
  filesWithFindings: number;
  findings: number;
  cancelled: boolean;
  ms: number;
  /** What the walk skipped and why (too big, binary, unreadable, a link out of the folder); at most 100 listed. */
  notices: ProtocolNotice[];
  /** How many notices there were in all. */
  noticeCount: number;
}

export const LINT_WORKSPACE = 'shipshape/lintWorkspace';

export interface ExplainParams {
  /** The error text (one or more log lines). */
  text: string;
  /** The workspace folder whose files are linted for evidence; none: no evidence section. The client sends a folder
   *  URI; the server turns it into a path before it explains. */
  folder?: string;
  /**
   * How `path:line` links are written: 'file' gives `file:///abs/path#L12` (default); 'command' gives a
   * `command:shipshape.openLocation?["file:///abs/path",12]` URI for a view that runs command links.
   */
  links?: 'file' | 'command';
}

export interface ExplainAnswer {
  matched: boolean;
  markdown: string;
  /** Each linked location, in the order of the Markdown. */
  locations: { uri: string; line: number; ruleId: string }[];
}

export const EXPLAIN = 'shipshape/explain';
