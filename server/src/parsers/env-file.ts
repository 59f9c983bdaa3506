// Env files (.env, *.env, files named in a compose `env_file:`), read two ways, because the two readers disagree:
// - Compose v2 (compose-go's dotenv parser): `export ` prefix, quotes stripped, escapes in double quotes, inline
//   comments only after whitespace, multi-line quoted values.
// - `docker run --env-file` (docker/cli kvfile): split at the first `=`, everything kept as written, quotes included.
// Every entry keeps offsets into the original text. Never throws.

import type { Span } from '../core/finding';

export interface EnvEntry {
  key: string;
  keySpan: Span;
  /** The value as Compose v2 reads it; undefined for a bare `KEY` (taken from the environment). */
  value: string | undefined;
  /** The value's characters in the file, quotes included (empty span at the `=` end for `KEY=`). */
  valueSpan: Span | undefined;
  /** How the value was quoted in the file. */
  quote: '"' | "'" | undefined;
  /** The value as `docker run --env-file` reads it: the rest of the line after `=`, quotes kept. */
  dockerRunValue: string | undefined;
  exported: boolean;
  /** The whole entry, from the key (or `export`) to the end of its value. */
  span: Span;
}

export interface EnvProblem {
  message: string;
  span: Span;
}

export interface EnvFileModel {
  entries: EnvEntry[];
  /** Lines Compose v2 refuses (unterminated quotes, bad names). */
  problems: EnvProblem[];
}

// The escapes compose-go expands in double-quoted values (Go rune-literal rules). `\c` matches its pattern but is not
// a Go escape, so it stays as written; `\0NNN` is an octal byte.
const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', $: '$', '"': '"', '\\': '\\' };

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

export function parseEnvFile(text: string): EnvFileModel {
  const entries: EnvEntry[] = [];
  const problems: EnvProblem[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineNo = 1;
  const n = text.length;
  const lineEnd = (from: number) => {
    let e = from;
    while (e < n && text[e] !== '\n' && text[e] !== '\r') e++;
    return e;
  };
  const nextLine = (from: number) => {
    let e = lineEnd(from);
    if (text[e] === '\r' && text[e + 1] === '\n') e += 2;
    else if (e < n) e++;
    return e;
  };
  while (i < n) {
    while (i < n && (isSpace(text[i]) || text[i] === '\v' || text[i] === '\f')) i++;
    const le = lineEnd(i);
    if (i >= le || text[i] === '#') {
      i = nextLine(i);
      lineNo++;
      continue;
    }
    let exported = false;
    const entryStart = i;
    if (text.startsWith('export', i) && isSpace(text[i + 6])) {
      let j = i + 6;
      while (j < le && isSpace(text[j])) j++;
      if (j < le) {
        exported = true;
        i = j;
      }
    }
    // The key runs to `=` (or `:`, which compose-go also accepts), or to the end of the line for a bare name.
    const keyStart = i;
    while (i < le && text[i] !== '=' && text[i] !== ':' && !isSpace(text[i]) && text[i] !== '#') i++;
    const key = text.slice(keyStart, i);
    const keySpan = { start: keyStart, end: i };
    let k = i;
    while (k < le && isSpace(text[k])) k++;
    if (k >= le || text[k] === '#') {
      // Bare `KEY`: both readers take the value from the environment.
      if (key) entries.push({ key, keySpan, value: undefined, valueSpan: undefined, quote: undefined, dockerRunValue: undefined, exported, span: { start: entryStart, end: i } });
      else problems.push({ message: `line ${lineNo}: unexpected character in variable name`, span: { start: keyStart, end: Math.max(keyStart + 1, le) } });
      i = nextLine(le);
      lineNo++;
      continue;
    }
    if (text[k] !== '=' && text[k] !== ':') {
      const message = /[\p{L}\p{N}_.\-[\]]/u.test(text[k]) ? `line ${lineNo}: key cannot contain a space` : `line ${lineNo}: unexpected character "${text[k]}" in variable name "${text.slice(keyStart, le).trim()}"`;
      problems.push({ message, span: { start: keyStart, end: le } });
      i = nextLine(le);
      lineNo++;
      continue;
    }
    if (!key || !/^[\p{L}\p{N}_.\-[\]]+$/u.test(key)) {
      problems.push({ message: `line ${lineNo}: unexpected character in variable name "${key}"`, span: keySpan.end > keySpan.start ? keySpan : { start: keyStart, end: k + 1 } });
    }
    const eq = k;
    const dockerRunValue = text[eq] === '=' ? text.slice(eq + 1, le) : undefined;
    let v = eq + 1;
    while (v < le && isSpace(text[v])) v++;
    const q = text[v];
    let value: string;
    let valueSpan: Span;
    let quote: '"' | "'" | undefined;
    let end: number;
    if (q === '"' || q === "'") {
      quote = q;
      let j = v + 1;
      let out = '';
      let closed = false;
      let lines = 0;
      while (j < n) {
        const c = text[j];
        if (c === '\\' && j + 1 < n) {
          const e = text[j + 1];
          if (q === '"') {
            if (e in ESCAPES) {
              out += ESCAPES[e];
              j += 2;
              continue;
            }
            const oct = /^0([0-3][0-7]{2})/.exec(text.slice(j + 1, j + 5));
            if (oct) {
              out += String.fromCharCode(parseInt(oct[1], 8));
              j += 1 + oct[0].length;
              continue;
            }
          } else if (e === "'") {
            out += "'";
            j += 2;
            continue;
          }
          out += c;
          j++;
          continue;
        }
        if (c === q) {
          closed = true;
          break;
        }
        if (c === '\n') lines++;
        out += c;
        j++;
      }
      if (!closed) {
        problems.push({ message: `line ${lineNo}: unterminated quoted value ${text.slice(v, le)}`, span: { start: v, end: le } });
        value = text.slice(v + 1, le);
        valueSpan = { start: v, end: le };
        end = le;
      } else {
        value = out;
        valueSpan = { start: v, end: j + 1 };
        end = j + 1;
        lineNo += lines;
      }
    } else {
      // Unquoted: to the end of the line; ` #` (a space, not a tab) starts a comment; trailing blanks trimmed.
      let j = v;
      while (j < le && !(text[j] === '#' && j > v && text[j - 1] === ' ')) j++;
      let e = j;
      while (e > v && isSpace(text[e - 1])) e--;
      value = text.slice(v, e);
      valueSpan = { start: v, end: e };
      end = e;
    }
    entries.push({ key, keySpan, value, valueSpan, quote, dockerRunValue, exported, span: { start: entryStart, end } });
    // After the value (which may have run over several lines), the rest of its last line is ignored.
    i = nextLine(Math.max(end, i));
    lineNo++;
  }
  return { entries, problems };
}

/** The variables of an env file as Compose reads them (last assignment wins). */
export function envFileValues(model: EnvFileModel): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of model.entries) if (e.value !== undefined) out.set(e.key, e.value);
  return out;
}
