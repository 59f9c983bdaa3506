// A minimal real LSP client over stdio for measurements: spawns dist/server.js and speaks JSON-RPC to it.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  PublishDiagnosticsNotification,
  LogMessageNotification,
  ConfigurationRequest,
  RegistrationRequest,
  WorkDoneProgressCreateRequest,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

/** The bundled server; BENCH_SERVER points at another build (e.g. of an earlier commit) to compare. */
export const SERVER = process.env.BENCH_SERVER ?? path.join(__dirname, '..', 'dist', 'server.js');
/** Node flags for the server process, e.g. BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile it. */
const NODE_ARGS = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];

export interface Session {
  proc: ChildProcess;
  conn: ProtocolConnection;
  /** resolves with the next publishDiagnostics for the uri */
  nextDiagnostics(uri: string, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  /** How many publishDiagnostics came so far, for any URI. */
  publications(): number;
  /** Every log message of the server so far, with the time it came (ms since the spawn). */
  logs: { ms: number; message: string }[];
  /** resolves with the next log message from the server that matches */
  nextLog(re: RegExp, timeoutMs?: number): Promise<string>;
  rssBytes(): number;
  /** Why the server process ended, when it has. */
  exited(): string | undefined;
  close(): Promise<void>;
}

export async function startServer(rootDir: string): Promise<Session> {
  // Started as the extension starts it (client/src/extension.ts): with `--expose-gc`, for the collection between edits.
  const proc = spawn(process.execPath, ['--expose-gc', ...NODE_ARGS, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (d) => (stderr = (stderr + String(d)).slice(-4000)));
  // A server that is gone makes writes fail: that is reported through exited() and the pending waits, not thrown.
  proc.stdin!.on('error', () => undefined);
  let exit: string | undefined;
  const failures: ((e: Error) => void)[] = [];
  proc.on('exit', (code, signal) => {
    exit = `server exited (code ${code}, signal ${signal})${stderr ? `: ${stderr.trim()}` : ''}`;
    for (const f of failures.splice(0)) f(new Error(exit));
  });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const waiters = new Map<string, ((p: PublishDiagnosticsParams) => void)[]>();
  const logWaiters: { re: RegExp; resolve: (m: string) => void }[] = [];
  const logs: { ms: number; message: string }[] = [];
  const spawned = performance.now();
  conn.onNotification(LogMessageNotification.type, (p) => {
    logs.push({ ms: performance.now() - spawned, message: p.message });
    for (const w of [...logWaiters]) {
      if (w.re.test(p.message)) {
        logWaiters.splice(logWaiters.indexOf(w), 1);
        w.resolve(p.message);
      }
    }
  });
  let publications = 0;
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    publications++;
    const list = waiters.get(p.uri);
    if (list?.length) list.shift()!(p);
  });
  conn.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => ({})));
  conn.onRequest(RegistrationRequest.type, () => undefined);
  conn.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
  conn.listen();
  const rootUri = pathToFileURL(rootDir).toString();
  await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: path.basename(rootDir) }],
    // What VS Code announces: among others, that it sends workspace folder changes.
    capabilities: { workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } }, window: { workDoneProgress: true }, textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } } },
  });
  await conn.sendNotification(InitializedNotification.type, {});
  return {
    proc,
    conn,
    nextDiagnostics(uri, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        if (exit) return reject(new Error(exit));
        const t = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
        failures.push(reject);
        const list = waiters.get(uri) ?? [];
        list.push((p) => {
          clearTimeout(t);
          resolve(p);
        });
        waiters.set(uri, list);
      });
    },
    nextLog(re, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        if (exit) return reject(new Error(exit));
        const t = setTimeout(() => reject(new Error(`no log matching ${re} within ${timeoutMs} ms`)), timeoutMs);
        failures.push(reject);
        logWaiters.push({
          re,
          resolve: (m) => {
            clearTimeout(t);
            resolve(m);
          },
        });
      });
    },
    logs,
    publications: () => publications,
    exited: () => exit,
    rssBytes() {
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${proc.pid}/status`, 'utf8'));
        return m ? Number(m[1]) * 1024 : 0;
      } catch {
        return 0;
      }
    },
    async close() {
      if (!exit) {
        const gone = new Promise((r) => proc.once('exit', r));
        try {
          await Promise.race([conn.sendRequest('shutdown'), gone, new Promise((r) => setTimeout(r, 2000))]);
          // The server exits on `exit`: wait for that before letting go of the pipes.
          if (!exit) await conn.sendNotification('exit');
        } catch {
          /* already gone */
        }
        await Promise.race([gone, new Promise((r) => setTimeout(r, 2000))]);
      }
      conn.dispose();
      if (!exit) proc.kill();
    },
  };
}

export function openDoc(s: Session, file: string, languageId: string, text: string): string {
  const uri = pathToFileURL(file).toString();
  void s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  return uri;
}

export function changeDoc(s: Session, uri: string, version: number, text: string): void {
  void s.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
}
