// How the files of a workspace pair up into hosts, and what a host's services look like once systemd has merged the
// unit file and its drop-ins.
//
// A host is a root folder under which files sit at their real paths: `<root>/etc/docker/daemon.json`,
// `<root>/etc/systemd/system/docker.service.d/*.conf`, `<root>/{lib,usr/lib,run,etc}/systemd/system/docker.service`,
// `<root>/etc/sysconfig/docker*`, `<root>/etc/default/docker`. A config repository may hold several hosts
// (`hosts/node-a/etc/...`, `hosts/node-b/etc/...`): files pair only within one root. Files outside that layout
// (`roles/docker/files/daemon.json`, `roles/docker/files/docker.service`) belong to the host of their folder (for a
// drop-in, the folder holding the `.d` folder). When the workspace holds exactly one daemon.json and one host with
// docker.service files, those two pair with each other wherever they sit.

import { queriesOf } from './queries';
import type { SourceFile, WorkspaceView } from './rule';
import type { Span } from '../core/finding';
import { templateInner } from '../core/template';
import type { DaemonJsonModel } from '../parsers/daemon-json';
import type { UnitDirective, UnitModel } from '../parsers/systemd-unit';
import type { SysconfigEnvModel } from '../parsers/sysconfig-env';
import { isEmbedded } from '../core/embedded-files';

/** Where a unit file sits: /etc/systemd/system beats /run/systemd/system beats /lib and /usr/lib. */
export type UnitTier = 'etc' | 'run' | 'lib' | 'other';
const TIER_RANK: Record<UnitTier, number> = { etc: 0, other: 0, run: 1, lib: 2 };

export interface UnitFileRef {
  file: SourceFile;
  model: UnitModel;
  tier: UnitTier;
  /** The path systemd would read it from (`/etc/systemd/system/docker.service.d/override.conf`), when known. */
  hostPath?: string;
}

export interface EnvFileRef {
  file: SourceFile;
  model: SysconfigEnvModel;
  hostPath?: string;
}

export interface DaemonFileRef {
  file: SourceFile;
  model: DaemonJsonModel;
  hostPath?: string;
}

export interface Host {
  /** The root folder (workspace path) the host's files sit under. */
  root: string;
  daemonJson: DaemonFileRef[];
  units: UnitFileRef[];
  envFiles: EnvFileRef[];
}

const UNIT_LAYOUT = /^(.*?)\/(etc|run|lib|usr\/lib)\/systemd\/system\/([^/]+(?:\.d\/[^/]+)?)$/;
const DAEMON_LAYOUT = /^(.*)\/etc\/docker\/([^/]+)$/;
const ENV_LAYOUT = /^(.*)\/etc\/(sysconfig|default)\/([^/]+)$/;
const ENV_FLAT = /^(.*)\/sysconfig\/([^/]+)$/;

/** The path a file is installed at: a template's is the name under its suffix (`docker.service.j2`). */
function fileAt(path: string): string {
  const p = path.replace(/\\/g, '/');
  return templateInner(p) ?? p;
}

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '' : p.slice(0, i);
}

export function unitPlacement(path: string): { root: string; tier: UnitTier; hostPath?: string } {
  const p = fileAt(path);
  const m = UNIT_LAYOUT.exec(p);
  if (m) {
    const tier: UnitTier = m[2] === 'etc' ? 'etc' : m[2] === 'run' ? 'run' : 'lib';
    return { root: m[1], tier, hostPath: `/${m[2]}/systemd/system/${m[3]}` };
  }
  const dir = dirname(p);
  const root = /\.d$/.test(dir) && p.endsWith('.conf') ? dirname(dir) : dir;
  return { root, tier: 'other' };
}

export function daemonPlacement(path: string): { root: string; hostPath?: string } {
  const p = fileAt(path);
  const m = DAEMON_LAYOUT.exec(p);
  if (m) return { root: m[1], hostPath: `/etc/docker/${m[2]}` };
  return { root: dirname(p) };
}

export function envPlacement(path: string): { root: string; hostPath?: string } {
  const p = fileAt(path);
  const m = ENV_LAYOUT.exec(p);
  if (m) return { root: m[1], hostPath: `/etc/${m[2]}/${m[3]}` };
  const f = ENV_FLAT.exec(p);
  if (f) return { root: f[1], hostPath: `/etc/sysconfig/${f[2]}` };
  return { root: dirname(p) };
}

/** `key` names every file and version the hosts were made from; undefined when they were patched (see below). */
interface HostsMemo {
  key?: string;
  lists: SourceFile[][];
  hosts: Host[];
}

