// The language server under abuse, over stdio with a real client connection: a thousand edits in a second, cancelled
// requests, requests about documents never opened, a document closed while its lint is under way, and malformed
// params. The server never dies, answers every request, and never leaves stale diagnostics behind: a publication
// carries the version it was computed from, versions only go forward, and the last one is the last edit's.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CancellationTokenSource, ResponseError, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { scratchWorkspace, TestClient, uri } from './client';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wait until nothing has been published for `quietMs`. */
async function settle(all: Map<string, PublishDiagnosticsParams[]>, quietMs = 400, maxMs = 20_000): Promise<void> {
  const count = () => [...all.values()].reduce((n, l) => n + l.length, 0);
  const t0 = Date.now();
  let last = count();
  let since = Date.now();
  while (Date.now() - t0 < maxMs) {
    await sleep(50);
    const now = count();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
}

/** Send a request, and return either its result or the error it answered with (never hangs past `ms`). */
async function answer(client: TestClient, method: string, params: unknown, ms = 10_000): Promise<{ result?: unknown; error?: ResponseError<unknown> }> {
  const timeout = sleep(ms).then(() => {
    throw new Error(`no answer to ${method} within ${ms} ms`);
  });
  try {
    return { result: await Promise.race([client.conn.sendRequest(method, params), timeout]) };
  } catch (e) {
    if (e instanceof ResponseError) return { error: e };
    throw e;
  }
}

function alive(client: TestClient): void {
  assert.equal(client.proc.exitCode, null, 'the server exited');
  assert.equal(client.proc.signalCode, null, 'the server was killed');
}

/** The server still answers: a hover on an open document comes back. */
async function responsive(client: TestClient, u: string): Promise<void> {
  alive(client);
  const r = await answer(client, 'textDocument/hover', { textDocument: { uri: u }, position: { line: 0, character: 0 } }, 5000);
  assert.equal(r.error, undefined, String(r.error?.message));
}

const crashLogs = (client: TestClient) => client.logs.filter((l) => /TypeError|RangeError|ReferenceError|Unhandled|uncaught/i.test(l));

describe('language server under abuse', () => {
  let ws: string;
  let client: TestClient;
  let all: Map<string, PublishDiagnosticsParams[]>;
  let daemonPath: string;
  let daemonUri: string;

  before(async () => {
    const files: Record<string, string> = { 'etc/docker/daemon.json': '{\n  "live-restore": true\n}\n' };
    // Enough files that a workspace lint takes a while and can be cancelled halfway.
    for (let i = 0; i < 1500; i++) files[`hosts/h${i % 50}/jobs/job${i}.sh`] = `#!/bin/sh\ndocker exec -it web${i} sh -c 'date'\n`;
    ws = scratchWorkspace(files, false);
    client = await TestClient.start(ws);
    all = client.history;
    daemonPath = path.join(ws, 'etc/docker/daemon.json');
    daemonUri = uri(daemonPath);
  });
  after(() => client.dispose());

  it('a thousand edits in a second: every publication matches its version, and the last edit wins', async () => {
    const text = (v: number) => `{\n  "zz${v}": 1,\n  "live-restore": true\n}\n`;
    const opened = client.open(daemonPath, 'json', text(1));
    await client.waitDiagnostics(daemonUri, (p) => p.version === 1);
    const t0 = performance.now();
    let version = opened.version;
    let actionsAsked = 0;
    for (let i = 0; i < 1000; i++) {
      version = client.setText(daemonUri, text(version + 1)).version;
      if (i % 100 === 50) {
        // Code actions asked for mid-burst with diagnostics of an older version: answered, never an error.
        const old = all.get(daemonUri)!.at(-1)!.diagnostics;
        const r = await answer(client, 'textDocument/codeAction', { textDocument: { uri: daemonUri }, range: old[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: old } });
        assert.equal(r.error, undefined);
        actionsAsked++;
      }
      if (i % 10 === 9) await sleep(1);
    }
    const sentIn = performance.now() - t0;
    await client.waitDiagnostics(daemonUri, (p) => p.version === version, 10_000, false);
    await settle(all);
    const pubs = all.get(daemonUri)!.filter((p) => p.version !== 1);
    console.log(`# 1000 edits sent in ${sentIn.toFixed(0)} ms; ${pubs.length} publication(s) followed; code actions asked mid-burst: ${actionsAsked}`);
    assert.ok(sentIn < 3000, `sending took ${sentIn} ms`);
    // Versions only go forward, and each publication is about the text of its own version.
    for (let i = 1; i < pubs.length; i++) assert.ok((pubs[i].version ?? 0) >= (pubs[i - 1].version ?? 0), `version went back: ${pubs[i - 1].version} -> ${pubs[i].version}`);
    for (const p of pubs) {
      const keys = p.diagnostics.map((d) => String(d.message).match(/"(zz\d+)"/)?.[1]).filter(Boolean);
      assert.deepEqual(keys, [`zz${p.version}`], `publication for version ${p.version} is about ${keys.join(', ')}`);
    }
    assert.equal(pubs.at(-1)!.version, version);
    assert.ok(pubs.length <= 50, `${pubs.length} publications for a burst of 1000 edits: intermediate versions were linted`);
    // Code actions now see the current diagnostics.
    const actions = await client.codeActions(daemonUri, pubs.at(-1)!.diagnostics);
    assert.ok(Array.isArray(actions));
    await responsive(client, daemonUri);
  });

  it('a cancelled workspace lint stops early, and the next one runs to the end', async () => {
    const source = new CancellationTokenSource();
    const t0 = performance.now();
    const pending = client.conn.sendRequest('shipshape/lintWorkspace', {}, source.token) as Promise<{ cancelled: boolean; files: number }>;
    await sleep(30);
    source.cancel();
    let first: { cancelled: boolean; files: number } | undefined;
    try {
      first = await pending;
    } catch (e) {
      assert.ok(e instanceof ResponseError, String(e));
      assert.equal(e.code, -32800, e.message); // RequestCancelled
    }
    const cancelledMs = performance.now() - t0;
    if (first) assert.equal(first.cancelled, true, JSON.stringify(first));
    const full = (await client.conn.sendRequest('shipshape/lintWorkspace', {})) as { cancelled: boolean; files: number; filesWithFindings: number };
    const fullMs = performance.now() - t0 - cancelledMs;
    console.log(`# cancelled workspace lint answered after ${cancelledMs.toFixed(0)} ms (${first ? `result, ${first.files} files` : 'RequestCancelled'}); full lint ${fullMs.toFixed(0)} ms, ${full.files} files`);
    assert.equal(full.cancelled, false);
    assert.equal(full.files, 1501);
    assert.ok(full.filesWithFindings >= 1500);
    await responsive(client, daemonUri);
  });

  it('two workspace lints at once both finish', async () => {
    const [a, b] = (await Promise.all([client.conn.sendRequest('shipshape/lintWorkspace', {}), client.conn.sendRequest('shipshape/lintWorkspace', {})])) as { files: number; cancelled: boolean }[];
    assert.deepEqual([a.cancelled, b.cancelled], [false, false]);
    assert.equal(a.files, 1501);
    assert.equal(b.files, 1501);
  });

  it('cancelled code action, hover and completion requests are answered or refused, never lost', async () => {
    const diags = client.diagnostics.get(daemonUri)?.diagnostics ?? [];
    for (const [method, params] of [
      ['textDocument/codeAction', { textDocument: { uri: daemonUri }, range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } }, context: { diagnostics: diags } }],
      ['textDocument/hover', { textDocument: { uri: daemonUri }, position: { line: 1, character: 4 } }],
      ['textDocument/completion', { textDocument: { uri: daemonUri }, position: { line: 1, character: 3 } }],
    ] as const) {
      const source = new CancellationTokenSource();
      const pending = client.conn.sendRequest(method, params, source.token);
      source.cancel();
      try {
        await Promise.race([pending, sleep(5000).then(() => assert.fail(`${method}: no answer after cancel`))]);
      } catch (e) {
        assert.ok(e instanceof ResponseError && e.code === -32800, `${method}: ${String(e)}`);
      }
    }
    await responsive(client, daemonUri);
  });

  it('hover, code actions and completion on documents never opened answer empty', async () => {
    const onDisk = uri(path.join(ws, 'hosts/h1/jobs/job1.sh'));
    const unknown = [uri(path.join(ws, 'never/opened/daemon.json')), 'untitled:Untitled-7', onDisk, 'file:///', 'vscode-vfs://github/x/y/daemon.json', 'not a uri at all', ''];
    for (const u of unknown) {
      const pos = { line: 1, character: 2 };
      const hover = await answer(client, 'textDocument/hover', { textDocument: { uri: u }, position: pos });
      assert.equal(hover.error, undefined, `${u}: ${hover.error?.message}`);
      assert.equal(hover.result, null);
      const completion = await answer(client, 'textDocument/completion', { textDocument: { uri: u }, position: pos });
      assert.equal(completion.error, undefined, `${u}: ${completion.error?.message}`);
      assert.deepEqual(completion.result, []);
      const diag = { range: { start: pos, end: pos }, message: 'x', code: 'daemon-json-invalid', source: 'shipshape' };
      const actions = await answer(client, 'textDocument/codeAction', { textDocument: { uri: u }, range: diag.range, context: { diagnostics: [diag] } });
      assert.equal(actions.error, undefined, `${u}: ${actions.error?.message}`);
      assert.deepEqual(actions.result, []);
    }
    // A method the server does not have is refused, and the server carries on.
    const nope = await answer(client, 'textDocument/documentSymbol', { textDocument: { uri: daemonUri } });
    assert.equal(nope.error?.code, -32601);
    await responsive(client, daemonUri);
  });

  it('a document closed before its lint runs leaves no diagnostics behind', async () => {
    const p = path.join(ws, 'scratch/etc/docker/daemon.json'); // not on disk
    const u = uri(p);
    for (let round = 0; round < 20; round++) {
      client.open(p, 'json', `{ "zz${round}": 1, }`);
      if (round % 2) client.setText(u, `{ "zz${round}x": 1, }`);
      if (round % 4 === 3) await sleep(round); // sometimes the lint is already under way
      client.close(u);
    }
    await settle(all);
    const last = all.get(u)?.at(-1);
    assert.ok(!last || last.diagnostics.length === 0, `diagnostics left on a closed document: ${JSON.stringify(last)}`);
    await responsive(client, daemonUri);
  });

  it('a document closed while the settings it waits for are still on their way is not linted as open', async () => {
    // Slow settings: the server asks for them when a document opens after a settings change.
    client.conn.onRequest('workspace/configuration', async (prm: { items: { section?: string }[] }) => {
      await sleep(300);
      return prm.items.map((i) => (i.section === 'shipshape' ? {} : i.section === 'files.exclude' ? {} : null));
    });
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const p = path.join(ws, 'late/etc/docker/daemon.json'); // not on disk yet
    const u = uri(p);
    client.open(p, 'json', '{ "zzlate": 1, }');
    await sleep(20);
    client.close(u);
    await sleep(700);
    await settle(all);
    const after = all.get(u) ?? [];
    assert.ok(!after.length || after.at(-1)!.diagnostics.length === 0, `a closed document got diagnostics: ${JSON.stringify(after.at(-1))}`);
    // The path is not stuck as "open": written to disk, it is read from disk like any other file.
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, '{ "zzdisk": 1 }\n');
    const waiting = client.waitDiagnostics(u, (x) => x.diagnostics.some((d) => /zzdisk/.test(String(d.message))), 5000);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: u, type: 1 }] });
    const disk = await waiting;
    assert.equal(disk.version, undefined);
    client.conn.onRequest('workspace/configuration', (prm: { items: { section?: string }[] }) => prm.items.map((i) => (i.section === 'shipshape' ? client.settings : i.section === 'files.exclude' ? { '**/.git': true } : null)));
    await responsive(client, daemonUri);
  });

  it('a document closed during a workspace lint ends with the disk state', async () => {
    const p = path.join(ws, 'hosts/h2/jobs/job2.sh');
    const u = uri(p);
    client.open(p, 'shellscript', '#!/bin/sh\necho fine\n');
    await client.waitDiagnostics(u, (x) => x.version === 1, 5000, false);
    const lint = client.conn.sendRequest('shipshape/lintWorkspace', {});
    await sleep(20);
    client.close(u);
    await lint;
    await settle(all);
    const last = all.get(u)!.at(-1)!;
    // Closed: what shows is the file on disk (which runs docker exec -it from a script), with no version.
    assert.equal(last.version, undefined);
    assert.ok(last.diagnostics.some((d) => d.code === 'tty-without-terminal'), JSON.stringify(last.diagnostics.map((d) => d.code)));
  });

  it('malformed params are refused or ignored, and the server carries on', async () => {
    const bad: [string, unknown][] = [
      ['textDocument/hover', { textDocument: { uri: daemonUri }, position: { line: -5, character: -1 } }],
      ['textDocument/hover', { textDocument: { uri: daemonUri }, position: { line: 'one', character: {} } }],
      ['textDocument/hover', { textDocument: { uri: daemonUri }, position: { line: 1e12, character: Number.MAX_SAFE_INTEGER } }],
      ['textDocument/hover', { textDocument: { uri: daemonUri } }],
      ['textDocument/hover', { textDocument: { uri: 42 }, position: { line: 0, character: 0 } }],
      ['textDocument/hover', { textDocument: null, position: null }],
      ['textDocument/hover', null],
      ['textDocument/completion', { textDocument: { uri: daemonUri }, position: { line: 1e9, character: 1e9 } }],
      ['textDocument/completion', { textDocument: { uri: daemonUri }, position: { line: 1.5, character: NaN } }],
      ['textDocument/completion', { textDocument: { uri: [] }, position: { line: 0, character: 0 } }],
      ['textDocument/codeAction', { textDocument: { uri: daemonUri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }],
      ['textDocument/codeAction', { textDocument: { uri: daemonUri }, range: null, context: { diagnostics: 'all' } }],
      ['textDocument/codeAction', { textDocument: { uri: daemonUri }, range: null, context: { diagnostics: [{ range: null, message: 7 }, null, 3] } }],
      ['textDocument/codeAction', { textDocument: { uri: daemonUri }, context: { diagnostics: [], only: 'quickfix' } }],
      ['shipshape/lintWorkspace', { folder: 42 }],
      ['shipshape/lintWorkspace', { folder: 'file:///definitely/not/a/folder/of/this/workspace' }],
      ['shipshape/lintWorkspace', 'everything'],
    ];
    for (const [method, params] of bad) {
      const r = await answer(client, method, params);
      if (r.error) assert.ok([-32602, -32603, -32600].includes(r.error.code), `${method} ${JSON.stringify(params)}: ${r.error.code} ${r.error.message}`);
      alive(client);
    }
    // Notifications cannot be answered: they must simply not hurt.
    const notes: [string, unknown][] = [
      ['textDocument/didChange', { textDocument: { uri: daemonUri, version: 3 }, contentChanges: [{ range: { start: { line: 900, character: 0 }, end: { line: 999, character: 5 } }, text: 'x' }] }],
      ['textDocument/didChange', { textDocument: { uri: 'file:///never/opened.json', version: 2 }, contentChanges: [{ text: '{}' }] }],
      ['textDocument/didChange', { textDocument: { uri: daemonUri }, contentChanges: null }],
      ['textDocument/didOpen', { textDocument: { uri: 42, languageId: 'json', version: 1, text: '{}' } }],
      ['textDocument/didOpen', { textDocument: { uri: uri(path.join(ws, 'weird/daemon.json')), languageId: 'json', version: 1, text: 12345 } }],
      ['textDocument/didOpen', null],
      ['textDocument/didClose', { textDocument: { uri: 'file:///never/opened.json' } }],
      ['textDocument/didClose', { textDocument: {} }],
      ['workspace/didChangeWatchedFiles', { changes: [{ uri: 'file:///etc/../../x', type: 9 }, { uri: 17, type: 1 }] }],
      ['workspace/didChangeWatchedFiles', { changes: null }],
      ['workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: 5 }], removed: [null] } }],
      ['workspace/didChangeConfiguration', null],
      ['$/cancelRequest', { id: 987654 }],
      ['$/setTrace', { value: 'nonsense' }],
    ];
    for (const [method, params] of notes) {
      await client.conn.sendNotification(method, params);
      await sleep(20);
      alive(client);
    }
    await sleep(300);
    alive(client);
    // The daemon.json document is still tracked and linted as it changes.
    const next = client.setText(daemonUri, '{\n  "zzafter": 1\n}\n');
    const p = await client.waitDiagnostics(daemonUri, (x) => x.version === next.version, 5000);
    assert.ok(p.diagnostics.some((d) => /zzafter/.test(String(d.message))));
    assert.deepEqual(crashLogs(client).filter((l) => !/Notification handler|Request handler/.test(l)), []);
    await responsive(client, daemonUri);
  });
});
