// Read-only access to a host below a root folder ("/" for the real host, a fixture tree in tests). Every call takes a
// host path ("/etc/docker/daemon.json"), never throws, and says why something could not be read. Nothing here writes,
// and nothing starts a process.

import * as fs from 'node:fs';
import * as path from 'node:path';

export interface StatfsInfo {
  blocks: number;
  bfree: number;
  bavail: number;
  files: number;
  ffree: number;
}

export type Read<T> = { ok: true; value: T } | { ok: false; reason: string; missing: boolean };

export class Host {
  constructor(
    readonly root: string,
    private readonly statfsImpl?: (realPath: string) => StatfsInfo,
  ) {}

  /** The path on this machine's disk of a host path. */
  real(hostPath: string): string {
    return this.root === '/' ? hostPath : path.join(this.root, hostPath);
  }

  /** The resolved path on this machine's disk (symlinks followed), or the plain one when it cannot be resolved. */
  resolved(hostPath: string): string {
    try {
      return fs.realpathSync(this.real(hostPath));
    } catch {
      return this.real(hostPath);
    }
  }

  /** The host path a path resolves to (symlinks followed), or undefined when it leads outside the root or nowhere. */
  resolvedHostPath(hostPath: string): string | undefined {
    try {
      const real = fs.realpathSync(this.real(hostPath));
      const rootReal = fs.realpathSync(this.root);
      if (rootReal === '/') return real;
      const rel = path.relative(rootReal, real);
      if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
      return '/' + rel.split(path.sep).join('/');
    } catch {
      return undefined;
    }
  }

  readText(hostPath: string, maxBytes = 5 * 1024 * 1024): Read<string> {
    try {
      const p = this.real(hostPath);
      const st = fs.statSync(p);
      if (!st.isFile()) return { ok: false, reason: st.isCharacterDevice() && fs.realpathSync(p) === '/dev/null' ? 'masked (a link to /dev/null)' : 'not a regular file', missing: false };
      // /proc files report size 0: read them whole, they are small.
      if (st.size > maxBytes) return { ok: false, reason: `larger than ${Math.round(maxBytes / 1024 / 1024)} MB`, missing: false };
      return { ok: true, value: fs.readFileSync(p, 'utf8') };
    } catch (e) {
      return fail(e);
    }
  }

  readBytes(hostPath: string, length: number): Read<Buffer> {
    let fd: number | undefined;
    try {
      fd = fs.openSync(this.real(hostPath), fs.constants.O_RDONLY);
      const buf = Buffer.alloc(length);
      const n = fs.readSync(fd, buf, 0, length, 0);
      return { ok: true, value: buf.subarray(0, n) };
    } catch (e) {
      return fail(e);
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  readdir(hostPath: string): Read<fs.Dirent[]> {
    try {
      return { ok: true, value: fs.readdirSync(this.real(hostPath), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
    } catch (e) {
      return fail(e);
    }
  }

  lstat(hostPath: string): Read<fs.Stats> {
    try {
      return { ok: true, value: fs.lstatSync(this.real(hostPath)) };
    } catch (e) {
      return fail(e);
    }
  }

  statfs(hostPath: string): Read<StatfsInfo> {
    try {
      const p = this.real(hostPath);
      if (this.statfsImpl) return { ok: true, value: this.statfsImpl(p) };
      const s = fs.statfsSync(p);
      return { ok: true, value: { blocks: s.blocks, bfree: s.bfree, bavail: s.bavail, files: s.files, ffree: s.ffree } };
    } catch (e) {
      return fail(e);
    }
  }
}

function fail(e: unknown): { ok: false; reason: string; missing: boolean } {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { ok: false, reason: 'does not exist', missing: true };
    case 'EACCES':
    case 'EPERM':
      return { ok: false, reason: 'permission denied', missing: false };
    default:
      return { ok: false, reason: err.code ?? err.message ?? String(e), missing: false };
  }
}
