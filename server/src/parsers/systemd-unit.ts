// systemd unit files and drop-ins (systemd.syntax(7)): `[Section]` headers, `Key=value` directives, comment lines
// starting with `#` or `;` (never trailing comments), and continuation lines (a line ending in an unescaped `\` is
// joined with the next, the backslash becoming a space; comment lines inside a continuation are skipped). Every
// directive keeps offsets into the original text, and its logical value keeps a per-character offset map.

import type { Span } from '../core/finding';
import { sectionsOfKey, TYPE_SECTIONS } from '../knowledge/systemd-directives';

export interface UnitDirective {
  key: string;
  keySpan: Span;
  /** The logical value: continuations joined, comment lines skipped, surrounding whitespace trimmed. */
  value: string;
  /** Host span from the first to just past the last value character (empty, just after `=`, for `Key=`). */
  valueSpan: Span;
  /** valueOffsets[i] is the host offset of value[i]; valueOffsets[value.length] is just past the value. */
  valueOffsets: number[];
  /** From the key to the end of the value (the last physical line of the directive, line break excluded). */
  span: Span;
  /** Start of the physical line the directive starts on, and just past its last line break (for whole-line edits). */
  lineSpan: Span;
  /**
   * The section the directive is in. Before any section header systemd ignores the line ("Assignment outside of
   * section. Ignoring."); such a line (`outside`) is still read in the section its key belongs to, so a pasted
   * `ExecStart=` alone is analysed as the [Service] line it was meant to be.
   */
  section: string;
  /** Set when the directive stands before any section header. */
  outside?: boolean;
  /** 0-based line of the key. */
  line: number;
}

export interface UnitSection {
  name: string;
  nameSpan: Span;
  headerSpan: Span;
  lineSpan: Span;
  directives: UnitDirective[];
}

export interface UnitProblem {
  kind: 'outside-section' | 'missing-equals' | 'bad-section-header';
  span: Span;
}

export interface UnitModel {
  /** The unit this file configures (`docker.service`), for drop-ins the unit of the `.d` folder. */
  unit: string;
  /** Whether this is a drop-in (`<unit>.d/*.conf`). */
  dropIn: boolean;
  /** `service`, `socket`, `timer`, ... (the unit name's suffix). */
  unitType: string;
  sections: UnitSection[];
  /** Every directive in file order. */
  directives: UnitDirective[];
  /** Full-line comments. */
  comments: Span[];
  problems: UnitProblem[];
}

export function unitIdentity(path: string): { unit: string; dropIn: boolean; unitType: string } {
  const parts = path.replace(/\\/g, '/').split('/');
  const base = parts[parts.length - 1] ?? '';
  const parent = parts[parts.length - 2] ?? '';
  if (base.endsWith('.conf') && parent.endsWith('.d')) {
    const unit = parent.slice(0, -2);
    return { unit, dropIn: true, unitType: unit.slice(unit.lastIndexOf('.') + 1) };
  }
  return { unit: base, dropIn: false, unitType: base.slice(base.lastIndexOf('.') + 1) };
}

const WS = /[ \t]/;

