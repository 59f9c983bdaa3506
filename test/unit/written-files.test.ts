// Files written by other files (a provisioning script's heredoc, a Dockerfile COPY heredoc, cloud-init write_files,
// Ansible copy): linted as the kind they are, every finding on the exact characters of the writing file.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyFirstFix, lintFiles, WS_ROOT, type LintedFinding } from '../helpers';
import { isEmbedded } from '../../server/src/core/embedded-files';
import { Workspace } from '../../server/src/engine/workspace';

const brief = (fs: LintedFinding[]) => fs.map((f) => `${f.rel}:${f.line}:${f.column} ${f.ruleId} ${JSON.stringify(f.text)}`);
const LOGS = '"log-opts": {"max-size": "10m"}';

describe('shell scripts that write daemon.json', () => {
  it('an unquoted heredoc: findings on the heredoc line, expansions are unknown values', () => {
    const sh = [
      '#!/bin/bash',
      'mkdir -p /etc/docker',
      'cat > /etc/docker/daemon.json <<EOF',
      '{',
      '  "graph": "/data/docker",',
      `  ${LOGS},`,
      '  "debug": $DEBUG,',
      '  "registry-mirrors": ["${MIRROR}"],',
      '  "storage-driver": "devicemapper"',
      '}',
      'EOF',
    ].join('\n');
    const { findings } = lintFiles({ 'provision.sh': sh });
    assert.deepEqual(brief(findings), [
      'provision.sh:5:3 daemon-deprecated-key "\\"graph\\""',
      'provision.sh:9:21 daemon-legacy-storage-driver "\\"devicemapper\\""',
    ]);
  });

  it("a quoted heredoc (<<'EOF') writes `$X` as it stands: a mirror named $MIRROR is wrong", () => {
    const sh = `sudo tee /etc/docker/daemon.json > /dev/null <<'EOF'\n{\n  ${LOGS},\n  "registry-mirrors": ["$MIRROR"]\n}\nEOF\n`;
    const { findings } = lintFiles({ 'setup.sh': sh });
    assert.deepEqual(brief(findings), ['setup.sh:4:24 daemon-registry-mirror-invalid "\\"$MIRROR\\""']);
  });

  it('`<<-` strips tabs, and `cat <<EOF | sudo tee` reads the heredoc through the pipe', () => {
    const sh = `if true; then\n\tcat <<-EOF | sudo tee /etc/docker/daemon.json\n\t{\n\t  ${LOGS},\n\t  "graph": "/x"\n\t}\n\tEOF\nfi\n`;
    const { findings } = lintFiles({ 'a.sh': sh });
    assert.deepEqual(brief(findings), ['a.sh:5:4 daemon-deprecated-key "\\"graph\\""']);
  });

  it('echo "…" with \\" escapes: the range covers the escaped key in the script', () => {
    const sh = `echo "{\\"graph\\": \\"/x\\", ${LOGS.replace(/"/g, '\\"')}}" > /etc/docker/daemon.json\n`;
    const { findings } = lintFiles({ 'a.sh': sh });
    assert.deepEqual(brief(findings), ['a.sh:1:8 daemon-deprecated-key "\\\\\\"graph\\\\\\""']);
  });

  it("printf '…\\n…' and echo '…' | tee: escapes applied, ranges exact", () => {
    const sh = `printf '{\\n  "registry-mirrors": ["mirror.example"],\\n  ${LOGS}\\n}\\n' > /etc/docker/daemon.json\necho '{"graph": "/y", ${LOGS}}' | sudo tee /etc/docker/daemon.json\n`;
    const { findings } = lintFiles({ 'a.sh': sh });
    assert.deepEqual(brief(findings), [
      'a.sh:1:35 daemon-registry-mirror-invalid "\\"mirror.example\\""',
      'a.sh:2:8 daemon-deprecated-key "\\"graph\\""',
    ]);
  });

  it('inside `sudo sh -c \'…\'` and with the folder in a variable set before', () => {
    const sh = `d=/etc/systemd/system/docker.service.d\nsudo tee $d/override.conf <<EOF\n[Service]\nExecStart=\nExecStart=/usr/bin/dockerd --graph /x\nEOF\nsudo sh -c 'cat > /etc/docker/daemon.json <<EOF\n{"graph": "/z", ${LOGS}}\nEOF'\n`;
    const { findings } = lintFiles({ 'a.sh': sh });
    assert.deepEqual(brief(findings.filter((f) => f.ruleId !== 'daemon-flag-conflict')), [
      'a.sh:5:28 dockerd-deprecated-flag "--graph"',
      'a.sh:8:2 daemon-deprecated-key "\\"graph\\""',
    ]);
  });

  it('what one script writes is one host: a -H in its drop-in conflicts with "hosts" in its daemon.json', () => {
    const sh = [
      'cat > /etc/docker/daemon.json <<EOF',
      `{"hosts": ["tcp://0.0.0.0:2375"], ${LOGS}}`,
      'EOF',
      'mkdir -p /etc/systemd/system/docker.service.d',
      'echo "[Service]',
      'ExecStart=',
      'ExecStart=/usr/bin/dockerd -H fd://" > /etc/systemd/system/docker.service.d/override.conf',
    ].join('\n');
    const { findings } = lintFiles({ 'provision.sh': sh, 'other.sh': 'echo "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://" > /etc/systemd/system/docker.service.d/x.conf\n' });
    assert.deepEqual(brief(findings), ['provision.sh:2:2 daemon-flag-conflict "\\"hosts\\""', 'provision.sh:7:28 daemon-flag-conflict "-H fd://"']);
    assert.equal(findings[0].related[0].file, `${WS_ROOT}/provision.sh`);
  });

  it('a shipshape-ignore comment above the writing command covers the written text', () => {
    const sh = `# shipshape-ignore daemon-deprecated-key -- old hosts keep graph\ncat > /etc/docker/daemon.json <<EOF\n{"graph": "/x", ${LOGS}}\nEOF\n`;
    assert.deepEqual(brief(lintFiles({ 'a.sh': sh }).findings), []);
  });

  it('fixes land in the script, spelled for where they land', () => {
    const quoted = `cat > /etc/docker/daemon.json <<'EOF'\n{"graph": "/x", ${LOGS}}\nEOF\n`;
    const q = lintFiles({ 'a.sh': quoted }).findings.find((f) => f.ruleId === 'daemon-deprecated-key')!;
    assert.equal(applyFirstFix(q, quoted), quoted.replace('"graph"', '"data-root"'));
    const echoed = `echo "{\\"graph\\": \\"/x\\"}" > /etc/docker/daemon.json\n`;
    const e = lintFiles({ 'a.sh': echoed }).findings.find((f) => f.ruleId === 'daemon-deprecated-key')!;
    assert.equal(applyFirstFix(e, echoed), echoed.replace('\\"graph\\"', '\\"data-root\\"'));
  });

  it('other commands and other files are left alone', () => {
    const sh = `jq '.debug = true' /etc/docker/daemon.json > /tmp/d.json\ncat /etc/docker/daemon.json\necho '{"graph": 1}' > /tmp/daemon.txt\necho '{"graph": "/x"}' 2> /etc/docker/daemon.json\n`;
    assert.deepEqual(brief(lintFiles({ 'a.sh': sh }).findings), []);
  });

  it('an env line appended to /etc/default/docker is read like the file', () => {
    const sh = `echo 'DOCKER_OPTS="--graph /x"' >> /etc/default/docker\n`;
    const ws = new Workspace(WS_ROOT);
    const f = ws.set(`${WS_ROOT}/a.sh`, sh)!;
    assert.deepEqual(
      ws.embeddedOf(f).map((e) => [e.path, e.kind, e.text]),
      [[`${WS_ROOT}/a.sh::/etc/default/docker`, 'sysconfig-env', 'DOCKER_OPTS="--graph /x"\n']],
    );
  });
});

