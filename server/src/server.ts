// The language server: wiring of the LSP adapter over the engine (no rule logic here). One Folder (engine Workspace
// + Linter) per workspace folder; open documents override the disk. A change re-lints the files that cross-file rules
// tie to it, open or not (lsp/linting.ts), and shows only what changed (lsp/publish.ts). A client that pulls
// diagnostics asks for open documents' diagnostics itself and is told to ask again when a cross-file change altered
// them; other clients get pushes, a change after a quiet spell linted at once and a burst once it is over
// (lsp/schedule.ts). Code actions come from the record of the last lint. Settings are pulled per folder and layered
// over `.shipshape.yaml`, whose own problems are shown on it (lsp/config-view.ts).
import * as fs from 'node:fs';
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  RequestType,
  TextDocuments,
  createConnection,
  type WorkDoneProgressServerReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Notice } from './core/finding';
import { clientCaps, serverCapabilities, type ClientCaps } from './lsp/capabilities';
import { codeActions, configFileFor, isStaleDiagnostic, isUsable } from './lsp/code-actions';
import { completionsAt } from './lsp/completion';
import { ConfigView } from './lsp/config-view';
import { DocumentPaths } from './lsp/documents';
import { explainAnswer } from './lsp/explain';
import type { Folder } from './lsp/folder';
import { Folders } from './lsp/folders';
import { hoverAt } from './lsp/hover';
import { IdleCollector, exposedCollector } from './lsp/idle-gc';
import { Linting } from './lsp/linting';
import { isUnder, uriToPath } from './lsp/paths';
import { Publisher } from './lsp/publish';
import { LintScheduler } from './lsp/schedule';
import { SettingsSource } from './lsp/settings-source';
import { applyDiskChanges } from './lsp/watched-files';
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
const openAt = (p: string) => {
  const doc = linting.openDocumentFor(p);
  return doc && { text: doc.getText(), version: doc.version };
};
const config = new ConfigView(publisher, paths, openAt);
const linting = new Linting({ documents, paths, folders, settings, publisher, config, log: (m) => connection.console.log(m) });
const collector = new IdleCollector(exposedCollector());
const scheduler = new LintScheduler(
  async (uri) => {
    const doc = documents.get(uri);
    if (doc) await linting.validate(doc, 'change');
  },
  report,
  collector,
);
let caps: ClientCaps | undefined;
/** Documents just opened: the change event that follows an open is the open's, linted (or not) by the open handler. */
const justOpened = new Set<string>();
/** Pull mode: open documents changed since they were opened (with `lintOnOpen` off, the others are not linted). */
const changedSinceOpen = new Set<string>();

/** Skipped files go to the output channel, so a finding that is missing can be explained. */
function logNotices(notices: readonly Notice[]): void {
  for (const n of notices.slice(0, MAX_LISTED_NOTICES)) connection.console.warn(`skipped ${n.file}: ${n.message}`);
  if (notices.length > MAX_LISTED_NOTICES) connection.console.warn(`… and ${notices.length - MAX_LISTED_NOTICES} more skipped file(s)`);
}

