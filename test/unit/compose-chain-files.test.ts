// YAML files a `docker compose -f` of the workspace names are compose files whatever their names: an override merged
// after the base file needs no `image:`, so its content alone does not say it is one.
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { classify, looksLikeComposeChainFile } from '../../server/src/parsers/classify';
import { DAEMON_KEY_NAMES } from '../../server/src/knowledge/daemon-options';
import { lintPaths } from '../../server/src/engine/project';
import { walk } from '../../server/src/engine/walk';
import { makefileCommands } from '../../server/src/parsers/makefile';
import { lintFiles } from '../helpers';

const OVERRIDE = 'services:\n  web:\n    ports:\n      - "8080:80"\n';
const BASE = 'services:\n  web:\n    image: nginx:1.27-alpine\n    ports:\n      - "8080:8080"\n    logging:\n      driver: local\n';

describe('compose files named by -f', () => {
  let tmp: string;
  const put = (rel: string, text: string) => {
    const abs = path.join(tmp, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
  };
  before(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-chain-')));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('reads Compose sections, not other YAML, as a chain file', () => {
    for (const text of [OVERRIDE, 'networks:\n  default:\n    name: shared\n', 'x-common: &c\n  restart: always\nservices:\n  api:\n    <<: *c\n', '# only volumes\nvolumes:\n  data: {}\n'])
      assert.equal(looksLikeComposeChainFile(text), true, text);
    for (const text of ['', 'services: []\n', '- hosts: all\n', 'apiVersion: v1\nkind: Service\n', 'replicaCount: 2\nimage:\n  repository: nginx\n', 'version: "3.8"\n', 'services:\n  web: {}\nfoo: 1\n'])
      assert.equal(looksLikeComposeChainFile(text), false, text);
    // Alone, an override with no image is not recognised by its content.
    assert.equal(classify('/ws/deploy/prod-overrides.yml', OVERRIDE, DAEMON_KEY_NAMES), undefined);
  });

  it('lints a YAML file a script names with -f as compose, merged after the base file', async () => {
    const root = path.join(tmp, 'app');
    put('app/docker-compose.yml', BASE);
    put('app/deploy/prod-overrides.yml', OVERRIDE);
    put('app/deploy/unrelated.yml', OVERRIDE);
    put('app/bin/release.sh', '#!/bin/sh\ncd "$(dirname "$0")/.."\ndocker compose -f docker-compose.yml -f deploy/prod-overrides.yml up -d\n');
    const walked = await walk([root]);
    assert.deepEqual(walked.otherYaml.map((p) => path.relative(root, p)).sort(), ['deploy/prod-overrides.yml', 'deploy/unrelated.yml']);
    const run = await lintPaths([root], { overrides: { rules: {} } });
    assert.equal(run.workspace.get(path.join(root, 'deploy/prod-overrides.yml'))?.kind, 'compose');
    assert.equal(run.workspace.get(path.join(root, 'deploy/unrelated.yml')), undefined);
    assert.equal(run.filesLinted, 3);
    const ports = run.findings.filter((f) => f.ruleId === 'compose-host-port-conflict').map((f) => [path.relative(root, f.file), f.severity]);
    assert.deepEqual(ports, [
      ['deploy/prod-overrides.yml', 'error'],
      ['docker-compose.yml', 'error'],
    ]);
  });
});

describe('Makefile recipes', () => {
  it('hands the compose command lines of its recipes over, with its variables expanded', () => {
    const text = [
      'COMPOSE ?= docker compose',
      'COMPOSE_DEV := $(COMPOSE) -f docker-compose.yml \\',
      '\t-f docker-compose.dev.yml',
      'PROD_FILE = docker-compose.prod.yml',
      '.PHONY: dev prod',
      '',
      'dev: ## start the dev stack',
      '\t@$(COMPOSE_DEV) up --build',
      'prod:',
      '\t-docker compose -f docker-compose.yml -f ${PROD_FILE} up -d',
      '\techo $$HOME $(shell date) $@',
      '# a comment',
      'ifeq ($(CI),true)',
      'X = 1',
      'endif',
    ].join('\n');
    assert.deepEqual(makefileCommands(text).map((c) => c.text), [
      'docker compose -f docker-compose.yml -f docker-compose.dev.yml up --build',
      'docker compose -f docker-compose.yml -f docker-compose.prod.yml up -d',
      'echo $HOME $_ $_',
    ]);
    assert.deepEqual(makefileCommands(text).map((c) => c.target), ['dev', 'prod', 'prod']);
    assert.equal(classify('/ws/Makefile', text, DAEMON_KEY_NAMES), 'task-runner');
    assert.equal(classify('/ws/GNUmakefile', text, DAEMON_KEY_NAMES), 'task-runner');
  });

  it('starts the projects of one target together, not those of two targets', () => {
    const web = (port: number) => `services:\n  web:\n    image: nginx:1.27-alpine\n    ports:\n      - "${port}:80"\n    logging:\n      driver: local\n`;
    const files = { 'shop/compose.yaml': web(80), 'blog/compose.yaml': web(80) };
    const only = { only: 'compose-host-port-conflict' };
    assert.deepEqual(lintFiles({ ...files, Makefile: 'shop:\n\tcd shop && docker compose up -d\nblog:\n\tdocker compose -f blog/compose.yaml up -d\n' }, only).findings, []);
    assert.equal(lintFiles({ ...files, Makefile: 'up:\n\tcd shop && docker compose up -d\n\tdocker compose -f blog/compose.yaml up -d\n' }, only).findings.length, 2);
    // A compose file's name is no compose command.
    assert.deepEqual(lintFiles({ ...files, 'ship.sh': '#!/bin/sh\ncd shop && scp docker-compose.yml web:\ncd ../blog && FILE=docker-compose-x.yml make up\n', Makefile: 'up:\n\tcd blog && docker compose up -d\n' }, only).findings, []);
    // `-f $FILE` names some file, not the folder's default ones.
    assert.deepEqual(lintFiles({ ...files, Makefile: 'up:\n\tcd shop && docker compose up -d\n\tdocker compose -f $${FILE} up -d\n' }, only).findings, []);
    assert.deepEqual(lintFiles({ ...files, justfile: 'shop:\n    cd shop && docker compose up -d\nblog:\n    docker compose -f blog/compose.yaml up -d\n' }, only).findings, []);
  });

  it('merges the chains its recipes run, and is not linted as shell', async () => {
    const files = {
      'docker-compose.yml': 'services:\n  web:\n    image: nginx:1.27-alpine\n    ports:\n      - "80:80"\n    logging:\n      driver: local\n',
      'docker-compose.prod.yml': 'services:\n  proxy:\n    image: caddy:2\n    ports:\n      - "80:80"\n    logging:\n      driver: local\n',
      Makefile: 'DC = docker compose\nprod:\n\t$(DC) -f docker-compose.yml -f docker-compose.prod.yml up -d\n\tdocker run -it --rm alpine true\n',
    };
    const all = lintFiles(files).findings;
    assert.deepEqual(all.filter((f) => f.rel === 'Makefile'), []);
    assert.deepEqual(
      all.filter((f) => f.ruleId === 'compose-host-port-conflict').map((f) => [f.rel, f.text]),
      [
        ['docker-compose.prod.yml', '"80:80"'],
        ['docker-compose.yml', '"80:80"'],
      ],
    );
  });
});
