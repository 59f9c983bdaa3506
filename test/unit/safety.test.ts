// Safety: nothing from the workspace is executed or evaluated, nothing reaches the network, doctor only reads, and
// the extension says honestly where it can run. The CLI and the server run over a workspace full of commands that
// would leave a mark if anything ran them, with every way to start a program, open a socket or evaluate text
// trapped (test/safety/trap.cjs), and with the workspace's own `docker`, `dockerd` and `systemd-analyze` first in PATH.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scratchWorkspace, TestClient, uri } from '../lsp/client';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'shipshape.js');
const TRAP = path.join(ROOT, 'test', 'safety', 'trap.cjs');

let ws: string;
let mark: string;
let trapLog: string;
let env: NodeJS.ProcessEnv;

/** Every file below `dir` with its size and modification time. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const p = path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name);
    const st = fs.lstatSync(p);
    out.push(`${path.relative(dir, p)} ${st.size} ${st.mtimeMs}`);
  }
  return out.sort();
}

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--require', TRAP, BIN, ...args], { encoding: 'utf8', env, timeout: 120_000, input: 'overlay: too many links\n' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function nothingRan(): void {
  assert.equal(fs.existsSync(trapLog) ? fs.readFileSync(trapLog, 'utf8') : '', '', 'a program, a socket or an eval was reached');
  assert.equal(fs.existsSync(mark), false, 'a command from the workspace was run');
}

before(() => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-safety-'));
  mark = path.join(tmp, 'ran');
  trapLog = path.join(tmp, 'trap.log');
  const touch = `touch ${mark}`;
  ws = scratchWorkspace({
    'jobs/evil.sh': `#!/bin/sh\n${touch}\ndocker exec -it web sh -c "$(${touch})"\n`,
    'etc/cron.d/evil': `SHELL=/bin/sh\n* * * * * root ${touch} && docker system prune -af\n`,
    'etc/systemd/system/docker.service.d/evil.conf': `[Service]\nExecStartPre=${touch}\nExecStart=/usr/bin/dockerd $(${touch})\n`,
    'evil/Dockerfile': `FROM alpine:3.20\nRUN ${touch}\n`,
    'evil/compose.yaml': `services:\n  web:\n    image: alpine\n    command: ${touch}\n    healthcheck:\n      test: ["CMD-SHELL", "${touch}"]\n`,
    'evil/.env': `X=$(${touch})\n`,
    '.github/workflows/evil.yml': `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${touch}\n`,
    '.shipshape.yaml': `# shipshape-ignore-file\nrules:\n  destructive-prune: warning\n`,
  });
  // Programs a linter might be tempted to call, found first in PATH: each would leave the mark.
  const bin = path.join(ws, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  for (const name of ['docker', 'dockerd', 'systemd-analyze', 'systemctl', 'crontab', 'hadolint', 'sh', 'bash']) {
    fs.writeFileSync(path.join(bin, name), `#!/bin/sh\n${touch}\n`, { mode: 0o755 });
  }
  env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, SHIPSHAPE_TRAP_LOG: trapLog, NODE_OPTIONS: '' };
});
after(() => fs.rmSync(ws, { recursive: true, force: true }));

describe('nothing from the workspace runs', () => {
  it('the trap itself catches a spawn (so a silent run below means something)', () => {
    const r = spawnSync(process.execPath, ['--require', TRAP, '-e', "try { require('node:child_process').spawnSync('docker') } catch {}"], { env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(fs.readFileSync(trapLog, 'utf8'), /child_process\.spawnSync/);
    fs.rmSync(trapLog);
  });

  it('CLI: lint, lint --fix, explain with a workspace, rules, doctor', () => {
    for (const args of [['lint', '--format', 'json', ws], ['lint', '--format', 'sarif', ws], ['explain', '--workspace', ws, '-'], ['rules'], ['doctor', '--root', ws, '--format', 'json']]) {
      const r = run(args);
      assert.ok(r.status === 0 || r.status === 1, `${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
    }
    nothingRan();
    const fixCopy = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-safety-fix-'));
    fs.cpSync(ws, fixCopy, { recursive: true });
    const r = run(['lint', '--fix', fixCopy]);
    fs.rmSync(fixCopy, { recursive: true, force: true });
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    nothingRan();
  });

  it('doctor only reads: the host tree is byte for byte and time for time as it was', () => {
    const before = snapshot(ws);
    const r = run(['doctor', '--root', ws]);
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    assert.deepEqual(snapshot(ws), before);
    nothingRan();
  });

  it('server: open, edit, hover, complete, act, lint the workspace, explain', async () => {
    const saved = process.env.NODE_OPTIONS;
    const savedPath = process.env.PATH;
    Object.assign(process.env, { NODE_OPTIONS: `--require ${TRAP}`, SHIPSHAPE_TRAP_LOG: trapLog, PATH: env.PATH });
    const client = new TestClient(ws);
    process.env.NODE_OPTIONS = saved;
    process.env.PATH = savedPath;
    try {
      await client.initialize();
      for (const [rel, lang] of [['jobs/evil.sh', 'shellscript'], ['etc/cron.d/evil', 'crontab'], ['evil/compose.yaml', 'yaml'], ['etc/systemd/system/docker.service.d/evil.conf', 'systemd-unit'], ['evil/Dockerfile', 'dockerfile']] as const) {
        const p = path.join(ws, rel);
        const u = uri(p);
        client.open(p, lang);
        const d = await client.waitDiagnostics(u, () => true, 10_000);
        await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: u }, position: { line: 1, character: 2 } });
        await client.conn.sendRequest('textDocument/completion', { textDocument: { uri: u }, position: { line: 1, character: 2 } });
        await client.codeActions(u, d.diagnostics);
      }
      await client.conn.sendRequest('shipshape/lintWorkspace', {});
      await client.conn.sendRequest('shipshape/explain', { text: 'too many links', folder: uri(ws) });
      assert.equal(client.proc.exitCode, null);
    } finally {
      await client.stop();
    }
    nothingRan();
  });
});

describe('the code cannot run what it reads', () => {
  const forbidden: [RegExp, string][] = [
    [/\beval\s*\(/, 'eval'],
    [/\bnew\s+Function\s*\(/, 'new Function'],
    [/(\bfrom|\brequire\(|\bimport\()\s*['"](node:)?child_process['"]/, 'child_process'],
    [/(\bfrom|\brequire\(|\bimport\()\s*['"](node:)?(http|https|http2|net|tls|dgram|dns|vm|worker_threads)['"]/, 'network, vm or workers'],
    [/\bfetch\s*\(/, 'fetch'],
    [/\brequire\s*\(\s*[^'"\s)]/, 'require of a computed name'],
    [/\bimport\s*\(\s*[^'"\s)]/, 'import of a computed name'],
  ];
  const sources = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile() && /\.(ts|js|cjs|mjs)$/.test(e.name)).map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));

  it('no eval, Function, child process, network or computed require in the server, client and CLI sources', () => {
    const hits: string[] = [];
    for (const file of [...sources(path.join(ROOT, 'server', 'src')), ...sources(path.join(ROOT, 'client', 'src')), BIN]) {
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (/^\s*(\/\/|\*)/.test(line)) return; // comments may name what the code must not do
        for (const [re, what] of forbidden) if (re.test(line)) hits.push(`${path.relative(ROOT, file)}:${i + 1}: ${what}`);
      });
    }
    assert.deepEqual(hits, []);
  });

  it('no eval or Function in the bundles that ship', () => {
    for (const name of ['server.js', 'cli.js', 'extension.js']) {
      const text = fs.readFileSync(path.join(ROOT, 'dist', name), 'utf8');
      assert.doesNotMatch(text, /\beval\s*\(|\bnew\s+Function\s*\(/, `dist/${name}`);
    }
  });
});

describe('where the extension says it can run', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

  it('supports untrusted workspaces (it only reads them) and says so', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
    assert.match(manifest.capabilities.untrustedWorkspaces.description, /runs no program/);
  });

  it('does not claim virtual workspaces: the server reads the disk and the client only sends file: documents', () => {
    assert.equal(manifest.capabilities.virtualWorkspaces.supported, false);
    const selector = fs.readFileSync(path.join(ROOT, 'client', 'src', 'selector.ts'), 'utf8');
    const schemes = [...selector.matchAll(/scheme:\s*(\w+)/g)].map((m) => m[1]);
    assert.ok(schemes.length > 0);
    assert.deepEqual([...new Set(schemes)], ['FILE']);
    assert.match(selector, /const FILE = 'file';/);
  });
});

describe('YAML is read with bounds', () => {
  // Nine aliases of nine aliases, nine levels deep: 9^9 "lol"s if every alias were expanded.
  const laughs = (prefix: string) => {
    const lines = [`${prefix}a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`];
    for (let i = 1; i < 9; i++) {
      const [p, c] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
      lines.push(`${prefix}${c}: &${c} [${Array(9).fill(`*${p}`).join(',')}]`);
    }
    return lines.join('\n') + '\n';
  };

  it('a billion laughs in a compose file, a workflow, a GitLab pipeline and .shipshape.yaml is linted, not expanded', () => {
    const dir = scratchWorkspace(
      {
        'compose.yaml': `services:\n  web:\n    image: nginx\nx-bomb:\n${laughs('  ')}`,
        '.github/workflows/ci.yml': `on: push\nx:\n${laughs('  ')}jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n`,
        '.gitlab-ci.yml': laughs(''),
        '.shipshape.yaml': `x:\n${laughs('  ')}`,
      },
      false,
    );
    try {
      const r = spawnSync(process.execPath, [BIN, 'lint', '--format', 'json', dir], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
      assert.ok(r.status === 0 || r.status === 1, `exit ${r.status} ${r.signal ?? ''}\n${r.stderr}`);
      const out = JSON.parse(r.stdout) as { files: number };
      assert.equal(out.files, 3);
      assert.ok(r.stdout.length < 1024 * 1024, `${r.stdout.length} bytes of output`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
