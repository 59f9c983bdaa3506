// The daemon.json option table and the finer points of the daemon rules the fixtures do not pin.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { DAEMON_OPTIONS, IGNORED_KEYS, LEGACY_STORAGE_DRIVERS, daemonOption } from '../../server/src/knowledge/daemon-options';
import { parseVersion, compareVersions } from '../../server/src/core/version';
import { parseDaemonJson } from '../../server/src/parsers/daemon-json';
import { applyEdits } from '../../server/src/core/text';
import { removePropertyEdit, closest } from '../../server/src/rules/daemon-json/_shared';
import { applyFirstFix, lintFiles } from '../helpers';

const LOGS = '"log-opts": { "max-size": "10m", "max-file": "3" }';
const lint = (text: string, only: string, dockerVersion?: { major: number; minor: number }) =>
  lintFiles({ 'etc/docker/daemon.json': text }, { only, config: dockerVersion ? { dockerVersion } : {} }).findings;

describe('daemon option table', () => {
  it('lists each key once, sorted, described, with consistent versions and replacements', () => {
    const keys = DAEMON_OPTIONS.map((o) => o.key);
    assert.deepEqual(keys, [...keys].sort());
    assert.equal(new Set(keys).size, keys.length);
    for (const o of DAEMON_OPTIONS) {
      assert.ok(o.description.endsWith('.'), o.key);
      for (const v of [o.since, o.deprecated, o.removed]) if (v) assert.ok(parseVersion(v), `${o.key}: ${v}`);
      if (o.deprecated && o.removed) assert.ok(compareVersions(parseVersion(o.deprecated)!, parseVersion(o.removed)!) < 0, o.key);
      if (o.replacement) assert.ok(daemonOption(o.replacement) && !daemonOption(o.replacement)!.removed, `${o.key} -> ${o.replacement}`);
      if (o.flag) assert.match(o.flag, /^--[a-z0-9-]+$/);
    }
    const flags = DAEMON_OPTIONS.filter((o) => o.flag).map((o) => o.flag);
    assert.equal(new Set(flags).size, flags.length);
  });

  it('keeps ignored flag names apart from file keys, each pointing at a real key', () => {
    for (const k of IGNORED_KEYS) {
      assert.equal(daemonOption(k.key), undefined, k.key);
      if (k.use) assert.ok(daemonOption(k.use), `${k.key} -> ${k.use}`);
      assert.ok(k.use || k.note, k.key);
    }
    for (const d of LEGACY_STORAGE_DRIVERS) assert.ok(compareVersions(parseVersion(d.deprecated)!, parseVersion(d.removed)!) < 0);
  });
});

