// A workspace of many compose projects on one host: an edit re-publishes only the files whose findings changed, and
// a project is linted again when a file of its merge chain changes on disk.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scratchWorkspace, TestClient, uri } from './client';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PROJECTS = 40;

function compose(port: number, comment = ''): string {
  return `services:\n  web:\n    image: nginx:1.27-alpine${comment}\n    ports:\n      - "${port}:80"\n    logging:\n      driver: local\n`;
}

describe('language server: many compose projects on one host', () => {
  let ws: string;
  let client: TestClient;
  const file = (i: number) => path.join(ws, `srv/app-${i}/compose.yaml`);
  /** Publications per URI so far. */
  const counts = () => new Map([...client.history].map(([u, list]) => [u, list.length]));
  /** The URIs published since `before`. */
  const publishedSince = (before: Map<string, number>) => [...client.history].filter(([u, list]) => list.length > (before.get(u) ?? 0)).map(([u]) => u).sort();
  /** Wait until the server has published nothing for a while. */
  const quiet = async () => {
    let last = -1;
    for (;;) {
      const n = [...client.history.values()].reduce((a, l) => a + l.length, 0);
      if (n === last) return;
      last = n;
      await sleep(400);
    }
  };

  before(async () => {
    const files: Record<string, string> = { 'etc/docker/daemon.json': '{\n  "log-driver": "local"\n}\n' };
    for (let i = 0; i < PROJECTS; i++) files[`srv/app-${i}/compose.yaml`] = compose(8000 + i);
    ws = scratchWorkspace(files, false);
    client = await TestClient.start(ws);
  });
  after(() => client.dispose());

  it('re-publishes only the edited file when its findings stay the same', async () => {
    const u0 = uri(file(0));
    const opened = client.waitDiagnostics(u0, (p) => p.version === 1, 20_000);
    client.open(file(0), 'yaml');
    await opened;
    await quiet();
    const before = counts();
    const next = client.setText(u0, compose(8000, ' # pinned'));
    await client.waitDiagnostics(u0, (p) => p.version === next.version, 10_000);
    await quiet();
    assert.deepEqual(publishedSince(before), [u0]);
    assert.deepEqual(client.diagnostics.get(u0)!.diagnostics, []);
  });

  it('a port an edit makes clash re-publishes the two files of the clash, no other', async () => {
    const u0 = uri(file(0));
    const u5 = uri(file(5));
    const before = counts();
    const next = client.setText(u0, compose(8005));
    const mine = await client.waitDiagnostics(u0, (p) => p.version === next.version, 10_000);
    await quiet();
    assert.deepEqual(publishedSince(before), [u0, u5].sort());
    assert.deepEqual(
      mine.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]),
      [['compose-host-port-conflict', 4, 8, 17]],
    );
    assert.equal(mine.diagnostics[0].relatedInformation?.[0].location.uri, u5);
    const theirs = client.diagnostics.get(u5)!.diagnostics;
    assert.deepEqual(theirs.map((d) => [d.code, d.range.start.line, d.relatedInformation?.[0].location.uri]), [['compose-host-port-conflict', 4, u0]]);

    const back = counts();
    const undo = client.setText(u0, compose(8000));
    await client.waitDiagnostics(u0, (p) => p.version === undo.version, 10_000);
    await quiet();
    assert.deepEqual(publishedSince(back), [u0, u5].sort());
    assert.deepEqual(client.diagnostics.get(u5)!.diagnostics, []);
  });

  it('lints a project again when an override file of its chain appears on disk', async () => {
    const u7 = uri(file(7));
    const override = path.join(ws, 'srv/app-7/compose.override.yaml');
    const before = counts();
    // The override publishes the port app-8 already publishes: the merged project clashes with app-8.
    fs.writeFileSync(override, 'services:\n  web:\n    ports:\n      - "8008:8080"\n');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(override), type: 1 }] });
    const p = await client.waitDiagnostics(uri(override), (x) => x.diagnostics.some((d) => d.code === 'compose-host-port-conflict'), 10_000);
    assert.deepEqual(p.diagnostics.filter((d) => d.code === 'compose-host-port-conflict').map((d) => [d.range.start.line, d.relatedInformation?.[0].location.uri]), [[3, uri(file(8))]]);
    await quiet();
    const published = publishedSince(before);
    assert.ok(published.includes(uri(file(8))), published.join());
    assert.ok(!published.includes(u7) || client.diagnostics.get(u7)!.diagnostics.length === 0);
    assert.ok(published.length <= 3, published.join());
  });
});
