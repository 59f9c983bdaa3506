// Reading a dockerd command line out of ExecStart=: systemd's word splitting and quoting, `$VAR` / `${VAR}`
// expansion from Environment= and EnvironmentFile= (so flags that live in /etc/sysconfig/docker point into that
// file), then dockerd's own flag parsing (pflag: `--name=value`, `--name value`, `-H value`, `-Hvalue`, `-H=value`,
// clustered boolean shorthands like `-Dl debug`).

import type { Span } from '../core/finding';
import type { SourceFile } from './rule';
import type { UnitDirective } from '../parsers/systemd-unit';
import { DOCKERD_BINARIES, dockerdFlag, dockerdShortFlag, type DockerdFlag } from '../knowledge/dockerd-flags';
import { envFileAt, type Assignment, type EffectiveUnit } from './hosts';

export interface Located {
  file: SourceFile;
  span: Span;
}

/** One argument as dockerd receives it, with the host offset of each character in the file it came from. */
export interface ArgWord {
  text: string;
  file: SourceFile;
  /** offsets[i] is the offset of text[i] in `file`; offsets[text.length] is just past the word. */
  offsets: number[];
  /** The variable it came from (`OPTIONS`), when expanded from the environment. */
  fromVar?: string;
}

export interface CommandWord {
  text: string;
  /** offsets into the directive's file, one per character, plus one past the end. */
  offsets: number[];
}

/** systemd's splitting of an Exec*= value into words, with the prefix characters (`-@:+!`) stripped. */
export function splitExecWords(d: UnitDirective): { words: CommandWord[]; prefix: string } {
  const v = d.value;
  let i = 0;
  while (i < v.length && '-@:+!|'.includes(v[i])) i++;
  const prefix = v.slice(0, i);
  const words: CommandWord[] = [];
  while (i < v.length) {
    while (i < v.length && /\s/.test(v[i])) i++;
    if (i >= v.length) break;
    let text = '';
    const offsets: number[] = [];
    let quote: string | undefined;
    while (i < v.length) {
      const c = v[i];
      if (quote) {
        if (c === quote) {
          quote = undefined;
          i++;
          continue;
        }
        if (c === '\\' && quote === '"' && i + 1 < v.length) {
          text += v[i + 1];
          offsets.push(d.valueOffsets[i + 1]);
          i += 2;
          continue;
        }
        text += c;
        offsets.push(d.valueOffsets[i]);
        i++;
        continue;
      }
      if (/\s/.test(c)) break;
      if (c === '"' || c === "'") {
        quote = c;
        i++;
        continue;
      }
      if (c === '\\' && i + 1 < v.length) {
        text += v[i + 1];
        offsets.push(d.valueOffsets[i + 1]);
        i += 2;
        continue;
      }
      text += c;
      offsets.push(d.valueOffsets[i]);
      i++;
    }
    offsets.push(offsets.length ? offsets[offsets.length - 1] + 1 : d.valueOffsets[i]);
    words.push({ text, offsets });
  }
  return { words, prefix };
}

export interface EnvVar {
  name: string;
  value: string;
  file: SourceFile;
  offsets: number[];
}

export interface ServiceEnvironment {
  vars: Map<string, EnvVar>;
  /** EnvironmentFile= entries whose file the workspace does not hold (`-` optional ones included). */
  missing: { path: string; optional: boolean; at: Assignment }[];
  /** EnvironmentFile= entries resolved to workspace files, with the assignment that names them. */
  read: { hostPath: string; at: Assignment; file: SourceFile }[];
}

/** The environment of a service: Environment= first, then EnvironmentFile= files in order (files win). */
export function serviceEnvironment(unit: EffectiveUnit): ServiceEnvironment {
  const vars = new Map<string, EnvVar>();
  const missing: ServiceEnvironment['missing'] = [];
  const read: ServiceEnvironment['read'] = [];
  for (const a of unit.list('Service', 'Environment').items) {
    for (const w of splitExecWords(a.d).words) {
      const eq = w.text.indexOf('=');
      if (eq <= 0) continue;
      const name = w.text.slice(0, eq);
      vars.set(name, { name, value: w.text.slice(eq + 1), file: a.ref.file, offsets: w.offsets.slice(eq + 1) });
    }
  }
  for (const a of unit.list('Service', 'EnvironmentFile').items) {
    const optional = a.d.value.startsWith('-');
    const path = a.d.value.replace(/^-/, '').trim();
    const env = envFileAt(unit.host, path);
    if (!env) {
      missing.push({ path, optional, at: a });
      continue;
    }
    read.push({ hostPath: path, at: a, file: env.file });
    for (const asg of env.model.assignments) vars.set(asg.name, { name: asg.name, value: asg.value, file: env.file, offsets: asg.valueOffsets });
  }
  return { vars, missing, read };
}

