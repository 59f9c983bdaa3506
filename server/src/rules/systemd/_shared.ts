// What the systemd and cross-file daemon rules share: which daemon.json a host's dockerd reads, whether live-restore
// is on, and the edits their fixes make.

import type { Node } from 'jsonc-parser';
import type { Span, TextEdit } from '../../core/finding';
import type { SourceFile, WorkspaceRuleContext, WorkspaceView } from '../../model/rule';
import { effectiveDockerd, parseDockerdFlags, readDockerd, type ArgWord, type DockerdInvocation, type ParsedFlag, type ServiceEnvironment } from '../../model/dockerd-cmdline';
import { queriesOf } from '../../model/queries';
import { effectiveUnit, hostsOf, type DaemonFileRef, type EffectiveUnit, type Host } from '../../model/hosts';
import { nodeValue, spanOf, topLevelProperties } from '../../parsers/daemon-json';
import type { UnitDirective } from '../../parsers/systemd-unit';

export interface DockerHost {
  host: Host;
  /** docker.service merged with its drop-ins (undefined when the host has no docker.service file at all). */
  unit?: EffectiveUnit;
  /** The dockerd command ExecStart= runs, when the workspace shows it. */
  dockerd?: DockerdInvocation;
  /** Whether the ExecStart= list is fully known (the unit file is there, or a drop-in reset it). */
  execStartKnown: boolean;
  env?: ServiceEnvironment;
  /** The daemon.json this dockerd reads (the --config-file target, else /etc/docker/daemon.json). */
  daemon?: DaemonFileRef;
}

/**
 * Worked out once per host object (hostsOf keeps a host's object while its files are unchanged), unless it had to
 * look at other hosts' files (then it is worked out on every call).
 */
export function dockerHosts(ws: WorkspaceView): DockerHost[] {
  const q = queriesOf(ws);
  const hosts = hostsOf(ws);
  // One list per list of hosts, each host's object kept while the host is (a host found through another host's
  // files is made again with the list).
  return q.get('docker-hosts', [hosts], () => hosts.map((host) => q.derive('docker-host', host, (h) => dockerHost(ws, h, true)) ?? dockerHost(ws, host, false)!));
}

/**
 * A rule's reports on each Docker host, worked out again only for a host whose files changed; the same hosts cost
 * one lookup, and the last reports are replayed, the same descriptors, so the engine keeps the same findings.
 */
export function eachHost(ctx: WorkspaceRuleContext, ruleId: string, check: (ctx: WorkspaceRuleContext, h: DockerHost) => void): void {
  const lists = queriesOf(ctx.workspace).each(
    `rule:${ruleId}`,
    dockerHosts(ctx.workspace),
    (h) => {
      const out: Parameters<WorkspaceRuleContext['report']>[0][] = [];
      check({ ...ctx, report: (d) => out.push(d) }, h);
      return out;
    },
    [ctx.options],
  );
  for (const list of lists) for (const d of list) ctx.report(d);
}

/** With `ownOnly`, undefined when the host's daemon.json is found only on another host. */
function dockerHost(ws: WorkspaceView, host: Host, ownOnly: boolean): DockerHost | undefined {
  const unit = effectiveUnit(host, 'docker.service');
  const eff = unit ? effectiveDockerd(unit) : undefined;
  const dockerd = eff?.invocation;
  const execStartKnown = !!eff && eff.complete && !!dockerd;
  let daemon: DaemonFileRef | undefined;
  const configFile = dockerd?.flags.find((f) => f.spec?.name === 'config-file')?.value;
  if (configFile) {
    daemon = host.daemonJson.find((d) => d.hostPath === configFile);
    if (!daemon) {
      if (ownOnly) return undefined; // it looks at other hosts' files: not kept
      const all = hostsOf(ws).flatMap((h) => h.daemonJson).filter((d) => d.file.path.endsWith(configFile));
      if (all.length === 1) daemon = all[0];
    }
  } else {
    daemon = host.daemonJson.find((d) => d.hostPath === '/etc/docker/daemon.json') ?? (host.daemonJson.length === 1 && !host.daemonJson[0].hostPath ? host.daemonJson[0] : undefined);
  }
  return { host, unit, dockerd, execStartKnown, env: eff?.env, daemon };
}

