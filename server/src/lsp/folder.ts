// One workspace folder as the server sees it: an engine Workspace + Linter over the folder's files, where open
// documents override what is on disk. The config is `.shipshape.yaml` (nearest one at or above the root) with the
// editor settings for that folder layered over it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { classifyPath, looksLikeComposeChainFile } from '../parsers/classify';
import { defaultConfig, findConfigFile, loadConfigFile, mergeConfig, type Config } from '../engine/config';
import type { Notice } from '../core/finding';
import { loadHadolintConfig } from '../engine/hadolint-config';
import { Linter } from '../engine/lint';
import type { Rule } from '../model/rule';
import { parseVersion } from '../core/version';
import { walk, decodeText, readTextFile, MAX_FILE_BYTES } from '../engine/walk';
import { claimComposeFiles } from '../engine/compose-targets';
import { LAUNCHER_KINDS } from '../rules/compose/_launches';
import type { SourceFile } from '../model/rule';
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
  /** YAML files of the folder that are none of our kinds by themselves (on disk, or open), and their open texts. */
  private readonly otherYaml = new Set<string>();
  private readonly openOther = new Map<string, string>();
  /** The YAML files taken in as compose files because a `docker compose -f` names them. */
  private readonly claimed = new Set<string>();
  /** Paths that left the workspace when no command named them any more: their diagnostics go. */
  private dropped: string[] = [];
  /** Resolves when the start-up read of the folder is done. */
  ready: Promise<void> = Promise.resolve();

  constructor(
    /** Absolute path with `/` separators; '' for documents outside every folder. */
    readonly root: string,
    readonly uri: string | undefined,
    rules: readonly Rule[],
  ) {
    // Every parsed model is kept (see DEFAULT_MAX_MODELS); open documents are marked for when a bound is set.
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
    this.otherYaml.clear();
    for (const p of walked.otherYaml) (this.otherYaml.add(p), seen.add(p));
    for (const p of this.openOther.keys()) this.otherYaml.add(p);
    for (const f of this.claimComposeFiles()) seen.add(f.path);
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
    if (text === undefined) {
      this.otherYaml.delete(p);
      return this.workspace.remove(p);
    }
    const before = this.workspace.get(p);
    const after = this.setText(p, text);
    return before !== after;
  }

  /** An open document's text: classified as on disk, or as compose when a `docker compose -f` names it. */
  setDocument(p: string, text: string): SourceFile | undefined {
    this.open.add(p);
    return this.setText(p, text);
  }

  private setText(p: string, text: string): SourceFile | undefined {
    const before = this.workspace.get(p);
    const claimed = this.claimed.has(p) && looksLikeComposeChainFile(text);
    if (!claimed) this.claimed.delete(p);
    const after = this.workspace.set(p, text, claimed ? 'compose' : undefined);
    if (!after && /\.ya?ml$/i.test(p)) {
      this.otherYaml.add(p);
      if (this.open.has(p)) this.openOther.set(p, text);
    } else this.openOther.delete(p);
    const launcher = (f: SourceFile | undefined) => !!f && (LAUNCHER_KINDS as readonly string[]).includes(f.kind);
    // A changed compose command may name other files; a new YAML file may be one a command names.
    if (launcher(before) || launcher(after) || (!after && this.otherYaml.has(p))) this.claimComposeFiles();
    return this.workspace.get(p);
  }

  /** Take in (or give up) the YAML files the folder's compose commands name. */
  private claimComposeFiles(): SourceFile[] {
    const openTexts = new Map<string, string>();
    for (const p of this.claimed) if (this.open.has(p)) openTexts.set(p, this.workspace.get(p)?.text ?? '');
    const r = claimComposeFiles(this.workspace, this.otherYaml, this.claimed, (p) => this.openOther.get(p) ?? readTextFile(p));
    for (const p of r.added) this.openOther.delete(p.path);
    // An open document given up keeps its text for when a command names it again.
    for (const p of r.dropped) if (openTexts.has(p)) this.openOther.set(p, openTexts.get(p)!);
    this.dropped.push(...r.dropped);
    return r.added;
  }

  /** The paths that left the workspace since the last call because no compose command names them any more. */
  takeDropped(): string[] {
    const out = this.dropped;
    this.dropped = [];
    return out;
  }

  /** A document closed: its path goes back to what is on disk (or leaves the workspace). */
  closeDocument(p: string): void {
    this.open.delete(p);
    this.openOther.delete(p);
    if (!this.root || !p.startsWith('/')) {
      this.workspace.remove(p);
      return;
    }
    this.refreshFromDisk(p);
  }
}
