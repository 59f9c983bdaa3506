// Dockerfile parser: dockerfile-ast (the parser behind the Dockerfile language server) reads the instructions; this
// module turns its LSP line/character ranges into offsets, groups instructions into build stages, resolves the
// global ARG defaults a FROM may use, and extracts each shell-form RUN as an embedded script with an exact offset map
// (line continuations with the escape character removed, comment lines inside a continuation dropped, heredocs).
// `ONBUILD <instruction>` is listed twice: as the ONBUILD and as its trigger (`onbuild: true`, ranges inside the
// ONBUILD), so every rule reads the trigger as the instruction it is. Arguments and flags are read from dockerfile-ast
// only when a rule first asks for them (each call re-splits the instruction there), once per instruction.
// The `# check=` directive and hadolint's `# hadolint ignore=` pragmas are read here too (see DfPragmas).

import type { Instruction } from 'dockerfile-ast';
import type { Span } from '../core/finding';
import { LineIndex } from '../core/text';
import type { EmbeddedScript } from '../core/embedded';

export interface DfWord {
  text: string;
  span: Span;
}

export interface DfFlag {
  name: string;
  /** undefined for a flag without `=` */
  value: string | undefined;
  span: Span;
}

export interface DfInstruction {
  /** Upper-cased keyword: RUN, COPY, FROM... */
  keyword: string;
  keywordSpan: Span;
  /** The whole instruction, continuations and heredoc bodies included. */
  span: Span;
  /** Arguments after the flags, as dockerfile-ast splits them (continuations joined, quotes kept). */
  args: DfWord[];
  flags: DfFlag[];
  /** Index into stages, -1 before the first FROM. */
  stage: number;
  /** The trigger of an `ONBUILD` (it runs in the builds that use this image as their base, not in this one). */
  onbuild?: boolean;
  /** `COPY <<EOF /dst`, `RUN <<EOF`: the here-documents, in order; empty for most instructions. */
  heredocs: DfHeredoc[];
}

export interface DfHeredoc {
  /** The delimiter word (`EOF`). */
  name: string;
  /** The body between the `<<EOF` line and the delimiter line (undefined when the body is empty or unterminated). */
  content: Span | undefined;
}

/** What the file's comments say to other linters, honoured as if written for shipshape. */
export interface DfPragmas {
  /** `# check=skip=A,B` (BuildKit check names, as written) or `all`. */
  checkSkip: string[] | 'all';
  /** `# check=error=true`: BuildKit fails the build on a check's warning. */
  checkError: boolean;
  /** `# hadolint global ignore=DL3008,SC2086`: codes silenced in the whole file. */
  hadolintGlobal: string[];
  /** `# hadolint ignore=DL3008 # reason`: codes silenced on the next instruction (its whole span). */
  hadolintNext: { codes: string[]; span: Span }[];
}

export interface DfRun extends DfInstruction {
  keyword: 'RUN';
  /** JSON (exec) form: no shell runs the command. */
  execForm: boolean;
  /** The shell script a shell-form RUN hands to the shell; undefined for exec form or a non-sh SHELL. */
  script: EmbeddedScript | undefined;
}

export interface DfFrom {
  instruction: DfInstruction;
  /** The image as written (`${BASE}`, `centos:centos6.9`). */
  image: DfWord | undefined;
  /** The image after substituting global ARG defaults; undefined when a variable has no default. */
  resolved: string | undefined;
  /** `AS name`, lower-cased as the builder does. */
  name: string | undefined;
  /** The index of an earlier stage this FROM builds on, when the image names one. */
  baseStage: number | undefined;
}

export interface DfStage {
  index: number;
  from: DfFrom;
  instructions: DfInstruction[];
}

