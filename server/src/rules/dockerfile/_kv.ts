// The argument text of an instruction as the builder reads it (continuations joined), split into words the way the
// Dockerfile frontend splits ENV, LABEL, ARG and EXPOSE arguments: blanks separate, quotes group, the escape
// character escapes. Every word keeps its span in the Dockerfile.

import type { Span } from '../../core/finding';
import { toHostSpan, type EmbeddedScript } from '../../core/embedded';
import { extractRunScript, type DfInstruction, type DockerfileModel } from '../../parsers/dockerfile';

/** The text after the keyword and flags, continuations removed; undefined when empty. JSON arrays are kept as text. */
export function argumentText(fileText: string, model: DockerfileModel, ins: DfInstruction): EmbeddedScript | undefined {
  const r = extractRunScript(fileText, ins, model.escape, []);
  if (r.script) return r.script;
  if (!r.execForm) return undefined;
  // Exec form: extractRunScript gives no script; rebuild it with the JSON kept (no continuation inside is rare).
  const start = ins.args[0]?.span.start ?? ins.keywordSpan.end;
  const end = ins.args.length ? ins.args[ins.args.length - 1].span.end : start;
  const text = fileText.slice(start, end);
  const offsets = new Int32Array(text.length + 1);
  for (let i = 0; i <= text.length; i++) offsets[i] = start + i;
  return { text, offsets, context: 'dockerfile' };
}

export interface Word {
  /** As written, quotes kept. */
  raw: string;
  /** Quotes removed, escapes applied (variables left as written). */
  value: string;
  /** Span in the argument text. */
  start: number;
  end: number;
}

export function splitWords(s: string, escape: string): Word[] {
  const out: Word[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (i >= s.length) break;
    const start = i;
    let value = '';
    while (i < s.length && !/\s/.test(s[i])) {
      const c = s[i];
      if (c === escape && i + 1 < s.length) {
        value += s[i + 1];
        i += 2;
      } else if (c === '"' || c === "'") {
        i++;
        while (i < s.length && s[i] !== c) {
          if (c === '"' && s[i] === escape && i + 1 < s.length && (s[i + 1] === '"' || s[i + 1] === escape)) i++;
          value += s[i++];
        }
        i++;
      } else {
        value += c;
        i++;
      }
    }
    out.push({ raw: s.slice(start, Math.min(i, s.length)), value, start, end: Math.min(i, s.length) });
  }
  return out;
}

export interface Pair {
  key: string;
  /** The value after quote removal. */
  value: string;
  /** The value as written (quotes kept). */
  rawValue: string;
  keySpan: Span;
  /** Span of the value as written; empty at the end of the key when there is none. */
  valueSpan: Span;
  /** The whole `key=value` word, or `key value...` for the legacy form. */
  span: Span;
  /** `ENV key value`: the key and the value separated by blanks, not `=`. */
  legacy: boolean;
}

/** The key/value pairs of ENV or LABEL (and ARG), as the frontend parses them. */
export function keyValuePairs(fileText: string, model: DockerfileModel, ins: DfInstruction): Pair[] {
  const script = argumentText(fileText, model, ins);
  if (!script) return [];
  const words = splitWords(script.text, model.escape);
  if (words.length === 0) return [];
  const host = (a: number, b: number): Span => toHostSpan(script, { start: a, end: b }, fileText);
  const first = words[0];
  const eqFirst = first.raw.indexOf('=');
  if (eqFirst < 0 && ins.keyword !== 'ARG') {
    // Legacy: the first word is the key, the rest of the line (blanks inside kept) is the value.
    const rest = words.slice(1);
    const rawValue = rest.length ? script.text.slice(rest[0].start, rest[rest.length - 1].end) : '';
    const valueSpan = rest.length ? host(rest[0].start, rest[rest.length - 1].end) : host(first.end, first.end);
    return [{ key: first.value, value: rest.map((w) => w.value).join(' '), rawValue, keySpan: host(first.start, first.end), valueSpan, span: host(first.start, rest.length ? rest[rest.length - 1].end : first.end), legacy: true }];
  }
  const out: Pair[] = [];
  for (const w of words) {
    const eq = w.raw.indexOf('=');
    if (eq < 0) {
      out.push({ key: w.value, value: '', rawValue: '', keySpan: host(w.start, w.end), valueSpan: host(w.end, w.end), span: host(w.start, w.end), legacy: false });
      continue;
    }
    const rawKey = w.raw.slice(0, eq);
    const rawValue = w.raw.slice(eq + 1);
    const key = splitWords(rawKey, model.escape)[0]?.value ?? '';
    const value = splitWords(rawValue, model.escape).map((x) => x.value).join(' ');
    out.push({ key, value, rawValue, keySpan: host(w.start, w.start + eq), valueSpan: host(w.start + eq + 1, w.end), span: host(w.start, w.end), legacy: false });
  }
  return out;
}

/** The words of an instruction's arguments with host spans (for EXPOSE, VOLUME, USER...). */
export function argumentWords(fileText: string, model: DockerfileModel, ins: DfInstruction): (Word & { span: Span })[] {
  const script = argumentText(fileText, model, ins);
  if (!script) return [];
  return splitWords(script.text, model.escape).map((w) => ({ ...w, span: toHostSpan(script, { start: w.start, end: w.end }, fileText) }));
}

/** The keyword as written in the file (`from`, `Run`). */
export function keywordText(fileText: string, ins: DfInstruction): string {
  return fileText.slice(ins.keywordSpan.start, ins.keywordSpan.end);
}