describe('written files in the workspace', () => {
  it('are files of their kind while the host is there, and keep their objects while their text is unchanged', () => {
    const ws = new Workspace(WS_ROOT);
    const sh = `cat > /etc/docker/daemon.json <<EOF\n{"debug": true}\nEOF\n`;
    const f = ws.set(`${WS_ROOT}/a.sh`, sh)!;
    const [e] = ws.embeddedOf(f);
    assert.ok(isEmbedded(e));
    assert.deepEqual(ws.files('daemon-json').map((x) => x.path), [`${WS_ROOT}/a.sh::/etc/docker/daemon.json`]);
    ws.set(`${WS_ROOT}/a.sh`, sh + 'echo done\n');
    assert.equal(ws.embeddedOf(ws.get(`${WS_ROOT}/a.sh`)!)[0], e);
    ws.set(`${WS_ROOT}/a.sh`, '# x\n' + sh);
    assert.notEqual(ws.embeddedOf(ws.get(`${WS_ROOT}/a.sh`)!)[0], e);
    ws.remove(`${WS_ROOT}/a.sh`);
    assert.deepEqual(ws.files('daemon-json'), []);
    assert.equal(ws.embeddedFile(e.path), undefined);
  });

  it('do not count in the one-daemon.json-one-unit pairing of real files', () => {
    const unit = '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:2375\n';
    const files = { 'conf/daemon.json': `{"hosts": ["unix:///x"], ${LOGS}}\n`, 'units/docker.service.d/override.conf': unit };
    const before = brief(lintFiles(files).findings);
    const after = brief(lintFiles({ ...files, 'a.sh': `cat > /etc/docker/daemon.json <<EOF\n{${LOGS}}\nEOF\n` }).findings);
    assert.ok(before.some((f) => f.includes('daemon-flag-conflict')));
    assert.deepEqual(after, before);
  });
});