export interface DockerfileModel {
  /** The escape character (`\` unless an `# escape=` directive says `` ` ``). */
  escape: string;
  /** `# syntax=` directive value, when present. */
  syntax: string | undefined;
  /** False when `# syntax=` names a frontend that is not the Dockerfile frontend: nothing here can be read as a Dockerfile then. */
  dockerfileSyntax: boolean;
  instructions: DfInstruction[];
  stages: DfStage[];
  runs: DfRun[];
  /** ARGs declared before the first FROM, with their defaults (undefined when none). */
  globalArgs: Map<string, string | undefined>;
  pragmas: DfPragmas;
}

const noPragmas = (): DfPragmas => ({ checkSkip: [], checkError: false, hadolintGlobal: [], hadolintNext: [] });

export function parseDockerfile(text: string): DockerfileModel {
  try {
    return build(text);
  } catch {
    return { escape: '\\', syntax: undefined, dockerfileSyntax: true, instructions: [], stages: [], runs: [], globalArgs: new Map(), pragmas: noPragmas() };
  }
}

type LspRange = { start: { line: number; character: number }; end: { line: number; character: number } };
type SpanOf = (r: LspRange) => Span;

/** What every instruction of one file shares. */
interface FileCtx {
  text: string;
  escape: string;
  spanOf: SpanOf;
}

/** Instructions whose leading `--flag` words dockerfile-ast reads as flags, and where it stops looking. */
const FLAG_STOP: Record<string, (word: string) => boolean> = {
  FROM: (w) => !w.includes('--'),
  RUN: (w) => !w.includes('--'),
  COPY: (w) => !w.includes('--'),
  ADD: (w) => !w.includes('--'),
  HEALTHCHECK: (w) => w.toUpperCase() === 'CMD' || w.toUpperCase() === 'NONE',
};

/**
 * One instruction; args and flags are split on first use. dockerfile-ast re-splits the instruction on every call
 * (getFlags calls getArguments, getArguments calls getFlags), so a one-line instruction without the escape
 * character, the common case, is split here the way dockerfile-ast does it (at blanks: it reads no quotes), and
 * anything else is left to dockerfile-ast.
 */
class Ins implements DfInstruction {
  onbuild?: boolean;
  heredocs: DfHeredoc[] = [];
  private argsCache: DfWord[] | undefined;
  private flagsCache: DfFlag[] | undefined;
  constructor(
    private readonly src: Instruction,
    private readonly file: FileCtx,
    readonly keyword: string,
    readonly keywordSpan: Span,
    readonly span: Span,
    public stage: number,
    /** Arguments starting at or after this offset are heredoc bodies, not arguments. */
    private readonly argsEnd: number,
  ) {}
  private split(): void {
    const { text, escape } = this.file;
    const from = this.keywordSpan.end;
    const to = this.span.end;
    let simple = true;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13 || text[i] === escape) {
        simple = false;
        break;
      }
    }
    if (!simple) {
      // Read on a rule's first use, outside parseDockerfile's guard: bad input gives no arguments, never a throw.
      const out: DfWord[] = [];
      try {
        for (const a of this.src.getArguments()) {
          const span = this.file.spanOf(a.getRange());
          if (span.start >= this.argsEnd) break;
          out.push({ text: a.getValue(), span });
        }
        this.flagsCache = getFlags(this.src).map((f) => ({ name: f.getName(), value: f.getValue() ?? undefined, span: this.file.spanOf(f.getRange()) }));
      } catch {
        this.flagsCache = [];
      }
      this.argsCache = out;
      return;
    }
    const words: DfWord[] = [];
    let i = from;
    while (i < to) {
      while (i < to && (text[i] === ' ' || text[i] === '\t')) i++;
      if (i >= to) break;
      const start = i;
      while (i < to && text[i] !== ' ' && text[i] !== '\t') i++;
      words.push({ text: text.slice(start, i), span: { start, end: i } });
    }
    const flags: DfFlag[] = [];
    const stop = FLAG_STOP[this.keyword];
    if (stop) {
      for (const w of words) {
        if (stop(w.text)) break;
        if (!w.text.startsWith('--')) continue;
        const eq = w.text.indexOf('=');
        flags.push({ name: eq < 0 ? w.text.slice(2) : w.text.slice(2, eq), value: eq < 0 ? undefined : w.text.slice(eq + 1), span: w.span });
      }
    }
    this.argsCache = flags.length ? words.slice(flags.length) : words;
    this.flagsCache = flags;
  }
  get args(): DfWord[] {
    if (!this.argsCache) this.split();
    return this.argsCache!;
  }
  set args(v: DfWord[]) {
    this.argsCache = v;
  }
  get flags(): DfFlag[] {
    if (!this.flagsCache) this.split();
    return this.flagsCache!;
  }
  set flags(v: DfFlag[]) {
    this.flagsCache = v;
  }
}

