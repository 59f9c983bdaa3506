// gitignore-style path patterns (the `ignore` package implements git's matching rules).

import * as path from 'node:path';
import ignore from 'ignore';

/** A predicate for absolute paths: true when the path matches one of the patterns, relative to root. */
export function createPathFilter(root: string, patterns: readonly string[]): (absPath: string) => boolean {
  if (patterns.length === 0) return () => false;
  const ig = ignore().add([...patterns]);
  return (absPath: string) => {
    const rel = path.relative(root, absPath).split(path.sep).join('/');
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return false;
    return ig.ignores(rel);
  };
}
