// Shared by the integration tests: the npm tarball as `npm pack` makes it, installed the way users install it.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..');

/** npm, with no colour, no audit and no update check; never the npm_config_* of an enclosing `npm run`. */
export function npmEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return { ...env, NODE_OPTIONS: '', NO_COLOR: '1', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...extra };
}

export function tmpDir(prefix: string): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `shipshape-${prefix}-`)));
}

/** `npm pack` of the working tree into `dest` (the bundles must be built: `npm test` builds them first). */
export function packTarball(dest: string): string {
  for (const f of ['cli.js', 'server.js']) if (!fs.existsSync(path.join(ROOT, 'dist', f))) throw new Error(`dist/${f} is missing: run \`npm run build\` first`);
  // --ignore-scripts: prepack would only build the bundles again.
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], { cwd: ROOT, env: npmEnv(), encoding: 'utf8' });
  const [info] = JSON.parse(out) as { filename: string }[];
  return path.join(dest, info.filename);
}

/** A DAEMON_JSON with "graph", removed in Engine 23.0: dockerd refuses to start with it. */
export const GRAPH_DAEMON_JSON = '{\n  "graph": "/data/docker",\n  "log-driver": "json-file",\n  "log-opts": { "max-size": "10m", "max-file": "3" }\n}\n';

/**
 * Start `cmd` as a language server over stdio, send `initialize`, and resolve with its answer (then shut it down
 * politely). Messages are framed by hand, as any editor frames them.
 */
export function initializeServer(cmd: string, args: string[], rootDir: string, env = npmEnv()): Promise<{ result: any; exitCode: number | null }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(cmd, args, { cwd: rootDir, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let buf = Buffer.alloc(0);
    let stderr = '';
    let result: any;
    const timer = setTimeout(() => {
      proc.kill();
      reject(new Error(`no answer to initialize in 20 s; stderr: ${stderr}`));
    }, 20_000);
    const send = (msg: object) => {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }), 'utf8');
      proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
      proc.stdin.write(body);
    };
    proc.stderr.on('data', (d) => (stderr += d));
    proc.on('error', reject);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      if (result === undefined) reject(new Error(`server exited (${code}) before answering; stderr: ${stderr}`));
      else resolve({ result, exitCode: code });
    });
    proc.stdout.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const headerEnd = buf.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const m = /Content-Length: (\d+)/i.exec(buf.subarray(0, headerEnd).toString('ascii'));
        if (!m) return reject(new Error(`bad header: ${buf.subarray(0, headerEnd)}`));
        const end = headerEnd + 4 + Number(m[1]);
        if (buf.length < end) return;
        const msg = JSON.parse(buf.subarray(headerEnd + 4, end).toString('utf8'));
        buf = buf.subarray(end);
        if (msg.id === 1) {
          result = msg.result ?? { error: msg.error };
          send({ id: 2, method: 'shutdown' });
        } else if (msg.id === 2) send({ method: 'exit' });
        else if (msg.id !== undefined && msg.method) send({ id: msg.id, result: null }); // a request from the server
      }
    });
    send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: `file://${rootDir}`, capabilities: {}, workspaceFolders: null } });
  });
}
