// The files a shell script writes, as the shell writes them: `cat > F <<EOF`, `cat <<EOF > F`, `tee F <<EOF`,
// `cat <<EOF | sudo tee F`, `echo '…' > F`, `echo '…' | tee F`, `printf '…' > F`, `tee F <<< '…'`, also inside
// `sudo sh -c '…'`. Only targets that are host configuration shipshape reads (daemon.json, systemd units and
// drop-ins, /etc/default/docker, /etc/sysconfig/docker*) are kept. The text is what lands on disk: heredoc tabs
// stripped for `<<-`, `\$` `\\` `` \` `` and `\<newline>` undone in an unquoted heredoc, echo's and printf's
// escapes applied; expansions are kept as written and listed as unknown.

import { classifyPath } from './classify';
import type { EmbeddedScript } from '../core/embedded';
import { WRITTEN_KINDS, type WrittenText } from '../core/embedded-files';
import type { Span } from '../core/finding';
import { baseName, commandWords, type Heredoc, type ParsedScript, type SimpleCommand, type Word } from './shell';

/** Text built character by character, each with its script offset. */
class Built {
  chars: string[] = [];
  offs: number[] = [];
  unknown: Span[] = [];
  push(c: string, at: number): void {
    this.chars.push(c);
    this.offs.push(at);
  }
  get length(): number {
    return this.chars.length;
  }
}

type Encoder = WrittenText['encode'];

interface Content {
  built: Built;
  /** Script offset just past the content (where an insertion at its end lands). */
  end: number;
  encode: Encoder;
  /** Script offset of the command that produces the content. */
  from: number;
}

const NAME_START = /[A-Za-z_]/;
const NAME = /[A-Za-z0-9_]/;

