import { defineRule, type SourceFile, type WorkspaceRuleContext } from '../../model/rule';
import type { Fix, Related } from '../../core/finding';
import { goFormat, type ParsedFlag } from '../../model/dockerd-cmdline';
import { daemonOption } from '../../knowledge/daemon-options';
import { STOCK_DOCKERD_EXECSTART, type DockerdFlag } from '../../knowledge/dockerd-flags';
import { daemonSettings, eachHost, removeFlagEdit, removeJsonPropertyEdit, type DockerHost } from './_shared';

// dockerd compares every flag set on its command line with the keys of daemon.json and refuses to start when one is
// given both ways, whatever the values (moby daemon/config `getConflictFreeConfiguration`); `runtimes` is merged.
const MAP_FLAGS = new Set(['log-opt', 'default-network-opt', 'feature']);

/** The flag side as dockerd prints it: Go's %v of the option's value (a list, a map, or the last value given). */
function flagValueText(spec: DockerdFlag, values: (string | undefined)[]): string {
  if (!spec.value) return values[values.length - 1] ?? 'true';
  const type = spec.daemonKey ? daemonOption(spec.daemonKey)?.type : undefined;
  if (type === 'object' || MAP_FLAGS.has(spec.name)) return `map[${values.map((v) => (v ?? '').replace('=', ':')).join(' ')}]`;
  const list = type ? type === 'array' : spec.daemonKey !== spec.name || spec.name === 'dns' || spec.name === 'dns-search';
  return list ? `[${values.join(' ')}]` : (values[values.length - 1] ?? '');
}

/**
 * The drop-in Docker's documentation recommends: clear ExecStart= and start dockerd without the flags daemon.json
 * now sets. Created at <root>/etc/systemd/system/docker.service.d/override.conf, or appended to it.
 */
function stockDropInFix(root: string, daemonHostPath: string | undefined, units: SourceFile[], keys: string[]): Fix | undefined {
  if (daemonHostPath !== '/etc/docker/daemon.json') return undefined;
  const flags = ['/usr/bin/dockerd'];
  if (!keys.includes('hosts')) flags.push('-H fd://');
  if (!keys.includes('containerd')) flags.push('--containerd=/run/containerd/containerd.sock');
  const body = `[Service]\nExecStart=\nExecStart=${flags.join(' ')}\n`;
  const file = `${root}/etc/systemd/system/docker.service.d/override.conf`;
  const existing = units.find((u) => u.path === file);
  const at = existing ? existing.text.length : 0;
  const sep = existing && existing.text.length ? (existing.text.endsWith('\n') ? '\n' : '\n\n') : '';
  return {
    title: `${existing ? 'Add to' : 'Create'} etc/systemd/system/docker.service.d/override.conf: clear ExecStart= and start dockerd without ${keys.map((k) => (k === 'hosts' ? '-H fd://' : '--containerd')).join(' and ')}`,
    safety: 'unsafe',
    edits: [{ file, range: { start: at, end: at }, newText: sep + body }],
  };
}

/** The packaged unit's flags: `-H fd://` and `--containerd=/run/containerd/containerd.sock`. */
const STOCK_FLAGS: Record<string, string> = { hosts: '[fd://]', containerd: '/run/containerd/containerd.sock' };

export default defineRule({
  meta: {
    id: 'daemon-flag-conflict',
    kinds: ['daemon-json', 'systemd-unit', 'sysconfig-env'],
    scope: 'workspace',
    severity: 'error',
    summary: 'The same dockerd option is set in daemon.json and as a flag in ExecStart= (or an EnvironmentFile= variable)',
    symptom: 'unable to configure the Docker daemon with file /etc/docker/daemon.json: the following directives are specified both as a flag and in the configuration file: hosts: (from flag: [fd://], from file: [unix:///var/run/docker.sock])',
    type: 'problem',
    fix: 'always',
    messages: {
      flagSide:
        '"{flag}" sets {key}, which {configFile} sets too; dockerd refuses to start: "unable to configure the Docker daemon with file {configFile}: the following directives are specified both as a flag and in the configuration file: {key}: (from flag: {fromFlag}, from file: {fromFile})". Keep one of the two.',
      fileSide:
        '"{key}" is also given as {flag} on the dockerd command line; dockerd refuses to start: "unable to configure the Docker daemon with file {configFile}: the following directives are specified both as a flag and in the configuration file: {key}: (from flag: {fromFlag}, from file: {fromFile})". Keep one of the two.',
      stock:
        '"{key}" conflicts with the packaged docker.service, which runs `' + STOCK_DOCKERD_EXECSTART + '`; unless a drop-in clears and re-sets ExecStart=, dockerd refuses to start: "unable to configure the Docker daemon with file {configFile}: the following directives are specified both as a flag and in the configuration file: {key}: (from flag: {fromFlag}, from file: {fromFile})".',
    },
  },
  check(ctx) {
    eachHost(ctx, 'daemon-flag-conflict', checkHost);
  },
});

