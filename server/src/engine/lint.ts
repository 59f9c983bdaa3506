// lint: run every enabled rule over a workspace and return findings, one path for a cold lint (the CLI) and a warm
// one (the server). File rules run per file (cached by file version), workspace rules run when any file of the kinds
// they read has changed. Each file keeps its finished list (severities, ignored paths and suppressions applied) with
// the parts it was made from, and is finished again only when one of them changed.

import { commentPrefixes } from '../parsers/classify';
import type { Config } from './config';
import { compareFindings, sameFindingObjects, type Finding, type Notice, type Severity, type Span, type Tag } from '../core/finding';
import { formatMessage, isFileRule, type FileRule, type WorkspaceRule, type FileRuleContext, type ReportDescriptor, type Rule, type RuleMeta, type RuleSettings, type SourceFile, type WorkspaceRuleContext } from '../model/rule';
import { findSuppressions, type Suppression } from './suppress';
import { LineIndex } from '../core/text';
import type { Workspace } from './workspace';
import type { Models } from '../parsers';
import { createPathFilter } from '../core/ignore';
import { embeddedRegions, isEmbedded, toHostFinding } from '../core/embedded-files';
import { applyPeers } from './peers';
import { touchesMask } from '../core/template';
import { blockers } from '../parsers';
import type { FileKind } from '../parsers/classify';

export const INTERNAL_ERROR = 'internal-error';
export const UNUSED_SUPPRESSION = 'unused-suppression';

export interface LintResult {
  findings: Finding[];
  notices: Notice[];
}

interface FileCacheEntry {
  version: number;
  /** The findings on the file the rule ran on (on its host, for a written file). */
  findings: Finding[];
  /** The files other than its own the run reported on (its findings there are in `foreign`). */
  foreignTargets?: string[];
  /** Paths the run read from the disk (a folder read for its listing ends in `/`). */
  reads?: Set<string>;
}

interface WorkspaceCacheEntry {
  key: string;
  findings: Finding[];
  /** The findings grouped by file, worked out when first needed. */
  byFile?: Map<string, Finding[]>;
}

/** The findings of one rule on one file; `idx` is the rule's position in the rule list (the order findings are gathered in). */
interface Part {
  idx: number;
  list: readonly Finding[];
}

/** What a file rule's run on one file reported on another file; kept while the file it ran on is unchanged. */
interface ForeignPart extends Part {
  /** The file the rule ran on, and its version at the run. */
  src: string;
  version: number;
}

/** What a file's finished findings were computed from, so an unchanged file costs one comparison. */
interface FileState {
  version: number;
  fileParts: Part[];
  /** The workspace-rule epoch the workspace parts were taken at. */
  wsEpoch: number;
  wsParts: Part[];
  /** File-rule findings that runs on other files reported on this one. */
  foreignParts: readonly ForeignPart[];
  findings: Finding[];
}

export class Linter {
  private readonly fileCache = new Map<string, Map<string, FileCacheEntry>>(); // rule id -> path -> entry
  /** Path read from the disk -> the rule runs (rule id, file path) that read it; may name runs since made again. */
  private readonly readBy = new Map<string, Map<string, Set<string>>>();
  private readonly workspaceCache = new Map<string, WorkspaceCacheEntry>();
  private readonly suppressionCache = new Map<string, { version: number; list: Suppression[] }>();
  private readonly crashed = new Map<string, Notice>();
  private isIgnored: (path: string) => boolean;
  /** Target path -> run (rule id and the path it ran on) -> what that run reported on the target. Rare: kept apart. */
  private readonly foreign = new Map<string, Map<string, ForeignPart>>();
  /** Each rule's position in the rule list. */
  private readonly ruleIdx = new Map<Rule, number>();
  private readonly fileStates = new Map<string, FileState>();
  /** The workspace-rule results the file states were last brought up to date with, by rule position. */
  private readonly wsSeen = new Map<number, WorkspaceCacheEntry>();
  /** Bumped whenever a workspace rule's findings change; `wsChanged` holds the last epoch each file was touched in. */
  private wsEpoch = 0;
  private readonly wsChanged = new Map<string, number>();
  /** Files whose findings may have changed since they were last finished (see lintChanged). */
  private readonly unfinished = new Set<string>();
  /** Lists of files (one per state of a kind) every file of which has been finished once. */
  private readonly finishedLists = new WeakSet<readonly SourceFile[]>();
  /** What is worked out per finding or report object, kept as long as that object lives. */
  private readonly memo: FindingMemos = { madeFrom: new WeakMap(), valueKeys: new WeakMap(), noted: new WeakMap() };