function build(text: string): DockerfileModel {
  // Loaded with the first Dockerfile, not at start-up: the server answers its first document sooner (require caches it).
  const { DockerfileParser } = require('dockerfile-ast') as typeof import('dockerfile-ast');
  const df = DockerfileParser.parse(text);
  const idx = new LineIndex(text);
  const span: SpanOf = (r) => ({ start: idx.offsetAt(r.start), end: idx.offsetAt(r.end) });
  const escape = df.getEscapeCharacter() || '\\';
  let syntax: string | undefined;
  const pragmas = noPragmas();
  for (const d of df.getDirectives()) {
    const name = d.getName()?.toLowerCase();
    if (name === 'syntax') syntax = d.getValue() ?? undefined;
    else if (name === 'check') readCheckDirective(d.getValue() ?? '', pragmas);
  }
  const dockerfileSyntax = syntax === undefined || isDockerfileFrontend(syntax);
  const file: FileCtx = { text, escape, spanOf: span };

  const instructions: DfInstruction[] = [];
  const stages: DfStage[] = [];
  const runs: DfRun[] = [];
  const globalArgs = new Map<string, string | undefined>();
  const stageNames = new Map<string, number>();
  let stage = -1;
  let shell: string[] | undefined;

  const make = (ins: Instruction, st: number): Ins => {
    const keyword = ins.getKeyword().toUpperCase();
    const whole = span(ins.getRange());
    const heredocs: DfHeredoc[] = [];
    let argsEnd = whole.end;
    // Only RUN, COPY and ADD read heredocs; the text test spares the call everywhere else.
    if ((keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD') && hasHeredocMark(text, whole.start, whole.end)) {
      for (const h of getHeredocs(ins)) {
        const c = h.getContentRange();
        heredocs.push({ name: h.getName() ?? '', content: c ? span(c) : undefined });
      }
      if (heredocs.length) {
        const nl = text.indexOf('\n', whole.start);
        if (nl >= 0 && nl < whole.end) argsEnd = nl;
      }
    }
    const out = new Ins(ins, file, keyword, span(ins.getInstructionRange()), whole, st, argsEnd);
    out.heredocs = heredocs;
    return out;
  };

  const addRun = (run: DfRun, shellNow: string[] | undefined) => {
    const extracted = dockerfileSyntax ? extractRunScript(text, run, escape, run.heredocs.map((h) => h.content)) : undefined;
    run.execForm = extracted?.execForm ?? false;
    run.script = undefined;
    if (extracted && !extracted.execForm && extracted.script) {
      const shellName = shellNow?.[0];
      if (shellName === undefined || /(^|\/)(ba|da|k|z|a)?sh$/.test(shellName)) {
        run.script = { ...extracted.script, shell: extracted.script.shell ?? shellName };
      }
    }
    runs.push(run);
  };

  for (const ins of df.getInstructions()) {
    const base = make(ins, stage);
    const keyword = base.keyword;
    if (keyword === 'FROM') {
      stage++;
      base.stage = stage;
      shell = undefined;
      const args = base.args;
      const image = args[0];
      const resolved = image ? substitute(image.text, globalArgs) : undefined;
      const name = args.length >= 3 && args[1].text.toUpperCase() === 'AS' ? args[2].text.toLowerCase() : undefined;
      const baseStage = resolved !== undefined ? stageNames.get(resolved.toLowerCase()) : undefined;
      const from: DfFrom = { instruction: base, image, resolved, name, baseStage };
      stages.push({ index: stage, from, instructions: [base] });
      if (name !== undefined && !stageNames.has(name)) stageNames.set(name, stage);
      instructions.push(base);
      continue;
    }
    if (stage < 0 && keyword === 'ARG') {
      for (const a of base.args) {
        const eq = a.text.indexOf('=');
        const name = eq < 0 ? a.text : a.text.slice(0, eq);
        const value = eq < 0 ? undefined : unquote(a.text.slice(eq + 1));
        if (name) globalArgs.set(name, value);
      }
    }
    if (keyword === 'SHELL') shell = jsonArray(text.slice(base.args[0]?.span.start ?? base.span.end, base.span.end));
    if (stage >= 0) stages[stage].instructions.push(base);
    instructions.push(base);
    if (keyword === 'RUN') addRun(base as unknown as DfRun, shell);
    if (keyword === 'ONBUILD') {
      const trigger = (ins as unknown as { getTriggerInstruction?: () => Instruction | null }).getTriggerInstruction?.();
      if (!trigger) continue;
      const inner = make(trigger, stage);
      inner.onbuild = true;
      if (stage >= 0) stages[stage].instructions.push(inner);
      instructions.push(inner);
      // The trigger runs in the child build, under the shell the child has then: the default one, as far as we know.
      if (inner.keyword === 'RUN') addRun(inner as unknown as DfRun, undefined);
    }
  }
  if (text.includes('hadolint')) readHadolintPragmas(text, instructions, pragmas);
  return { escape, syntax, dockerfileSyntax, instructions, stages, runs, globalArgs, pragmas };
}

/** `# check=skip=JSONArgsRecommended,StageNameCasing;error=true` (BuildKit's build-check directive). */
function readCheckDirective(value: string, out: DfPragmas): void {
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    const v = part.slice(eq + 1).trim();
    if (key === 'skip') {
      const names = v.split(',').map((x) => x.trim()).filter(Boolean);
      out.checkSkip = names.some((n) => n.toLowerCase() === 'all') ? 'all' : names;
    } else if (key === 'error') out.checkError = v.toLowerCase() === 'true';
  }
}

