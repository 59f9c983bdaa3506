// Rendering a lint result for terminals and tools: compiler-style text, the JSON contract, and SARIF 2.1.0.
// Offsets become 1-based lines and columns here, at the edge, and nowhere else.

import * as path from 'node:path';
import type { Finding, Notice, Severity } from './core/finding';
import { ruleDocsUrl } from './engine/docs-url';
import type { Rule } from './model/rule';
import { LineIndex } from './core/text';

export interface RenderInput {
  findings: readonly Finding[];
  notices: readonly Notice[];
  filesLinted: number;
  /** Current text of each file, for line/column. */
  textOf: (file: string) => string;
  cwd: string;
  rules: readonly Rule[];
  /** Every file linted (the JUnit report lists the clean ones as passed); optional for the other formats. */
  files?: readonly string[];
}

export function displayPath(file: string, cwd: string): string {
  if (!path.isAbsolute(file)) return file;
  const rel = path.relative(cwd, file);
  return (rel === '' ? path.basename(file) : rel).split(path.sep).join('/');
}

/** displayPath with each file worked out once (a finding's related entries name the same few files again and again). */
export function displayPaths(cwd: string): (file: string) => string {
  const cache = new Map<string, string>();
  return (file) => {
    let d = cache.get(file);
    if (d === undefined) cache.set(file, (d = displayPath(file, cwd)));
    return d;
  };
}

/** 1-based line/column converter per file, built once per file. */
export function positions(textOf: (file: string) => string) {
  const cache = new Map<string, LineIndex>();
  return (file: string, offset: number) => {
    let idx = cache.get(file);
    if (!idx) cache.set(file, (idx = new LineIndex(textOf(file))));
    const p = idx.positionAt(offset);
    return { line: p.line + 1, column: p.character + 1 };
  };
}

export function renderJson(input: RenderInput): string {
  const pos = positions(input.textOf);
  const rel = displayPaths(input.cwd);
  const out = {
    version: 1,
    files: input.filesLinted,
    notices: input.notices.map((n) => ({ file: rel(n.file), message: n.message })),
    findings: input.findings.map((f) => {
      const s = pos(f.file, f.range.start);
      const e = pos(f.file, f.range.end);
      return {
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        file: rel(f.file),
        line: s.line,
        column: s.column,
        endLine: e.line,
        endColumn: e.column,
        related: f.related.map((r) => {
          const rp = pos(r.file, r.range.start);
          return { file: rel(r.file), line: rp.line, column: rp.column, message: r.message };
        }),
        fixes: f.fixes.map((x) => ({
          title: x.title,
          safety: x.safety,
          edits: x.edits.map((ed) => {
            const es = pos(ed.file, ed.range.start);
            const ee = pos(ed.file, ed.range.end);
            return { file: rel(ed.file), line: es.line, column: es.column, endLine: ee.line, endColumn: ee.column, newText: ed.newText };
          }),
        })),
      };
    }),
  };
  return JSON.stringify(out, null, 2);
}

