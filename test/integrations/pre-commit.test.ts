// The pre-commit hook (.pre-commit-hooks.yaml). Its `files` pattern must pick the very paths classify.ts reads,
// checked with Python's `re` (the engine pre-commit matches with); and it must run in a real pre-commit on a real git
// repository. pre-commit installs a `language: node` hook by cloning the hook repository, `npm install` in the clone
// (dev dependencies too: it builds the package), `npm pack` and `npm install -g` of that tarball into its own node
// environment (`nodeenv -n system`: the Node already installed, nothing downloaded). Here the clone comes from a local
// repository holding this working tree, and npm runs with `offline`: every package comes from npm's cache, which
// `npm ci` filled, so no step needs the network.
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { classifyPath } from '../../server/src/parsers/classify';
import { GRAPH_DAEMON_JSON, npmEnv, ROOT, tmpDir } from './package';

const HOOKS = parse(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string; files: string; require_serial: boolean }[];
const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;
const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['--version']).status === 0);

/** Which paths Python's re.search(pattern) selects, as pre-commit filters them. */
function pythonMatches(pattern: string, paths: string[]): boolean[] {
  const script = 'import json, re, sys\nd = json.load(sys.stdin)\nr = re.compile(d["pattern"])\nprint(json.dumps([bool(r.search(p)) for p in d["paths"]]))';
  const out = execFileSync(python!, ['-c', script], { input: JSON.stringify({ pattern, paths }), encoding: 'utf8' });
  return JSON.parse(out);
}

/** Tracked and untracked (not ignored) files of the working tree, relative to it. */
function worktreeFiles(): string[] {
  return execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f && fs.existsSync(path.join(ROOT, f)));
}

const GIT_ENV = { GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.com', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' }).trim();
}

