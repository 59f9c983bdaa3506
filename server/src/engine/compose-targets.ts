// A YAML file that a `docker compose -f` of the workspace names is a compose file, whatever its name and even when
// its content alone would not say so (an override with no `image:`). Files are classified one by one first; this
// second pass reads the workspace's compose commands and takes in the YAML files they name.

import { looksLikeComposeChainFile } from '../parsers/classify';
import { composeFileTargets } from '../rules/compose/_launches';
import type { SourceFile } from '../model/rule';
import type { Workspace } from './workspace';

/**
 * Set the files the workspace's `-f` arguments name as compose files: among `candidates` (YAML files the first pass
 * left out), the ones that are not in the workspace yet and read as Compose's sections. `claimed` holds what an
 * earlier pass took in; a file no command names any more goes back to what its content says. Returns the paths
 * taken in and the paths given up.
 */
export function claimComposeFiles(ws: Workspace, candidates: ReadonlySet<string>, claimed: Set<string>, read: (path: string) => string | undefined): { added: SourceFile[]; dropped: string[] } {
  const targets = composeFileTargets(ws);
  const added: SourceFile[] = [];
  const dropped: string[] = [];
  for (const p of [...claimed]) {
    if (targets.has(p)) continue;
    claimed.delete(p);
    const f = ws.get(p);
    if (f && f.kind === 'compose' && !ws.set(p, f.text)) dropped.push(p);
  }
  for (const p of targets) {
    if (claimed.has(p) || !candidates.has(p) || ws.get(p)) continue;
    const text = read(p);
    if (text === undefined || !looksLikeComposeChainFile(text)) continue;
    const f = ws.set(p, text, 'compose');
    if (f) (claimed.add(p), added.push(f));
  }
  return { added, dropped };
}
