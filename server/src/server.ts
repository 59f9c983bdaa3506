// The language server: wiring of the LSP adapter over the engine (no rule logic here). One Folder (engine Workspace
// + Linter) per workspace folder; open documents override the disk. A change re-lints the files that cross-file rules
// tie to it, open or not, and shows only what changed (lsp/publish.ts). A client that pulls diagnostics asks for open
// documents' diagnostics itself and is told to ask again when a cross-file change altered them; other clients get
// pushes, a change after a quiet spell linted at once and a burst once it is over (lsp/schedule.ts). Code actions
// come from the record of the last lint. Settings are pulled per folder and layered over `.shipshape.yaml`.
import * as fs from 'node:fs';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  RequestType,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type InitializeParams,
  type InitializeResult,
  type WorkDoneProgressServerReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAMES } from './engine/config';
import { isEmbedded } from './core/embedded-files';
import type { Finding, Notice } from './core/finding';
import { HADOLINT_CONFIG_NAMES } from './engine/hadolint-config';
import type { SourceFile } from './model/rule';
import { codeActions, configFileFor, isStaleDiagnostic, isUsable } from './lsp/code-actions';
import { completionsAt } from './lsp/completion';
import { configDiagnostics } from './lsp/config-diagnostics';
import { Texts } from './lsp/convert';
import { DocumentPaths } from './lsp/documents';
import { explainAnswer } from './lsp/explain';
import type { Folder } from './lsp/folder';
import { Folders } from './lsp/folders';
import { hoverAt } from './lsp/hover';
import { isUnder, uriToPath } from './lsp/paths';
import { Publisher } from './lsp/publish';
import { LintScheduler } from './lsp/schedule';
import { SettingsSource } from './lsp/settings-source';
import { lintWorkspace, MAX_LISTED_NOTICES } from './lsp/workspace-lint';
import { EXPLAIN, LINT_WORKSPACE, type ExplainAnswer, type ExplainParams, type LintWorkspaceParams, type LintWorkspaceResult } from './protocol/requests';
import { allRules } from './rules';

declare const SHIPSHAPE_VERSION: string;

const LintWorkspaceRequest = new RequestType<LintWorkspaceParams, LintWorkspaceResult, void>(LINT_WORKSPACE);
const ExplainRequest = new RequestType<ExplainParams, ExplainAnswer, void>(EXPLAIN);

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const paths = new DocumentPaths();
const folders = new Folders(allRules);
const settings = new SettingsSource(connection);
const publisher = new Publisher({
  push: (uri, version, diagnostics) => void connection.sendDiagnostics({ uri, version, diagnostics }),
  refresh: () => void connection.languages.diagnostics.refresh().catch(() => undefined),
});
const scheduler = new LintScheduler(async (uri) => {
  const doc = documents.get(uri);
  if (doc) await validateDocument(doc, 'change');
}, report);
const caps = { dynamicWatch: false, documentChanges: false, workDoneProgress: false, workspaceFolders: false };
/** Documents just opened: the change event that follows an open is the open's, linted (or not) by the open handler. */
const justOpened = new Set<string>();
/** Pull mode: open documents changed since they were opened (with `lintOnOpen` off, the others are not linted). */
const changedSinceOpen = new Set<string>();
/** Per folder, the config file URI whose problems are on show. */
const configShown = new Map<Folder, string>();

function openDocumentFor(p: string): TextDocument | undefined {
  for (const d of documents.all()) if (paths.pathOf(d.uri) === p) return d;
  return undefined;
}

// ---------- linting and publishing ----------

/** Put an open document's text into its folder's workspace. */
function syncDocument(doc: TextDocument): { folder: Folder; file: SourceFile | undefined } {
  const p = paths.pathOf(doc.uri);
  const folder = folders.of(p);
  const file = folder.setDocument(p, doc.getText());
  return { folder, file };
}

/** The files whose findings may change when `changed` changes: themselves and every file a cross-file rule ties to them. */
function affectedBy(folder: Folder, changed: SourceFile[]): string[] {
  const out = new Set(changed.map((f) => f.path));
  // A file counts with the files it writes (a script's daemon.json), and a written file stands for its writer.
  const kinds = new Set(changed.flatMap((f) => [f.kind, ...folder.workspace.embeddedOf(f).map((e) => e.kind)]));
  const tied = new Set<string>();
  for (const r of folder.linter.rules) if (r.meta.scope === 'workspace' && r.meta.kinds.some((k) => kinds.has(k))) r.meta.kinds.forEach((k) => tied.add(k));
  for (const k of tied) for (const f of folder.workspace.files(k as never)) out.add(isEmbedded(f) ? f.embed.host.path : f.path);
  // Files showing findings now must be looked at again, so findings that no longer hold are cleared.
  for (const uri of publisher.withFindings()) {
    const p = paths.pathOf(uri);
    if (folder.workspace.get(p) && isUnder(p, folder.root || '/')) out.add(p);
  }
  return [...out];
}