export interface DaemonSetting {
  key: string;
  keyNode: Node;
  valueNode: Node | undefined;
  /** The property from key to value. */
  span: Span;
  value: unknown;
}

/**
 * Top-level daemon.json settings (the last of duplicates, as dockerd keeps it); `proxies.*` flattened. Worked out
 * once per parsed daemon.json (a changed file is a new model).
 */
export function daemonSettings(ws: WorkspaceView, d: DaemonFileRef): ReadonlyMap<string, DaemonSetting> {
  return queriesOf(ws).derive('daemon-settings', d.model, () => readSettings(d));
}

function readSettings(d: DaemonFileRef): Map<string, DaemonSetting> {
  const out = new Map<string, DaemonSetting>();
  for (const p of topLevelProperties(d.model)) {
    const span = { start: p.keyNode.offset, end: p.valueNode ? p.valueNode.offset + p.valueNode.length : p.keyNode.offset + p.keyNode.length };
    out.set(p.key, { key: p.key, keyNode: p.keyNode, valueNode: p.valueNode, span, value: nodeValue(p.valueNode) });
    if (p.key === 'proxies' && p.valueNode?.type === 'object') {
      for (const c of p.valueNode.children ?? []) {
        const k = c.children?.[0];
        const v = c.children?.[1];
        if (!k || typeof k.value !== 'string') continue;
        out.set(k.value, { key: k.value, keyNode: k, valueNode: v, span: { start: k.offset, end: v ? v.offset + v.length : k.offset + k.length }, value: nodeValue(v) });
      }
    }
  }
  return out;
}

export interface LiveRestore {
  file: SourceFile;
  span: Span;
  /** 'daemon.json' or the flag. */
  source: 'daemon-json' | 'flag';
}

/** Where live-restore is switched on for this host, if it is. */
export function liveRestoreOn(ws: WorkspaceView, h: DockerHost): LiveRestore | undefined {
  const flag = h.dockerd?.flags.find((f) => f.spec?.name === 'live-restore');
  if (flag && (flag.value === undefined || flag.value === 'true' || flag.value === '1')) return { file: flag.whole.file, span: flag.whole.span, source: 'flag' };
  if (h.daemon) {
    const s = daemonSettings(ws, h.daemon).get('live-restore');
    if (s && s.value === true) return { file: h.daemon.file, span: s.span, source: 'daemon-json' };
  }
  return undefined;
}

/** Delete a whole directive (all its lines). */
export function removeDirectiveEdit(file: SourceFile, d: UnitDirective): TextEdit {
  return { file: file.path, range: d.lineSpan, newText: '' };
}

/** Delete a top-level property of daemon.json with its comma, keeping the JSON valid. */
export function removeJsonPropertyEdit(d: DaemonFileRef, key: string): TextEdit | undefined {
  const root = d.model.root;
  if (!root || root.type !== 'object' || !root.children) return undefined;
  const props = root.children;
  let idx = -1;
  props.forEach((p, i) => {
    if (p.children?.[0]?.value === key) idx = i;
  });
  if (idx < 0) return undefined;
  const text = d.file.text;
  const p = props[idx];
  const pEnd = p.offset + p.length;
  if (props.length === 1) {
    const open = root.offset + 1;
    const close = root.offset + root.length - 1;
    return { file: d.file.path, range: { start: open, end: close }, newText: text.slice(open, close).includes('\n') ? '\n' : '' };
  }
  if (idx < props.length - 1) {
    const next = props[idx + 1];
    let start = p.offset;
    let ls = start;
    while (ls > 0 && (text[ls - 1] === ' ' || text[ls - 1] === '\t')) ls--;
    let end = next.offset;
    if (text[ls - 1] === '\n' || ls === 0) {
      start = ls;
      let ne = next.offset;
      while (ne > 0 && (text[ne - 1] === ' ' || text[ne - 1] === '\t')) ne--;
      if (text[ne - 1] === '\n') end = ne;
    }
    return { file: d.file.path, range: { start, end }, newText: '' };
  }
  const prev = props[idx - 1];
  return { file: d.file.path, range: { start: prev.offset + prev.length, end: pEnd }, newText: '' };
}

