// The merged model of a project's services, as compose-go builds it: the project's files in load order (an included
// file before the file that includes it, each document of a multi-document file as one more file), a service's
// `extends:` applied before the service merges over what the earlier files defined, `!reset` and `!override` as the
// loader reads them. Every value keeps the node and file that wrote it, so a rule reports where a value comes from
// and names the other files as related information. Worked out once per version of a project.

import type { Document } from 'yaml';
import type { WorkspaceView } from '../../model/rule';
import { queriesOf } from '../../model/queries';
import type { Models } from '../../parsers';
import { Resolver, isAlias, isMap, isMergeKey, isPair, isScalar, isSeq, keyString, scalarString, type Node, type Scalar, type YAMLMap } from '../../parsers/compose';
import { interpolate, type Lookup } from '../../parsers/interpolate';
import { parseShortPort } from './_ports';
import { joinPath, type ComposeProject, type ProjectFile } from './_project';

type Parse = <K extends keyof Models>(kind: K, file: import('../../model/rule').SourceFile) => Models[K];

/** How a service key that two files set is merged (compose-go's special cases; paths below `services.<name>`, `*` is any one key). */
export type MergeHow =
  /** The later value replaces the earlier one. */
  | 'replace'
  /** Lists appended; a mapping (`KEY: value`) is read as the list `KEY=value`. Duplicates go by the key table below. */
  | 'append'
  /** Appended, an item the earlier list already has (written the same way) left out. */
  | 'hosts'
  /** A list of names or a mapping by name, merged name by name. */
  | 'named'
  /** Merged as a mapping when both name the same driver (or one names none), else replaced. */
  | 'logging'
  /** A string is the build context; then merged as a mapping. */
  | 'build';

export const MERGE_HOW: readonly [string, MergeHow][] = [
  ['annotations', 'append'],
  ['build', 'build'],
  ['build.additional_contexts', 'append'],
  ['build.args', 'append'],
  ['build.extra_hosts', 'hosts'],
  ['build.labels', 'append'],
  ['command', 'replace'],
  ['depends_on', 'named'],
  ['deploy.labels', 'append'],
  ['dns', 'append'],
  ['dns_opt', 'append'],
  ['dns_search', 'append'],
  ['entrypoint', 'replace'],
  ['env_file', 'append'],
  ['environment', 'append'],
  ['extra_hosts', 'hosts'],
  ['healthcheck.test', 'replace'],
  ['label_file', 'append'],
  ['labels', 'append'],
  ['logging', 'logging'],
  ['models', 'named'],
  ['networks', 'named'],
  ['sysctls', 'append'],
  ['tmpfs', 'append'],
  ['ulimits.*', 'replace'],
];

/**
 * What makes two items of a merged list the same item (the later one then takes the earlier one's place):
 * `name` the part before `=` (or the mapping key), `whole` the item as written, `port` the host address, host port,
 * container port and protocol, `target` a mount's target, `secret`/`config` the target or the source's default
 * target, `path` an env file's path, `device` a device's path in the container. Other lists keep every item.
 */
export type ItemKey = 'name' | 'whole' | 'port' | 'target' | 'secret' | 'config' | 'path' | 'device';

export const ITEM_KEY: readonly [string, ItemKey][] = [
  ['annotations', 'name'],
  ['build.additional_contexts', 'name'],
  ['build.args', 'name'],
  ['build.labels', 'name'],
  ['build.platforms', 'name'],
  ['build.tags', 'name'],
  ['cap_add', 'name'],
  ['cap_drop', 'name'],
  ['configs', 'config'],
  ['deploy.labels', 'name'],
  ['devices', 'device'],
  ['dns', 'name'],
  ['dns_opt', 'name'],
  ['dns_search', 'name'],
  ['env_file', 'path'],
  ['environment', 'name'],
  ['expose', 'whole'],
  ['labels', 'name'],
  ['links', 'name'],
  ['networks.*.aliases', 'name'],
  ['networks.*.link_local_ips', 'name'],
  ['ports', 'port'],
  ['profiles', 'name'],
  ['secrets', 'secret'],
  ['sysctls', 'name'],
  ['tmpfs', 'name'],
  ['volumes', 'target'],
];

