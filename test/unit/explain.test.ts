// explain: messages (exact, varied, in logs) map to their symptoms, causes in the right order, commands filled with
// the message's paths, rules and, with a workspace, the files that show the cause.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SYMPTOMS } from '../../server/src/knowledge/symptoms';
import { allRules } from '../../server/src/rules';
import { HOST_CHECKS } from '../../server/src/knowledge/host-checks';
import { explain, extractValues, fillTemplate, matchSymptoms, renderExplainMarkdown, renderExplainText, type ExplainResult } from '../../server/src/explain/explain';
import { ruleById } from '../../server/src/rules';
import { main, type Io } from '../../server/src/cli';
import { symptomDocs, SYMPTOM_DOCS_DIR } from '../../scripts/symptom-docs';

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'explain');

// Symptoms may only point at rules that exist (the catalogue's and those added since).
const CATALOGUE = new Set(allRules.map((r) => r.meta.id));

const BUSY =
  'Error response from daemon: container 4102…: driver "overlay2" failed to remove root filesystem: unlinkat /home/docker_rt/overlay2/e5da…/merged: device or resource busy';
const LINKS =
  'Step 4/9 : RUN yum -y install perl\nlink /data/docker/storage/overlay/7c1f3b5a2e4d6f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70819/root/var/lib/yum/yumdb/p/8b1d-perl-Pod-Escapes-1.04-299.el7_9-noarch/checksum_type /data/docker/storage/overlay/2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b/tmproot771/var/lib/yum/yumdb/p/8b1d-perl-Pod-Escapes-1.04-299.el7_9-noarch/checksum_type: too many links';

function io(stdin = ''): Io & { outText: () => string; errText: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { out: (s) => out.push(s), err: (s) => err.push(s), isTTY: false, cwd: ROOT, stdin: async () => stdin, outText: () => out.join('\n'), errText: () => err.join('\n') };
}