/** The hosts of a workspace, each with its daemon.json, unit files and env files. */
export function hostsOf(ws: WorkspaceView): Host[] {
  const daemons = ws.files('daemon-json');
  const units = ws.files('systemd-unit');
  const envs = ws.files('sysconfig-env');
  const lists = [daemons, units, envs];
  // The last answer, kept with the workspace's queries.
  const memo = queriesOf(ws).derive('hosts-of', ws, (): { last?: HostsMemo } => ({}));
  const hit = memo.last;
  // The same lists (files() hands out one list per state of a kind): nothing to compare file by file.
  if (hit && hit.lists.every((l, i) => l === lists[i])) return hit.hosts;
  // Only daemon.json texts changed (same paths, same unit and env files): which host each file is on cannot have
  // changed, so the hosts are kept and only a host with a changed daemon.json gets a new object.
  if (hit && hit.lists[1] === units && hit.lists[2] === envs && samePaths(hit.lists[0], daemons)) {
    const now = new Map(daemons.map((f) => [f.path, f]));
    const hosts = hit.hosts.map((h) =>
      h.daemonJson.every((d) => now.get(d.file.path) === d.file)
        ? h
        : {
            ...h,
            daemonJson: h.daemonJson.map((d) => {
              const f = now.get(d.file.path)!;
              return f === d.file ? d : { ...d, file: f, model: ws.parse('daemon-json', f) };
            }),
          },
    );
    memo.last = { lists, hosts };
    return hosts;
  }
  const key = [...daemons, ...units, ...envs].map((f) => `${f.path}@${f.version}`).join('\n');
  if (hit && hit.key === key) {
    hit.lists = lists;
    return hit.hosts;
  }

  const byRoot = new Map<string, Host>();
  const host = (root: string) => {
    let h = byRoot.get(root);
    if (!h) byRoot.set(root, (h = { root, daemonJson: [], units: [], envFiles: [] }));
    return h;
  };
  for (const file of daemons) {
    const p = daemonPlacement(file.path);
    host(p.root).daemonJson.push({ file, model: ws.parse('daemon-json', file), hostPath: p.hostPath });
  }
  for (const file of units) {
    const p = unitPlacement(file.path);
    host(p.root).units.push({ file, model: ws.parse('systemd-unit', file), tier: p.tier, hostPath: p.hostPath });
  }
  for (const file of envs) {
    const p = envPlacement(file.path);
    host(p.root).envFiles.push({ file, model: ws.parse('sysconfig-env', file), hostPath: p.hostPath });
  }

  // Exactly one daemon.json and one host with docker.service files: they belong together wherever they sit. Files
  // a script writes stay with that script's host and do not count here.
  const dockerHosts = [...byRoot.values()].filter((h) => h.units.some((u) => !isEmbedded(u.file) && u.model.unit === 'docker.service'));
  if (daemons.filter((f) => !isEmbedded(f)).length === 1 && dockerHosts.length === 1) {
    const target = dockerHosts[0];
    const from = [...byRoot.values()].find((h) => h.daemonJson.length === 1 && !isEmbedded(h.daemonJson[0].file));
    if (from && from !== target && from.units.length === 0) {
      target.daemonJson.push(...from.daemonJson);
      target.envFiles.push(...from.envFiles);
      byRoot.delete(from.root);
    }
  }
  // A host whose files are all unchanged keeps its object, so what is worked out per host (dockerHosts) is kept too.
  const before = new Map((hit?.hosts ?? []).map((h) => [h.root, h]));
  const hosts = [...byRoot.values()]
    .map((h) => {
      const prev = before.get(h.root);
      return prev && sameFiles(prev.daemonJson, h.daemonJson) && sameFiles(prev.units, h.units) && sameFiles(prev.envFiles, h.envFiles) ? prev : h;
    })
    .sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
  memo.last = { key, lists, hosts };
  return hosts;
}

function samePaths(a: SourceFile[], b: SourceFile[]): boolean {
  return a.length === b.length && a.every((f, i) => f.path === b[i].path);
}

function sameFiles(a: { file: SourceFile; hostPath?: string }[], b: { file: SourceFile; hostPath?: string }[]): boolean {
  return a.length === b.length && a.every((r, i) => r.file === b[i].file && r.hostPath === b[i].hostPath);
}