export interface Origin {
  pf: ProjectFile;
  node: Node;
}

/** A merged value. */
export interface Merged {
  pf: ProjectFile;
  /** Resolves aliases in the document the node is in. */
  r: Resolver;
  /** The value as written: by the file that set a scalar last, by the first file for what merges key by key. */
  node: Node;
  /** The key a mapping entry is written under; for a list item written as a mapping (`environment: {A: x}`), its key. */
  keyNode?: Node;
  /** A list item's merge key (`A` of `A=x`, a volume's target, a port's binding), when its list has one. */
  key?: string;
  /** Mapping entries, merged key by key. */
  entries?: Map<string, Merged>;
  /** List items, merged. */
  items?: Merged[];
  /** The other definitions this one replaced or merged with, earliest first. */
  others: readonly Origin[];
}

/** No other definitions: one shared empty list, as most values have none. */
const NONE: readonly Origin[] = [];

export interface MergedService {
  name: string;
  /** The service's keys, merged; undefined when no file defines it as a mapping (or a `!reset` removed it). */
  root: Merged | undefined;
  /** An `extends:` names a service or file the workspace does not have: keys may come from there. */
  unresolvedExtends: boolean;
}

/**
 * One way the project is brought up: the files `docker compose` loads by default, or those with one of the folder's
 * other files added with `-f` (`docker-compose.prod.yml`; two such files are often alternatives, so each is a run of
 * its own). A folder of such files only has one run per file.
 */
export interface MergedRun {
  /** The file added to the default ones, if any. */
  variant?: ProjectFile;
  services: Map<string, MergedService>;
}

interface ProjectMerge {
  runs: MergedRun[];
  /** Each service as the first run that defines it merges it. */
  first: Map<string, MergedService>;
}

function projectMerge(ws: WorkspaceView, parse: Parse, project: ComposeProject): ProjectMerge {
  // Kept for the lint only: each rule keeps what it found per project, so a later lint merges only changed projects.
  return queriesOf(ws)
    .lintScoped('compose:merged')
    .get(project.dir, [project], () => {
      const b: Build = { ws, parse, lookup: project.lookup, standalone: new Map(), built: new Map(), docs: new Map(), walking: new Set() };
      const runs = runFiles(project).map(({ variant, files }) => ({ variant, services: buildMerged(b, files) }));
      const first = new Map<string, MergedService>();
      for (const run of runs) for (const [name, ms] of run.services) if (ms.root && !first.has(name)) first.set(name, ms);
      for (const name of project.services.keys()) if (!first.has(name)) first.set(name, { name, root: undefined, unresolvedExtends: false });
      return { runs, first };
    });
}

/** The runs of a project (worked out again only for a new version of the project). */
export function mergedRuns(ws: WorkspaceView, parse: Parse, project: ComposeProject): MergedRun[] {
  return projectMerge(ws, parse, project).runs;
}

/** The merged services of a project, each as the first run that defines it merges it. */
export function mergedServices(ws: WorkspaceView, parse: Parse, project: ComposeProject): Map<string, MergedService> {
  return projectMerge(ws, parse, project).first;
}

/** The merged value of a service key. */
export function mergedValue(ws: WorkspaceView, parse: Parse, project: ComposeProject, service: string, key: string): Merged | undefined {
  return mergedServices(ws, parse, project).get(service)?.root?.entries?.get(key);
}

/**
 * A report function that passes on one report per place and message: the runs of a project often find the same
 * thing (the first run's wording wins when two name, say, another service).
 */
export function onceEach<D extends { file: string; range: { start: number; end: number }; messageId: string }>(report: (d: D) => void): (d: D) => void {
  const seen = new Set<string>();
  return (d) => {
    const key = `${d.file}\u0000${d.range.start}\u0000${d.range.end}\u0000${d.messageId}`;
    if (seen.has(key)) return;
    seen.add(key);
    report(d);
  };
}

/**
 * The files of each run, in load order: the runs of the project layout (the default files or COMPOSE_FILE's chain,
 * each `-f` chain a script runs, and each other file of the folder). A file of the folder that no command names is
 * used with `-f` somehow: when its services are whole (each has an image or a build) it is a stack of its own,
 * otherwise an override meant to go on top of the default files.
 */
