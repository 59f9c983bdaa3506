// Code actions answered from the record of the last lint of a document (no second lint): each fix the engine offers,
// "Ignore <rule> on this line", "Turn off <rule> for this workspace", and fix-all of the safe fixes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { CodeAction, CodeActionKind, type Diagnostic, type TextDocumentEdit, type CreateFile, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import { commentPrefixes, type FileKind } from '../parsers/classify';
import { CONFIG_FILE_NAMES } from '../engine/config';
import type { Finding, Fix, TextEdit } from '../core/finding';
import { planFixes } from '../engine/fix';
import { LineIndex } from '../core/text';
import { diagnosticKey, SOURCE } from './convert';
import { pathToUri } from './paths';

export const FIX_ALL_KIND = CodeActionKind.SourceFixAll + '.shipshape';

/** What the last lint of one document found, filed by diagnostic key, with the document version it was made for. */
export interface FixRecord {
  version: number | null;
  findings: Map<string, { finding: Finding; diagnostic: Diagnostic }>;
}

export interface ActionContext {
  uri: string;
  path: string;
  kind: FileKind;
  version: number;
  text: string;
  /** Current text of any file (open document, workspace or disk); undefined when it does not exist. */
  read(path: string): string | undefined;
  /** Version of an open document, null for files on disk. */
  versionOf(path: string): number | null;
  /** The `.shipshape.yaml` to write "turn off" into (existing or to create). */
  configFile: string | undefined;
  unsafeFixes: boolean;
  documentChanges: boolean;
}

export function isUsable(record: FixRecord | undefined, version: number): record is FixRecord {
  return !!record && record.version === version;
}

/** A diagnostic of ours published for another document version than the record's (see `data.version`). */
export function isStaleDiagnostic(d: Diagnostic, record: FixRecord): boolean {
  const v = (d.data as { version?: unknown } | undefined)?.version;
  return d.source === SOURCE && typeof v === 'number' && v !== record.version;
}

export function codeActions(record: FixRecord, ctx: ActionContext, diagnostics: Diagnostic[], only: string[] | undefined): CodeAction[] {
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
  const out: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    const seenRules = new Set<string>();
    for (const d of diagnostics) {
      if (d.source !== SOURCE) continue;
      const hit = record.findings.get(diagnosticKey(d));
      if (!hit) continue;
      const f = hit.finding;
      f.fixes.forEach((fix, i) => {
        const edit = workspaceEdit(fix.edits, ctx);
        if (!edit) return;
        out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [hit.diagnostic], isPreferred: i === 0 && fix.safety === 'safe', edit });
      });
      if (seenRules.has(f.ruleId) || f.ruleId === 'internal-error' || f.ruleId === 'unused-suppression') continue;
      seenRules.add(f.ruleId);
      const ignore = ignoreLineAction(f, hit.diagnostic, ctx);
      if (ignore) out.push(ignore);
      const off = turnOffAction(f, hit.diagnostic, ctx);
      if (off) out.push(off);
    }
  }
  const fixAllWanted = only ? wants(FIX_ALL_KIND) : true;
  if (fixAllWanted) {
    const all = fixAllAction(record, ctx, !only);
    if (all) out.push(all);
  }
  return out;
}

/** One action applying every safe fix in the file (and the unsafe ones when the config allows them). */
export function fixAllAction(record: FixRecord, ctx: ActionContext, onlyWhenSeveral = false): CodeAction | undefined {
  const findings = [...record.findings.values()].map((h) => h.finding).filter((f) => f.file === ctx.path);
  const plan = planFixes(findings, ctx.unsafeFixes);
  if (plan.applied.length === 0 || (onlyWhenSeveral && plan.applied.length < 2)) return undefined;
  const edits = [...plan.edits.values()].flat();
  const edit = workspaceEdit(edits, ctx);
  if (!edit) return undefined;
  return { title: `Fix all auto-fixable shipshape problems (${plan.applied.length})`, kind: FIX_ALL_KIND, edit };
}

