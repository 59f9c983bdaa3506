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
import type { WorkspaceRuleContext } from '../../model/rule';
import { composeProjects, hostRootOf, type ComposeProject } from './_project';
import { ComposePaths, LAUNCHER_KINDS, workspaceLaunches, type Launch } from './_launches';

export { LAUNCHER_KINDS, launchesOf, workspaceLaunches, type Launch } from './_launches';

/** Kinds that make host trees. */
export const HOST_TREE_KINDS = ['daemon-json', 'systemd-unit', 'sysconfig-env'] as const satisfies readonly FileKind[];

/** Every kind which projects share a host depends on, besides compose and env files. */
export const SHARING_KINDS = ['daemon-json', 'sysconfig-env', ...LAUNCHER_KINDS] as const satisfies readonly FileKind[];

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
  // Each project's place, a short string per project object: an edit inside a project keeps its place equal.
  const places = queriesOf(ws).each('compose:project-place', projects, (p) => `${p.dir}\u0001${p.name}\u0001${p.files.map((pf) => pf.file.path).join('\u0002')}`);
  return queriesOf(ws).get('compose:project-hosts', [launches, trees, configured, ...places], () => {
    const out = new Map<string, string[]>();
    const add = (p: ComposeProject, host: string) => {
      const list = out.get(p.dir);
      if (!list) out.set(p.dir, [host]);
      else if (!list.includes(host)) list.push(host);
    };
    const roots = new Map(trees.map((r) => [r, true]));
    for (const p of projects) {
      const root = hostRootOf(roots, p.files[0]?.file.path ?? `${p.dir}/`);
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
  private readonly byDir = new Map<string, ComposeProject>();
  private readonly byName = new Map<string, ComposeProject[]>();
  private readonly paths: ComposePaths;

  constructor(projects: ComposeProject[], root: string) {
    for (const p of projects) {
      // A file several chains merge belongs to each of their projects; the first is the one it is found by.
      for (const pf of p.files) if (!this.byFile.has(pf.file.path)) this.byFile.set(pf.file.path, p);
      this.byDir.set(p.dir, p);
      this.byName.set(p.name, [...(this.byName.get(p.name) ?? []), p]);
    }
    this.paths = new ComposePaths(this.byFile.keys(), root);
  }

  started(l: Launch): ComposeProject[] {
    if (l.files.length) {
      // One command's `-f` files are one project: the one of its project folder (see layoutOf).
      const chain = this.paths.chain(l);
      const dir = this.paths.projectDir(l, chain);
      const p = (dir !== undefined ? this.byDir.get(dir) : undefined) ?? (chain.length ? this.byFile.get(chain[0]) : undefined);
      return p ? [p] : [];
    }
    if (l.unknownFiles) return []; // `-f $FILE`: some file, not the folder's default ones
    const base = this.paths.base(l);
    const p = this.byDir.get(base);
    if (p) return [p];
    if (l.name && this.byName.get(l.name)?.length === 1) return [this.byName.get(l.name)![0]];
    return [];
  }
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

