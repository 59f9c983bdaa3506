// The live state behind the hazards, read without writing anything and without starting any process: mounts of every
// mount namespace, the data root's filesystem, inode use, the storage driver's folders, hard-link counts of legacy
// overlay layers, overlay module parameters, /tmp's mount options.

import type { Severity } from '../core/finding';
import type { Host } from './host';
import type { Skipped } from './files';
import { coveringMounts, isLayerMount, mountOf, parseMountinfo, type MountEntry } from './mountinfo';

export interface HostFinding {
  id: string;
  severity: Severity;
  message: string;
  /** The host path the finding is about, when there is one. */
  path?: string;
  details: string[];
  /** Read-only commands that show the same thing. */
  confirm: string[];
  fix: string;
}

export interface LiveOptions {
  /** Report files with at least this many hard links (the ext4 limit is 65000). */
  linkThreshold: number;
  /** Stop the hard-link scan after this many entries. */
  maxScan: number;
  /** Stop reading processes after this many. */
  maxProcesses: number;
  /** Report inode use at or above this fraction. */
  inodeThreshold: number;
}

export const DEFAULT_LIVE_OPTIONS: LiveOptions = { linkThreshold: 60000, maxScan: 200_000, maxProcesses: 10_000, inodeThreshold: 0.9 };
export const EXT4_LINK_MAX = 65000;

export interface LiveFacts {
  /** Where a symlinked data root leads. */
  dataRootTarget?: string;
  backingFs?: string;
  backingMount?: string;
  backingSource?: string;
  dtype?: 'supported' | 'unsupported' | 'unknown';
  storageDriver?: string;
  storageDriverFrom?: string;
  blocksUsedPercent?: number;
  inodesUsedPercent?: number;
  dockerdPids: number[];
  overlayParams: Record<string, string>;
}

export interface LiveInput {
  dataRoot: string;
  configuredDriver?: string;
  configuredDriverFrom?: string;
}

interface Proc {
  pid: number;
  name: string;
}

const DRIVER_DIRS = ['overlay2', 'fuse-overlayfs', 'overlay', 'aufs', 'devicemapper', 'btrfs', 'zfs', 'vfs'];

export function runLiveChecks(host: Host, input: LiveInput, opts: LiveOptions, skipped: Skipped[]): { findings: HostFinding[]; facts: LiveFacts } {
  const findings: HostFinding[] = [];
  const facts: LiveFacts = { dockerdPids: [], overlayParams: {} };
  let { dataRoot } = input;
  // dockerd follows a symlinked data root and mounts layers below its target: so do the checks.
  const link = host.lstat(dataRoot);
  if (link.ok && link.value.isSymbolicLink()) {
    const target = host.resolvedHostPath(dataRoot);
    if (target) {
      facts.dataRootTarget = target;
      dataRoot = target;
    }
  }

  // Our own mount namespace: the backing filesystem and /tmp.
  const self = host.readText('/proc/self/mountinfo');
  const selfMounts = self.ok ? parseMountinfo(self.value) : [];
  if (!self.ok) skipped.push({ what: '/proc/self/mountinfo', reason: `${self.reason}: cannot tell the data root's filesystem, /tmp's options or mount leaks` });

  const dataRootStat = host.lstat(dataRoot);
  const dataRootExists = dataRootStat.ok;
  if (!dataRootExists) skipped.push({ what: dataRoot, reason: dataRootStat.missing ? 'the data root does not exist (Docker not installed here, or another data root): filesystem, inode and storage checks skipped' : `${dataRootStat.reason}: filesystem, inode and storage checks skipped` });

  if (self.ok && dataRootExists) checkBackingFs(host, selfMounts, dataRoot, input, facts, findings, skipped);
  if (dataRootExists) checkInodes(host, dataRoot, opts, facts, findings, skipped);
  if (self.ok) checkTmp(selfMounts, findings);
  checkOverlayParams(host, facts, findings, skipped);

  // Processes, dockerd among them, and what their mount namespaces hold.
  const procs = listProcesses(host, opts.maxProcesses, skipped);
  const dockerd = procs.filter((p) => p.name === 'dockerd');
  facts.dockerdPids = dockerd.map((p) => p.pid);
  let dockerdMounts: MountEntry[] | undefined;
  for (const d of dockerd) {
    const r = host.readText(`/proc/${d.pid}/mountinfo`);
    if (r.ok) dockerdMounts = [...(dockerdMounts ?? []), ...parseMountinfo(r.value)];
    else skipped.push({ what: `/proc/${d.pid}/mountinfo (dockerd)`, reason: r.reason });
  }
  if (procs.length && !dockerd.length) skipped.push({ what: 'leaked and covered layer mounts', reason: 'no dockerd process found: without its mount namespace a leaked mount cannot be told from a live one' });
  if (dockerdMounts) {
    checkLeaks(host, procs, dockerd, dockerdMounts, dataRoot, opts, findings, skipped);
    checkCovered(dockerdMounts, dataRoot, dockerd[0].pid, findings);
  }

  // The storage driver: configured, else what the data root holds, else what is mounted.
  facts.storageDriver = input.configuredDriver;
  facts.storageDriverFrom = input.configuredDriverFrom;
  const driverDirs = dataRootExists ? listDriverDirs(host, dataRoot, skipped) : undefined;
  if (!facts.storageDriver && driverDirs?.length) {
    facts.storageDriver = driverDirs[0];
    facts.storageDriverFrom = `${dataRoot}/${driverDirs[0]}/`;
  }
  if (!facts.storageDriver) {
    const mounted = (dockerdMounts ?? selfMounts).find((m) => isLayerMount(m.mountPoint, dataRoot));
    if (mounted) {
      facts.storageDriver = mounted.mountPoint.slice(dataRoot.length + 1).split('/')[0];
      facts.storageDriverFrom = 'layer mounts';
    }
  }
  if (driverDirs?.includes('overlay')) checkLinkCounts(host, dataRoot, facts, opts, findings, skipped);
  return { findings, facts };
}