/** Lint these paths of a folder and show: open documents always, other files when they have or had findings. */
async function lintAndPublish(folder: Folder, list: string[], why: string): Promise<Finding[]> {
  await settings.prepare(folder);
  for (const p of folder.takeDropped()) publisher.clear(paths.uriOf(p));
  // A document may have closed while the settings were read: lint only what is still in the workspace.
  list = list.filter((p) => folder.workspace.get(p));
  const t0 = performance.now();
  const result = folder.linter.lint(list);
  const ms = performance.now() - t0;
  const byFile = new Map<string, Finding[]>();
  for (const p of list) byFile.set(p, []);
  for (const f of result.findings) byFile.get(f.file)?.push(f);
  const texts = new Texts((p) => folder.workspace.get(p)?.text);
  const versionOf = (p: string) => folder.workspace.get(p)?.version ?? -1;
  const openByPath = new Map<string, TextDocument>();
  for (const d of documents.all()) openByPath.set(paths.pathOf(d.uri), d);
  for (const [p, found] of byFile) {
    const doc = openByPath.get(p);
    const file = folder.workspace.get(p);
    if (doc && file && file.text !== doc.getText()) continue; // a newer edit is on its way
    publisher.offer(doc?.uri ?? paths.uriOf(p), doc?.version ?? null, found, texts, versionOf);
  }
  publisher.flush();
  connection.console.log(`linted ${list.length} file(s) (${why}) in ${ms.toFixed(1)} ms: ${result.findings.length} finding(s)`);
  return result.findings;
}

async function validateDocument(doc: TextDocument, why: string): Promise<void> {
  const { folder, file } = syncDocument(doc);
  if (!file) {
    if (!showConfig(folder, paths.pathOf(doc.uri))) publisher.clear(doc.uri);
    return;
  }
  await lintAndPublish(folder, affectedBy(folder, [file]), why);
}

/**
 * Show the problems of a folder's `.shipshape.yaml` on that file. With `onlyFor`, only when it is that file.
 * Returns whether the file was the folder's config file.
 */
function showConfig(folder: Folder, onlyFor?: string): boolean {
  const file = folder.configFile?.split('\\').join('/');
  if (onlyFor !== undefined && file !== onlyFor) return false;
  const before = configShown.get(folder);
  const uri = file ? paths.uriOf(file) : undefined;
  if (before && before !== uri) publisher.clear(before);
  if (!file || !uri) {
    configShown.delete(folder);
    return true;
  }
  const doc = openDocumentFor(file);
  let text = doc?.getText();
  if (text === undefined) {
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      text = '';
    }
  }
  configShown.set(folder, uri);
  publisher.showPlain(uri, doc?.version ?? null, configDiagnostics(text, folder.notices));
  publisher.flush();
  return true;
}

/** Everything shown or open, again (after a settings or config change). */
async function relintAll(why: string): Promise<void> {
  const byFolder = new Map<Folder, Set<string>>();
  const add = (p: string) => {
    const f = folders.of(p);
    if (!f.workspace.get(p)) return;
    let s = byFolder.get(f);
    if (!s) byFolder.set(f, (s = new Set()));
    s.add(p);
  };
  for (const d of documents.all()) {
    syncDocument(d);
    add(paths.pathOf(d.uri));
  }
  for (const uri of publisher.withFindings()) add(paths.pathOf(uri));
  for (const [f, list] of byFolder) await lintAndPublish(f, [...list], why);
}

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
  const c = params.capabilities;
  settings.enabled = !!c.workspace?.configuration;
  caps.dynamicWatch = !!c.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  caps.documentChanges = !!c.workspace?.workspaceEdit?.documentChanges;
  caps.workDoneProgress = !!c.window?.workDoneProgress;
  caps.workspaceFolders = !!c.workspace?.workspaceFolders;
  // Pull only with a client that can also be told to pull again after a cross-file change.
  publisher.pull = !!c.textDocument?.diagnostic && !!c.workspace?.diagnostics?.refreshSupport;
  const list = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
  for (const wf of list) folders.add(wf.uri);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll + '.shipshape'], resolveProvider: false },
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['"'], resolveProvider: false },
      diagnosticProvider: publisher.pull ? { identifier: 'shipshape', interFileDependencies: true, workspaceDiagnostics: false } : undefined,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'shipshape', version: typeof SHIPSHAPE_VERSION === 'string' ? SHIPSHAPE_VERSION : undefined },
  };
});

