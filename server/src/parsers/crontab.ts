// Crontabs as cron (Vixie cron / cronie, crontab(5)) reads them: one entry per line, no continuation lines.
// A line is blank, a comment (first non-blank character `#`), an environment setting `name = value`, or a job:
// five time fields (or one `@special`), in system crontabs (/etc/crontab, /etc/cron.d/*) a user name, then the
// command to the end of the line. In the command an unescaped `%` ends the command: the text after it is fed to
// the command's stdin, each further `%` becoming a newline; `\%` stands for a literal `%`.
//
// Lines are split at `\n` only (cron reads lines with fgets-like logic); a `\r` before the `\n` is left out of every
// span. Line numbers in the model are 0-based.

import type { Span } from '../core/finding';
import { CRON_COMMAND_WORDS, CRON_SYSTEM_USERS, looksLikeCronCommand } from '../knowledge/cron';

export interface CronWord {
  text: string;
  span: Span;
}

export interface CronJob {
  /** 0-based line number. */
  line: number;
  /** The whole schedule: the five fields, or the `@special` word. */
  schedule: Span;
  /** The five time fields (minute, hour, day of month, month, day of week); empty for an `@special`. */
  fields: CronWord[];
  /** `@reboot`, `@daily`, … as written (lower-cased names are what cron accepts). */
  special?: string;
  /** The user field of a system crontab (the word after the schedule). */
  user?: CronWord;
  /** The raw command field, to the end of the line (before `%` handling). May be empty. */
  command: Span;
  /** Unescaped `%` characters in the command (each one character long). The first ends the command. */
  percents: Span[];
  /** The whole line's content, leading blanks included, line break excluded. */
  lineSpan: Span;
  /** When a time field is really the command (a field is missing): the command from there, for the shell rules. */
  script?: Span;
}

export interface CronEnv {
  name: string;
  value: string;
  nameSpan: Span;
  /** The value as written, quotes included. */
  valueSpan: Span;
  line: number;
  /** Whether the value was quoted ('…' or "…"). */
  quoted: boolean;
}

export type CronMalformedReason =
  | 'too-few-fields' // fewer than five time fields (or no command after them)
  | 'missing-command' // a schedule (and user) with no command
  | 'unknown-special'; // `@something` that is not one of cron's specials

export interface CronMalformed {
  line: number;
  reason: CronMalformedReason;
  /** The smallest part to blame: the unknown `@word`, or the whole line content. */
  span: Span;
  /** The command the line would run once its schedule is fixed (after an unknown `@word`), for the shell rules. */
  command?: Span;
}

export interface CronContinuation {
  line: number;
  /** The trailing `\`. */
  span: Span;
}

export interface CrontabModel {
  /** System format (a user field after the schedule): from the path (`etc/crontab`, `etc/cron.d/`), and for a file named `crontab` from its lines. */
  system: boolean;
  jobs: CronJob[];
  env: CronEnv[];
  /** Comment lines (the whole line content from `#`). */
  comments: Span[];
  malformed: CronMalformed[];
  /** Non-comment lines whose last non-blank character is `\`: cron has no continuation lines. */
  continuations: CronContinuation[];
  /** Number of lines. */
  lineCount: number;
}

/** The specials cronie and Vixie cron accept after `@`. */
export const CRON_SPECIALS: Readonly<Record<string, string>> = {
  '@reboot': '',
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** Whether a path names a system crontab (a user field after the schedule). */
export function isSystemCrontabPath(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  return /(^|\/)etc\/crontab$/.test(p) || /(^|\/)etc\/cron\.d\/[^/]+$/.test(p);
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

/**
 * A file named `crontab` may be /etc/crontab or a user crontab kept under that name in a repository (`etc/crontab`,
 * `docker/crontab`): there the lines decide. Read as a system crontab when every job names a system user after the
 * schedule, as a user crontab when no job has a user field; /etc/cron.d/ files are always system crontabs.
 */
export function parseCrontab(text: string, path: string): CrontabModel {
  const bySystemPath = isSystemCrontabPath(path);
  const model = parseAs(text, bySystemPath);
  if (!/(^|\/)crontab$/.test(path.replace(/\\/g, '/')) || model.jobs.length === 0) return model;
  if (bySystemPath) {
    // No job has a user: each word after the schedule is a command.
    const userLines = model.jobs.every((j) => !j.user || looksLikeCronCommand(j.user.text));
    return userLines ? parseAs(text, false) : model;
  }
  const systemLines = model.jobs.every((j) => {
    const first = /^\S+/.exec(text.slice(j.command.start, j.command.end))?.[0];
    return first !== undefined && CRON_SYSTEM_USERS.has(first) && /\S+\s+\S/.test(text.slice(j.command.start, j.command.end));
  });
  return systemLines ? parseAs(text, true) : model;
}

function parseAs(text: string, system: boolean): CrontabModel {
  const model: CrontabModel = {
    system,
    jobs: [],
    env: [],
    comments: [],
    malformed: [],
    continuations: [],
    lineCount: 0,
  };
  let lineNo = 0;
  let pos = 0;
  while (pos <= text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    let end = nl;
    if (end > pos && text[end - 1] === '\r') end--;
    parseLine(text, pos, end, lineNo, model);
    lineNo++;
    if (nl >= text.length) break;
    pos = nl + 1;
  }
  model.lineCount = lineNo;
  return model;
}

function parseLine(text: string, start: number, end: number, line: number, model: CrontabModel): void {
  let i = start;
  while (i < end && isBlank(text[i])) i++;
  if (i >= end) return; // blank
  if (text[i] === '#') {
    model.comments.push({ start: i, end });
    return;
  }
  // A trailing backslash: cron reads the next line as a new entry.
  let last = end;
  while (last > i && isBlank(text[last - 1])) last--;
  if (text[last - 1] === '\\') model.continuations.push({ line, span: { start: last - 1, end: last } });

  const env = parseEnv(text, i, end, line);
  if (env) {
    model.env.push(env);
    return;
  }
  parseJob(text, start, i, end, line, model);
}

/**
 * `name = value` as cron's load_env reads it: a name (quoted or a run of characters up to blank or `=`), optional
 * blanks, `=`, optional blanks, then the value; a value in matching quotes keeps its blanks, otherwise trailing blanks
 * are dropped. Anything else is not an environment line.
 */
function parseEnv(text: string, i: number, end: number, line: number): CronEnv | undefined {
  let nameStart = i;
  let nameEnd: number;
  let name: string;
  if (text[i] === '"' || text[i] === "'") {
    const q = text[i];
    const close = text.indexOf(q, i + 1);
    if (close < 0 || close >= end) return undefined;
    nameStart = i + 1;
    nameEnd = close;
    name = text.slice(nameStart, nameEnd);
    i = close + 1;
  } else {
    while (i < end && !isBlank(text[i]) && text[i] !== '=') i++;
    nameEnd = i;
    name = text.slice(nameStart, nameEnd);
  }
  if (name === '') return undefined;
  while (i < end && isBlank(text[i])) i++;
  if (text[i] !== '=') return undefined;
  i++;
  while (i < end && isBlank(text[i])) i++;
  let vEnd = end;
  while (vEnd > i && isBlank(text[vEnd - 1])) vEnd--;
  let value = text.slice(i, vEnd);
  let quoted = false;
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0]) {
    value = value.slice(1, -1);
    quoted = true;
  }
  return { name, value, nameSpan: { start: nameStart, end: nameEnd }, valueSpan: { start: i, end: vEnd }, line, quoted };
}