function runFiles(project: ComposeProject): { variant?: ProjectFile; files: ProjectFile[] }[] {
  const defaults = project.files.filter((pf) => !project.variants.has(pf));
  const named = new Set<ProjectFile>();
  for (const run of project.runs) if (run.size > 1 || !isLone(project, run)) for (const pf of run) named.add(pf);
  const out: { variant?: ProjectFile; files: ProjectFile[] }[] = [];
  for (const run of project.runs) {
    const head = [...run][0];
    if (head && isLone(project, run) && !named.has(head) && defaults.length && !standsAlone(head)) {
      const set = new Set<ProjectFile>([...defaults, ...run]);
      out.push({ variant: head, files: project.files.filter((pf) => set.has(pf)) });
    } else out.push({ files: project.files.filter((pf) => run.has(pf)) });
  }
  return out.length ? out : [{ files: defaults }];
}

/** A run of one file of the folder (and what it includes) that is not loaded by default. */
function isLone(project: ComposeProject, run: Set<ProjectFile>): boolean {
  const head = [...run][0];
  return !!head && project.variants.has(head) && [...run].every((pf) => pf === head || project.variants.has(pf));
}

/** Whether every service of a file names an image or a build: a whole stack, not an override. */
function standsAlone(pf: ProjectFile): boolean {
  const services = pf.model.services;
  return services.length > 0 && services.every((s) => !!s.node && (pf.resolver.get(s.node, 'image') !== undefined || pf.resolver.get(s.node, 'build') !== undefined));
}

/** An entry below a merged mapping. */
export function child(m: Merged | undefined, ...path: string[]): Merged | undefined {
  let cur = m;
  for (const k of path) cur = cur?.entries?.get(k);
  return cur;
}

/** A merged scalar as a string (numbers as written); undefined for null, mappings and lists. */
export function textOf(m: Merged | undefined): string | undefined {
  const n = m?.node;
  if (!m || m.entries || m.items || !isScalar(n) || n.value === null || n.value === undefined) return undefined;
  return scalarString(n);
}

/** The items of a merged list (a single scalar counts as a list of one). */
export function itemsOf(m: Merged | undefined): Merged[] {
  if (!m) return [];
  if (m.items) return m.items;
  if (!m.entries && isScalar(m.node) && m.node.value !== null) return [m];
  return [];
}

// ---------------------------------------------------------------------------------------------------------------

const HOW_AT = pathTable(MERGE_HOW);
const KEY_AT = pathTable(ITEM_KEY);

/** A table by path length, each a map from the path (`.`-joined) to the value; `*` patterns tried after an exact hit. */
interface PathTable<T> {
  exact: Map<string, T>[];
  wild: [string[], T][];
  /** The longest pattern's length. */
  max: number;
}

function pathTable<T>(table: readonly [string, T][]): PathTable<T> {
  const exact: Map<string, T>[] = [];
  const wild: [string[], T][] = [];
  let max = 0;
  for (const [p, v] of table) {
    const parts = p.split('.');
    max = Math.max(max, parts.length);
    if (parts.includes('*')) wild.push([parts, v]);
    else (exact[parts.length] ??= new Map()).set(p, v);
  }
  return { exact, wild, max };
}

function howAt(path: readonly string[]): MergeHow | undefined {
  return lookupPath(HOW_AT, path);
}

function itemKeyAt(path: readonly string[]): ItemKey | undefined {
  return lookupPath(KEY_AT, path);
}

// Called for every node of every service: a path longer than every pattern costs one test, others one map lookup.
function lookupPath<T>(table: PathTable<T>, path: readonly string[]): T | undefined {
  if (path.length > table.max || path.length === 0) return undefined;
  const hit = table.exact[path.length]?.get(path.length === 1 ? path[0] : path.join('.'));
  if (hit !== undefined) return hit;
  for (const [parts, v] of table.wild) if (parts.length === path.length && parts.every((p, i) => p === '*' || p === path[i])) return v;
  return undefined;
}