const COLORS: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', hint: '\x1b[2m' };

export function renderText(input: RenderInput, color: boolean): string {
  const pos = positions(input.textOf);
  const rel = displayPaths(input.cwd);
  const c = (code: string, s: string) => (color ? `${code}${s}\x1b[0m` : s);
  const lines: string[] = [];
  for (const n of input.notices) lines.push(`${displayPath(n.file, input.cwd) || '.'}: ${c('\x1b[2m', 'notice')}: ${n.message}`);
  for (const f of input.findings) {
    const p = pos(f.file, f.range.start);
    lines.push(`${c('\x1b[1m', `${rel(f.file)}:${p.line}:${p.column}`)}: ${c(COLORS[f.severity], f.severity)}: ${f.message} ${c('\x1b[2m', `[${f.ruleId}]`)}`);
    for (const r of f.related) {
      const rp = pos(r.file, r.range.start);
      lines.push(`    ${rel(r.file)}:${rp.line}:${rp.column}: ${r.message}`);
    }
  }
  const count = (s: Severity) => input.findings.filter((f) => f.severity === s).length;
  const parts = (['error', 'warning', 'info', 'hint'] as Severity[]).map((s) => `${count(s)} ${s}${count(s) === 1 ? '' : s === 'info' ? 's' : 's'}`);
  const fixable = input.findings.filter((f) => f.fixes.some((x) => x.safety === 'safe')).length;
  lines.push(
    `${input.findings.length} problem${input.findings.length === 1 ? '' : 's'} (${parts.join(', ')}) in ${input.filesLinted} file${input.filesLinted === 1 ? '' : 's'}` +
      (fixable ? `; ${fixable} fixable with --fix` : ''),
  );
  return lines.join('\n');
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function renderSarif(input: RenderInput, version: string): string {
  const pos = positions(input.textOf);
  const uri = displayPaths(input.cwd);
  const ruleIds = [...new Set(input.findings.map((f) => f.ruleId))].sort();
  const known = new Map(input.rules.map((r) => [r.meta.id, r]));
  const region = (file: string, s: number, e: number) => {
    const a = pos(file, s);
    const b = pos(file, e);
    return { startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column };
  };
  const driverRules = ruleIds.map((id) => {
    const r = known.get(id);
    const summary = r?.meta.summary ?? (id === 'internal-error' ? 'a shipshape rule failed on a file' : id === 'unused-suppression' ? 'an ignore comment that silences nothing' : id);
    const text = r ? `${r.meta.summary}.${r.meta.symptom ? ` Symptom: ${r.meta.symptom}` : ''} See ${ruleDocsUrl(id)}` : summary;
    return {
      id,
      name: id,
      shortDescription: { text: summary },
      fullDescription: { text: r?.meta.symptom ? `${summary}. ${r.meta.symptom}` : summary },
      helpUri: ruleDocsUrl(id),
      help: { text, markdown: `${text.replace(ruleDocsUrl(id), `[the rule's page](${ruleDocsUrl(id)})`)}` },
      defaultConfiguration: { level: SARIF_LEVEL[r?.meta.severity ?? 'warning'] },
    };
  });
  const results = input.findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: ruleIds.indexOf(f.ruleId),
    level: SARIF_LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: uri(f.file), uriBaseId: '%SRCROOT%' }, region: region(f.file, f.range.start, f.range.end) } }],
    ...(f.related.length
      ? {
          relatedLocations: f.related.map((r, i) => ({
            id: i + 1,
            message: { text: r.message },
            physicalLocation: { artifactLocation: { uri: uri(r.file), uriBaseId: '%SRCROOT%' }, region: region(r.file, r.range.start, r.range.end) },
          })),
        }
      : {}),
    ...(f.fixes.length
      ? {
          fixes: f.fixes.map((x) => ({
            description: { text: x.title },
            artifactChanges: groupByFile(x.edits).map(([file, edits]) => ({
              artifactLocation: { uri: uri(file), uriBaseId: '%SRCROOT%' },
              replacements: edits.map((e) => ({ deletedRegion: region(file, e.range.start, e.range.end), insertedContent: { text: e.newText } })),
            })),
          })),
        }
      : {}),
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'shipshape', semanticVersion: version, informationUri: 'https://github.com/shipshape-dev/shipshape', rules: driverRules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileUri(input.cwd) + '/' } },
        results,
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: input.notices.map((n) => ({ level: 'note', message: { text: `${uri(n.file)}: ${n.message}` } })),
          },
        ],
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}

function groupByFile<T extends { file: string }>(edits: readonly T[]): [string, T[]][] {
  const m = new Map<string, T[]>();
  for (const e of edits) {
    let l = m.get(e.file);
    if (!l) m.set(e.file, (l = []));
    l.push(e);
  }
  return [...m.entries()];
}

function pathToFileUri(p: string): string {
  return 'file://' + p.split(path.sep).map(encodeURIComponent).join('/');
}
