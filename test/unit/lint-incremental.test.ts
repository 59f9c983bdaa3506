// The Linter keeps each file's finished findings between calls and re-runs only what an edit touches: after every
// kind of change its answer must equal a fresh Linter's on the same files.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { defaultConfig, type Config } from '../../server/src/engine/config';
import { Linter } from '../../server/src/engine/lint';
import { walk } from '../../server/src/engine/walk';
import { Workspace } from '../../server/src/engine/workspace';
import { defineRule } from '../../server/src/model/rule';
import { allRules } from '../../server/src/rules';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

function fresh(ws: Workspace, config: Config, paths?: string[]) {
  const copy = new Workspace(ws.root);
  for (const f of ws.all()) copy.set(f.path, f.text, f.kind);
  return new Linter(copy, config, allRules).lint(paths);
}

describe('incremental lint', () => {
  it('gives what a fresh lint gives after edits, additions, removals, suppressions and config changes', async () => {
    const walked = await walk([EXAMPLES]);
    const ws = new Workspace(EXAMPLES);
    for (const f of walked.files) ws.set(f.path, f.text, f.kind);
    let config = defaultConfig();
    const linter = new Linter(ws, config, allRules);
    const same = (step: string, paths?: string[]) => assert.deepEqual(linter.lint(paths), fresh(ws, config, paths), step);
    same('first lint');
    same('second lint, nothing changed');

    const root = EXAMPLES.split(path.sep).join('/');
    const daemon = `${root}/hosts/build1/etc/docker/daemon.json`;
    const compose = `${root}/hosts/build1/srv/runner/compose.yaml`;
    assert.ok(ws.get(daemon) && ws.get(compose));
    ws.set(daemon, '{\n  "data-root": "/srv/docker",\n  "log-opts": { "max-size": "10m" }\n}\n');
    same('daemon.json now rotates logs');
    ws.set(daemon, '{\n  "data-root": "/srv/docker",\n  "bip": "10.5.0.1/16",\n  "storage-driver": "devicemapper"\n}\n');
    same('daemon.json edited again');

    const second = `${root}/hosts/build1/srv/other/compose.yaml`;
    ws.set(second, 'services:\n  web:\n    image: nginx:1.27\n    container_name: runner\n    ports:\n      - "8080:80"\n  api:\n    image: nginx:1.27\n    ports:\n      - "8080:80"\nnetworks:\n  back:\n    ipam:\n      config:\n        - subnet: 10.5.3.0/24\n');
    same('a compose file added');
    ws.set(daemon, '{\n  "data-root": "/srv/docker",\n  "bip": "10.5.0.1/20",\n  "storage-driver": "devicemapper"\n}\n');
    same('daemon.json changes a finding on a compose file that keeps it');
    same('a subset of the files', [second, daemon, compose, second]);
    ws.set(second, '# shipshape-ignore compose-host-port-conflict\nservices:\n  web:\n    image: nginx:1.27\n');
    same('a suppression that silences nothing');
    ws.remove(second);
    same('the compose file removed');
    ws.set(`${root}/hosts/build1/etc/docker/daemon.json`, '{ "graph": "/data", }');
    same('daemon.json broken');

    config = { ...config, rules: { ...config.rules, 'compose-log-rotation-missing': { severity: 'off' }, 'daemon-json-invalid': { severity: 'warning' } } };
    linter.setConfig(config);
    same('rules turned off and re-graded');
  });

  it('after an edit, lintChanged returns the changed file and exactly the files whose findings changed', async () => {
    const walked = await walk([EXAMPLES]);
    const ws = new Workspace(EXAMPLES);
    for (const f of walked.files) ws.set(f.path, f.text, f.kind);
    const config = defaultConfig();
    const linter = new Linter(ws, config, allRules);
    const byFile = (findings: { file: string }[]) => {
      const m = new Map<string, unknown[]>();
      for (const f of findings) m.set(f.file, [...(m.get(f.file) ?? []), f]);
      return m;
    };
    let before = byFile(linter.lint().findings);
    const root = EXAMPLES.split(path.sep).join('/');
    const daemon = `${root}/hosts/build1/etc/docker/daemon.json`;
    const compose = `${root}/hosts/build1/srv/runner/compose.yaml`;
    const edits: [string, string][] = [
      // docker0 moves onto the compose file's subnet, then off it again; log rotation on, then a port clash.
      [daemon, '{\n  "data-root": "/srv/docker",\n  "bip": "10.5.0.1/16"\n}\n'],
      [daemon, '{\n  "data-root": "/srv/docker",\n  "log-opts": { "max-size": "10m", "max-file": "3" }\n}\n'],
      [compose, ws.get(compose)!.text.replace('    restart: always\n', '    restart: always\n    container_name: runner\n    ports:\n      - "8080:80"\n')],
      // A second project on the host takes the same name and port: both files' findings change.
      [`${root}/hosts/build1/srv/other/compose.yaml`, 'services:\n  web:\n    image: nginx:1.27\n    container_name: runner\n    ports:\n      - "8080:80"\n'],
      [compose, ws.get(compose)!.text],
    ];
    for (const [p, text] of edits) {
      ws.set(p, text);
      const now = byFile(fresh(ws, config).findings);
      const expected = new Set([p]);
      for (const f of new Set([...before.keys(), ...now.keys()])) if (JSON.stringify(before.get(f) ?? []) !== JSON.stringify(now.get(f) ?? [])) expected.add(f);
      const r = linter.lintChanged([p]);
      assert.deepEqual(new Set(r.files), expected, `files returned after editing ${p}`);
      for (const f of r.files) assert.deepEqual(r.findings.filter((x) => x.file === f), now.get(f) ?? [], `findings on ${f}`);
      before = now;
    }
  });

  it("a build's Dockerfile edited: compose findings that read it follow, and another Dockerfile's edit keeps them", () => {
    const ws = new Workspace('/ws');
    ws.set('/ws/ml/compose.yaml', 'services:\n  train:\n    build: ./app\n');
    ws.set('/ws/ml/app/Dockerfile', 'FROM pytorch/pytorch:2.4.0-cuda12.1-cudnn9-runtime\nCMD ["python", "train.py"]\n');
    ws.set('/ws/other/Dockerfile', 'FROM alpine:3.20\n');
    const linter = new Linter(ws, defaultConfig(), allRules);
    const shm = () => linter.lint().findings.filter((f) => f.ruleId === 'compose-shm-size').map((f) => f.file);
    assert.deepEqual(shm(), ['/ws/ml/compose.yaml']);
    ws.set('/ws/other/Dockerfile', 'FROM alpine:3.21\n');
    assert.deepEqual(shm(), ['/ws/ml/compose.yaml'], 'another Dockerfile changed');
    ws.set('/ws/ml/app/Dockerfile', 'FROM python:3.12-slim\nCMD ["python", "train.py"]\n');
    assert.deepEqual(shm(), [], 'the build now starts from an image that needs no big /dev/shm');
    ws.set('/ws/ml/app/Dockerfile', 'FROM pytorch/pytorch:2.4.0-cuda12.1-cudnn9-runtime\n');
    assert.deepEqual(shm(), ['/ws/ml/compose.yaml'], 'and back');
    ws.remove('/ws/ml/app/Dockerfile');
    assert.deepEqual(shm(), [], 'gone: nothing to read');
  });

  it("a file rule's reports on another file are that file's findings, cold and warm alike", () => {
    const root = '/ws';
    const a = `${root}/a/Dockerfile`;
    const b = `${root}/b/Dockerfile`;
    const outside = `${root}/c/Dockerfile`;
    // Reports, from a file that says `# poke <dir>`, on that directory's Dockerfile (on line 2 of b, below a comment
    // as long as the suppression that replaces it).
    const comment = '#' + ' '.repeat(27);
    assert.equal(comment.length, '# shipshape-ignore test-poke'.length);
    const poke = defineRule({
      meta: { id: 'test-poke', kinds: ['dockerfile'], scope: 'file', severity: 'warning', summary: 'poke', type: 'problem', fix: 'none', messages: { poke: 'poked from {from}' } },
      check(ctx) {
        for (const m of ctx.file.text.matchAll(/# poke (\w+)/g)) ctx.report({ messageId: 'poke', data: { from: ctx.file.path }, file: `${root}/${m[1]}/Dockerfile`, range: { start: 29, end: 33 } });
      },
    });
    const rules = [poke];
    const config = defaultConfig();
    const ws = new Workspace(root);
    ws.set(a, '# poke b\n# poke c\nFROM debian:12\n');
    ws.set(b, `${comment}\nFROM debian:12\n`);
    const linter = new Linter(ws, config, rules);
    const plain = (paths?: string[]) => {
      const copy = new Workspace(root);
      for (const f of ws.all()) copy.set(f.path, f.text, f.kind);
      return new Linter(copy, config, rules).lint(paths);
    };
    const brief = (paths?: string[]) => linter.lint(paths).findings.map((f) => `${f.file} ${f.message}`);
    // On b (a workspace file, suppressions apply) and on c (no workspace file: reported as it is).
    assert.deepEqual(brief(), [`${b} poked from ${a}`, `${outside} poked from ${a}`]);
    assert.deepEqual(linter.lint(), plain());
    assert.deepEqual(brief([b]), [`${b} poked from ${a}`], 'b keeps what the run on a reported there');
    ws.set(b, '# shipshape-ignore test-poke\nFROM debian:12\n');
    assert.deepEqual(brief(), [`${outside} poked from ${a}`], "b's own comment silences it");
    ws.set(a, '# poke b\nFROM debian:12\n');
    ws.set(b, `${comment}\nFROM debian:12\n`);
    assert.deepEqual(brief([a, b]), [`${b} poked from ${a}`]);
    ws.set(a, 'FROM debian:12\n');
    assert.deepEqual(brief([b]), [], 'a report from a text a no longer has is gone, though a was not linted');
    assert.deepEqual(brief(), []);
    assert.deepEqual(linter.lint(), plain());
  });
});
