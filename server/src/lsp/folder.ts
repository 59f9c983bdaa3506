// One workspace folder as the server sees it: an engine Workspace + Linter over the folder's files, where open
// documents override what is on disk. The config is `.shipshape.yaml` (nearest one at or above the root) with the
// editor settings for that folder layered over it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { classifyPath } from '../parsers/classify';
import { defaultConfig, findConfigFile, loadConfigFile, mergeConfig, type Config } from '../engine/config';
import type { Notice } from '../core/finding';
import { loadHadolintConfig } from '../engine/hadolint-config';
import { Linter } from '../engine/lint';
import type { Rule } from '../model/rule';
import { parseVersion } from '../core/version';
import { walk, decodeText, MAX_FILE_BYTES } from '../engine/walk';
import { Workspace } from '../engine/workspace';
import type { Settings } from '../protocol/settings';

export class Folder {
  readonly workspace: Workspace;
  readonly linter: Linter;
  /** `.shipshape.yaml` as read from disk (or defaults), before settings. */
  private fileConfig: Config = defaultConfig();
  configFile: string | undefined;
  notices: Notice[] = [];
  private configKey = '';
  /** Paths whose text comes from an open document, not from disk. */
  readonly open = new Set<string>();
  /** Resolves when the start-up read of the folder is done. */
  ready: Promise<void> = Promise.resolve();

  constructor(
    /** Absolute path with `/` separators; '' for documents outside every folder. */
    readonly root: string,
    readonly uri: string | undefined,
    rules: readonly Rule[],
  ) {
    // Open documents keep their parsed models; of the rest only a few recently used are kept.
    this.workspace = new Workspace(root || '/', undefined, { isOpen: (p) => this.open.has(p) });
    this.linter = new Linter(this.workspace, defaultConfig(), rules);
    this.reloadConfigFile();
  }

  /** Read `.shipshape.yaml` again. Returns true when it changed what the linter uses. */
  reloadConfigFile(): void {
    if (!this.root) return;
    this.configFile = findConfigFile(this.root);
    if (this.configFile) {
      const loaded = loadConfigFile(this.configFile);
      this.fileConfig = loaded.config;
      this.notices = loaded.notices;
    } else {
      this.fileConfig = defaultConfig();
      this.notices = [];
    }
    // hadolint's config in the folder the shipshape config lives in (or the root), as the CLI reads it.
    const hadolint = loadHadolintConfig(this.configFile ? path.dirname(this.configFile) : this.root);
    if (hadolint.settings) this.fileConfig = { ...this.fileConfig, hadolint: hadolint.settings };
    this.notices = [...this.notices, ...hadolint.notices];
    this.configKey = ''; // force applySettings to set the config again
  }

  /** The config the linter uses: the file's, with the settings over it. Clears the linter's caches only on change. */
  applySettings(settings: Settings): Config {
    const override: Partial<Config> = {};
    if (Object.keys(settings.rules).length) override.rules = Object.fromEntries(Object.entries(settings.rules).map(([id, severity]) => [id, { severity }]));
    const v = parseVersion(settings.dockerVersion);
    if (v) override.dockerVersion = v;
    const config = mergeConfig(this.fileConfig, override);
    const key = JSON.stringify(config);
    if (key !== this.configKey) {
      this.configKey = key;
      this.linter.setConfig(config);
    }
    return config;
  }

  get config(): Config {
    return this.linter.getConfig();
  }

  /** The folder the config lives in: where the config's ignore patterns are relative to. */
  get configRoot(): string {
    return this.configFile ? path.dirname(this.configFile).split(path.sep).join('/') : this.root;
  }

  /**
   * Read every file of ours below the root (honouring .gitignore, the config's `ignore:` and `exclude`), without
   * overriding open documents. Returns the paths read, and the notices of what was skipped (too big, binary,
   * unreadable, a link out of the folder).
   */
  async readDisk(opts: { exclude?: string[]; shouldStop?: () => boolean; onProgress?: (seen: number) => void } = {}): Promise<{ paths: string[]; removed: string[]; notices: Notice[]; cancelled: boolean }> {
    if (!this.root) return { paths: [], removed: [], notices: [], cancelled: false };
    let stopped = false;
    const walked = await walk([this.root], {
      root: this.configRoot,
      ignore: [...this.config.ignore, ...(opts.exclude ?? [])],
      shouldStop: () => (stopped = stopped || !!opts.shouldStop?.()),
      onProgress: opts.onProgress,
    });
    if (stopped) return { paths: [], removed: [], notices: [], cancelled: true };
    const seen = new Set<string>();
    for (const f of walked.files) {
      seen.add(f.path);
      if (!this.open.has(f.path)) this.workspace.set(f.path, f.text, f.kind);
    }
    const removed: string[] = [];
    // Files no longer on disk (or now excluded) leave the workspace, unless a document holds them open.
    for (const f of this.workspace.all()) {
      if (!seen.has(f.path) && !this.open.has(f.path) && !fs.existsSync(f.path)) {
        this.workspace.remove(f.path);
        removed.push(f.path);
      }
    }
    return { paths: walked.files.map((f) => f.path), removed, notices: walked.notices, cancelled: false };
  }

  /** A file changed on disk (watcher): read it again unless a document holds it. Returns true when the workspace changed. */
  refreshFromDisk(p: string): boolean {
    if (this.open.has(p)) return false;
    const verdict = classifyPath(p);
    if (verdict === undefined) return false;
    let text: string | undefined;
    try {
      const st = fs.statSync(p);
      if (st.isFile() && st.size <= MAX_FILE_BYTES) text = decodeText(fs.readFileSync(p)).text;
    } catch {
      text = undefined;
    }
    if (text === undefined) return this.workspace.remove(p);
    const before = this.workspace.get(p);
    const after = this.workspace.set(p, text);
    return before !== after;
  }

  /** A document closed: its path goes back to what is on disk (or leaves the workspace). */
  closeDocument(p: string): void {
    this.open.delete(p);
    if (!this.root || !p.startsWith('/')) {
      this.workspace.remove(p);
      return;
    }
    this.refreshFromDisk(p);
  }
}
