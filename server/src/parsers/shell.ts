// The shell layer: a script -> the simple commands it runs, as argv words with their text after quote removal and
// their exact range in the script. Commands inside `$(…)` and backticks, pipelines, `&&`/`||` lists, wrappers
// (`sudo`, `env`, `timeout`, `nohup`, `exec`, …), `sh -c '…'` strings (parsed again, ranges still exact) and heredocs
// fed to a shell are all found. A script that does not parse still yields what can be read; nothing here throws.
//
// Hand-written for the POSIX subset plus the bash forms CI scripts use, because the two wasm parsers do not fit a
// synchronous engine: web-tree-sitter's runtime can only be initialised asynchronously, and sh-syntax's JSON AST
// leaves out the words of each command (measurements in docs/shell-layer.md).

import type { Span } from '../core/finding';

export interface Word {
  /** The word after quote removal; expansions (`$X`, `${X}`, `$(…)`, `${{ … }}`) are kept as written. */
  text: string;
  /** The word's range in the script, quotes included. */
  span: Span;
  /** map[i] is the script offset of text[i]; map[text.length] is the offset just past the word. */
  map: Int32Array;
  /** Some part was quoted (so `-it` in quotes is still the word -it, but a glob or a reserved word is not). */
  quoted: boolean;
  /** The word holds an unquoted or double-quoted expansion, so its run-time value is not known. */
  dynamic: boolean;
  /** Where those expansions sit in `text` (absent when there are none). */
  expansions?: Span[];
}

export interface Redirect {
  op: string;
  span: Span;
  target?: Word;
}

export interface SimpleCommand {
  /** Every word of the command, wrappers included (assignments before the command name are not here). */
  argv: Word[];
  /** `NAME=value` words before the command name. */
  assignments: Word[];
  /** Index in argv where the command proper starts, after wrappers such as `sudo -u x`, `env A=1`, `timeout 5`. */
  start: number;
  redirects: Redirect[];
  span: Span;
  /** How deep inside `$(…)`/backticks (0 = top level). */
  substitutionDepth: number;
  /** Set when the command came from re-parsing a `sh -c` string, an `ssh host '…'` command or a heredoc body. */
  via?: 'sh -c' | 'ssh' | 'heredoc';
  /** The control operator that ends the command (`|`, `&&`, `||`, `;`, `&`, `|&`, a line break), when one does. */
  next?: string;
}

export interface ShellProblem {
  message: string;
  span: Span;
}

export interface ParsedScript {
  commands: SimpleCommand[];
  problems: ShellProblem[];
  /** Heredoc bodies and the command each feeds (also those inside `sh -c` strings); absent when there are none. */
  heredocs?: Heredoc[];
}

export interface Heredoc {
  /** The body as written (no expansion or tab stripping applied); `quoted` says whether the delimiter was quoted. */
  body: Word;
  command: SimpleCommand;
  /** `<<-`: leading tabs are stripped from each line. */
  stripTabs: boolean;
}

/** The command proper (argv after wrappers). */
export function commandWords(c: SimpleCommand): Word[] {
  return c.argv.slice(c.start);
}