/** The end of an expansion starting at `$` or a backquote at i in src (an index past it). */
function expansionEnd(src: string, i: number): number {
  if (src[i] === '`') {
    let j = i + 1;
    while (j < src.length && src[j] !== '`') j += src[j] === '\\' ? 2 : 1;
    return Math.min(src.length, j + 1);
  }
  const n = src[i + 1];
  if (n === '{' || n === '(') {
    const close = n === '{' ? '}' : ')';
    let depth = 0;
    let j = i + 1;
    for (; j < src.length; j++) {
      if (src[j] === n) depth++;
      else if (src[j] === close && --depth === 0) return j + 1;
    }
    return src.length;
  }
  if (n !== undefined && NAME_START.test(n)) {
    let j = i + 2;
    while (j < src.length && NAME.test(src[j])) j++;
    return j;
  }
  if (n !== undefined && /[0-9@*#?$!-]/.test(n)) return i + 2;
  return i; // a lone `$` is a character
}

/** A heredoc body as the command reads it. */
function heredocContent(h: Heredoc, from: number): Content {
  const src = h.body.text;
  const map = h.body.map;
  const out = new Built();
  let lineStart = true;
  for (let i = 0; i < src.length; ) {
    if (lineStart && h.stripTabs) {
      while (src[i] === '\t') i++;
      lineStart = false;
      continue;
    }
    const c = src[i];
    if (!h.body.quoted) {
      if (c === '\\' && (src[i + 1] === '$' || src[i + 1] === '`' || src[i + 1] === '\\')) {
        out.push(src[i + 1], map[i + 1]);
        i += 2;
        continue;
      }
      if (c === '\\' && src[i + 1] === '\n') {
        i += 2;
        continue;
      }
      if (c === '$' || c === '`') {
        const e = expansionEnd(src, i);
        if (e > i) {
          const s = out.length;
          for (let k = i; k < e; k++) out.push(src[k], map[k]);
          out.unknown.push({ start: s, end: out.length });
          i = e;
          continue;
        }
      }
    }
    out.push(c, map[i]);
    if (c === '\n') lineStart = true;
    i++;
  }
  const encode: Encoder = (t) => {
    if (h.stripTabs && t.includes('\t')) return undefined;
    if (h.body.quoted) return t;
    return t.replace(/[\\$`]/g, (m) => '\\' + m);
  };
  return { built: out, end: map[src.length], encode, from };
}

/** How a word is quoted where an edit lands, for writing new text into it. */
function wordEncoder(w: Word, script: string, printf: boolean, echoEscapes: boolean): Encoder {
  const q = script[w.span.start];
  return (t) => {
    if (printf && /[\\%]/.test(t)) return undefined;
    if (echoEscapes && t.includes('\\')) return undefined;
    if (q === "'" && script[w.span.end - 1] === "'") return t.includes("'") ? undefined : t;
    if (q === '"' && script[w.span.end - 1] === '"') return t.replace(/[\\"$`]/g, (m) => '\\' + m);
    return /^[\w.:/@+,=-]*$/.test(t) ? t : undefined;
  };
}

function isExpansionAt(w: Word, i: number): Span | undefined {
  for (const e of w.expansions ?? []) if (i >= e.start && i < e.end) return e;
  return undefined;
}

/** Push a word's characters (expansions as unknown), optionally applying echo -e / printf escapes. */
function pushWord(out: Built, w: Word, escapes: 'none' | 'echo' | 'printf', args: Word[]): void {
  const t = w.text;
  for (let i = 0; i < t.length; ) {
    const exp = isExpansionAt(w, i);
    if (exp) {
      const s = out.length;
      for (let k = exp.start; k < exp.end; k++) out.push(t[k], w.map[k]);
      out.unknown.push({ start: s, end: out.length });
      i = exp.end;
      continue;
    }
    const c = t[i];
    if (escapes !== 'none' && c === '\\' && i + 1 < t.length) {
      const n = t[i + 1];
      const ESC: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v' };
      if (n in ESC) {
        out.push(ESC[n], w.map[i]);
        i += 2;
        continue;
      }
    }
    if (escapes === 'printf' && c === '%') {
      if (t[i + 1] === '%') {
        out.push('%', w.map[i]);
        i += 2;
        continue;
      }
      const m = /^%[-+ #0]*\d*(?:\.\d+)?[sbdiouxXcfeEgG]/.exec(t.slice(i));
      if (m) {
        const arg = args.shift();
        if (arg && m[0].endsWith('s') && !arg.dynamic) {
          for (let k = 0; k < arg.text.length; k++) out.push(arg.text[k], arg.map[k]);
        } else if (arg) {
          const s = out.length;
          for (let k = 0; k < m[0].length; k++) out.push(t[i + k], w.map[i + k]);
          out.unknown.push({ start: s, end: out.length });
        }
        i += m[0].length;
        continue;
      }
    }
    out.push(c, w.map[i]);
    i++;
  }
}

/** What `echo …` or `printf …` prints, when every word can be read. */
function printedContent(c: SimpleCommand, script: string): Content | undefined {
  const words = commandWords(c);
  const name = baseName(words[0]);
  const out = new Built();
  if (name === 'echo') {
    let i = 1;
    let newline = true;
    let escapes = false;
    while (i < words.length && /^-[neE]+$/.test(words[i].text)) {
      if (words[i].text.includes('n')) newline = false;
      if (words[i].text.includes('e')) escapes = true;
      if (words[i].text.includes('E')) escapes = false;
      i++;
    }
    const args = words.slice(i);
    if (args.length === 0) return undefined;
    args.forEach((w, k) => {
      if (k > 0) out.push(' ', args[k - 1].map[args[k - 1].text.length]);
      pushWord(out, w, escapes ? 'echo' : 'none', []);
    });
    const last = args[args.length - 1];
    const end = last.map[last.text.length];
    if (newline) out.push('\n', end);
    return { built: out, end, encode: args.length === 1 ? wordEncoder(args[0], script, false, escapes) : () => undefined, from: c.span.start };
  }
  if (name === 'printf') {
    let i = 1;
    if (words[i]?.text === '--') i++;
    const fmt = words[i];
    if (!fmt || fmt.text.startsWith('-')) return undefined;
    pushWord(out, fmt, 'printf', words.slice(i + 1));
    return { built: out, end: fmt.map[fmt.text.length], encode: wordEncoder(fmt, script, true, false), from: c.span.start };
  }
  return undefined;
}

/** The heredoc or here-string a command reads as stdin. */
function stdinContent(c: SimpleCommand, heredocs: readonly Heredoc[], script: string): Content | undefined {
  const h = heredocs.find((x) => x.command.span.start === c.span.start);
  if (h) return heredocContent(h, c.span.start);
  const here = c.redirects.find((r) => r.op === '<<<' && r.target);
  if (here?.target) {
    const out = new Built();
    pushWord(out, here.target, 'none', []);
    const end = here.target.map[here.target.text.length];
    out.push('\n', end);
    return { built: out, end, encode: wordEncoder(here.target, script, false, false), from: c.span.start };
  }
  return undefined;
}

/** `cat` with no file operand (or `-`): it copies stdin. */
function catOfStdin(c: SimpleCommand): boolean {
  const w = commandWords(c);
  if (baseName(w[0]) !== 'cat') return false;
  return w.slice(1).every((x) => x.text === '-' || (x.text.startsWith('-') && x.text.length > 1));
}

/** What a command writes to stdout, when it is text the script spells out. */
function outputOf(c: SimpleCommand, heredocs: readonly Heredoc[], script: string, commands: readonly SimpleCommand[]): Content | undefined {
  const name = baseName(commandWords(c)[0]);
  if (name === 'echo' || name === 'printf') return printedContent(c, script);
  if (catOfStdin(c) || name === 'tee') return stdinContent(c, heredocs, script) ?? (name === 'tee' ? pipedInto(c, heredocs, script, commands) : undefined);
  return undefined;
}

/** The output of the command piped into this one (`echo … | sudo tee F`, `cat <<EOF | tee F`). */
function pipedInto(c: SimpleCommand, heredocs: readonly Heredoc[], script: string, commands: readonly SimpleCommand[]): Content | undefined {
  let prev: SimpleCommand | undefined;
  for (const p of commands) if (p.span.end <= c.span.start && p.substitutionDepth === c.substitutionDepth && (!prev || p.span.end > prev.span.end)) prev = p;
  if (!prev) return undefined;
  const between = script.slice(prev.span.end, c.span.start).replace(/\\\r?\n/g, '');
  if (!/^\s*\|\s*$/.test(between)) return undefined;
  return outputOf(prev, heredocs, script, commands);
}

interface Target {
  word: Word;
  append: boolean;
}

function targetsOf(c: SimpleCommand, script: string): Target[] {
  const out: Target[] = [];
  for (const r of c.redirects) {
    if (!r.target || !/^(>|>\||>>|&>|&>>)$/.test(r.op)) continue;
    const fd = script.slice(r.span.start, r.span.start + 1);
    if (/[02-9]/.test(fd)) continue;
    out.push({ word: r.target, append: r.op.endsWith('>>') });
  }
  const w = commandWords(c);
  if (baseName(w[0]) === 'tee') {
    const append = w.some((x) => x.text === '-a' || x.text === '--append' || /^-[a-z]*a[a-z]*$/.test(x.text));
    for (const x of w.slice(1)) if (!x.text.startsWith('-')) out.push({ word: x, append });
  }
  return out;
}

/**
 * The written path of a target word: its text with variables the script set to a literal before (`dir=/etc/docker`,
 * then `$dir/daemon.json`), else the literal tail after the last expansion (`$ROOT/etc/docker/daemon.json`).
 */
function writtenPathOf(w: Word, vars: ReadonlyMap<string, string>): string | undefined {
  if (!w.dynamic) return w.text;
  const exps = w.expansions ?? [];
  let resolved = '';
  let from = 0;
  for (const e of exps) {
    const m = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(w.text.slice(e.start, e.end));
    const v = m ? vars.get(m[1]) : undefined;
    if (v === undefined) {
      resolved = '';
      break;
    }
    resolved += w.text.slice(from, e.start) + v;
    from = e.end;
  }
  if (resolved) return resolved + w.text.slice(from);
  const last = exps[exps.length - 1];
  if (!last) return undefined;
  const tail = w.text.slice(last.end);
  return tail.startsWith('/') ? tail : undefined;
}

/** Variables set to a literal by a plain assignment (`NAME=value` alone on its line) before offset `before`. */
function literalVars(commands: readonly SimpleCommand[], before: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of commands) {
    if (c.span.start >= before) break;
    if (c.argv.length > 0 || c.substitutionDepth > 0) continue;
    for (const a of c.assignments) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(a.text);
      if (!m) continue;
      if (a.dynamic) out.delete(m[1]);
      else out.set(m[1], m[2]);
    }
  }
  return out;
}

/** The files a script writes, each mapped to the host file through the script's own map. */
export function shellWrites(script: EmbeddedScript, parsed: ParsedScript, hostText: string): WrittenText[] {
  const out: WrittenText[] = [];
  const src = script.text;
  const heredocs = parsed.heredocs ?? [];
  const toHost = (i: number) => script.offsets[Math.max(0, Math.min(i, src.length))];
  for (const c of parsed.commands) {
    // Commands inside `$(…)` print into a value; those of `sh -c '…'`, `ssh host '…'` and heredocs fed to a shell run.
    if (c.substitutionDepth > 0 && !c.via) continue;
    const targets = targetsOf(c, src);
    if (targets.length === 0) continue;
    for (const t of targets) {
      const path = writtenPathOf(t.word, literalVars(parsed.commands, c.span.start));
      if (!path) continue;
      const kind = classifyPath(path);
      if (kind === undefined || kind === 'sniff' || !WRITTEN_KINDS.has(kind)) continue;
      const content = outputOf(c, heredocs, src, parsed.commands);
      if (!content) continue;
      const b = content.built;
      // A fragment appended to a file is read on its own where lines stand alone (env files), or where it is a
      // whole file by itself (`tee -a` onto a fresh daemon.json, a unit that starts with its section).
      if (t.append && kind !== 'sysconfig-env' && !/^(\s*#[^\n]*\n)*\s*(\{|\[[A-Za-z])/.test(b.chars.join(''))) continue;
      const offsets = new Int32Array(b.length + 1);
      for (let i = 0; i < b.length; i++) offsets[i] = toHost(b.offs[i]);
      offsets[b.length] = toHost(content.end);
      // In a script that is not a verbatim slice of its host (a YAML block, a Groovy string), a new line would
      // need the host's own indentation or escapes: such edits are not offered.
      const lineSafe = isVerbatim(script, hostText);
      const encode: WrittenText['encode'] = (text, s, e) => (!lineSafe && /[\n\r]/.test(text) ? undefined : content.encode(text, s, e));
      out.push({ kind, writtenPath: path, text: b.chars.join(''), offsets, unknown: b.unknown, anchor: toHost(Math.min(content.from, c.span.start)), encode });
    }
  }
  return out;
}

const verbatimScripts = new WeakMap<EmbeddedScript, boolean>();

function isVerbatim(script: EmbeddedScript, hostText: string): boolean {
  let v = verbatimScripts.get(script);
  if (v === undefined) {
    const n = script.text.length;
    const s = script.offsets[0];
    v = script.offsets[n] - s === n && hostText.slice(s, s + n) === script.text;
    verbatimScripts.set(script, v);
  }
  return v;
}
