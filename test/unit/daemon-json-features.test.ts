// Hover and completion in daemon.json.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { Workspace } from '../../server/src/engine/workspace';
import { daemonJsonCompletion, daemonJsonHover } from '../../server/src/features/daemon-json';
import { completionProviders, hoverProviders } from '../../server/src/features';

/** Text with a `|` where the cursor is. */
function at(textWithCursor: string) {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  const ws = new Workspace('/ws');
  const file = ws.set('/ws/etc/docker/daemon.json', text)!;
  return { ws, file, offset, text };
}

describe('daemon.json hover', () => {
  it('is registered for daemon-json', () => {
    assert.deepEqual(hoverProviders['daemon-json'], [daemonJsonHover]);
    assert.deepEqual(completionProviders['daemon-json'], [daemonJsonCompletion]);
  });

  it('explains a key: type, flag, default, deprecation', () => {
    const a = at('{\n  "live-re|store": true,\n  "graph": "/x"\n}');
    const h = daemonJsonHover(a.file, a.ws, a.offset)!;
    assert.equal(a.text.slice(h.range!.start, h.range!.end), '"live-restore"');
    assert.match(h.markdown, /^\*\*live-restore\*\* — Keep containers running/);
    assert.match(h.markdown, /Type: `boolean`/);
    assert.match(h.markdown, /Flag: `--live-restore`/);
    const g = at('{\n  "live-restore": true,\n  "gr|aph": "/x"\n}');
    assert.match(daemonJsonHover(g.file, g.ws, g.offset)!.markdown, /Deprecated in Docker 17\.05, removed in 23\.0: use `data-root`/);
  });

  it('says a flag name is not a file key, and is silent on values, unknown keys and nested keys', () => {
    const f = at('{ "stor|age-opt": ["overlay2.size=20G"] }');
    assert.match(daemonJsonHover(f.file, f.ws, f.offset)!.markdown, /not a daemon.json key.*Use `storage-opts`/);
    for (const t of ['{ "debug": tr|ue }', '{ "no-such|-key": 1 }', '{ "log-opts": { "max-s|ize": "10m" } }', '{ "debug": "o|n" }']) {
      const x = at(t);
      assert.equal(daemonJsonHover(x.file, x.ws, x.offset), undefined, t);
    }
  });
});

describe('daemon.json completion', () => {
  it('offers the keys not yet in the file, with a value placeholder of the right type', () => {
    const a = at('{\n  "debug": true,\n  |\n}');
    const items = daemonJsonCompletion(a.file, a.ws, a.offset);
    const labels = items.map((i) => i.label);
    assert.ok(!labels.includes('debug'));
    assert.ok(!labels.includes('graph'), 'removed keys are not offered');
    const live = items.find((i) => i.label === 'live-restore')!;
    assert.equal(live.insertText, '"live-restore": ${1|true,false|}');
    assert.equal(live.snippet, true);
    assert.equal(items.find((i) => i.label === 'log-level')!.insertText, '"log-level": "${1|debug,info,warn,error,fatal|}"');
    assert.equal(items.find((i) => i.label === 'storage-opts')!.insertText, '"storage-opts": [$1]');
    assert.equal(items.find((i) => i.label === 'host-gateway-ip')!.deprecated, true);
  });

  it('replaces the key being typed', () => {
    const a = at('{\n  "live|\n}');
    const item = daemonJsonCompletion(a.file, a.ws, a.offset).find((i) => i.label === 'live-restore')!;
    assert.equal(a.text.slice(item.range!.start, item.range!.end), '"live');
  });

  it('offers values: enums, booleans, storage drivers without the removed ones', () => {
    const v = (t: string) => {
      const a = at(t);
      return daemonJsonCompletion(a.file, a.ws, a.offset).map((i) => i.label);
    };
    assert.deepEqual(v('{ "default-cgroupns-mode": | }'), ['host', 'private']);
    assert.deepEqual(v('{ "ipv6": | }'), ['true', 'false']);
    const drivers = v('{ "storage-driver": "|" }');
    assert.ok(drivers.includes('overlay2') && !drivers.includes('overlay') && !drivers.includes('devicemapper'));
    assert.deepEqual(v('{ "data-root": "|" }'), []);
    assert.deepEqual(v('{ "log-opts": { | } }'), []);
  });

  it('survives a file nested too deep to walk', () => {
    const text = '{"a":'.repeat(20000) + '1' + '}'.repeat(20000);
    const ws = new Workspace('/ws');
    const file = ws.set('/ws/etc/docker/daemon.json', text)!;
    for (const offset of [0, 5, 60000, text.length]) {
      assert.deepEqual(daemonJsonCompletion(file, ws, offset), []);
      assert.equal(daemonJsonHover(file, ws, offset), undefined);
    }
  });
});
