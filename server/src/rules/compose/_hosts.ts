// Which compose projects run on one Docker host. Ports, container names, project names and subnets clash only
// between projects on one engine, and a workspace often holds projects that never meet (a repository of samples, the
// stacks of many servers). Two projects are known to share a host when:
//   - both sit in one host tree (`<root>/etc/docker/...` or `<root>/etc/systemd/system/...` beside `<root>/srv/...`);
//   - one script, unit, cron job or CI job of the workspace starts both (`docker compose -f a.yml up` and
//     `docker compose -f b.yml up`, `cd b && docker compose up`, `docker compose -p b up`);
//   - `.shipshape.yaml` names both under one entry of `hosts:` (host name -> path globs).
// Files combined into one project (same folder, `-f`, `COMPOSE_FILE`, `include`) are one project, not two.

import type { FileKind } from '../../parsers/classify';
import { hostsOf } from '../../model/hosts';
import { createPathFilter } from '../../core/ignore';
import { queriesOf, sameItems } from '../../model/queries';
import type { SourceFile, WorkspaceRuleContext, WorkspaceView } from '../../model/rule';
import { scriptsOf } from '../../model/scripts';
import { basename, composeProjects, dirname, joinPath, type ComposeProject } from './_project';

/** Kinds whose files can start compose projects: the cross-project rules read these too. */
export const LAUNCHER_KINDS = ['shell', 'ci', 'crontab', 'systemd-unit'] as const satisfies readonly FileKind[];

/** Kinds that make host trees. */
export const HOST_TREE_KINDS = ['daemon-json', 'systemd-unit', 'sysconfig-env'] as const satisfies readonly FileKind[];

/** Every kind which projects share a host depends on, besides compose and env files. */
export const SHARING_KINDS = ['daemon-json', 'sysconfig-env', ...LAUNCHER_KINDS] as const satisfies readonly FileKind[];

/** One `docker compose` command line of a script, as written. */
export interface Launch {
  /** The host this command runs on: the script file, or the CI job. */
  host: string;
  /** The folder the command runs in: the script's, or for CI the checkout's. */
  cwd: string;
  /** `cd <dir> &&` before the command, or `--project-directory`. */
  dir?: string;
  /** `-f` / `--file` arguments, in order. */
  files: string[];
  /** `-p` / `--project-name`. */
  name?: string;
}

