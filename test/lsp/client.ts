// A real LSP client for tests: spawns the bundled server (`dist/server.js --stdio`) and talks JSON-RPC to it with
// vscode-languageserver-protocol's connection, answering the requests a client answers (configuration, capability
// registration, progress creation) and collecting what the server publishes.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Diagnostic,
  type WorkspaceEdit,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const ROOT = path.join(__dirname, '..', '..');
export const SERVER = path.join(ROOT, 'dist', 'server.js');

export function uri(p: string): string {
  return pathToFileURL(p).href;
}

/** A scratch copy of examples/ (or of the given files) to lint and change on disk. */
export function scratchWorkspace(files: Record<string, string> = {}, withExamples = true): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-lsp-'));
  if (withExamples) fs.cpSync(path.join(ROOT, 'examples'), dir, { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

interface Waiter {
  uri: string;
  pred: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
}

export class TestClient {
  readonly proc: ChildProcess;
  readonly conn: ProtocolConnection;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Every publication, in arrival order, per URI. */
  readonly history = new Map<string, PublishDiagnosticsParams[]>();
  readonly progress: unknown[] = [];
  readonly logs: string[] = [];
  readonly registrations: string[] = [];
  settings: Record<string, unknown> = {};
  /** How often the server asked this client to pull diagnostics again. */
  refreshes = 0;
  private waiters: Waiter[] = [];
  private docs = new Map<string, TextDocument>();

  constructor(readonly root: string) {
    this.proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      const list = this.history.get(p.uri);
      if (list) list.push(p);
      else this.history.set(p.uri, [p]);
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && w.pred(p)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
    this.conn.onNotification('window/logMessage', (p: { message: string }) => void this.logs.push(p.message));
    this.conn.onNotification('$/progress', (p: unknown) => void this.progress.push(p));
    this.conn.onRequest('workspace/configuration', (p: { items: { section?: string; scopeUri?: string }[] }) =>
      p.items.map((i) => (i.section === 'shipshape' ? this.settings : i.section === 'files.exclude' ? { '**/.git': true } : null)),
    );
    this.conn.onRequest('client/registerCapability', (p: { registrations: { method: string }[] }) => {
      for (const r of p.registrations) this.registrations.push(r.method);
      return null;
    });
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      return null;
    });
    this.conn.listen();
  }

  /** With `pull`, the client says it pulls diagnostics (`textDocument/diagnostic`) and takes refresh requests. */
  async initialize(opts: { pull?: boolean } = {}): Promise<void> {
    const pull = opts.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {};
    await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri(this.root),
      workspaceFolders: [{ uri: uri(this.root), name: path.basename(this.root) }],
      capabilities: {
        workspace: {
          configuration: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
          didChangeConfiguration: { dynamicRegistration: true },
          ...(opts.pull ? { diagnostics: { refreshSupport: true } } : {}),
        },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true }, ...pull },
      },
    });
    await this.conn.sendNotification('initialized', {});
  }

  /** The next diagnostics published for `u` that satisfy `pred` (or the current ones, when they already do and `fresh` is false). */
  waitDiagnostics(u: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 5000, fresh = true): Promise<PublishDiagnosticsParams> {
    const now = this.diagnostics.get(u);
    if (!fresh && now && pred(now)) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const w: Waiter = { uri: u, pred, resolve: (p) => (clearTimeout(t), resolve(p)) };
      const t = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error(`no matching diagnostics for ${u} within ${timeoutMs} ms; last: ${JSON.stringify(this.diagnostics.get(u)?.diagnostics.map((d) => d.code))}`));
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  open(p: string, languageId = 'json', text = fs.readFileSync(p, 'utf8')): TextDocument {
    const doc = TextDocument.create(uri(p), languageId, 1, text);
    this.docs.set(doc.uri, doc);
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: doc.uri, languageId, version: 1, text } });
    return doc;
  }

  doc(u: string): TextDocument {
    const d = this.docs.get(u);
    if (!d) throw new Error(`not open: ${u}`);
    return d;
  }

  /** Apply edits to an open document and send them as an incremental change. */
  change(u: string, edits: TextEdit[]): TextDocument {
    const old = this.doc(u);
    const text = TextDocument.applyEdits(old, edits);
    const next = TextDocument.create(u, old.languageId, old.version + 1, text);
    this.docs.set(u, next);
    void this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: u, version: next.version },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: old.positionAt(old.getText().length) }, text }],
    });
    return next;
  }

  setText(u: string, text: string): TextDocument {
    const old = this.doc(u);
    return this.change(u, [{ range: { start: { line: 0, character: 0 }, end: old.positionAt(old.getText().length) }, newText: text }]);
  }

  close(u: string): void {
    this.docs.delete(u);
    void this.conn.sendNotification('textDocument/didClose', { textDocument: { uri: u } });
  }

  /** Apply a WorkspaceEdit the way an editor does: open documents change in memory, other files on disk. */
  applyEdit(edit: WorkspaceEdit): void {
    const perUri: [string, TextEdit[], number | null][] = [];
    for (const c of edit.documentChanges ?? []) {
      if ('kind' in c) {
        if (c.kind === 'create') {
          const p = new URL(c.uri).pathname;
          if (!fs.existsSync(p)) fs.writeFileSync(p, '');
        }
        continue;
      }
      perUri.push([c.textDocument.uri, c.edits as TextEdit[], c.textDocument.version]);
    }
    for (const [u, edits] of Object.entries(edit.changes ?? {})) perUri.push([u, edits, null]);
    for (const [u, edits, version] of perUri) {
      const open = this.docs.get(u);
      if (open) {
        if (version !== null && version !== open.version) throw new Error(`edit for version ${version}, document is at ${open.version}`);
        this.change(u, edits);
      } else {
        const p = new URL(u).pathname;
        const d = TextDocument.create(u, 'text', 0, fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : '');
        fs.writeFileSync(p, TextDocument.applyEdits(d, edits));
      }
    }
  }

  async codeActions(u: string, diagnostics: Diagnostic[], only?: string[]) {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return (await this.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: u }, range, context: { diagnostics, only } })) as {
      title: string;
      kind?: string;
      isPreferred?: boolean;
      edit?: WorkspaceEdit;
    }[];
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    this.conn.dispose();
    this.proc.kill();
  }

  /** What a `textDocument/diagnostic` request answers for `u`. */
  async pull(u: string, previousResultId?: string): Promise<{ kind: 'full' | 'unchanged'; resultId?: string; items?: Diagnostic[] }> {
    return (await this.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: u }, previousResultId })) as { kind: 'full' | 'unchanged'; resultId?: string; items?: Diagnostic[] };
  }

  /** A server started on `root` and initialized. */
  static async start(root: string, opts: { pull?: boolean } = {}): Promise<TestClient> {
    const client = new TestClient(root);
    await client.initialize(opts);
    return client;
  }

  /** Stop the server and delete its scratch workspace. */
  async dispose(): Promise<void> {
    await this.stop();
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
