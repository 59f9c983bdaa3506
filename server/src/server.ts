// The language server: an adapter over the engine (no rule logic here). One Folder (engine Workspace + Linter) per
// workspace folder; open documents override the disk. Diagnostics are pushed per document: a change after a quiet
// spell is linted at once, a burst of changes once it is over; a change re-lints the files that cross-file rules tie
// to it, open or not, and publishes only what changed. Code actions come from the record of the last lint. Settings
// are pulled per folder (workspace/configuration) and layered over `.shipshape.yaml`.
import * as fs from 'node:fs';
import {
  CodeActionKind,
  CompletionItemKind,
  CompletionItemTag,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  InsertTextFormat,
  MarkupKind,
  ProposedFeatures,
  RequestType,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type CompletionItem,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type WorkDoneProgressServerReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAMES } from './engine/config';
import { HADOLINT_CONFIG_NAMES } from './engine/hadolint-config';
import { ruleDocsUrl } from './engine/docs-url';
import { sameFindingObjects, type Finding, type Notice } from './engine/finding';
import type { SourceFile } from './engine/rule';
import { LineIndex } from './engine/text';
import { completionProviders, hoverProviders } from './features';
import { codeActions, configFileFor, isStaleDiagnostic, isUsable, type FixRecord } from './lsp/code-actions';
import { diagnosticKey, Texts, toDiagnostic } from './lsp/convert';
import { ExplainRequest, explainAnswer } from './lsp/explain';
import { Folder } from './lsp/folder';
import { isUnder, pathToUri, uriToPath } from './lsp/paths';
import { ruleDocsHover } from './lsp/rule-docs';
import { allRules } from './rules';
import { DEFAULT_SETTINGS, SETTINGS_SECTION, settingsFrom, type Settings } from './settings';

declare const SHIPSHAPE_VERSION: string;

export interface LintWorkspaceParams {
  /** Lint only this folder (a URI); all folders when omitted. */
  folder?: string;
}
export interface LintWorkspaceResult {
  files: number;
  filesWithFindings: number;
  findings: number;
  cancelled: boolean;
  ms: number;
  /** What the walk skipped and why (too big, binary, unreadable, a link out of the folder); at most 100 listed. */
  notices: Notice[];
  /** How many notices there were in all. */
  noticeCount: number;
}
export const LintWorkspaceRequest = new RequestType<LintWorkspaceParams, LintWorkspaceResult, void>('shipshape/lintWorkspace');

/**
 * A document that was quiet this long is linted at once on its next change (leading edge); changes that follow each
 * other more closely are a burst, linted once it has been quiet this long (trailing edge): a burst of quick edits
 * costs a lint at its start and one at its end, not one per edit. Changes that pile up while a lint holds the thread
 * are linted together right after it.
 */
const DEBOUNCE_MS = 50;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

let hasConfiguration = false;
let hasDynamicWatch = false;
let hasDocumentChanges = false;
let hasWorkDoneProgress = false;
let hasWorkspaceFolders = false;
const folders = new Map<string, Folder>(); // root path -> folder
let loose = new Folder('', undefined, allRules); // documents outside every folder
const settingsCache = new Map<string, Promise<Settings>>(); // folder URI (or '') -> settings
const excludeCache = new Map<string, Promise<string[]>>();
const records = new Map<string, FixRecord>(); // URI -> what the last lint found
/** What was last published per URI (open or not): the document version and the findings the diagnostics came from. */
interface Shown {
  version: number | null;
  findings: readonly Finding[];
  /** For a file on disk: the workspace versions of the files its positions were worked out from (itself, related ones). */
  sources?: Map<string, number>;
}
const published = new Map<string, Shown>();
/** Per open document: when it last changed, and the lint waiting to run for it (at most one). */
interface LintState {
  lastChange: number;
  immediate?: NodeJS.Immediate;
  timer?: NodeJS.Timeout;
  /** The document changed since the pending immediate was queued: more changes may be waiting behind it. */
  changedSinceQueued: boolean;
  /** A lint of this document is under way (waiting for settings, or linting). */
  running: boolean;
  /** The document changed while its lint was under way. */
  again: boolean;
}
const lintStates = new Map<string, LintState>();
/** Documents just opened: the change event that follows an open is the open's, linted (or not) by the open handler. */
const justOpened = new Set<string>();
const pathOfUri = new Map<string, string>();

