// The CLI as users and CI run it: `node bin/shipshape.js`, its JSON contract, exit codes, --fix, SARIF, and garbage.
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'shipshape.js');
let tmp: string;

function cli(args: string[], cwd = tmp) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '' }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function json(args: string[], cwd = tmp) {
  const r = cli(['lint', '--format', 'json', ...args], cwd);
  assert.doesNotMatch(r.err, /internal error|\n\s+at /, r.err);
  return { ...r, body: JSON.parse(r.out) };
}

function put(p: string, content: string | Buffer) {
  const abs = path.join(tmp, p);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, content);
  return abs;
}

const LOGS = '  "log-driver": "json-file",\n  "log-opts": { "max-size": "10m", "max-file": "3" }';
const TYPO = `{\n  "live_restore": true,\n${LOGS}\n}\n`;
const CLEAN = `{\n  "live-restore": true,\n${LOGS}\n}\n`;
const GRAPH = `{\n  "graph": "/data/docker",\n${LOGS}\n}\n`;

describe('cli', () => {
  before(() => {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'cli.js')), 'dist/cli.js is missing: run `npm run build` first');
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-cli-')));
  });
  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('prints the JSON contract with 1-based positions and paths relative to the current folder', () => {
    put('contract/etc/docker/daemon.json', TYPO);
    put('contract/big/daemon.json', Buffer.from([0x7b, 0, 0x7d]));
    const { code, body } = json(['contract']);
    assert.equal(code, 1);
    assert.deepEqual(Object.keys(body), ['version', 'files', 'notices', 'findings']);
    assert.equal(body.version, 1);
    assert.equal(body.files, 1);
    assert.deepEqual(body.notices, [{ file: 'contract/big/daemon.json', message: 'skipped: binary file' }]);
    assert.equal(body.findings.length, 1);
    const f = body.findings[0];
    assert.deepEqual(Object.keys(f), ['ruleId', 'severity', 'message', 'file', 'line', 'column', 'endLine', 'endColumn', 'related', 'fixes']);
    assert.deepEqual(
      { ruleId: f.ruleId, severity: f.severity, file: f.file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, related: f.related },
      { ruleId: 'daemon-unknown-key', severity: 'error', file: 'contract/etc/docker/daemon.json', line: 2, column: 3, endLine: 2, endColumn: 17, related: [] },
    );
    assert.match(f.message, /the following directives don't match any configuration option: live_restore/);
    assert.deepEqual(f.fixes, [{ title: 'Rename "live_restore" to "live-restore"', safety: 'safe', edits: [{ file: 'contract/etc/docker/daemon.json', line: 2, column: 3, endLine: 2, endColumn: 17, newText: '"live-restore"' }] }]);
  });

  it('gives related locations in JSON', () => {
    put('related/daemon.json', `{\n  "default-address-pools": [\n    { "base": "10.1.0.0/16", "size": 24 },\n    { "base": "10.1.128.0/17", "size": 24 }\n  ],\n${LOGS}\n}\n`);
    const f = json(['related']).body.findings.find((x: { ruleId: string }) => x.ruleId === 'daemon-address-pool-invalid');
    assert.deepEqual(f.related, [{ file: 'related/daemon.json', line: 3, column: 15, message: '"10.1.0.0/16" is defined here' }]);
  });

  it('exits 0 when clean, 1 at --fail-on, 2 on bad usage', () => {
    put('exit/clean/daemon.json', CLEAN);
    put('exit/warn/daemon.json', `{\n  "label": ["env=prod"],\n${LOGS}\n}\n`);
    put('exit/info/daemon.json', '{ "live-restore": true }\n');
    put('exit/error/daemon.json', TYPO);
    assert.equal(cli(['lint', 'exit/clean']).code, 0);
    assert.equal(cli(['lint', 'exit/error']).code, 1);
    assert.equal(cli(['lint', 'exit/warn']).code, 0);
    assert.equal(cli(['lint', 'exit/warn', '--fail-on', 'warning']).code, 1);
    assert.equal(cli(['lint', 'exit/warn', '--fail-on=warning']).code, 1);
    assert.equal(cli(['lint', 'exit/info', '--fail-on', 'warning']).code, 0);
    assert.equal(cli(['lint', 'exit/info', '--fail-on', 'info']).code, 1);
    assert.equal(cli(['lint', 'exit/error', '--fail-on', 'never']).code, 0);
    for (const bad of [['lint', '--format', 'xml'], ['lint', '--fail-on', 'sometimes'], ['lint', '--docker-version', 'latest'], ['lint', '--nope'], ['lint', '--format'], ['frobnicate'], ['lint', '--config', 'missing.yaml']]) {
      const r = cli(bad);
      assert.equal(r.code, 2, bad.join(' '));
      assert.match(r.err, /^shipshape: .*\n\nUsage: shipshape/, bad.join(' '));
    }
    assert.equal(cli(['help']).code, 0);
    assert.match(cli(['rules']).out, /^daemon-address-pool-invalid\s+error\s+/m);
  });

  it('rules --format json prints each rule with the hadolint and BuildKit codes it covers', () => {
    const r = cli(['rules', '--format', 'json']);
    assert.equal(r.code, 0);
    const list = JSON.parse(r.out) as { id: string; peers: { hadolint: string[]; buildkit: string[] } }[];
    assert.deepEqual(list.find((x) => x.id === 'useradd-without-no-log-init')?.peers, { hadolint: ['DL3046'], buildkit: [] });
    assert.deepEqual(list.find((x) => x.id === 'daemon-json-invalid')?.peers, { hadolint: [], buildkit: [] });
    assert.equal(cli(['rules', '--format', 'xml']).code, 2);
  });

  it('--docker-version turns a deprecated key into a removed one', () => {
    put('version/etc/docker/daemon.json', GRAPH);
    const at = (v: string) => {
      const r = json(['version', '--docker-version', v]);
      return [r.code, r.body.findings.map((f: { ruleId: string; severity: string }) => `${f.ruleId}:${f.severity}`)];
    };
    assert.deepEqual(at('22.06'), [0, ['daemon-deprecated-key:warning']]);
    assert.deepEqual(at('23.0'), [1, ['daemon-deprecated-key:error']]);
    put('version/.shipshape.yaml', 'dockerVersion: 20.10\n');
    assert.deepEqual(json(['version']).body.findings.map((f: { severity: string }) => f.severity), ['warning']);
  });

  it('--fix rewrites the files with the safe fixes and reports what is left', () => {
    const file = put('fix/etc/docker/daemon.json', `{\n  "graph": "/data/docker",\n  "live_restore": "true",\n  "insecure-registrys": ["registry.internal:5000"],\n${LOGS},\n}\n`);
    const r = cli(['lint', '--fix', '--format', 'json', 'fix']);
    assert.match(r.err, /fixed 1 file/);
    // The trailing comma, the rename to data-root, "live_restore" (same words) and then "true" are safe; the guessed
    // spelling of insecure-registries is not, so it stays.
    assert.equal(fs.readFileSync(file, 'utf8'), `{\n  "data-root": "/data/docker",\n  "live-restore": true,\n  "insecure-registrys": ["registry.internal:5000"],\n${LOGS}\n}\n`);
    assert.deepEqual(JSON.parse(r.out).findings.map((f: { ruleId: string }) => f.ruleId), ['daemon-unknown-key']);
    assert.equal(r.code, 1);
    const again = cli(['lint', '--fix', '--unsafe-fixes', 'fix']);
    assert.equal(again.code, 0, again.out);
    assert.doesNotThrow(() => JSON.parse(fs.readFileSync(file, 'utf8')));
    assert.match(fs.readFileSync(file, 'utf8'), /"insecure-registries"/);
  });

  it('prints SARIF 2.1.0 with rules, help URIs, results and regions', () => {
    put('sarif/etc/docker/daemon.json', TYPO);
    const r = cli(['lint', '--format', 'sarif', 'sarif']);
    assert.equal(r.code, 1);
    const s = JSON.parse(r.out);
    assert.equal(s.version, '2.1.0');
    assert.match(s.$schema, /sarif-2\.1\.0/);
    assert.equal(s.runs.length, 1);
    const run = s.runs[0];
    assert.equal(run.tool.driver.name, 'shipshape');
    assert.deepEqual(run.tool.driver.rules.map((x: { id: string }) => x.id), ['daemon-unknown-key']);
    const rule = run.tool.driver.rules[0];
    assert.match(rule.helpUri, /docs\/rules\/daemon-unknown-key\.md$/);
    assert.ok(rule.shortDescription.text.length > 10);
    assert.equal(rule.defaultConfiguration.level, 'error');
    assert.equal(run.results.length, 1);
    const res = run.results[0];
    assert.equal(res.ruleId, 'daemon-unknown-key');
    assert.equal(res.ruleIndex, 0);
    assert.equal(res.level, 'error');
    assert.match(res.message.text, /live_restore/);
    assert.deepEqual(res.locations[0].physicalLocation.artifactLocation, { uri: 'sarif/etc/docker/daemon.json', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(res.locations[0].physicalLocation.region, { startLine: 2, startColumn: 3, endLine: 2, endColumn: 17 });
    assert.equal(res.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, '"live-restore"');
    assert.match(run.originalUriBaseIds['%SRCROOT%'].uri, /^file:\/\/.*\/$/);
  });

  it('survives garbage: random bytes, a 4 MB file, an empty file, deep nesting, a symlink loop', () => {
    // A small deterministic generator, so a failure can be reproduced.
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    put('garbage/binary/daemon.json', Buffer.from(Array.from({ length: 4096 }, rand)));
    put('garbage/noise/daemon.json', Buffer.from(Array.from({ length: 4096 }, () => 1 + (rand() % 255))));
    put('garbage/empty/daemon.json', '');
    put('garbage/blank/daemon.json', '  \n\n');
    put('garbage/deep/daemon.json', '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000));
    put('garbage/array/daemon.json', '["not", "an", "object"]');
    const labels = Array.from({ length: 140_000 }, (_, i) => `"node-label-${i}=value-${i}"`).join(',');
    put('garbage/large/daemon.json', `{\n  "labels": [${labels}],\n${LOGS}\n}\n`);
    assert.ok(fs.statSync(path.join(tmp, 'garbage/large/daemon.json')).size > 4_000_000);
    fs.symlinkSync(path.join(tmp, 'garbage'), path.join(tmp, 'garbage/large/loop'));
    const started = Date.now();
    const { code, body } = json(['garbage']);
    const took = Date.now() - started;
    assert.ok(code === 0 || code === 1, `exit ${code}`);
    assert.ok(took < 30_000, `took ${took} ms`);
    const by = (dir: string) => body.findings.filter((f: { file: string }) => f.file.startsWith(`garbage/${dir}/`)).map((f: { ruleId: string }) => f.ruleId);
    assert.deepEqual(body.notices, [{ file: 'garbage/binary/daemon.json', message: 'skipped: binary file' }]);
    assert.ok(by('noise').includes('daemon-json-invalid'));
    assert.deepEqual(by('empty'), []);
    assert.deepEqual(by('blank'), []);
    assert.deepEqual(by('deep'), ['daemon-json-invalid']);
    assert.match(body.findings.find((f: { file: string }) => f.file.startsWith('garbage/deep/')).message, /exceeded max depth/);
    assert.deepEqual(by('large'), []);
    assert.deepEqual(by('array'), ['daemon-wrong-type']);
    assert.ok(!body.findings.some((f: { ruleId: string }) => f.ruleId === 'internal-error'));
  });
});