function checkBackingFs(host: Host, mounts: MountEntry[], dataRoot: string, input: LiveInput, facts: LiveFacts, findings: HostFinding[], skipped: Skipped[]): void {
  const m = mountOf(mounts, dataRoot);
  if (!m) return;
  facts.backingFs = m.fsType;
  facts.backingMount = m.mountPoint;
  facts.backingSource = m.source;
  if (m.fsType !== 'xfs') {
    // ext4, btrfs, tmpfs and the other usual filesystems always fill in d_type.
    facts.dtype = ['ext4', 'ext3', 'btrfs', 'tmpfs', 'f2fs'].includes(m.fsType) ? 'supported' : 'unknown';
    return;
  }
  // xfs: d_type exists only when formatted with ftype=1. Mount options do not say; the superblock does.
  const sb = m.source.startsWith('/dev/') ? host.readBytes(m.source, 512) : undefined;
  if (!sb || !sb.ok) {
    facts.dtype = 'unknown';
    skipped.push({
      what: `d_type of the xfs filesystem at ${m.mountPoint}`,
      reason: `${sb ? `cannot read the superblock of ${m.source} (${sb.reason}; needs root)` : `${m.source} is not a block device path`}; run \`xfs_info ${m.mountPoint} | grep ftype\` (ftype=1 is needed)`,
    });
    return;
  }
  const ftype = xfsFtype(sb.value);
  if (ftype === undefined) {
    facts.dtype = 'unknown';
    skipped.push({ what: `d_type of the xfs filesystem at ${m.mountPoint}`, reason: `${m.source} does not start with an xfs superblock` });
    return;
  }
  facts.dtype = ftype ? 'supported' : 'unsupported';
  if (!ftype) {
    const driver = input.configuredDriver;
    findings.push({
      id: 'host-dtype-unsupported',
      severity: !driver || driver.startsWith('overlay') ? 'error' : 'warning',
      message: `The data root ${dataRoot} is on xfs (${m.source}, mounted at ${m.mountPoint}) formatted with ftype=0, so it has no d_type support; overlay2 refuses it ("the backing xfs filesystem is formatted without d_type support, which leads to incorrect behavior").`,
      path: dataRoot,
      details: [`superblock of ${m.source}: ftype=0`],
      confirm: [`xfs_info ${m.mountPoint} | grep ftype`],
      fix: 'Move the data root to a filesystem made with `mkfs.xfs -n ftype=1` (or ext4); ftype cannot be changed in place.',
    });
  }
}

