// When the server lints a document: once on open (the change event an open comes with is not a second lint), a
// change after a quiet spell on its own, a burst once it is over; every publication names the version it is about,
// in the diagnostics too, so a code action asked with diagnostics of an older version is refused.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { scratchWorkspace, TestClient, uri } from './client';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const lintsOf = (client: TestClient, why: string) => client.logs.filter((l) => l.startsWith('linted ') && l.includes(`(${why})`)).length;

describe('language server: when documents are linted', () => {
  let ws: string;
  let client: TestClient;
  let daemonPath: string;
  let daemonUri: string;

  before(async () => {
    ws = scratchWorkspace({ 'etc/docker/daemon.json': '{\n  "debug": true,\n}\n' }, false);
    client = await TestClient.start(ws);
    daemonPath = path.join(ws, 'etc/docker/daemon.json');
    daemonUri = uri(daemonPath);
  });
  after(() => client.dispose());

  it('lints a document once when it opens', async () => {
    const waiting = client.waitDiagnostics(daemonUri, (p) => p.version === 1);
    client.open(daemonPath);
    await waiting;
    await sleep(300); // room for a second lint, were there one
    assert.equal(lintsOf(client, 'open'), 1);
    assert.equal(lintsOf(client, 'change'), 0, client.logs.join('\n'));
  });

  it('lints a change after a quiet spell, and its diagnostics carry the version they are about', async () => {
    await sleep(100);
    const next = client.setText(daemonUri, '{\n  "debug": true,,\n}\n');
    const p = await client.waitDiagnostics(daemonUri, (x) => x.version === next.version);
    assert.ok(p.diagnostics.length > 0);
    for (const d of p.diagnostics) assert.deepEqual(d.data, { version: next.version });
  });

  it('refuses code actions asked with the diagnostics of an older version, even once the new one is linted', async () => {
    await sleep(100);
    const older = client.setText(daemonUri, '{\n  "debug": true,\n}\n');
    const { diagnostics } = await client.waitDiagnostics(daemonUri, (x) => x.version === older.version && x.diagnostics.length > 0);
    const fresh = await client.codeActions(daemonUri, diagnostics);
    assert.ok(fresh.length > 0, 'the current diagnostics have actions');
    // Same text again: the finding, its range and its message are the same, only the version differs.
    const newer = client.setText(daemonUri, '{\n  "debug": true,\n}\n');
    await client.waitDiagnostics(daemonUri, (x) => x.version === newer.version, 5000, false);
    assert.deepEqual(await client.codeActions(daemonUri, diagnostics), []);
    const current = client.diagnostics.get(daemonUri)!.diagnostics;
    assert.ok((await client.codeActions(daemonUri, current)).length > 0);
  });
});
