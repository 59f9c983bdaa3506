// The language server over stdio, spoken to by a real LSP client connection: diagnostics as you type, code actions
// and their edits, hover, completion, workspace lint with progress, files changing on disk, settings.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { scratchWorkspace, TestClient, uri } from './client';

const EXAMPLE_DAEMON = 'etc/docker/daemon.json';
// Log rotation set, so that daemon-log-rotation-missing stays quiet and each test sees only the finding it is about.
const LOGS = '"log-opts": { "max-size": "10m" }';
// With "live-restore": true, daemon.json shows what the examples' docker.service drop-in on disk does to it.
const FROM_THE_DROP_IN = ['live-restore-with-mountflags-slave', 'live-restore-without-killmode-process'];

describe('language server', () => {
  let ws: string;
  let client: TestClient;
  let daemonUri: string;

  before(async () => {
    ws = scratchWorkspace({ 'hosts/b/etc/docker/daemon.json': `{\n  "debug": true,\n  ${LOGS},\n}\n` });
    client = await TestClient.start(ws);
    daemonUri = uri(path.join(ws, EXAMPLE_DAEMON));
  });
  after(() => client.dispose());

  it('publishes diagnostics on open with source, code, docs link and exact range', async () => {
    const waiting = client.waitDiagnostics(daemonUri, (p) => p.diagnostics.length > 0);
    const doc = client.open(path.join(ws, EXAMPLE_DAEMON));
    const { diagnostics, version } = await waiting;
    assert.equal(version, 1);
    const d = diagnostics.find((x) => x.code === 'daemon-json-invalid');
    assert.ok(d, JSON.stringify(diagnostics));
    assert.equal(d.source, 'shipshape');
    assert.equal(d.severity, 1);
    assert.match(d.codeDescription?.href ?? '', /docs\/rules\/daemon-json-invalid\.md$/);
    assert.equal(doc.getText(d.range), '# keep containers up during upgrades');
    assert.match(String(d.message), /invalid character '#' looking for beginning of object key string/);
  });

  it('registers a file watcher and the settings section dynamically', () => {
    assert.ok(client.registrations.includes('workspace/didChangeWatchedFiles'), client.registrations.join());
    assert.ok(client.registrations.includes('workspace/didChangeConfiguration'));
  });

  it('re-lints as the user types, within 200 ms of a change', async () => {
    const latencies: number[] = [];
    const good = client.doc(daemonUri).getText().replace(/^\s*#.*\n/m, '');
    for (let i = 0; i < 5; i++) {
      const bad = good.replace('"json-file"', `"json-file",\n  "debug": ${i % 4 === 0},`).replace(/\}\s*$/, ',\n}\n');
      const t0 = performance.now();
      const next = client.setText(daemonUri, i % 2 === 0 ? bad : good);
      const p = await client.waitDiagnostics(daemonUri, (x) => x.version === next.version);
      latencies.push(performance.now() - t0);
      if (i % 2 === 0) assert.ok(p.diagnostics.some((d) => d.code === 'daemon-json-invalid' && /Trailing comma/.test(String(d.message))));
      // What stays is the cross-file findings with the drop-in on disk (MountFlags=slave, no KillMode), which the server read at
      // start-up although this client announces no workspace folder changes.
      else assert.deepEqual(p.diagnostics.map((d) => d.code), FROM_THE_DROP_IN);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(`# change -> diagnostics latency (ms): ${latencies.map((x) => x.toFixed(0)).join(', ')}; median ${sorted[2].toFixed(0)}, max ${sorted[4].toFixed(0)}`);
    // The debounce is 50 ms; 200 ms is the target, the bound here leaves room for a loaded CI machine.
    assert.ok(sorted[2] < 1000, `median latency ${sorted[2].toFixed(0)} ms`);
  });

  it('offers the engine fix as the preferred quick fix, and applying it clears the finding', async () => {
    const cur = client.doc(daemonUri);
    const next = client.setText(daemonUri, `{\n  # keep containers up\n  "live-restore": true,\n  ${LOGS}\n}\n`);
    const { diagnostics } = await client.waitDiagnostics(daemonUri, (x) => x.version === next.version && x.diagnostics.length > 0);
    assert.ok(cur.version < next.version);
    const actions = await client.codeActions(daemonUri, diagnostics);
    const titles = actions.map((a) => a.title);
    assert.deepEqual(titles.filter((t) => t.startsWith('Delete')), ['Delete the comment']);
    assert.ok(!titles.some((t) => t.startsWith('Ignore')), 'daemon.json cannot hold an ignore comment');
    assert.ok(titles.includes('Turn off daemon-json-invalid for this workspace'));
    const fix = actions.find((a) => a.title === 'Delete the comment')!;
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, true);
    const waiting = client.waitDiagnostics(daemonUri, (x) => x.version === next.version + 1);
    client.applyEdit(fix.edit!);
    assert.equal(client.doc(daemonUri).getText(), `{\n  "live-restore": true,\n  ${LOGS}\n}\n`);
    assert.deepEqual((await waiting).diagnostics.map((d) => d.code), FROM_THE_DROP_IN);
  });

  it('refuses code actions for a stale document version', async () => {
    const next = client.setText(daemonUri, `{\n  // old habit\n  "debug": true,\n  ${LOGS}\n}\n`);
    const { diagnostics } = await client.waitDiagnostics(daemonUri, (x) => x.version === next.version && x.diagnostics.length > 0);
    // The request carries the diagnostics of the older version, whether or not the new one is linted by the time it arrives.
    client.setText(daemonUri, `{\n  // old habit\n  "debug": false,\n  ${LOGS}\n}\n`);
    const actions = await client.codeActions(daemonUri, diagnostics);
    assert.deepEqual(actions, []);
    // The new version is published (possibly before the answer above came back).
    await client.waitDiagnostics(daemonUri, (x) => x.version === next.version + 1, 5000, false);
  });

  it('fix-all applies every safe fix in the file', async () => {
    const next = client.setText(daemonUri, `{\n  # one\n  "debug": true, // two\n  "labels": ["env=prod",],\n  ${LOGS},\n}\n`);
    const { diagnostics } = await client.waitDiagnostics(daemonUri, (x) => x.version === next.version);
    assert.equal(diagnostics.length, 4, JSON.stringify(diagnostics.map((d) => d.message)));
    const actions = await client.codeActions(daemonUri, [], ['source.fixAll.shipshape']);
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.shipshape');
    const waiting = client.waitDiagnostics(daemonUri, (x) => x.version === next.version + 1);
    client.applyEdit(actions[0].edit!);
    assert.equal(client.doc(daemonUri).getText(), `{\n  "debug": true,\n  "labels": ["env=prod"],\n  ${LOGS}\n}\n`);
    assert.doesNotThrow(() => JSON.parse(client.doc(daemonUri).getText()));
    assert.deepEqual((await waiting).diagnostics, []);
  });

  it('points related information at the other occurrence', async () => {
    const next = client.setText(daemonUri, `{\n  "debug": true,\n  "debug": false,\n  ${LOGS}\n}\n`);
    const { diagnostics } = await client.waitDiagnostics(daemonUri, (x) => x.version === next.version);
    const d = diagnostics.find((x) => /given twice/.test(String(x.message)));
    assert.ok(d);
    assert.equal(d.severity, 2);
    assert.equal(d.relatedInformation?.length, 1);
    assert.equal(d.relatedInformation![0].location.uri, daemonUri);
    assert.deepEqual(d.relatedInformation![0].location.range.start, { line: 1, character: 2 });
  });

  it('hovers a finding with its rule page and a daemon.json key with its facts', async () => {
    const next = client.setText(daemonUri, `{\n  # hello\n  "live-restore": true,\n  ${LOGS}\n}\n`);
    await client.waitDiagnostics(daemonUri, (x) => x.version === next.version);
    const onFinding = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: daemonUri }, position: { line: 1, character: 4 } })) as { contents: { value: string } };
    assert.match(onFinding.contents.value, /\*\*daemon-json-invalid\*\*/);
    assert.match(onFinding.contents.value, /What it does/);
    const onKey = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: daemonUri }, position: { line: 2, character: 6 } })) as { contents: { value: string }; range: unknown };
    // The key carries the cross-file finding too (MountFlags=slave in the drop-in): its rule page comes first, and
    // the range is the finding's, then the key's facts.
    assert.match(onKey.contents.value, /\*\*live-restore-with-mountflags-slave\*\*[\s\S]*\*\*live-restore\*\*/);
    assert.match(onKey.contents.value, /Flag: `--live-restore`/);
    assert.match(onKey.contents.value, /Type: `boolean`/);
    assert.match(onKey.contents.value, /Default: `false`/);
    assert.deepEqual(onKey.range, { start: { line: 2, character: 2 }, end: { line: 2, character: 22 } });
  });

  it('completes daemon.json keys as typed snippets and known values', async () => {
    const next = client.setText(daemonUri, '{\n  "live-restore": true,\n  "lo\n}\n');
    await client.waitDiagnostics(daemonUri, (x) => x.version === next.version);
    const items = (await client.conn.sendRequest('textDocument/completion', { textDocument: { uri: daemonUri }, position: { line: 2, character: 5 } })) as {
      label: string;
      textEdit?: { newText: string; range: unknown };
      insertTextFormat?: number;
      tags?: number[];
      filterText?: string;
    }[];
    const labels = items.map((i) => i.label);
    const logDriver = items.find((i) => i.label === 'log-driver');
    assert.ok(logDriver, labels.join());
    assert.equal(logDriver.insertTextFormat, 2);
    assert.equal(logDriver.textEdit!.newText, '"log-driver": "${1:json-file}"');
    assert.deepEqual(logDriver.textEdit!.range, { start: { line: 2, character: 2 }, end: { line: 2, character: 5 } });
    assert.equal(logDriver.filterText, '"log-driver"');
    assert.equal(items.find((i) => i.label === 'debug')!.textEdit!.newText, '"debug": ${1|true,false|}');
    assert.ok(!labels.includes('live-restore'), 'keys already present are not offered again');
    assert.ok(!labels.includes('graph'), 'removed keys are not offered');

    const v = client.setText(daemonUri, '{\n  "log-driver": ""\n}\n');
    await client.waitDiagnostics(daemonUri, (x) => x.version === v.version);
    const values = (await client.conn.sendRequest('textDocument/completion', { textDocument: { uri: daemonUri }, position: { line: 1, character: 17 } })) as { label: string }[];
    assert.ok(values.some((i) => i.label === 'json-file') && values.some((i) => i.label === 'journald'), JSON.stringify(values.map((i) => i.label)));
  });

  it('lints the workspace with progress and publishes findings for files that are not open', async () => {
    const otherUri = uri(path.join(ws, 'hosts/b/etc/docker/daemon.json'));
    // Read at start-up, the file may already show its finding (then it is not published again).
    const waiting = client.waitDiagnostics(otherUri, (x) => x.diagnostics.length > 0, 5000, false);
    client.progress.length = 0;
    const result = (await client.conn.sendRequest('shipshape/lintWorkspace', {})) as { files: number; findings: number; filesWithFindings: number; cancelled: boolean };
    assert.equal(result.cancelled, false);
    assert.ok(result.files >= 2, JSON.stringify(result));
    assert.ok(result.filesWithFindings >= 1);
    const other = await waiting;
    assert.equal(other.diagnostics[0].code, 'daemon-json-invalid');
    const kinds = client.progress.map((p) => (p as { value: { kind: string } }).value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds.at(-1), 'end');
    const reports = client.progress.map((p) => (p as { value: { kind: string; percentage?: number; message?: string } }).value).filter((v) => v.kind === 'report');
    assert.equal(reports.at(-1)?.percentage, 100);
    assert.match(reports.at(-1)?.message ?? '', /^\d+\/\d+ files$/);
  });

  it('follows files that are not open as they change on disk, appearing and clearing', async () => {
    const p = path.join(ws, 'hosts/c/etc/docker/daemon.json');
    const u = uri(p);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, `{ "debug": true, ${LOGS}, }`);
    let waiting = client.waitDiagnostics(u, (x) => x.diagnostics.length > 0);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: u, type: 1 }] });
    assert.equal((await waiting).diagnostics[0].code, 'daemon-json-invalid');
    fs.writeFileSync(p, `{ "debug": true, ${LOGS} }`);
    waiting = client.waitDiagnostics(u, (x) => x.diagnostics.length === 0);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: u, type: 2 }] });
    await waiting;
    fs.writeFileSync(p, `{ "debug": true, ${LOGS}, }`);
    waiting = client.waitDiagnostics(u, (x) => x.diagnostics.length > 0);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: u, type: 2 }] });
    await waiting;
    fs.rmSync(p);
    waiting = client.waitDiagnostics(u, (x) => x.diagnostics.length === 0);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: u, type: 3 }] });
    await waiting;
  });

  it('writes "turn off" into .shipshape.yaml, and a config change re-lints', async () => {
    const next = client.setText(daemonUri, `{\n  # hello\n  "debug": true,\n  ${LOGS}\n}\n`);
    const { diagnostics } = await client.waitDiagnostics(daemonUri, (x) => x.version === next.version && x.diagnostics.length > 0);
    const off = (await client.codeActions(daemonUri, diagnostics)).find((a) => a.title === 'Turn off daemon-json-invalid for this workspace');
    assert.ok(off?.edit);
    client.applyEdit(off.edit);
    const config = path.join(ws, '.shipshape.yaml');
    assert.match(fs.readFileSync(config, 'utf8'), /rules:\n {2}daemon-json-invalid: off\n/);
    const waiting = client.waitDiagnostics(daemonUri, (x) => x.diagnostics.length === 0);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(config), type: 1 }] });
    await waiting;
    fs.rmSync(config);
    const back = client.waitDiagnostics(daemonUri, (x) => x.diagnostics.length > 0);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(config), type: 3 }] });
    await back;
  });

  it('pulls settings per folder and re-lints when they change', async () => {
    client.settings = { rules: { 'daemon-json-invalid': 'warning' } };
    let waiting = client.waitDiagnostics(daemonUri, (x) => x.diagnostics.length > 0 && x.diagnostics.every((d: Diagnostic) => d.severity === 2));
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await waiting;
    client.settings = { rules: { 'daemon-json-invalid': 'off' } };
    waiting = client.waitDiagnostics(daemonUri, (x) => x.diagnostics.length === 0);
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await waiting;
    client.settings = { rules: { 'daemon-json-invalid': 'not-a-level' } }; // bad values fall back to the default
    waiting = client.waitDiagnostics(daemonUri, (x) => x.diagnostics.some((d: Diagnostic) => d.severity === 1));
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await waiting;
  });

  it('explains a Docker error as Markdown with links to the workspace files that cause it', async () => {
    const text = 'Error response from daemon: driver "overlay2" failed to remove root filesystem: unlinkat /var/lib/docker/overlay2/4f1c/merged: device or resource busy';
    const answer = (await client.conn.sendRequest('shipshape/explain', { text, folder: uri(ws) })) as { matched: boolean; markdown: string; locations: { uri: string; line: number; ruleId: string }[] };
    assert.equal(answer.matched, true);
    assert.match(answer.markdown, /^## device or resource busy$/m);
    const daemon = uri(path.join(ws, EXAMPLE_DAEMON));
    const dropIn = uri(path.join(ws, 'etc/systemd/system/docker.service.d/override.conf'));
    const here = answer.locations.filter((l) => l.ruleId === 'live-restore-with-mountflags-slave');
    assert.ok(here.some((l) => l.uri === daemon), JSON.stringify(answer.locations));
    assert.ok(here.some((l) => l.uri === dropIn), JSON.stringify(answer.locations));
    const line = here.find((l) => l.uri === daemon)!.line;
    assert.ok(answer.markdown.includes(`[etc/docker/daemon.json:${line}](${daemon}#L${line})`), answer.markdown);
    // The editor's view runs command links instead.
    const inView = (await client.conn.sendRequest('shipshape/explain', { text, folder: uri(ws), links: 'command' })) as { markdown: string };
    assert.ok(inView.markdown.includes(`(command:shipshape.openLocation?${encodeURIComponent(JSON.stringify([daemon, line]))})`), inView.markdown);
    const none = (await client.conn.sendRequest('shipshape/explain', { text: 'all good here' })) as { matched: boolean; markdown: string };
    assert.equal(none.matched, false);
    assert.match(none.markdown, /No known Docker error found/);
  });

  it('clears diagnostics when a document closes', async () => {
    const waiting = client.waitDiagnostics(daemonUri, (x) => x.diagnostics.length === 0);
    client.close(daemonUri);
    await waiting;
  });
});