  constructor(
    readonly workspace: Workspace,
    private config: Config,
    readonly rules: readonly Rule[],
  ) {
    this.isIgnored = createPathFilter(workspace.root, config.ignore);
    rules.forEach((r, i) => this.ruleIdx.set(r, i));
  }

  setConfig(config: Config): void {
    this.config = config;
    this.isIgnored = createPathFilter(this.workspace.root, config.ignore);
    this.fileCache.clear();
    this.readBy.clear();
    this.workspaceCache.clear();
    this.settingsCache.clear();
    this.fileRulesCache.clear();
    this.fileStates.clear();
    this.wsSeen.clear();
    this.wsChanged.clear();
    this.foreign.clear();
    this.unfinished.clear();
  }

  getConfig(): Config {
    return this.config;
  }

  /** Findings on the given files (all files when omitted), from file rules and workspace rules alike. */
  lint(paths?: readonly string[]): LintResult {
    const files = paths ? this.filesOf(paths) : this.workspace.all();
    let all: Finding[];
    try {
      all = this.workspace.holdWhile(() => this.lintFiles(files));
    } finally {
      this.workspace.release(); // what was kept parsed for this lint
    }
    return this.withNotices(all);
  }

  /** Findings with the notices of the rules that crashed among them. */
  private withNotices(all: Finding[]): LintResult {
    const crashedNow = new Set<unknown>();
    for (const f of all) if (f.ruleId === INTERNAL_ERROR) crashedNow.add(f.data?.rule);
    const notices = crashedNow.size ? [...this.crashed.entries()].filter(([id]) => crashedNow.has(id)).map(([, n]) => n) : [];
    return { findings: all, notices };
  }

  /**
   * What an edit needs: the findings on the changed files and on every file whose findings the change may have
   * changed (a cross-file rule's findings there differ, a changed file's run reports there), and on every file of
   * `kinds` never finished yet. The work is that of the changes, not of the workspace: in a workspace of thousands
   * of files an edit finishes and returns a handful. `files` lists the files returned, with findings or without.
   */
  lintChanged(paths: readonly string[], kinds: readonly FileKind[] = []): LintResult & { files: string[] } {
    const changed = this.filesOf(paths);
    let all: Finding[];
    let listed: SourceFile[];
    try {
      [all, listed] = this.workspace.holdWhile(() => {
        // File rules on the changed files and the workspace rules first: they say which other files are touched.
        this.runFileRules(changed.filter((f) => this.fileStates.get(f.path)?.version !== f.version));
        this.runWorkspaceRules();
        for (const p of this.unfinished) if (!this.workspace.get(p)) this.unfinished.delete(p); // removed since
        const more = new Set<string>(this.unfinished);
        for (const k of kinds) {
          const list = this.workspace.files(k);
          if (this.finishedLists.has(list)) continue;
          for (const f of list) if (!this.fileStates.has(isEmbedded(f) ? f.embed.host.path : f.path)) more.add(isEmbedded(f) ? f.embed.host.path : f.path);
          this.finishedLists.add(list);
        }
        const files = more.size ? this.filesOf([...paths, ...more]) : changed;
        return [this.lintFiles(files), files] as const;
      });
    } finally {
      this.workspace.release();
    }
    return { ...this.withNotices(all), files: listed.map((f) => f.path) };
  }

