// /proc/<pid>/mountinfo, parsed (proc(5)): one mount per line,
//   36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
//   id parent major:minor root mount-point mount-options [optional fields...] - fstype source super-options
// Paths escape space, tab, newline and backslash as octal (\040). Lines that do not parse are skipped.

export interface MountEntry {
  id: number;
  parent: number;
  device: string;
  root: string;
  mountPoint: string;
  options: string[];
  optional: string[];
  fsType: string;
  source: string;
  superOptions: string[];
  /** Position in the file: later entries were mounted later and sit on top of earlier ones at the same path. */
  index: number;
}

function unescapeOctal(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

export function parseMountinfo(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const f = line.trim().split(/\s+/);
    const dash = f.indexOf('-', 6);
    if (f.length < 10 || dash < 0 || dash + 2 >= f.length) continue;
    const id = Number(f[0]);
    const parent = Number(f[1]);
    if (!Number.isInteger(id) || !Number.isInteger(parent)) continue;
    out.push({
      id,
      parent,
      device: f[2],
      root: unescapeOctal(f[3]),
      mountPoint: unescapeOctal(f[4]),
      options: f[5].split(','),
      optional: f.slice(6, dash),
      fsType: f[dash + 1],
      source: unescapeOctal(f[dash + 2]),
      superOptions: (f[dash + 3] ?? '').split(',').filter(Boolean),
      index: out.length,
    });
  }
  return out;
}

/** Whether `p` is `dir` or below it (paths with `/`, no trailing slash except the root). */
export function isUnder(p: string, dir: string): boolean {
  if (dir === '/') return p.startsWith('/');
  return p === dir || p.startsWith(dir + '/');
}

/** The mount a path lives on: the longest mount point above it, the latest one when several are stacked. */
export function mountOf(mounts: readonly MountEntry[], p: string): MountEntry | undefined {
  let best: MountEntry | undefined;
  for (const m of mounts) {
    if (!isUnder(p, m.mountPoint)) continue;
    if (!best || m.mountPoint.length > best.mountPoint.length || (m.mountPoint.length === best.mountPoint.length && m.index > best.index)) best = m;
  }
  return best;
}

/** Container layer mounts (`<data-root>/overlay2/<id>/merged`, also legacy overlay and fuse-overlayfs). */
export function isLayerMount(mountPoint: string, dataRoot: string): boolean {
  const root = dataRoot === '/' ? '' : dataRoot;
  if (!mountPoint.startsWith(root + '/')) return false;
  const rest = mountPoint.slice(root.length + 1).split('/');
  return rest.length === 3 && (rest[0] === 'overlay2' || rest[0] === 'overlay' || rest[0] === 'fuse-overlayfs') && rest[2] === 'merged';
}

/**
 * Mounts that hide layer mounts: a mount M at the data root or at <data-root>/<driver> with layer mounts below its
 * mount point that are not its descendants. Such a layer was mounted before M and is now covered by it.
 */
export function coveringMounts(mounts: readonly MountEntry[], dataRoot: string): { cover: MountEntry; covered: MountEntry[] }[] {
  const byId = new Map(mounts.map((m) => [m.id, m]));
  const descendsFrom = (m: MountEntry, ancestor: number): boolean => {
    let cur: MountEntry | undefined = m;
    for (let hops = 0; cur && hops < 64; hops++) {
      if (cur.parent === ancestor) return true;
      if (cur.parent === cur.id) return false;
      cur = byId.get(cur.parent);
    }
    return false;
  };
  const root = dataRoot === '/' ? '' : dataRoot;
  const candidates = new Set([dataRoot, `${root}/overlay2`, `${root}/overlay`, `${root}/fuse-overlayfs`]);
  const out: { cover: MountEntry; covered: MountEntry[] }[] = [];
  for (const m of mounts) {
    if (!candidates.has(m.mountPoint)) continue;
    const covered = mounts.filter((c) => c !== m && isLayerMount(c.mountPoint, dataRoot) && isUnder(c.mountPoint, m.mountPoint) && !descendsFrom(c, m.id));
    if (covered.length) out.push({ cover: m, covered });
  }
  return out;
}