// A real cross-file rule (live-restore-with-mountflags-slave): daemon.json is open, the docker.service drop-in is
// not; the drop-in changes on disk and the finding appears, then clears, on BOTH files.
describe('language server: cross-file findings follow the other file on disk', () => {
  const RULE = 'live-restore-with-mountflags-slave';
  let ws: string;
  let client: TestClient;
  after(async () => {
    await client?.stop();
    if (ws) fs.rmSync(ws, { recursive: true, force: true });
  });

  it('appears and clears on daemon.json (open) and on the drop-in (not open)', async () => {
    const dropInRel = 'etc/systemd/system/docker.service.d/override.conf';
    ws = scratchWorkspace(
      {
        [EXAMPLE_DAEMON]: `{\n  "live-restore": true,\n  ${LOGS}\n}\n`,
        [dropInRel]: '[Service]\nLimitNOFILE=1048576\n',
      },
      false,
    );
    client = new TestClient(ws);
    await client.initialize();
    const daemon = uri(path.join(ws, EXAMPLE_DAEMON));
    const dropInPath = path.join(ws, dropInRel);
    const dropIn = uri(dropInPath);
    const ours = (p: { diagnostics: Diagnostic[] }) => p.diagnostics.filter((d) => d.code === RULE);

    const clean = client.waitDiagnostics(daemon, (p) => p.version === 1);
    client.open(path.join(ws, EXAMPLE_DAEMON));
    assert.deepEqual((await clean).diagnostics, []);

    // The drop-in gains MountFlags=slave on disk.
    fs.writeFileSync(dropInPath, '[Service]\nLimitNOFILE=1048576\nMountFlags=slave\n');
    const onDaemon = client.waitDiagnostics(daemon, (p) => ours(p).length === 1);
    const onDropIn = client.waitDiagnostics(dropIn, (p) => ours(p).length === 1);
    const t0 = performance.now();
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: dropIn, type: 2 }] });
    const [a, b] = await Promise.all([onDaemon, onDropIn]);
    console.log(`# cross-file finding on both files after ${(performance.now() - t0).toFixed(0)} ms`);
    assert.deepEqual(ours(a)[0].range.start, { line: 1, character: 2 });
    assert.equal(ours(a)[0].relatedInformation?.[0]?.location.uri, dropIn);
    assert.deepEqual(ours(b)[0].range, { start: { line: 2, character: 0 }, end: { line: 2, character: 16 } });
    assert.equal(ours(b)[0].relatedInformation?.[0]?.location.uri, daemon);

    // The line goes away on disk: the finding clears on both files.
    fs.writeFileSync(dropInPath, '[Service]\nLimitNOFILE=1048576\n');
    const daemonClear = client.waitDiagnostics(daemon, (p) => p.diagnostics.length === 0);
    const dropInClear = client.waitDiagnostics(dropIn, (p) => p.diagnostics.length === 0);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: dropIn, type: 2 }] });
    await Promise.all([daemonClear, dropInClear]);
  });
});