/** `cd <dir>` or a compose command, in script order: a `cd` moves the folder the commands after it run in. */
const STEP = /\bcd\s+(["']?)([^\s"';&|)]+)\1|\bdocker(?:-compose|\s+compose)\b([^\n;&|)]*)/g;

/** The compose commands of one script file, worked out once per version of it. */
export function launchesOf(ws: WorkspaceView, file: SourceFile): Launch[] {
  return queriesOf(ws).table('compose:launches').get(file.path, [file], () => {
    if (!/docker[- ]compose/.test(file.text)) return [];
    const out: Launch[] = [];
    const cwd = ciRoot(file) ?? dirname(file.path);
    for (const script of scriptsOf(file, ws)) {
      const host = file.kind === 'ci' && script.label ? `${file.path}#${script.label}` : file.path;
      let dir: string | undefined;
      STEP.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = STEP.exec(script.text))) {
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
          if (flag === '-f' || flag === '--file') pushValue(launch.files, value());
          else if (flag === '-p' || flag === '--project-name') launch.name = value();
          else if (flag === '--project-directory') launch.dir = value();
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

function pushValue(list: string[], v: string | undefined): void {
  // `$VAR` paths cannot be resolved here.
  if (v && !v.includes('$')) list.push(v);
}

/** Every compose command of the workspace's scripts; the same list while none changed. */
export function workspaceLaunches(ws: WorkspaceView, files: (kind: FileKind) => SourceFile[]): Launch[] {
  const lists = LAUNCHER_KINDS.map((k) => files(k));
  return queriesOf(ws).get(
    'compose:launches',
    lists,
    () => lists.flatMap((list) => list.flatMap((f) => launchesOf(ws, f))),
    (a, b) => JSON.stringify(a) === JSON.stringify(b),
  );
}

/**
 * The hosts each project is known to run on, by project folder; two projects share a host when their lists meet.
 * Worked out from where the projects are and what they are called, not from their content: an edit inside a
 * compose file keeps it.
 */
export function projectHosts(ctx: WorkspaceRuleContext): Map<string, string[]> {
  const ws = ctx.workspace;
  const projects = composeProjects(ws, ctx.parse);
  const launches = workspaceLaunches(ws, ctx.files);
  const trees = treeRoots(ctx);
  const configured = ctx.hosts ?? {};
  const where = queriesOf(ws).get('compose:project-places', [projects], () => {
    let out = '';
    for (const p of projects) out += `${p.dir}\u0001${p.name}\u0001${p.files.map((pf) => pf.file.path).join('\u0002')}\n`;
    return out;
  });
  return queriesOf(ws).get('compose:project-hosts', [where, launches, trees, configured], () => {
    const out = new Map<string, string[]>();
    const add = (p: ComposeProject, host: string) => {
      const list = out.get(p.dir);
      if (!list) out.set(p.dir, [host]);
      else if (!list.includes(host)) list.push(host);
    };
    for (const p of projects) {
      const root = deepestRoot(trees, p.files[0]?.file.path ?? `${p.dir}/`);
      if (root !== undefined) add(p, `tree:${root}`);
    }
    for (const [name, globs] of Object.entries(configured)) {
      const matches = createPathFilter(ws.root, globs);
      for (const p of projects) if (p.files.some((pf) => matches(pf.file.path)) || matches(`${p.dir}/`)) add(p, `config:${name}`);
    }
    if (launches.length) {
      const index = new ProjectIndex(projects, ws.root);
      for (const l of launches) for (const p of index.started(l)) add(p, `script:${l.host}`);
    }
    return out;
  });
}

/** A predicate: whether two projects are known to run on one Docker host. */
export function sharesHost(ctx: WorkspaceRuleContext): (a: ComposeProject, b: ComposeProject) => boolean {
  const hosts = projectHosts(ctx);
  return (a, b) => {
    if (a === b || a.dir === b.dir) return true;
    const x = hosts.get(a.dir);
    const y = hosts.get(b.dir);
    return !!x && !!y && x.some((h) => y.includes(h));
  };
}

/** Projects by file, folder and name, to find the ones a command starts. */
class ProjectIndex {
  private readonly byFile = new Map<string, ComposeProject>();
  private readonly byBase = new Map<string, string[]>();
  private readonly byDir = new Map<string, ComposeProject>();
  private readonly byDirBase = new Map<string, string[]>();
  private readonly byName = new Map<string, ComposeProject[]>();

  constructor(
    projects: ComposeProject[],
    private readonly root: string,
  ) {
    for (const p of projects) {
      for (const pf of p.files) {
        this.byFile.set(pf.file.path, p);
        push(this.byBase, basename(pf.file.path), pf.file.path);
      }
      this.byDir.set(p.dir, p);
      push(this.byDirBase, basename(p.dir), p.dir);
      this.byName.set(p.name, [...(this.byName.get(p.name) ?? []), p]);
    }
  }

  started(l: Launch): ComposeProject[] {
    const base = l.dir ? this.dir(l.cwd, l.dir) : l.cwd;
    const out: ComposeProject[] = [];
    for (const f of l.files) {
      const p = this.file(base ?? l.cwd, f);
      if (p) out.push(p);
    }
    if (l.files.length === 0) {
      const p = base !== undefined ? this.byDir.get(base) : undefined;
      if (p) out.push(p);
      else if (l.name && this.byName.get(l.name)?.length === 1) out.push(this.byName.get(l.name)![0]);
    }
    return out;
  }

  /** A `-f` argument: relative to the command's folder or the workspace root; an absolute path as a host path. */
  private file(base: string, ref: string): ComposeProject | undefined {
    if (ref.startsWith('/')) {
      const hit = this.byFile.get(ref);
      if (hit) return hit;
      // `/srv/shop/compose.yml` in a host tree is `<root>/srv/shop/compose.yml` in the workspace.
      const p = (this.byBase.get(basename(ref)) ?? []).find((x) => x.endsWith(ref));
      return p === undefined ? undefined : this.byFile.get(p);
    }
    return this.byFile.get(joinPath(base, ref)) ?? this.byFile.get(joinPath(this.root, ref));
  }

  private dir(cwd: string, ref: string): string | undefined {
    const clean = ref.replace(/\/+$/, '') || '/';
    if (clean.startsWith('/')) {
      if (this.byDir.has(clean)) return clean;
      return (this.byDirBase.get(basename(clean)) ?? []).find((d) => d.endsWith(clean));
    }
    const a = joinPath(cwd, clean);
    if (this.byDir.has(a)) return a;
    const b = joinPath(this.root, clean);
    return this.byDir.has(b) ? b : a;
  }
}

function push(m: Map<string, string[]>, k: string, v: string): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Roots of host trees laid out as a host's filesystem (`<root>/etc/docker/daemon.json`, `<root>/etc/systemd/system/...`). */
function treeRoots(ctx: WorkspaceRuleContext): string[] {
  const lists = HOST_TREE_KINDS.map((k) => ctx.files(k));
  return queriesOf(ctx.workspace).get(
    'compose:host-trees',
    lists,
    () =>
      hostsOf(ctx.workspace)
        .filter((h) => h.daemonJson.some((d) => d.hostPath) || h.units.some((u) => u.hostPath) || h.envFiles.some((e) => e.hostPath))
        .map((h) => h.root),
    sameItems,
  );
}

function deepestRoot(roots: string[], path: string): string | undefined {
  let best: string | undefined;
  for (const r of roots) if (path.startsWith(`${r}/`) && (best === undefined || r.length > best.length)) best = r;
  return best;
}

