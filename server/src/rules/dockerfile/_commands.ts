// A small word splitter for RUN scripts: enough of sh to find simple commands and their words (quotes, escapes,
// `$(...)`, operators, redirections, heredoc bodies skipped), each word with its span in the script. The Dockerfile
// rules that look at package managers and useradd use it; the shared shell parser takes over when it lands.

import type { Span } from '../../core/finding';
import { toHostSpan, type EmbeddedScript } from '../../core/embedded';
import { queriesOf } from '../../model/queries';
import type { WorkspaceView } from '../../model/rule';

export interface ShWord {
  /** The word after quote removal (variables left as written). */
  value: string;
  /** Span in the script text. */
  span: Span;
}

export interface ShCommand {
  /** argv: leading assignments, reserved words and `sudo`/`env` removed. */
  words: ShWord[];
  /** The `NAME=value` words written before the command (`PIP_NO_CACHE_DIR=1 pip install …`). */
  assignments?: ShWord[];
}

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'for', 'case', 'esac', '!', '{', '}', 'in']);

export function splitCommands(script: string): ShCommand[] {
  const commands: ShCommand[] = [];
  let words: ShWord[] = [];
  let value = '';
  let start = -1;
  let redirect = false; // the next word is a redirection target
  let heredocNext: false | 'plain' | 'dash' = false;
  const pendingHeredocs: { delim: string; dash: boolean }[] = [];
  const s = script;
  let i = 0;

  const endWord = (end: number) => {
    if (start < 0) return;
    const w = { value, span: { start, end } };
    if (heredocNext) {
      pendingHeredocs.push({ delim: value, dash: heredocNext === 'dash' });
      heredocNext = false;
    } else if (redirect) redirect = false;
    else words.push(w);
    value = '';
    start = -1;
  };
  const endCommand = () => {
    const argv = normalise(words);
    if (argv.length) {
      const assignments = words.slice(0, words.indexOf(argv[0])).filter((w) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(w.value));
      commands.push(assignments.length ? { words: argv, assignments } : { words: argv });
    }
    words = [];
    redirect = false;
  };
  const skipHeredocBodies = () => {
    // i is just past a line break
    for (const h of pendingHeredocs) {
      for (;;) {
        if (i >= s.length) break;
        let e = s.indexOf('\n', i);
        if (e < 0) e = s.length;
        let line = s.slice(i, e);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        i = e + 1;
        if ((h.dash ? line.replace(/^\t+/, '') : line) === h.delim) break;
      }
    }
    pendingHeredocs.length = 0;
  };

  while (i < s.length) {
    const c = s[i];
    if (c === '\\' && s[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '\\' && s[i + 1] === '\r' && s[i + 2] === '\n') {
      i += 3;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord(i);
      i++;
      continue;
    }
    if (c === '\n') {
      endWord(i);
      endCommand();
      i++;
      if (pendingHeredocs.length) skipHeredocBodies();
      continue;
    }
    if (c === '#' && start < 0) {
      while (i < s.length && s[i] !== '\n') i++;
      continue;
    }
    if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      endWord(i);
      endCommand();
      i++;
      if ((c === '&' || c === '|' || c === ';') && s[i] === c) i++;
      continue;
    }
    if (c === '<' || c === '>') {
      // a fd number written just before (2>&1) belongs to the redirection
      if (start >= 0 && /^\d+$/.test(value)) {
        value = '';
        start = -1;
      } else endWord(i);
      if (c === '<' && s[i + 1] === '<' && s[i + 2] !== '<') {
        i += 2;
        heredocNext = 'plain';
        if (s[i] === '-') {
          heredocNext = 'dash';
          i++;
        }
        continue;
      }
      i++;
      if (s[i] === '>' || s[i] === '&' || s[i] === '<' || s[i] === '|') i++;
      if (s[i - 1] === '&' && /[0-9-]/.test(s[i] ?? '')) {
        while (i < s.length && /[0-9-]/.test(s[i])) i++;
        continue;
      }
      redirect = true;
      continue;
    }
    if (start < 0) start = i;
    if (c === "'") {
      const e = s.indexOf("'", i + 1);
      const stop = e < 0 ? s.length : e;
      value += s.slice(i + 1, stop);
      i = stop + 1;
      continue;
    }
    if (c === '"') {
      i++;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === '\\' && i + 1 < s.length && '"\\$`\n'.includes(s[i + 1])) {
          if (s[i + 1] !== '\n') value += s[i + 1];
          i += 2;
          continue;
        }
        if (s[i] === '$' && s[i + 1] === '(') {
          const e = matchParen(s, i + 1);
          value += s.slice(i, e);
          i = e;
          continue;
        }
        value += s[i++];
      }
      i++;
      continue;
    }
    if (c === '\\') {
      if (i + 1 < s.length) value += s[i + 1];
      i += 2;
      continue;
    }
    if (c === '$' && s[i + 1] === '(') {
      const e = matchParen(s, i + 1);
      value += s.slice(i, e);
      i = e;
      continue;
    }
    if (c === '`') {
      const e = s.indexOf('`', i + 1);
      const stop = e < 0 ? s.length : e + 1;
      value += s.slice(i, stop);
      i = stop;
      continue;
    }
    value += c;
    i++;
  }
  endWord(s.length);
  endCommand();
  return commands;
}

/** From the `(` at p, the offset just past its matching `)` (quotes inside are skipped). */
function matchParen(s: string, p: number): number {
  let depth = 0;
  for (let i = p; i < s.length; i++) {
    const c = s[i];
    if (c === "'") {
      const e = s.indexOf("'", i + 1);
      i = e < 0 ? s.length : e;
    } else if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return s.length;
}

function normalise(words: ShWord[]): ShWord[] {
  let i = 0;
  for (;;) {
    const w = words[i];
    if (!w) break;
    if (RESERVED.has(w.value) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(w.value)) {
      i++;
      continue;
    }
    if ((w.value === 'sudo' || w.value === 'env' || w.value === 'command' || w.value === 'exec' || w.value === 'time') && words[i + 1] && !words[i + 1].value.startsWith('-')) {
      i++;
      continue;
    }
    break;
  }
  return words.slice(i);
}

/**
 * The commands of a RUN script, with a helper to map a word's span to the Dockerfile. Split once per script: every
 * rule that asks for the same script object gets the same list (treat it as read-only).
 */
export function commandsOf(ws: WorkspaceView, script: EmbeddedScript): ShCommand[] {
  return queriesOf(ws).derive('dockerfile-run-split', script, (s) => splitCommands(s.text));
}

export function hostSpan(script: EmbeddedScript, span: Span): Span {
  return toHostSpan(script, span);
}

/** The program name of a command word (`/usr/bin/yum` -> `yum`). */
export function programName(w: ShWord | undefined): string {
  if (!w) return '';
  const v = w.value;
  const slash = v.lastIndexOf('/');
  return slash < 0 ? v : v.slice(slash + 1);
}