/** One host's findings (kept while the host's files are unchanged, see eachHost). */
function checkHost(ctx: WorkspaceRuleContext, h: DockerHost): void {
  if (!h.daemon) return;
  const settings = daemonSettings(ctx.workspace, h.daemon);
  const configFile = h.dockerd?.flags.find((f) => f.spec?.name === 'config-file')?.value ?? h.daemon.hostPath ?? '/etc/docker/daemon.json';
  const removeKey = (key: string): Fix | undefined => {
    const e = removeJsonPropertyEdit(h.daemon!, key);
    return e ? { title: `Remove "${key}" from daemon.json`, safety: 'unsafe', edits: [e] } : undefined;
  };

  const execList = h.unit?.list('Service', 'ExecStart');
  const noExecStart = !h.unit || (execList!.items.length === 0 && !execList!.complete);
  if (!h.dockerd && noExecStart) {
    const conflicting = Object.keys(STOCK_FLAGS).filter((k) => settings.has(k));
    const dropIn = stockDropInFix(h.host.root, h.daemon.hostPath, h.host.units.map((u) => u.file), conflicting);
    for (const key of conflicting) {
      const s = settings.get(key)!;
      const fix = removeKey(key);
      ctx.report({
        messageId: 'stock',
        data: { key, configFile, fromFlag: STOCK_FLAGS[key], fromFile: goFormat(s.value) },
        file: h.daemon.file.path,
        range: { start: s.keyNode.offset, end: s.keyNode.offset + s.keyNode.length },
        severity: 'warning',
        fixes: [dropIn, fix].filter((x): x is Fix => !!x),
      });
    }
    return;
  }
  if (!h.dockerd) return;

  const byKey = new Map<string, ParsedFlag[]>();
  for (const f of h.dockerd.flags) {
    const key = f.spec?.daemonKey;
    if (!key || f.spec!.mergesWithFile || !settings.has(key)) continue;
    byKey.set(key, [...(byKey.get(key) ?? []), f]);
  }
  for (const [key, flags] of byKey) {
    const s = settings.get(key)!;
    const spec = flags[0].spec!;
    const data = { key, configFile, flag: flags.map((f) => f.written).join(' / '), fromFlag: flagValueText(spec, flags.map((f) => f.value)), fromFile: goFormat(s.value) };
    const keyRange = { start: s.keyNode.offset, end: s.keyNode.offset + s.keyNode.length };
    const flagEdits = flags.map(removeFlagEdit);
    const removeFlags: Fix | undefined = flagEdits.every((e) => e)
      ? { title: `Remove ${flags[0].written} from the dockerd command line`, safety: 'unsafe', edits: flagEdits.map((e) => e!) }
      : undefined;
    const keyFix = removeKey(key);
    const related: Related[] = flags.map((f) => ({ file: f.whole.file.path, range: f.whole.span, message: `${f.written} is set here${f.fromVar ? ` (through $${f.fromVar})` : ''}` }));
    ctx.report({ messageId: 'fileSide', data, file: h.daemon.file.path, range: keyRange, related, fixes: [keyFix, removeFlags].filter((x): x is Fix => !!x) });
    for (const f of flags) {
      ctx.report({
        messageId: 'flagSide',
        data: { ...data, flag: f.written },
        file: f.whole.file.path,
        range: f.whole.span,
        related: [{ file: h.daemon.file.path, range: keyRange, message: `"${key}" is set in daemon.json here` }],
        fixes: [removeFlags, keyFix].filter((x): x is Fix => !!x),
      });
    }
  }
}