/** One document of a compose file: its services as written, with the paths its `!reset`/`!override` tags mark. */
interface Doc {
  pf: ProjectFile;
  services: Map<string, RawService>;
}

interface RawService {
  tree: Merged | undefined;
  /** Paths below the service that `!reset` or `!override` mark: removed from what earlier files set. */
  marks: string[][];
}

interface Build {
  ws: WorkspaceView;
  parse: Parse;
  lookup: Lookup;
  /** Files an `extends: {file}` names, loaded on their own, by path. */
  standalone: Map<string, Doc | undefined>;
  /** Each node's merged value by path, built once: an anchor used many times (or a "billion laughs" file) is not walked again. */
  built: Map<Node, Map<string, Merged | undefined>>;
  /** Each file's documents, read once for all runs. */
  docs: Map<ProjectFile, Doc[]>;
  /** The nodes being built: an alias inside its own anchor (a loop) is left out, as a value Compose refuses. */
  walking: Set<Node>;
}

function buildMerged(b: Build, files: readonly ProjectFile[]): Map<string, MergedService> {
  const acc = new Map<string, MergedService>();
  for (const pf of loadOrder(files)) {
    for (const doc of docsOf(b, pf)) {
      for (const [name, raw] of doc.services) {
        const cur = acc.get(name);
        const ext = withExtends(b, raw, doc, 0);
        const base = cur?.root && removeMarks(cur.root, raw.marks);
        const root = base && ext.tree ? merge(b, base, ext.tree, []) : (ext.tree ?? base);
        acc.set(name, { name, root, unresolvedExtends: ext.unresolved || (!!cur?.unresolvedExtends && base !== undefined) });
      }
    }
  }
  return acc;
}

/** Files in the order compose-go merges them: what a file includes is imported before the file's own definitions. */
export function loadOrder(files: readonly ProjectFile[]): ProjectFile[] {
  const byPath = new Map(files.map((pf) => [pf.file.path, pf]));
  const includes = new Map<ProjectFile, ProjectFile[]>();
  const included = new Set<ProjectFile>();
  for (const pf of files) {
    const list = pf.model.includes.map((i) => byPath.get(joinPath(pf.model.dir, i.path))).filter((x): x is ProjectFile => x !== undefined && x !== pf);
    includes.set(pf, list);
    list.forEach((x) => included.add(x));
  }
  const out: ProjectFile[] = [];
  const visit = (pf: ProjectFile, depth: number) => {
    if (out.includes(pf) || depth > 10) return;
    for (const c of includes.get(pf) ?? []) visit(c, depth + 1);
    out.push(pf);
  };
  for (const pf of files) if (!included.has(pf)) visit(pf, 0);
  for (const pf of files) visit(pf, 0); // included in a cycle: still loaded once
  return out;
}

function docsOf(b: Build, pf: ProjectFile): Doc[] {
  let docs = b.docs.get(pf);
  if (!docs) b.docs.set(pf, (docs = readDocs(b, pf)));
  return docs;
}

function readDocs(b: Build, pf: ProjectFile): Doc[] {
  const model = pf.model;
  if (model.syntaxErrors.length || !model.doc) return [];
  const docs: { doc: Document.Parsed; r: Resolver }[] = [{ doc: model.doc, r: pf.resolver }, ...model.moreDocs.map((d) => ({ doc: d, r: new Resolver(d) }))];
  return docs.map(({ doc, r }, i) => {
    const services = new Map<string, RawService>();
    const root = doc.contents;
    if (isMap(root)) {
      const svcs = r.value(root, 'services');
      const pairs = isMap(svcs) ? r.entries(svcs) : i === 0 && model.v1Services ? model.v1Services : [];
      const own = isMap(svcs) ? ownPairs(svcs) : undefined;
      for (const p of pairs) {
        const name = keyString(p);
        if (name === undefined) continue;
        const marks: string[][] = [];
        const tree = fromNode(b, pf, r, p.value as Node | null, [], marks, own !== undefined && !own.has(p));
        services.set(name, { tree: tree && tree.entries ? { ...tree, keyNode: p.key as Node } : undefined, marks });
      }
    }
    return { pf, services };
  });
}