/** Read a folder's files from disk in the background, then re-lint what shows, so cross-file rules see the disk. */
function startReading(folder: Folder): void {
  folder.ready = (async () => {
    await settings.prepare(folder);
    showConfig(folder);
    const exclude = await settings.excludesOf(folder);
    const t0 = performance.now();
    const read = await folder.readDisk({ exclude });
    connection.console.log(`read ${read.paths.length} file(s) of ${folder.root} in ${(performance.now() - t0).toFixed(0)} ms`);
    logNotices(read.notices);
    const open = documents.all().map((d) => paths.pathOf(d.uri)).filter((p) => folders.of(p) === folder && folder.workspace.get(p));
    if (open.length) await lintAndPublish(folder, affectedBy(folder, open.map((p) => folder.workspace.get(p)!)), 'folder read');
  })().catch(report);
}

connection.onInitialized(() => {
  if (settings.enabled) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'shipshape' });
  if (caps.dynamicWatch) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] });
  // Only a client that has workspace folders can announce changes to them (asking anyway throws, and the folders
  // would never be read).
  if (caps.workspaceFolders) connection.workspace.onDidChangeWorkspaceFolders((e) => {
    for (const r of e.removed) {
      const root = folders.remove(r.uri);
      if (root === undefined) continue;
      for (const uri of [...publisher.withFindings()]) if (isUnder(paths.pathOf(uri), root) && !documents.get(uri)) publisher.clear(uri);
    }
    for (const a of e.added) startReading(folders.add(a.uri));
    void relintAll('folders changed').catch(report);
  });
  for (const f of folders.all()) startReading(f);
});

connection.onDidChangeConfiguration(() => {
  settings.clear();
  void relintAll('settings changed').catch(report);
});

documents.onDidOpen(async (e) => {
  justOpened.add(e.document.uri);
  const folder = folders.of(paths.pathOf(e.document.uri));
  const s = await settings.of(folder);
  // Closed (or reopened) while the settings were on their way: that document is no longer ours to lint.
  if (documents.get(e.document.uri) !== e.document) return;
  // A pulling client asks for the diagnostics itself.
  if (s.lintOnOpen && !publisher.pull) void validateDocument(e.document, 'open').catch(report);
  else syncDocument(e.document);
});

documents.onDidChangeContent((e) => {
  if (justOpened.delete(e.document.uri)) {
    syncDocument(e.document);
    return;
  }
  // The text goes into the workspace at once, so cross-file rules linting another file see the latest edit.
  syncDocument(e.document);
  changedSinceOpen.add(e.document.uri);
  if (!publisher.pull) scheduler.changed(e.document.uri);
});

documents.onDidClose((e) => {
  const p = paths.pathOf(e.document.uri);
  scheduler.cancel(e.document.uri);
  justOpened.delete(e.document.uri);
  changedSinceOpen.delete(e.document.uri);
  const folder = folders.of(p);
  const before = folder.workspace.get(p);
  folder.closeDocument(p);
  const after = folder.workspace.get(p);
  publisher.clear(e.document.uri);
  showConfig(folder, p); // a config file's problems stay on show as pushed ones
  // The disk text may differ from the closed buffer: files tied to it are linted again.
  if (before !== after) {
    const changed = after ?? before;
    if (changed) void lintAndPublish(folder, affectedBy(folder, [changed]).filter((x) => x !== p), 'close').catch(report);
  }
});

connection.languages.diagnostics.on(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return { kind: 'full', items: [] };
  return publisher.answerPull(doc.uri, params.previousResultId, async () => {
    const folder = folders.of(paths.pathOf(doc.uri));
    const s = await settings.of(folder);
    if (!s.lintOnOpen && !changedSinceOpen.has(doc.uri)) {
      syncDocument(doc);
      return;
    }
    await validateDocument(doc, 'pull');
  });
});

