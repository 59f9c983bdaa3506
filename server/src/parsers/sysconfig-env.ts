// Environment files read by docker.service through EnvironmentFile= (/etc/sysconfig/docker, docker-storage,
// docker-network, /etc/default/docker): shell-style `KEY=value` lines, as systemd reads them. `#` and `;` lines are
// comments; values may be double- or single-quoted (quotes removed, double quotes may span lines and take backslash
// escapes); an unquoted value runs to the end of the line (trailing blanks trimmed) and a trailing `\` continues it.
// Each value keeps a per-character offset map, so flags found inside it point into this file.

import type { Span } from '../core/finding';

export interface EnvAssignment {
  name: string;
  nameSpan: Span;
  /** The value after unquoting. */
  value: string;
  /** The raw value text as written (quotes included). */
  rawSpan: Span;
  /** valueOffsets[i] is the host offset of value[i]; valueOffsets[value.length] is just past the raw value. */
  valueOffsets: number[];
  /** From the name (or `export`) to the end of the raw value. */
  span: Span;
  /** Start of the first line to just past the last line break (for whole-line edits). */
  lineSpan: Span;
  /** 0-based line of the name. */
  line: number;
  exported: boolean;
}

export interface EnvProblem {
  kind: 'unterminated-quote' | 'not-an-assignment';
  span: Span;
}

export interface SysconfigEnvModel {
  assignments: EnvAssignment[];
  comments: Span[];
  problems: EnvProblem[];
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

export function parseSysconfigEnv(text: string): SysconfigEnvModel {
  const model: SysconfigEnvModel = { assignments: [], comments: [], problems: [] };
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 0;
  const n = text.length;
  const isBreak = (c: string) => c === '\n' || c === '\r';
  const eatBreak = () => {
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
  };
  while (i < n) {
    const lineStart = i;
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i >= n) break;
    if (isBreak(text[i])) {
      eatBreak();
      continue;
    }
    if (text[i] === '#' || text[i] === ';') {
      const s = i;
      while (i < n && !isBreak(text[i])) i++;
      model.comments.push({ start: s, end: i });
      if (i < n) eatBreak();
      continue;
    }
    const startLine = line;
    const stmtStart = i;
    let exported = false;
    if (text.startsWith('export', i) && (text[i + 6] === ' ' || text[i + 6] === '\t')) {
      exported = true;
      i += 6;
      while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
    }
    NAME.lastIndex = i;
    const m = NAME.exec(text);
    let j = m ? i + m[0].length : i;
    while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
    if (!m || text[j] !== '=') {
      const s = stmtStart;
      while (i < n && !isBreak(text[i])) i++;
      model.problems.push({ kind: 'not-an-assignment', span: { start: s, end: i } });
      if (i < n) eatBreak();
      continue;
    }
    const nameSpan = { start: i, end: i + m[0].length };
    i = j + 1;
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
    const rawStart = i;
    const chars: string[] = [];
    const offs: number[] = [];
    let lastSignificant = rawStart; // just past the last char that is not trailing blank
    while (i < n && !isBreak(text[i])) {
      const c = text[i];
      if (c === '"' || c === "'") {
        const q = c;
        const open = i;
        i++;
        let closed = false;
        while (i < n) {
          const d = text[i];
          if (d === q) {
            closed = true;
            i++;
            break;
          }
          if (q === '"' && d === '\\' && i + 1 < n) {
            const e = text[i + 1];
            if (e === '\n' || e === '\r') {
              i++;
              eatBreak();
              continue;
            }
            if ('"\\$`'.includes(e)) {
              chars.push(e);
              offs.push(i + 1);
              i += 2;
              continue;
            }
          }
          if (d === '\n' || d === '\r') {
            chars.push('\n');
            offs.push(i);
            eatBreak();
            continue;
          }
          chars.push(d);
          offs.push(i);
          i++;
        }
        if (!closed) {
          model.problems.push({ kind: 'unterminated-quote', span: { start: open, end: i } });
        }
        lastSignificant = i;
        continue;
      }
      if (c === '\\' && i + 1 < n && isBreak(text[i + 1])) {
        i++;
        eatBreak();
        continue;
      }
      if (c === '\\' && i + 1 < n) {
        chars.push(text[i + 1]);
        offs.push(i + 1);
        i += 2;
        lastSignificant = i;
        continue;
      }
      chars.push(c);
      offs.push(i);
      i++;
      if (c !== ' ' && c !== '\t') lastSignificant = i;
    }
    // Trim trailing blanks of unquoted text.
    while (chars.length && offs[offs.length - 1] >= lastSignificant) {
      chars.pop();
      offs.pop();
    }
    const rawEnd = Math.max(rawStart, lastSignificant);
    offs.push(rawEnd);
    if (i < n) eatBreak();
    model.assignments.push({
      name: m[0],
      nameSpan,
      value: chars.join(''),
      rawSpan: { start: rawStart, end: rawEnd },
      valueOffsets: offs,
      span: { start: stmtStart, end: Math.max(rawEnd, nameSpan.end + 1) },
      lineSpan: { start: lineStart, end: i },
      line: startLine,
      exported,
    });
  }
  return model;
}

/** The last assignment of `name` (the one systemd keeps). */
export function envValue(model: SysconfigEnvModel, name: string): EnvAssignment | undefined {
  let found: EnvAssignment | undefined;
  for (const a of model.assignments) if (a.name === name) found = a;
  return found;
}