/**
 * A YAML value as a merged value of one file, its `!reset` values left out and their paths (and `!override`'s) noted.
 * `shared`: the node may be reached again by another way (it is an anchor's, or a merge key brought it in). Only such
 * nodes are looked up in and kept in `b.built` (and watched for loops): every other node of a tree is reached once,
 * and its value is a fresh object nothing else holds.
 */
function fromNode(b: Build, pf: ProjectFile, r: Resolver, raw: Node | null | undefined, path: string[], marks: string[][], shared = false): Merged | undefined {
  const node = r.resolve(raw);
  if (!node) return undefined;
  if (!shared && node.anchor === undefined) return path.length > 64 ? undefined : build(b, pf, r, node, path, marks, false);
  const key = path.join('\u0000');
  const byPath = b.built.get(node);
  if (byPath?.has(key)) return byPath.get(key);
  if (b.walking.has(node) || path.length > 64) return undefined;
  const before = marks.length;
  b.walking.add(node);
  const out = build(b, pf, r, node, path, marks, true);
  b.walking.delete(node);
  // A value whose tags marked paths is built again where it is used, so that its marks are noted there too.
  if (marks.length === before) {
    if (byPath) byPath.set(key, out);
    else b.built.set(node, new Map([[key, out]]));
  }
  return out;
}

/** A merged value of one file, every field present (one object shape for all of them). */
function value(pf: ProjectFile, r: Resolver, node: Node, entries?: Map<string, Merged>, items?: Merged[], keyNode?: Node, key?: string): Merged {
  return { pf, r, node, keyNode, key, entries, items, others: NONE };
}

/** `m` under the key `keyNode`: the very object when nothing else holds it, else a copy. */
function withKey(m: Merged, keyNode: Node, fresh: boolean): Merged {
  if (!fresh) return { ...m, keyNode };
  m.keyNode = keyNode;
  return m;
}

function build(b: Build, pf: ProjectFile, r: Resolver, node: Node, path: string[], marks: string[][], shared: boolean): Merged | undefined {
  if (node.tag === '!reset') {
    marks.push(path);
    return undefined;
  }
  if (node.tag === '!override') marks.push(path);
  const how = howAt(path);
  if (isMap(node)) {
    const pairs = r.entries(node);
    // Pairs a merge key brought in belong to another mapping, which may be reached again.
    const own = shared ? undefined : ownPairs(node);
    if (how === 'append' || how === 'hosts') {
      // `KEY: value` read as the list item `KEY=value`.
      const items: Merged[] = [];
      for (const p of pairs) {
        const k = keyString(p);
        if (k === undefined) continue;
        const v = r.resolve(p.value as Node | null);
        if (v?.tag === '!reset') {
          marks.push([...path, k]);
          continue;
        }
        items.push(value(pf, r, v ?? (p.key as Node), undefined, undefined, p.key as Node, k));
      }
      return value(pf, r, node, undefined, unique(b, items, path));
    }
    const entries = new Map<string, Merged>();
    for (const p of pairs) {
      const k = keyString(p);
      if (k === undefined) continue;
      const sub = shared || (own !== undefined && !own.has(p));
      const c = fromNode(b, pf, r, p.value as Node | null, [...path, k], marks, sub);
      if (c) entries.set(k, withKey(c, p.key as Node, !sub && isFresh(p.value as Node | null)));
    }
    return value(pf, r, node, entries);
  }
  if (isSeq(node)) {
    if (how === 'named') {
      const entries = new Map<string, Merged>();
      for (const it of r.items(node)) if (isScalar(it) && it.value !== null) entries.set(scalarString(it), value(pf, r, it, new Map(), undefined, it));
      return value(pf, r, node, entries);
    }
    const items: Merged[] = [];
    for (const it of node.items) {
      // `- !reset x` drops the item from this file only (compose-go removes nothing from earlier files for it).
      const c = fromNode(b, pf, r, it as Node, [...path, '#'], [], shared);
      if (c) items.push(c);
    }
    return value(pf, r, node, undefined, unique(b, items, path));
  }
  if (how === 'build' && isScalar(node) && node.value !== null) return value(pf, r, node, new Map([['context', value(pf, r, node)]]));
  return value(pf, r, node);
}

