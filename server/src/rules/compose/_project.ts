// Compose projects in a workspace, the way `docker compose` forms them: the compose files of one folder
// (compose.yaml + compose.override.yaml, or docker-compose.yml + docker-compose.override.yml, …) are one project;
// files pulled in through `include:` join the project that includes them; files only used as `extends:` targets are
// no project of their own. The project name follows compose-go: COMPOSE_PROJECT_NAME from the folder's `.env`, else
// top-level `name:` (interpolated), else the folder's basename, normalised.

import type { ReportDescriptor, SourceFile, WorkspaceRuleContext, WorkspaceView } from '../../model/rule';
import { queriesOf, sameItems } from '../../model/queries';
import { templateInner } from '../../core/template';
import type { Models } from '../../parsers';
import { Resolver, isMap, isScalar, isSeq, scalarString, type ComposeModel, type ComposeService, type Node, type YAMLMap } from '../../parsers/compose';
import { envFileValues, parseEnvFile } from '../../parsers/env-file';
import { interpolate, type Lookup } from '../../parsers/interpolate';
import type { Span } from '../../core/finding';

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
  name: string;
  nameSource: 'env' | 'name' | 'folder';
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

export function basename(p: string): string {
  const t = p.replace(/\/+$/, '');
  return t.slice(t.lastIndexOf('/') + 1);
}

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '/' : '.') : p.slice(0, i);
}

/** Join and normalise `a/b/../c` paths with `/` separators. */
export function joinPath(dir: string, rel: string): string {
  const abs = rel.startsWith('/') ? rel : `${dir}/${rel}`;
  const out: string[] = [];
  for (const part of abs.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return (abs.startsWith('/') ? '/' : '') + out.join('/');
}

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
  /** The links as one string: the project layout is worked out again only when some file's key changes. */
  key: string;
}

function linksOf(ws: WorkspaceView, parse: Parse, f: SourceFile): FileLinks {
  return queriesOf(ws).table('compose:links').get(f.path, [f], () => {
    const model = parse('compose', f);
    const includes = model.includes.map((i) => joinPath(model.dir, i.path));
    const extendsTargets = model.extendsFiles.map((e) => joinPath(model.dir, e.path));
    return { includes, extendsTargets, key: `${f.path}\u0001${includes.join('\u0002')}\u0001${extendsTargets.join('\u0002')}` };
  });
}

/** Which files form which project: paths only, so an edit that keeps every file's links keeps the layout. */
interface Layout {
  groups: LayoutGroup[];
  dirs: Set<string>;
}

interface LayoutGroup {
  dir: string;
  envPath: string;
  /** The folder's own files in load order (the name comes from these). */
  own: string[];
  /** Every file of the project in load order: own files, each followed by what it includes. */
  all: string[];
  variants: string[];
  /** Files outside the project that its services extend from. */
  extendsFrom: string[];
}

/**
 * The compose projects of the workspace, as engine queries: the layout is kept while no file's links change, and a
 * project is worked out again only when a file of its merge chain, a file it extends from or its `.env` changed.
 * When no project changed, the very same list comes back.
 */
export function composeProjects(ws: WorkspaceView, parse: Parse): ComposeProject[] {
  const files = ws.files('compose');
  const envFiles = ws.files('env-file');
  const q = queriesOf(ws);
  return q.get('compose:projects', [files, envFiles], () => buildProjects(ws, parse, files), sameItems);
}

