// The set of files being linted, indexed by kind for cross-file rules, with parsed models cached per file version:
// the models of open documents are kept, of the other files only the most recently used few (a tree is many times
// the size of its text; what cross-file rules keep between edits are summaries, see model/queries.ts).

import * as fs from 'node:fs';
import { classify, FILE_KINDS, type FileKind } from '../parsers/classify';
import type { HostFs, SourceFile, WorkspaceView } from '../model/rule';
import { parsers, type Models, type PreviousParse } from '../parsers';
import { DAEMON_KEY_NAMES } from '../knowledge/daemon-options';
import { embeddedPath, isEmbedded, type EmbeddedFile } from '../core/embedded-files';
import { writtenTexts } from '../model/written';
import { isTemplatePath, maskTemplate, maskUnknownValues, templateInner } from '../core/template';
import { Queries } from '../model/queries';

export class Workspace implements WorkspaceView {
  private readonly byPath = new Map<string, SourceFile>();
  private readonly byKind = new Map<FileKind, SourceFile[]>();
  private readonly generations = new Map<FileKind, number>();
  /** Parsed models by path, least recently used first. */
  private readonly models = new Map<string, { version: number; kind: FileKind; text: string; model: unknown }>();
  /** How many models of files that are not open are kept. */
  readonly maxModels: number;
  private readonly isOpen: (path: string) => boolean;
  private nextVersion = 1;
  /** all() in path order, kept until a file is added or removed (a changed file is swapped in place). */
  private sorted?: SourceFile[];
  private sortedIndex?: Map<string, number>;
  /** The files each file writes (see embedded-files.ts), by host path, and each of them by its own path. */
  private readonly embedded = new Map<string, EmbeddedFile[]>();
  private readonly embeddedByPath = new Map<string, EmbeddedFile>();
  readonly queries = new Queries();

  /** The disk around the workspace, as rules read it; the linter records what each rule run read. */
  readonly fs: RecordingFs;

  constructor(
    readonly root: string,
    disk: HostFs = nodeHostFs,
    opts: ModelCacheOptions = {},
  ) {
    this.fs = new RecordingFs(disk);
    this.maxModels = opts.maxModels ?? DEFAULT_MAX_MODELS;
    this.isOpen = opts.isOpen ?? (() => false);
    for (const k of FILE_KINDS) this.generations.set(k, 0);
  }

  /** Add or replace a file. Without a kind the file is classified; returns undefined when it is not ours. */
  set(path: string, text: string, kind?: FileKind): SourceFile | undefined {
    const k = kind ?? classify(path, text, DAEMON_KEY_NAMES);
    const old = this.byPath.get(path);
    if (old && old.text === text && old.kind === k) return old;
    if (!k) {
      if (old) this.remove(path);
      return undefined;
    }
    // A changed text in place: the kind's list becomes a copy with the new file swapped in (no filter, no sort).
    const list = old?.kind === k ? this.byKind.get(k) : undefined;
    if (old) this.forget(old, true);
    const file: SourceFile = { path, text, kind: k, version: this.nextVersion++ };
    if (isTemplatePath(path)) {
      const template = maskTemplate(text, k);
      if (template.spans.length) file.template = template;
    }
    this.byPath.set(path, file);
    const at = old ? this.sortedIndex?.get(path) : undefined;
    if (at !== undefined && this.sorted) this.sorted[at] = file;
    else this.sorted = this.sortedIndex = undefined;
    const i = list ? indexByPath(list, path) : -1;
    if (list && i >= 0) {
      const next = list.slice();
      next[i] = file;
      this.byKind.set(k, next);
    } else this.byKind.delete(k);
    this.bump(k);
    this.refreshEmbedded(file);
    return file;
  }

  /** The files a workspace file writes, linted as files of their own kind. */
  embeddedOf(file: SourceFile): readonly EmbeddedFile[] {
    return this.embedded.get(file.path) ?? NONE;
  }

  /** The written file at a virtual path (`<host>::/etc/docker/daemon.json`). */
  embeddedFile(path: string): EmbeddedFile | undefined {
    return this.embeddedByPath.get(path);
  }