/** A mapping's own pairs when it has a merge key (the others r.entries gives come from elsewhere); else undefined. */
function ownPairs(node: YAMLMap): Set<unknown> | undefined {
  return node.items.some((p) => isPair(p) && isMergeKey(p)) ? new Set(node.items) : undefined;
}

/** Whether fromNode's value for this node is a fresh object (no alias, no anchor: it is built for this one use). */
function isFresh(raw: Node | null | undefined): boolean {
  return !!raw && raw.anchor === undefined && !isAlias(raw);
}

/** A list with one item per key, a later item taking the place of the earlier one with its key. */
function unique(b: Build, items: Merged[], path: readonly string[]): Merged[] {
  const kind = itemKeyAt(path);
  if (!kind) return items;
  const out: Merged[] = [];
  const at = new Map<string, number>();
  for (const it of items) {
    // The key depends on the item and its list only, so it is noted on the item itself (no copy per item).
    if (it.key === undefined) it.key = itemKey(b, kind, it);
    const key = it.key;
    const keyed = it;
    if (key === undefined) {
      out.push(keyed);
      continue;
    }
    const j = at.get(key);
    if (j === undefined) {
      at.set(key, out.length);
      out.push(keyed);
    } else {
      const old = out[j];
      out[j] = { ...keyed, others: [...old.others, { pf: old.pf, node: old.node }, ...keyed.others] };
    }
  }
  return out;
}

function itemKey(b: Build, kind: ItemKey, it: Merged): string | undefined {
  const str = (m: Merged | undefined) => {
    const t = textOf(m);
    return t === undefined ? undefined : interpolate(t, b.lookup).value;
  };
  const own = it.entries ? undefined : str(it);
  const field = (k: string) => str(it.entries?.get(k));
  switch (kind) {
    case 'name':
      return own?.split('=')[0];
    case 'whole':
      return own;
    case 'path':
      return own ?? field('path');
    case 'target':
      if (it.entries) return field('target');
      if (own === undefined) return undefined;
      return own.split(':')[own.includes(':') ? 1 : 0];
    case 'device':
      if (it.entries) return field('target');
      return own === undefined ? undefined : (own.split(':')[1] ?? own);
    case 'secret':
    case 'config': {
      const dir = kind === 'secret' ? '/run/secrets' : '';
      if (own !== undefined) return `${dir}/${own}`;
      return field('target') ?? `${dir}/${field('source') ?? ''}`;
    }
    case 'port': {
      if (it.entries) return `${field('host_ip') || '0.0.0.0'}:${field('published') ?? ''}:${field('target') ?? ''}/${(field('protocol') || 'tcp').toLowerCase()}`;
      if (own === undefined) return undefined;
      const p = parseShortPort(own);
      if (!p) return own;
      const range = (x: { lo: number; hi: number } | undefined) => (x ? (x.lo === x.hi ? `${x.lo}` : `${x.lo}-${x.hi}`) : '');
      return `${p.hostIp || '0.0.0.0'}:${range(p.published)}:${range(p.target)}/${p.protocol}`;
    }
  }
}

function isNull(m: Merged): boolean {
  return !m.entries && !m.items && isScalar(m.node) && (m.node as Scalar).value === null;
}

const origin = (m: Merged): Origin => ({ pf: m.pf, node: m.node });

/** `b` merged over `a` at `path` (below the service), as compose-go's merge does. */
function merge(bd: Build, a: Merged, b: Merged, path: string[]): Merged {
  const how = howAt(path);
  const replaced = (): Merged => ({ ...b, others: [...a.others, origin(a), ...b.others] });
  const joined = (m: Partial<Merged>): Merged => ({ ...a, ...m, others: [...a.others, origin(b), ...b.others] });
  if (how === 'replace') return replaced();
  if (how === 'append') return joined({ items: unique(bd, [...itemsOf(a), ...itemsOf(b)], path) });
  if (how === 'hosts') {
    const seen = new Set(itemsOf(a).map((x) => hostText(x)));
    return joined({ items: [...itemsOf(a), ...itemsOf(b).filter((x) => !seen.has(hostText(x)))] });
  }
  if (how === 'logging' && a.entries && b.entries) {
    const da = textOf(a.entries.get('driver'));
    const db = textOf(b.entries.get('driver'));
    if (da !== undefined && db !== undefined && da !== db) return replaced();
  }
  if (isNull(b)) return a;
  if (a.entries && b.entries) {
    const entries = new Map(a.entries);
    for (const [k, v] of b.entries) {
      const old = entries.get(k);
      entries.set(k, old ? merge(bd, old, v, [...path, k]) : v);
    }
    return joined({ entries });
  }
  if (a.items && b.items) return joined({ items: unique(bd, [...a.items, ...b.items], path) });
  return replaced();
}