const PRAGMA = /^[ \t]*#[ \t]*hadolint[ \t]+(global[ \t]+)?ignore[ \t]*=[ \t]*([A-Za-z0-9, \t]*?)[ \t]*(?:#.*)?$/;

/**
 * hadolint's pragmas: `# hadolint ignore=DL3008,DL3015` on its own line silences those codes on the next
 * instruction (a `# reason` may follow the list); `# hadolint global ignore=…` silences them in the whole file.
 * Comment lines inside an instruction (a continuation) are the instruction's, not pragmas.
 */
function readHadolintPragmas(text: string, instructions: DfInstruction[], out: DfPragmas): void {
  const tops = instructions.filter((i) => !i.onbuild);
  let next = 0;
  let p = 0;
  while (p < text.length) {
    let e = text.indexOf('\n', p);
    if (e < 0) e = text.length;
    const line = text.slice(p, e).replace(/\r$/, '');
    while (next < tops.length && tops[next].span.end <= p) next++;
    const inside = next < tops.length && tops[next].span.start <= p;
    if (!inside && line.includes('hadolint')) {
      const m = PRAGMA.exec(line);
      if (m) {
        const codes = m[2].split(/[\s,]+/).map((c) => c.toUpperCase()).filter((c) => /^(DL|SC)\d+$/.test(c));
        if (m[1]) out.hadolintGlobal.push(...codes);
        else if (next < tops.length) out.hadolintNext.push({ codes, span: tops[next].span });
      }
    }
    p = e + 1;
  }
}