connection.onDidChangeWatchedFiles(async (params) => {
  const touched = new Map<Folder, SourceFile[]>();
  const reload = new Set<Folder>();
  for (const ch of params.changes) {
    const p = paths.pathOf(ch.uri);
    const folder = folders.of(p);
    if (folder === folders.loose) continue;
    const base = p.slice(p.lastIndexOf('/') + 1);
    if (CONFIG_FILE_NAMES.includes(base) || HADOLINT_CONFIG_NAMES.includes(base)) {
      reload.add(folder);
      continue;
    }
    // Files whose rules read this path from the disk (a .dockerignore, a build context) are worked out again.
    for (const r of folder.linter.readersOf(p)) {
      const f = folder.workspace.get(r);
      if (f) push(touched, folder, f);
    }
    const before = folder.workspace.get(p);
    if (ch.type === FileChangeType.Deleted) {
      if (folder.open.has(p) || !folder.workspace.remove(p)) continue;
      publisher.clear(ch.uri);
      if (before) push(touched, folder, before);
      continue;
    }
    if (!folder.refreshFromDisk(p)) continue;
    const after = folder.workspace.get(p);
    if (after) push(touched, folder, after);
    else if (before) {
      publisher.clear(ch.uri);
      push(touched, folder, before);
    }
  }
  for (const f of reload) {
    f.reloadConfigFile();
    showConfig(f);
    settings.clear();
  }
  try {
    if (reload.size) await relintAll('configuration file changed');
    for (const [folder, files] of touched) await lintAndPublish(folder, affectedBy(folder, files), 'files changed on disk');
  } catch (e) {
    report(e);
  }
});

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

// ---------- code actions, hover, completion ----------

connection.onCodeAction((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  const record = publisher.records.get(doc.uri);
  if (!isUsable(record, doc.version)) return []; // stale: the document changed since the lint these fixes came from
  if (params.context.diagnostics.some((d) => isStaleDiagnostic(d, record))) return []; // the client's view is older than the record
  const p = paths.pathOf(doc.uri);
  const folder = folders.of(p);
  const file = folder.workspace.get(p);
  if (!file) return [];
  const read = (x: string): string | undefined => {
    const open = openDocumentFor(x);
    if (open) return open.getText();
    const w = folders.of(x).workspace.get(x);
    if (w) return w.text;
    try {
      return fs.readFileSync(x, 'utf8');
    } catch {
      return undefined;
    }
  };
  const ctx = {
    uri: doc.uri,
    path: p,
    kind: file.kind,
    version: doc.version,
    text: doc.getText(),
    read,
    versionOf: (x: string) => openDocumentFor(x)?.version ?? null,
    configFile: configFileFor(folder.root, folder.configFile),
    unsafeFixes: folder.config.unsafeFixes,
    documentChanges: caps.documentChanges,
  };
  return codeActions(record, ctx, params.context.diagnostics, params.context.only);
});

connection.onHover((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  const p = paths.pathOf(doc.uri);
  const folder = folders.of(p);
  const file = folder.workspace.get(p);
  if (!file || file.text !== doc.getText()) return null;
  const record = publisher.records.get(doc.uri);
  return hoverAt(file, folder.workspace, doc.offsetAt(params.position), isUsable(record, doc.version) ? record : undefined, report);
});

connection.onCompletion((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  const { folder, file } = syncDocument(doc);
  if (!file) return [];
  return completionsAt(file, folder.workspace, doc.offsetAt(params.position), report);
});

// ---------- workspace lint and explain ----------

connection.onRequest(LintWorkspaceRequest, async (params, token) => {
  let progress: WorkDoneProgressServerReporter | undefined;
  if (caps.workDoneProgress) progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
  const targets = params?.folder ? [folders.add(params.folder)] : folders.all();
  return lintWorkspace(targets, {
    progress,
    token,
    prepare: (f) => settings.prepare(f),
    excludesOf: (f) => settings.excludesOf(f),
    removed: (p) => publisher.clear(paths.uriOf(p)),
    lintAndPublish,
    logNotices,
  });
});

// `folder` is a folder URI; without one, the first workspace folder is searched for evidence.
connection.onRequest(ExplainRequest, (params: ExplainParams) => {
  const root = typeof params?.folder === 'string' && params.folder ? uriToPath(params.folder) : folders.all()[0]?.root;
  return explainAnswer({ text: params?.text, links: params?.links, folder: root });
});

// Last line of defence: a handler that fails is logged, and the server keeps serving the other documents.
process.on('unhandledRejection', report);
process.on('uncaughtException', report);

documents.listen(connection);
connection.listen();
