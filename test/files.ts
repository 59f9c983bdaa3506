// The files under a folder whose names pass a test, for the suites that check every file of a kind.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function filesUnder(dir: string, keep: (name: string) => boolean, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) filesUnder(p, keep, out);
    else if (keep(e.name)) out.push(p);
  }
  return out;
}
