// The systemd unit and env-file parsers, host pairing, the effective service across drop-ins, dockerd command-line
// reading, and the cross-file rules end to end.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseSystemdUnit } from '../../server/src/parsers/systemd-unit';
import { parseSysconfigEnv } from '../../server/src/parsers/sysconfig-env';
import { effectiveUnit, hostsOf } from '../../server/src/model/hosts';
import { effectiveDockerd } from '../../server/src/model/dockerd-cmdline';
import { scriptsOf } from '../../server/src/model/scripts';
import { toHostSpan } from '../../server/src/core/embedded';
import { systemdHover } from '../../server/src/features/hover-systemd';
import { applyFirstFix, lintFiles, WS_ROOT } from '../helpers';

const at = (text: string, s: { start: number; end: number }) => text.slice(s.start, s.end);

describe('systemd unit parser', () => {
  it('reads sections, directives and empty assignments with exact spans', () => {
    const text = '[Unit]\nDescription=Docker\n\n[Service]\nExecStart=\n  ExecStart = /usr/bin/dockerd -H fd://  \n';
    const m = parseSystemdUnit(text, '/h/etc/systemd/system/docker.service.d/override.conf');
    assert.equal(m.unit, 'docker.service');
    assert.equal(m.dropIn, true);
    assert.deepEqual(m.sections.map((s) => s.name), ['Unit', 'Service']);
    const [, reset, exec] = m.directives;
    assert.equal(reset.value, '');
    assert.equal(reset.section, 'Service');
    assert.equal(at(text, reset.span), 'ExecStart=');
    assert.equal(exec.key, 'ExecStart');
    assert.equal(exec.value, '/usr/bin/dockerd -H fd://');
    assert.equal(at(text, exec.keySpan), 'ExecStart');
    assert.equal(at(text, exec.valueSpan), '/usr/bin/dockerd -H fd://');
    assert.equal(at(text, m.sections[1].nameSpan), 'Service');
  });

  it('joins continuation lines, skips comment lines inside them, and maps every character back', () => {
    const text = '[Service]\nExecStart=/usr/bin/dockerd \\\n# a comment\n; another\n  --data-root /data\nKillMode=process\n';
    const m = parseSystemdUnit(text, 'docker.service');
    const d = m.directives[0];
    assert.equal(d.value, '/usr/bin/dockerd    --data-root /data');
    const i = d.value.indexOf('--data-root');
    assert.equal(text.slice(d.valueOffsets[i], d.valueOffsets[i] + 11), '--data-root');
    assert.equal(m.comments.length, 2);
    assert.equal(m.directives[1].key, 'KillMode');
    assert.equal(m.directives[1].line, 5);
  });

  it('treats # later on a line as part of the value and an escaped backslash as no continuation', () => {
    const m = parseSystemdUnit('[Service]\nEnvironment=A=1 # not a comment\nExecStart=/bin/echo \\\\\nKillMode=process\n', 'x.service');
    assert.equal(m.directives[0].value, 'A=1 # not a comment');
    assert.equal(m.directives[1].value, '/bin/echo \\\\');
    assert.equal(m.directives[2].key, 'KillMode');
  });

  it('reports assignments outside a section and lines without =, and survives garbage', () => {
    const m = parseSystemdUnit('Foo=bar\n[Service]\nnonsense\n[broken\n\\\n', 'x.service');
    assert.deepEqual(m.problems.map((p) => p.kind), ['outside-section', 'missing-equals', 'bad-section-header', 'missing-equals']);
    for (const junk of ['', '\\', '[', '=', '\r\n\r', '[A]\nK=\\', 'K=v\\\n#c\\']) parseSystemdUnit(junk, 'a.service');
  });

  it('handles CRLF line ends', () => {
    const text = '[Service]\r\nMountFlags=slave\r\nKillMode=process\r\n';
    const m = parseSystemdUnit(text, 'docker.service');
    assert.equal(m.directives[0].value, 'slave');
    assert.equal(at(text, m.directives[0].lineSpan), 'MountFlags=slave\r\n');
  });
});

