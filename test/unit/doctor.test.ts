// doctor: each fake host under test/fixtures/hosts/ gives exactly its host finding; a healthy one gives nothing.
// Hard links and xfs superblocks are made for real in a temp copy of a fixture host.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runDoctor, type DoctorOptions } from '../../server/src/doctor/doctor';
import { renderDoctorText, renderDoctorJson, renderDoctorSarif } from '../../server/src/doctor-output';
import { coveringMounts, parseMountinfo } from '../../server/src/doctor/mountinfo';
import { xfsFtype } from '../../server/src/doctor/live';
import { HOST_CHECKS } from '../../server/src/knowledge/host-checks';
import { main, type Io } from '../../server/src/cli';
import type { StatfsInfo } from '../../server/src/doctor/host';

const ROOT = path.join(__dirname, '..', '..');
const HOSTS = path.join(ROOT, 'test', 'fixtures', 'hosts');
const ROOMY: StatfsInfo = { blocks: 1_000_000, bfree: 600_000, bavail: 550_000, files: 500_000, ffree: 400_000 };
const L2 = 'e5da61b6f1b0c0a6e7e42d6c0a3e4c2a0d1e8f7b6c5d4e3f2a1b0c9d8e7f6a5b';

function doctor(name: string, opts: DoctorOptions = {}) {
  return runDoctor({ root: path.join(HOSTS, name), statfs: () => ROOMY, ...opts });
}

function tempHost(from: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-host-'));
  fs.cpSync(path.join(HOSTS, from), dir, { recursive: true });
  return dir;
}

function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const st = fs.lstatSync(p);
        out.push(`${path.relative(dir, p)} ${st.size} ${st.mtimeMs} ${st.nlink}`);
      }
    }
  };
  walk(dir);
  return out.sort();
}

function io(): Io & { outText: () => string } {
  const out: string[] = [];
  return { out: (s) => out.push(s), err: () => {}, isTTY: false, cwd: ROOT, stdin: async () => '', outText: () => out.join('\n') };
}