function getFlags(ins: Instruction): { getName(): string; getValue(): string | null; getRange(): { start: { line: number; character: number }; end: { line: number; character: number } } }[] {
  const f = (ins as unknown as { getFlags?: () => unknown[] }).getFlags;
  return typeof f === 'function' ? (f.call(ins) as ReturnType<typeof getFlags>) : [];
}

function getHeredocs(ins: Instruction): { getName(): string | null; getContentRange(): LspRange | null }[] {
  const f = (ins as unknown as { getHeredocs?: () => unknown[] }).getHeredocs;
  return typeof f === 'function' ? (f.call(ins) as ReturnType<typeof getHeredocs>) : [];
}

/** `docker/dockerfile:1`, `docker.io/docker/dockerfile-upstream:master`, `docker/dockerfile:1.4-labs@sha256:...`. */
export function isDockerfileFrontend(ref: string): boolean {
  return /(^|\/)dockerfile(-upstream)?([:@]|$)/.test(ref.trim());
}

function unquote(s: string): string {
  if (s.length >= 2 && ((s[0] === '"' && s.endsWith('"')) || (s[0] === "'" && s.endsWith("'")))) return s.slice(1, -1);
  return s;
}

function jsonArray(s: string): string[] | undefined {
  try {
    const v: unknown = JSON.parse(s.trim());
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Substitute `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`, `${VAR+alt}` from `vars`.
 * Returns undefined when a variable has no value to substitute.
 */
export function substitute(s: string, vars: ReadonlyMap<string, string | undefined>): string | undefined {
  let failed = false;
  const out = s.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_all, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    const has = vars.has(name) && vars.get(name) !== undefined;
    const value = vars.get(name);
    const empty = !has || value === '';
    switch (op) {
      case ':-':
        return empty ? (word ?? '') : value!;
      case '-':
        return has ? value! : (word ?? '');
      case ':+':
        return empty ? '' : (word ?? '');
      case '+':
        return has ? (word ?? '') : '';
      default:
        if (!has) failed = true;
        return value ?? '';
    }
  });
  return failed ? undefined : out;
}

const FLAG_RE = /^--[A-Za-z-]+(=\S*)?$/;

/**
 * The shell script of a RUN instruction, as the builder hands it to `/bin/sh -c`: the command after the flags, with
 * each continuation (escape character, trailing blanks and the line break) removed and the comment and blank lines
 * inside a continuation dropped. With heredocs, the lines after the first are kept verbatim (the shell reads the
 * heredoc itself); `RUN <<EOF` alone runs the heredoc body as the script.
 */
