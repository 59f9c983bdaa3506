// .shipshape.yaml: severities, off, ignored paths, the target Docker version; bad values become defaults with notices.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultConfig, type Config, findConfigFile, loadConfigFile, mergeConfig, normalizeConfig, parseConfigText } from '../../server/src/engine/config';
import { CURRENT_DOCKER_VERSION } from '../../server/src/core/version';
import { lintPaths } from '../../server/src/engine/project';
import { lintFiles } from '../helpers';

const SRC = '/ws/.shipshape.yaml';
const LEGACY = '{\n  "graph": "/data/docker",\n  "log-driver": "json-file",\n  "log-opts": { "max-size": "10m", "max-file": "3" }\n}\n';

describe('config', () => {
  it('reads hosts: as host name to path globs, and says what is wrong with a bad entry', () => {
    const ok = parseConfigText('hosts:\n  web-1: ["stacks/shop/", "stacks/blog/**"]\n  db-1: stacks/db/\n', SRC);
    assert.deepEqual(ok.config.hosts, { 'web-1': ['stacks/shop/', 'stacks/blog/**'], 'db-1': ['stacks/db/'] });
    assert.deepEqual(ok.notices, []);
    const bad = parseConfigText('hosts:\n  web-1: 3\n', SRC);
    assert.deepEqual(bad.config.hosts, {});
    assert.deepEqual(bad.notices.map((n) => n.message), ['hosts.web-1 must be a list of path patterns']);
    assert.deepEqual(parseConfigText('hosts: [a]\n', SRC).notices.map((n) => n.message), ['hosts must be a mapping of host name to a list of path patterns']);
  });

  it('defaults: the current Docker major, no rule changes, nothing ignored, no unsafe fixes', () => {
    assert.deepEqual(defaultConfig(), { dockerVersion: CURRENT_DOCKER_VERSION, rules: {}, ignore: [], unsafeFixes: false, hosts: {} });
    assert.deepEqual(parseConfigText('', SRC), { config: defaultConfig(), notices: [] });
    assert.deepEqual(parseConfigText('# nothing yet\n', SRC).notices, []);
  });

  it('reads severities, off, options, ignore, dockerVersion and unsafeFixes', () => {
    const { config, notices } = parseConfigText(
      ['dockerVersion: "27.5"', 'unsafeFixes: true', 'ignore:', '  - legacy/**', 'rules:', '  daemon-log-rotation-missing: off', '  daemon-ignored-key: error', '  daemon-unknown-key: false', '  daemon-wrong-type: { severity: warning, options: { strict: true } }'].join('\n'),
      SRC,
    );
    assert.deepEqual(notices, []);
    assert.deepEqual(config.dockerVersion, { major: 27, minor: 5 });
    assert.equal(config.unsafeFixes, true);
    assert.deepEqual(config.ignore, ['legacy/**']);
    assert.deepEqual(config.rules, {
      'daemon-log-rotation-missing': { severity: 'off' },
      'daemon-ignored-key': { severity: 'error' },
      'daemon-unknown-key': { severity: 'off' },
      'daemon-wrong-type': { severity: 'warning', options: { strict: true } },
    });
  });

  it('keeps dockerVersion digits as written even when YAML reads a number (20.10 is not 20.1)', () => {
    assert.deepEqual(parseConfigText('dockerVersion: 20.10\n', SRC).config.dockerVersion, { major: 20, minor: 10 });
    assert.deepEqual(parseConfigText('dockerVersion: 23\n', SRC).config.dockerVersion, { major: 23, minor: 0 });
    assert.deepEqual(parseConfigText('dockerVersion: v24.0.7\n', SRC).config.dockerVersion, { major: 24, minor: 0 });
  });

  it('turns bad values into defaults, each with a notice naming the file', () => {
    const { config, notices } = parseConfigText(
      ['dockerVersion: latest', 'unsafeFixes: "yes"', 'ignore: legacy/**', 'colour: true', 'rules:', '  daemon-ignored-key: warn', '  daemon-wrong-type: { severity: loud, options: [1] }'].join('\n'),
      SRC,
    );
    assert.deepEqual(config.dockerVersion, CURRENT_DOCKER_VERSION);
    assert.equal(config.unsafeFixes, false);
    assert.deepEqual(config.ignore, []);
    assert.equal(config.rules['daemon-ignored-key'], undefined);
    assert.deepEqual(config.rules['daemon-wrong-type'], {});
    assert.equal(notices.length, 7);
    assert.ok(notices.every((n) => n.file === SRC));
    const text = notices.map((n) => n.message).join('\n');
    for (const bit of ['dockerVersion "latest"', 'unsafeFixes', 'ignore must be a list', 'unknown configuration key "colour"', 'rules.daemon-ignored-key', 'rules.daemon-wrong-type.severity', 'rules.daemon-wrong-type.options']) {
      assert.ok(text.includes(bit), `no notice about ${bit}:\n${text}`);
    }
  });

  it('survives YAML that is not a mapping or not YAML at all', () => {
    assert.match(parseConfigText('- a\n- b\n', SRC).notices[0].message, /must be a mapping/);
    assert.match(parseConfigText('rules: [a\n', SRC).notices[0].message, /cannot read the configuration/);
    assert.match(parseConfigText('rules: 3\n', SRC).notices[0].message, /rules must be a mapping/);
    assert.deepEqual(normalizeConfig(42, SRC).config, defaultConfig());
    assert.deepEqual(parseConfigText('a: &x [*x]\n', SRC).config, defaultConfig());
  });

  it('merges editor settings over the file, rule by rule', () => {
    const base = parseConfigText('dockerVersion: "22.06"\nignore: [a/**]\nrules:\n  daemon-unknown-key: warning\n  daemon-wrong-type: off\n', SRC).config;
    const merged = mergeConfig(base, { rules: { 'daemon-wrong-type': { severity: 'error' } }, ignore: ['b/**'] });
    assert.deepEqual(merged.dockerVersion, { major: 22, minor: 6 });
    assert.deepEqual(merged.ignore, ['a/**', 'b/**']);
    assert.deepEqual(merged.rules, { 'daemon-unknown-key': { severity: 'warning' }, 'daemon-wrong-type': { severity: 'error' } });
  });

  it('applies severities and off to findings', () => {
    const files = { 'etc/docker/daemon.json': LEGACY };
    const sev = (cfg: Partial<Config>) => lintFiles(files, { config: cfg, only: 'daemon-deprecated-key' }).findings.map((f) => f.severity);
    assert.deepEqual(sev({}), ['error']);
    assert.deepEqual(sev({ rules: { 'daemon-deprecated-key': { severity: 'info' } } }), ['info']);
    assert.deepEqual(sev({ rules: { 'daemon-deprecated-key': { severity: 'off' } } }), []);
  });

  it('decides deprecated versus removed by dockerVersion', () => {
    const files = { 'etc/docker/daemon.json': LEGACY };
    const at = (major: number, minor: number) => lintFiles(files, { config: { dockerVersion: { major, minor } }, only: 'daemon-deprecated-key' }).findings.map((f) => `${f.severity}:${f.messageId}`);
    assert.deepEqual(at(17, 3), []);
    assert.deepEqual(at(20, 10), ['warning:deprecated']);
    assert.deepEqual(at(22, 6), ['warning:deprecated']);
    assert.deepEqual(at(23, 0), ['error:removed']);
    assert.deepEqual(at(29, 0), ['error:removed']);
  });

  it('finds the nearest .shipshape.yaml, ignores paths relative to it, and reports an unreadable one', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-config-'));
    try {
      fs.writeFileSync(path.join(tmp, '.shipshape.yaml'), 'ignore:\n  - legacy/**\nrules:\n  daemon-log-rotation-missing: off\n');
      for (const d of ['legacy/etc/docker', 'hosts/a/etc/docker']) {
        fs.mkdirSync(path.join(tmp, d), { recursive: true });
        fs.writeFileSync(path.join(tmp, d, 'daemon.json'), '{ "live_restore": true }\n');
      }
      assert.equal(findConfigFile(path.join(tmp, 'hosts', 'a')), path.join(tmp, '.shipshape.yaml'));
      const run = await lintPaths([path.join(tmp, 'hosts'), path.join(tmp, 'legacy')]);
      assert.deepEqual(run.findings.map((f) => `${path.relative(tmp, f.file)} ${f.ruleId}`), ['hosts/a/etc/docker/daemon.json daemon-unknown-key']);
      // Without a config file, ignore patterns from settings are relative to the common folder of the paths.
      const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-noconfig-'));
      try {
        for (const d of ['a', 'b']) {
          fs.mkdirSync(path.join(bare, d), { recursive: true });
          fs.writeFileSync(path.join(bare, d, 'daemon.json'), '{ "live_restore": true }\n');
        }
        const r = await lintPaths([path.join(bare, 'a'), path.join(bare, 'b')], { overrides: { ignore: ['b/**'] } });
        assert.deepEqual([...new Set(r.findings.map((f) => path.relative(bare, f.file)))], ['a/daemon.json']);
        assert.equal(r.filesLinted, 1, 'the ignored folder is not even read');
      } finally {
        fs.rmSync(bare, { recursive: true, force: true });
      }
      const missing = loadConfigFile(path.join(tmp, 'nope.yaml'));
      assert.deepEqual(missing.config, defaultConfig());
      assert.match(missing.notices[0].message, /cannot read the configuration: ENOENT/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
