// Compose projects in a workspace, the way `docker compose` forms them: the compose files of one folder
// (compose.yaml + compose.override.yaml, or docker-compose.yml + docker-compose.override.yml, …) are one project;
// files pulled in through `include:` join the project that includes them; files only used as `extends:` targets are
// no project of their own. The project name follows compose-go: COMPOSE_PROJECT_NAME from the folder's `.env`, else
// top-level `name:` (interpolated), else the folder's basename, normalised.

import type { ReportDescriptor, SourceFile, WorkspaceRuleContext, WorkspaceView } from '../../model/rule';
import { queriesOf, sameItems, type Queries } from '../../model/queries';
import { templateInner } from '../../core/template';
import type { Models } from '../../parsers';
import { Resolver, type ComposeModel, type ComposeService } from '../../parsers/compose';
import { mergedValue, type Merged } from './_merge';
import { envFileValues, parseEnvFile } from '../../parsers/env-file';
import { interpolate, type Lookup } from '../../parsers/interpolate';
import type { Span } from '../../core/finding';
import { basename, dirname, joinPath } from './_paths';
import { ComposePaths, workspaceLaunches, type Launch } from './_launches';

/**
 * A file of a project. Its model and resolver are read through the workspace's parse cache each time: a project is
 * kept across edits, its files' trees are not.
 */
export interface ProjectFile {
  file: SourceFile;
  readonly model: ComposeModel;
  readonly resolver: Resolver;
}

export interface ProjectService {
  name: string;
  /** Definitions in load order (base file first, overrides after), read from the files' current models. */
  readonly defs: { pf: ProjectFile; svc: ComposeService }[];
  /** The project it belongs to (its merged model: `serviceValue`, `mergedServices`). */
  project: ComposeProject;
}

export interface ComposeProject {
  dir: string;
  /** Files in load order. The first is the one the name comes from when none sets it. */
  files: ProjectFile[];
  /**
   * Files with names Compose does not load by default (`docker-compose.prod.yml`): each is used with `-f`, usually
   * together with the default file, but two of them are often alternatives.
   */
  variants: Set<ProjectFile>;
  /**
   * The sets of files `docker compose` loads together: the folder's default files (or `COMPOSE_FILE`), each `-f`
   * chain a script of the workspace runs, and each other file on its own. Services of files no run combines never
   * run together.
   */
  runs: Set<ProjectFile>[];
  name: string;
  /** `flag`: every script that starts the project names it with `-p`. */
  nameSource: 'flag' | 'env' | 'name' | 'folder';
  /** Where `name:` is set, when it is. */
  nameAt?: { pf: ProjectFile; span: Span };
  env: Map<string, string>;
  lookup: Lookup;
  services: Map<string, ProjectService>;
}

type Parse = <K extends keyof Models>(kind: K, file: SourceFile) => Models[K];

/** compose-go's NormalizeProjectName: lower-case, keep [a-z0-9_-], trim leading `_` and `-`. */
export function normalizeProjectName(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}

export { basename, dirname, joinPath } from './_paths';

/** The names Compose looks for, in compose-go's order of preference: the first found is loaded, the others are not. */
const DEFAULT_ORDER = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
/** The override loaded with it (any of them goes with any base name): again only the first found. */
const OVERRIDE_ORDER = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

function loadRank(path: string): number {
  const b = basename(templateInner(path) ?? path).toLowerCase(); // a template ranks as the file it renders to
  const i = DEFAULT_ORDER.indexOf(b);
  if (i >= 0) return i;
  const j = OVERRIDE_ORDER.indexOf(b);
  if (j >= 0) return 10 + j;
  return 20;
}

/** The `.env` of a folder as Compose reads it, from the workspace or the disk. */
export function folderEnv(ws: WorkspaceView, dir: string, parse: Parse): Map<string, string> {
  const p = `${dir}/.env`;
  const f = ws.get(p);
  if (f && f.kind === 'env-file') return envFileValues(parse('env-file', f));
  const text = ws.fs.readText(p);
  return text === undefined ? new Map() : envFileValues(parseEnvFile(text));
}