/** Expand `$VAR` (split at whitespace) and `${VAR}` (one word) the way systemd does in Exec*= lines. */
export function expandWords(words: CommandWord[], file: SourceFile, env: Map<string, EnvVar>): { args: ArgWord[]; unresolved: string[]; used: string[] } {
  const args: ArgWord[] = [];
  const unresolved: string[] = [];
  const used: string[] = [];
  for (const w of words) {
    const whole = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(w.text) ?? /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(w.text);
    if (whole) {
      const name = whole[1];
      used.push(name);
      const v = env.get(name);
      if (!v) {
        unresolved.push(name);
        continue;
      }
      if (w.text.startsWith('${')) {
        args.push({ text: v.value, file: v.file, offsets: v.offsets, fromVar: name });
        continue;
      }
      const re = /\S+/g;
      let m: RegExpExecArray | null;
      while ((m = re.exec(v.value))) {
        const offs = v.offsets.slice(m.index, m.index + m[0].length);
        offs.push(offs[offs.length - 1] + 1);
        args.push({ text: m[0], file: v.file, offsets: offs, fromVar: name });
      }
      continue;
    }
    if (!w.text.includes('$')) {
      args.push({ text: w.text, file, offsets: w.offsets });
      continue;
    }
    let text = '';
    const offsets: number[] = [];
    for (let i = 0; i < w.text.length; ) {
      if (w.text.startsWith('$$', i)) {
        text += '$';
        offsets.push(w.offsets[i]);
        i += 2;
        continue;
      }
      const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(w.text.slice(i));
      if (m) {
        used.push(m[1]);
        const v = env.get(m[1]);
        if (!v) unresolved.push(m[1]);
        for (const ch of v?.value ?? '') {
          text += ch;
          offsets.push(w.offsets[i]);
        }
        i += m[0].length;
        continue;
      }
      text += w.text[i];
      offsets.push(w.offsets[i]);
      i++;
    }
    offsets.push(w.offsets[w.text.length]);
    args.push({ text, file, offsets });
  }
  return { args, unresolved, used };
}

export interface ParsedFlag {
  /** As written: `--graph`, `-g`, `-H`. */
  written: string;
  spec?: DockerdFlag;
  /** The flag name characters (for a shorthand in a cluster, just that letter). */
  name: Located;
  value?: string;
  valueAt?: Located;
  /** The flag with its value when both sit in one file: what a fix removes. */
  whole: Located;
  /** Words the flag and its value occupy (for removal). */
  words: ArgWord[];
  fromVar?: string;
  /** Unknown shorthand letters are reported by letter. */
  unknownShorthand?: boolean;
}

export interface DockerdInvocation {
  at: Assignment;
  form: 'dockerd' | 'docker daemon' | 'docker -d';
  /** The binary word (and `daemon` / `-d` for the legacy forms). */
  command: Located;
  args: ArgWord[];
  flags: ParsedFlag[];
  /** Arguments that are no flag and no flag's value: dockerd takes none. */
  positional: ArgWord[];
  unresolved: string[];
  /** Variables the command line expands. */
  used: string[];
}

function spanOf(w: ArgWord, from = 0, to = w.text.length): Span {
  if (to <= from) return { start: w.offsets[from], end: w.offsets[from] };
  return { start: w.offsets[from], end: w.offsets[to - 1] + 1 };
}

/** Whether the words are a dockerd command, and in which form. Returns the index of the first flag word. */
export function dockerdForm(args: { text: string }[]): { form: DockerdInvocation['form']; first: number } | undefined {
  if (args.length === 0) return undefined;
  const bin = args[0].text.slice(args[0].text.lastIndexOf('/') + 1);
  if (DOCKERD_BINARIES.includes(bin)) return { form: 'dockerd', first: 1 };
  if (bin === 'docker' || bin === 'docker-current') {
    if (args[1]?.text === 'daemon') return { form: 'docker daemon', first: 2 };
    const d = args.findIndex((a, i) => i > 0 && (a.text === '-d' || a.text === '--daemon'));
    if (d > 0) return { form: 'docker -d', first: 1 };
  }
  return undefined;
}

/**
 * Parse dockerd flags from expanded arguments (pflag rules). Words that are neither a flag nor a flag's value go to
 * `positional` when given (dockerd refuses them); a word after an unknown `--flag` is left out, it may be its value.
 */