describe('Dockerfiles that write daemon.json', () => {
  it('RUN heredocs and COPY heredocs', () => {
    const df = [
      '# syntax=docker/dockerfile:1',
      'FROM docker:27-dind',
      'RUN <<EOF',
      "cat > /etc/docker/daemon.json <<'JSON'",
      `{"storage-driver": "aufs", ${LOGS}}`,
      'JSON',
      'EOF',
      'COPY <<EOF /etc/docker/daemon.json',
      `{"registry-mirror": ["https://m"], "data-root": "\${ROOT}", ${LOGS}}`,
      'EOF',
      'USER 1000',
    ].join('\n');
    const { findings } = lintFiles({ Dockerfile: df });
    assert.deepEqual(brief(findings), ['Dockerfile:5:20 daemon-legacy-storage-driver "\\"aufs\\""', 'Dockerfile:9:2 daemon-ignored-key "\\"registry-mirror\\""']);
  });
});

describe('provisioning files', () => {
  it('cloud-init write_files: literal blocks are read, base64 entries skipped', () => {
    const cc = [
      '#cloud-config',
      'package_update: true',
      'write_files:',
      '  - path: /etc/docker/daemon.json',
      '    permissions: "0644"',
      '    content: |',
      '      {',
      `        ${LOGS},`,
      '        "graph": "/srv/docker"',
      '      }',
      '  - path: /etc/systemd/system/docker.service.d/10-opts.conf',
      '    encoding: b64',
      '    content: W1NlcnZpY2VdCkV4ZWNTdGFydD0K',
      'runcmd:',
      '  - systemctl restart docker',
    ].join('\n');
    const { findings } = lintFiles({ 'user-data': cc });
    assert.deepEqual(brief(findings), ['user-data:9:9 daemon-deprecated-key "\\"graph\\""']);
    const fixed = applyFirstFix(findings[0], cc);
    assert.equal(fixed, cc.replace('"graph"', '"data-root"'));
  });

  it('Ansible copy content: (quoted, with Jinja values) and blockinfile for a drop-in', () => {
    const tasks = [
      '- name: Configure Docker daemon options.',
      '  ansible.builtin.copy:',
      `    content: '{"storage-driver": "overlay", "data-root": "{{ docker_root }}", ${LOGS}}'`,
      '    dest: /etc/docker/daemon.json',
      '    mode: "0644"',
      '- name: Docker options',
      '  blockinfile:',
      '    path: /etc/systemd/system/docker.service.d/options.conf',
      '    create: true',
      '    block: |',
      '      [Service]',
      '      ExecStart=',
      '      ExecStart=/usr/bin/dockerd --graph {{ docker_root }}',
      '- name: Only a template',
      '  copy:',
      '    content: "{{ docker_daemon_options | to_nice_json }}"',
      '    dest: /etc/docker/daemon.json',
    ].join('\n');
    const { findings } = lintFiles({ 'roles/docker/tasks/main.yml': tasks });
    assert.deepEqual(brief(findings), [
      'roles/docker/tasks/main.yml:3:34 daemon-legacy-storage-driver "\\"overlay\\""',
      'roles/docker/tasks/main.yml:13:34 dockerd-deprecated-flag "--graph"',
    ]);
  });

  it('a YAML file that writes nothing of ours is not read', () => {
    const { workspace } = lintFiles({ 'playbook.yml': '- hosts: all\n  tasks:\n    - copy:\n        content: "x"\n        dest: /etc/motd\n' });
    assert.equal(workspace.size, 0);
  });
});