/** What a compose file says about the files it pulls in (paths resolved), worked out once per version of the file. */
interface FileLinks {
  includes: string[];
  extendsTargets: string[];
  /** The links as one string: a file's links object is kept while its key is the same. */
  key: string;
}

function linksOf(ws: WorkspaceView, parse: Parse, f: SourceFile): FileLinks {
  return queriesOf(ws).table('compose:links').get(f.path, [f], () => {
    const model = parse('compose', f);
    const includes = model.includes.map((i) => joinPath(model.dir, i.path));
    const extendsTargets = model.extendsFiles.map((e) => joinPath(model.dir, e.path));
    return { includes, extendsTargets, key: `${f.path}\u0001${includes.join('\u0002')}\u0001${extendsTargets.join('\u0002')}` };
  }, (a, b) => a.key === b.key); // an edit that keeps the links keeps the object: the layout is compared by reference

}

/** Which files form which project: paths only, so an edit that keeps every file's links keeps the layout. */
interface Layout {
  groups: LayoutGroup[];
  dirs: Set<string>;
}

export interface LayoutGroup {
  dir: string;
  envPath: string;
  /** The project's own files in load order (the name comes from these): what is loaded by default first. */
  own: string[];
  /** Every file of the project in load order: own files, each followed by what it includes. */
  all: string[];
  variants: string[];
  /** The files loaded together (see ComposeProject.runs), each with what its files include. */
  runs: string[][];
  /** `-p` of the scripts that start the project, when they all name it the same. */
  name?: string;
  /** Files outside the project that its services extend from. */
  extendsFrom: string[];
}

/**
 * The compose projects of the workspace, as engine queries: the layout is kept while no file's links and no
 * script's compose commands change, and a project is worked out again only when a file of its merge chain, a file it
 * extends from or its `.env` changed. When no project changed, the very same list comes back.
 */
export function composeProjects(ws: WorkspaceView, parse: Parse): ComposeProject[] {
  const files = ws.files('compose');
  const envFiles = ws.files('env-file');
  const launches = workspaceLaunches(ws);
  const q = queriesOf(ws);
  return q.get('compose:projects', [files, envFiles, launches], () => buildProjects(ws, parse, files, envFiles, launches), sameItems);
}

function buildProjects(ws: WorkspaceView, parse: Parse, files: SourceFile[], envFiles: SourceFile[], launches: Launch[]): ComposeProject[] {
  const q = queriesOf(ws);
  const linkList = files.map((f) => linksOf(ws, parse, f));
  const chains = composeFileChains(ws, parse);
  const layout = q.get('compose:layout', [chains, launches, ...linkList], () => {
    const links = new Map<string, FileLinks>(files.map((f, i) => [f.path, linkList[i]]));
    return sameGroups(q.table('compose:group'), layoutOf(links, chains, launches, ws.root));
  });
  const table = q.table('compose:project');
  const project = (g: LayoutGroup) => {
    const inputs: unknown[] = [g, ws.get(g.envPath)];
    for (const p of g.all) inputs.push(ws.get(p));
    for (const p of g.extendsFrom) inputs.push(ws.get(p));
    return table.get(g.dir, inputs, () => makeProject(ws, parse, g));
  };
  // The same layout and env files, and compose files changed in place: only the groups that hold a changed file
  // can have a new project (a keystroke in a workspace of thousands of projects looks at one).
  const last = q.derive('compose:projects-by-layout', layout, () => ({ index: groupsByPath(layout, files), files: undefined as SourceFile[] | undefined, envFiles: undefined as SourceFile[] | undefined, projects: [] as ComposeProject[] }));
  const changed = last.files && last.envFiles === envFiles && last.index ? changedGroups(last.index, last.files, files) : undefined;
  let projects: ComposeProject[];
  if (changed) {
    projects = last.projects.slice();
    for (const i of changed) projects[i] = project(layout.groups[i]);
  } else {
    projects = layout.groups.map(project);
    if (table.size > layout.groups.length) table.prune((dir) => layout.dirs.has(dir));
  }
  Object.assign(last, { files, envFiles, projects });
  return projects;
}