function nextWord(text: string, i: number, end: number): CronWord | undefined {
  while (i < end && isBlank(text[i])) i++;
  if (i >= end) return undefined;
  const s = i;
  while (i < end && !isBlank(text[i])) i++;
  return { text: text.slice(s, i), span: { start: s, end: i } };
}

function parseJob(text: string, lineStart: number, i: number, end: number, line: number, model: CrontabModel): void {
  const lineSpan = { start: lineStart, end };
  const fields: CronWord[] = [];
  let special: string | undefined;
  let schedule: Span;
  let at = i;
  const first = nextWord(text, at, end)!;
  if (first.text.startsWith('@')) {
    if (!Object.prototype.hasOwnProperty.call(CRON_SPECIALS, first.text)) {
      let c = first.span.end;
      if (model.system) c = nextWord(text, c, end)?.span.end ?? c;
      while (c < end && isBlank(text[c])) c++;
      model.malformed.push({ line, reason: 'unknown-special', span: first.span, ...(c < end ? { command: { start: c, end } } : {}) });
      return;
    }
    special = first.text;
    schedule = first.span;
    at = first.span.end;
  } else {
    for (let n = 0; n < 5; n++) {
      const w = nextWord(text, at, end);
      if (!w) {
        model.malformed.push({ line, reason: 'too-few-fields', span: { start: i, end } });
        return;
      }
      fields.push(w);
      at = w.span.end;
    }
    schedule = { start: fields[0].span.start, end: fields[4].span.end };
  }
  let user: CronWord | undefined;
  if (model.system) {
    user = nextWord(text, at, end);
    if (user) at = user.span.end;
  }
  while (at < end && isBlank(text[at])) at++;
  const command = { start: at, end };
  if (command.start >= command.end) {
    model.malformed.push({ line, reason: 'missing-command', span: { start: i, end } });
  }
  // A time field that is a command (`0 2 * * docker exec -it …`, one field short): cron rejects the line, and the
  // command it was meant to run starts there; the shell rules read that.
  const k = fields.findIndex((f) => !/^[0-9*?,/LW#-]+$/i.test(f.text) && !isFieldName(f.text) && (/^[/.~$]/.test(f.text) || CRON_COMMAND_WORDS.has(f.text)));
  const script = k >= 0 ? { start: fields[k].span.start, end } : undefined;
  model.jobs.push({ line, schedule, fields, special, user, command, percents: findPercents(text, command), lineSpan, ...(script ? { script } : {}) });
}

/** Unescaped `%` in a command, as cron's do_command reads them: a backslash escapes the character after it. */
export function findPercents(text: string, command: Span): Span[] {
  const out: Span[] = [];
  let escaped = false;
  for (let i = command.start; i < command.end; i++) {
    const c = text[i];
    if (escaped) {
      escaped = false;
      continue;
    }
    if (c === '\\') escaped = true;
    else if (c === '%') out.push({ start: i, end: i + 1 });
  }
  return out;
}

/** A month or weekday name cron knows, or its long form (`monday`, `june`): a mistaken field, not a command. */
function isFieldName(word: string): boolean {
  const w = word.toLowerCase();
  return /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|sun|mon|tue|wed|thu|fri|sat)[a-z]*([,-]|$)/.test(w);
}
