// A hostile workspace folder opened in the language server, over stdio: symlink loops, a link to `/`, a dangling
// link, a FIFO, a 500 MB file, a name that is not UTF-8 and 100,000 empty files. The server reads the folder at
// start-up and again on a workspace lint; it must finish both, say what it skipped, lint what it could and stay
// within bounded memory.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeEmptyFiles, makeHostileFolder, NON_UTF8_NAME } from '../hostile-workspace';
import { TestClient, uri } from './client';

interface LintWorkspaceResult {
  files: number;
  findings: number;
  cancelled: boolean;
  notices: { file: string; message: string }[];
  noticeCount: number;
}

/** Peak resident memory of a process, from /proc (Linux). */
function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]);
  return kb / 1024;
}

describe('language server on a hostile workspace', () => {
  let ws: string;
  let client: TestClient;

  before(() => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-lsp-hostile-'));
    makeHostileFolder(ws, '{\n  "storage-driver": "devicemapper"\n}\n');
    makeEmptyFiles(path.join(ws, 'many'), 100_000);
  });
  after(async () => {
    await client?.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('reads the folder, lints it to the end, lists what it skipped and keeps its memory bounded', async () => {
    client = new TestClient(ws);
    await client.initialize();
    const daemonUri = uri(path.join(ws, 'etc/docker/daemon.json'));
    const result = (await client.conn.sendRequest('shipshape/lintWorkspace', {})) as LintWorkspaceResult;
    assert.equal(result.cancelled, false);
    // daemon.json and the 100,000 empty files.
    assert.equal(result.files, 100_001);
    const skipped = (name: string, why: RegExp) => result.notices.some((n) => path.relative(ws, n.file) === name && why.test(n.message));
    assert.ok(skipped('big/daemon.json', /larger than 5 MB/), JSON.stringify(result.notices));
    assert.ok(skipped('host-root', /outside the folders being linted/), JSON.stringify(result.notices));
    assert.ok(skipped(NON_UTF8_NAME, /name is not valid UTF-8/), JSON.stringify(result.notices));
    assert.equal(result.noticeCount, result.notices.length);
    // What could be linted was.
    const daemon = await client.waitDiagnostics(daemonUri, (p) => p.diagnostics.length > 0, 10_000, false);
    assert.ok(daemon.diagnostics.some((d) => d.code === 'daemon-legacy-storage-driver'), JSON.stringify(daemon.diagnostics.map((d) => d.code)));
    // The output channel says what was skipped.
    assert.ok(client.logs.some((l) => /^skipped .*big\/daemon\.json: .*larger than 5 MB/.test(l)), client.logs.slice(0, 20).join('\n'));
    const peak = peakRssMb(client.proc.pid!);
    console.log(`# hostile workspace: ${result.files} files linted, ${result.noticeCount} skipped with a notice, server peak RSS ${peak.toFixed(0)} MB`);
    assert.ok(peak < 1024, `server peak RSS ${peak.toFixed(0)} MB`);
    assert.equal(client.proc.exitCode, null);
    assert.deepEqual(client.logs.filter((l) => /TypeError|RangeError|ReferenceError|Unhandled|uncaught/i.test(l)), []);
  });
});