function hostText(m: Merged): string {
  const t = textOf(m) ?? '';
  return m.keyNode && m.key !== undefined ? `${m.key}=${t}` : t;
}

/** A copy of a merged value without what the paths name (a path of no keys: the whole value). */
function removeMarks(m: Merged, marks: readonly string[][]): Merged | undefined {
  let out: Merged | undefined = m;
  for (const path of marks) {
    if (!out) break;
    out = removePath(out, path, 0);
  }
  return out;
}

function removePath(m: Merged, path: readonly string[], i: number): Merged | undefined {
  if (i === path.length) return undefined;
  const k = path[i];
  if (m.entries?.has(k)) {
    const entries = new Map(m.entries);
    const next = removePath(m.entries.get(k)!, path, i + 1);
    if (next) entries.set(k, next);
    else entries.delete(k);
    return { ...m, entries };
  }
  // An item of a list read by name (`environment: {A: !reset}`).
  if (m.items && i === path.length - 1 && m.items.some((x) => x.key === k)) return { ...m, items: m.items.filter((x) => x.key !== k) };
  return m;
}

interface Extended {
  tree: Merged | undefined;
  unresolved: boolean;
}

/** A service of a document with its `extends:` applied: the base service (in this document or another file), then the service over it. */
function withExtends(b: Build, raw: RawService, doc: Doc, depth: number): Extended {
  const tree = raw.tree;
  const ext = tree?.entries?.get('extends');
  if (!tree || !ext) return { tree, unresolved: false };
  const ref = ext.entries ? textOf(ext.entries.get('service')) : textOf(ext);
  const file = ext.entries ? textOf(ext.entries.get('file')) : undefined;
  const entries = new Map(tree.entries);
  entries.delete('extends');
  const own = { ...tree, entries };
  let baseDoc: Doc | undefined = doc;
  if (file !== undefined) {
    const path = joinPath(doc.pf.model.dir, interpolate(file, b.lookup).value);
    baseDoc = standaloneDoc(b, path);
  }
  const baseRaw = ref === undefined ? undefined : baseDoc?.services.get(ref);
  if (!baseDoc || !baseRaw || depth > 10 || (baseRaw === raw && baseDoc === doc)) return { tree: own, unresolved: true };
  const base = withExtends(b, baseRaw, baseDoc, depth + 1);
  // The extending document's `!reset`s apply to what the base brings.
  const source = base.tree && removeMarks(base.tree, raw.marks);
  return { tree: source ? merge(b, source, own, []) : own, unresolved: base.unresolved };
}

/** A file an `extends: {file}` names, its documents merged on their own (compose-go loads it apart from the project). */
function standaloneDoc(b: Build, path: string): Doc | undefined {
  if (b.standalone.has(path)) return b.standalone.get(path);
  b.standalone.set(path, undefined); // a file that extends from itself through others stops here
  const file = b.ws.get(path);
  let out: Doc | undefined;
  if (file && file.kind === 'compose') {
    const model = b.parse('compose', file);
    const pf: ProjectFile = { file, model, resolver: new Resolver(model.doc) };
    const services = new Map<string, RawService>();
    for (const doc of docsOf(b, pf)) {
      for (const [name, raw] of doc.services) {
        const cur = services.get(name);
        const base = cur?.tree && removeMarks(cur.tree, raw.marks);
        services.set(name, { tree: base && raw.tree ? merge(b, base, raw.tree, []) : (raw.tree ?? base), marks: raw.marks });
      }
    }
    out = { pf, services };
  }
  b.standalone.set(path, out);
  return out;
}
