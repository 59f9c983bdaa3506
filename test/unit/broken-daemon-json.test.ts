// A daemon.json dockerd refuses whole is still read: every syntax error at its place, the other rules on what the
// parse recovered, worded as what breaks once the syntax error is fixed.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDaemonJson, nodeValue } from '../../server/src/parsers/daemon-json';
import { Workspace } from '../../server/src/engine/workspace';
import { Linter } from '../../server/src/engine/lint';
import { defaultConfig } from '../../server/src/engine/config';
import { allRules } from '../../server/src/rules';

function lint(text: string) {
  const ws = new Workspace('/w');
  ws.set('/w/etc/docker/daemon.json', text);
  return new Linter(ws, defaultConfig(), allRules).lint().findings.map((f) => ({ id: f.ruleId, text: text.slice(f.range.start, f.range.end), message: f.message, fixes: f.fixes.length }));
}

describe('broken daemon.json', () => {
  it('reads on past a stray brace, a second object and missing braces', () => {
    const cases: [string, unknown, string[]][] = [
      ['{"a": 1}, "b": 2}', { a: 1, b: 2 }, ['StrayClose@7']],
      ['{"a": 1}\n{"b": 2}', { a: 1, b: 2 }, ['SecondObject@9']],
      ['{"a": 1},\n{"b": 2}', { a: 1, b: 2 }, ['SecondObject@10']],
      ['"a": 1, "b": 2', { a: 1, b: 2 }, ['NoOuterBraces@0']],
      ['{"a": 1}}', { a: 1 }, ['StrayClose@8']],
    ];
    for (const [text, value, problems] of cases) {
      const m = parseDaemonJson(text);
      assert.deepEqual(nodeValue(m.root), value, text);
      assert.deepEqual(m.problems.map((p) => `${p.code}@${p.span.start}`), problems, text);
    }
  });

  it('gives every rule its finding, worded as what breaks next, without fixes on a reshaped tree', () => {
    const found = lint('{\n  "graph": "/srv/docker"\n},\n  "live-restore": "true"\n}\n');
    const invalid = found.filter((f) => f.id === 'daemon-json-invalid');
    assert.deepEqual(invalid.map((f) => f.text), ['}']);
    const next = found.filter((f) => f.id !== 'daemon-json-invalid');
    assert.deepEqual(next.map((f) => `${f.id} ${f.text}`).sort(), ['daemon-deprecated-key "graph"', 'daemon-log-rotation-missing {', 'daemon-wrong-type "true"']);
    for (const f of next) {
      assert.match(f.message, /^The JSON syntax error on line 3 comes first; once it is fixed: /);
      assert.equal(f.fixes, 0);
    }
  });

  it('keeps fixes where the parse did not reshape the file', () => {
    const found = lint('{\n  "graph": "/srv/docker", // moved\n  "log-opts": {"max-size": "10m"}\n}\n');
    const dep = found.find((f) => f.id === 'daemon-deprecated-key')!;
    assert.match(dep.message, /^The JSON syntax error on line 2 comes first/);
    assert.equal(dep.fixes, 1);
  });
});