function pathOf(uri: string): string {
  let p = pathOfUri.get(uri);
  if (p === undefined) pathOfUri.set(uri, (p = uriToPath(uri)));
  return p;
}

const uriOfPath = new Map<string, string>();

/** The URI of a file on disk, worked out once per path. */
function fileUri(p: string): string {
  let u = uriOfPath.get(p);
  if (u === undefined) uriOfPath.set(p, (u = pathToUri(p)));
  return u;
}

function folderFor(p: string): Folder {
  let best: Folder | undefined;
  for (const f of folders.values()) if (isUnder(p, f.root) && (!best || f.root.length > best.root.length)) best = f;
  return best ?? loose;
}

function openDocumentFor(p: string): TextDocument | undefined {
  for (const d of documents.all()) if (pathOf(d.uri) === p) return d;
  return undefined;
}

// ---------- settings ----------

function settingsFor(folder: Folder): Promise<Settings> {
  const key = folder.uri ?? '';
  let s = settingsCache.get(key);
  if (!s) {
    s = hasConfiguration
      ? connection.workspace.getConfiguration({ scopeUri: folder.uri, section: SETTINGS_SECTION }).then(settingsFrom, () => ({ ...DEFAULT_SETTINGS }))
      : Promise.resolve({ ...DEFAULT_SETTINGS });
    settingsCache.set(key, s);
  }
  return s;
}

/** `files.exclude` of a folder as gitignore-style patterns (brace alternatives expanded). */
function excludesFor(folder: Folder): Promise<string[]> {
  const key = folder.uri ?? '';
  let s = excludeCache.get(key);
  if (!s) {
    s = hasConfiguration && folder.uri
      ? connection.workspace.getConfiguration({ scopeUri: folder.uri, section: 'files.exclude' }).then(
          (raw: unknown) => (raw && typeof raw === 'object' ? Object.entries(raw as Record<string, unknown>).filter(([, on]) => on === true).flatMap(([g]) => expandBraces(g)) : []),
          () => [],
        )
      : Promise.resolve([]);
    excludeCache.set(key, s);
  }
  return s;
}

function expandBraces(glob: string): string[] {
  const m = /\{([^{}]*)\}/.exec(glob);
  if (!m) return [glob];
  return m[1].split(',').flatMap((alt) => expandBraces(glob.slice(0, m.index) + alt + glob.slice(m.index + m[0].length)));
}

async function prepare(folder: Folder): Promise<Settings> {
  const settings = await settingsFor(folder);
  folder.applySettings(settings);
  return settings;
}

// ---------- linting and publishing ----------

/** Put an open document's text into its folder's workspace. */
function syncDocument(doc: TextDocument): { folder: Folder; file: SourceFile | undefined } {
  const p = pathOf(doc.uri);
  const folder = folderFor(p);
  folder.open.add(p);
  const file = folder.workspace.set(p, doc.getText());
  return { folder, file };
}

/** The files whose findings may change when `changed` changes: themselves and every file a cross-file rule ties to them. */
function affectedBy(folder: Folder, changed: SourceFile[]): string[] {
  const out = new Set(changed.map((f) => f.path));
  const kinds = new Set(changed.map((f) => f.kind));
  const tied = new Set<string>();
  for (const r of folder.linter.rules) if (r.meta.scope === 'workspace' && r.meta.kinds.some((k) => kinds.has(k))) r.meta.kinds.forEach((k) => tied.add(k));
  for (const k of tied) for (const f of folder.workspace.files(k as never)) out.add(f.path);
  // Files showing findings now must be looked at again, so findings that no longer hold are cleared.
  for (const [uri, shown] of published) if (shown.findings.length > 0 && folder.workspace.get(pathOf(uri)) && isUnder(pathOf(uri), folder.root || '/')) out.add(pathOf(uri));
  return [...out];
}

