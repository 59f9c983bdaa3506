// A second real client: headless Neovim (Debian's neovim) set up with the README's Neovim snippet, the one for the
// installed Neovim's version, and the language server from the npm tarball (`npm pack`, installed with `npm install
// -g` into a scratch prefix put on PATH), as a user gets it. It must receive the same diagnostics as VS Code, apply the
// quick fix, and see them clear. The client's script is test/neovim/lsp.lua.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './harness.mjs';

/** The Lua block that follows the README's line for this Neovim version. */
export function readmeNeovimSnippet(version) {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const heading = version >= 11 ? '**Neovim 0.11 or later**' : '**Neovim 0.7 to 0.10**';
  const at = readme.indexOf(heading);
  assert.ok(at >= 0, `README has "${heading}"`);
  const m = /```lua\n([\s\S]*?)```/.exec(readme.slice(at));
  assert.ok(m, `a lua block follows "${heading}"`);
  return m[1];
}

/** npm without the npm_config_* of the enclosing `npm run`. */
function npmEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
}

test('Neovim (built-in LSP client, README configuration) gets the diagnostics and applies the quick fix', { timeout: 120000 }, () => {
  const version = /NVIM v0\.(\d+)/.exec(execFileSync('nvim', ['--version'], { encoding: 'utf8' }));
  assert.ok(version, 'nvim --version');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-nvim-'));
  // The server as users install it: from the tarball (the bundles are built by `npm run package` before this).
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, env: npmEnv(), encoding: 'utf8' });
  const tarball = path.join(dir, JSON.parse(out)[0].filename);
  const prefix = path.join(dir, 'prefix');
  execFileSync('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], { env: npmEnv(), stdio: 'pipe' });
  const init = path.join(dir, 'init.lua');
  fs.writeFileSync(init, readmeNeovimSnippet(Number(version[1])));
  const work = path.join(dir, 'ws');
  fs.cpSync(path.join(ROOT, 'examples'), work, { recursive: true });
  const file = path.join(work, 'etc', 'docker', 'daemon.json');
  const t0 = Date.now();
  const r = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(ROOT, 'test', 'neovim', 'lsp.lua')}`], {
    cwd: work,
    encoding: 'utf8',
    timeout: 45000,
    env: {
      ...npmEnv(),
      PATH: `${path.join(prefix, 'bin')}:${process.env.PATH}`,
      HOME: dir,
      XDG_CACHE_HOME: path.join(dir, '.cache'),
      XDG_STATE_HOME: path.join(dir, '.state'),
      SHIPSHAPE_INIT: init,
      SHIPSHAPE_FILE: file,
    },
  });
  if (r.error) throw r.error;
  const output = r.stdout + r.stderr;
  for (const line of output.split('\n').filter(Boolean)) console.log(line);
  console.log(`neovim run: ${Date.now() - t0} ms`);
  assert.equal(r.status, 0, output);
  assert.match(output, /^CLIENT shipshape shipshape-language-server --stdio$/m);
  assert.match(output, /^DIAG 2:3-2:39 \[shipshape\/daemon-json-invalid\] severity=1 /m);
  // The folder is the whole workspace: the cross-file finding against docker.service arrives on this file too.
  assert.match(output, /^DIAG 3:3-3:23 \[shipshape\/live-restore-with-mountflags-slave\] severity=1 /m);
  assert.match(output, /^ACTION Delete the comment quickfix true$/m);
  assert.doesNotMatch(output, /^AFTER .*daemon-json-invalid/m);
  assert.match(output, /^AFTER 2:3 \[live-restore-with-mountflags-slave\]$/m, 'moved up a line with the comment gone');
  assert.match(output, /^PASS$/m);
  fs.rmSync(dir, { recursive: true, force: true });
});