describe('daemon rules', () => {
  it('daemon-unknown-key: a key newer than the target version is unknown to that dockerd', () => {
    const text = `{ "firewall-backend": "nftables", ${LOGS} }`;
    assert.deepEqual(lint(text, 'daemon-unknown-key', { major: 29, minor: 0 }), []);
    const [f] = lint(text, 'daemon-unknown-key', { major: 26, minor: 1 });
    assert.equal(f.messageId, 'tooNew');
    assert.equal(f.text, '"firewall-backend"');
    assert.match(f.message, /only known to Docker 29\.0 and later: dockerd 26\.1 refuses to start/);
  });

  it('daemon-unknown-key: safe rename for the same words, unsafe for a guess, none when the key exists or nothing is close', () => {
    const text = `{\n  "Live_Restore": true,\n  "storage-drivr": "overlay2",\n  "storage-driver": "overlay2",\n  "hostname": "node-1",\n  ${LOGS}\n}`;
    const found = lint(text, 'daemon-unknown-key');
    assert.deepEqual(found.map((f) => [f.text, f.fixes.map((x) => `${x.title} (${x.safety})`)]), [
      ['"Live_Restore"', ['Rename "Live_Restore" to "live-restore" (safe)']],
      ['"storage-drivr"', []],
      ['"hostname"', []],
    ]);
    assert.match(found[1].message, /did you mean "storage-driver"\?/);
    assert.deepEqual(closest('registry-mirror', ['registry-mirrors', 'insecure-registries']), { key: 'registry-mirrors', sameWords: false });
    assert.equal(closest('kubernetes', ['debug', 'hosts']), undefined);
  });

  it('daemon-unknown-key: keys dockerd skips (features, builder) are never unknown', () => {
    const text = `{ "features": { "cdi": true, "anything-goes": true }, "builder": { "gc": { "enabled": true } }, "min-api-version": "1.24", ${LOGS} }`;
    assert.deepEqual(lint(text, 'daemon-unknown-key'), []);
  });

  it('daemon-deprecated-key: removing a removed key keeps the JSON valid wherever it sits', () => {
    for (const text of [`{ "oom-score-adjust": -500 }`, `{\n  "oom-score-adjust": -500,\n  ${LOGS}\n}`, `{\n  ${LOGS},\n  "oom-score-adjust": -500\n}`, `{ "debug": true, "oom-score-adjust": -500, "mtu": 1450 }`]) {
      const [f] = lint(text, 'daemon-deprecated-key');
      assert.equal(f.severity, 'error');
      assert.equal(f.fixes[0].safety, 'unsafe');
      const fixed = applyFirstFix(f, text);
      assert.doesNotThrow(() => JSON.parse(fixed), fixed);
      assert.ok(!fixed.includes('oom-score-adjust'));
    }
  });

  it('daemon-deprecated-key: no rename when the replacement is already there', () => {
    const [f] = lint(`{ "graph": "/a", "data-root": "/b", ${LOGS} }`, 'daemon-deprecated-key');
    assert.deepEqual(f.fixes, []);
  });

  it('daemon-wrong-type: nested shapes and Go names', () => {
    const text = `{\n  "runtimes": { "nvidia": { "path": 3, "runtimeArgs": "--debug" } },\n  "default-ulimits": { "nofile": { "Name": "nofile", "Hard": "64000", "Soft": 64000 } },\n  "features": { "cdi": "true" },\n  "proxies": { "no-proxy": ["localhost"] },\n  "default-shm-size": 67108864,\n  ${LOGS}\n}`;
    const found = lint(text, 'daemon-wrong-type');
    assert.deepEqual(
      found.map((f) => [f.text, /Go struct field (\S+) of type ([^"]+)"/.exec(f.message)!.slice(1).join(' ')]),
      [
        ['3', 'Runtime.runtimes.path string'],
        ['"--debug"', 'Runtime.runtimes.runtimeArgs []string'],
        ['"64000"', 'Ulimit.default-ulimits.Hard int64'],
        ['"true"', 'Config.features bool'],
        ['["localhost"]', 'Config.proxies.no-proxy string'],
      ],
    );
  });

  it('daemon-ignored-key: reshapes the value for the file key', () => {
    const text = `{\n  "insecure-registry": "registry.internal:5000",\n  ${LOGS}\n}`;
    const [f] = lint(text, 'daemon-ignored-key');
    assert.equal(applyFirstFix(f, text), `{\n  "insecure-registries": ["registry.internal:5000"],\n  ${LOGS}\n}`);
  });

  it('daemon-legacy-storage-driver: a warning before removal, an error after', () => {
    const text = `{ "storage-driver": "aufs", ${LOGS} }`;
    assert.deepEqual(lint(text, 'daemon-legacy-storage-driver', { major: 20, minor: 10 }).map((f) => f.severity), ['warning']);
    assert.deepEqual(lint(text, 'daemon-legacy-storage-driver', { major: 24, minor: 0 }).map((f) => f.severity), ['error']);
    assert.deepEqual(lint(`{ "storage-driver": "zfs", ${LOGS} }`, 'daemon-legacy-storage-driver'), []);
  });

  it('daemon-address-pool-invalid: IPv6 pools and host bits', () => {
    const text = `{\n  "default-address-pools": [\n    { "base": "fd00:dead:beef::/48", "size": 64 },\n    { "base": "fd00:dead:beef:8000::/49", "size": 129 },\n    { "base": "10.10.1.0/16", "size": 24 }\n  ],\n  ${LOGS}\n}`;
    assert.deepEqual(lint(text, 'daemon-address-pool-invalid').map((f) => `${f.messageId} ${f.text}`), ['overlap "fd00:dead:beef:8000::/49"', 'sizeTooLarge 129', 'hostBits "10.10.1.0/16"']);
  });

  it('daemon-log-rotation-missing: adds log-opts to a one-line and an empty object', () => {
    for (const [text, want] of [
      ['{ "debug": true }', `{ "debug": true, ${LOGS} }`],
      ['{}', `{ ${LOGS} }`],
      ['{\n}', `{\n  ${LOGS}\n}`],
    ]) {
      const [f] = lint(text, 'daemon-log-rotation-missing');
      assert.equal(applyFirstFix(f, text), want);
    }
  });

  it('removePropertyEdit keeps neighbours and indentation', () => {
    const text = '{\n  "a": 1,\n  "b": 2,\n  "c": 3\n}';
    const root = parseDaemonJson(text).root!;
    const [a, b, c] = root.children!;
    const edit = (p: typeof a) => applyEdits(text, [removePropertyEdit('f', text, root, p)]);
    assert.equal(edit(a), '{\n  "b": 2,\n  "c": 3\n}');
    assert.equal(edit(b), '{\n  "a": 1,\n  "c": 3\n}');
    assert.equal(edit(c), '{\n  "a": 1,\n  "b": 2\n}');
  });
});

describe('daemonOptionForFlag', () => {
  it('maps dockerd flags, long and short, to their daemon.json option', async () => {
    const { daemonOptionForFlag } = await import('../../server/src/knowledge/daemon-options');
    assert.equal(daemonOptionForFlag('--storage-opt')?.key, 'storage-opts');
    assert.equal(daemonOptionForFlag('-H')?.key, 'hosts');
    assert.equal(daemonOptionForFlag('--host')?.key, 'hosts');
    assert.equal(daemonOptionForFlag('--containerd')?.key, 'containerd');
    assert.equal(daemonOptionForFlag('-g')?.key, 'graph');
    assert.equal(daemonOptionForFlag('--add-runtime')?.key, 'runtimes');
    assert.equal(daemonOptionForFlag('--no-such-flag'), undefined);
  });
});