/** Lint these paths of a folder and publish: open documents always, other files when they have or had findings. */
async function lintAndPublish(folder: Folder, paths: string[], why: string): Promise<Finding[]> {
  await prepare(folder);
  // A document may have closed while the settings were read: lint only what is still in the workspace.
  paths = paths.filter((p) => folder.workspace.get(p));
  const t0 = performance.now();
  const result = folder.linter.lint(paths);
  const ms = performance.now() - t0;
  const byFile = new Map<string, Finding[]>();
  for (const p of paths) byFile.set(p, []);
  for (const f of result.findings) byFile.get(f.file)?.push(f);
  const texts = new Texts((p) => folder.workspace.get(p)?.text);
  const versionOf = (p: string) => folder.workspace.get(p)?.version ?? -1;
  const openByPath = new Map<string, TextDocument>();
  for (const d of documents.all()) openByPath.set(pathOf(d.uri), d);
  for (const [p, list] of byFile) {
    const doc = openByPath.get(p);
    const uri = doc?.uri ?? fileUri(p);
    const file = folder.workspace.get(p);
    if (doc && file && file.text !== doc.getText()) continue; // a newer edit is on its way
    const version = doc?.version ?? null;
    const shown = published.get(uri);
    if (!doc && list.length === 0 && !shown?.findings.length) continue;
    // The same findings (the linter hands back the very objects when nothing they depend on changed) for the same
    // version are on show already. A file on disk whose findings were made again (a cross-file rule ran again) but
    // read the same, over unchanged texts, is on show too: only open documents keep findings for code actions.
    if (shown && shown.version === version && sameFindingObjects(shown.findings, list)) continue;
    if (shown && version === null && shown.version === null && sameOnShow(shown, list, versionOf)) {
      published.set(uri, { ...shown, findings: list });
      continue;
    }
    publish(uri, version, list, texts, versionOf);
  }
  connection.console.log(`linted ${paths.length} file(s) (${why}) in ${ms.toFixed(1)} ms: ${result.findings.length} finding(s)`);
  return result.findings;
}

function publish(uri: string, version: number | null, findings: Finding[], texts: Texts, versionOf?: (path: string) => number): void {
  const record: FixRecord = { version, findings: new Map() };
  const diagnostics: Diagnostic[] = [];
  for (const f of findings) {
    const d = toDiagnostic(f, texts);
    // The version travels with the diagnostic, so a code action asked with diagnostics of an older version is known stale.
    if (version !== null) d.data = { version };
    diagnostics.push(d);
    record.findings.set(diagnosticKey(d), { finding: f, diagnostic: d });
  }
  // Code actions and hovers are for open documents only: a file on disk keeps no record.
  if (version !== null) records.set(uri, record);
  else records.delete(uri);
  published.set(uri, { version, findings, sources: version === null && versionOf ? sourcesOf(findings, versionOf) : undefined });
  void connection.sendDiagnostics({ uri, version: version ?? undefined, diagnostics });
}

function sourcesOf(findings: readonly Finding[], versionOf: (path: string) => number): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of findings) {
    out.set(f.file, versionOf(f.file));
    for (const r of f.related) out.set(r.file, versionOf(r.file));
  }
  return out;
}

/** Whether these findings give the very diagnostics that are on show: same content, positions over the same texts. */
function sameOnShow(shown: Shown, list: readonly Finding[], versionOf: (path: string) => number): boolean {
  if (!shown.sources || shown.findings.length !== list.length) return false;
  for (const [p, v] of shown.sources) if (versionOf(p) !== v) return false;
  for (let i = 0; i < list.length; i++) if (!sameDiagnostic(shown.findings[i], list[i])) return false;
  return true;
}

/** Everything of a finding that its diagnostic shows (the fixes are for code actions, kept for open documents only). */
function sameDiagnostic(a: Finding, b: Finding): boolean {
  if (a === b) return true;
  if (a.ruleId !== b.ruleId || a.severity !== b.severity || a.message !== b.message || a.file !== b.file) return false;
  if (a.range.start !== b.range.start || a.range.end !== b.range.end) return false;
  if (a.tags.length !== b.tags.length || a.tags.some((t, i) => t !== b.tags[i])) return false;
  if (a.related.length !== b.related.length) return false;
  for (let i = 0; i < a.related.length; i++) {
    const x = a.related[i];
    const y = b.related[i];
    if (x.file !== y.file || x.message !== y.message || x.range.start !== y.range.start || x.range.end !== y.range.end) return false;
  }
  return true;
}