export function parseSystemdUnit(text: string, path: string): UnitModel {
  const id = unitIdentity(path);
  const model: UnitModel = { ...id, sections: [], directives: [], comments: [], problems: [] };
  let current: UnitSection | undefined;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineNo = 0;

  // One physical line: [start, end) without its break, and `next` just past the break.
  const readLine = (from: number) => {
    let end = from;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    let next = end;
    if (text[next] === '\r') next++;
    if (text[next] === '\n' && (next === end || text[next - 1] === '\r')) next++;
    return { start: from, end, next };
  };
  const firstNonWs = (s: number, e: number) => {
    let i = s;
    while (i < e && WS.test(text[i])) i++;
    return i;
  };
  const continues = (s: number, e: number) => {
    let n = 0;
    for (let i = e - 1; i >= s && text[i] === '\\'; i--) n++;
    return n % 2 === 1;
  };

  while (pos < text.length) {
    const first = readLine(pos);
    const startLine = lineNo;
    pos = first.next;
    lineNo++;
    const fs = firstNonWs(first.start, first.end);
    if (fs === first.end) continue;
    const c = text[fs];
    if (c === '#' || c === ';') {
      model.comments.push({ start: fs, end: first.end });
      continue;
    }
    // Assemble the logical line with its offset map.
    const chars: string[] = [];
    const offs: number[] = [];
    let last = first;
    let seg = { start: fs, end: first.end };
    for (;;) {
      const cont = continues(seg.start, seg.end);
      const segEnd = cont ? seg.end - 1 : seg.end;
      for (let i = seg.start; i < segEnd; i++) {
        chars.push(text[i]);
        offs.push(i);
      }
      if (!cont) break;
      chars.push(' ');
      offs.push(seg.end - 1);
      // Skip comment lines inside the continuation; stop at end of file.
      let nextLine: ReturnType<typeof readLine> | undefined;
      while (pos < text.length) {
        const l = readLine(pos);
        pos = l.next;
        lineNo++;
        const f = firstNonWs(l.start, l.end);
        if (f < l.end && (text[f] === '#' || text[f] === ';')) {
          model.comments.push({ start: f, end: l.end });
          continue;
        }
        nextLine = l;
        break;
      }
      if (!nextLine) break;
      last = nextLine;
      seg = { start: nextLine.start, end: nextLine.end };
    }
    const logical = chars.join('');
    const endOffset = last.end;
    const lineSpan = { start: first.start, end: last.next };

    if (c === '[') {
      const close = logical.indexOf(']');
      if (close < 0 || logical.slice(close + 1).trim() !== '') {
        model.problems.push({ kind: 'bad-section-header', span: { start: fs, end: endOffset } });
        current = undefined;
        continue;
      }
      const name = logical.slice(1, close);
      current = {
        name,
        nameSpan: { start: offs[1] ?? fs + 1, end: (offs[close - 1] ?? fs) + 1 },
        headerSpan: { start: fs, end: offs[close] + 1 },
        lineSpan,
        directives: [],
      };
      if (name === '') current.nameSpan = { start: fs + 1, end: fs + 1 };
      model.sections.push(current);
      continue;
    }

    const eq = logical.indexOf('=');
    if (eq < 0) {
      model.problems.push({ kind: 'missing-equals', span: { start: fs, end: endOffset } });
      continue;
    }
    let ke = eq;
    while (ke > 0 && WS.test(logical[ke - 1])) ke--;
    let vs = eq + 1;
    while (vs < logical.length && WS.test(logical[vs])) vs++;
    let ve = logical.length;
    while (ve > vs && WS.test(logical[ve - 1])) ve--;
    const value = logical.slice(vs, ve);
    const valueOffsets = offs.slice(vs, ve);
    const valueEnd = ve > vs ? offs[ve - 1] + 1 : offs[eq] + 1;
    valueOffsets.push(valueEnd);
    const valueStart = ve > vs ? offs[vs] : valueEnd;
    const d: UnitDirective = {
      key: logical.slice(0, ke),
      keySpan: { start: fs, end: ke > 0 ? offs[ke - 1] + 1 : fs },
      value,
      valueSpan: { start: valueStart, end: valueEnd },
      valueOffsets,
      span: { start: fs, end: Math.max(valueEnd, offs[eq] + 1) },
      lineSpan,
      section: current?.name ?? assumedSection(logical.slice(0, ke), id.unitType),
      line: startLine,
    };
    if (!current) {
      d.outside = true;
      model.problems.push({ kind: 'outside-section', span: d.keySpan });
    } else current.directives.push(d);
    model.directives.push(d);
  }
  return model;
}

/** The directives named `key` in section `section`, in file order. */
export function directivesOf(model: UnitModel, section: string, key: string): UnitDirective[] {
  return model.directives.filter((d) => d.section === section && d.key === key);
}

/** The host span of value characters [from, to). */
export function valueSubSpan(d: UnitDirective, from: number, to: number): Span {
  if (to <= from) return { start: d.valueOffsets[from] ?? d.valueSpan.end, end: d.valueOffsets[from] ?? d.valueSpan.end };
  return { start: d.valueOffsets[from], end: d.valueOffsets[to - 1] + 1 };
}

/** The section a key outside every section was meant for: the unit type's own section when the key is one of its. */
function assumedSection(key: string, unitType: string): string {
  const own = TYPE_SECTIONS[unitType] || 'Service';
  const all = sectionsOfKey(key);
  return all.includes(own) || all.length === 0 ? own : all[0];
}