describe('symptom table', () => {
  it('has unique kebab-case ids, causes with unique ids, and known rule and host-check ids', () => {
    const ids = SYMPTOMS.map((s) => s.id);
    assert.equal(new Set(ids).size, ids.length);
    const hostIds = new Set(HOST_CHECKS.map((c) => c.id));
    for (const s of SYMPTOMS) {
      assert.match(s.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(s.examples.length > 0 && s.causes.length > 0, s.id);
      assert.equal(new Set(s.causes.map((c) => c.id)).size, s.causes.length, `${s.id}: duplicate cause ids`);
      for (const c of s.causes) {
        for (const r of c.rules) assert.ok(CATALOGUE.has(r), `${s.id}/${c.id}: rule ${r} is not in the catalogue`);
        for (const h of c.hostChecks ?? []) assert.ok(hostIds.has(h), `${s.id}/${c.id}: unknown host check ${h}`);
        assert.ok(c.confirm.length > 0 && c.fix.length > 0, `${s.id}/${c.id}: needs confirm and fix`);
      }
    }
  });

  it('matches every example to its own symptom, first', () => {
    for (const s of SYMPTOMS) {
      for (const ex of s.examples) {
        const m = matchSymptoms(ex);
        assert.ok(m.length > 0, `${s.id}: example not matched: ${ex}`);
        assert.ok(m.some((x) => x.symptom.id === s.id), `${s.id}: example matched ${m.map((x) => x.symptom.id)} instead: ${ex}`);
      }
    }
  });

  it('covers every message of the brief', () => {
    const expected: [string, string][] = [
      ['too many links', 'too-many-links'],
      ['rm: cannot remove x: Device or resource busy', 'device-or-resource-busy'],
      ['the input device is not a TTY', 'input-device-not-a-tty'],
      ['cannot attach stdin to a TTY-enabled container because stdin is not a terminal', 'input-device-not-a-tty'],
      ['write /var/lib/docker/tmp/x: no space left on device', 'no-space-left-on-device'],
      ['Bus error (core dumped)', 'bus-error'],
      ['libz.so.1: failed to map segment from shared object: Operation not permitted', 'failed-to-map-segment'],
      ['conflict: unable to delete 2bdbe6a8b9c7 (cannot be forced) - image has dependent child images', 'image-has-dependent-child-images'],
      ['Error response from daemon: Conflict, cannot remove the default name of the container', 'cannot-remove-default-name'],
      ['devmapper: Error running deviceCreate (CreateSnapDeviceRaw) dm_task_run failed', 'dm-task-run-failed'],
      ['driver "overlay2" failed to remove root filesystem for 3f9c: error while unmounting /var/lib/docker/overlay2/8d1c/merged: invalid argument', 'invalid-argument-removing-container'],
      ["mv: cannot move 'a' to 'b': Invalid cross-device link", 'invalid-cross-device-link'],
      ['nginx: [emerg] bind() to 0.0.0.0:80 failed (13: Permission denied)', 'nginx-permission-denied'],
      ['flock: 200: Bad file descriptor', 'flock-bad-file-descriptor'],
      ['the following directives are specified both as a flag and in the configuration file: hosts: (from flag: [fd://], from file: [tcp://0.0.0.0:2375])', 'flag-and-file-conflict'],
      ['docker.service: Service has more than one ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.', 'more-than-one-execstart'],
      ["unable to configure the Docker daemon with file /etc/docker/daemon.json: invalid character '#' looking for beginning of object key string", 'daemon-json-invalid-character'],
      ["unable to configure the Docker daemon with file /etc/docker/daemon.json: the following directives don't match any configuration option: live_restore", 'daemon-json-unknown-directive'],
    ];
    for (const [text, id] of expected) assert.deepEqual(matchSymptoms(text).map((m) => m.symptom.id), [id], text);
  });

  it('keeps docs/symptoms/*.md in step with the table (npm run docs:symptoms)', () => {
    const docs = symptomDocs();
    const onDisk = fs.readdirSync(SYMPTOM_DOCS_DIR).filter((f) => f.endsWith('.md')).sort();
    assert.deepEqual(onDisk, [...docs.keys()].sort(), 'docs/symptoms has missing or stale pages: run `npm run docs:symptoms`');
    for (const [f, text] of docs) assert.equal(fs.readFileSync(path.join(SYMPTOM_DOCS_DIR, f), 'utf8'), text, `docs/symptoms/${f} is stale: run \`npm run docs:symptoms\``);
  });
});

describe('values from the message', () => {
  it('takes the path and data root out of a real too-many-links line', () => {
    const [m] = matchSymptoms(LINKS);
    assert.equal(m.symptom.id, 'too-many-links');
    const v = extractValues(m.symptom, m.lines);
    assert.equal(v.dataRoot, '/data/docker/storage');
    assert.match(v.path, /^\/data\/docker\/storage\/overlay\/7c1f.*\/checksum_type$/);
  });

  it('turns an elided layer id into a glob for paths and a pattern for grep', () => {
    const [m] = matchSymptoms(BUSY);
    const v = extractValues(m.symptom, m.lines);
    assert.equal(v.dataRoot, '/home/docker_rt');
    assert.equal(v.merged, '/home/docker_rt/overlay2/e5da*/merged');
    assert.equal(v.mergedRe, '/home/docker_rt/overlay2/e5da[^/]*/merged');
  });

  it('fills only known placeholders and leaves Go templates alone', () => {
    assert.equal(fillTemplate("docker info --format '{{.Driver}}' && df -i {dataRoot}", {}), "docker info --format '{{.Driver}}' && df -i /var/lib/docker");
    assert.equal(fillTemplate("{{range .Mounts}}{{end}} {container}", {}), '{{range .Mounts}}{{end}} <container>');
    assert.equal(fillTemplate('ls {path}', {}, { path: '{dataRoot}/x' }), 'ls /var/lib/docker/x');
  });
});

describe('explain', () => {
  it('names the MountFlags/live-restore cause first for a busy overlay2 merged dir, with the leak command', async () => {
    const r = await explain(BUSY);
    assert.equal(r.matched, true);
    assert.equal(r.symptoms.length, 1);
    const first = r.symptoms[0].causes[0];
    assert.equal(first.id, 'mountflags-live-restore');
    assert.deepEqual(first.rules.map((x) => x.id), ['live-restore-with-mountflags-slave']);
    assert.ok(first.confirm.some((c) => c.command.startsWith("grep -lE '/home/docker_rt/overlay2/e5da[^/]*/merged' /proc/[0-9]*/mountinfo")));
    assert.ok(first.confirm.some((c) => c.command === 'systemctl show docker --property=MountFlags'));
  });

  it('names the overlay index cause first when creating (not removing) a layer mount is busy', async () => {
    const r = await explain('docker: Error response from daemon: error creating overlay mount to /var/lib/docker/overlay2/ab12cd/merged: device or resource busy.');
    assert.equal(r.symptoms[0].causes[0].id, 'overlay-index-on');
  });

  it('shows the workspace files behind the cause (rule live-restore-with-mountflags-slave)', async () => {
    assert.ok(ruleById('live-restore-with-mountflags-slave'), 'the systemd rule is registered');
    const ws = path.join(FIXTURES, 'mountflags-live-restore');
    const r = await explain(BUSY, { workspace: ws, cwd: ROOT });
    const cause = r.symptoms[0].causes[0];
    assert.equal(cause.id, 'mountflags-live-restore');
    assert.equal(cause.rules[0].available, true);
    assert.ok(r.workspace && r.workspace.filesLinted === 2);
    const base = 'test/fixtures/explain/mountflags-live-restore/etc';
    assert.deepEqual(cause.evidence.map((e) => `${e.displayPath}:${e.line}:${e.column}`).sort(), [`${base}/docker/daemon.json:2:3`, `${base}/systemd/system/docker.service.d/override.conf:2:1`]);
    assert.ok(r.symptoms[0].causes.slice(1).every((c) => c.evidence.length === 0));
    const md = renderExplainMarkdown(r);
    assert.ok(md.includes(`[${base}/systemd/system/docker.service.d/override.conf:2](${base}/systemd/system/docker.service.d/override.conf#L2)`), md);
    const text = renderExplainText(r);
    assert.match(text, /In your workspace:\n {7}test\/fixtures\/explain\/mountflags-live-restore\/etc\/docker\/daemon\.json:2:3: /);
    const clean = await explain(BUSY, { workspace: path.join(FIXTURES, 'clean'), cwd: ROOT });
    assert.deepEqual(clean.symptoms[0].causes.flatMap((c) => c.evidence), []);
    assert.equal(clean.symptoms[0].causes[0].id, 'mountflags-live-restore');
  });

  it('counts a rule\'s finding only for the cause it shows (overlay is not devicemapper)', async () => {
    const r = await explain('unlinkat /var/lib/docker/overlay2/ab/merged: device or resource busy', { workspace: path.join(FIXTURES, 'legacy-overlay'), cwd: ROOT });
    assert.deepEqual(r.symptoms[0].causes.find((c) => c.id === 'devicemapper-busy')!.evidence, []);
    assert.equal(r.symptoms[0].causes[0].id, 'mountflags-live-restore');
  });

  it('lists the daemon.json line behind "too many links" in a workspace', async () => {
    const r = await explain(LINKS, { workspace: path.join(FIXTURES, 'legacy-overlay'), cwd: ROOT });
    const cause = r.symptoms[0].causes[0];
    assert.equal(cause.id, 'legacy-overlay-hard-links');
    assert.deepEqual(cause.evidence.map((e) => `${e.displayPath}:${e.line}:${e.column} ${e.ruleId}`), ['test/fixtures/explain/legacy-overlay/etc/docker/daemon.json:2:21 daemon-legacy-storage-driver']);
    assert.match(renderExplainText(r), /In your workspace:\n {7}test\/fixtures\/explain\/legacy-overlay\/etc\/docker\/daemon\.json:2:21: /);
  });

  it('puts the cause a workspace shows ahead of the others', async () => {
    // "No space left on device" lists disk-full first; a workspace on the legacy overlay driver shows the inode cause.
    const r = await explain('write /var/lib/docker/tmp/GetImageBlob1: no space left on device', { workspace: path.join(FIXTURES, 'legacy-overlay'), cwd: ROOT });
    assert.equal(r.symptoms[0].causes[0].id, 'inodes-exhausted');
    assert.equal(r.symptoms[0].causes[0].evidence.length, 1);
    const plain = await explain('write /var/lib/docker/tmp/GetImageBlob1: no space left on device');
    assert.equal(plain.symptoms[0].causes[0].id, 'blocks-full');
  });

  it('finds no evidence in a clean workspace', async () => {
    const ws = path.join(FIXTURES, 'clean');
    const r = await explain("unable to configure the Docker daemon with file /etc/docker/daemon.json: invalid character '#' looking for beginning of object key string", { workspace: ws, cwd: ROOT });
    assert.equal(r.symptoms[0].id, 'daemon-json-invalid-character');
    assert.deepEqual(r.symptoms[0].causes[0].evidence, []);
  });

  it('finds every distinct symptom in a journal, once each, with counts', async () => {
    const log = [
      'Nov 23 10:00:01 node1 dockerd[812]: time="2026-11-23T10:00:01Z" level=info msg="Loading containers: start."',
      `Nov 23 10:00:02 node1 dockerd[812]: time="2026-11-23T10:00:02Z" level=error msg="Handler for DELETE /v1.45/containers/4102 returned error: ${BUSY.replace(/"/g, '\\"')}"`,
      'Nov 23 10:00:03 node1 dockerd[812]: time="2026-11-23T10:00:03Z" level=error msg="Handler for DELETE /v1.45/containers/77aa returned error: driver \\"overlay2\\" failed to remove root filesystem: unlinkat /var/lib/docker/overlay2/77aa0c/merged: device or resource busy"',
      LINKS,
      'Nov 23 10:00:05 node1 CRON[3121]: (root) CMD (docker exec -it db mysqldump app > /backup/app.sql)',
      'Nov 23 10:00:05 node1 CRON[3120]: the input device is not a TTY',
    ].join('\n');
    const r = await explain(log);
    assert.deepEqual(r.symptoms.map((s) => s.id), ['device-or-resource-busy', 'too-many-links', 'input-device-not-a-tty']);
    assert.equal(r.symptoms[0].count, 2);
    assert.equal(r.symptoms[0].lines.length, 2);
  });

  it('drops terminal colours before matching', () => {
    assert.deepEqual(matchSymptoms('\x1b[31mERROR\x1b[0m: \x1b[1mthe input device is not a TTY\x1b[0m').map((m) => m.symptom.id), ['input-device-not-a-tty']);
  });

  it('puts the finding about the key the message names first, and marks it', async () => {
    const msg = "unable to configure the Docker daemon with file /etc/docker/daemon.json: the following directives don't match any configuration option: storage_driver";
    const r = await explain(msg, { workspace: path.join(FIXTURES, 'unknown-keys'), cwd: ROOT });
    const ev = r.symptoms[0].causes.find((c) => c.id === 'unknown-key')!.evidence;
    assert.deepEqual(ev.map((e) => `${e.displayPath.replace('test/fixtures/explain/unknown-keys/', '')}:${e.line} ${e.matchesMessage}`), ['node-b/etc/docker/daemon.json:2 true', 'node-a/etc/docker/daemon.json:2 false']);
    assert.match(renderExplainText(r), /In your workspace \(> names what the message names\):\n {5}> test\/fixtures\/explain\/unknown-keys\/node-b/);
  });

  it('matches nothing in unrelated text', async () => {
    const r = await explain('Started Docker Application Container Engine.');
    assert.equal(r.matched, false);
    assert.match(renderExplainText(r), /No known Docker error/);
  });

  it('renders Markdown links path:line to the evidence', () => {
    const r: ExplainResult = {
      matched: true,
      workspace: { root: '/ws', filesLinted: 1, notices: [] },
      symptoms: [
        {
          id: 'x',
          title: 'device or resource busy',
          summary: 's',
          docs: 'docs/symptoms/x.md',
          docsUrl: 'https://x/docs/symptoms/x.md',
          lines: ['line'],
          count: 1,
          values: {},
          causes: [
            {
              id: 'c',
              title: 'T',
              why: 'W',
              confirm: [{ command: 'cmd', shows: 'shows' }],
              fix: ['F'],
              rules: [{ id: 'live-restore-with-mountflags-slave', available: true, docs: 'https://x/y' }],
              hostChecks: [],
              evidence: [{ ruleId: 'live-restore-with-mountflags-slave', severity: 'error', message: 'MountFlags=slave leaks', file: '/ws/etc/o.conf', displayPath: 'etc/o.conf', line: 2, column: 1 }],
            },
          ],
        },
      ],
    };
    const md = renderExplainMarkdown(r);
    assert.match(md, /- \[etc\/o\.conf:2\]\(etc\/o\.conf#L2\) — MountFlags=slave leaks \(`live-restore-with-mountflags-slave`\)/);
    assert.match(md, /```sh\ncmd\n```/);
    assert.match(renderExplainMarkdown(r, { link: (e) => `file://${e.file}#${e.line}` }), /\(file:\/\/\/ws\/etc\/o\.conf#2\)/);
  });
});

describe('shipshape explain (CLI)', () => {
  it('exits 0 and prints the causes for a known message', async () => {
    const t = io();
    assert.equal(await main(['explain', BUSY], t), 0);
    assert.match(t.outText(), /1\. docker\.service has MountFlags=slave/);
  });

  it('reads stdin with -, and prints JSON and Markdown', async () => {
    const t = io(LINKS);
    assert.equal(await main(['explain', '-', '--format', 'json'], t), 0);
    const j = JSON.parse(t.outText());
    assert.equal(j.symptoms[0].id, 'too-many-links');
    const m = io();
    assert.equal(await main(['explain', '--format=markdown', 'Bus error (core dumped)'], m), 0);
    assert.match(m.outText(), /^## Bus error/);
  });

  it('exits 1 with a helpful line when nothing matches, 2 on bad usage', async () => {
    const t = io();
    assert.equal(await main(['explain', 'all good'], t), 1);
    assert.match(t.errText(), /shipshape explain --list/);
    assert.equal(await main(['explain'], io()), 2);
    assert.equal(await main(['explain', '--format', 'yaml', 'x'], io()), 2);
    assert.equal(await main(['explain', '--workspace', 'no/such/dir', 'x'], io()), 2);
    assert.equal(await main(['explain', '-'], io('  ')), 2);
    const l = io();
    assert.equal(await main(['explain', '--list'], l), 0);
    assert.match(l.outText(), /too-many-links/);
  });
});