/** From an xfs superblock: true when ftype=1, false when 0, undefined when this is not xfs. */
export function xfsFtype(sb: Buffer): boolean | undefined {
  if (sb.length < 208 || sb.toString('latin1', 0, 4) !== 'XFSB') return undefined;
  const version = sb.readUInt16BE(100) & 0x000f;
  if (version >= 5) return true; // v5 (crc) filesystems always have ftype
  const features2 = sb.readUInt32BE(200);
  return (features2 & 0x00000200) !== 0;
}

function checkInodes(host: Host, dataRoot: string, opts: LiveOptions, facts: LiveFacts, findings: HostFinding[], skipped: Skipped[]): void {
  const r = host.statfs(dataRoot);
  if (!r.ok) {
    skipped.push({ what: `inode use of ${dataRoot}`, reason: r.reason });
    return;
  }
  const s = r.value;
  if (s.blocks > 0) facts.blocksUsedPercent = Math.round(((s.blocks - s.bfree) / s.blocks) * 1000) / 10;
  if (s.files <= 0) {
    skipped.push({ what: `inode use of ${dataRoot}`, reason: 'the filesystem reports no inode count (it allocates inodes dynamically)' });
    return;
  }
  const used = (s.files - s.ffree) / s.files;
  facts.inodesUsedPercent = Math.round(used * 1000) / 10;
  if (used >= opts.inodeThreshold) {
    findings.push({
      id: 'host-inodes-low',
      severity: used >= 0.98 ? 'error' : 'warning',
      message: `The filesystem of ${dataRoot} has used ${facts.inodesUsedPercent}% of its inodes (${s.ffree} of ${s.files} left) while ${facts.blocksUsedPercent ?? '?'}% of its blocks are used: writes will fail with "No space left on device" although df -h shows space.`,
      path: dataRoot,
      details: [`inodes: ${s.files - s.ffree} used of ${s.files}`, `blocks: ${facts.blocksUsedPercent ?? '?'}% used`],
      confirm: [`df -i ${dataRoot}`, `df -h ${dataRoot}`],
      fix: 'Remove unused images and containers, stop using the legacy overlay driver, or move the data root to a filesystem with more inodes.',
    });
  }
}

function checkTmp(mounts: MountEntry[], findings: HostFinding[]): void {
  const tmp = mountOf(mounts, '/tmp');
  if (!tmp || tmp.mountPoint !== '/tmp' || !tmp.options.includes('noexec')) return;
  findings.push({
    id: 'host-tmp-noexec',
    severity: 'info',
    message: `/tmp is mounted noexec (${tmp.fsType}, ${tmp.options.join(',')}): self-extracting tools such as the docker-compose v1 binary fail with "failed to map segment from shared object" unless TMPDIR points elsewhere.`,
    path: '/tmp',
    details: [],
    confirm: ['findmnt -n -o OPTIONS /tmp'],
    fix: 'Set TMPDIR to an exec-able folder for those tools (also in cron and units), or use Compose v2 (`docker compose`).',
  });
}

function checkOverlayParams(host: Host, facts: LiveFacts, findings: HostFinding[], skipped: Skipped[]): void {
  const dir = '/sys/module/overlay/parameters';
  const list = host.readdir(dir);
  if (!list.ok) {
    skipped.push({ what: dir, reason: list.missing ? 'the overlay module is not loaded (or /sys is not mounted)' : list.reason });
    return;
  }
  for (const name of ['index', 'redirect_dir', 'metacopy', 'xino_auto']) {
    const r = host.readText(`${dir}/${name}`);
    if (r.ok) facts.overlayParams[name] = r.value.trim();
  }
  const p = facts.overlayParams;
  if (p.index === 'Y') {
    findings.push({
      id: 'host-overlay-module-params',
      severity: 'info',
      message: 'The overlay module defaults to index=on: Docker engines before 18.09 (which do not mount with index=off) fail to start containers with "error creating overlay mount to .../merged: device or resource busy" (kernel: "overlayfs: upperdir is in-use by another mount").',
      path: `${dir}/index`,
      details: ['index=Y'],
      confirm: [`cat ${dir}/index`, "dmesg | grep 'upperdir is in-use'"],
      fix: 'Upgrade Docker, or add `options overlay index=off` in /etc/modprobe.d/ (applied when the module is next loaded).',
    });
  }
  const naive = ['redirect_dir', 'metacopy'].filter((k) => p[k] === 'Y');
  if (naive.length) {
    findings.push({
      id: 'host-overlay-module-params',
      severity: 'info',
      message: `The overlay module has ${naive.map((k) => `${k}=on`).join(' and ')}: Docker's overlay2 then falls back to the slow naive diff ("Not using native diff for overlay2, this may cause degraded performance for building images").`,
      path: `${dir}/${naive[0]}`,
      details: naive.map((k) => `${k}=Y`),
      confirm: naive.map((k) => `cat ${dir}/${k}`),
      fix: 'Add `options overlay redirect_dir=off metacopy=off` in /etc/modprobe.d/ if image builds are slow.',
    });
  }
}

