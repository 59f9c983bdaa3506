// What the RUN rules share: each shell-form RUN parsed once by the shell layer (heredoc bodies included), the SHELL
// in effect for it, the base image's distribution family, and the package-manager invocation a command is.

import type { EmbeddedScript } from '../../core/embedded';
import { toHostSpan } from '../../core/embedded';
import type { Span } from '../../core/finding';
import { managerOf, takesValue, type PackageManager } from '../../knowledge/package-managers';
import type { DfRun, DockerfileModel } from '../../parsers/dockerfile';
import { baseName, commandWords, type ParsedScript, type SimpleCommand, type Word } from '../../parsers/shell';
import type { WorkspaceView } from '../../model/rule';
import { parsedScript } from '../../model/scripts';
import { queriesOf } from '../../model/queries';
import { parseImageRef } from './_image';

/** A RUN's script parsed by the shell layer, once per script object (the workspace's queries keep it). */
export function parsedRun(ws: WorkspaceView, script: EmbeddedScript): ParsedScript {
  return parsedScript(ws, script);
}

export interface RunCommand {
  run: DfRun;
  script: EmbeddedScript;
  command: SimpleCommand;
  /** argv after wrappers such as `sudo`, `env A=1`. */
  words: Word[];
  name: string;
}

/**
 * Every simple command of every shell-form RUN (or of one RUN), in order. Worked out once per parse and shared by
 * every RUN rule that asks: never modify them.
 */
export function runCommands(ws: WorkspaceView, model: DockerfileModel, run?: DfRun): readonly RunCommand[] {
  const q = queriesOf(ws);
  if (run) return q.derive('dockerfile-run-commands', run, (r) => commandsOfRun(ws, r));
  return q.derive('dockerfile-all-run-commands', model, (m) => m.runs.flatMap((r) => runCommands(ws, m, r)));
}

function commandsOfRun(ws: WorkspaceView, r: DfRun): RunCommand[] {
  const script = r.script;
  if (!script) return [];
  const out: RunCommand[] = [];
  for (const command of parsedRun(ws, script).commands) {
    const words = commandWords(command);
    if (words.length) out.push({ run: r, script, command, words, name: baseName(words[0]) });
  }
  return out;
}

/** A span in the script as a span in the Dockerfile. */
export function hostOf(script: EmbeddedScript, span: Span): Span {
  return toHostSpan(script, span);
}

/** The SHELL argv in effect for a RUN (following the stages it builds on); undefined for the default `/bin/sh -c`. */
export function shellFor(model: DockerfileModel, run: DfRun): string[] | undefined {
  let stageIndex: number | undefined = run.stage;
  let before: number = run.span.start;
  const seen = new Set<number>();
  while (stageIndex !== undefined && stageIndex >= 0 && !seen.has(stageIndex)) {
    seen.add(stageIndex);
    const stage: DockerfileModel['stages'][number] | undefined = model.stages[stageIndex];
    if (!stage) return undefined;
    let shell: string[] | undefined;
    for (const ins of stage.instructions) {
      if (ins.span.start >= before) break;
      if (ins.keyword === 'SHELL') shell = jsonArgs(ins.args.map((a: { text: string }) => a.text).join(' '));
    }
    if (shell) return shell;
    stageIndex = stage.from.baseStage;
    before = Number.MAX_SAFE_INTEGER;
  }
  return undefined;
}

function jsonArgs(s: string): string[] | undefined {
  try {
    const v: unknown = JSON.parse(s);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
  } catch {
    return undefined;
  }
}

/** The shell option set a SHELL argv turns on: `-e`, `-eux`, `-o pipefail`, `-o errexit`. */
export function shellSets(shell: string[] | undefined, option: 'e' | 'pipefail'): boolean {
  if (!shell) return false;
  for (let i = 1; i < shell.length; i++) {
    const a = shell[i];
    if (a === '-o' || a === '-eo' || a === '-euo' || /^-[a-z]*o$/.test(a)) {
      const v = shell[i + 1];
      if (option === 'pipefail' && v === 'pipefail') return true;
      if (option === 'e' && (v === 'errexit' || /^-[a-z]*e/.test(a))) return true;
      continue;
    }
    if (option === 'e' && /^-[a-z]*e[a-z]*$/.test(a) && a !== '-c') return true;
  }
  return false;
}

/** Whether the script itself turns the option on before offset `at` (`set -e`, `set -eux`, `set -o pipefail`). */
export function scriptSets(commands: SimpleCommand[], at: number, option: 'e' | 'pipefail'): boolean {
  for (const c of commands) {
    if (c.span.start >= at) break;
    const w = commandWords(c);
    if (baseName(w[0]) !== 'set') continue;
    for (let i = 1; i < w.length; i++) {
      const t = w[i].text;
      if (t === '-o' || /^-[a-z]*o$/.test(t)) {
        const v = w[i + 1]?.text;
        if (v === (option === 'e' ? 'errexit' : 'pipefail')) return true;
        if (option === 'e' && /^-[a-z]*e/.test(t)) return true;
      } else if (option === 'e' && /^-[a-z]*e[a-z]*$/.test(t)) return true;
    }
  }
  return false;
}

export type Family = 'debian' | 'alpine' | 'rhel' | 'suse';

