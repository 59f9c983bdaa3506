// The workspace walker: finds the files shipshape lints below some paths. It honours .gitignore files (each in its
// own folder), skips .git and node_modules, skips binary and oversized files with a notice, and survives symlink
// loops, unreadable folders and files that vanish mid-walk. It never throws.

import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { classify, classifyPath, type FileKind } from '../parsers/classify';
import type { Notice } from '../core/finding';
import { DAEMON_KEY_NAMES } from '../knowledge/daemon-options';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
const SKIP_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn']);

export interface WalkedFile {
  path: string;
  text: string;
  kind: FileKind;
}

export interface WalkOptions {
  /** Extra gitignore-style patterns relative to `root` (from .shipshape.yaml). */
  ignore?: readonly string[];
  /** The folder patterns are relative to; defaults to the first path. */
  root?: string;
  /** Stop early (cancellation). */
  shouldStop?: () => boolean;
  /** Progress callback: files looked at so far. */
  onProgress?: (seen: number) => void;
}

export interface WalkResult {
  files: WalkedFile[];
  notices: Notice[];
  /** Files that were looked at (classified or not). */
  seen: number;
  /** YAML files read whose content is none of shipshape's kinds: a `docker compose -f` may still name them. */
  otherYaml: string[];
}

interface Scope {
  dir: string;
  ig: Ignore;
}

/** Decode bytes as UTF-8 text, or report why not. */
export function decodeText(buf: Buffer): { text?: string; reason?: string } {
  const probe = buf.subarray(0, 8192);
  if (probe.includes(0)) {
    // UTF-16 with a BOM is text (dockerd accepts a UTF-16LE daemon.json); anything else with NULs is binary.
    if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { text: buf.subarray(2).toString('utf16le') };
    if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { reason: 'UTF-16BE text is not supported' };
    return { reason: 'binary file' };
  }
  return { text: buf.toString('utf8') };
}

/**
 * What a walk finds, in the order a depth-first walk meets it. Folders and files are read in interleaved tasks; which
 * copy of a folder or file reached twice (through links) counts is decided afterwards, in that order, as a one-by-one
 * walk would.
 */
type Found =
  | { t: 'notice'; notice: Notice }
  | { t: 'file'; real?: string; file?: WalkedFile; notice?: Notice; otherYaml?: string }
  | { t: 'dir'; real: string; seen: number; items: Found[] };