function report(e: unknown): void {
  connection.console.error(`shipshape: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
}

// ---------- lifecycle ----------

connection.onInitialize((params) => {
  caps = clientCaps(params);
  settings.enabled = caps.configuration;
  publisher.pull = caps.pull;
  const list = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
  for (const wf of list) folders.add(wf.uri);
  return {
    capabilities: serverCapabilities(publisher.pull),
    serverInfo: { name: 'shipshape', version: typeof SHIPSHAPE_VERSION === 'string' ? SHIPSHAPE_VERSION : undefined },
  };
});

/** Read a folder's files from disk in the background, then re-lint what shows, so cross-file rules see the disk. */
function startReading(folder: Folder): void {
  folder.ready = (async () => {
    await settings.prepare(folder);
    config.show(folder);
    const exclude = await settings.excludesOf(folder);
    const t0 = performance.now();
    const read = await folder.readDisk({ exclude });
    connection.console.log(`read ${read.paths.length} file(s) of ${folder.root} in ${(performance.now() - t0).toFixed(0)} ms`);
    logNotices(read.notices);
    await linting.lintOpenIn(folder, 'folder read');
    collector.settle();
  })().catch(report);
}

connection.onInitialized(() => {
  if (settings.enabled) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'shipshape' });
  if (caps?.dynamicWatch) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] });
  // Only a client that has workspace folders can announce changes to them (asking anyway throws, and the folders
  // would never be read).
  if (caps?.workspaceFolders) connection.workspace.onDidChangeWorkspaceFolders((e) => {
    for (const r of e.removed) {
      const root = folders.remove(r.uri);
      if (root === undefined) continue;
      for (const uri of [...publisher.withFindings()]) if (isUnder(paths.pathOf(uri), root) && !documents.get(uri)) publisher.clear(uri);
    }
    for (const a of e.added) startReading(folders.add(a.uri));
    void linting.relintAll('folders changed').catch(report);
  });
  for (const f of folders.all()) startReading(f);
});

connection.onDidChangeConfiguration(() => {
  settings.clear();
  void linting.relintAll('settings changed').catch(report);
});

documents.onDidOpen(async (e) => {
  justOpened.add(e.document.uri);
  const folder = folders.of(paths.pathOf(e.document.uri));
  const s = await settings.of(folder);
  // Closed (or reopened) while the settings were on their way: that document is no longer ours to lint.
  if (documents.get(e.document.uri) !== e.document) return;
  // A pulling client asks for the diagnostics itself.
  if (s.lintOnOpen && !publisher.pull) void linting.validate(e.document, 'open').catch(report);
  else linting.sync(e.document);
});

documents.onDidChangeContent((e) => {
  if (justOpened.delete(e.document.uri)) {
    linting.sync(e.document);
    return;
  }
  // The text goes into the workspace at once, so cross-file rules linting another file see the latest edit.
  linting.sync(e.document);
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
  config.show(folder, p); // a config file's problems stay on show as pushed ones
  // The disk text may differ from the closed buffer: files tied to it are linted again.
  if (before !== after) {
    const changed = after ?? before;
    if (changed) void linting.lintChangedAndPublish(folder, [changed], 'close', p).catch(report);
  }
});

connection.languages.diagnostics.on(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return { kind: 'full', items: [] };
  return publisher.answerPull(doc.uri, params.previousResultId, async () => {
    const folder = folders.of(paths.pathOf(doc.uri));
    const s = await settings.of(folder);
    if (!s.lintOnOpen && !changedSinceOpen.has(doc.uri)) {
      linting.sync(doc);
      return;
    }
    await linting.validate(doc, 'pull');
  });
});

connection.onDidChangeWatchedFiles(async (params) => {
  const { reload, touched, gone } = applyDiskChanges(params.changes, folders, paths);
  for (const uri of gone) publisher.clear(uri);
  for (const f of reload) {
    f.reloadConfigFile();
    config.show(f);
    settings.clear();
  }
  try {
    if (reload.size) await linting.relintAll('configuration file changed');
    for (const [folder, files] of touched) await linting.lintChangedAndPublish(folder, files, 'files changed on disk');
  } catch (e) {
    report(e);
  }
});

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
    const open = linting.openDocumentFor(x);
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
    versionOf: (x: string) => linting.openDocumentFor(x)?.version ?? null,
    configFile: configFileFor(folder.root, folder.configFile),
    unsafeFixes: folder.config.unsafeFixes,
    documentChanges: !!caps?.documentChanges,
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
  const { folder, file } = linting.sync(doc);
  if (!file) return [];
  return completionsAt(file, folder.workspace, doc.offsetAt(params.position), report);
});

// ---------- workspace lint and explain ----------

connection.onRequest(LintWorkspaceRequest, async (params, token) => {
  let progress: WorkDoneProgressServerReporter | undefined;
  if (caps?.workDoneProgress) progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
  const targets = params?.folder ? [folders.add(params.folder)] : folders.all();
  return lintWorkspace(targets, {
    progress,
    token,
    prepare: (f) => settings.prepare(f),
    excludesOf: (f) => settings.excludesOf(f),
    removed: (p) => publisher.clear(paths.uriOf(p)),
    lintAndPublish: (f, list, why) => linting.lintAndPublish(f, list, why),
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
