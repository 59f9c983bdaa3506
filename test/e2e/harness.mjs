// The real editor for end-to-end tests: a fresh code-server (VS Code in a browser, installed by .e2e/install.sh) per
// suite, on 127.0.0.1 with auth off and its own HOME and XDG folders, with our .vsix installed; Debian's chromium
// driven by playwright-core; stopped by process group so no file watcher or extension host is left behind.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';

export const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);
export const E2E = path.join(ROOT, '.e2e');
export const SHOTS = path.join(ROOT, 'test', 'e2e', 'screenshots');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
export const VSIX = path.join(ROOT, `${pkg.name}-${pkg.version}.vsix`);
export const EXTENSION_ID = `${pkg.publisher}.${pkg.name}`;
export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));

/** Fails with what to install when the real editor is missing (the e2e run must not pass by skipping). */
export function requireEditor() {
  if (!fs.existsSync(path.join(E2E, 'node_modules', '.installed-lock.json'))) throw new Error('code-server is not installed: run .e2e/install.sh');
  if (!CHROMIUM) throw new Error('Debian chromium is not installed: apt-get install chromium');
}

export function node24Bin() {
  const dir = path.join(E2E, 'node_modules', 'node', 'node_modules');
  const plat = fs.readdirSync(dir).find((n) => n.startsWith('node-linux-'));
  if (!plat) throw new Error('Node 24 is missing from .e2e: run .e2e/install.sh');
  return path.join(dir, plat, 'bin');
}

export function playwright() {
  return createRequire(path.join(E2E, 'package.json'))('playwright-core');
}

/** The product .vsix, built by `npm run package` (built here when absent). */
export function productVsix() {
  if (!fs.existsSync(VSIX)) execFileSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: 'inherit' });
  const size = fs.statSync(VSIX).size;
  return { path: VSIX, size };
}

/** The API suite bundled for the extension host (vscode external), and the runner extension that calls it. */
export async function buildSuite(outDir) {
  const { build } = await import('esbuild');
  const suite = path.join(outDir, 'suite.js');
  await build({ entryPoints: [path.join(ROOT, 'test', 'e2e', 'suite', 'index.ts')], outfile: suite, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'warning' });
  return suite;
}

export function packRunner(outDir) {
  const dir = path.join(outDir, 'runner-ext');
  fs.cpSync(path.join(ROOT, 'test', 'e2e', 'runner-ext'), dir, { recursive: true });
  const vsix = path.join(outDir, 'runner.vsix');
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], { cwd: dir, stdio: 'pipe' });
  return vsix;
}

/** A scratch copy of examples/ plus extra files, so edits never touch the repository. */
export function scratchWorkspace(extra = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-e2e-ws-'));
  fs.cpSync(path.join(ROOT, 'examples'), dir, { recursive: true });
  for (const [rel, text] of Object.entries(extra)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** A fresh code-server with these extensions, serving `workspace`. */
export async function startCodeServer({ workspace, extensions, env = {} }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-e2e-cs-'));
  const home = path.join(dir, 'home');
  fs.mkdirSync(path.join(dir, 'user', 'User'), { recursive: true });
  fs.mkdirSync(home, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'user', 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'files.hotExit': 'off',
      'telemetry.telemetryLevel': 'off',
      'chat.disableAIFeatures': true,
      'workbench.tips.enabled': false,
      'extensions.ignoreRecommendations': true,
      'security.workspace.trust.enabled': false,
      'update.mode': 'none',
    }),
  );
  const baseEnv = {
    ...process.env,
    PATH: `${node24Bin()}:${process.env.PATH}`,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    NODE_OPTIONS: '',
  };
  const cs = path.join(E2E, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const common = ['--config', path.join(dir, 'config.yaml'), '--user-data-dir', path.join(dir, 'user'), '--extensions-dir', path.join(dir, 'ext')];
  for (const vsix of extensions) execFileSync(path.join(node24Bin(), 'node'), [cs, ...common, '--install-extension', vsix], { env: baseEnv, stdio: 'pipe' });
  const port = await freePort();
  const log = fs.openSync(path.join(dir, 'code-server.log'), 'w');
  const child = spawn(
    path.join(node24Bin(), 'node'),
    [cs, ...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', workspace],
    { env: { ...baseEnv, ...env }, stdio: ['ignore', log, log], detached: true },
  );
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30000;
  for (;;) {
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`code-server did not start; see ${path.join(dir, 'code-server.log')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const exited = new Promise((r) => child.once('exit', r));
  return {
    base,
    dir,
    url: `${base}/?folder=${encodeURIComponent(workspace)}`,
    log: path.join(dir, 'code-server.log'),
    async stop() {
      // The whole process group: code-server, its extension hosts, file watchers and our language server.
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
      const t = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, 5000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** Debian's chromium with a fresh profile, headless. */
export async function launchBrowser(dir) {
  const { chromium } = playwright();
  const home = path.join(dir, 'browser-home');
  fs.mkdirSync(home, { recursive: true });
  process.env.HOME = home; // chromium writes crash reports and dconf under HOME even with a fresh profile
  return chromium.launchPersistentContext(path.join(dir, 'browser-profile'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