// A provisioning script that writes daemon.json: the written file's findings are published on the script, at the
// characters inside its heredoc, and follow edits of the script.
describe('language server: files written by a script', () => {
  let ws: string;
  let client: TestClient;
  after(async () => {
    await client?.stop();
    if (ws) fs.rmSync(ws, { recursive: true, force: true });
  });

  it('publishes the daemon.json findings on the script and clears them when the script is fixed', async () => {
    const rel = 'scripts/provision.sh';
    const text = `#!/bin/sh\ncat > /etc/docker/daemon.json <<'EOF'\n{\n  "graph": "/srv/docker",\n  ${LOGS}\n}\nEOF\n`;
    ws = scratchWorkspace({ [rel]: text }, false);
    client = new TestClient(ws);
    await client.initialize();
    const script = uri(path.join(ws, rel));
    const shown = client.waitDiagnostics(script, (p) => p.diagnostics.length > 0);
    const doc = client.open(path.join(ws, rel), 'shellscript');
    const { diagnostics } = await shown;
    assert.deepEqual(diagnostics.map((d) => [d.code, doc.getText(d.range)]), [['daemon-deprecated-key', '"graph"']]);
    assert.deepEqual(diagnostics[0].range.start, { line: 3, character: 2 });
    const actions = await client.codeActions(script, diagnostics);
    const fix = actions.find((a) => a.title.startsWith('Rename'))!;
    const cleared = client.waitDiagnostics(script, (p) => p.version === 2);
    client.applyEdit(fix.edit!);
    assert.equal(client.doc(script).getText(), text.replace('"graph"', '"data-root"'));
    assert.deepEqual((await cleared).diagnostics, []);
  });
});