function clear(uri: string): void {
  records.delete(uri);
  if (published.has(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
  published.delete(uri);
}

async function validateDocument(doc: TextDocument, why: string): Promise<void> {
  const { folder, file } = syncDocument(doc);
  if (!file) {
    clear(doc.uri);
    return;
  }
  await lintAndPublish(folder, affectedBy(folder, [file]), why);
}

function schedule(doc: TextDocument): void {
  // The text goes into the workspace at once, so cross-file rules linting another file see the latest edit.
  syncDocument(doc);
  const now = performance.now();
  let st = lintStates.get(doc.uri);
  if (!st) lintStates.set(doc.uri, (st = { lastChange: -Infinity, changedSinceQueued: false, running: false, again: false }));
  const quiet = now - st.lastChange >= DEBOUNCE_MS;
  st.lastChange = now;
  if (st.immediate) {
    st.changedSinceQueued = true; // the lint about to run reads the latest text
    return;
  }
  if (st.running) {
    st.again = true;
    return;
  }
  if (quiet && !st.timer) st.immediate = setImmediate(() => afterQueued(doc.uri, st));
  else {
    if (st.timer) clearTimeout(st.timer);
    st.timer = setTimeout(() => runLint(doc.uri), DEBOUNCE_MS);
  }
}

/**
 * Messages that were already waiting when the change came in (more changes of a fast typist, or ones that piled up
 * while another lint held the thread) are handled first, one per turn of the event loop: the lint then reads the last
 * of them. Two turns per check, as the connection queues its next message after this immediate.
 */
function afterQueued(uri: string, st: LintState, turns = 0): void {
  if (lintStates.get(uri) !== st) return;
  if (turns === 0 || st.changedSinceQueued) {
    st.changedSinceQueued = false;
    st.immediate = setImmediate(() => afterQueued(uri, st, turns + 1));
    return;
  }
  runLint(uri);
}

/** Lint the current text of an open document; a change that came in meanwhile is linted once the burst is over. */
function runLint(uri: string): void {
  const st = lintStates.get(uri);
  if (!st) return;
  st.immediate = st.timer = undefined;
  const doc = documents.get(uri);
  if (!doc) return;
  st.running = true;
  void validateDocument(doc, 'change')
    .catch(report)
    .finally(() => {
      st.running = false;
      if (!st.again || lintStates.get(uri) !== st) return;
      st.again = false;
      st.timer = setTimeout(() => runLint(uri), Math.max(0, st.lastChange + DEBOUNCE_MS - performance.now()));
    });
}

function cancelLint(uri: string): void {
  const st = lintStates.get(uri);
  if (st?.immediate) clearImmediate(st.immediate);
  if (st?.timer) clearTimeout(st.timer);
  lintStates.delete(uri);
}

/** Everything shown or open, again (after a settings or config change). */
async function relintAll(why: string): Promise<void> {
  const byFolder = new Map<Folder, Set<string>>();
  const add = (p: string) => {
    const f = folderFor(p);
    if (!f.workspace.get(p)) return;
    let s = byFolder.get(f);
    if (!s) byFolder.set(f, (s = new Set()));
    s.add(p);
  };
  for (const d of documents.all()) {
    syncDocument(d);
    add(pathOf(d.uri));
  }
  for (const [uri, shown] of published) if (shown.findings.length > 0) add(pathOf(uri));
  for (const [f, paths] of byFolder) await lintAndPublish(f, [...paths], why);
}

const MAX_LISTED_NOTICES = 100;

/** Skipped files go to the output channel, so a finding that is missing can be explained. */
function logNotices(notices: readonly Notice[]): void {
  for (const n of notices.slice(0, MAX_LISTED_NOTICES)) connection.console.warn(`skipped ${n.file}: ${n.message}`);
  if (notices.length > MAX_LISTED_NOTICES) connection.console.warn(`… and ${notices.length - MAX_LISTED_NOTICES} more skipped file(s)`);
}

function report(e: unknown): void {
  connection.console.error(`shipshape: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
}

// ---------- lifecycle ----------

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const caps = params.capabilities;
  hasConfiguration = !!caps.workspace?.configuration;
  hasDynamicWatch = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  hasDocumentChanges = !!caps.workspace?.workspaceEdit?.documentChanges;
  hasWorkDoneProgress = !!caps.window?.workDoneProgress;
  hasWorkspaceFolders = !!caps.workspace?.workspaceFolders;
  const list = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
  for (const wf of list) addFolder(wf.uri);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll + '.shipshape'], resolveProvider: false },
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['"'], resolveProvider: false },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'shipshape', version: typeof SHIPSHAPE_VERSION === 'string' ? SHIPSHAPE_VERSION : undefined },
  };
});

function addFolder(uri: string): Folder {
  const root = uriToPath(uri).replace(/\/+$/, '') || '/';
  let f = folders.get(root);
  if (!f) {
    f = new Folder(root, uri, allRules);
    folders.set(root, f);
  }
  return f;
}

/** Read a folder's files from disk in the background, then re-lint what shows, so cross-file rules see the disk. */
function startReading(folder: Folder): void {
  folder.ready = (async () => {
    await prepare(folder);
    const exclude = await excludesFor(folder);
    const t0 = performance.now();
    const read = await folder.readDisk({ exclude });
    connection.console.log(`read ${read.paths.length} file(s) of ${folder.root} in ${(performance.now() - t0).toFixed(0)} ms`);
    logNotices(read.notices);
    const open = documents.all().map((d) => pathOf(d.uri)).filter((p) => folderFor(p) === folder && folder.workspace.get(p));
    if (open.length) await lintAndPublish(folder, affectedBy(folder, open.map((p) => folder.workspace.get(p)!)), 'folder read');
  })().catch(report);
}

connection.onInitialized(() => {
  if (hasConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
  if (hasDynamicWatch) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] });
  // Only a client that has workspace folders can announce changes to them (asking anyway throws, and the folders
  // would never be read).
  if (hasWorkspaceFolders) connection.workspace.onDidChangeWorkspaceFolders((e) => {
    for (const r of e.removed) {
      const root = uriToPath(r.uri).replace(/\/+$/, '') || '/';
      const f = folders.get(root);
      if (!f) continue;
      folders.delete(root);
      for (const [uri] of published) if (isUnder(pathOf(uri), root) && !documents.get(uri)) clear(uri);
    }
    for (const a of e.added) startReading(addFolder(a.uri));
    void relintAll('folders changed').catch(report);
  });
  for (const f of folders.values()) startReading(f);
});

connection.onDidChangeConfiguration(() => {
  settingsCache.clear();
  excludeCache.clear();
  void relintAll('settings changed').catch(report);
});

documents.onDidOpen(async (e) => {
  justOpened.add(e.document.uri);
  const folder = folderFor(pathOf(e.document.uri));
  const settings = await settingsFor(folder);
  // Closed (or reopened) while the settings were on their way: that document is no longer ours to lint.
  if (documents.get(e.document.uri) !== e.document) return;
  if (settings.lintOnOpen) void validateDocument(e.document, 'open').catch(report);
  else syncDocument(e.document);
});

documents.onDidChangeContent((e) => {
  if (justOpened.delete(e.document.uri)) {
    syncDocument(e.document);
    return;
  }
  schedule(e.document);
});

documents.onDidClose((e) => {
  const p = pathOf(e.document.uri);
  cancelLint(e.document.uri);
  justOpened.delete(e.document.uri);
  const folder = folderFor(p);
  const before = folder.workspace.get(p);
  folder.closeDocument(p);
  const after = folder.workspace.get(p);
  clear(e.document.uri);
  // The disk text may differ from the closed buffer: files tied to it are linted again.
  if (before !== after) {
    const changed = after ?? before;
    if (changed) void lintAndPublish(folder, affectedBy(folder, [changed]).filter((x) => x !== p), 'close').catch(report);
  }
});

connection.onDidChangeWatchedFiles(async (params) => {
  const touched = new Map<Folder, SourceFile[]>();
  const reload = new Set<Folder>();
  for (const ch of params.changes) {
    const p = pathOf(ch.uri);
    const folder = folderFor(p);
    if (folder === loose) continue;
    const base = p.slice(p.lastIndexOf('/') + 1);
    if (CONFIG_FILE_NAMES.includes(base) || HADOLINT_CONFIG_NAMES.includes(base)) {
      reload.add(folder);
      continue;
    }
    const before = folder.workspace.get(p);
    if (ch.type === FileChangeType.Deleted) {
      if (folder.open.has(p) || !folder.workspace.remove(p)) continue;
      clear(ch.uri);
      if (before) push(touched, folder, before);
      continue;
    }
    if (!folder.refreshFromDisk(p)) continue;
    const after = folder.workspace.get(p);
    if (after) push(touched, folder, after);
    else if (before) {
      clear(ch.uri);
      push(touched, folder, before);
    }
  }
  for (const f of reload) {
    f.reloadConfigFile();
    settingsCache.clear();
  }
  try {
    if (reload.size) await relintAll('configuration file changed');
    for (const [folder, files] of touched) {
      await lintAndPublish(folder, affectedBy(folder, files), 'files changed on disk');
    }
  } catch (e) {
    report(e);
  }
});

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

// ---------- code actions ----------

connection.onCodeAction((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  const record = records.get(doc.uri);
  if (!isUsable(record, doc.version)) return []; // stale: the document changed since the lint these fixes came from
  if (params.context.diagnostics.some((d) => isStaleDiagnostic(d, record))) return []; // the client's view is older than the record
  const p = pathOf(doc.uri);
  const folder = folderFor(p);
  const file = folder.workspace.get(p);
  if (!file) return [];
  const read = (x: string): string | undefined => {
    const open = openDocumentFor(x);
    if (open) return open.getText();
    const w = folderFor(x).workspace.get(x);
    if (w) return w.text;
    try {
      return fs.readFileSync(x, 'utf8');
    } catch {
      return undefined;
    }
  };
  return codeActions(
    record,
    {
      uri: doc.uri,
      path: p,
      kind: file.kind,
      version: doc.version,
      text: doc.getText(),
      read,
      versionOf: (x) => openDocumentFor(x)?.version ?? null,
      configFile: configFileFor(folder.root, folder.configFile),
      unsafeFixes: folder.config.unsafeFixes,
      documentChanges: hasDocumentChanges,
    },
    params.context.diagnostics,
    params.context.only,
  );
});

// ---------- hover and completion ----------

connection.onHover((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  const p = pathOf(doc.uri);
  const folder = folderFor(p);
  const file = folder.workspace.get(p);
  if (!file || file.text !== doc.getText()) return null;
  const offset = doc.offsetAt(params.position);
  const parts: string[] = [];
  let range: { start: number; end: number } | undefined;
  const record = records.get(doc.uri);
  if (isUsable(record, doc.version)) {
    const rules = new Set<string>();
    for (const { finding } of record.findings.values()) {
      if (finding.file !== p || offset < finding.range.start || offset > finding.range.end || rules.has(finding.ruleId)) continue;
      rules.add(finding.ruleId);
      const page = ruleDocsHover(finding.ruleId, ruleDocsUrl(finding.ruleId));
      if (page) parts.push(page);
      range ??= finding.range;
    }
  }
  for (const provider of hoverProviders[file.kind] ?? []) {
    try {
      const h = provider(file, folder.workspace, offset);
      if (h) {
        parts.push(h.markdown);
        range ??= h.range;
      }
    } catch (e) {
      report(e);
    }
  }
  if (!parts.length) return null;
  const idx = new LineIndex(file.text);
  return {
    contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') },
    range: range ? { start: idx.positionAt(range.start), end: idx.positionAt(range.end) } : undefined,
  };
});

connection.onCompletion((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  const { folder, file } = syncDocument(doc);
  if (!file) return [];
  const offset = doc.offsetAt(params.position);
  const idx = new LineIndex(file.text);
  const items: CompletionItem[] = [];
  for (const provider of completionProviders[file.kind] ?? []) {
    let entries;
    try {
      entries = provider(file, folder.workspace, offset);
    } catch (e) {
      report(e);
      continue;
    }
    for (const c of entries) {
      const item: CompletionItem = {
        label: c.label,
        kind: c.kind === 'property' ? CompletionItemKind.Property : c.kind === 'value' ? CompletionItemKind.Value : CompletionItemKind.Keyword,
        detail: c.detail,
        documentation: c.documentation ? { kind: MarkupKind.Markdown, value: c.documentation } : undefined,
        insertTextFormat: c.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        filterText: c.filterText,
        sortText: c.sortText,
      };
      const text = c.insertText ?? c.label;
      if (c.range) item.textEdit = { range: { start: idx.positionAt(c.range.start), end: idx.positionAt(c.range.end) }, newText: text };
      else item.insertText = text;
      if (c.deprecated) item.tags = [CompletionItemTag.Deprecated];
      items.push(item);
    }
  }
  return items;
});

// ---------- workspace lint ----------

connection.onRequest(LintWorkspaceRequest, async (params, token): Promise<LintWorkspaceResult> => {
  const t0 = performance.now();
  const targets = params?.folder ? [addFolder(params.folder)] : [...folders.values()];
  let progress: WorkDoneProgressServerReporter | undefined;
  if (hasWorkDoneProgress) {
    try {
      progress = await connection.window.createWorkDoneProgress();
    } catch {
      progress = undefined;
    }
  }
  let cancelledByUser = false;
  progress?.token.onCancellationRequested(() => (cancelledByUser = true));
  const stop = () => cancelledByUser || token.isCancellationRequested;
  progress?.begin('shipshape: linting the workspace', 0, 'reading files…', true);
  let files = 0;
  let findings = 0;
  const withFindings = new Set<string>();
  const notices: Notice[] = [];
  const result = (cancelled: boolean): LintWorkspaceResult => ({
    files,
    filesWithFindings: withFindings.size,
    findings,
    cancelled,
    ms: performance.now() - t0,
    notices: notices.slice(0, MAX_LISTED_NOTICES),
    noticeCount: notices.length,
  });
  try {
    for (const folder of targets) {
      await prepare(folder);
      const exclude = await excludesFor(folder);
      const read = await folder.readDisk({ exclude, shouldStop: stop, onProgress: (seen) => progress?.report(0, `${seen} files looked at`) });
      if (read.cancelled || stop()) return result(true);
      notices.push(...read.notices);
      logNotices(read.notices);
      for (const p of read.removed) clear(pathToUri(p));
      const paths = folder.workspace.all().map((f) => f.path);
      const CHUNK = 50;
      for (let i = 0; i < paths.length; i += CHUNK) {
        if (stop()) return result(true);
        const chunk = paths.slice(i, i + CHUNK);
        const found = await lintAndPublish(folder, chunk, 'workspace lint');
        files += chunk.length;
        findings += found.length;
        for (const f of found) withFindings.add(f.file);
        const done = Math.min(paths.length, i + CHUNK);
        progress?.report(Math.round((done / paths.length) * 100), `${done}/${paths.length} files`);
        await new Promise((r) => setImmediate(r));
      }
    }
    return result(false);
  } finally {
    progress?.done();
  }
});

// ---------- explain an error ----------

// `folder` is a folder URI; without one, the first workspace folder is searched for evidence.
connection.onRequest(ExplainRequest, (params: { text: string; folder?: string; links?: 'file' | 'command' }) => {
  const root = typeof params?.folder === 'string' && params.folder ? uriToPath(params.folder) : [...folders.values()][0]?.root;
  return explainAnswer({ text: params?.text, links: params?.links, folder: root });
});

// Last line of defence: a handler that fails is logged, and the server keeps serving the other documents.
process.on('unhandledRejection', report);
process.on('uncaughtException', report);

documents.listen(connection);
connection.listen();

