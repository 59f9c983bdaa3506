// Paths with `/` separators, as the workspace names its files.

export function basename(p: string): string {
  const t = p.replace(/\/+$/, '');
  return t.slice(t.lastIndexOf('/') + 1);
}

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '/' : '.') : p.slice(0, i);
}

/** Join and normalise `a/b/../c` paths with `/` separators. */
export function joinPath(dir: string, rel: string): string {
  const abs = rel.startsWith('/') ? rel : `${dir}/${rel}`;
  const out: string[] = [];
  for (const part of abs.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return (abs.startsWith('/') ? '/' : '') + out.join('/');
}