function listProcesses(host: Host, max: number, skipped: Skipped[]): Proc[] {
  const r = host.readdir('/proc');
  if (!r.ok) {
    skipped.push({ what: '/proc', reason: `${r.reason}: mount leaks and covered mounts not checked` });
    return [];
  }
  const out: Proc[] = [];
  for (const d of r.value) {
    if (!/^\d+$/.test(d.name)) continue;
    if (out.length >= max) {
      skipped.push({ what: '/proc', reason: `more than ${max} processes: only the first ${max} were read` });
      break;
    }
    const pid = Number(d.name);
    out.push({ pid, name: processName(host, pid) });
  }
  return out.sort((a, b) => a.pid - b.pid);
}

function processName(host: Host, pid: number): string {
  const comm = host.readText(`/proc/${pid}/comm`);
  if (comm.ok && comm.value.trim()) return comm.value.trim();
  const cmd = host.readText(`/proc/${pid}/cmdline`);
  if (cmd.ok) {
    const argv0 = cmd.value.split('\0')[0].trim().split(/\s+/)[0] ?? '';
    return argv0.slice(argv0.lastIndexOf('/') + 1);
  }
  return '';
}

function checkLeaks(host: Host, procs: Proc[], dockerd: Proc[], dockerdMounts: MountEntry[], dataRoot: string, opts: LiveOptions, findings: HostFinding[], skipped: Skipped[]): void {
  const live = new Set(dockerdMounts.filter((m) => isLayerMount(m.mountPoint, dataRoot)).map((m) => m.mountPoint));
  const dockerdPids = new Set(dockerd.map((p) => p.pid));
  const leaked = new Map<string, Proc[]>();
  const perNamespace = new Map<string, string[]>(); // mountinfo text -> layer mounts dockerd does not have
  let unreadable = 0;
  for (const p of procs) {
    if (dockerdPids.has(p.pid)) continue;
    const r = host.readText(`/proc/${p.pid}/mountinfo`);
    if (!r.ok) {
      if (!r.missing) unreadable++;
      continue;
    }
    let extra = perNamespace.get(r.value);
    if (!extra) {
      extra = parseMountinfo(r.value)
        .filter((m) => isLayerMount(m.mountPoint, dataRoot) && !live.has(m.mountPoint))
        .map((m) => m.mountPoint);
      perNamespace.set(r.value, [...new Set(extra)]);
      extra = perNamespace.get(r.value)!;
    }
    for (const mp of extra) {
      let holders = leaked.get(mp);
      if (!holders) leaked.set(mp, (holders = []));
      holders.push(p);
    }
  }
  if (unreadable) skipped.push({ what: 'mount namespaces', reason: `${unreadable} process${unreadable === 1 ? '' : 'es'}' mountinfo could not be read (permission denied; run as root to see them all)` });
  for (const [mp, holders] of [...leaked.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const shown = holders.slice(0, 5).map((h) => `${h.pid} (${h.name || '?'})`);
    findings.push({
      id: 'host-overlay-mount-leaked',
      severity: 'error',
      message: `The container layer ${mp} is still mounted in the mount namespace of ${holders.length === 1 ? 'process' : 'processes'} ${shown.join(', ')}${holders.length > 5 ? ` and ${holders.length - 5} more` : ''}, but not in dockerd's: removing its container fails with "device or resource busy" and Pods stay in Terminating.`,
      path: mp,
      details: holders.slice(0, 20).map((h) => `/proc/${h.pid}/mountinfo (${h.name || '?'})`),
      confirm: [`grep -l '${mp}' /proc/[0-9]*/mountinfo`],
      fix: 'Restart the processes that hold it (see the confirm command); if docker.service sets MountFlags=, remove it (rule live-restore-with-mountflags-slave).',
    });
  }
}

function checkCovered(mounts: MountEntry[], dataRoot: string, pid: number, findings: HostFinding[]): void {
  for (const { cover, covered } of coveringMounts(mounts, dataRoot)) {
    findings.push({
      id: 'host-overlay2-mount-covered',
      severity: 'error',
      message: `${cover.source} (${cover.fsType}) is mounted on ${cover.mountPoint} on top of ${covered.length} container layer mount${covered.length === 1 ? '' : 's'} made before it: dockerd can no longer unmount them ("invalid argument") and their containers cannot be removed.`,
      path: cover.mountPoint,
      details: covered.slice(0, 10).map((c) => `covered: ${c.mountPoint}`).concat(covered.length > 10 ? [`... and ${covered.length - 10} more`] : []),
      confirm: [`findmnt -R ${cover.mountPoint}`, `grep ' ${cover.mountPoint} ' /proc/${pid}/mountinfo`],
      fix: 'Stop docker and its containers, unmount the covering filesystem, then mount it before docker starts (or set data-root in daemon.json instead).',
    });
  }
}

function listDriverDirs(host: Host, dataRoot: string, skipped: Skipped[]): string[] | undefined {
  const r = host.readdir(dataRoot);
  if (!r.ok) {
    skipped.push({ what: `${dataRoot} (storage driver folders)`, reason: `${r.reason}; run as root to tell the storage driver from the data root` });
    return undefined;
  }
  const names = new Set(r.value.filter((d) => d.isDirectory()).map((d) => d.name));
  return DRIVER_DIRS.filter((d) => names.has(d));
}

function checkLinkCounts(host: Host, dataRoot: string, facts: LiveFacts, opts: LiveOptions, findings: HostFinding[], skipped: Skipped[]): void {
  const base = `${dataRoot}/overlay`;
  const hot = new Map<number, { path: string; nlink: number }>();
  let scanned = 0;
  let denied = 0;
  let truncated = false;
  const stack: string[] = [];
  const layers = host.readdir(base);
  if (!layers.ok) {
    skipped.push({ what: `${base} (hard-link counts)`, reason: layers.reason });
    return;
  }
  for (const l of layers.value) if (l.isDirectory()) stack.push(`${base}/${l.name}/root`);
  while (stack.length) {
    const dir = stack.pop()!;
    const r = host.readdir(dir);
    if (!r.ok) {
      if (!r.missing) denied++;
      continue;
    }
    for (const e of r.value) {
      if (++scanned > opts.maxScan) {
        truncated = true;
        break;
      }
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) {
        stack.push(p);
        continue;
      }
      if (!e.isFile()) continue;
      const st = host.lstat(p);
      if (st.ok && st.value.nlink >= opts.linkThreshold && !hot.has(st.value.ino)) hot.set(st.value.ino, { path: p, nlink: st.value.nlink });
    }
    if (truncated) break;
  }
  if (truncated) skipped.push({ what: `${base} (hard-link counts)`, reason: `stopped after ${opts.maxScan} entries; files further on were not checked` });
  if (denied) skipped.push({ what: `${base} (hard-link counts)`, reason: `${denied} folder${denied === 1 ? '' : 's'} could not be read (permission denied)` });
  const top = [...hot.values()].sort((a, b) => b.nlink - a.nlink);
  if (!top.length) return;
  const worst = top[0];
  findings.push({
    id: 'host-legacy-overlay-link-count',
    severity: worst.nlink >= EXT4_LINK_MAX ? 'error' : 'warning',
    message: `The legacy overlay storage driver has hard-linked ${worst.path} ${worst.nlink} times${facts.backingFs ? ` on ${facts.backingFs}` : ''}; ext4 allows 65000, after which pulls and builds fail with "too many links"${top.length > 1 ? ` (${top.length} files at or above ${opts.linkThreshold} links)` : ''}.`,
    path: worst.path,
    details: top.slice(0, 5).map((t) => `${t.nlink} links: ${t.path}`),
    confirm: [`stat -c 'links=%h inode=%i' ${worst.path}`, `find ${base} -xdev -inum "$(stat -c %i ${worst.path})" | wc -l`],
    fix: 'Switch to overlay2 ("storage-driver": "overlay2" in daemon.json); images must be pulled or rebuilt afterwards.',
  });
}

