// Files changed on disk (the client's file watcher): which folders must reload their configuration, and which files
// of each folder changed, went or have rules that read the changed path. Workspace texts are brought up to date here;
// open documents keep their own text.
import { FileChangeType, type FileEvent } from 'vscode-languageserver/node';
import { CONFIG_FILE_NAMES } from '../engine/config';
import { HADOLINT_CONFIG_NAMES } from '../engine/hadolint-config';
import type { SourceFile } from '../model/rule';
import type { DocumentPaths } from './documents';
import type { Folder } from './folder';
import type { Folders } from './folders';

export interface DiskChanges {
  /** Folders whose `.shipshape.yaml` or hadolint config changed. */
  reload: Set<Folder>;
  /** Per folder, the files to lint again with what they tie to. */
  touched: Map<Folder, SourceFile[]>;
  /** URIs whose diagnostics go: their files are gone. */
  gone: string[];
}

export function applyDiskChanges(changes: readonly FileEvent[], folders: Folders, paths: DocumentPaths): DiskChanges {
  const out: DiskChanges = { reload: new Set(), touched: new Map(), gone: [] };
  const touch = (folder: Folder, f: SourceFile) => {
    const list = out.touched.get(folder);
    if (list) list.push(f);
    else out.touched.set(folder, [f]);
  };
  for (const ch of changes) {
    const p = paths.pathOf(ch.uri);
    const folder = folders.of(p);
    if (folder === folders.loose) continue;
    const base = p.slice(p.lastIndexOf('/') + 1);
    if (CONFIG_FILE_NAMES.includes(base) || HADOLINT_CONFIG_NAMES.includes(base)) {
      out.reload.add(folder);
      continue;
    }
    // Files whose rules read this path from the disk (a .dockerignore, a build context) are worked out again.
    for (const r of folder.linter.readersOf(p)) {
      const f = folder.workspace.get(r);
      if (f) touch(folder, f);
    }
    const before = folder.workspace.get(p);
    if (ch.type === FileChangeType.Deleted) {
      if (folder.open.has(p) || !folder.workspace.remove(p)) continue;
      out.gone.push(ch.uri);
      if (before) touch(folder, before);
      continue;
    }
    if (!folder.refreshFromDisk(p)) continue;
    const after = folder.workspace.get(p);
    if (after) touch(folder, after);
    else if (before) {
      out.gone.push(ch.uri);
      touch(folder, before);
    }
  }
  return out;
}
