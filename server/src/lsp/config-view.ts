// The problems of each folder's `.shipshape.yaml`, shown on that file (pushed, as the file is not linted itself).
import * as fs from 'node:fs';
import { configDiagnostics } from './config-diagnostics';
import type { DocumentPaths } from './documents';
import type { Folder } from './folder';
import type { Publisher } from './publish';

export interface OpenText {
  text: string;
  version: number;
}

export class ConfigView {
  /** Per folder, the config file URI whose problems are on show. */
  private readonly shown = new Map<Folder, string>();

  constructor(
    private readonly publisher: Publisher,
    private readonly paths: DocumentPaths,
    /** The open document at a path, if it is open. */
    private readonly openAt: (path: string) => OpenText | undefined,
  ) {}

  /**
   * Show the problems of a folder's `.shipshape.yaml` on that file. With `onlyFor`, only when it is that file.
   * Returns whether the file was the folder's config file.
   */
  show(folder: Folder, onlyFor?: string): boolean {
    const file = folder.configFile?.split('\\').join('/');
    if (onlyFor !== undefined && file !== onlyFor) return false;
    const before = this.shown.get(folder);
    const uri = file ? this.paths.uriOf(file) : undefined;
    if (before && before !== uri) this.publisher.clear(before);
    if (!file || !uri) {
      this.shown.delete(folder);
      return true;
    }
    const doc = this.openAt(file);
    let text = doc?.text;
    if (text === undefined) {
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        text = '';
      }
    }
    this.shown.set(folder, uri);
    this.publisher.showPlain(uri, doc?.version ?? null, configDiagnostics(text, folder.notices));
    this.publisher.flush();
    return true;
  }
}