/** The base name of a command word (`/usr/bin/docker` -> docker). */
export function baseName(w: Word | undefined): string {
  if (!w) return '';
  const t = w.text;
  const i = t.lastIndexOf('/');
  return i < 0 ? t : t.slice(i + 1);
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'ash', 'mksh', 'busybox']);
const RESERVED_START = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', '(', 'time']);
const RESERVED_END = new Set(['fi', 'done', 'esac', '}', ')']);
const MAX_DEPTH = 24;

/** Characters readWord treats specially (a word break, a quote, an escape, an expansion, `(` and `\r`). */
const WORD_SPECIAL = new Uint8Array(128);
for (const c of ' \t\n;&|<>)(\r\\\'"$`') WORD_SPECIAL[c.charCodeAt(0)] = 1;
/** The word breaks that end a word whatever came before it. */
const PLAIN_END = new Uint8Array(128);
for (const c of ' \t\n;&|<>)') PLAIN_END[c.charCodeAt(0)] = 1;

interface WordBuilder {
  chars: string[];
  map: number[];
  start: number;
  quoted: boolean;
  dynamic: boolean;
  expansions?: Span[];
}

interface PendingHeredoc {
  delimiter: string;
  stripTabs: boolean;
  quoted: boolean;
  command: SimpleCommand;
}

class Parser {
  pos = 0;
  readonly commands: SimpleCommand[] = [];
  readonly problems: ShellProblem[] = [];
  private pendingHeredocs: PendingHeredoc[] = [];
  private heredocBodies: Heredoc[] = [];
  private recovered = false;

  constructor(
    readonly src: string,
    readonly depth: number,
  ) {}

  /** Parse commands until the end or a closing `)` (when inside `$(`). */
  parseList(closeParen: boolean): void {
    const src = this.src;
    let casePatternMode = false;
    let skipUntilSeparator = false; // after `for x in …` / `case x` / `select`: words are not a command
    let cmd: SimpleCommand | undefined;
    let parenDepth = 0;
    const finish = () => {
      if (cmd && (cmd.argv.length || cmd.assignments.length || cmd.redirects.length)) {
        resolveStart(cmd);
        this.commands.push(cmd);
      }
      cmd = undefined;
    };
    const current = (at: number): SimpleCommand => {
      if (!cmd) cmd = { argv: [], assignments: [], start: 0, redirects: [], span: { start: at, end: at }, substitutionDepth: this.depth };
      return cmd;
    };
    while (this.pos < src.length) {
      const c = src[this.pos];
      if (c === ' ' || c === '\t' || c === '\r') {
        this.pos++;
        continue;
      }
      if (c === '\\' && src[this.pos + 1] === '\n') {
        this.pos += 2;
        continue;
      }
      if (c === '\n') {
        this.pos++;
        if (cmd) cmd.next = '\n';
        finish();
        skipUntilSeparator = false;
        this.readHeredocBodies();
        continue;
      }
      if (c === '#' ) {
        while (this.pos < src.length && src[this.pos] !== '\n') this.pos++;
        continue;
      }
      if (c === ')') {
        if (closeParen && parenDepth === 0 && !casePatternMode) {
          finish();
          return;
        }
        this.pos++;
        if (casePatternMode) {
          casePatternMode = false;
          cmd = undefined;
          continue;
        }
        if (parenDepth > 0) parenDepth--;
        finish();
        continue;
      }
      if (c === '(') {
        this.pos++;
        if (src[this.pos] === '(') {
          // (( arithmetic )): not a command
          this.skipBalanced('(', ')', 1);
          continue;
        }
        finish();
        parenDepth++;
        continue;
      }
      if (c === ';' || c === '&' || c === '|') {
        let op = c;
        if (src[this.pos + 1] === c) op += c;
        else if (c === '|' && src[this.pos + 1] === '&') op = '|&';
        else if (c === '&' && src[this.pos + 1] === '>') {
          // &> and &>> redirections
          const r = this.readRedirect(current(this.pos));
          if (r) continue;
        }
        this.pos += op.length;
        if (cmd) cmd.next = op;
        finish();
        skipUntilSeparator = false;
        if (op === ';;') casePatternMode = true;
        continue;
      }
      // redirections: [n]> [n]>> [n]< << <<- <<< <> >& <& >|
      if (c === '<' || c === '>' || (isDigit(c) && this.redirectAfterDigits())) {
        this.readRedirect(current(this.pos));
        continue;
      }
      const word = this.readWord();
      if (!word) {
        // a stray character we cannot read as a word: skip it
        this.pos++;
        continue;
      }
      if (skipUntilSeparator) {
        if (word.text === 'do' && !word.quoted) skipUntilSeparator = false;
        else continue;
      }
      if (casePatternMode) {
        if (word.text === 'esac' && !word.quoted) casePatternMode = false;
        continue; // pattern words up to the `)`
      }
      if (!cmd || cmd.argv.length === 0) {
        if (!word.quoted) {
          if (word.text === 'for' || word.text === 'select' || word.text === 'case' || word.text === 'function') {
            finish();
            skipUntilSeparator = word.text !== 'case' && word.text !== 'function';
            if (word.text === 'case') {
              this.skipCaseHead();
              casePatternMode = true;
            }
            if (word.text === 'function') this.skipFunctionName();
            continue;
          }
          if (RESERVED_START.has(word.text) || RESERVED_END.has(word.text)) {
            finish();
            continue;
          }
          if (word.text === 'in' && casePatternMode) continue;
          if (/^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test(word.text) && word.span.start < word.span.end) {
            const cc = current(word.span.start);
            cc.assignments.push(word);
            cc.span.end = word.span.end;
            continue;
          }
          // name() { … }: a function definition
          if (src[this.pos] === '(' && src[this.pos + 1] === ')') {
            this.pos += 2;
            finish();
            continue;
          }
        }
      }
      const cc = current(word.span.start);
      if (cc.argv.length === 0 && cc.assignments.length === 0 && cc.redirects.length === 0) cc.span.start = word.span.start;
      cc.argv.push(word);
      cc.span.end = word.span.end;
    }
    finish();
    if (closeParen) this.problems.push({ message: 'unterminated `$(`', span: { start: this.src.length, end: this.src.length } });
    this.readHeredocBodies(true);
  }

  private redirectAfterDigits(): boolean {
    let i = this.pos;
    while (i < this.src.length && isDigit(this.src[i])) i++;
    // digits must start a word: the previous character is a separator
    const prev = this.src[this.pos - 1];
    if (prev !== undefined && !/[\s;&|()]/.test(prev)) return false;
    return this.src[i] === '<' || this.src[i] === '>';
  }

  private readRedirect(cmd: SimpleCommand): boolean {
    const src = this.src;
    const start = this.pos;
    while (this.pos < src.length && isDigit(src[this.pos])) this.pos++;
    const m = /^(<<<|<<-|<<|<>|<&|>&|>>|>\||&>>|&>|<|>)/.exec(src.slice(this.pos, this.pos + 3));
    if (!m) {
      this.pos = start + 1;
      return false;
    }
    const op = m[1];
    this.pos += op.length;
    while (src[this.pos] === ' ' || src[this.pos] === '\t') this.pos++;
    const target = this.readWord() ?? undefined;
    const span = { start, end: target ? target.span.end : this.pos };
    cmd.redirects.push({ op, span, target });
    if (cmd.argv.length === 0 && cmd.assignments.length === 0 && cmd.redirects.length === 1) cmd.span.start = start;
    cmd.span.end = Math.max(cmd.span.end, span.end);
    if ((op === '<<' || op === '<<-') && target) {
      const raw = src.slice(target.span.start, target.span.end);
      this.pendingHeredocs.push({ delimiter: target.text, stripTabs: op === '<<-', quoted: /['"\\]/.test(raw), command: cmd });
    }
    return true;
  }

  /** Read heredoc bodies that start after the newline just consumed. */
  private readHeredocBodies(atEnd = false): void {
    if (this.pendingHeredocs.length === 0) return;
    const src = this.src;
    const pending = this.pendingHeredocs;
    this.pendingHeredocs = [];
    if (atEnd && this.pos >= src.length) return;
    for (const h of pending) {
      const bodyStart = this.pos;
      let bodyEnd = src.length;
      let next = src.length;
      let i = this.pos;
      while (i < src.length) {
        let e = src.indexOf('\n', i);
        if (e < 0) e = src.length;
        let line = src.slice(i, e);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if ((h.stripTabs ? line.replace(/^\t+/, '') : line) === h.delimiter) {
          bodyEnd = i;
          next = Math.min(src.length, e + 1);
          break;
        }
        i = e + 1;
      }
      if (bodyEnd === src.length) this.problems.push({ message: `heredoc delimited by "${h.delimiter}" is not closed`, span: { start: bodyStart, end: bodyStart } });
      const text = src.slice(bodyStart, bodyEnd);
      const map = new Int32Array(text.length + 1);
      for (let k = 0; k <= text.length; k++) map[k] = bodyStart + k;
      this.heredocBodies.push({ body: { text, span: { start: bodyStart, end: bodyEnd }, map, quoted: h.quoted, dynamic: !h.quoted }, command: h.command, stripTabs: h.stripTabs });
      this.pos = next;
    }
  }

  takeHeredocs(): Heredoc[] {
    return this.heredocBodies;
  }

  private skipCaseHead(): void {
    // case WORD in
    for (let n = 0; n < 2 && this.pos < this.src.length; n++) {
      while (this.src[this.pos] === ' ' || this.src[this.pos] === '\t' || this.src[this.pos] === '\n') this.pos++;
      const w = this.readWord();
      if (!w) break;
      if (w.text === 'in') break;
    }
  }

  private skipFunctionName(): void {
    while (this.src[this.pos] === ' ' || this.src[this.pos] === '\t') this.pos++;
    this.readWord();
    while (this.src[this.pos] === ' ' || this.src[this.pos] === '\t') this.pos++;
    if (this.src[this.pos] === '(' && this.src[this.pos + 1] === ')') this.pos += 2;
  }

  /** Skip to the matching close character, counting nesting; stops at the end. */
  private skipBalanced(open: string, close: string, depth: number): void {
    const src = this.src;
    while (this.pos < src.length && depth > 0) {
      const c = src[this.pos];
      if (c === '\\') this.pos += 2;
      else if (c === "'") {
        const e = src.indexOf("'", this.pos + 1);
        this.pos = e < 0 ? src.length : e + 1;
      } else {
        if (c === open) depth++;
        else if (c === close) depth--;
        this.pos++;
      }
    }
    if (this.pos > src.length) this.pos = src.length;
  }

  /** Read one word at pos (quotes, escapes, expansions); undefined when pos is at an operator or blank. */
  readWord(): Word | undefined {
    const src = this.src;
    // Most words are plain (no quote, escape, expansion): their text is a slice and their map a plain run.
    let j = this.pos;
    while (j < src.length && !WORD_SPECIAL[src.charCodeAt(j)]) j++;
    if (j > this.pos && (j === src.length || PLAIN_END[src.charCodeAt(j)])) {
      const start = this.pos;
      const map = new Int32Array(j - start + 1);
      for (let k = 0; k <= j - start; k++) map[k] = start + k;
      this.pos = j;
      return { text: src.slice(start, j), span: { start, end: j }, map, quoted: false, dynamic: false };
    }
    const b: WordBuilder = { chars: [], map: [], start: this.pos, quoted: false, dynamic: false };
    const push = (s: string, at: number) => {
      for (let k = 0; k < s.length; k++) {
        b.chars.push(s[k]);
        b.map.push(at + k);
      }
    };
    while (this.pos < src.length) {
      const c = src[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === ';' || c === '&' || c === '|' || c === '<' || c === '>' || c === ')' || c === '(') {
        if (c === '(' && b.chars.length > 0 && /[@?*+!]$/.test(b.chars[b.chars.length - 1])) {
          // extglob @(…): part of the word
          const s = this.pos;
          this.pos++;
          this.skipBalanced('(', ')', 1);
          push(src.slice(s, this.pos), s);
          continue;
        }
        if (c === '(' && b.chars.length > 0 && b.chars[b.chars.length - 1] === '=') {
          // array assignment a=(…)
          const s = this.pos;
          this.pos++;
          this.skipBalanced('(', ')', 1);
          push(src.slice(s, this.pos), s);
          continue;
        }
        break;
      }
      if (c === '\r' && src[this.pos + 1] === '\n') break;
      if (c === '\\') {
        if (src[this.pos + 1] === '\n') {
          this.pos += 2;
          continue;
        }
        if (this.pos + 1 < src.length) {
          b.quoted = true;
          push(src[this.pos + 1], this.pos + 1);
          this.pos += 2;
        } else this.pos++;
        continue;
      }
      if (c === "'") {
        b.quoted = true;
        const e = src.indexOf("'", this.pos + 1);
        if (e < 0) {
          // unterminated: report it, read the quote as a character and go on, so the rest can still be read
          this.problems.push({ message: 'unterminated single quote', span: { start: this.pos, end: this.pos + 1 } });
          push(c, this.pos);
          this.pos++;
          continue;
        }
        push(src.slice(this.pos + 1, e), this.pos + 1);
        this.pos = e + 1;
        continue;
      }
      if (c === '"') {
        b.quoted = true;
        const mark = { pos: this.pos, chars: b.chars.length, commands: this.commands.length };
        if (!this.readDoubleQuoted(b, push) && !this.recovered) {
          // unterminated: read the quote as a character once and go on from there (only once, to stay linear)
          this.recovered = true;
          this.pos = mark.pos + 1;
          b.chars.length = b.map.length = mark.chars;
          this.commands.length = mark.commands;
          push(c, mark.pos);
        }
        continue;
      }
      if (c === '$') {
        if (src[this.pos + 1] === "'") {
          b.quoted = true;
          this.readAnsiC(b);
          continue;
        }
        b.dynamic = true;
        const at = b.chars.length;
        this.readDollar(push);
        (b.expansions ??= []).push({ start: at, end: b.chars.length });
        continue;
      }
      if (c === '`') {
        b.dynamic = true;
        const at = b.chars.length;
        this.readBackticks(push);
        (b.expansions ??= []).push({ start: at, end: b.chars.length });
        continue;
      }
      push(c, this.pos);
      this.pos++;
    }
    if (this.pos === b.start) return undefined;
    const map = new Int32Array(b.map.length + 1);
    for (let k = 0; k < b.map.length; k++) map[k] = b.map[k];
    map[b.map.length] = this.pos;
    const word: Word = { text: b.chars.join(''), span: { start: b.start, end: this.pos }, map, quoted: b.quoted, dynamic: b.dynamic };
    if (b.expansions) word.expansions = b.expansions;
    return word;
  }

  private readDoubleQuoted(b: WordBuilder, push: (s: string, at: number) => void): boolean {
    const src = this.src;
    const open = this.pos;
    this.pos++;
    while (this.pos < src.length) {
      const c = src[this.pos];
      if (c === '"') {
        this.pos++;
        return true;
      }
      if (c === '\\') {
        const n = src[this.pos + 1];
        if (n === '\n') {
          this.pos += 2;
          continue;
        }
        if (n === '$' || n === '`' || n === '"' || n === '\\') {
          push(n, this.pos + 1);
          this.pos += 2;
          continue;
        }
        push(c, this.pos);
        this.pos++;
        continue;
      }
      if (c === '$') {
        b.dynamic = true;
        const at = b.chars.length;
        this.readDollar(push);
        (b.expansions ??= []).push({ start: at, end: b.chars.length });
        continue;
      }
      if (c === '`') {
        b.dynamic = true;
        const at = b.chars.length;
        this.readBackticks(push);
        (b.expansions ??= []).push({ start: at, end: b.chars.length });
        continue;
      }
      push(c, this.pos);
      this.pos++;
    }
    this.problems.push({ message: 'unterminated double quote', span: { start: open, end: open + 1 } });
    return false;
  }

  private readAnsiC(b: WordBuilder): void {
    const src = this.src;
    const open = this.pos;
    this.pos += 2;
    const ESC: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };
    while (this.pos < src.length) {
      const c = src[this.pos];
      if (c === "'") {
        this.pos++;
        return;
      }
      if (c === '\\' && this.pos + 1 < src.length) {
        const n = src[this.pos + 1];
        const at = this.pos;
        if (n in ESC) {
          b.chars.push(ESC[n]);
          b.map.push(at);
          this.pos += 2;
          continue;
        }
        b.chars.push(c);
        b.map.push(at);
        this.pos++;
        continue;
      }
      b.chars.push(c);
      b.map.push(this.pos);
      this.pos++;
    }
    this.problems.push({ message: "unterminated $'", span: { start: open, end: open + 2 } });
  }

  /** `$…` kept as written: `$(…)` and `$((…))` parsed or skipped, `${…}` (and `${{ … }}`) skipped as one unit. */
  private readDollar(push: (s: string, at: number) => void): void {
    const src = this.src;
    const start = this.pos;
    const n = src[this.pos + 1];
    if (n === '(' && src[this.pos + 2] === '(') {
      this.pos += 3;
      this.skipBalanced('(', ')', 2);
    } else if (n === '(') {
      this.pos += 2;
      if (this.depth >= MAX_DEPTH) {
        this.skipBalanced('(', ')', 1);
      } else {
        const inner = new Parser(src, this.depth + 1);
        inner.pos = this.pos;
        inner.parseList(true);
        this.commands.push(...inner.commands);
        this.problems.push(...inner.problems);
        this.heredocBodies.push(...inner.heredocBodies);
        this.pos = inner.pos < src.length ? inner.pos + 1 : src.length;
      }
    } else if (n === '{') {
      this.pos += 2;
      this.skipBalanced('{', '}', 1);
    } else if (n !== undefined && /[A-Za-z0-9_@*#?$!-]/.test(n)) {
      this.pos += 2;
      if (/[A-Za-z_]/.test(n)) while (this.pos < src.length && /[A-Za-z0-9_]/.test(src[this.pos])) this.pos++;
    } else {
      this.pos++;
    }
    push(src.slice(start, this.pos), start);
  }

  private readBackticks(push: (s: string, at: number) => void): void {
    const src = this.src;
    const start = this.pos;
    let i = this.pos + 1;
    while (i < src.length && src[i] !== '`') i += src[i] === '\\' ? 2 : 1;
    const end = Math.min(i, src.length);
    if (this.depth < MAX_DEPTH && end > start + 1) {
      const innerText = src.slice(start + 1, end);
      const parsed = parseAt(innerText, start + 1, this.depth + 1);
      this.commands.push(...parsed.commands);
      this.problems.push(...parsed.problems);
    }
    if (i >= src.length) this.problems.push({ message: 'unterminated backquote', span: { start, end: start + 1 } });
    this.pos = Math.min(src.length, end + 1);
    push(src.slice(start, this.pos), start);
  }
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Parse a slice of text whose offset 0 is `base` in the script: all spans come back in script offsets. */
function parseAt(text: string, base: number, depth: number): ParsedScript {
  const inner = parseDepth(text, depth);
  if (base === 0) return inner;
  const shift = (s: Span): Span => ({ start: s.start + base, end: s.end + base });
  const shiftWord = (w: Word): Word => {
    const map = new Int32Array(w.map.length);
    for (let k = 0; k < map.length; k++) map[k] = w.map[k] + base;
    return { ...w, span: shift(w.span), map };
  };
  return {
    commands: inner.commands.map((c) => mapCommand(c, shift, shiftWord)),
    problems: inner.problems.map((p) => ({ ...p, span: shift(p.span) })),
  };
}

function mapCommand(c: SimpleCommand, span: (s: Span) => Span, word: (w: Word) => Word): SimpleCommand {
  return {
    ...c,
    argv: c.argv.map(word),
    assignments: c.assignments.map(word),
    redirects: c.redirects.map((r) => ({ ...r, span: span(r.span), target: r.target ? word(r.target) : undefined })),
    span: span(c.span),
  };
}

/** Re-parse a word's text (a `sh -c` string, a heredoc body) with every span mapped back through the word's map. */
function parseWordAsScript(w: Word, depth: number, via: 'sh -c' | 'ssh' | 'heredoc'): ParsedScript {
  const inner = parseDepth(w.text, depth);
  const at = (i: number) => w.map[Math.max(0, Math.min(i, w.text.length))];
  const span = (s: Span): Span => {
    const start = at(s.start);
    if (s.end <= s.start) return { start, end: start };
    return { start, end: Math.max(start, at(s.end - 1) + 1) };
  };
  const word = (x: Word): Word => {
    const map = new Int32Array(x.map.length);
    for (let k = 0; k < map.length; k++) map[k] = k === map.length - 1 && k > 0 ? at(x.map[k] - 1) + 1 : at(x.map[k]);
    return { ...x, span: span(x.span), map };
  };
  const out: ParsedScript = {
    commands: inner.commands.map((c) => ({ ...mapCommand(c, span, word), via: c.via ?? via })),
    problems: inner.problems.map((p) => ({ ...p, span: span(p.span) })),
  };
  if (inner.heredocs) out.heredocs = inner.heredocs.map((h) => ({ ...h, body: word(h.body), command: mapCommand(h.command, span, word) }));
  return out;
}

// Wrappers: a command that runs its arguments as another command. For each, the options that take a value.
const WRAPPERS: Record<string, { valueFlags: Set<string>; positional?: number; assignments?: boolean }> = {
  sudo: { valueFlags: new Set(['-u', '-g', '-h', '-p', '-C', '-c', '-r', '-t', '-U', '-D', '-R', '-T', '--user', '--group', '--host', '--prompt', '--chdir', '--role', '--type', '--close-from', '--other-user', '--chroot', '--command-timeout']) },
  doas: { valueFlags: new Set(['-u', '-C']) },
  env: { valueFlags: new Set(['-u', '-C', '-S', '--unset', '--chdir', '--split-string']), assignments: true },
  timeout: { valueFlags: new Set(['-s', '-k', '--signal', '--kill-after']), positional: 1 },
  nohup: { valueFlags: new Set() },
  exec: { valueFlags: new Set(['-a']) },
  command: { valueFlags: new Set() },
  builtin: { valueFlags: new Set() },
  nice: { valueFlags: new Set(['-n', '--adjustment']) },
  ionice: { valueFlags: new Set(['-c', '-n', '-p', '--class', '--classdata']) },
  time: { valueFlags: new Set(['-f', '-o', '--format', '--output']) },
  stdbuf: { valueFlags: new Set(['-i', '-o', '-e']) },
  chronic: { valueFlags: new Set() },
  flock: { valueFlags: new Set(['-w', '-E', '--timeout', '--conflict-exit-code']), positional: 1 },
  'run-one': { valueFlags: new Set() },
  xargs: { valueFlags: new Set(['-I', '-L', '-n', '-P', '-d', '-E', '-s', '-a', '--max-args', '--max-procs', '--delimiter', '--arg-file', '--replace']) },
  watch: { valueFlags: new Set(['-n', '-d', '--interval']) },
};

function resolveStart(c: SimpleCommand): void {
  let i = 0;
  for (let guard = 0; guard < 8 && i < c.argv.length; guard++) {
    const name = baseName(c.argv[i]);
    const w = WRAPPERS[name];
    if (!w) break;
    i++;
    let positional = w.positional ?? 0;
    while (i < c.argv.length) {
      const t = c.argv[i].text;
      if (t === '--') {
        i++;
        break;
      }
      if (t.startsWith('-') && t.length > 1) {
        const eq = t.indexOf('=');
        const flag = eq > 0 ? t.slice(0, eq) : t;
        i++;
        if (eq < 0 && w.valueFlags.has(flag)) i++;
        else if (!t.startsWith('--') && t.length > 2 && w.valueFlags.has(t.slice(0, 2))) {
          /* -uUSER: value attached */
        }
        continue;
      }
      if (w.assignments && /^[A-Za-z_][A-Za-z0-9_]*=/.test(t)) {
        i++;
        continue;
      }
      if (positional > 0) {
        positional--;
        i++;
        continue;
      }
      break;
    }
  }
  c.start = Math.min(i, c.argv.length);
}

function parseDepth(text: string, depth: number): ParsedScript {
  const p = new Parser(text, depth);
  try {
    p.parseList(false);
  } catch (e) {
    p.problems.push({ message: `the script could not be read past here (${e instanceof Error ? e.message : String(e)})`, span: { start: p.pos, end: p.pos } });
  }
  const commands = [...p.commands];
  const problems = [...p.problems];
  const heredocs = [...p.takeHeredocs()];
  if (depth < MAX_DEPTH) {
    // sh -c '…' anywhere in a command's words (also after `docker exec c`, `ssh host`, `su -c`)
    for (const c of p.commands) {
      const script = shellCString(c);
      if (script) {
        const inner = parseWordAsScript(script, depth + 1, 'sh -c');
        commands.push(...inner.commands);
        if (inner.heredocs) heredocs.push(...inner.heredocs);
      }
      const remote = sshCommand(c);
      if (remote) commands.push(...parseWordAsScript(remote, depth + 1, 'ssh').commands);
    }
    for (const h of p.takeHeredocs()) {
      if (feedsShell(h.command)) {
        const inner = parseWordAsScript(h.body, depth + 1, 'heredoc');
        commands.push(...inner.commands);
        if (inner.heredocs) heredocs.push(...inner.heredocs);
      }
    }
  }
  commands.sort((a, b) => a.span.start - b.span.start);
  return heredocs.length ? { commands, problems, heredocs } : { commands, problems };
}

/** The script word of `sh -c SCRIPT` / `bash -lc SCRIPT` / `su -c SCRIPT` inside a command, if any. */
export function shellCString(c: SimpleCommand): Word | undefined {
  const a = c.argv;
  for (let i = c.start; i < a.length; i++) {
    const name = baseName(a[i]);
    if (!SHELLS.has(name) && name !== 'su') continue;
    let j = i + 1;
    if (name === 'busybox' && baseName(a[j]) !== 'sh') continue;
    if (name === 'busybox') j++;
    let sawC = false;
    while (j < a.length && a[j].text.startsWith('-') && a[j].text.length > 1) {
      const t = a[j].text;
      if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(t) || t === '--command') sawC = true;
      j++;
      if (sawC) break;
    }
    if (sawC && j < a.length) return a[j];
  }
  return undefined;
}

const SSH_VALUE_FLAGS = new Set(['-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w', '-B']);

/** The remote command of `ssh [options] host 'command'` when it is one word (several words are joined by ssh). */
export function sshCommand(c: SimpleCommand): Word | undefined {
  const a = c.argv;
  if (baseName(a[c.start]) !== 'ssh') return undefined;
  let i = c.start + 1;
  while (i < a.length && a[i].text.startsWith('-') && a[i].text.length > 1) {
    const t = a[i].text;
    i += SSH_VALUE_FLAGS.has(t) ? 2 : 1;
  }
  // a[i] is the destination; exactly one word after it
  return i + 2 === a.length ? a[i + 1] : undefined;
}

function feedsShell(c: SimpleCommand): boolean {
  for (let i = c.start; i < c.argv.length; i++) {
    const n = baseName(c.argv[i]);
    if (SHELLS.has(n) || n === 'ssh') return true;
  }
  return false;
}

/** Parse a script. Never throws; bad input gives the commands that could be read and a list of problems. */
export function parseShell(text: string): ParsedScript {
  try {
    return parseDepth(text, 0);
  } catch (e) {
    return { commands: [], problems: [{ message: String(e), span: { start: 0, end: 0 } }] };
  }
}

/** True when the script checks for a terminal before doing anything (`[ -t 0 ]`, `test -t 1`, `tty -s`). */
export function checksForTerminal(parsed: ParsedScript): boolean {
  for (const c of parsed.commands) {
    const w = commandWords(c);
    const n = baseName(w[0]);
    if ((n === '[' || n === 'test' || n === '[[') && w.some((x) => x.text === '-t')) return true;
    if (n === 'tty' && w.some((x) => x.text === '-s' || x.text === '--silent' || x.text === '--quiet')) return true;
  }
  return false;
}