describe('sysconfig env parser', () => {
  it('unquotes values and keeps offsets into the file', () => {
    const text = '# comment\nOPTIONS="--selinux-enabled --log-driver=journald"\nexport DOCKER_CERT_PATH=/etc/docker\nX=\'a b\'  \nY=plain value  \n';
    const m = parseSysconfigEnv(text);
    assert.deepEqual(m.assignments.map((a) => [a.name, a.value]), [
      ['OPTIONS', '--selinux-enabled --log-driver=journald'],
      ['DOCKER_CERT_PATH', '/etc/docker'],
      ['X', 'a b'],
      ['Y', 'plain value'],
    ]);
    const o = m.assignments[0];
    const i = o.value.indexOf('--log-driver');
    assert.equal(text.slice(o.valueOffsets[i], o.valueOffsets[i] + 12), '--log-driver');
    assert.equal(m.assignments[1].exported, true);
    assert.equal(at(text, o.nameSpan), 'OPTIONS');
  });

  it('continues double quotes and trailing backslashes over lines, and survives garbage', () => {
    const m = parseSysconfigEnv('A="one\ntwo"\nB=x \\\ny\nC="unterminated\n');
    assert.equal(m.assignments[0].value, 'one\ntwo');
    assert.equal(m.assignments[1].value, 'x y');
    assert.equal(m.problems[0].kind, 'unterminated-quote');
    for (const junk of ['', '=', '"', 'A="\\', '\\\n', 'export', 'A=\'']) parseSysconfigEnv(junk);
  });
});

describe('hosts and the effective service', () => {
  it('pairs files only within one host root', () => {
    const { workspace } = lintFiles({
      'hosts/node-a/etc/docker/daemon.json': '{"live-restore": true}',
      'hosts/node-a/etc/systemd/system/docker.service.d/override.conf': '[Service]\nKillMode=process\n',
      'hosts/node-b/etc/docker/daemon.json': '{"debug": true}',
      'hosts/node-b/lib/systemd/system/docker.service': '[Service]\nExecStart=/usr/bin/dockerd\n',
    });
    const hosts = hostsOf(workspace);
    assert.deepEqual(hosts.map((h) => [h.root.slice(WS_ROOT.length), h.daemonJson.length, h.units.length]), [
      ['/hosts/node-a', 1, 1],
      ['/hosts/node-b', 1, 1],
    ]);
  });

  it('pairs the only daemon.json with the only docker.service wherever they sit', () => {
    const { workspace } = lintFiles({
      'roles/docker/files/daemon.json': '{"live-restore": true}',
      'roles/docker/templates/docker.service.d/override.conf': '[Service]\nKillMode=process\n',
    });
    const hosts = hostsOf(workspace);
    assert.equal(hosts.length, 1);
    assert.equal(hosts[0].daemonJson.length, 1);
  });

  it('applies drop-ins by name, /etc over /run over /lib, and honours resets', () => {
    const { workspace } = lintFiles({
      'lib/systemd/system/docker.service': '[Service]\nExecStart=/usr/bin/dockerd -H fd://\nKillMode=process\n',
      'etc/systemd/system/docker.service': '[Service]\nExecStart=/usr/local/bin/dockerd\n',
      'lib/systemd/system/docker.service.d/10-a.conf': '[Service]\nKillMode=mixed\n',
      'etc/systemd/system/docker.service.d/10-a.conf': '[Service]\nKillMode=control-group\n',
      'run/systemd/system/docker.service.d/20-b.conf': '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd --debug\n',
    });
    const unit = effectiveUnit(hostsOf(workspace)[0], 'docker.service')!;
    assert.ok(unit.fragment!.file.path.endsWith('etc/systemd/system/docker.service'));
    assert.equal(unit.shadowed.length, 1);
    assert.deepEqual(unit.dropIns.map((d) => d.file.path.slice(WS_ROOT.length)), ['/etc/systemd/system/docker.service.d/10-a.conf', '/run/systemd/system/docker.service.d/20-b.conf']);
    assert.equal(unit.scalar('Service', 'KillMode')!.d.value, 'control-group');
    const list = unit.list('Service', 'ExecStart');
    assert.deepEqual(list.items.map((a) => a.d.value), ['/usr/bin/dockerd --debug']);
    assert.equal(list.complete, true);
  });

  it('expands $VAR and ${VAR} from EnvironmentFile= into flags whose ranges point into the env file', () => {
    const env = 'OPTIONS="--selinux-enabled -H unix:///run/docker.sock"\nDOCKER_STORAGE_OPTIONS="--storage-driver=overlay2 --storage-opt overlay2.size=10G"\n';
    const { workspace } = lintFiles({
      'etc/sysconfig/docker': env,
      'etc/systemd/system/docker.service': '[Service]\nEnvironmentFile=-/etc/sysconfig/docker\nExecStart=/usr/bin/dockerd-current -D $OPTIONS ${DOCKER_STORAGE_OPTIONS} $MISSING\n',
    });
    const unit = effectiveUnit(hostsOf(workspace)[0], 'docker.service')!;
    const { invocation } = effectiveDockerd(unit);
    assert.ok(invocation);
    assert.deepEqual(invocation.unresolved, ['MISSING']);
    const names = invocation.flags.map((f) => f.spec?.name ?? f.written);
    assert.deepEqual(names, ['debug', 'selinux-enabled', 'host', 'storage-driver']);
    const host = invocation.flags[2];
    assert.ok(host.whole.file.path.endsWith('etc/sysconfig/docker'));
    assert.equal(at(env, host.whole.span), '-H unix:///run/docker.sock');
    // ${VAR} is one word: `--storage-driver=overlay2 --storage-opt overlay2.size=10G` as a single argument.
    assert.equal(invocation.flags[3].value, 'overlay2 --storage-opt overlay2.size=10G');
  });

  it('reads pflag forms: -H=x, -Hx, clustered shorthands, --flag value, legacy docker daemon', () => {
    const { workspace } = lintFiles({
      'etc/systemd/system/docker.service': '[Service]\nExecStart=/usr/bin/docker daemon -Dl warn -H=fd:// -Htcp://0.0.0.0:2375 --data-root /d --live-restore\n',
    });
    const inv = effectiveDockerd(effectiveUnit(hostsOf(workspace)[0], 'docker.service')!).invocation!;
    assert.equal(inv.form, 'docker daemon');
    assert.deepEqual(inv.flags.map((f) => [f.spec?.name, f.value]), [
      ['debug', undefined],
      ['log-level', 'warn'],
      ['host', 'fd://'],
      ['host', 'tcp://0.0.0.0:2375'],
      ['data-root', '/d'],
      ['live-restore', undefined],
    ]);
  });
});