function workspaceEdit(edits: TextEdit[], ctx: ActionContext): WorkspaceEdit | undefined {
  const byFile = new Map<string, TextEdit[]>();
  for (const e of edits) {
    let list = byFile.get(e.file);
    if (!list) byFile.set(e.file, (list = []));
    list.push(e);
  }
  const documentChanges: (TextDocumentEdit | CreateFile)[] = [];
  const changes: Record<string, LspTextEdit[]> = {};
  for (const [file, list] of byFile) {
    const text = file === ctx.path ? ctx.text : ctx.read(file);
    const uri = file === ctx.path ? ctx.uri : pathToUri(file);
    const creates = text === undefined;
    if (creates && !ctx.documentChanges) return undefined;
    const idx = new LineIndex(text ?? '');
    const lspEdits = list.map((e) => ({ range: { start: idx.positionAt(e.range.start), end: idx.positionAt(e.range.end) }, newText: e.newText }));
    if (ctx.documentChanges) {
      if (creates) documentChanges.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
      const version = file === ctx.path ? ctx.version : creates ? null : ctx.versionOf(file);
      documentChanges.push({ textDocument: { uri, version }, edits: lspEdits });
    } else changes[uri] = lspEdits;
  }
  return ctx.documentChanges ? { documentChanges } : { changes };
}

function ignoreLineAction(f: Finding, d: Diagnostic, ctx: ActionContext): CodeAction | undefined {
  const prefix = commentPrefixes(ctx.kind, ctx.path)[0];
  if (!prefix || f.file !== ctx.path) return undefined;
  const idx = new LineIndex(ctx.text);
  const line = idx.positionAt(f.range.start).line;
  const indent = /^[ \t]*/.exec(idx.lineText(line))?.[0] ?? '';
  const eol = ctx.text.includes('\r\n') ? '\r\n' : '\n';
  const newText = `${indent}${prefix} shipshape-ignore ${f.ruleId}${eol}`;
  const at = { line, character: 0 };
  return {
    title: `Ignore ${f.ruleId} on this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    edit: ctx.documentChanges
      ? { documentChanges: [{ textDocument: { uri: ctx.uri, version: ctx.version }, edits: [{ range: { start: at, end: at }, newText }] }] }
      : { changes: { [ctx.uri]: [{ range: { start: at, end: at }, newText }] } },
  };
}

/** `.shipshape.yaml` with `rules.<id>: off`, keeping the rest of the file (comments included). */
export function configWithRuleOff(text: string, ruleId: string): string {
  const doc = parseDocument(text || '', { prettyErrors: false });
  if (doc.errors.length) return text; // a broken config is not rewritten
  if (!doc.contents || doc.contents === null) doc.contents = doc.createNode({}) as never;
  doc.setIn(['rules', ruleId], 'off');
  return doc.toString();
}

function turnOffAction(f: Finding, d: Diagnostic, ctx: ActionContext): CodeAction | undefined {
  const file = ctx.configFile;
  if (!file) return undefined;
  let current: string | undefined;
  try {
    current = fs.readFileSync(file, 'utf8');
  } catch {
    current = undefined;
  }
  const open = ctx.read(file);
  if (open !== undefined) current = open;
  const next = configWithRuleOff(current ?? '', f.ruleId);
  if (current !== undefined && next === current) return undefined;
  const uri = pathToUri(file);
  const idx = new LineIndex(current ?? '');
  const whole = { start: { line: 0, character: 0 }, end: idx.positionAt((current ?? '').length) };
  let edit: WorkspaceEdit;
  if (ctx.documentChanges) {
    const changes: (TextDocumentEdit | CreateFile)[] = [];
    if (current === undefined) changes.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
    changes.push({ textDocument: { uri, version: current === undefined ? null : ctx.versionOf(file) }, edits: [{ range: whole, newText: next }] });
    edit = { documentChanges: changes };
  } else {
    if (current === undefined) return undefined;
    edit = { changes: { [uri]: [{ range: whole, newText: next }] } };
  }
  return { title: `Turn off ${f.ruleId} for this workspace`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit };
}

/** Where "turn off" writes: the config in use, or a new `.shipshape.yaml` at the folder root. */
export function configFileFor(root: string, existing: string | undefined): string | undefined {
  if (existing) return existing;
  if (!root) return undefined;
  return path.posix.join(root, CONFIG_FILE_NAMES[0]);
}

export type { Fix };