export function extractRunScript(text: string, run: DfInstruction, escape: string, heredocBodies: (Span | undefined)[]): { execForm: boolean; script: EmbeddedScript | undefined } {
  const end = run.span.end;
  // The first logical line, as pieces of the host text between continuations (no per-character arrays).
  let line = '';
  const offs = new Int32Array(Math.max(0, end - run.keywordSpan.end));
  let n = 0;
  let p = run.keywordSpan.end;
  let segStart = p;
  let firstLineEnd = end; // host offset of the line break ending the first logical line
  const take = (to: number) => {
    if (to <= segStart) return;
    line += text.slice(segStart, to);
    for (let k = segStart; k < to; k++) offs[n++] = k;
  };
  while (p < end) {
    const c = text[p];
    if (c === escape && isContinuation(text, p + 1, end)) {
      take(p);
      p = skipContinuation(text, p + 1, end);
      segStart = p;
      continue;
    }
    if (c === '\n' || (c === '\r' && text[p + 1] === '\n')) {
      firstLineEnd = p;
      break;
    }
    p++;
  }
  take(Math.min(p, end));
  // Drop leading blanks and the flags (`--mount=...`), which dockerfile-ast has already read.
  let i = 0;
  for (;;) {
    while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
    if (line[i] === '-' && line[i + 1] === '-') {
      let j = i;
      while (j < line.length && line[j] !== ' ' && line[j] !== '\t') j++;
      if (FLAG_RE.test(line.slice(i, j))) {
        i = j;
        continue;
      }
    }
    break;
  }
  // Trailing blanks are not part of the command.
  let stop = line.length;
  while (stop > i && (line[stop - 1] === ' ' || line[stop - 1] === '\t')) stop--;
  line = line.slice(i, stop);
  const lineOffs = offs.subarray(i, stop);
  if (line.startsWith('[')) {
    const arr = jsonArray(line);
    if (arr) return { execForm: true, script: undefined };
  }
  if (!line) return { execForm: false, script: undefined };
  const heredocs = heredocBodies.length > 0 && firstLineEnd < end;
  if (heredocs && /^<<-?(["']?)[A-Za-z0-9_]+\1$/.test(line) && heredocBodies[0]) {
    // `RUN <<EOF`: the body is the script. A `#!` line names the interpreter; only shell bodies are shell.
    const body = heredocBodies[0];
    const bodyText = text.slice(body.start, body.end);
    const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(bodyText);
    let shell: string | undefined;
    if (shebang) {
      const prog = /(^|\/)env$/.test(shebang[1]) ? (shebang[2] ?? '') : shebang[1];
      if (!/(^|\/)(ba|da|k|z|a)?sh$/.test(prog)) return { execForm: false, script: undefined };
      shell = prog;
    }
    const o = new Int32Array(bodyText.length + 1);
    for (let k = 0; k <= bodyText.length; k++) o[k] = body.start + k;
    return { execForm: false, script: { text: bodyText, offsets: o, context: 'dockerfile', shell } };
  }
  if (!heredocs) {
    const o = new Int32Array(line.length + 1);
    o.set(lineOffs);
    o[line.length] = line.length ? lineOffs[line.length - 1] + 1 : run.keywordSpan.end;
    return { execForm: false, script: { text: line, offsets: o, context: 'dockerfile' } };
  }
  let scriptText = line;
  const all = [...lineOffs];
  const rest = text.slice(firstLineEnd, end);
  scriptText += rest.replace(/\r\n/g, '\n');
  let q = firstLineEnd;
  while (q < end) {
    if (text[q] === '\r' && text[q + 1] === '\n') q++;
    all.push(q);
    q++;
  }
  const last = all.length ? all[all.length - 1] + 1 : run.keywordSpan.end;
  const o = new Int32Array(scriptText.length + 1);
  for (let k = 0; k < scriptText.length; k++) o[k] = all[k];
  o[scriptText.length] = last;
  return { execForm: false, script: { text: scriptText, offsets: o, context: 'dockerfile' } };
}

/** After an escape character at p-1: only blanks, then a line break (or the end of the instruction). */
function isContinuation(text: string, p: number, end: number): boolean {
  while (p < end && (text[p] === ' ' || text[p] === '\t')) p++;
  return p >= end || text[p] === '\n' || (text[p] === '\r' && text[p + 1] === '\n');
}

/** Skip blanks, the line break, then any comment or blank lines that follow inside the continuation. */
function skipContinuation(text: string, p: number, end: number): number {
  while (p < end && text[p] !== '\n') p++;
  p++;
  for (;;) {
    if (p >= end) return end;
    let q = p;
    while (q < end && (text[q] === ' ' || text[q] === '\t')) q++;
    const blank = q >= end || text[q] === '\n' || (text[q] === '\r' && text[q + 1] === '\n');
    if (!blank && text[q] !== '#') return p;
    while (q < end && text[q] !== '\n') q++;
    p = q + 1;
  }
}

/** The shell scripts of a Dockerfile (each shell-form RUN), for the shell rules. */
export function dockerfileScripts(model: DockerfileModel): EmbeddedScript[] {
  return model.runs.flatMap((r) => (r.script ? [r.script] : []));
}

/** Whether `<<` starts between start and end; read there only (an indexOf would read on to the end of the file). */
function hasHeredocMark(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 60 && text.charCodeAt(i + 1) === 60) return true;
  return false;
}