describe('cross-file rules end to end', () => {
  it('live-restore + MountFlags=slave: both files, exact tokens, each pointing at the other', () => {
    const { findings } = lintFiles(
      { 'etc/docker/daemon.json': '{"live-restore": true}', 'etc/systemd/system/docker.service.d/override.conf': '[Service]\nMountFlags=slave\n' },
      { only: 'live-restore-with-mountflags-slave' },
    );
    assert.deepEqual(findings.map((f) => [f.rel, f.text, f.severity]), [
      ['etc/docker/daemon.json', '"live-restore": true', 'error'],
      ['etc/systemd/system/docker.service.d/override.conf', 'MountFlags=slave', 'error'],
    ]);
    assert.ok(findings[0].related[0].file.endsWith('override.conf'));
    assert.ok(findings[1].related[0].file.endsWith('daemon.json'));
    assert.ok(findings.every((f) => f.fixes[0].title === 'Remove MountFlags= from the unit'));
  });

  it('follows --config-file= to the daemon.json dockerd really reads, and ignores the default one then', () => {
    const { findings } = lintFiles(
      {
        'etc/docker/daemon.json': '{"live-restore": false}',
        'etc/docker/node.daemon.json': '{"live-restore": true, "hosts": ["unix:///var/run/docker.sock"]}',
        'etc/systemd/system/docker.service.d/override.conf': '[Service]\nMountFlags=slave\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// --config-file=/etc/docker/node.daemon.json\n',
      },
      {},
    );
    const mine = findings.filter((f) => f.ruleId === 'live-restore-with-mountflags-slave' || f.ruleId === 'daemon-flag-conflict');
    assert.deepEqual(mine.map((f) => [f.ruleId, f.rel, f.text]), [
      ['live-restore-with-mountflags-slave', 'etc/docker/node.daemon.json', '"live-restore": true'],
      ['daemon-flag-conflict', 'etc/docker/node.daemon.json', '"hosts"'],
      ['live-restore-with-mountflags-slave', 'etc/systemd/system/docker.service.d/override.conf', 'MountFlags=slave'],
      ['daemon-flag-conflict', 'etc/systemd/system/docker.service.d/override.conf', '-H fd://'],
    ]);
    assert.match(mine[1].message, /with file \/etc\/docker\/node\.daemon\.json:/);
  });

  it('hosts in daemon.json with the stock Debian unit conflicts, quoting dockerd', () => {
    const { findings } = lintFiles(
      {
        'etc/docker/daemon.json': '{"hosts": ["unix:///var/run/docker.sock"]}',
        'lib/systemd/system/docker.service': '[Service]\nType=notify\nExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock\nKillMode=process\n',
      },
      { only: 'daemon-flag-conflict' },
    );
    assert.deepEqual(findings.map((f) => [f.rel, f.text]), [
      ['etc/docker/daemon.json', '"hosts"'],
      ['lib/systemd/system/docker.service', '-H fd://'],
    ]);
    assert.match(findings[0].message, /hosts: \(from flag: \[fd:\/\/\], from file: \[unix:\/\/\/var\/run\/docker\.sock\]\)/);
  });

  it('a drop-in ExecStart without reset is fixed by inserting ExecStart= and the re-lint is clean', () => {
    const path = 'etc/systemd/system/docker.service.d/override.conf';
    const text = '[Service]\nExecStart=/usr/bin/dockerd --data-root /data\n';
    const { findings } = lintFiles({ [path]: text });
    const f = findings.find((x) => x.ruleId === 'unit-execstart-not-cleared')!;
    assert.equal(f.text, 'ExecStart');
    const fixed = applyFirstFix(f, text);
    assert.equal(fixed, '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd --data-root /data\n');
    assert.deepEqual(lintFiles({ [path]: fixed }).findings.map((x) => x.ruleId), []);
  });
});

