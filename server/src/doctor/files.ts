// The host's Docker configuration files, gathered as one workspace: daemon.json (and the --config-file the unit names),
// docker.service/docker.socket with drop-ins from every systemd unit folder, sysconfig/default env files and crontabs.
// Also reads from them what the live checks need: the data root and the storage driver.

import type { FileKind } from '../parsers/classify';
import { parseDaemonJson, nodeValue, topLevelValue } from '../parsers/daemon-json';
import type { Host } from './host';

export interface HostFile {
  /** Host path, e.g. /etc/docker/daemon.json */
  hostPath: string;
  /** Path on this machine's disk. */
  realPath: string;
  text: string;
  kind: FileKind;
}

export interface Skipped {
  what: string;
  reason: string;
}

export const UNIT_DIRS = ['/etc/systemd/system', '/run/systemd/system', '/lib/systemd/system', '/usr/lib/systemd/system'];
const UNITS = ['docker.service', 'docker.socket'];
const MAX_CRON_FILES = 2000;

export function collectHostFiles(host: Host, skipped: Skipped[]): HostFile[] {
  const files: HostFile[] = [];
  const seen = new Set<string>();
  const add = (hostPath: string, kind: FileKind, explicit = false) => {
    const real = host.real(hostPath);
    // /lib is a link to /usr/lib on merged-/usr systems: the same unit must be linted once.
    const key = host.resolved(hostPath);
    if (seen.has(key)) return;
    const r = host.readText(hostPath);
    if (!r.ok) {
      if (!r.missing || explicit) skipped.push({ what: hostPath, reason: r.reason });
      return;
    }
    seen.add(key);
    files.push({ hostPath, realPath: real, text: r.value, kind });
  };
  const list = (dir: string, skipMissing = true): { name: string; isDir: boolean; isFile: boolean }[] => {
    const r = host.readdir(dir);
    if (!r.ok) {
      if (!(r.missing && skipMissing)) skipped.push({ what: dir, reason: r.reason });
      return [];
    }
    return r.value.map((d) => ({ name: d.name, isDir: d.isDirectory(), isFile: d.isFile() || d.isSymbolicLink() }));
  };

  for (const dir of UNIT_DIRS) {
    for (const unit of UNITS) {
      add(`${dir}/${unit}`, 'systemd-unit');
      for (const e of list(`${dir}/${unit}.d`)) if (e.isFile && e.name.endsWith('.conf')) add(`${dir}/${unit}.d/${e.name}`, 'systemd-unit');
    }
  }
  add('/etc/docker/daemon.json', 'daemon-json');
  for (const cf of configFilesFromUnits(files)) if (cf !== '/etc/docker/daemon.json') add(cf, 'daemon-json', true);

  for (const e of list('/etc/sysconfig')) if (e.isFile && /^docker[^.]*$/.test(e.name)) add(`/etc/sysconfig/${e.name}`, 'sysconfig-env');
  add('/etc/default/docker', 'sysconfig-env');

  add('/etc/crontab', 'crontab');
  for (const e of list('/etc/cron.d')) if (e.isFile && !e.name.startsWith('.') && !/\.(dpkg-[a-z]+|rpm[a-z]+|swp|bak)$|~$/.test(e.name)) add(`/etc/cron.d/${e.name}`, 'crontab');
  // /var/spool/cron/<user> (RHEL) and /var/spool/cron/crontabs/<user> (Debian): user crontabs, usually root-only.
  let cronCount = 0;
  const walkCron = (dir: string, depth: number) => {
    for (const e of list(dir)) {
      if (e.name.startsWith('.') || cronCount >= MAX_CRON_FILES) continue;
      const p = `${dir}/${e.name}`;
      if (e.isDir && depth < 3) walkCron(p, depth + 1);
      else if (e.isFile && !e.isDir) {
        cronCount++;
        add(p, 'crontab');
      }
    }
  };
  walkCron('/var/spool/cron', 0);
  return files;
}

/** `--config-file` values on the ExecStart= lines of the units. */
export function configFilesFromUnits(files: readonly HostFile[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    if (f.kind !== 'systemd-unit') continue;
    for (const line of execStartLines(f.text)) {
      const m = /--config-file(?:=|\s+)("?)(\/[^\s"]+)\1/.exec(line);
      if (m && !out.includes(m[2])) out.push(m[2]);
    }
  }
  return out;
}

/** ExecStart= values with continuation lines joined. */
export function execStartLines(text: string): string[] {
  const joined = text.replace(/\\\r?\n/g, ' ');
  const out: string[] = [];
  for (const line of joined.split(/\r?\n/)) {
    const m = /^\s*ExecStart\s*=\s*(.*)$/.exec(line);
    if (m && m[1].trim()) out.push(m[1]);
  }
  return out;
}

export interface DockerSettings {
  dataRoot: string;
  /** Where the data root came from. */
  dataRootFrom: string;
  storageDriver?: string;
  storageDriverFrom?: string;
  liveRestore?: boolean;
}

/** Data root and storage driver as configured: daemon.json first, then flags in ExecStart= and env files. */
export function dockerSettings(files: readonly HostFile[]): DockerSettings {
  const s: DockerSettings = { dataRoot: '/var/lib/docker', dataRootFrom: 'default' };
  const flagText: { text: string; from: string }[] = [];
  for (const f of files) {
    if (f.kind === 'systemd-unit') for (const l of execStartLines(f.text)) flagText.push({ text: l, from: f.hostPath });
    if (f.kind === 'sysconfig-env') flagText.push({ text: f.text, from: f.hostPath });
  }
  for (const { text, from } of flagText) {
    const root = /(?:--data-root|--graph|(?<![\w-])-g)(?:=|\s+)["']?(\/[^\s"']+)/.exec(text);
    if (root) Object.assign(s, { dataRoot: root[1], dataRootFrom: from });
    const drv = /(?:--storage-driver|(?<![\w-])-s)(?:=|\s+)["']?([\w-]+)/.exec(text);
    if (drv) Object.assign(s, { storageDriver: drv[1], storageDriverFrom: from });
    if (/--live-restore(?!=false)/.test(text)) s.liveRestore = true;
  }
  for (const f of files) {
    if (f.kind !== 'daemon-json') continue;
    const model = parseDaemonJson(f.text);
    const root = nodeValue(topLevelValue(model, 'data-root')) ?? nodeValue(topLevelValue(model, 'graph'));
    if (typeof root === 'string' && root.startsWith('/')) Object.assign(s, { dataRoot: root, dataRootFrom: f.hostPath });
    const drv = nodeValue(topLevelValue(model, 'storage-driver'));
    if (typeof drv === 'string' && drv) Object.assign(s, { storageDriver: drv, storageDriverFrom: f.hostPath });
    const lr = nodeValue(topLevelValue(model, 'live-restore'));
    if (typeof lr === 'boolean') s.liveRestore = lr;
  }
  s.dataRoot = s.dataRoot.length > 1 ? s.dataRoot.replace(/\/+$/, '') : s.dataRoot;
  return s;
}