  /** Work out what a file writes; unchanged written files keep their objects, so their findings are kept too. */
  private refreshEmbedded(host: SourceFile | undefined, hostPath = host?.path ?? ''): void {
    const before = this.embedded.get(hostPath) ?? NONE;
    const found = host && !isEmbedded(host) ? writtenTexts(host, this) : [];
    if (before.length === 0 && found.length === 0) return;
    const seen = new Map<string, number>();
    const now: EmbeddedFile[] = found.map((w) => {
      const n = seen.get(w.writtenPath) ?? 0;
      seen.set(w.writtenPath, n + 1);
      const path = embeddedPath(hostPath, w.writtenPath, n);
      const old = before.find((b) => b.path === path);
      if (old && old.kind === w.kind && old.text === w.text && sameOffsets(old.embed.offsets, w.offsets) && old.embed.anchor === w.anchor) {
        old.embed.host = host!;
        old.embed.encode = w.encode;
        return old;
      }
      const file: EmbeddedFile = { path, text: w.text, kind: w.kind, version: this.nextVersion++, embed: { ...w, host: host! } };
      // The script's expansions are read as a template's values are: unknown, masked for the parse.
      const template = maskUnknownValues(w.text, w.unknown, w.kind);
      if (template) file.template = template;
      return file;
    });
    const changed = new Set<FileKind>();
    for (const b of before) if (!now.includes(b)) (changed.add(b.kind), this.embeddedByPath.delete(b.path), this.models.delete(b.path));
    for (const e of now) if (!before.includes(e)) (changed.add(e.kind), this.embeddedByPath.set(e.path, e));
    if (now.length) this.embedded.set(hostPath, now);
    else this.embedded.delete(hostPath);
    for (const k of changed) {
      this.byKind.delete(k);
      this.bump(k);
    }
  }

  remove(path: string): boolean {
    const old = this.byPath.get(path);
    if (!old) return false;
    this.byPath.delete(path);
    this.forget(old);
    this.sorted = this.sortedIndex = undefined;
    this.refreshEmbedded(undefined, path);
    return true;
  }

  /** `replaced`: a new version takes the file's place, and its parse may build on the old one (kept until then). */
  private forget(old: SourceFile, replaced = false): void {
    if (!replaced) this.models.delete(old.path);
    this.byKind.delete(old.kind);
    this.bump(old.kind);
  }

  get(path: string): SourceFile | undefined {
    return this.byPath.get(path);
  }

