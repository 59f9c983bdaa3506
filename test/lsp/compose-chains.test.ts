// A project merged from a script's `docker compose -f` chain: a file of the chain that no name or content marks as
// compose is linted as compose, and the project is linted again when any file of the chain or the script changes,
// open or on disk.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scratchWorkspace, TestClient, uri } from './client';

const BASE = (port: number) => `services:\n  web:\n    image: nginx:1.27-alpine\n    ports:\n      - "${port}:80"\n    logging:\n      driver: local\n`;
const OVERRIDE = (port: number) => `services:\n  web:\n    ports:\n      - "${port}:8080"\n`;
const SCRIPT = (files: string) => `#!/bin/sh\nset -eu\ndocker compose ${files} up -d\n`;
const PORT = 'compose-host-port-conflict';

describe('language server: a project merged from a script\'s -f chain', () => {
  let ws: string;
  let client: TestClient;
  const at = (rel: string) => path.join(ws, rel);
  const changedOnDisk = async (rel: string, text: string) => {
    fs.writeFileSync(at(rel), text);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(at(rel)), type: 2 }] });
  };
  const ports = (u: string) => (client.diagnostics.get(u)?.diagnostics ?? []).filter((d) => d.code === PORT);

  before(async () => {
    ws = scratchWorkspace(
      {
        'docker-compose.yml': BASE(8080),
        'deploy/prod.yml': OVERRIDE(9090),
        'deploy.sh': SCRIPT('-f docker-compose.yml -f deploy/prod.yml'),
      },
      false,
    );
    client = await TestClient.start(ws);
  });
  after(() => client.dispose());

  it('lints the chain file as compose, and an edit that makes it clash with the base file shows on both', async () => {
    const u = uri(at('deploy/prod.yml'));
    const opened = client.waitDiagnostics(u, (p) => p.version === 1, 20_000);
    client.open(at('deploy/prod.yml'), 'yaml');
    assert.deepEqual((await opened).diagnostics, []);
    const base = uri(at('docker-compose.yml'));
    const next = client.setText(u, OVERRIDE(8080));
    const mine = await client.waitDiagnostics(u, (p) => p.version === next.version, 10_000);
    assert.deepEqual(
      mine.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character, d.relatedInformation?.[0].location.uri]),
      [[PORT, 3, 8, 19, base]],
    );
    const theirs = await client.waitDiagnostics(base, (p) => p.diagnostics.some((d) => d.code === PORT), 10_000, false);
    assert.deepEqual(theirs.diagnostics.map((d) => [d.code, d.range.start.line, d.relatedInformation?.[0].location.uri]), [[PORT, 4, u]]);
  });

  it('lints the project again when the base file of the chain changes on disk', async () => {
    const u = uri(at('deploy/prod.yml'));
    const cleared = client.waitDiagnostics(u, (p) => p.diagnostics.length === 0, 10_000);
    await changedOnDisk('docker-compose.yml', BASE(7070));
    await cleared;
    const back = client.waitDiagnostics(u, (p) => ports(u).length === 1 && p.diagnostics.length === 1, 10_000);
    await changedOnDisk('docker-compose.yml', BASE(8080));
    await back;
  });

  it('gives the file up when the script no longer names it, and takes it in again when it does', async () => {
    const u = uri(at('deploy/prod.yml'));
    const base = uri(at('docker-compose.yml'));
    const gone = client.waitDiagnostics(u, (p) => p.diagnostics.length === 0, 10_000);
    const baseClear = client.waitDiagnostics(base, (p) => !p.diagnostics.some((d) => d.code === PORT), 10_000);
    await changedOnDisk('deploy.sh', SCRIPT('-f docker-compose.yml'));
    await gone;
    await baseClear;
    const again = client.waitDiagnostics(u, (p) => p.diagnostics.some((d) => d.code === PORT), 10_000);
    await changedOnDisk('deploy.sh', SCRIPT('-f docker-compose.yml --file deploy/prod.yml'));
    await again;
  });
});
