// URI <-> path, in one place. Engine paths are absolute with `/` separators; documents that are not files (untitled:)
// keep their URI as their path, so they are linted but never matched with a file on disk.
import { fileURLToPath, pathToFileURL } from 'node:url';

export function uriToPath(uri: string): string {
  if (typeof uri !== 'string') return String(uri); // a malformed message must not take the server down
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri).replace(/\\/g, '/');
  } catch {
    return uri;
  }
}

export function pathToUri(path: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) && !/^[a-z]:[\\/]/i.test(path)) return path;
  return pathToFileURL(path).href;
}

/** Whether `path` is `dir` or below it. */
export function isUnder(path: string, dir: string): boolean {
  if (dir === '/') return path.startsWith('/');
  return path === dir || path.startsWith(dir.endsWith('/') ? dir : dir + '/');
}