export function parseDockerdFlags(args: ArgWord[], first: number, legacyDaemonFlag: boolean, positional?: ArgWord[]): ParsedFlag[] {
  const out: ParsedFlag[] = [];
  for (let i = first; i < args.length; i++) {
    const w = args[i];
    const t = w.text;
    if (t === '--') {
      if (positional) for (const rest of args.slice(i + 1)) positional.push(rest);
      break;
    }
    if (positional && (t === '' || !t.startsWith('-') || t === '-')) {
      const prev = out[out.length - 1];
      const afterUnknown = prev && !prev.spec && prev.value === undefined && prev.words[0] === args[i - 1];
      if (!afterUnknown && t !== '') positional.push(w);
      continue;
    }
    if (legacyDaemonFlag && (t === '-d' || t === '--daemon')) continue;
    if (t.startsWith('--') && t.length > 2) {
      const eq = t.indexOf('=');
      const name = eq < 0 ? t.slice(2) : t.slice(2, eq);
      const spec = dockerdFlag(name);
      const nameAt = { file: w.file, span: spanOf(w, 0, eq < 0 ? t.length : eq) };
      const flag: ParsedFlag = { written: `--${name}`, spec, name: nameAt, whole: { file: w.file, span: spanOf(w) }, words: [w], fromVar: w.fromVar };
      if (eq >= 0) {
        flag.value = t.slice(eq + 1);
        flag.valueAt = { file: w.file, span: spanOf(w, eq + 1) };
      } else if (spec?.value && i + 1 < args.length) {
        const v = args[++i];
        flag.value = v.text;
        flag.valueAt = { file: v.file, span: spanOf(v) };
        flag.words.push(v);
        if (v.file === w.file) flag.whole = { file: w.file, span: { start: nameAt.span.start, end: spanOf(v).end } };
      }
      out.push(flag);
      continue;
    }
    if (t.startsWith('-') && t.length > 1) {
      // A cluster of shorthands; the first one that takes a value eats the rest (or the next word).
      for (let k = 1; k < t.length; k++) {
        const letter = t[k];
        const spec = dockerdShortFlag(letter);
        const nameAt = { file: w.file, span: spanOf(w, k, k + 1) };
        const flag: ParsedFlag = { written: `-${letter}`, spec, name: nameAt, whole: { file: w.file, span: t.length === 2 ? spanOf(w) : nameAt.span }, words: [w], fromVar: w.fromVar };
        if (!spec) {
          flag.unknownShorthand = true;
          out.push(flag);
          break;
        }
        if (spec.value) {
          const rest = t.slice(k + 1);
          if (rest.length > 0) {
            const skip = rest.startsWith('=') ? 1 : 0;
            flag.value = rest.slice(skip);
            flag.valueAt = { file: w.file, span: spanOf(w, k + 1 + skip) };
            flag.whole = { file: w.file, span: spanOf(w, k) };
            if (k === 1) flag.whole = { file: w.file, span: spanOf(w) };
          } else if (i + 1 < args.length) {
            const v = args[++i];
            flag.value = v.text;
            flag.valueAt = { file: v.file, span: spanOf(v) };
            flag.words.push(v);
            if (v.file === w.file) flag.whole = { file: w.file, span: { start: k === 1 ? w.offsets[0] : nameAt.span.start, end: spanOf(v).end } };
          }
          out.push(flag);
          break;
        }
        out.push(flag);
      }
      continue;
    }
  }
  return out;
}

/** Read an Exec*= assignment as a dockerd command line (undefined when it runs something else). */
export function readDockerd(at: Assignment, env: Map<string, EnvVar>): DockerdInvocation | undefined {
  const { words } = splitExecWords(at.d);
  const { args, unresolved, used } = expandWords(words, at.ref.file, env);
  const form = dockerdForm(args);
  if (!form) return undefined;
  const cmdEnd = form.form === 'docker daemon' ? args[1] : args[0];
  const command: Located = { file: at.ref.file, span: { start: args[0].offsets[0], end: spanOf(cmdEnd).end } };
  const positional: ArgWord[] = [];
  const flags = parseDockerdFlags(args, form.first, form.form === 'docker -d', positional);
  return { at, form: form.form, command, args, flags, positional, unresolved, used };
}

/** The dockerd command docker.service runs, once the unit and all its drop-ins are merged. */
export function effectiveDockerd(unit: EffectiveUnit): { invocation?: DockerdInvocation; complete: boolean; env: ServiceEnvironment } {
  const env = serviceEnvironment(unit);
  const { items, complete } = unit.list('Service', 'ExecStart');
  const last = items[items.length - 1];
  if (!last) return { complete, env };
  return { invocation: readDockerd(last, env.vars), complete, env };
}

/** Go's %v of a decoded JSON value, as dockerd prints it in its conflict message. */
export function goFormat(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goFormat).join(' ')}]`;
  if (v && typeof v === 'object') {
    const keys = Object.keys(v as object).sort();
    return `map[${keys.map((k) => `${k}:${goFormat((v as Record<string, unknown>)[k])}`).join(' ')}]`;
  }
  if (v === null || v === undefined) return '<nil>';
  return String(v);
}