describe('systemd unit editor and shell seams', () => {
  it('extracts Exec*= command lines as systemd scripts mapped through continuations', () => {
    const text = '[Service]\nExecStartPre=-/usr/bin/docker exec \\\n  -it db true\nExecStart=/usr/bin/dockerd\n';
    const { workspace } = lintFiles({ 'etc/systemd/system/docker.service': text });
    const file = workspace.get(`${WS_ROOT}/etc/systemd/system/docker.service`)!;
    const scripts = scriptsOf(file, workspace);
    assert.deepEqual(scripts.map((s) => [s.label, s.context, s.text]), [
      ['ExecStartPre', 'systemd', '/usr/bin/docker exec    -it db true'],
      ['ExecStart', 'systemd', '/usr/bin/dockerd'],
    ]);
    const i = scripts[0].text.indexOf('-it');
    assert.equal(at(text, toHostSpan(scripts[0], { start: i, end: i + 3 })), '-it');
  });

  it('lets the shell rules find docker exec -it in ExecStart=, on the exact characters through a continuation', () => {
    const text = '[Service]\nType=oneshot\nExecStart=/usr/bin/docker exec -it db \\\n  mysqldump --all-databases\n';
    const { findings } = lintFiles({ 'etc/systemd/system/db-dump.service': text }, { only: 'tty-without-terminal' });
    assert.deepEqual(findings.map((f) => [f.text, f.line]), [['-it', 3]]);
  });

  it('hovers directives with their effect on Docker, and dockerd flags with their daemon.json key', () => {
    const text = '[Service]\nMountFlags=slave\nExecStart=\nExecStart=/usr/bin/dockerd -g /data\n';
    const { workspace } = lintFiles({ 'etc/systemd/system/docker.service.d/override.conf': text });
    const file = workspace.get(`${WS_ROOT}/etc/systemd/system/docker.service.d/override.conf`)!;
    const h = systemdHover(file, workspace, text.indexOf('MountFlags') + 2);
    assert.match(h!.markdown, /live-restore/);
    assert.equal(at(text, h!.range!), 'MountFlags');
    const g = systemdHover(file, workspace, text.indexOf('-g') + 1);
    assert.match(g!.markdown, /--graph/);
    assert.match(g!.markdown, /--data-root/);
    assert.equal(systemdHover(file, workspace, 0), undefined);
  });
});