  /** The named files of the workspace, once each, in path order. */
  private filesOf(paths: readonly string[]): SourceFile[] {
    const seen = new Set<string>();
    const out: SourceFile[] = [];
    for (const p of paths) {
      const f = this.workspace.get(p);
      if (f && !seen.has(f.path)) {
        seen.add(f.path);
        out.push(f);
      }
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /**
   * The findings on these files. A file whose text, workspace-rule findings and reports from other files' runs are
   * unchanged since the last call keeps its finished list: file rules run only on changed files, and only their lists
   * are filtered and sorted again. On a cold linter every file is changed, and this is every rule over every file.
   */
  private lintFiles(files: SourceFile[]): Finding[] {
    const states = files.map((f) => this.fileStates.get(f.path));
    // File rules file by file (every rule of the file's kind, in rule order), while its text and model are at hand.
    this.runFileRules(files.filter((f, i) => states[i]?.version !== f.version));
    this.runWorkspaceRules();
    return this.finishFiles(files, states);
  }

  /** Every file rule on each of these files and the files they write; the parts kept until the file is finished. */
  private runFileRules(dirty: SourceFile[]): void {
    for (const f of dirty) {
      if (this.fresh.get(f.path)?.version === f.version) continue;
      const parts: Part[] = [];
      for (const { idx, rule } of this.fileRulesOf(f.kind)) parts.push({ idx, list: this.runFileRule(rule, f) });
      // The files it writes, by their own kind's rules; their findings are already on this file.
      const written = this.workspace.embeddedOf(f);
      for (const e of written) for (const { idx, rule } of this.fileRulesOf(e.kind)) parts.push({ idx, list: this.runFileRule(rule, e) });
      if (written.length) parts.sort((a, b) => a.idx - b.idx);
      this.fresh.set(f.path, { version: f.version, parts });
    }
  }

  /** A changed file's file-rule parts, taken for finishing it. */
  private freshParts(f: SourceFile): Part[] {
    this.runFileRules([f]);
    const parts = this.fresh.get(f.path)!.parts;
    this.fresh.delete(f.path);
    return parts;
  }

  /** File-rule parts worked out for files not finished yet, by path. */
  private readonly fresh = new Map<string, { version: number; parts: Part[] }>();

  /** Every workspace rule whose inputs changed; the files whose findings changed are noted as unfinished. */
  private runWorkspaceRules(): void {
    for (let idx = 0; idx < this.rules.length; idx++) {
      const rule = this.rules[idx];
      if (isFileRule(rule) || this.level(rule.meta) === 'off') continue;
      const entry = this.runWorkspaceRule(rule);
      const before = this.wsSeen.get(idx);
      if (before === entry) continue;
      // The files this rule's findings changed on: a list that differs from before, or is gone.
      const now = groupByFile(entry);
      const old = before ? groupByFile(before) : new Map<string, Finding[]>();
      let epoch = 0;
      const touch = (p: string) => {
        this.wsChanged.set(p, epoch || (epoch = ++this.wsEpoch));
        this.unfinished.add(p);
      };
      for (const [p, list] of now) if (!sameFindingObjects(old.get(p), list)) touch(p);
      for (const p of old.keys()) if (!now.has(p)) touch(p);
      this.wsSeen.set(idx, entry);
    }
  }

  /** Each file's finished findings, made again where a part changed. */
  private finishFiles(files: SourceFile[], states: (FileState | undefined)[]): Finding[] {
    const out: Finding[] = [];
    for (let i = 0; i < files.length; i++) {
      const f = files[i];
      let state = states[i];
      this.unfinished.delete(f.path);
      const fileParts = state?.version === f.version ? undefined : this.freshParts(f);
      // Workspace findings can only have changed on a file when some changed after its state was taken.
      const wsStale = !state || (state.wsEpoch < this.wsEpoch && (this.wsChanged.get(f.path) ?? 0) > state.wsEpoch);
      const foreignParts = this.foreign.size ? this.foreignPartsOn(f.path) : NONE;
      const foreignStale = !state || !sameParts(state.foreignParts, foreignParts);
      if (state && !fileParts && !wsStale && !foreignStale) {
        for (const fd of state.findings) out.push(fd);
        continue;
      }
      const wsParts = wsStale ? this.workspaceParts(f.path) : state!.wsParts;
      state = { version: f.version, fileParts: fileParts ?? state!.fileParts, wsEpoch: this.wsEpoch, wsParts, foreignParts, findings: [] };
      state.findings = this.finishFile(f, state.fileParts, foreignParts.length ? mergeParts(wsParts, foreignParts) : wsParts);
      this.fileStates.set(f.path, state);
      for (const fd of state.findings) out.push(fd);
    }
    if (this.foreign.size === 0) return out;
    // What the runs on these files reported on files that are not among them (nor finished with them).
    const listed = new Set(files.map((f) => f.path));
    const rest: Finding[] = [];
    for (const [target, runs] of this.foreign) {
      if (listed.has(target)) continue;
      for (const part of runs.values()) {
        if (!listed.has(part.src) || !this.isCurrent(part)) continue;
        for (const f of part.list) {
          const fd = this.asConfigured(f);
          if (fd) rest.push(fd);
        }
      }
    }
    return rest.length ? out.concat(dedupe(rest)).sort(compareFindings) : out;
  }

  /** The reports of other files' runs on this file, from runs on their current text, in rule order. */
  private foreignPartsOn(path: string): readonly ForeignPart[] {
    const runs = this.foreign.get(path);
    if (!runs) return NONE;
    const parts: ForeignPart[] = [];
    for (const part of runs.values()) if (this.isCurrent(part)) parts.push(part);
    return parts.sort((a, b) => a.idx - b.idx || (a.src < b.src ? -1 : a.src > b.src ? 1 : 0));
  }

  /** Whether the run a part came from was on the text its file has now. */
  private isCurrent(part: ForeignPart): boolean {
    const f = this.workspace.get(part.src) ?? this.workspace.embeddedFile(part.src);
    return f?.version === part.version;
  }

  /** A run's reports on other files are replaced by the next run's (or dropped, with `next` undefined). */
  private setForeign(key: string, before: FileCacheEntry | undefined, next?: Map<string, ForeignPart>): void {
    // The files reported on before and now have findings to finish again.
    for (const t of before?.foreignTargets ?? []) this.unfinished.add(t);
    for (const t of next?.keys() ?? []) this.unfinished.add(t);
    for (const t of before?.foreignTargets ?? []) {
      const runs = this.foreign.get(t);
      runs?.delete(key);
      if (runs?.size === 0) this.foreign.delete(t);
    }
    if (!next) return;
    for (const [t, part] of next) {
      let runs = this.foreign.get(t);
      if (!runs) this.foreign.set(t, (runs = new Map()));
      runs.set(key, part);
    }
  }

  /** The workspace rules' findings on one file, in rule order. */
  private workspaceParts(path: string): Part[] {
    const parts: Part[] = [];
    for (const [idx, entry] of this.wsSeen) {
      const list = groupByFile(entry).get(path);
      if (list) parts.push({ idx, list });
    }
    return parts.sort((a, b) => a.idx - b.idx);
  }

  /** One file's findings: its parts merged in rule order, as configured, suppressed, without repeats, sorted. */
  private finishFile(file: SourceFile, fileParts: Part[], wsParts: Part[]): Finding[] {
    const raw: Finding[] = [];
    let i = 0;
    let j = 0;
    while (i < fileParts.length || j < wsParts.length) {
      const part = j >= wsParts.length || (i < fileParts.length && fileParts[i].idx < wsParts[j].idx) ? fileParts[i++] : wsParts[j++];
      for (const f of part.list) raw.push(f);
    }
    const list: Finding[] = [];
    for (const f of raw) {
      const fd = this.asConfigured(f);
      if (fd) list.push(fd);
    }
    return dedupe(this.applySuppressions(file, list)).sort(compareFindings);
  }

  private level(meta: RuleMeta): Severity | 'off' {
    return this.config.rules[meta.id]?.severity ?? meta.severity;
  }

  /** Worked out once per rule and config. */
  private readonly settingsCache = new Map<string, RuleSettings>();
  /** The enabled file rules of each kind with their positions in the rule list, worked out once per config. */
  private readonly fileRulesCache = new Map<string, { idx: number; rule: FileRule }[]>();

  private fileRulesOf(kind: string): { idx: number; rule: FileRule }[] {
    let list = this.fileRulesCache.get(kind);
    if (!list) {
      list = [];
      for (let idx = 0; idx < this.rules.length; idx++) {
        const rule = this.rules[idx];
        if (isFileRule(rule) && rule.meta.kinds.includes(kind as never) && this.level(rule.meta) !== 'off') list.push({ idx, rule });
      }
      this.fileRulesCache.set(kind, list);
    }
    return list;
  }

  private settings(meta: RuleMeta): RuleSettings {
    let hit = this.settingsCache.get(meta.id);
    if (!hit) this.settingsCache.set(meta.id, (hit = this.freshSettings(meta)));
    return hit;
  }

  private metaOf(id: string): RuleMeta | undefined {
    if (this.metaById.size === 0) for (const r of this.rules) this.metaById.set(r.meta.id, r.meta);
    return this.metaById.get(id);
  }

  private freshSettings(meta: RuleMeta): RuleSettings {
    const options: Record<string, unknown> = {};
    for (const [k, o] of Object.entries(meta.options ?? {})) options[k] = o.default;
    // hadolint's allow-list of registries goes to whichever rule covers DL3026; the shipshape config still wins.
    const trusted = this.config.hadolint?.trustedRegistries;
    if (trusted && meta.peers?.hadolint?.includes('DL3026')) options.trustedRegistries = trusted;
    Object.assign(options, this.config.rules[meta.id]?.options ?? {});
    return { dockerVersion: this.config.dockerVersion, options, unsafeFixes: this.config.unsafeFixes, hosts: this.config.hosts };
  }

  private runFileRule(rule: FileRule, file: SourceFile): Finding[] {
    let perRule = this.fileCache.get(rule.meta.id);
    if (!perRule) this.fileCache.set(rule.meta.id, (perRule = new Map()));
    const hit = perRule.get(file.path);
    if (hit && hit.version === file.version) return hit.findings;
    const ctx = new FileContext(rule.meta, this.settings(rule.meta), file, this.workspace, this);
    const out = ctx.out;
    const reads = new Set<string>();
    const outer = this.workspace.fs.reads;
    this.workspace.fs.reads = reads;
    try {
      rule.check(ctx);
    } catch (e) {
      out.length = 0;
      out.push(this.internalError(rule.meta, isEmbedded(file) ? file.embed.host.path : file.path, e));
    } finally {
      this.workspace.fs.reads = outer;
    }
    if (out.length) dropMasked(out, this.workspace, file);
    if (out.length) noteBlocked(out, this.workspace, rule.meta.id, this.memo.noted);
    // Findings on another file than its own go with that file's findings (rare: file rules report on their file).
    const own = isEmbedded(file) ? file.embed.host.path : file.path;
    let mine = out;
    let elsewhere: Map<string, ForeignPart> | undefined;
    for (const f of out) {
      if (f.file === own) continue;
      elsewhere ??= new Map();
      let part = elsewhere.get(f.file);
      if (!part) elsewhere.set(f.file, (part = { idx: this.ruleIdx.get(rule) ?? 0, list: [], src: file.path, version: file.version }));
      (part.list as Finding[]).push(f);
    }
    if (hit?.foreignTargets || elsewhere) this.setForeign(`${rule.meta.id}\0${file.path}`, hit, elsewhere);
    if (elsewhere) mine = out.filter((f) => f.file === own);
    perRule.set(file.path, { version: file.version, findings: mine, foreignTargets: elsewhere && [...elsewhere.keys()], reads: reads.size ? reads : undefined });
    for (const r of reads) {
      let byRule = this.readBy.get(r);
      if (!byRule) this.readBy.set(r, (byRule = new Map()));
      let paths = byRule.get(rule.meta.id);
      if (!paths) byRule.set(rule.meta.id, (paths = new Set()));
      paths.add(file.path);
    }
    return mine;
  }

  /**
   * A path on disk that is not a workspace file changed (or appeared, or went): forget every rule run that read it,
   * or listed its folder, and return the files whose findings must be worked out again.
   */
  readersOf(path: string): string[] {
    const dir = path.slice(0, path.lastIndexOf('/') + 1);
    const read = (r: Set<string> | undefined) => !!r && (r.has(path) || r.has(dir) || r.has(path + '/'));
    const out = new Set<string>();
    // Looked up by the paths read (not by walking every cached run): a checkout that changes a thousand files stays cheap.
    for (const key of [path, dir, path + '/']) {
      const byRule = this.readBy.get(key);
      if (!byRule) continue;
      this.readBy.delete(key);
      for (const [ruleId, paths] of byRule) {
        const perRule = this.fileCache.get(ruleId);
        for (const p of paths) {
          const e = perRule?.get(p);
          if (!e || !read(e.reads)) continue; // made again since, without reading it
          perRule!.delete(p);
          if (e.foreignTargets) this.setForeign(`${ruleId}\0${p}`, e);
          const f = this.workspace.get(p) ?? this.workspace.embeddedFile(p);
          out.add(f && isEmbedded(f) ? f.embed.host.path : p);
        }
      }
    }
    // Workspace rules keep their per-project results as queries keyed by workspace files: disk reads of theirs
    // (a mounted nginx config) are not tracked yet.
    for (const p of out) this.fileStates.delete(p); // their finished lists are made again
    return [...out];
  }

  private runWorkspaceRule(rule: WorkspaceRule): WorkspaceCacheEntry {
    const key = this.workspace.generationKey(rule.meta.kinds);
    const hit = this.workspaceCache.get(rule.meta.id);
    if (hit && hit.key === key) return hit;
    const out: Finding[] = [];
    const ws = this.workspace;
    const ctx: WorkspaceRuleContext = {
      ...this.settings(rule.meta),
      workspace: ws,
      files: (kind) => ws.files(kind),
      parse: (kind, f) => ws.parse(kind, f),
      report: (d) => {
        // A replayed descriptor (a query that kept its reports, see queries.ts) gives the same Finding object as before.
        let fd = this.memo.madeFrom.get(d);
        if (fd === undefined) this.memo.madeFrom.set(d, (fd = this.onHost(rule.meta, makeFinding(rule.meta, d, d.file)) ?? null));
        if (fd) out.push(fd);
      },
    };
    try {
      rule.check(ctx);
    } catch (e) {
      out.length = 0;
      const first = rule.meta.kinds.flatMap((k) => ws.files(k))[0];
      if (first) out.push(this.internalError(rule.meta, first.path, e));
    }
    if (out.length) dropMasked(out, ws);
    if (out.length) noteBlocked(out, ws, rule.meta.id, this.memo.noted);
    if (hit) {
      keepEqualFindings(out, hit, this.memo.valueKeys);
      // The very same findings: the last entry stands, and nothing above it is worked out again (early cut-off).
      if (sameFindingObjects(hit.findings, out)) {
        hit.key = key;
        return hit;
      }
    }
    const entry: WorkspaceCacheEntry = { key, findings: out };
    this.workspaceCache.set(rule.meta.id, entry);
    return entry;
  }

  /**
   * A finding on a file another file writes, moved onto the writing file. Undefined when it judged an unknown value,
   * or when it is a suggestion about what the whole file lacks: the written text may be only part of what ends up
   * on the host (a script may merge more into it later), so only problems in what it does write are reported.
   */
  onHost(meta: RuleMeta, f: Finding): Finding | undefined {
    if (meta.type === 'suggestion' && this.workspace.embeddedFile(f.file)) return undefined;
    return toHostFinding(f, (p) => this.workspace.embeddedFile(p));
  }

  private internalError(meta: RuleMeta, file: string, e: unknown): Finding {
    const reason = e instanceof Error ? e.message : String(e);
    if (!this.crashed.has(meta.id)) this.crashed.set(meta.id, { file, message: `rule ${meta.id} failed and was skipped: ${reason}` });
    return {
      ruleId: INTERNAL_ERROR,
      severity: 'warning',
      message: `shipshape's rule ${meta.id} failed on this file and was skipped (${reason}); the other rules still ran. Please report this with the file.`,
      file,
      range: { start: 0, end: 0 },
      related: [],
      fixes: [],
      tags: [],
      messageId: 'crashed',
      data: { rule: meta.id },
    };
  }

  /** A finding as the config has it: dropped on an ignored path or for a rule turned off, else at its configured severity. */
  private asConfigured(f: Finding): Finding | undefined {
    if (this.isIgnored(f.file)) return undefined;
    const configured = this.config.rules[f.ruleId]?.severity;
    if (configured === 'off') return undefined;
    return configured ? { ...f, severity: configured } : f;
  }

  private readonly metaById = new Map<string, RuleMeta>();

  private applySuppressions(file: SourceFile, input: Finding[]): Finding[] {
    // Other linters' ignores and checks first: hadolint pragmas and config, BuildKit's `# check=` (peers.ts).
    const list =
      input.length > 0 && (file.kind === 'dockerfile' || this.config.hadolint)
        ? applyPeers(input, {
            meta: (id) => this.metaOf(id),
            pragmas: file.kind === 'dockerfile' ? this.workspace.parse('dockerfile', file).pragmas : undefined,
            hadolint: this.config.hadolint,
            configured: (id) => this.config.rules[id]?.severity !== undefined,
          })
        : input;
    let cached = this.suppressionCache.get(file.path);
    if (!cached || cached.version !== file.version) {
      cached = { version: file.version, list: findSuppressions(file.text, commentPrefixes(file.kind, file.path)) };
      this.suppressionCache.set(file.path, cached);
    }
    const sups = cached.list;
    if (sups.length === 0) return list;
    const index = new LineIndex(file.text);
    const used = new Set<Suppression>();
    // A comment above the command that writes a file covers all of the written text (a daemon.json cannot hold one).
    const regions = embeddedRegions(this.workspace.embeddedOf(file));
    const kept = list.filter((f) => {
      const line = index.positionAt(f.range.start).line;
      const region = regions.find((r) => f.range.start >= r.start && f.range.start <= r.end);
      const anchorLine = region ? index.positionAt(region.anchor).line : -1;
      for (const s of sups) {
        if ((s.target === line || s.target === anchorLine) && (s.ruleIds.length === 0 || s.ruleIds.includes(f.ruleId))) {
          used.add(s);
          return false;
        }
      }
      return true;
    });
    if (this.config.rules[UNUSED_SUPPRESSION]?.severity !== 'off') {
      for (const s of sups) {
        if (used.has(s)) continue;
        kept.push({
          ruleId: UNUSED_SUPPRESSION,
          severity: this.config.rules[UNUSED_SUPPRESSION]?.severity ?? 'info',
          message: `This shipshape-ignore comment silences nothing on the next line${s.ruleIds.length ? ` (${s.ruleIds.join(', ')})` : ''}; remove it so it cannot hide a future finding.`,
          file: file.path,
          range: s.range,
          related: [],
          fixes: [{ title: 'Remove the unused ignore comment', safety: 'safe', edits: [{ file: file.path, range: lineRangeWithBreak(file.text, s.range), newText: '' }] }],
          tags: ['unnecessary'],
          messageId: 'unused',
          data: { rules: s.ruleIds.join(', ') },
        });
      }
    }
    return kept;
  }
}

/** A file rule's context: one object per rule run, its methods on the prototype (no closures made per run). */
class FileContext implements FileRuleContext {
  readonly out: Finding[] = [];
  readonly dockerVersion: RuleSettings['dockerVersion'];
  readonly options: Record<string, unknown>;
  readonly unsafeFixes: boolean;
  constructor(
    private readonly meta: RuleMeta,
    settings: RuleSettings,
    readonly file: SourceFile,
    readonly workspace: Workspace,
    /** Moves a finding on a written file onto the file that writes it (or drops it). */
    private readonly host: { onHost(meta: RuleMeta, f: Finding): Finding | undefined },
  ) {
    this.dockerVersion = settings.dockerVersion;
    this.options = settings.options;
    this.unsafeFixes = settings.unsafeFixes;
  }
  parse<K extends keyof Models>(kind: K, f?: SourceFile): Models[K] {
    return this.workspace.parse(kind, f ?? this.file);
  }
  report(d: ReportDescriptor): void {
    const f = this.host.onHost(this.meta, makeFinding(this.meta, d, d.file ?? this.file.path));
    if (f) this.out.push(f);
  }
}

function lineRangeWithBreak(text: string, r: { start: number; end: number }) {
  let start = r.start;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  let end = r.end;
  if (text[end] === '\r') end++;
  if (text[end] === '\n') end++;
  return { start, end };
}

function makeFinding(meta: RuleMeta, d: ReportDescriptor, file: string): Finding {
  const template = meta.messages[d.messageId];
  if (template === undefined) throw new Error(`rule ${meta.id} reported unknown message id "${d.messageId}"`);
  if (d.fixes?.length && meta.fix === 'none') throw new Error(`rule ${meta.id} offered a fix but its meta says fix: none`);
  if (!(d.range.start >= 0 && d.range.end >= d.range.start)) throw new Error(`rule ${meta.id} reported a bad range ${JSON.stringify(d.range)}`);
  const tags: Tag[] = [...new Set([...(meta.tags ?? []), ...(d.tags ?? [])])];
  return {
    ruleId: meta.id,
    severity: d.severity ?? meta.severity,
    message: formatMessage(template, d.data),
    file,
    range: d.range,
    related: d.related ?? [],
    fixes: d.fixes ?? [],
    tags,
    messageId: d.messageId,
    data: d.data,
  };
}

interface FindingMemos {
  /** A replayed descriptor (a query that kept its reports) -> the finding made from it (null: dropped). */
  madeFrom: WeakMap<ReportDescriptor, Finding | null>;
  /** A finding -> its value as a string, for comparing by value. */
  valueKeys: WeakMap<Finding, string>;
  /** A finding on a file its program refuses -> its copy that says so. */
  noted: WeakMap<Finding, Finding>;
}

/**
 * Findings equal by value to one of the rule's last findings on the same file become that finding again, so a file
 * whose findings did not change keeps the same objects and is neither finished nor published again.
 */
function keepEqualFindings(out: Finding[], before: WorkspaceCacheEntry, keys: WeakMap<Finding, string>): void {
  let old: Set<Finding> | undefined;
  for (let i = 0; i < out.length; i++) {
    const f = out[i];
    if (before.findings[i] === f) continue;
    old ??= new Set(before.findings);
    if (old.has(f)) continue;
    const candidates = groupByFile(before).get(f.file);
    if (!candidates) continue;
    const k = valueKey(f, keys);
    const same = candidates.find((c) => c.ruleId === f.ruleId && c.range.start === f.range.start && c.range.end === f.range.end && valueKey(c, keys) === k);
    if (same) out[i] = same;
  }
}

function valueKey(f: Finding, keys: WeakMap<Finding, string>): string {
  let k = keys.get(f);
  if (k === undefined) keys.set(f, (k = JSON.stringify([f.ruleId, f.severity, f.message, f.file, f.range, f.related, f.fixes, f.tags, f.messageId, f.data])));
  return k;
}

const NONE: readonly ForeignPart[] = [];

function sameParts(a: readonly Part[], b: readonly Part[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Two part lists in rule order, as one; a workspace rule's part comes before a file rule's of the same position (none has both). */
function mergeParts(a: readonly Part[], b: readonly Part[]): Part[] {
  return [...a, ...b].sort((x, y) => x.idx - y.idx);
}

function groupByFile(entry: WorkspaceCacheEntry): Map<string, Finding[]> {
  if (!entry.byFile) {
    entry.byFile = new Map();
    for (const f of entry.findings) {
      const list = entry.byFile.get(f.file);
      if (list) list.push(f);
      else entry.byFile.set(f.file, [f]);
    }
  }
  return entry.byFile;
}

/** Drops repeats of a finding (same file, rule, range and message); messages are compared only where the rest agrees. */
function dedupe(list: Finding[]): Finding[] {
  if (list.length < 2) return list;
  const seen = new Map<string, Finding[]>();
  return list.filter((f) => {
    const k = `${f.file}\0${f.ruleId}\0${f.range.start}\0${f.range.end}`;
    const same = seen.get(k);
    if (!same) {
      seen.set(k, [f]);
      return true;
    }
    if (same.some((g) => g.message === f.message)) return false;
    same.push(f);
    return true;
  });
}

/** No finding comes from a template span (core/template.ts): drop, in place, the findings that touch one. */
function dropMasked(out: Finding[], ws: Workspace, own?: SourceFile): void {
  let n = 0;
  for (const f of out) {
    const file = own && f.file === own.path ? own : ws.get(f.file);
    if (f.ruleId === INTERNAL_ERROR || !file?.template || !touchesMask(file.template.spans, f.range)) out[n++] = f;
  }
  out.length = n;
}

/**
 * A file its program refuses whole (daemon.json that is not JSON) still gets every rule's findings, from what the
 * parse recovered; their messages say that this is what breaks next, once the blocking error is fixed.
 */
function noteBlocked(out: Finding[], ws: Workspace, ruleId: string, noted: WeakMap<Finding, Finding>): void {
  for (let i = 0; i < out.length; i++) {
    const f = out[i];
    const file = ws.get(f.file);
    const blocker = file && blockers[file.kind];
    if (!file || !blocker || blocker.ruleId === ruleId || f.ruleId === INTERNAL_ERROR) continue;
    // A syntax error that comes from a template span is none (core/template.ts).
    const model = ws.parse(file.kind, file) as never;
    const at = (blocker.find(model) as Span[]).find((s) => !touchesMask(file.template?.spans, s));
    if (!at) continue;
    let copy = noted.get(f);
    if (!copy) {
      const line = new LineIndex(file.text).positionAt(at.start).line + 1;
      copy = { ...f, message: `${blocker.what} on line ${line} comes first; once it is fixed: ${f.message}` };
      if (blocker.reshaped(model)) copy.fixes = [];
      noted.set(f, copy);
    }
    out[i] = copy;
  }
}