/** The stage chain's root image, as resolved from ARG defaults. */
export function rootImage(model: DockerfileModel, stageIndex: number): string | undefined {
  let s = model.stages[stageIndex];
  const seen = new Set<number>();
  while (s && s.from.baseStage !== undefined && !seen.has(s.index)) {
    seen.add(s.index);
    s = model.stages[s.from.baseStage];
  }
  return s?.from.resolved;
}

/**
 * The distribution a stage runs on, from the package manager its RUN steps use (apt-get means Debian or Ubuntu,
 * apk Alpine), or else from the base image's name and tag. Undefined when neither tells.
 */
export function familyOf(ws: WorkspaceView, model: DockerfileModel, stageIndex: number): Family | undefined {
  const chain = new Set<number>();
  for (let i: number | undefined = stageIndex; i !== undefined && i >= 0 && !chain.has(i); i = model.stages[i]?.from.baseStage) chain.add(i);
  for (const rc of runCommands(ws, model)) {
    if (!chain.has(rc.run.stage)) continue;
    if (rc.name === 'apt-get' || rc.name === 'dpkg') return 'debian';
    if (rc.name === 'apk') return 'alpine';
    if (rc.name === 'yum' || rc.name === 'microdnf' || /^dnf[0-9]*$/.test(rc.name)) return 'rhel';
    if (rc.name === 'zypper') return 'suse';
  }
  const ref = parseImageRef(rootImage(model, stageIndex) ?? '');
  if (!ref) return undefined;
  const name = ref.repository.slice(ref.repository.lastIndexOf('/') + 1);
  const tag = ref.tag;
  if (/alpine/.test(name) || /alpine/.test(tag) || name === 'busybox') return 'alpine';
  if (/^(centos|fedora|rockylinux|almalinux|amazonlinux|oraclelinux|ubi\d*(-minimal|-micro)?|rhel\d*)$/.test(name)) return 'rhel';
  if (/^(opensuse|leap|tumbleweed|sle\w*|bci-\w+)$/.test(name)) return 'suse';
  if (/^(debian|ubuntu|buildpack-deps)$/.test(name)) return 'debian';
  if (/(bookworm|bullseye|buster|trixie|stretch|jammy|noble|focal|bionic|slim)/.test(tag)) return 'debian';
  return undefined;
}

export interface Install {
  manager: PackageManager;
  /** The subcommand word (`install`, `add`). */
  sub: Word;
  /** Words after the subcommand that are not options or option values: the packages (or files, paths, specs). */
  operands: Word[];
  /** Every option word on the command line, before and after the subcommand. */
  options: Word[];
}

/** The package manager a RUN command runs (after its wrappers), once per command for every rule that asks. */
export function managerOfRun(ws: WorkspaceView, rc: RunCommand): ReturnType<typeof managerOf> {
  return queriesOf(ws).derive('dockerfile-run-manager', rc, (r) => managerOf(r.words.map((w) => w.text)));
}

/** installOf for a RUN command, once per command for every rule that asks: never modify it. */
export function installOfRun(ws: WorkspaceView, rc: RunCommand): Install | undefined {
  return queriesOf(ws).derive('dockerfile-run-install', rc, (r) => installFrom(r.words, managerOfRun(ws, r)));
}

/** The install a command runs, if it is one (`apt-get -q install -y curl`, `python3 -m pip install x`). */
export function installOf(words: Word[]): Install | undefined {
  return installFrom(words, managerOf(words.map((w) => w.text)));
}

function installFrom(words: Word[], hit: ReturnType<typeof managerOf>): Install | undefined {
  if (!hit) return undefined;
  const m = hit.manager;
  const options: Word[] = [];
  let i = hit.argStart;
  // global options before the subcommand (`apk --no-cache add`, `zypper -n in`, `yarn global add`)
  while (i < words.length && (words[i].text.startsWith('-') || (m.id === 'yarn' && words[i].text === 'global'))) {
    if (words[i].text.startsWith('-')) options.push(words[i]);
    i += takesValue(m, words[i].text) ? 2 : 1;
  }
  const sub = words[i];
  if (!sub || !m.install.includes(sub.text)) return undefined;
  const operands: Word[] = [];
  for (i++; i < words.length; i++) {
    const t = words[i].text;
    if (t === '--') {
      operands.push(...words.slice(i + 1));
      break;
    }
    if (t.startsWith('-') && t.length > 1) {
      options.push(words[i]);
      if (takesValue(m, t)) i++;
      continue;
    }
    operands.push(words[i]);
  }
  return { manager: m, sub, options, operands };
}

/** apt-get/apt options that make it change nothing: `-s` (simulate), `--print-uris`, `-d` (download only). */
export function aptChangesNothing(options: Word[]): boolean {
  return options.some((o) => /^(-s|--simulate|--dry-run|--just-print|--no-act|--recon|-d|--download-only|--print-uris)$/.test(o.text));
}

/** Whether an option word is one of `flags`, alone or inside a cluster of short options (`-qy`). */
export function hasFlag(options: Word[], flags: string[]): boolean {
  for (const o of options) {
    const t = o.text.includes('=') ? o.text.slice(0, o.text.indexOf('=')) : o.text;
    if (flags.includes(t)) return true;
    if (/^-[A-Za-z]{2,}$/.test(t)) for (const f of flags) if (f.length === 2 && f[0] === '-' && t.includes(f[1])) return true;
  }
  return false;
}