/** At most `n` tasks at once. */
function limiter(n: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

export async function walk(paths: readonly string[], opts: WalkOptions = {}): Promise<WalkResult> {
  const root = path.resolve(opts.root ?? paths[0] ?? '.');
  const configIgnore = ignore().add([...(opts.ignore ?? [])]);
  // Folder links are followed only when they stay inside the folders being linted: a link to / must not walk the host.
  const realRoots: string[] = [];
  for (const p of paths) {
    try {
      realRoots.push(fs.realpathSync(path.resolve(p)));
    } catch {
      /* reported below */
    }
  }
  const insideRoots = (real: string) => realRoots.some((r) => real === r || real.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
  const io = limiter(64);
  // Each read is a synchronous call (far cheaper than a promise round trip through the thread pool for thousands of
  // small files); the walk still lets the event loop run every few milliseconds, so a server stays responsive and
  // shouldStop is seen.
  let lastBreath = Date.now();
  const breathe = async () => {
    if (Date.now() - lastBreath < 10) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    lastBreath = Date.now();
  };
  let looked = 0;
  const progress = () => {
    looked++;
    if (looked % 500 === 0) opts.onProgress?.(looked);
  };

  const noConfigIgnore = (opts.ignore ?? []).length === 0;
  const ignoredByConfig = (abs: string, isDir: boolean): boolean => {
    if (noConfigIgnore) return false;
    const rel = path.relative(root, abs).split(path.sep).join('/');
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return false;
    return configIgnore.ignores(isDir ? rel + '/' : rel);
  };

  // As in git, the .gitignore nearest to the path decides: a `!pattern` in a subfolder re-includes what a
  // pattern of a parent folder excluded.
  const ignoredByGit = (abs: string, isDir: boolean, scopes: Scope[]): boolean => {
    for (let k = scopes.length - 1; k >= 0; k--) {
      const s = scopes[k];
      const rel = path.relative(s.dir, abs).split(path.sep).join('/');
      if (!rel || rel.startsWith('..')) continue;
      const verdict = s.ig.test(isDir ? rel + '/' : rel);
      if (verdict.ignored) return true;
      if (verdict.unignored) return false;
    }
    return false;
  };

  /** `realHint`: the file's real path when the caller knows it (a plain file in a folder whose real path is known). */
  const readFile = async (abs: string, realHint?: string): Promise<Found | undefined> => {
    const posix = abs.split(path.sep).join('/');
    const verdict = classifyPath(posix);
    if (verdict === undefined) return undefined;
    return io(async (): Promise<Found> => {
      await breathe();
      let real = realHint;
      if (real === undefined) {
        try {
          real = fs.realpathSync.native(abs);
        } catch (e) {
          return { t: 'notice', notice: { file: abs, message: `skipped: ${describeError(e)}` } };
        }
      }
      const skipped = (message: string): Found => ({ t: 'file', real, notice: { file: abs, message } });
      let st: fs.Stats;
      try {
        st = fs.statSync(abs);
      } catch (e) {
        return skipped(`skipped: ${describeError(e)}`);
      }
      if (!st.isFile()) return { t: 'file', real };
      if (st.size > MAX_FILE_BYTES) return skipped(`skipped: file is larger than 5 MB (${(st.size / 1024 / 1024).toFixed(1)} MB)`);
      let buf: Buffer;
      try {
        buf = fs.readFileSync(abs);
      } catch (e) {
        return skipped(`skipped: ${describeError(e)}`);
      }
      const decoded = decodeText(buf);
      if (decoded.text === undefined) {
        // Only worth a notice when the name says it is one of ours; a binary blob with no extension is just not ours.
        return verdict !== 'sniff' ? skipped(`skipped: ${decoded.reason}`) : { t: 'file', real };
      }
      const kind = verdict === 'sniff' ? classify(posix, decoded.text, DAEMON_KEY_NAMES) : verdict;
      if (!kind && /\.ya?ml$/i.test(posix)) return { t: 'file', real, otherYaml: posix };
      return { t: 'file', real, file: kind ? { path: posix, text: decoded.text, kind } : undefined };
    });
  };

  const exists = (p: string): boolean => {
    try {
      fs.lstatSync(p);
      return true;
    } catch {
      return false;
    }
  };

  /** `ancestors`: real paths of the folders above, so a link back up (a loop) is not followed. */
  const walkDir = async (dir: string, scopes: Scope[], ancestors: readonly string[]): Promise<Found | undefined> => {
    if (opts.shouldStop?.()) return undefined;
    const opened = await io(async () => {
      await breathe();
      let real: string;
      try {
        real = fs.realpathSync.native(dir);
      } catch (e) {
        return { notice: { file: dir, message: `skipped folder: ${describeError(e)}` } };
      }
      if (ancestors.includes(real)) return {}; // a symlink loop
      if (!insideRoots(real)) return { notice: { file: dir, message: `skipped folder: it is a link to ${real}, outside the folders being linted` } };
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (e) {
        // Still a folder met: a second link to it is skipped like a second visit.
        return { real, notice: { file: dir, message: `skipped folder: ${describeError(e)}` } };
      }
      let here = scopes;
      const gi = entries.find((e) => e.name === '.gitignore' && (e.isFile() || e.isSymbolicLink()));
      if (gi) {
        try {
          const text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
          here = [...scopes, { dir, ig: ignore().add(text) }];
        } catch {
          /* unreadable .gitignore: walk as if absent */
        }
      }
      return { real, entries, here };
    });
    if (opened.notice && !opened.real) return { t: 'notice', notice: opened.notice };
    if (!opened.real) return undefined;
    if (!opened.entries) return { t: 'dir', real: opened.real, seen: 0, items: [{ t: 'notice', notice: opened.notice! }] };
    const { real, entries, here } = opened;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const below = [...ancestors, real];
    const pending: Promise<Found | undefined>[] = [];
    let seen = 0;
    for (const e of entries) {
      if (opts.shouldStop?.()) break;
      const abs = path.join(dir, e.name);
      // A name that is not UTF-8 comes back with U+FFFD in it, and no file has that name: say so, not "vanished".
      if (e.name.includes('\uFFFD') && !exists(abs)) {
        pending.push(Promise.resolve({ t: 'notice', notice: { file: abs, message: 'skipped: its name is not valid UTF-8, so it cannot be opened by the name shown' } }));
        continue;
      }
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const st = fs.statSync(abs);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue; // dangling link
        }
      }
      if (isDir) {
        if (SKIP_DIRS.has(e.name)) continue;
        if (ignoredByConfig(abs, true) || ignoredByGit(abs, true, here!)) continue;
        pending.push(walkDir(abs, here!, below));
      } else if (isFile) {
        seen++;
        progress();
        if (ignoredByConfig(abs, false) || ignoredByGit(abs, false, here!)) continue;
        pending.push(readFile(abs, e.isSymbolicLink() ? undefined : path.join(real, e.name)));
      }
    }
    const items = (await Promise.all(pending)).filter((x): x is Found => x !== undefined);
    return { t: 'dir', real, seen, items };
  };

  const found: Found[] = [];
  let seen = 0;
  for (const p of paths) {
    const abs = path.resolve(p);
    let st: fs.Stats;
    try {
      st = await fs.promises.stat(abs);
    } catch (e) {
      found.push({ t: 'notice', notice: { file: abs, message: `skipped: ${describeError(e)}` } });
      continue;
    }
    if (st.isDirectory()) {
      const d = await walkDir(abs, [], []);
      if (d) found.push(d);
    } else {
      seen++;
      // A file named explicitly is linted even when its name is not one shipshape recognises by itself.
      const verdict = classifyPath(abs.split(path.sep).join('/'));
      if (verdict === undefined) found.push({ t: 'notice', notice: { file: abs, message: 'skipped: not a file kind shipshape lints' } });
      else {
        const f = await readFile(abs);
        if (f) found.push(f);
      }
    }
  }

  // Replay in walk order: the first folder or file reached under a real path counts, later links to it do not.
  const files: WalkedFile[] = [];
  const notices: Notice[] = [];
  const otherYaml: string[] = [];
  const visitedDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const replay = (list: Found[]) => {
    for (const x of list) {
      if (x.t === 'notice') notices.push(x.notice);
      else if (x.t === 'file') {
        if (x.real !== undefined) {
          if (seenFiles.has(x.real)) continue;
          seenFiles.add(x.real);
        }
        if (x.notice) notices.push(x.notice);
        if (x.file) files.push(x.file);
        if (x.otherYaml) otherYaml.push(x.otherYaml);
      } else {
        if (visitedDirs.has(x.real)) continue;
        visitedDirs.add(x.real);
        seen += x.seen;
        replay(x.items);
      }
    }
  };
  replay(found);
  opts.onProgress?.(seen);
  return { files, notices, seen, otherYaml };
}

/** A file's text as the walk reads it; undefined when it is gone, too big or binary. */
export function readTextFile(p: string): string | undefined {
  try {
    const st = fs.statSync(p);
    if (!st.isFile() || st.size > MAX_FILE_BYTES) return undefined;
    return decodeText(fs.readFileSync(p)).text;
  } catch {
    return undefined;
  }
}

function describeError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'no such file (it may have been removed during the walk)';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return err.code ?? err.message ?? String(e);
  }
}
