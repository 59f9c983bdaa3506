// A second real client: headless Neovim (Debian's neovim) attaches the same server bundle to one daemon.json and must
// receive the same diagnostics as VS Code, apply the quick fix, and see them clear. The client is test/neovim/lsp.lua.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './harness.mjs';

test('Neovim (built-in LSP client) gets the diagnostics and applies the quick fix', { timeout: 60000 }, () => {
  const server = path.join(ROOT, 'dist', 'server.js');
  assert.ok(fs.existsSync(server), 'dist/server.js is built (npm run build)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-nvim-'));
  fs.cpSync(path.join(ROOT, 'examples'), dir, { recursive: true });
  const file = path.join(dir, 'etc', 'docker', 'daemon.json');
  const t0 = Date.now();
  const r = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(ROOT, 'test', 'neovim', 'lsp.lua')}`], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 45000,
    env: { ...process.env, HOME: dir, XDG_CACHE_HOME: path.join(dir, '.cache'), XDG_STATE_HOME: path.join(dir, '.state'), SHIPSHAPE_SERVER: server, SHIPSHAPE_FILE: file },
  });
  if (r.error) throw r.error;
  const output = r.stdout + r.stderr;
  for (const line of output.split('\n').filter(Boolean)) console.log(line);
  console.log(`neovim run: ${Date.now() - t0} ms`);
  assert.equal(r.status, 0, output);
  assert.match(output, /^DIAG 2:3-2:39 \[shipshape\/daemon-json-invalid\] severity=1 /m);
  assert.match(output, /^ACTION Delete the comment quickfix true$/m);
  assert.match(output, /^PASS$/m);
  fs.rmSync(dir, { recursive: true, force: true });
});