describe('doctor on fixture hosts', () => {
  it('finds nothing on a healthy host and prints nothing', () => {
    const r = doctor('healthy');
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.hostFindings, []);
    assert.deepEqual(r.skipped, []);
    assert.deepEqual(r.files, ['/etc/docker/daemon.json']);
    assert.equal(r.facts.storageDriver, 'overlay2');
    assert.equal(r.facts.backingFs, 'ext4');
    assert.deepEqual(r.facts.dockerdPids, [812]);
    assert.equal(renderDoctorText(r), '');
  });

  it('finds the layer mount leaked into containerd-shim\'s namespace', () => {
    const r = doctor('leaked-mount');
    assert.deepEqual(r.hostFindings.map((h) => h.id), ['host-overlay-mount-leaked']);
    const h = r.hostFindings[0];
    assert.equal(h.path, `/var/lib/docker/overlay2/${L2}/merged`);
    assert.match(h.message, /process 4242 \(containerd-shim\)/);
    assert.equal(h.severity, 'error');
    assert.deepEqual(r.files, ['/etc/systemd/system/docker.service.d/override.conf', '/etc/docker/daemon.json']);
    assert.equal(r.settings.liveRestore, true);
    // The file half of the same hazard: the unit and daemon.json, linted as one workspace.
    assert.deepEqual(r.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`).sort(), [
      '/etc/docker/daemon.json:2 live-restore-with-mountflags-slave',
      '/etc/systemd/system/docker.service.d/override.conf:2 live-restore-with-mountflags-slave',
    ]);
  });

  it('finds a mount covering <data-root>/overlay2 and the layers beneath it', () => {
    const r = doctor('covered-overlay2');
    assert.deepEqual(r.hostFindings.map((h) => h.id), ['host-overlay2-mount-covered']);
    assert.equal(r.hostFindings[0].path, '/var/lib/docker/overlay2');
    assert.equal(r.hostFindings[0].details.length, 2);
    assert.match(r.hostFindings[0].message, /\/dev\/sdb1 \(ext4\) is mounted on \/var\/lib\/docker\/overlay2 on top of 2 container layer mounts/);
  });

  it('counts hard links of legacy overlay layers (threshold injected, real links)', () => {
    const dir = tempHost('legacy-overlay');
    try {
      const rel = 'root/var/lib/yum/yumdb/p/8b1d-perl-Pod-Escapes-1.04-299.el7_9-noarch/checksum_type';
      const layers = ['1a2b', '3c4d', '5e6f', '7a8b', '9c0d'].map((l) => path.join(dir, 'var/lib/docker/overlay', l.repeat(16)));
      const first = path.join(layers[0], rel);
      fs.mkdirSync(path.dirname(first), { recursive: true });
      fs.writeFileSync(first, 'sha256\n');
      for (const l of layers.slice(1)) {
        fs.mkdirSync(path.dirname(path.join(l, rel)), { recursive: true });
        fs.linkSync(first, path.join(l, rel));
      }
      fs.writeFileSync(path.join(layers[0], 'root', 'single'), 'x');
      const r = runDoctor({ root: dir, statfs: () => ROOMY, live: { linkThreshold: 5 } });
      assert.equal(r.facts.storageDriver, 'overlay');
      assert.deepEqual(r.hostFindings.map((h) => h.id), ['host-legacy-overlay-link-count']);
      // The file half: daemon.json names the removed driver.
      assert.deepEqual(r.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`), ['/etc/docker/daemon.json:2 daemon-legacy-storage-driver']);
      assert.match(r.hostFindings[0].message, /hard-linked \/var\/lib\/docker\/overlay\/[0-9a-f]+\/root\/var\/lib\/yum\/yumdb\/.*checksum_type 5 times/);
      assert.equal(r.hostFindings[0].severity, 'warning');
      assert.deepEqual(runDoctor({ root: dir, statfs: () => ROOMY, live: { linkThreshold: 6 } }).hostFindings, []);
      const bounded = runDoctor({ root: dir, statfs: () => ROOMY, live: { linkThreshold: 5, maxScan: 3 } });
      assert.ok(bounded.skipped.some((s) => /stopped after 3 entries/.test(s.reason)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds /tmp noexec, overlay index/redirect_dir and a nearly full inode table', () => {
    const r = doctor('hazards', { statfs: () => ({ blocks: 1000, bfree: 700, bavail: 650, files: 1000, ffree: 50 }) });
    assert.deepEqual(r.hostFindings.map((h) => `${h.id} ${h.severity}`).sort(), [
      'host-inodes-low warning',
      'host-overlay-module-params info',
      'host-overlay-module-params info',
      'host-tmp-noexec info',
    ]);
    const inodes = r.hostFindings.find((h) => h.id === 'host-inodes-low')!;
    assert.match(inodes.message, /used 95% of its inodes .* while 30% of its blocks are used/);
  });

  it('reads d_type support from an xfs superblock (ftype=0 is reported)', () => {
    const dir = tempHost('healthy');
    try {
      const mi = path.join(dir, 'proc/self/mountinfo');
      fs.writeFileSync(mi, fs.readFileSync(mi, 'utf8').replace('- ext4 /dev/sda1 rw,errors=remount-ro', '- xfs /dev/sda1 rw,attr2,inode64,noquota'));
      const sb = Buffer.alloc(512);
      sb.write('XFSB', 0, 'latin1');
      sb.writeUInt16BE(0xb4a4, 100); // version 4
      sb.writeUInt32BE(0x0000008a, 200); // features2 without FTYPE
      fs.mkdirSync(path.join(dir, 'dev'));
      fs.writeFileSync(path.join(dir, 'dev/sda1'), sb);
      const r = runDoctor({ root: dir, statfs: () => ROOMY });
      assert.deepEqual(r.hostFindings.map((h) => h.id), ['host-dtype-unsupported']);
      assert.equal(r.facts.dtype, 'unsupported');
      sb.writeUInt32BE(0x0000028a, 200);
      fs.writeFileSync(path.join(dir, 'dev/sda1'), sb);
      assert.deepEqual(runDoctor({ root: dir, statfs: () => ROOMY }).hostFindings, []);
      fs.rmSync(path.join(dir, 'dev/sda1'));
      const unknown = runDoctor({ root: dir, statfs: () => ROOMY });
      assert.equal(unknown.facts.dtype, 'unknown');
      assert.ok(unknown.skipped.some((s) => /xfs_info \/ \| grep ftype/.test(s.reason)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says what it could not check: no dockerd, no data root, no overlay module', () => {
    const dir = tempHost('legacy-overlay');
    try {
      fs.rmSync(path.join(dir, 'proc/812'), { recursive: true });
      fs.rmSync(path.join(dir, 'sys'), { recursive: true });
      const r = runDoctor({ root: dir, statfs: () => ROOMY });
      const text = r.skipped.map((s) => `${s.what}: ${s.reason}`).join('\n');
      assert.match(text, /no dockerd process found/);
      assert.match(text, /\/var\/lib\/docker: the data root does not exist/);
      assert.match(text, /\/sys\/module\/overlay\/parameters: the overlay module is not loaded/);
      assert.match(renderDoctorText(r), /^not checked:$/m);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the data root from daemon.json and --config-file from the unit', () => {
    const dir = tempHost('healthy');
    try {
      fs.mkdirSync(path.join(dir, 'lib/systemd/system'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'lib/systemd/system/docker.service'), '[Service]\nType=notify\nExecStart=/usr/bin/dockerd --config-file=/etc/docker/custom.json \\\n  --containerd=/run/containerd/containerd.sock\n');
      fs.writeFileSync(path.join(dir, 'etc/docker/custom.json'), '{ "data-root": "/data/docker" }\n');
      const r = runDoctor({ root: dir, statfs: () => ROOMY });
      assert.ok(r.files.includes('/etc/docker/custom.json'), r.files.join(', '));
      assert.equal(r.settings.dataRoot, '/data/docker');
      assert.equal(r.settings.dataRootFrom, '/etc/docker/custom.json');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lints a unit reached through /lib -> /usr/lib once, and says a masked unit is masked', () => {
    const dir = tempHost('healthy');
    try {
      fs.mkdirSync(path.join(dir, 'usr/lib/systemd/system'), { recursive: true });
      fs.symlinkSync('usr/lib', path.join(dir, 'lib'));
      fs.writeFileSync(path.join(dir, 'usr/lib/systemd/system/docker.service'), '[Service]\nType=notify\nExecStart=/usr/bin/dockerd --containerd=/run/containerd/containerd.sock\n');
      fs.mkdirSync(path.join(dir, 'etc/systemd/system'), { recursive: true });
      fs.symlinkSync('/dev/null', path.join(dir, 'etc/systemd/system/docker.socket'));
      const r = runDoctor({ root: dir, statfs: () => ROOMY });
      assert.deepEqual(r.files.filter((f) => f.endsWith('docker.service')), ['/lib/systemd/system/docker.service']);
      assert.deepEqual(r.skipped, [{ what: '/etc/systemd/system/docker.socket', reason: 'masked (a link to /dev/null)' }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('follows a symlinked data root, as dockerd does', () => {
    const dir = tempHost('healthy');
    try {
      fs.mkdirSync(path.join(dir, 'data'));
      fs.renameSync(path.join(dir, 'var/lib/docker'), path.join(dir, 'data/docker'));
      fs.symlinkSync('../../data/docker', path.join(dir, 'var/lib/docker'));
      const r = runDoctor({ root: dir, statfs: () => ROOMY });
      assert.equal(r.facts.dataRootTarget, '/data/docker');
      assert.equal(r.facts.storageDriver, 'overlay2');
      assert.equal(r.facts.storageDriverFrom, '/data/docker/overlay2/');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes nothing and starts no process', () => {
    const before = snapshot(HOSTS);
    for (const h of fs.readdirSync(HOSTS)) doctor(h);
    assert.deepEqual(snapshot(HOSTS), before);
    for (const f of ['doctor/doctor.ts', 'doctor/host.ts', 'doctor/files.ts', 'doctor/live.ts', 'doctor/mountinfo.ts', 'doctor-output.ts']) {
      const src = fs.readFileSync(path.join(ROOT, 'server/src', f), 'utf8');
      assert.doesNotMatch(src, /child_process|writeFile|appendFile|mkdir|unlink|rmSync|renameSync|O_WRONLY|O_RDWR/, f);
    }
  });
});

describe('mountinfo', () => {
  it('parses fields, optional tags and octal escapes', () => {
    const [m] = parseMountinfo('36 35 98:0 /mnt1 /mnt\\040two rw,noatime master:1 shared:2 - ext3 /dev/root rw,errors=continue\ngarbage line\n');
    assert.equal(m.mountPoint, '/mnt two');
    assert.deepEqual(m.optional, ['master:1', 'shared:2']);
    assert.equal(m.fsType, 'ext3');
    assert.deepEqual(m.superOptions, ['rw', 'errors=continue']);
  });

  it('does not call a layer mounted on top of the overlay2 mount covered', () => {
    const mounts = parseMountinfo(
      [
        '22 1 8:1 / / rw - ext4 /dev/sda1 rw',
        '30 22 8:17 / /var/lib/docker rw - xfs /dev/sdb1 rw',
        '40 30 0:40 / /var/lib/docker/overlay2/aa/merged rw - overlay overlay rw',
      ].join('\n'),
    );
    assert.deepEqual(coveringMounts(mounts, '/var/lib/docker'), []);
  });

  it('knows xfs v5 always has ftype and reads the v4 feature bit', () => {
    const sb = Buffer.alloc(512);
    assert.equal(xfsFtype(sb), undefined);
    sb.write('XFSB', 0, 'latin1');
    sb.writeUInt16BE(0xb4a5, 100);
    assert.equal(xfsFtype(sb), true);
  });
});

describe('shipshape doctor (CLI)', () => {
  it('prints nothing and exits 0 for a healthy host; reports and exits 1 for a leak', async () => {
    const ok = io();
    assert.equal(await main(['doctor', '--root', path.join(HOSTS, 'healthy'), '--fail-on', 'warning'], ok), 0);
    assert.doesNotMatch(ok.outText(), /problem/);
    const bad = io();
    assert.equal(await main(['doctor', '--root', path.join(HOSTS, 'leaked-mount')], bad), 1);
    assert.match(bad.outText(), /\[host-overlay-mount-leaked\]/);
  });

  it('prints JSON and SARIF with host findings under their own ids', async () => {
    const j = io();
    await main(['doctor', '--root', path.join(HOSTS, 'covered-overlay2'), '--format', 'json'], j);
    assert.equal(JSON.parse(j.outText()).hostFindings[0].id, 'host-overlay2-mount-covered');
    const s = io();
    await main(['doctor', '--root', path.join(HOSTS, 'covered-overlay2'), '--format', 'sarif'], s);
    const sarif = JSON.parse(s.outText());
    assert.equal(sarif.runs[0].results[0].ruleId, 'host-overlay2-mount-covered');
    assert.equal(sarif.runs[0].tool.driver.rules[sarif.runs[0].results[0].ruleIndex].id, 'host-overlay2-mount-covered');
    const r = doctor('covered-overlay2');
    assert.equal(JSON.parse(renderDoctorJson(r)).version, 1);
    assert.ok(renderDoctorSarif(r, '0.0.0').includes('%SRCROOT%'));
  });

  it('rejects bad usage with exit 2', async () => {
    assert.equal(await main(['doctor', '--root', 'no/such/dir'], io()), 2);
    assert.equal(await main(['doctor', '--format', 'xml'], io()), 2);
    assert.equal(await main(['doctor', 'etc'], io()), 2);
  });
});

describe('host checks', () => {
  it('are documented in docs/host-checks.md and the README', () => {
    const page = fs.readFileSync(path.join(ROOT, 'docs', 'host-checks.md'), 'utf8');
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const c of HOST_CHECKS) {
      assert.match(c.id, /^host-[a-z0-9-]+$/);
      assert.ok(page.includes(`## ${c.id}`), `docs/host-checks.md lacks "## ${c.id}"`);
      assert.ok(readme.includes(`\`${c.id}\``), `README.md does not mention ${c.id}`);
    }
  });
});