describe('pre-commit hook', () => {
  it('is one node hook running `shipshape lint` on all the files at once', () => {
    assert.equal(HOOKS.length, 1);
    const [hook] = HOOKS;
    assert.deepEqual({ id: hook.id, entry: hook.entry, language: hook.language, require_serial: hook.require_serial }, { id: 'shipshape', entry: 'shipshape lint', language: 'node', require_serial: true });
  });

  it('selects exactly the paths classify.ts reads (by name, or by content for YAML, extensionless and etc/docker JSON)', { skip: !python && 'no python3' }, () => {
    const tricky = [
      'daemon.json', 'etc/docker/daemon.json', 'prod.daemon.json', 'daemon.json.bak', 'Daemon.json', 'etc/docker/key.json', 'etc/docker/sub/x.json', 'config/other.json',
      'docker/daemon.yaml', 'daemon.yml', 'docker/daemon.toml', 'daemon.toml', 'docker/daemon.json5', 'docker/daemon.jsonc', 'etc/docker/daemon.conf',
      'docker.service', 'lib/systemd/system/docker.socket', 'backup.timer', 'docker.service.d/override.conf', 'docker.service.d/notes.txt', 'x.SERVICE',
      'etc/sysconfig/docker', 'etc/sysconfig/docker-storage', 'etc/sysconfig/docker.rpmsave', 'etc/default/docker', 'etc/default/docker.bak',
      '.github/workflows/ci.yml', '.github/workflows/ci.json', '.gitlab-ci.yml', 'ci/x.gitlab-ci.yaml', 'Jenkinsfile', 'Jenkinsfile.deploy', 'jenkinsfile', 'build.jenkinsfile', 'x.Jenkinsfile', '.jenkinsfile',
      'azure-pipelines.yml', '.circleci/config.yml', 'bitbucket-pipelines.yml',
      'compose.yaml', 'docker-compose.prod.yml', 'Compose.YML', 'DOCKER-COMPOSE.YAML', 'charts/values.yaml', 'x.YAML', 'k8s/deploy.yml',
      '.env', 'prod.env', 'app.ENV', '.env.local', 'env', '.envrc', 'x.environment',
      'crontab', 'etc/crontab', 'backup.crontab', 'x.CRON', 'etc/cron.d/backup', 'etc/cron.d/.placeholder', 'etc/cron.d/job.dpkg-old', 'etc/cron.d/job.rpmsave', 'etc/cron.d/job.swp', 'etc/cron.d/job.bak', 'etc/cron.d/job.conf', 'etc/cron.d/sub/x',
      'var/spool/cron/root', 'var/spool/cron/crontabs/alice', 'var/spool/cron/.hidden', 'var/spool/cron/crontabs/x.y',
      'Dockerfile', 'dockerfile', 'Containerfile', 'app.dockerfile', 'Dockerfile.dev', 'containerfile.prod', 'Dockerfile.dockerignore', '.dockerignore', 'app.Dockerignore',
      'deploy.sh', 'run.bash', 'x.SH', 'bin/deploy', 'Makefile', 'LICENSE', '.bashrc', 'README.md', 'notes.txt', 'image.png', 'a.b/c',
    ];
    const corpus = [...new Set([...worktreeFiles(), ...tricky, ...tricky.map((p) => `deep/er/${p}`)])];
    const got = pythonMatches(HOOKS[0].files, corpus);
    const wrong = corpus.filter((p, i) => got[i] !== (classifyPath(p) !== undefined)).map((p) => `${p}: pattern ${got[corpus.indexOf(p)]}, classify ${classifyPath(p)}`);
    assert.deepEqual(wrong, []);
    assert.ok(got.filter(Boolean).length > 200, 'the corpus has many files of our kinds');
  });

  describe('in a real pre-commit', { skip: !hasPreCommit && 'pre-commit is not installed (Debian package pre-commit)' }, () => {
    let work: string;
    let project: string;
    const env = npmEnv({ npm_config_offline: 'true', ...GIT_ENV });
    const preCommit = (...args: string[]) => {
      const r = spawnSync('pre-commit', args, { cwd: project, env: { ...env, PRE_COMMIT_HOME: path.join(work, 'cache') }, encoding: 'utf8', timeout: 240_000 });
      return { code: r.status, out: r.stdout + r.stderr };
    };

    before(() => {
      work = tmpDir('pre-commit');
      // The hook repository: this working tree as a commit.
      const hookRepo = path.join(work, 'hook-repo');
      for (const f of worktreeFiles()) {
        fs.mkdirSync(path.dirname(path.join(hookRepo, f)), { recursive: true });
        fs.copyFileSync(path.join(ROOT, f), path.join(hookRepo, f));
      }
      git(hookRepo, 'init', '-q');
      git(hookRepo, 'add', '-A');
      git(hookRepo, 'commit', '-qm', 'hook');
      const rev = git(hookRepo, 'rev-parse', 'HEAD');
      // The project that uses it, with staged files of several kinds.
      project = path.join(work, 'project');
      const files: Record<string, string> = {
        'etc/docker/daemon.json': GRAPH_DAEMON_JSON,
        'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: local\n',
        'scripts/deploy': '#!/bin/sh\ndocker compose pull\n',
        'README.md': '# hosts\n',
        'notes.txt': 'daemon.json holds "graph"\n',
        'Makefile': 'all:\n\ttrue\n',
        '.pre-commit-config.yaml': `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: shipshape\n`,
      };
      for (const [rel, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(project, rel)), { recursive: true });
        fs.writeFileSync(path.join(project, rel), text);
      }
      git(project, 'init', '-q');
      git(project, 'add', '-A');
    });
    after(() => fs.rmSync(work, { recursive: true, force: true }));

    it('installs the hook offline and fails the commit on the removed key', { timeout: 240_000 }, () => {
      const r = preCommit('run');
      assert.equal(r.code, 1, r.out);
      assert.match(r.out, /^shipshape\.+Failed$/m);
      assert.match(r.out, /^etc\/docker\/daemon\.json:2:3: error: "graph" was deprecated in Docker 17\.05 and removed in 23\.0: .* \[daemon-deprecated-key\]$/m);
      assert.match(r.out, /^1 problem \(1 error, 0 warnings, 0 infos, 0 hints\) in 5 files; 1 fixable with --fix$/m, 'daemon.json, compose.yaml, the script, .pre-commit-config.yaml (its system hooks are shell) and the Makefile (read for its compose commands); not README.md or notes.txt');
    });

    it('passes once the file is fixed', { timeout: 60_000 }, () => {
      fs.writeFileSync(path.join(project, 'etc/docker/daemon.json'), GRAPH_DAEMON_JSON.replace('"graph"', '"data-root"'));
      git(project, 'add', '-A');
      const r = preCommit('run');
      assert.equal(r.code, 0, r.out);
      assert.match(r.out, /^shipshape\.+Passed$/m);
    });
  });
});
