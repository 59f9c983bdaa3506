// The `docker compose` command lines of the workspace's scripts, CI jobs, task runners, cron jobs and units, and the
// compose files each names with `-f`. They tell which files `docker compose` merges into one project (a launch's `-f`
// chain) and which projects one host starts (see _hosts.ts).

import type { FileKind } from '../../parsers/classify';
import { queriesOf } from '../../model/queries';
import type { SourceFile, WorkspaceView } from '../../model/rule';
import { scriptsOf } from '../../model/scripts';
import { isMakefile, makefileCommands } from '../../parsers/makefile';
import { basename, dirname, joinPath } from './_paths';

/** Kinds whose files can start compose projects: the cross-project rules read these too. */
export const LAUNCHER_KINDS = ['shell', 'ci', 'crontab', 'systemd-unit', 'task-runner'] as const satisfies readonly FileKind[];

/** One `docker compose` command line of a script, as written. */
export interface Launch {
  /** The host this command runs on: the script file, or the CI job. */
  host: string;
  /** The folder the command runs in: the script's, or for CI the checkout's. */
  cwd: string;
  /** `cd <dir> &&` before the command, or `--project-directory`. */
  dir?: string;
  /** `--project-directory`: the project's folder instead of the first file's. */
  projectDir?: string;
  /** `-f` / `--file` arguments, in order. */
  files: string[];
  /** Some `-f` argument could not be read (`-f $FILE`): the chain is not known in full. */
  unknownFiles?: true;
  /** `-p` / `--project-name`. */
  name?: string;
}

/**
 * `cd <dir>` or a compose command, in script order: a `cd` moves the folder the commands after it run in. The
 * command is a word of its own (`/usr/bin/docker-compose` is one, `docker-compose.yml` and `FILE=docker-compose-x.yml`
 * are not).
 */
