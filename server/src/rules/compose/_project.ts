// Compose projects in a workspace, the way `docker compose` forms them: the compose files of one folder
// (compose.yaml + compose.override.yaml, or docker-compose.yml + docker-compose.override.yml, …) are one project;
// files pulled in through `include:` join the project that includes them; files only used as `extends:` targets are
// no project of their own. The project name follows compose-go: COMPOSE_PROJECT_NAME from the folder's `.env`, else
// top-level `name:` (interpolated), else the folder's basename, normalised.

import type { SourceFile, WorkspaceView } from '../../engine/rule';
import { templateInner } from '../../engine/template';
import type { Models } from '../../parsers';
import { Resolver, isMap, isScalar, isSeq, scalarString, type ComposeModel, type ComposeService, type Node, type YAMLMap } from '../../parsers/compose';
import { envFileValues, parseEnvFile } from '../../parsers/env-file';
import { interpolate, type Lookup } from '../../parsers/interpolate';
import type { Span } from '../../engine/finding';

export interface ProjectFile {
  file: SourceFile;
  model: ComposeModel;
  resolver: Resolver;
}

export interface ProjectService {
  name: string;
  /** Definitions in load order (base file first, overrides after). */
  defs: { pf: ProjectFile; svc: ComposeService }[];
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

const DEFAULT_ORDER = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

function loadRank(path: string): number {
  const b = basename(templateInner(path) ?? path).toLowerCase(); // a template ranks as the file it renders to
  const i = DEFAULT_ORDER.indexOf(b);
  if (i >= 0) return i;
  if (/^(docker-)?compose\.override\.ya?ml$/.test(b)) return 10;
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

/**
 * Projects are worked out once per state of the workspace's compose and env files: `files()` hands out the same list
 * until a file of that kind changes, so the lists themselves key the cache (a daemon.json edit reuses it).
 */
const projectCache = new WeakMap<readonly SourceFile[], { env: readonly SourceFile[]; projects: ComposeProject[] }>();

export function composeProjects(ws: WorkspaceView, parse: Parse): ComposeProject[] {
  const files = ws.files('compose');
  const envFiles = ws.files('env-file');
  const hit = projectCache.get(files);
  if (hit && hit.env === envFiles) return hit.projects;
  const projects = buildProjects(ws, parse, files);
  projectCache.set(files, { env: envFiles, projects });
  return projects;
}

function buildProjects(ws: WorkspaceView, parse: Parse, files: SourceFile[]): ComposeProject[] {
  const pfs = new Map<string, ProjectFile>();
  for (const f of files) {
    const model = parse('compose', f);
    pfs.set(f.path, { file: f, model, resolver: new Resolver(model.doc) });
  }
  // Files another file includes or extends from are not projects of their own.
  const includedBy = new Map<string, string>();
  const extendTargets = new Set<string>();
  for (const pf of pfs.values()) {
    for (const inc of pf.model.includes) {
      const target = joinPath(pf.model.dir, inc.path);
      if (pfs.has(target) && target !== pf.file.path) includedBy.set(target, pf.file.path);
    }
    for (const ext of pf.model.extendsFiles) {
      const target = joinPath(pf.model.dir, ext.path);
      if (pfs.has(target) && target !== pf.file.path) extendTargets.add(target);
    }
  }
  const byDir = new Map<string, ProjectFile[]>();
  for (const pf of pfs.values()) {
    if (includedBy.has(pf.file.path)) continue;
    if (extendTargets.has(pf.file.path) && !DEFAULT_ORDER.includes(basename(pf.file.path).toLowerCase())) continue;
    const list = byDir.get(pf.model.dir) ?? [];
    list.push(pf);
    byDir.set(pf.model.dir, list);
  }
  const projects: ComposeProject[] = [];
  for (const [dir, list] of byDir) {
    list.sort((a, b) => loadRank(a.file.path) - loadRank(b.file.path) || (a.file.path < b.file.path ? -1 : 1));
    // Included files join, after the file that includes them (transitively).
    const all: ProjectFile[] = [];
    const addWithIncludes = (pf: ProjectFile, depth: number) => {
      if (all.includes(pf) || depth > 10) return;
      all.push(pf);
      for (const [child, parent] of includedBy) if (parent === pf.file.path) addWithIncludes(pfs.get(child)!, depth + 1);
    };
    for (const pf of list) addWithIncludes(pf, 0);
    const variants = new Set(list.filter((pf) => loadRank(pf.file.path) >= 20));
    for (const pf of [...variants]) for (const [child, parent] of includedBy) if (parent === pf.file.path) variants.add(pfs.get(child)!);
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
    const services = new Map<string, ProjectService>();
    for (const pf of all) {
      for (const svc of pf.model.services) {
        let s = services.get(svc.name);
        if (!s) services.set(svc.name, (s = { name: svc.name, defs: [] }));
        s.defs.push({ pf, svc });
      }
    }
    projects.push({ dir, files: all, variants, name, nameSource, nameAt, env, lookup, services });
  }
  return projects.sort((a, b) => (a.dir < b.dir ? -1 : 1));
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
export function governingDaemonFiles(daemonFiles: SourceFile[], composePath: string): SourceFile[] {
  const index = hostIndex(daemonFiles);
  const hit = index.memo.get(composePath);
  if (hit) return hit;
  // The deepest root that is a folder above the compose file: roots are looked up by the compose path's own prefixes.
  let best = index.byRoot.get('');
  for (let i = composePath.length - 1; i > 0; i--) {
    if (composePath.charCodeAt(i) !== 47 /* / */) continue;
    const found = index.byRoot.get(composePath.slice(0, i));
    if (found) {
      best = found;
      break;
    }
  }
  const out = best ?? daemonFiles;
  index.memo.set(composePath, out);
  return out;
}

/** The host trees of a list of daemon.json files, worked out once per list (`files()` hands out the same list until a daemon.json changes). */
const hostIndexes = new WeakMap<readonly SourceFile[], { byRoot: Map<string, SourceFile[]>; memo: Map<string, SourceFile[]>; keys: Map<string, string> }>();

function hostIndex(daemonFiles: SourceFile[]) {
  let index = hostIndexes.get(daemonFiles);
  if (!index) {
    const byRoot = new Map<string, SourceFile[]>();
    for (const f of daemonFiles) {
      const m = /^(.*)\/etc\/docker\/[^/]+$/.exec(f.path);
      const root = m ? m[1] : dirname(f.path);
      const list = byRoot.get(root);
      if (list) list.push(f);
      else byRoot.set(root, [f]);
    }
    hostIndexes.set(daemonFiles, (index = { byRoot, memo: new Map(), keys: new Map() }));
  }
  return index;
}

/** A key naming the host tree a compose file runs on: equal keys, same daemon. */
export function hostKeyOf(daemonFiles: SourceFile[], composePath: string): string {
  const keys = hostIndex(daemonFiles).keys;
  let k = keys.get(composePath);
  if (k === undefined) {
    const governing = governingDaemonFiles(daemonFiles, composePath);
    // Compose files of one host tree share its list, and so one key string (outside every tree, that string names
    // every daemon.json of the workspace: one copy, not one per compose file).
    k = joinedPaths.get(governing);
    if (k === undefined) joinedPaths.set(governing, (k = governing.map((f) => f.path).join('|')));
    keys.set(composePath, k);
  }
  return k;
}

const joinedPaths = new WeakMap<readonly SourceFile[], string>();
