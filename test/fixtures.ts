// Fixture conventions (STYLE.md item 8), shared by the fixture and docs tests.
//
// test/fixtures/<rule-id>/bad/<case> and good/<case>: a case is one file, or a folder linted as one workspace.
// In bad cases, each expected finding is a full-line comment right above the offending line:
//     # expect: <rule-id> "<offending text>"
// (`//` or `;` where that is the comment syntax; several may stack). Where a comment is impossible, a sibling
// `<file>.expected` holds lines `<line>: <rule-id> "<offending text>"` (1-based line of the offending text).
// `"text"#2` means the second occurrence on that line. `<file>.fixed` is the file after applying the first fix of
// every finding of the folder's rule.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineIndex } from '../server/src/core/text';

export interface Expectation {
  file: string;
  ruleId: string;
  start: number;
  end: number;
  /** where the expectation was written, for messages */
  where: string;
}

const INLINE = /^[ \t]*(?:#|\/\/|;)[ \t]*expect:[ \t]*([a-z0-9-]+)[ \t]+"((?:[^"\\]|\\.)*)"(?:#(\d+))?[ \t]*$/;
const SIDECAR = /^(\d+):[ \t]*([a-z0-9-]+)[ \t]+"((?:[^"\\]|\\.)*)"(?:#(\d+))?[ \t]*$/;

function unescape(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

function locate(text: string, index: LineIndex, line: number, needle: string, occurrence: number, where: string): { start: number; end: number } {
  const lineStart = index.lineStart(line);
  const lineEnd = index.lineEnd(line);
  let from = lineStart;
  for (let n = 1; ; n++) {
    const at = text.indexOf(needle, from);
    if (at < 0 || at > lineEnd) throw new Error(`${where}: "${needle}" not found on line ${line + 1}`);
    if (n === occurrence) return { start: at, end: at + needle.length };
    from = at + 1;
  }
}

export function readExpectations(file: string, text: string): Expectation[] {
  const out: Expectation[] = [];
  const index = new LineIndex(text);
  for (let line = 0; line < index.lineCount; line++) {
    const m = INLINE.exec(index.lineText(line));
    if (!m) continue;
    let target = line + 1;
    while (target < index.lineCount && INLINE.test(index.lineText(target))) target++;
    const where = `${file}:${line + 1}`;
    const span = locate(text, index, target, unescape(m[2]), Number(m[3] ?? 1), where);
    out.push({ file, ruleId: m[1], ...span, where });
  }
  const sidecar = file + '.expected';
  if (fs.existsSync(sidecar)) {
    const lines = fs.readFileSync(sidecar, 'utf8').split('\n');
    lines.forEach((l, i) => {
      if (!l.trim() || l.trim().startsWith('#')) return;
      const m = SIDECAR.exec(l.trim());
      if (!m) throw new Error(`${sidecar}:${i + 1}: cannot read expectation "${l}"`);
      const where = `${sidecar}:${i + 1}`;
      const span = locate(text, index, Number(m[1]) - 1, unescape(m[3]), Number(m[4] ?? 1), where);
      out.push({ file, ruleId: m[2], ...span, where });
    });
  }
  return out;
}

export function isSidecar(name: string): boolean {
  return name.endsWith('.expected') || name.endsWith('.fixed');
}

/** The cases of a fixture folder (bad/ or good/): absolute paths of files and folders, sidecars left out. */
export function listCases(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((n) => !isSidecar(n))
    .sort()
    .map((n) => path.join(dir, n));
}

/** Every file inside a case, sidecars left out. */
export function caseFiles(casePath: string): string[] {
  const st = fs.statSync(casePath);
  if (st.isFile()) return [casePath];
  const out: string[] = [];
  const walkDir = (d: string) => {
    for (const n of fs.readdirSync(d).sort()) {
      const p = path.join(d, n);
      if (fs.statSync(p).isDirectory()) walkDir(p);
      else if (!isSidecar(n)) out.push(p);
    }
  };
  walkDir(casePath);
  return out;
}