/** The host a file belongs to. */
export function hostOfFile(ws: WorkspaceView, file: SourceFile): Host | undefined {
  return hostsOf(ws).find((h) => h.daemonJson.some((d) => d.file === file) || h.units.some((u) => u.file === file) || h.envFiles.some((e) => e.file === file));
}

// ---- The effective service ------------------------------------------------------------------------------------

export interface Assignment {
  ref: UnitFileRef;
  d: UnitDirective;
}

/** Keys systemd treats as lists: a value appends, an empty assignment resets. */
const LIST_KEYS = new Set([
  'ExecStart', 'ExecStartPre', 'ExecStartPost', 'ExecStop', 'ExecStopPost', 'ExecReload', 'ExecCondition',
  'Environment', 'EnvironmentFile', 'PassEnvironment', 'UnsetEnvironment', 'Sockets',
  'Requires', 'Wants', 'After', 'Before', 'BindsTo', 'PartOf', 'Conflicts', 'Requisite', 'Upholds',
  'WantedBy', 'RequiredBy', 'Also', 'Alias', 'ListenStream', 'ListenDatagram', 'ListenSequentialPacket',
  'ReadWritePaths', 'ReadOnlyPaths', 'InaccessiblePaths', 'DeviceAllow',
]);

export function isListKey(key: string): boolean {
  return LIST_KEYS.has(key);
}

export class EffectiveUnit {
  constructor(
    readonly name: string,
    readonly host: Host,
    /** The unit file in use (highest tier), when the workspace has it. */
    readonly fragment: UnitFileRef | undefined,
    /** Unit files of the same name hidden by a higher tier. */
    readonly shadowed: UnitFileRef[],
    /** Drop-ins in the order systemd applies them. */
    readonly dropIns: UnitFileRef[],
  ) {}

  get sources(): UnitFileRef[] {
    return this.fragment ? [this.fragment, ...this.dropIns] : [...this.dropIns];
  }

  /** Every assignment of section/key across the unit and its drop-ins, in the order systemd reads them. */
  assignments(section: string, key: string): Assignment[] {
    const out: Assignment[] = [];
    for (const ref of this.sources) for (const d of ref.model.directives) if (d.section === section && d.key === key) out.push({ ref, d });
    return out;
  }

  /**
   * The effective list after resets. `complete` is false when the list may also hold entries from a unit file the
   * workspace does not have (no fragment and no reset).
   */
  list(section: string, key: string): { items: Assignment[]; complete: boolean } {
    let items: Assignment[] = [];
    let complete = !!this.fragment;
    for (const a of this.assignments(section, key)) {
      if (a.d.value === '') {
        items = [];
        complete = true;
      } else items.push(a);
    }
    return { items, complete };
  }

  /** The last assignment of a single-valued key; undefined when unset or reset by an empty assignment. */
  scalar(section: string, key: string): Assignment | undefined {
    const all = this.assignments(section, key);
    const last = all[all.length - 1];
    return last && last.d.value !== '' ? last : undefined;
  }
}

function bestTier<T extends { tier: UnitTier }>(list: T[]): { best?: T; rest: T[] } {
  const sorted = [...list].sort((a, b) => TIER_RANK[a.tier] - TIER_RANK[b.tier]);
  return { best: sorted[0], rest: sorted.slice(1) };
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** The merged view of unit `name` on a host (undefined when the host has no file of that unit). */
export function effectiveUnit(host: Host, name: string): EffectiveUnit | undefined {
  const mine = host.units.filter((u) => u.model.unit === name);
  if (mine.length === 0) return undefined;
  const { best, rest } = bestTier(mine.filter((u) => !u.model.dropIn));
  const byBase = new Map<string, UnitFileRef[]>();
  for (const u of mine.filter((x) => x.model.dropIn)) {
    const b = baseName(u.file.path);
    byBase.set(b, [...(byBase.get(b) ?? []), u]);
  }
  const dropIns: UnitFileRef[] = [];
  for (const b of [...byBase.keys()].sort()) dropIns.push(bestTier(byBase.get(b)!).best!);
  return new EffectiveUnit(name, host, best, rest, dropIns);
}

/** Every unit name with files on the host. */
export function unitNames(host: Host): string[] {
  return [...new Set(host.units.map((u) => u.model.unit))].sort();
}

/** The env file a host path names (`/etc/sysconfig/docker`), on this host. */
export function envFileAt(host: Host, hostPath: string): EnvFileRef | undefined {
  return host.envFiles.find((e) => e.hostPath === hostPath);
}

/** A span in some file. */
export interface FileSpan {
  file: SourceFile;
  span: Span;
}