/** Which groups each compose file is in; undefined when a group reads a file that is not a compose file of the list. */
function groupsByPath(layout: Layout, files: SourceFile[]): Map<string, number[]> | undefined {
  const compose = new Set(files.map((f) => f.path));
  const out = new Map<string, number[]>();
  for (const [i, g] of layout.groups.entries()) {
    for (const p of [...g.all, ...g.extendsFrom]) {
      if (!compose.has(p)) return undefined;
      const list = out.get(p);
      if (!list) out.set(p, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  }
  return out;
}

/** The groups holding a file that changed in place; undefined when files were added, removed or moved. */
function changedGroups(index: Map<string, number[]>, before: SourceFile[], now: SourceFile[]): Set<number> | undefined {
  if (before.length !== now.length) return undefined;
  const out = new Set<number>();
  for (let i = 0; i < now.length; i++) {
    if (now[i] === before[i]) continue;
    if (now[i].path !== before[i].path) return undefined;
    for (const g of index.get(now[i].path) ?? []) out.add(g);
  }
  return out;
}

/** A new layout keeps the group objects that did not change, so a script edit re-makes only the projects it touched. */
function sameGroups(table: Queries, layout: Layout): Layout {
  layout.groups = layout.groups.map((g) => table.get(g.dir, [JSON.stringify(g)], () => g));
  if (table.size > layout.groups.length) table.prune((dir) => layout.dirs.has(dir));
  return layout;
}

/**
 * `COMPOSE_FILE` set in a folder's `.env`: the files `docker compose` loads there instead of the default names,
 * split on `COMPOSE_PATH_SEPARATOR` (default `:`), relative to the folder. Kept while no env file changes.
 */
function composeFileChains(ws: WorkspaceView, parse: Parse): Map<string, string[]> {
  const envFiles = ws.files('env-file');
  return queriesOf(ws).get(
    'compose:compose-file-env',
    [envFiles],
    () => {
      const out = new Map<string, string[]>();
      for (const f of envFiles) {
        if (basename(f.path) !== '.env') continue;
        const env = envFileValues(parse('env-file', f));
        const value = env.get('COMPOSE_FILE');
        if (!value || value.includes('$')) continue;
        const dir = dirname(f.path);
        const sep = env.get('COMPOSE_PATH_SEPARATOR') || ':';
        out.set(
          dir,
          value
            .split(sep)
            .map((x) => x.trim())
            .filter(Boolean)
            .map((x) => joinPath(dir, x)),
        );
      }
      return out;
    },
    (a, b) => JSON.stringify([...a]) === JSON.stringify([...b]),
  );
}

/** A project as the layout gathers it, before its files are put in load order. */
interface Gathered {
  dir: string;
  /** The folder's own files, in load order. */
  files: string[];
  /** What `docker compose` loads in the folder without `-f`. */
  loaded: string[];
  /** Files of other folders that a `-f` chain merges into this project, in the order first met. */
  joined: string[];
  runs: string[][];
  /** `-p` of each command that starts it (undefined: none given). */
  names: (string | undefined)[];
}

function layoutOf(links: Map<string, FileLinks>, chains: Map<string, string[]>, launches: Launch[], root: string): Layout {
  // Files another file includes or extends from are not projects of their own.
  const includedBy = new Map<string, string>();
  const extendTargets = new Set<string>();
  for (const [path, l] of links) {
    for (const target of l.includes) if (links.has(target) && target !== path) includedBy.set(target, path);
    for (const target of l.extendsTargets) if (links.has(target) && target !== path) extendTargets.add(target);
  }
  const byDir = new Map<string, string[]>();
  for (const path of links.keys()) {
    if (includedBy.has(path)) continue;
    if (extendTargets.has(path) && !DEFAULT_ORDER.includes(basename(path).toLowerCase())) continue;
    const dir = dirname(path);
    const list = byDir.get(dir) ?? [];
    list.push(path);
    byDir.set(dir, list);
  }
  const gathered = new Map<string, Gathered>();
  /** Which project loads a file without `-f`. */
  const home = new Map<string, string>();
  for (const [dir, files] of byDir) {
    files.sort((a, b) => loadRank(a) - loadRank(b) || (a < b ? -1 : 1));
    // What `docker compose` loads here: COMPOSE_FILE's chain, else the first base name found and the first override.
    const chain = chains.get(dir)?.filter((p) => links.has(p));
    const loaded = chain?.length ? chain : [files.find((p) => loadRank(p) < 10), files.find((p) => loadRank(p) >= 10 && loadRank(p) < 20)].filter((p): p is string => p !== undefined);
    gathered.set(dir, { dir, files, loaded, joined: [], runs: loaded.length ? [loaded] : [], names: [] });
    for (const p of loaded) home.set(p, dir);
  }

  // Each command's `-f` chain is one run of the project in its project folder (compose-go: `--project-directory`,
  // else the first file's folder). Files of other folders join that project; when a chain takes a file another
  // folder loads by default, the two are one project started two ways, not two projects.
  const paths = new ComposePaths(links.keys(), root);
  const parent = new Map<string, string>();
  const find = (d: string): string => {
    let r = d;
    while (parent.has(r)) r = parent.get(r)!;
    return r;
  };
  const taken = new Set<string>();
  for (const l of launches) {
    if (l.files.length === 0) {
      // `docker compose up` in a folder: its default project, named by `-p` when given.
      const g = l.unknownFiles ? undefined : gathered.get(paths.base(l));
      if (g) g.names.push(l.name);
      continue;
    }
    const files = paths.chain(l).filter((p) => !includedBy.has(p));
    const dir = paths.projectDir(l, files);
    if (dir === undefined || files.length === 0) continue;
    let g = gathered.get(dir);
    if (!g) gathered.set(dir, (g = { dir, files: [], loaded: [], joined: [], runs: [], names: [] }));
    g.runs.push(files);
    g.names.push(l.name);
    for (const p of files) {
      const h = home.get(p);
      if (h !== undefined && find(h) !== find(dir)) parent.set(find(h), find(dir));
      else if (h === undefined) {
        if (dirname(p) !== dir) taken.add(p);
        if (!g.files.includes(p) && !g.joined.includes(p)) g.joined.push(p);
      }
    }
  }
  // Files a chain of another folder takes are that project's, not projects of their own folder.
  for (const g of gathered.values()) g.files = g.files.filter((p) => !taken.has(p) || home.has(p) || g.runs.some((r) => r.includes(p)));
  for (const [child] of [...parent]) {
    const g = gathered.get(child);
    const into = gathered.get(find(child));
    if (!g || !into || g === into) continue;
    for (const p of [...g.files, ...g.joined]) if (!into.files.includes(p) && !into.joined.includes(p)) into.joined.push(p);
    into.runs.push(...g.runs);
    into.names.push(...g.names);
    gathered.delete(child);
  }

  const groups: LayoutGroup[] = [];
  for (const [dir, g] of gathered) {
    // The folder's other files are used with `-f`: after what is loaded by default.
    const own = [...g.loaded, ...g.files.filter((p) => !g.loaded.includes(p)), ...g.joined.filter((p) => !g.loaded.includes(p) && !g.files.includes(p))];
    if (own.length === 0) continue;
    const withIncludes = (list: string[]): string[] => {
      const out: string[] = [];
      const add = (path: string, depth: number) => {
        if (out.includes(path) || depth > 10) return;
        out.push(path);
        for (const [child, parent] of includedBy) if (parent === path) add(child, depth + 1);
      };
      for (const path of list) add(path, 0);
      return out;
    };
    // Included files join, after the file that includes them (transitively).
    const all = withIncludes(own);
    const runs: string[][] = [];
    const seen = new Set<string>();
    for (const r of g.runs) {
      const k = r.join('\n');
      if (!seen.has(k)) (seen.add(k), runs.push(r));
    }
    // A file no run loads is used on its own (`-f docker-compose.prod.yml` by hand).
    for (const p of own) if (!runs.some((r) => r.includes(p))) runs.push([p]);
    const variants = new Set(own.filter((path) => !g.loaded.includes(path)));
    for (const path of [...variants]) for (const [child, parent] of includedBy) if (parent === path) variants.add(child);
    const extendsFrom = [...new Set(all.flatMap((path) => links.get(path)!.extendsTargets.filter((t) => links.has(t) && !all.includes(t))))];
    const names = new Set(g.names);
    const name = names.size === 1 ? [...names][0] : undefined;
    groups.push({ dir, envPath: `${dir}/.env`, own, all, variants: [...variants], runs: runs.map((r) => withIncludes(r).filter((p) => all.includes(p))), name, extendsFrom });
  }
  return { groups: groups.sort((a, b) => (a.dir < b.dir ? -1 : 1)), dirs: new Set(groups.map((g) => g.dir)) };
}

/** A project's file whose model comes from the parse cache; one resolver per parsed model. */
function lazyFile(ws: WorkspaceView, parse: Parse, file: SourceFile): ProjectFile {
  return {
    file,
    get model() {
      return parse('compose', file);
    },
    get resolver() {
      return queriesOf(ws).derive('compose:resolver', parse('compose', file), (m) => new Resolver(m.doc));
    },
  };
}

/** A service's definitions, found again in its files' current models (in load order, as they were first found). */
function lazyService(name: string, files: ProjectFile[], project: ComposeProject): ProjectService {
  return {
    name,
    project,
    get defs() {
      const defs: ProjectService['defs'] = [];
      for (const pf of files) for (const svc of pf.model.services) if (svc.name === name) defs.push({ pf, svc });
      return defs;
    },
  };
}

function makeProject(ws: WorkspaceView, parse: Parse, g: LayoutGroup): ComposeProject {
  const pfs = new Map<string, ProjectFile>();
  for (const path of g.all) pfs.set(path, lazyFile(ws, parse, ws.get(path)!));
  const all = g.all.map((p) => pfs.get(p)!);
  const list = g.own.map((p) => pfs.get(p)!);
  const variants = new Set(g.variants.map((p) => pfs.get(p)!));
  const dir = g.dir;
  const env = folderEnv(ws, dir, parse);
  const lookup: Lookup = (n) => env.get(n);
  let name = normalizeProjectName(basename(dir));
  let nameSource: ComposeProject['nameSource'] = 'folder';
  let nameAt: ComposeProject['nameAt'];
  for (const pf of list) {
    if (pf.model.name) {
      const v = interpolate(pf.model.name.value, lookup).value;
      if (v) {
        name = normalizeProjectName(v);
        nameSource = 'name';
        nameAt = { pf, span: pf.model.name.span };
      }
    }
  }
  const fromEnv = env.get('COMPOSE_PROJECT_NAME');
  if (fromEnv) {
    name = fromEnv;
    nameSource = 'env';
  }
  if (g.name) {
    name = normalizeProjectName(g.name); // `-p` goes before everything else
    nameSource = 'flag';
  }
  // Which files define which service, in load order; the definitions themselves are read when asked for.
  const definedIn = new Map<string, ProjectFile[]>();
  for (const pf of all) {
    for (const svc of pf.model.services) {
      const list = definedIn.get(svc.name);
      if (!list) definedIn.set(svc.name, [pf]);
      else if (list[list.length - 1] !== pf) list.push(pf);
    }
  }
  const services = new Map<string, ProjectService>();
  const runs = g.runs.map((r) => new Set(r.map((p) => pfs.get(p)!)));
  const project: ComposeProject = { dir, files: all, variants, runs, name, nameSource, nameAt, env, lookup, services };
  for (const [name, files] of definedIn) services.set(name, lazyService(name, files, project));
  return project;
}

/**
 * A rule's reports on each project, worked out again only for a project that changed (a file of its chain, a file it
 * extends from, its `.env`) or for all when one of `inputs` did; otherwise the last reports are replayed, the same
 * descriptors, so the engine keeps the same findings. An unchanged list of projects costs one lookup.
 */
export function eachProject(ctx: WorkspaceRuleContext, ruleId: string, inputs: readonly unknown[], check: (project: ComposeProject, report: (d: ReportDescriptor & { file: string }) => void) => void): void {
  const projects = composeProjects(ctx.workspace, ctx.parse);
  const lists = queriesOf(ctx.workspace).each(
    `rule:${ruleId}`,
    projects,
    (project) => {
      const out: (ReportDescriptor & { file: string })[] = [];
      check(project, (d) => out.push(d));
      return out;
    },
    [ctx.options, ...inputs],
  );
  for (const list of lists) for (const d of list) ctx.report(d);
}

/**
 * A service key's value in the project's merged model (files in load order, `extends:`, `!reset`/`!override`, each
 * document of a file), with the node and file that wrote it.
 */
export function serviceValue(ws: WorkspaceView, parse: Parse, svc: ProjectService, key: string): Merged | undefined {
  return mergedValue(ws, parse, svc.project, svc.name, key);
}

/** Whether two services can run at the same time as far as profiles tell. */
export function canRunTogether(a: string[], b: string[]): boolean {
  if (a.length === 0 || b.length === 0) return true;
  // Services in disjoint profiles are alternatives (dev vs prod), not meant to run side by side.
  return a.some((x) => b.includes(x));
}


/**
 * The daemon.json files that govern the host a compose file runs on. A daemon.json at `<root>/etc/docker/daemon.json`
 * is the host tree `<root>`; a compose file belongs to the deepest host tree above it. A compose file outside every
 * host tree is governed by all the workspace's daemon.json files.
 */
export function governingDaemonFiles(ws: WorkspaceView, daemonFiles: SourceFile[], composePath: string): SourceFile[] {
  const index = hostIndex(ws, daemonFiles);
  const hit = index.memo.get(composePath);
  if (hit) return hit;
  const root = hostRootOf(index.byRoot, composePath);
  const out = root === undefined ? daemonFiles : index.byRoot.get(root)!;
  index.memo.set(composePath, out);
  return out;
}

/** The deepest root that is a folder above the path: roots are looked up by the path's own prefixes. */
export function hostRootOf(roots: ReadonlyMap<string, unknown>, path: string): string | undefined {
  for (let i = path.length - 1; i > 0; i--) {
    if (path.charCodeAt(i) !== 47 /* / */) continue;
    const r = path.slice(0, i);
    if (roots.has(r)) return r;
  }
  return roots.has('') ? '' : undefined;
}

/** The host trees of a list of daemon.json files, worked out once per list (`files()` hands out the same list until a daemon.json changes). */
function hostIndex(ws: WorkspaceView, daemonFiles: SourceFile[]) {
  return queriesOf(ws).get('compose:daemon-hosts', [daemonFiles], () => {
    const byRoot = new Map<string, SourceFile[]>();
    for (const f of daemonFiles) {
      const m = /^(.*)\/etc\/docker\/[^/]+$/.exec(f.path);
      const root = m ? m[1] : dirname(f.path);
      const list = byRoot.get(root);
      if (list) list.push(f);
      else byRoot.set(root, [f]);
    }
    return { byRoot, memo: new Map<string, SourceFile[]>() };
  });
}