/** Delete a flag (and its value) from a command line or an env value, with the blank before it. */
export function removeFlagEdit(flag: ParsedFlag): TextEdit | undefined {
  const file = flag.whole.file;
  const words = flag.words;
  if (words.some((w) => w.file !== file)) return undefined;
  const text = file.text;
  let { start, end } = flag.whole.span;
  // Only whole words can be removed (a shorthand inside a cluster cannot).
  const first = words[0];
  if (start !== first.offsets[0]) return undefined;
  if (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) {
    while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  } else {
    while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  }
  return { file: file.path, range: { start, end }, newText: '' };
}

/** Where a report on a flag goes: the flag with its value in one file, else the flag name. */
export function flagRange(flag: ParsedFlag): { file: SourceFile; span: Span } {
  return flag.whole;
}

export function jsonKeySpan(n: Node): Span {
  return spanOf(n);
}

export interface DockerdSite {
  /** The flags, wherever they come from. */
  flags: ParsedFlag[];
  /** The command line, when the flags come from an ExecStart= (undefined for flags read straight off an env file). */
  invocation?: DockerdInvocation;
  /** Words that are no flag and no flag's value. */
  positional: ArgWord[];
}

/** Env variables that hold dockerd flags by convention (RHEL /etc/sysconfig/docker*, Debian /etc/default/docker). */
export const OPTION_VARS = /^(OPTIONS|DOCKER_OPTS|DOCKER_OPTIONS|DOCKER_STORAGE_OPTIONS|DOCKER_NETWORK_OPTIONS|[A-Z_]*_OPTS|[A-Z_]*_OPTIONS|INSECURE_REGISTRY|ADD_REGISTRY|BLOCK_REGISTRY)$/;

/** Every dockerd command line in the workspace's unit files (each expanded with its service's environment), and the
 * dockerd flags written in option variables of env files. */
export function dockerdSites(ws: WorkspaceView): DockerdSite[] {
  const out: DockerdSite[] = [];
  for (const host of hostsOf(ws)) {
    for (const ref of host.units) {
      const unit = effectiveUnit(host, ref.model.unit);
      if (!unit) continue;
      const env = effectiveDockerd(unit).env;
      for (const d of ref.model.directives) {
        if (d.section !== 'Service' || d.key !== 'ExecStart' || d.value === '') continue;
        const inv = readDockerd({ ref, d }, env.vars);
        if (inv) out.push({ flags: inv.flags, invocation: inv, positional: inv.positional });
      }
    }
    for (const e of host.envFiles) {
      for (const a of e.model.assignments) {
        if (!OPTION_VARS.test(a.name)) continue;
        const args: ArgWord[] = [];
        const re = /\S+/g;
        let m: RegExpExecArray | null;
        while ((m = re.exec(a.value))) {
          const offs = a.valueOffsets.slice(m.index, m.index + m[0].length);
          offs.push(offs[offs.length - 1] + 1);
          args.push({ text: m[0], file: e.file, offsets: offs, fromVar: a.name });
        }
        if (args.length && args[0].text.startsWith('-')) {
          const positional: ArgWord[] = [];
          out.push({ flags: parseDockerdFlags(args, 0, false, positional), positional });
        }
      }
    }
  }
  return out;
}
