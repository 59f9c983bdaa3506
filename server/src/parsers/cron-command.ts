// A small, quote-aware reading of one cron command (the script cron hands to the shell): which words stand in
// command position, which variables are expanded, which the command sets itself, and whether it loads an environment
// (a login shell, `. file`, `set -a`) so that any variable may be defined. It is not a shell parser: it reads words,
// quotes, `$NAME`/`${NAME}`, and the operators that start a new command (; & | && || ( ) $( ` and newlines).
import type { Span } from '../core/finding';

export interface CmdWord {
  /** The word as written (quotes kept). */
  raw: string;
  /** The word with quotes removed (no expansion). */
  text: string;
  span: Span;
}

export interface Expansion {
  name: string;
  /** `$NAME` or `${NAME...}` as written. */
  span: Span;
  /** `${NAME:-x}`, `${NAME-x}`, `${NAME:=x}`, `${NAME=x}`, `${NAME:+x}`, `${NAME+x}`, `${#NAME}`: empty is handled. */
  guarded: boolean;
}

export interface SimpleCommand {
  /** Words of the command after leading assignments and wrappers (sudo, nice, timeout 5, …); words[0] is the name. */
  words: CmdWord[];
  /** Every word of the command as written, from its first word. */
  all: CmdWord[];
}

export interface CommandReading {
  commands: SimpleCommand[];
  expansions: Expansion[];
  /** Variables the command sets itself (X=…, export X=…, read X, for X in …). */
  assigned: Set<string>;
  /** The command loads an environment: a login shell, `.`/`source`, `set -a`, `sudo -i`, `su -`. */
  loadsEnvironment: boolean;
}

const OPS = ['&&', '||', ';;', '$(', ';', '&', '|', '(', ')', '`', '\n', '{', '}'];
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'for', 'case', 'esac', 'in', '!', '{', '}']);
/** Wrappers whose next non-option word is the real command; the number is how many operands they take first. */
const WRAPPERS: Record<string, number> = { sudo: 0, nice: 0, nohup: 0, exec: 0, time: 0, command: 0, env: 0, ionice: 0, chronic: 0, timeout: 1, flock: 1, 'run-one': 0, setsid: 0, stdbuf: 0 };
/** Options of wrappers that take a value as the next word. */
const WRAPPER_VALUE_OPTS: Record<string, string[]> = {
  sudo: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U'],
  nice: ['-n'],
  ionice: ['-c', '-n', '-p'],
  timeout: ['-s', '-k', '--signal', '--kill-after'],
  flock: ['-w', '--timeout', '-E', '--conflict-exit-code'],
  env: ['-u', '--unset', '-C', '--chdir', '-S'],
};

interface Token {
  kind: 'word' | 'op';
  raw: string;
  text: string;
  start: number;
  end: number;
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/** Read a command. `text` is the script text (after cron's `%` handling). */
export function readCommand(text: string): CommandReading {
  const expansions: Expansion[] = [];
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i) && (o !== '{' && o !== '}' ? true : isDelimited(text, i)));
    if (op) {
      tokens.push({ kind: 'op', raw: op, text: op, start: i, end: i + op.length });
      i += op.length;
      continue;
    }
    // a word: runs until an unquoted blank or operator character
    const start = i;
    let unquoted = '';
    let depth = 0; // inside "$(" within double quotes we do not descend: the whole string is one word
    while (i < n) {
      const ch = text[i];
      if (ch === '\\') {
        unquoted += text[i + 1] ?? '';
        i += 2;
        continue;
      }
      if (ch === "'") {
        const close = text.indexOf("'", i + 1);
        const end = close < 0 ? n : close;
        unquoted += text.slice(i + 1, end);
        i = end + 1;
        continue;
      }
      if (ch === '"') {
        i++;
        while (i < n && text[i] !== '"') {
          if (text[i] === '\\' && i + 1 < n) {
            unquoted += text[i + 1];
            i += 2;
            continue;
          }
          if (text[i] === '$') {
            const e = readExpansion(text, i);
            if (e) {
              expansions.push(e);
              unquoted += text.slice(i, e.span.end);
              i = e.span.end;
              continue;
            }
          }
          unquoted += text[i];
          i++;
        }
        i++;
        continue;
      }
      if (ch === '$') {
        if (text[i + 1] === '(') break; // command substitution: an operator
        const e = readExpansion(text, i);
        if (e) {
          expansions.push(e);
          unquoted += text.slice(i, e.span.end);
          i = e.span.end;
          continue;
        }
      }
      if (depth === 0 && (ch === ' ' || ch === '\t' || ch === '\n' || ch === ';' || ch === '&' || ch === '|' || ch === '(' || ch === ')' || ch === '`')) break;
      if (ch === '<' || ch === '>') {
        if (i === start) {
          // a redirection operator: part of the next word
          unquoted += ch;
          i++;
          continue;
        }
        break;
      }
      unquoted += ch;
      i++;
    }
    if (i === start) {
      // a lone character we could not place (e.g. `$(` inside an unfinished word): skip it
      i++;
      continue;
    }
    tokens.push({ kind: 'word', raw: text.slice(start, i), text: unquoted, start, end: i });
  }
  return build(tokens, expansions);
}