function buildProjects(ws: WorkspaceView, parse: Parse, files: SourceFile[]): ComposeProject[] {
  const q = queriesOf(ws);
  const links = new Map<string, FileLinks>();
  let key = '';
  for (const f of files) {
    const l = linksOf(ws, parse, f);
    links.set(f.path, l);
    key += l.key + '\n';
  }
  const chains = composeFileChains(ws, parse);
  const layout = q.get('compose:layout', [key, chains], () => layoutOf(links, chains));
  const table = q.table('compose:project');
  const projects: ComposeProject[] = [];
  for (const g of layout.groups) {
    const inputs: unknown[] = [g, ws.get(g.envPath)];
    for (const p of g.all) inputs.push(ws.get(p));
    for (const p of g.extendsFrom) inputs.push(ws.get(p));
    projects.push(table.get(g.dir, inputs, () => makeProject(ws, parse, g)));
  }
  if (table.size > layout.groups.length) table.prune((dir) => layout.dirs.has(dir));
  return projects;
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

function layoutOf(links: Map<string, FileLinks>, chains: Map<string, string[]>): Layout {
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
  const groups: LayoutGroup[] = [];
  for (const [dir, files] of byDir) {
    files.sort((a, b) => loadRank(a) - loadRank(b) || (a < b ? -1 : 1));
    // What `docker compose` loads here: COMPOSE_FILE's chain, else the first base name found and the first override.
    const chain = chains.get(dir)?.filter((p) => links.has(p));
    const loaded = chain?.length ? chain : [files.find((p) => loadRank(p) < 10), files.find((p) => loadRank(p) >= 10 && loadRank(p) < 20)].filter((p): p is string => p !== undefined);
    // The folder's other files are used with `-f`: alternatives to each other, after what is loaded by default.
    const own = [...loaded, ...files.filter((p) => !loaded.includes(p))];
    // Included files join, after the file that includes them (transitively).
    const all: string[] = [];
    const addWithIncludes = (path: string, depth: number) => {
      if (all.includes(path) || depth > 10) return;
      all.push(path);
      for (const [child, parent] of includedBy) if (parent === path) addWithIncludes(child, depth + 1);
    };
    for (const path of own) addWithIncludes(path, 0);
    const variants = new Set(own.filter((path) => !loaded.includes(path)));
    for (const path of [...variants]) for (const [child, parent] of includedBy) if (parent === path) variants.add(child);
    const extendsFrom = [...new Set(all.flatMap((path) => links.get(path)!.extendsTargets.filter((t) => links.has(t) && !all.includes(t))))];
    groups.push({ dir, envPath: `${dir}/.env`, own, all, variants: [...variants], extendsFrom });
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
function lazyService(name: string, files: ProjectFile[]): ProjectService {
  return {
    name,
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
  for (const [name, files] of definedIn) services.set(name, lazyService(name, files));
  return { dir, files: all, variants, name, nameSource, nameAt, env, lookup, services };
}

/**
 * A rule's reports on one project, worked out again only when the project changed (a file of its chain, a file it
 * extends from, its `.env`) or one of `inputs` did; otherwise the last reports are replayed, the same descriptors, so
 * the engine keeps the same findings.
 */
export function perProject(ctx: WorkspaceRuleContext, ruleId: string, project: ComposeProject, inputs: readonly unknown[], check: (report: (d: ReportDescriptor & { file: string }) => void) => void): void {
  const reports = queriesOf(ctx.workspace).table(`rule:${ruleId}`).get(project.dir, [project, ctx.options, ...inputs], () => {
    const out: (ReportDescriptor & { file: string })[] = [];
    check((d) => out.push(d));
    return out;
  });
  for (const d of reports) ctx.report(d);
}

/** A service key's value in the last definition that sets it, following `extends:` within the workspace. */
export function serviceValue(ws: WorkspaceView, parse: Parse, svc: ProjectService, key: string): { node: Node; pf: ProjectFile } | undefined {
  for (let i = svc.defs.length - 1; i >= 0; i--) {
    const { pf, svc: s } = svc.defs[i];
    const found = ownOrExtended(ws, parse, pf, s.node, key, 0);
    if (found) return found;
  }
  return undefined;
}

function ownOrExtended(ws: WorkspaceView, parse: Parse, pf: ProjectFile, node: YAMLMap | undefined, key: string, depth: number): { node: Node; pf: ProjectFile } | undefined {
  if (!node || depth > 5) return undefined;
  const own = pf.resolver.value(node, key);
  if (own !== undefined && !(isScalar(own) && own.value === null)) return { node: own, pf };
  const ext = pf.resolver.value(node, 'extends');
  let file = pf;
  let base: string | undefined;
  if (isScalar(ext)) base = scalarString(ext);
  else if (isMap(ext)) {
    base = pf.resolver.str(ext, 'service');
    const f = pf.resolver.str(ext, 'file');
    if (f) {
      const target = ws.get(joinPath(pf.model.dir, f));
      if (!target || target.kind !== 'compose') return undefined;
      const model = parse('compose', target);
      file = { file: target, model, resolver: new Resolver(model.doc) };
    }
  }
  if (!base) return undefined;
  const baseSvc = file.model.services.find((s) => s.name === base);
  if (!baseSvc || baseSvc.node === node) return undefined;
  return ownOrExtended(ws, parse, file, baseSvc.node, key, depth + 1);
}

/** Scalar items of a list value (or a single scalar), with their nodes. */
export function scalarItems(r: Resolver, node: Node | undefined): { value: string; node: Node }[] {
  if (!node) return [];
  if (isScalar(node)) return node.value === null ? [] : [{ value: scalarString(node), node }];
  if (!isSeq(node)) return [];
  const out: { value: string; node: Node }[] = [];
  for (const it of r.items(node)) if (isScalar(it) && it.value !== null) out.push({ value: scalarString(it), node: it });
  return out;
}

/** Profiles of a service (empty: always enabled). */
export function profilesOf(ws: WorkspaceView, parse: Parse, s: ProjectService): string[] {
  const v = serviceValue(ws, parse, s, 'profiles');
  return v ? scalarItems(v.pf.resolver, v.node).map((x) => x.value) : [];
}

/** Whether two services can be part of one `up`: not only defined in two different variant files. */
export function sameRun(project: ComposeProject, a: ProjectService, b: ProjectService): boolean {
  const onlyVariant = (s: ProjectService) => s.defs.every((d) => project.variants.has(d.pf));
  if (!onlyVariant(a) || !onlyVariant(b)) return true;
  return a.defs.some((d) => b.defs.some((e) => e.pf === d.pf));
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
