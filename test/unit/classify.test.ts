// Every file kind of RULES.md's table, recognised where it should be and nowhere else.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { classify, classifyPath, commentPrefixes, FILE_KINDS, type FileKind } from '../../server/src/parsers/classify';
import { DAEMON_KEY_NAMES } from '../../server/src/knowledge/daemon-options';

const kindOf = (path: string, text = '') => classify(path, text, DAEMON_KEY_NAMES);

function expectKind(kind: FileKind | undefined, cases: (string | [string, string])[]) {
  for (const c of cases) {
    const [path, text] = Array.isArray(c) ? c : [c, ''];
    assert.equal(kindOf(path, text), kind, `${path}${text ? ` (${JSON.stringify(text.slice(0, 40))})` : ''}`);
  }
}

const COMPOSE = 'services:\n  web:\n    image: nginx:1.27\n';
const DAEMON = '{\n  "data-root": "/srv/docker",\n  "log-driver": "json-file"\n}\n';

describe('classify', () => {
  it('knows the kinds of RULES.md', () => {
    assert.deepEqual([...FILE_KINDS].sort(), ['ci', 'compose', 'crontab', 'daemon-config-other', 'daemon-json', 'dockerfile', 'env-file', 'provisioning', 'shell', 'sysconfig-env', 'systemd-unit', 'task-runner']);
  });

  it('daemon-json: daemon.json anywhere, *.daemon.json, and JSON with daemon keys under etc/docker/', () => {
    expectKind('daemon-json', ['etc/docker/daemon.json', 'daemon.json', 'hosts/a/etc/docker/daemon.json', 'prod.daemon.json', ['etc/docker/daemon-prod.json', DAEMON], ['/srv/cfg/etc/docker/override.json', DAEMON]]);
    expectKind(undefined, [
      ['etc/docker/key.json', '{"crv":"P-256","kid":"ABCD","kty":"EC"}'],
      ['etc/docker/one-key.json', '{"debug": true}'],
      ['config/daemon-prod.json', DAEMON],
      'daemon.json.bak',
      'daemon.json~',
    ]);
  });

  it('daemon-config-other: daemon.yaml/yml anywhere with daemon settings, other daemon.* names under docker/', () => {
    expectKind('daemon-config-other', ['etc/docker/daemon.yaml', 'etc/docker/daemon.yml', 'etc/docker/daemon.conf', 'etc/docker/daemon.toml', 'etc/docker/daemon.jsonc', 'etc/docker/daemon.json5', ['ansible/files/daemon.yml', 'data-root: /srv/docker\nlog-driver: json-file\n']]);
    expectKind(undefined, [['app/config/daemon.yaml', 'workers: 4\nqueue: redis://localhost\n'], 'etc/daemon.conf', 'etc/docker/daemon.ini']);
  });

  it('systemd-unit: units, sockets, timers and drop-ins', () => {
    expectKind('systemd-unit', ['lib/systemd/system/docker.service', 'etc/systemd/system/docker.socket', 'etc/systemd/system/prune.timer', 'etc/systemd/system/docker.service.d/override.conf', 'etc/systemd/system/containerd.service.d/10-limits.conf']);
    expectKind(undefined, ['etc/systemd/system/docker.service.d/README', 'etc/docker/override.conf', 'etc/systemd/journald.conf']);
  });

  it('sysconfig-env: etc/sysconfig/docker* and etc/default/docker', () => {
    expectKind('sysconfig-env', ['etc/sysconfig/docker', 'etc/sysconfig/docker-storage', 'etc/sysconfig/docker-network', 'etc/default/docker', 'hosts/a/etc/default/docker']);
    expectKind(undefined, ['etc/sysconfig/docker.rpmsave', 'etc/default/docker.dpkg-old', 'etc/sysconfig/network']);
  });

  it('compose: by name, or YAML with services that have image/build', () => {
    expectKind('compose', ['docker-compose.yml', 'docker-compose.yaml', 'docker-compose.override.yml', 'compose.yaml', 'compose.prod.yml', 'app/docker-compose-dev.yml', ['stack.yml', COMPOSE], ['deploy/app.yaml', 'version: "3"\nservices: # the app\n  api:\n    build: .\n']]);
    expectKind(undefined, [['config.yml', 'services:\n  - name: a\n'], ['values.yaml', 'image: nginx\n'], ['k8s/deploy.yaml', 'kind: Deployment\nspec:\n  services:\n    image: x\n']]);
 
  });

  it('compose by content: services that look like services, in a file of no other kind', () => {
    expectKind('compose', [
      ['deploy/prod.yml', 'name: shop\nservices:\n  web:\n    image: nginx:1.27\n    ports: ["80:80"]\n    environment:\n      A: b\nvolumes:\n  data:\n'],
      ['stack/app.yaml', 'x-common: &c\n  restart: always\nservices:\n  api:\n    <<: *c\n    build:\n      context: .\n'],
      // A typo in a top-level key is still a compose file, for compose-schema to report.
      ['ops/services.yml', 'services:\n  db:\n    image: postgres:17\nvolume:\n  data:\n'],
    ]);
    expectKind(undefined, [
      // Helm values: `image` is a mapping, and most keys are the chart's own.
      ['chart/values.yaml', 'replicaCount: 1\nservices:\n  web:\n    image:\n      repository: nginx\n      tag: "1.27"\n    port: 80\ningress:\n  enabled: false\nresources: {}\n'],
      // GitLab CI / Travis: `services:` is a list.
      ['ci/test.yml', 'image: node:22\nservices:\n  - postgres:17\ntest:\n  script: [npm test]\n'],
      // A Kubernetes manifest.
      ['k8s/svc.yaml', 'apiVersion: v1\nkind: List\nservices:\n  web:\n    image: nginx\n'],
      // A GitHub workflow outside .github/workflows.
      ['templates/ci.yml', 'on: push\njobs:\n  test:\n    services:\n      db:\n        image: postgres\nservices:\n  web:\n    image: nginx\n'],
      // An app's own settings that happen to name services.
      ['config/app.yml', 'services:\n  mailer:\n    host: smtp.example.com\n    port: 587\n    image: logo.png\n    user: app\n    tls: true\n'],
      ['broken.yml', 'services:\n  web: [\n'],
    ]);
  });

  it('env-file: .env, *.env, .env.*', () => {
    expectKind('env-file', ['.env', 'app/.env', 'prod.env', '.env.production', '.env.local']);
    expectKind(undefined, ['env', 'environment.txt', '.envrc', 'app/env.example']);
  });

  it('crontab: crontab, *.crontab, *.cron, etc/cron.d/*, var/spool/cron/**', () => {
    expectKind('crontab', ['crontab', 'etc/crontab', 'backup.crontab', 'nightly.cron', 'etc/cron.d/docker-prune', 'var/spool/cron/root', 'var/spool/cron/crontabs/deploy']);
    expectKind(undefined, ['etc/cron.d/.placeholder', 'etc/cron.d/prune.dpkg-old', 'etc/cron.d/prune.rpmnew', 'etc/cron.d/prune.swp', 'var/spool/cron/.hidden']);
  });

  it('ci: GitHub Actions, GitLab CI, Jenkinsfile, Azure, CircleCI, Bitbucket', () => {
    expectKind('ci', ['.github/workflows/ci.yml', '.github/workflows/deploy.yaml', '.gitlab-ci.yml', 'Jenkinsfile', 'ops/Jenkinsfile.release', 'deploy.jenkinsfile', 'azure-pipelines.yml', '.circleci/config.yml', 'bitbucket-pipelines.yml']);
    expectKind(undefined, [['.github/dependabot.yml', 'version: 2\n'], ['.circleci/other.yml', 'jobs: {}\n']]);
  });

  it('shell: *.sh, *.bash, and a shell #! line', () => {
    expectKind('shell', ['deploy.sh', 'scripts/backup.bash', ['bin/prune', '#!/bin/sh\ndocker system prune -f\n'], ['bin/rotate', '#!/usr/bin/env bash\n'], ['bin/x', '#!/bin/bash -e\n'], ['bin/y', '#!/usr/bin/env -S bash -eu\n']]);
    expectKind(undefined, [['bin/tool', '#!/usr/bin/env python3\n'], ['bin/data', 'no shebang here\n'], 'notes.txt']);
  });

  it('dockerfile: Dockerfile, *.Dockerfile, Dockerfile.*, Containerfile', () => {
    expectKind('dockerfile', ['Dockerfile', 'app/Dockerfile', 'api.Dockerfile', 'Dockerfile.prod', 'Containerfile', 'dockerfile']);
    expectKind(undefined, ['Dockerfile.dockerignore', '.dockerignore', 'app/.dockerignore']);
  });

  it('leaves unrelated files alone', () => {
    expectKind(undefined, ['README.md', 'src/index.ts', 'package.json', 'image.png', ['etc/hosts', '127.0.0.1 localhost\n']]);
  });

  it('reads Windows separators', () => {
    assert.equal(classifyPath('C:\\srv\\etc\\docker\\daemon.json'), 'daemon-json');
    assert.equal(classifyPath('repo\\.github\\workflows\\ci.yml'), 'ci');
  });

  it('gives the comment syntax of each kind for ignore comments (none in strict JSON)', () => {
    assert.deepEqual(commentPrefixes('daemon-json', 'daemon.json'), []);
    assert.deepEqual(commentPrefixes('systemd-unit', 'docker.service'), ['#', ';']);
    assert.deepEqual(commentPrefixes('ci', 'Jenkinsfile'), ['//']);
    assert.deepEqual(commentPrefixes('ci', '.gitlab-ci.yml'), ['#']);
    assert.deepEqual(commentPrefixes('compose', 'compose.yaml'), ['#']);
  });
});
