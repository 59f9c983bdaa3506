// Pull diagnostics for a client that asks for them (as VS Code's does), and a broken `.shipshape.yaml` shown on the
// file in the editor, with the same real server over stdio.
import { after, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scratchWorkspace, TestClient, uri } from './client';

const DAEMON = 'etc/docker/daemon.json';
const DROP_IN = 'etc/systemd/system/docker.service.d/override.conf';
const LOGS = '"log-opts": { "max-size": "10m" }';
const RULE = 'live-restore-with-mountflags-slave';

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const t0 = performance.now();
  while (!check()) {
    if (performance.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('language server: pull diagnostics', () => {
  let client: TestClient;
  after(() => client?.dispose());

  it('answers textDocument/diagnostic for an open document, says "unchanged" for the same result, and asks for a pull again after a cross-file change', async () => {
    const ws = scratchWorkspace({ [DAEMON]: `{\n  "live-restore": true,\n  "graph": "/data",\n  ${LOGS}\n}\n`, [DROP_IN]: '[Service]\nLimitNOFILE=1048576\n' }, false);
    client = await TestClient.start(ws, { pull: true });
    const daemonPath = path.join(ws, DAEMON);
    const daemon = uri(daemonPath);
    const doc = client.open(daemonPath);

    const first = await client.pull(daemon);
    assert.equal(first.kind, 'full');
    const graph = first.items?.find((d) => d.code === 'daemon-deprecated-key');
    assert.ok(graph, JSON.stringify(first.items));
    assert.equal(doc.getText(graph.range), '"graph"');
    assert.ok(first.resultId);
    // Nothing is pushed for a document the client pulls.
    assert.equal(client.history.get(daemon), undefined);

    const again = await client.pull(daemon, first.resultId);
    assert.deepEqual(again, { kind: 'unchanged', resultId: first.resultId });

    // The drop-in gains MountFlags=slave on disk: the open daemon.json's findings change, so the server asks the
    // client to pull again; the drop-in, not open, gets its finding pushed.
    const before = client.refreshes;
    const dropIn = uri(path.join(ws, DROP_IN));
    fs.writeFileSync(path.join(ws, DROP_IN), '[Service]\nLimitNOFILE=1048576\nMountFlags=slave\n');
    const pushed = client.waitDiagnostics(dropIn, (p) => p.diagnostics.some((d) => d.code === RULE));
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: dropIn, type: 2 }] });
    await pushed;
    await until(() => client.refreshes > before, 'a diagnostic refresh request');
    const next = await client.pull(daemon, first.resultId);
    assert.equal(next.kind, 'full');
    assert.deepEqual(next.items?.map((d) => d.code).sort(), ['daemon-deprecated-key', RULE]);

    // An edit is pulled, not pushed.
    client.setText(daemon, `{\n  ${LOGS}\n}\n`);
    const edited = await client.pull(daemon, next.resultId);
    assert.deepEqual(edited, { kind: 'full', resultId: edited.resultId, items: [] });
    assert.equal(client.history.get(daemon), undefined);
  });
});

describe('language server: a broken .shipshape.yaml', () => {
  let client: TestClient;
  after(() => client?.dispose());

  it('is shown on the config file, at the key it is about, and cleared once fixed on disk', async () => {
    const config = 'dockerVersion: "27.5"\nrulez:\n  daemon-unknown-key: off\n';
    const ws = scratchWorkspace({ '.shipshape.yaml': config, [DAEMON]: `{\n  ${LOGS}\n}\n` }, false);
    const configUri = uri(path.join(ws, '.shipshape.yaml'));
    client = new TestClient(ws);
    const shown = client.waitDiagnostics(configUri, (p) => p.diagnostics.length > 0);
    await client.initialize();
    const { diagnostics } = await shown;
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].code, 'config');
    assert.equal(diagnostics[0].severity, 2);
    assert.match(String(diagnostics[0].message), /unknown configuration key "rulez"/);
    assert.deepEqual(diagnostics[0].range, { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } });

    // Not YAML at all: the parse error is on the line it names.
    const broken = client.waitDiagnostics(configUri, (p) => p.diagnostics.some((d) => /cannot read the configuration/.test(String(d.message))));
    fs.writeFileSync(path.join(ws, '.shipshape.yaml'), 'rules:\n  a: [\n');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
    const b = (await broken).diagnostics[0];
    assert.ok(b.range.start.line >= 1, JSON.stringify(b.range));

    const cleared = client.waitDiagnostics(configUri, (p) => p.diagnostics.length === 0);
    fs.writeFileSync(path.join(ws, '.shipshape.yaml'), 'rules:\n  daemon-unknown-key: off\n');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
    await cleared;
  });
});

describe('language server: a file a rule reads from the disk', () => {
  let client: TestClient;
  after(() => client?.dispose());

  it('re-runs the rule when it changes: a .dockerignore written next to the Dockerfile clears build-context-without-dockerignore', async () => {
    const RULE = 'build-context-without-dockerignore';
    const ws = scratchWorkspace(
      {
        'app/Dockerfile': 'FROM python:3.13-slim\nWORKDIR /app\nCOPY . /app/\nUSER 10001\nCMD ["python", "main.py"]\n',
        'app/main.py': 'print("hi")\n',
        'app/.git/HEAD': 'ref: refs/heads/main\n',
        'app/.venv/lib/python3.13/site-packages/big.py': 'x = 1\n'.repeat(20000),
      },
      false,
    );
    client = await TestClient.start(ws);
    const dockerfile = uri(path.join(ws, 'app/Dockerfile'));
    const shown = client.waitDiagnostics(dockerfile, (p) => p.diagnostics.some((d) => d.code === RULE));
    client.open(path.join(ws, 'app/Dockerfile'), 'dockerfile');
    await shown;
    const ignore = path.join(ws, 'app/.dockerignore');
    fs.writeFileSync(ignore, '.git\n.venv\n');
    const cleared = client.waitDiagnostics(dockerfile, (p) => !p.diagnostics.some((d) => d.code === RULE));
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(ignore), type: 1 }] });
    await cleared;
  });
});