function isDelimited(text: string, i: number): boolean {
  const before = i === 0 ? ' ' : text[i - 1];
  const after = text[i + 1] ?? ' ';
  return /[\s;&|(]/.test(before) && /[\s;]/.test(after);
}

function readExpansion(text: string, i: number): Expansion | undefined {
  if (text[i + 1] === '{') {
    const close = text.indexOf('}', i + 2);
    if (close < 0) return undefined;
    const inner = text.slice(i + 2, close);
    const m = /^(#?)([A-Za-z_][A-Za-z0-9_]*)(.*)$/s.exec(inner);
    if (!m) return undefined;
    const guarded = m[1] === '#' || /^:?[-=+?]/.test(m[3]);
    return { name: m[2], span: { start: i, end: close + 1 }, guarded };
  }
  if (NAME_START.test(text[i + 1] ?? '')) {
    let j = i + 1;
    while (j < text.length && NAME_CHAR.test(text[j])) j++;
    return { name: text.slice(i + 1, j), span: { start: i, end: j }, guarded: false };
  }
  return undefined;
}

const ASSIGN = /^([A-Za-z_][A-Za-z0-9_]*)\+?=/;

function build(tokens: Token[], expansions: Expansion[]): CommandReading {
  const commands: SimpleCommand[] = [];
  const assigned = new Set<string>();
  let loadsEnvironment = false;
  let current: Token[] = [];
  const flush = () => {
    if (current.length > 0) {
      const cmd = simple(current, assigned);
      if (cmd) {
        commands.push(cmd);
        if (loads(cmd)) loadsEnvironment = true;
      }
    }
    current = [];
  };
  let forVar: string | undefined;
  let skipping = false; // the rest of a `for NAME in …` or `case WORD in` header
  for (const t of tokens) {
    if (t.kind === 'op') {
      flush();
      skipping = false;
      continue;
    }
    if (skipping) {
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(t.raw) && forVar === undefined) {
        forVar = t.raw;
        assigned.add(t.raw);
      }
      if (t.raw === 'do') skipping = false;
      continue;
    }
    if (current.length === 0 && (t.raw === 'for' || t.raw === 'select' || t.raw === 'case')) {
      skipping = true;
      forVar = t.raw === 'case' ? '' : undefined;
      continue;
    }
    if (current.length === 0 && KEYWORDS.has(t.raw)) {
      continue;
    }
    current.push(t);
  }
  flush();
  return { commands, expansions, assigned, loadsEnvironment };
}

const word = (t: Token): CmdWord => ({ raw: t.raw, text: t.text, span: { start: t.start, end: t.end } });

function simple(tokens: Token[], assigned: Set<string>): SimpleCommand | undefined {
  const all = tokens.map(word);
  let k = 0;
  while (k < tokens.length && ASSIGN.test(tokens[k].raw)) {
    assigned.add(ASSIGN.exec(tokens[k].raw)![1]);
    k++;
  }
  // wrappers: sudo -u x, nice -n 5, timeout 30, flock -n /tmp/lock, env A=1 …
  for (;;) {
    const name = tokens[k]?.text;
    if (name === undefined || !(name in WRAPPERS)) break;
    if (name === 'flock' && tokens.slice(k + 1).some((t) => t.text === '-c' || t.text === '--command')) break;
    k++;
    const valueOpts = WRAPPER_VALUE_OPTS[name] ?? [];
    while (k < tokens.length && (tokens[k].text.startsWith('-') || (name === 'env' && ASSIGN.test(tokens[k].raw)))) {
      if (name === 'env' && ASSIGN.test(tokens[k].raw)) assigned.add(ASSIGN.exec(tokens[k].raw)![1]);
      if (valueOpts.includes(tokens[k].text)) k++;
      k++;
    }
    k += WRAPPERS[name];
  }
  const words = tokens.slice(k).map(word);
  const head = words[0]?.text;
  if (head === 'export' || head === 'local' || head === 'declare' || head === 'typeset' || head === 'readonly') {
    for (const w of words.slice(1)) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(w.text);
      if (m && !w.text.startsWith('-')) assigned.add(m[1]);
    }
  } else if (head === 'read' || head === 'getopts') {
    for (const w of words.slice(1)) if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(w.text)) assigned.add(w.text);
  }
  return { words, all };
}

function loads(cmd: SimpleCommand): boolean {
  const [head, ...args] = cmd.words.map((w) => w.text);
  const base = head?.split('/').pop() ?? '';
  if (head === '.' || head === 'source') return true;
  if (head === 'set' && args.some((a) => /^-[a-z]*a/.test(a))) return true;
  if (/^(ba|z|k)?sh$/.test(base) && args.some((a) => a === '-l' || a === '--login' || /^-[a-z]*l[a-z]*$/.test(a))) return true;
  if (base === 'su' && args.some((a) => a === '-' || a === '-l' || a === '--login')) return true;
  if (base === 'sudo' && args.some((a) => a === '-i' || a === '--login')) return true;
  const prefix = cmd.all.map((w) => w.text);
  if (prefix.includes('sudo') && (prefix.includes('-i') || prefix.includes('--login'))) return true;
  return false;
}