  all(): SourceFile[] {
    if (!this.sorted) {
      this.sorted = [...this.byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      this.sortedIndex = new Map(this.sorted.map((f, i) => [f.path, i]));
    }
    return this.sorted.slice();
  }

  get size(): number {
    return this.byPath.size;
  }

  files(kind: FileKind): SourceFile[] {
    let list = this.byKind.get(kind);
    if (!list) {
      list = [...this.byPath.values(), ...this.embeddedByPath.values()].filter((f) => f.kind === kind).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      this.byKind.set(kind, list);
    }
    return list;
  }

  /** A key that changes whenever any file of these kinds is added, changed or removed. */
  generationKey(kinds: readonly FileKind[]): string {
    return kinds.map((k) => this.generations.get(k) ?? 0).join('.');
  }

  parse<K extends keyof Models>(kind: K, file: SourceFile): Models[K] {
    const cached = this.models.get(file.path);
    if (cached && cached.version === file.version && cached.kind === kind) {
      // Most recently used last; a hit on the newest needs no move (a rule reads one file many times in a row).
      if (this.lastPath !== file.path) {
        this.models.delete(file.path);
        this.models.set(file.path, cached);
        this.lastPath = file.path;
      }
      return cached.model as Models[K];
    }
    this.misses++;
    // A template is parsed masked, under the name it renders to (`docker.service.j2` is a .service): same offsets.
    const text = file.template?.masked ?? file.text;
    // The file's last parse, for a parser that re-parses only what an edit touched.
    const previous = cached && cached.kind === kind ? { text: cached.text, model: cached.model as Models[K] } : undefined;
    const model = (parsers[kind] as (t: string, p: string, prev?: PreviousParse<Models[K]>) => Models[K])(text, templateInner(file.path) ?? file.path, previous);
    // Only files in the workspace are cached: a rule may parse a scratch file it built.
    if (this.byPath.get(file.path) === file || this.embeddedByPath.get(file.path) === file) {
      this.models.delete(file.path);
      this.models.set(file.path, { version: file.version, kind, text, model });
      this.lastPath = file.path;
      // During a lint every model stays (file rules and then each cross-file rule read the same files): the bound
      // is kept when the lint is over.
      if (this.holdDepth === 0 && this.models.size > this.maxModels) this.evict();
    }
    return model;
  }

  /** Run a lint: every model parsed meanwhile is kept until release(). */
  holdWhile<T>(fn: () => T): T {
    this.holdDepth++;
    try {
      return fn();
    } finally {
      this.holdDepth--;
    }
  }

  /** The lint is over: back down to the open documents and the recent few, and the lint-scoped queries dropped. */
  release(): void {
    this.queries.endLint();
    if (this.holdDepth === 0 && this.models.size > this.maxModels) this.evict();
  }

  /** Drop the least recently used models of files that are not open, down to `maxModels` of them. */
  private evict(): void {
    const candidates: string[] = [];
    for (const path of this.models.keys()) if (!this.isOpen(path)) candidates.push(path);
    for (let i = 0, over = candidates.length - this.maxModels; i < candidates.length && over > 0; i++) {
      if (candidates[i] === this.lastPath) continue;
      this.models.delete(candidates[i]);
      over--;
    }
  }

  private lastPath: string | undefined;
  private holdDepth = 0;
  /** Parses that found no cached model (for the bench). */
  misses = 0;

  /** How many models are kept now (for the bench and tests). */
  get modelCount(): number {
    return this.models.size;
  }

  private bump(kind: FileKind): void {
    this.generations.set(kind, (this.generations.get(kind) ?? 0) + 1);
  }
}

const NONE: readonly EmbeddedFile[] = [];

export interface ModelCacheOptions {
  /** Models kept of files that are not open (least recently used go first). */
  maxModels?: number;
  /** Whether a path is an open document: its model is kept whatever else is parsed. */
  isOpen?: (path: string) => boolean;
}

/**
 * Models kept of files that are not open, between lints (the editor's bound; the CLI keeps every model for its one
 * lint). What the cross-file rules worked out is kept per file, project and host, so an edit parses only what it
 * changed: a bound costs no parses between lints. (10k bench workspace, after its first lint: heap 116 MB with 256
 * models kept, 293 MB with all 8,000; one parse per edit either way.)
 */
export const DEFAULT_MAX_MODELS = 256;

/** The position of a path in a list sorted by path, or -1. */
function indexByPath(list: readonly SourceFile[], path: string): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = list[mid].path;
    if (p === path) return mid;
    if (p < path) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function sameOffsets(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A view of the disk that notes each path asked about while `reads` is set: the linter sets it around a rule run, so
 * a file changing on disk that a rule read (a `.dockerignore`, a mounted nginx config) re-runs just that rule.
 */
export class RecordingFs implements HostFs {
  reads: Set<string> | undefined;
  constructor(private readonly disk: HostFs) {}
  exists(p: string): boolean {
    this.reads?.add(p);
    return this.disk.exists(p);
  }
  isDirectory(p: string): boolean {
    this.reads?.add(p);
    return this.disk.isDirectory(p);
  }
  readText(p: string): string | undefined {
    this.reads?.add(p);
    return this.disk.readText(p);
  }
  readdir(p: string): string[] {
    // A folder's listing changes with any file added to it or removed: the folder itself is what was read.
    this.reads?.add(p.endsWith('/') ? p : p + '/');
    return this.disk.readdir(p);
  }
  size(p: string): number | undefined {
    this.reads?.add(p);
    return this.disk.size(p);
  }
}

/** statSync without the thrown error for a missing path (most paths the rules ask about are missing): no stack trace made. */
const NO_THROW = { throwIfNoEntry: false } as const;

/** The real disk, read-only. Every call swallows errors: an unreadable path is simply absent. */
export const nodeHostFs: HostFs = {
  exists(p) {
    // No Stats object made (a present path costs a fifth of a stat).
    return fs.existsSync(p);
  },
  isDirectory(p) {
    try {
      return fs.statSync(p, NO_THROW)?.isDirectory() ?? false;
    } catch {
      return false;
    }
  },
  readText(p) {
    try {
      const st = fs.statSync(p, NO_THROW);
      if (!st || !st.isFile() || st.size > 5 * 1024 * 1024) return undefined;
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
  readdir(p) {
    try {
      return fs.readdirSync(p).sort();
    } catch {
      return [];
    }
  },
  size(p) {
    try {
      return fs.statSync(p, NO_THROW)?.size;
    } catch {
      return undefined;
    }
  },
};
