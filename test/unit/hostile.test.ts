// Hostile workspaces: the walker and the CLI finish with notices, never a crash, and memory stays bounded.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { walk } from '../../server/src/engine/walk';
import { lintPaths } from '../../server/src/engine/project';
import { makeEmptyFiles, makeHostileFolder, NON_UTF8_NAME } from '../hostile-workspace';

const BIN = path.join(__dirname, '..', '..', 'bin', 'shipshape.js');
let tmp: string;

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-hostile-'));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function mk(rel: string, text = ''): string {
  const p = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
}

describe('hostile workspaces', () => {
  it('survives symlink loops, a link to /, dangling links, FIFOs, a 500 MB file and non-UTF-8 names', async () => {
    const ws = path.join(tmp, 'ws1');
    makeHostileFolder(ws, '{"live-restore": true}\n');

    const res = await walk([ws]);
    const rel = (p: string) => path.relative(ws, p);
    assert.deepEqual(res.files.map((f) => rel(f.path)).filter((p) => p.endsWith('daemon.json')), ['etc/docker/daemon.json']);
    assert.ok(res.notices.some((n) => rel(n.file) === 'big/daemon.json' && /larger than 5 MB/.test(n.message)), JSON.stringify(res.notices));
    assert.ok(res.notices.some((n) => rel(n.file) === 'host-root' && /outside the folders being linted/.test(n.message)), JSON.stringify(res.notices));
    assert.ok(res.notices.some((n) => rel(n.file) === NON_UTF8_NAME && /name is not valid UTF-8/.test(n.message)), JSON.stringify(res.notices));

    const cli = spawnSync(process.execPath, [BIN, 'lint', '--format', 'json', ws], { encoding: 'utf8', timeout: 60_000 });
    assert.notEqual(cli.status, 2, cli.stderr);
    assert.doesNotMatch(cli.stderr, /at .*\.js:\d+/);
    const out = JSON.parse(cli.stdout);
    assert.ok(out.notices.length >= 2);
  });

  it('survives files that vanish during the walk', async () => {
    const ws = path.join(tmp, 'ws2');
    for (let i = 0; i < 2000; i++) mk(`ws2/d${i % 10}/job${i}.sh`, 'docker ps\n');
    let deleted = false;
    const res = await walk([ws], {
      onProgress: () => {
        if (deleted) return;
        deleted = true;
        for (let i = 0; i < 2000; i += 2) fs.rmSync(path.join(ws, `d${i % 10}`, `job${i}.sh`), { force: true });
        fs.rmSync(path.join(ws, 'd9'), { recursive: true, force: true });
      },
    });
    assert.ok(deleted);
    assert.ok(res.files.length < 2000);
    assert.ok(res.files.every((f) => f.text === 'docker ps\n'));
  });

  it('lints 100,000 empty files with bounded memory', async () => {
    const ws = path.join(tmp, 'ws3');
    makeEmptyFiles(ws, 100_000);
    const rss0 = process.memoryUsage().rss;
    const run = await lintPaths([ws]);
    const grown = (process.memoryUsage().rss - rss0) / 1024 / 1024;
    console.log(`100,000 empty files: ${run.filesLinted} linted, ${run.findings.length} findings, RSS grew ${grown.toFixed(0)} MB`);
    assert.equal(run.filesLinted, 100_000);
    assert.ok(grown < 1024, `RSS grew by ${grown.toFixed(0)} MB`);
  });
});