const STEP = /\bcd\s+(["']?)([^\s"';&|)]+)\1|(?<![\w.=-])docker(?:-compose|\s+compose)(?=\s|$)([^\n;&|)]*)/g;

/** The compose commands of one script file, worked out once per version of it. */
export function launchesOf(ws: WorkspaceView, file: SourceFile): Launch[] {
  return queriesOf(ws).table('compose:launches').get(file.path, [file], () => {
    if (!/docker[- ]compose/.test(file.text)) return [];
    const out: Launch[] = [];
    const cwd = ciRoot(file) ?? dirname(file.path);
    const make = isMakefile(file.path);
    const scripts = make ? makefileCommands(file.text).map((c) => ({ text: c.text, label: c.target })) : scriptsOf(file, ws);
    let n = 0;
    for (const script of scripts) {
      // A CI job, a make target, a task-runner command runs on its own (`make test` is not `make up`); a shell
      // script, a cron job or a unit runs all its commands.
      const host = (file.kind === 'ci' || make) && script.label ? `${file.path}#${script.label}` : file.kind === 'task-runner' ? `${file.path}#${n}` : file.path;
      n++;
      let dir: string | undefined;
      // A command continued over lines (`docker compose \` then `-f a.yml \`…) is one line.
      const text = script.text.replace(/\\\r?\n/g, ' ');
      STEP.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = STEP.exec(text))) {
        if (m[2] !== undefined) {
          // `cd -`, `cd ~` and `cd $X` lead somewhere this cannot follow.
          dir = /^[-~$]/.test(m[2]) ? undefined : m[2].startsWith('/') || dir === undefined ? m[2] : joinPath(dir, m[2]);
          continue;
        }
        const launch: Launch = { host, cwd, files: [] };
        if (dir) launch.dir = dir;
        const words = m[3].trim().split(/\s+/).map((w) => w.replace(/^["']|["']$/g, ''));
        for (let i = 0; i < words.length; i++) {
          const w = words[i];
          const eq = w.indexOf('=');
          const [flag, inline] = w.startsWith('--') && eq > 0 ? [w.slice(0, eq), w.slice(eq + 1)] : [w, undefined];
          const value = () => inline ?? words[++i];
          if (flag === '-f' || flag === '--file') {
            const v = value();
            // `$VAR` paths cannot be resolved here.
            if (v && !v.includes('$')) launch.files.push(v);
            else launch.unknownFiles = true;
          } else if (flag === '-p' || flag === '--project-name') launch.name = value();
          else if (flag === '--project-directory') launch.dir = launch.projectDir = value();
          else if (flag === '--env-file' || flag === '--profile' || flag === '--ansi' || flag === '--progress' || flag === '--parallel') i += inline === undefined ? 1 : 0;
          else if (!flag.startsWith('-')) break; // the subcommand: what follows are its own arguments
        }
        out.push(launch);
      }
    }
    return out;
  });
}

/** A CI file's commands run in the checkout: the folder above `.github/`, `.gitea/`, `.forgejo/`… */
function ciRoot(file: SourceFile): string | undefined {
  if (file.kind !== 'ci') return undefined;
  const m = /^(.*)\/\.[a-z]+\/workflows\/[^/]+$/.exec(file.path);
  return m ? m[1] : undefined;
}

/** Every compose command of the workspace's scripts; the same list while none changed. */
export function workspaceLaunches(ws: WorkspaceView, files: (kind: FileKind) => SourceFile[] = (k) => ws.files(k)): Launch[] {
  const lists = LAUNCHER_KINDS.map((k) => files(k));
  return queriesOf(ws).get(
    'compose:launches',
    lists,
    () => lists.flatMap((list) => list.flatMap((f) => launchesOf(ws, f))),
    (a, b) => JSON.stringify(a) === JSON.stringify(b),
  );
}

/**
 * The paths a launch's `-f` arguments may name, most likely first: relative to the folder the command runs in, or
 * to the workspace root; an absolute path as it is (the caller matches host paths inside a host tree).
 */
export function fileCandidates(l: Launch, ref: string, root: string): string[] {
  if (ref.startsWith('/')) return [ref];
  const base = l.dir ? (l.dir.startsWith('/') ? l.dir : joinPath(l.cwd, l.dir)) : l.cwd;
  const out = [joinPath(base, ref)];
  if (l.dir && !l.dir.startsWith('/')) out.push(joinPath(joinPath(root, l.dir), ref));
  out.push(joinPath(root, ref));
  return out;
}

/** The workspace's compose files and their folders, to find the ones a command names. */
export class ComposePaths {
  private readonly files = new Set<string>();
  private readonly dirs = new Set<string>();
  private readonly fileByBase = new Map<string, string[]>();
  private readonly dirByBase = new Map<string, string[]>();

  constructor(
    paths: Iterable<string>,
    private readonly root: string,
  ) {
    for (const p of paths) {
      this.files.add(p);
      push(this.fileByBase, basename(p), p);
      const d = dirname(p);
      if (!this.dirs.has(d)) {
        this.dirs.add(d);
        push(this.dirByBase, basename(d), d);
      }
    }
  }

  /** The folder a command runs in: its `cd`, or its script's folder. */
  base(l: Launch): string {
    return l.dir ? this.dir(l.cwd, l.dir) : l.cwd;
  }

  /** The workspace files a launch's `-f` arguments name, in order; the ones not in the workspace are left out. */
  chain(l: Launch): string[] {
    const base = this.base(l);
    const out: string[] = [];
    for (const ref of l.files) {
      const p = this.file(base, ref);
      if (p !== undefined && !out.includes(p)) out.push(p);
    }
    return out;
  }

  /** The project folder of a launch with `-f`: `--project-directory`, else the first file's folder. */
  projectDir(l: Launch, chain: string[]): string | undefined {
    if (l.projectDir) return this.dir(l.cwd, l.projectDir);
    return chain.length ? dirname(chain[0]) : undefined;
  }

  /** A `-f` argument: relative to the command's folder or the workspace root; an absolute path as a host path. */
  file(base: string, ref: string): string | undefined {
    if (ref.startsWith('/')) {
      if (this.files.has(ref)) return ref;
      // `/srv/shop/compose.yml` in a host tree is `<root>/srv/shop/compose.yml` in the workspace.
      return (this.fileByBase.get(basename(ref)) ?? []).find((x) => x.endsWith(ref));
    }
    const a = joinPath(base, ref);
    if (this.files.has(a)) return a;
    const b = joinPath(this.root, ref);
    return this.files.has(b) ? b : undefined;
  }

  /** A `cd` or `--project-directory` folder: a folder of compose files when one matches, else as written. */
  dir(cwd: string, ref: string): string {
    const clean = ref.replace(/\/+$/, '') || '/';
    if (clean.startsWith('/')) {
      if (this.dirs.has(clean)) return clean;
      return (this.dirByBase.get(basename(clean)) ?? []).find((d) => d.endsWith(clean)) ?? clean;
    }
    const a = joinPath(cwd, clean);
    if (this.dirs.has(a)) return a;
    const b = joinPath(this.root, clean);
    return this.dirs.has(b) ? b : a;
  }
}

function push(m: Map<string, string[]>, k: string, v: string): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/**
 * The paths the workspace's `-f` arguments may name (each relative one resolved every way fileCandidates reads it):
 * YAML files there are compose files whatever their names.
 */
export function composeFileTargets(ws: WorkspaceView): Set<string> {
  const out = new Set<string>();
  for (const l of workspaceLaunches(ws)) for (const ref of l.files) if (/\.ya?ml$/i.test(ref)) for (const p of fileCandidates(l, ref, ws.root)) out.add(p);
  return out;
}
