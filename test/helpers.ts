// Helpers for unit tests: lint in-memory files and read findings as 1-based positions.
import { defaultConfig, type Config } from '../server/src/engine/config';
import type { Finding } from '../server/src/core/finding';
import { Linter } from '../server/src/engine/lint';
import type { Rule } from '../server/src/model/rule';
import { LineIndex, applyEdits } from '../server/src/core/text';
import { Workspace } from '../server/src/engine/workspace';
import type { FileKind } from '../server/src/parsers/classify';
import { allRules } from '../server/src/rules';

export const WS_ROOT = '/ws';

export interface LintedFinding extends Finding {
  /** 1-based */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** the text the range covers */
  text: string;
  /** workspace-relative path */
  rel: string;
}

/** Lint files given as { 'relative/path': text } (or [text, kind] to force a kind) in a fresh in-memory workspace. */
export function lintFiles(
  files: Record<string, string | [string, FileKind]>,
  opts: { config?: Partial<Config>; rules?: readonly Rule[]; only?: string } = {},
): { findings: LintedFinding[]; workspace: Workspace; linter: Linter } {
  const ws = new Workspace(WS_ROOT);
  for (const [rel, v] of Object.entries(files)) {
    const [text, kind] = Array.isArray(v) ? v : [v, undefined];
    ws.set(`${WS_ROOT}/${rel}`, text, kind);
  }
  const config = { ...defaultConfig(), ...(opts.config ?? {}) };
  const linter = new Linter(ws, config, opts.rules ?? allRules);
  const findings = linter
    .lint()
    .findings.filter((f) => !opts.only || f.ruleId === opts.only)
    .map((f) => withPositions(f, ws.get(f.file)?.text ?? ''));
  return { findings, workspace: ws, linter };
}

export function withPositions(f: Finding, text: string): LintedFinding {
  const idx = new LineIndex(text);
  const s = idx.positionAt(f.range.start);
  const e = idx.positionAt(f.range.end);
  return {
    ...f,
    line: s.line + 1,
    column: s.character + 1,
    endLine: e.line + 1,
    endColumn: e.character + 1,
    text: text.slice(f.range.start, f.range.end),
    rel: f.file.startsWith(WS_ROOT + '/') ? f.file.slice(WS_ROOT.length + 1) : f.file,
  };
}

/** Apply the first fix of a finding to its file's text (single-file fixes). */
export function applyFirstFix(f: Finding, text: string): string {
  const fix = f.fixes[0];
  if (!fix) throw new Error(`finding ${f.ruleId} has no fix`);
  return applyEdits(
    text,
    fix.edits.filter((e) => e.file === f.file),
  );
}
