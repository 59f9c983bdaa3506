// Compose projects as `docker compose` forms them, and which of them share a Docker host.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { composeProjects } from '../../server/src/rules/compose/_project';
import { Workspace } from '../../server/src/engine/workspace';
import { lintFiles } from '../helpers';

const svc = (port: number) => `services:\n  web:\n    image: nginx:1.27-alpine\n    ports:\n      - "${port}:80"\n    logging:\n      driver: local\n`;
const PORTS = { only: 'compose-host-port-conflict' };

function loaded(files: Record<string, string>): string[][] {
  const ws = new Workspace('/ws');
  for (const [rel, text] of Object.entries(files)) ws.set(`/ws/${rel}`, text);
  return composeProjects(ws, (k, f) => ws.parse(k, f)).map((p) => p.files.filter((pf) => !p.variants.has(pf)).map((pf) => pf.file.path.slice(4)));
}

describe('compose projects: the files `docker compose` loads', () => {
  const base = 'services:\n  web:\n    image: nginx\n';
  it('loads the first base name found and the first override, in compose-go order, any base with any override', () => {
    assert.deepEqual(loaded({ 'a/compose.yaml': base, 'a/compose.override.yaml': base }), [['a/compose.yaml', 'a/compose.override.yaml']]);
    assert.deepEqual(loaded({ 'a/compose.yml': base, 'a/docker-compose.override.yml': base }), [['a/compose.yml', 'a/docker-compose.override.yml']]);
    assert.deepEqual(loaded({ 'a/docker-compose.yml': base, 'a/compose.override.yaml': base }), [['a/docker-compose.yml', 'a/compose.override.yaml']]);
    assert.deepEqual(loaded({ 'a/docker-compose.yaml': base, 'a/docker-compose.override.yaml': base }), [['a/docker-compose.yaml', 'a/docker-compose.override.yaml']]);
    // Two base names: compose.yaml wins, docker-compose.yml is not loaded (only with -f).
    assert.deepEqual(loaded({ 'a/docker-compose.yml': base, 'a/compose.yaml': base }), [['a/compose.yaml']]);
    // docker-compose.yml before docker-compose.yaml; compose.override.yml before compose.override.yaml.
    assert.deepEqual(loaded({ 'a/docker-compose.yaml': base, 'a/docker-compose.yml': base, 'a/compose.override.yaml': base, 'a/compose.override.yml': base }), [['a/docker-compose.yml', 'a/compose.override.yml']]);
  });

  it('loads the chain COMPOSE_FILE names in the folder .env, split on COMPOSE_PATH_SEPARATOR', () => {
    const files = { 'a/compose.yaml': base, 'a/compose.prod.yaml': base, 'a/compose.override.yaml': base };
    assert.deepEqual(loaded({ ...files, 'a/.env': 'COMPOSE_FILE=compose.yaml:compose.prod.yaml\n' }), [['a/compose.yaml', 'a/compose.prod.yaml']]);
    assert.deepEqual(loaded({ ...files, 'a/.env': 'COMPOSE_PATH_SEPARATOR=;\nCOMPOSE_FILE=compose.yaml;compose.prod.yaml\n' }), [['a/compose.yaml', 'a/compose.prod.yaml']]);
  });

  it('finds a port an override adds to the one the base publishes, in the override, with the base as related', () => {
    const f = lintFiles({ 'app/compose.yaml': svc(8080), 'app/compose.override.yaml': 'services:\n  admin:\n    image: adminer:4\n    ports:\n      - 8080:8080\n    logging:\n      driver: local\n' }, PORTS).findings;
    assert.deepEqual(
      f.map((x) => [x.rel, x.line, x.column, x.text, x.related[0]?.file.slice(4)]),
      [
        ['app/compose.override.yaml', 5, 9, '8080:8080', 'app/compose.yaml'],
        ['app/compose.yaml', 5, 9, '"8080:80"', 'app/compose.override.yaml'],
      ],
    );
  });
});

describe('compose projects: the -f chains of scripts', () => {
  const web = (name: string, port: number) => `services:\n  ${name}:\n    image: nginx:1.27-alpine\n    ports:\n      - "${port}:80"\n    logging:\n      driver: local\n`;
  const projects = (files: Record<string, string>) => {
    const ws = new Workspace('/ws');
    for (const [rel, text] of Object.entries(files)) ws.set(`/ws/${rel}`, text);
    return composeProjects(ws, (k, f) => ws.parse(k, f)).map((p) => ({ dir: p.dir.slice(4), name: p.name, nameSource: p.nameSource, runs: p.runs.map((r) => [...r].map((pf) => pf.file.path.slice(4))) }));
  };

  it('merges a chain in the order of its -f arguments, as one run of the project in the first file\'s folder', () => {
    const files = { 'app/docker-compose.yml': web('a', 1), 'app/docker-compose.prod.yml': web('b', 2), 'app/docker-compose.dev.yml': web('c', 3) };
    // Without a script: the default file, and each other file on its own.
    assert.deepEqual(projects(files), [{ dir: 'app', name: 'app', nameSource: 'folder', runs: [['app/docker-compose.yml'], ['app/docker-compose.dev.yml'], ['app/docker-compose.prod.yml']] }]);
    const make = { 'app/deploy.sh': '#!/bin/sh\ndocker compose -f docker-compose.prod.yml -f docker-compose.yml up -d\n' };
    assert.deepEqual(projects({ ...files, ...make })[0].runs, [['app/docker-compose.yml'], ['app/docker-compose.prod.yml', 'app/docker-compose.yml'], ['app/docker-compose.dev.yml']]);
  });

  it('takes files of other folders into the project of the first file, and names it by -p', () => {
    const files = { 'stack/base.yml': web('a', 1), 'stack/blue/compose.blue.yml': web('b', 2), 'ops/up.sh': '#!/bin/sh\ncd ../stack/blue && docker compose -p shop -f ../base.yml -f compose.blue.yml up -d\n' };
    assert.deepEqual(projects(files), [{ dir: 'stack', name: 'shop', nameSource: 'flag', runs: [['stack/base.yml', 'stack/blue/compose.blue.yml']] }]);
    // Two commands that disagree on -p: the project keeps its own name.
    const two = { ...files, 'ops/down.sh': '#!/bin/sh\ndocker compose -p other -f ../stack/base.yml down\n' };
    assert.deepEqual(projects(two).map((p) => [p.dir, p.name, p.nameSource]), [['stack', 'stack', 'folder']]);
  });

  it('makes one project of a chain that takes another folder\'s default file, not two that clash', () => {
    const files = { 'base/compose.yaml': web('proxy', 80), 'site/compose.yaml': web('site', 8080), 'site/up.sh': '#!/bin/sh\ndocker compose -f ../base/compose.yaml -f compose.yaml up -d\n', 'etc/docker/daemon.json': '{}\n' };
    assert.deepEqual(projects(files).map((p) => [p.dir, p.runs]), [['base', [['base/compose.yaml'], ['base/compose.yaml', 'site/compose.yaml'], ['site/compose.yaml']]]]);
    assert.deepEqual(lintFiles(files, PORTS).findings, []);
  });

  it('reports a clash between files a chain merges in the file that publishes it, the other file as related', () => {
    const files = { 'docker-compose.yml': web('studio', 54323), 'dev/docker-compose.dev.yml': web('mail', 54323) };
    assert.deepEqual(lintFiles(files, PORTS).findings, []);
    const f = lintFiles({ ...files, 'dev.sh': '#!/bin/sh\ndocker compose -f docker-compose.yml -f ./dev/docker-compose.dev.yml up\n' }, PORTS).findings;
    assert.deepEqual(
      f.map((x) => [x.rel, x.line, x.column, x.text, x.severity, x.related.map((r) => r.file.slice(4))]),
      [
        ['dev/docker-compose.dev.yml', 5, 9, '"54323:80"', 'error', ['docker-compose.yml']],
        ['docker-compose.yml', 5, 9, '"54323:80"', 'error', ['dev/docker-compose.dev.yml']],
      ],
    );
    assert.match(f[1].message, /^Host port 54323\/tcp is also published by service "mail" in ws\/dev\/docker-compose\.dev\.yml; /);
  });

  it('reads the chains of Makefile-like task runners (justfile, Taskfile) and CI jobs', () => {
    const files = { 'docker-compose.yml': web('a', 80), 'docker-compose.prod.yml': web('b', 80) };
    const runners: Record<string, string>[] = [
      { justfile: 'up:\n    docker compose -f docker-compose.yml -f docker-compose.prod.yml up -d\n' },
      { 'deploy.sh': '#!/bin/bash\ndocker compose \\\n  --env-file .env.prod \\\n  -p prod \\\n  -f docker-compose.yml \\\n  -f docker-compose.prod.yml \\\n  up -d\n' },
      { 'Taskfile.yml': "version: '3'\ntasks:\n  up:\n    cmds:\n      - docker compose -f docker-compose.yml -f docker-compose.prod.yml up -d\n" },
      { '.github/workflows/deploy.yml': 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker compose -f docker-compose.yml -f docker-compose.prod.yml up -d\n' },
    ];
    for (const runner of runners) assert.equal(lintFiles({ ...files, ...runner }, PORTS).findings.length, 2, Object.keys(runner)[0]);
  });

  it('names projects by -p: two folders one script starts under one name collide', () => {
    const named = { 'shop/compose.yaml': svc(80), 'blog/compose.yaml': svc(81) };
    const script = '#!/bin/sh\ndocker compose -p web -f shop/compose.yaml up -d\ndocker compose -p web -f blog/compose.yaml up -d\n';
    const f = lintFiles({ ...named, 'up.sh': script }, { only: 'compose-project-name-collision' }).findings;
    assert.deepEqual(f.map((x) => [x.rel, x.related[0]?.file.slice(4)]), [
      ['blog/compose.yaml', 'shop/compose.yaml'],
      ['shop/compose.yaml', 'blog/compose.yaml'],
    ]);
    assert.match(f[0].message, /^This project is named "web" \(set by `-p`\), like the project in /);
    assert.deepEqual(lintFiles({ ...named, 'up.sh': script.replace('-p web -f blog', '-p blog -f blog') }, { only: 'compose-project-name-collision' }).findings, []);
  });

  it('keeps the layout when a script changes without changing its compose commands', () => {
    const ws = new Workspace('/ws');
    ws.set('/ws/a/compose.yaml', svc(80));
    ws.set('/ws/a/compose.prod.yaml', svc(81));
    ws.set('/ws/a/up.sh', '#!/bin/sh\ndocker compose -f compose.yaml -f compose.prod.yaml up -d\n');
    const parse = <K extends Parameters<typeof ws.parse>[0]>(k: K, f: Parameters<typeof ws.parse>[1]) => ws.parse(k, f);
    const first = composeProjects(ws, parse);
    ws.set('/ws/a/up.sh', '#!/bin/sh\nset -eu\ndocker compose -f compose.yaml -f compose.prod.yaml up -d\n');
    assert.equal(composeProjects(ws, parse), first);
    ws.set('/ws/b/compose.yaml', svc(82));
    const withB = composeProjects(ws, parse);
    ws.set('/ws/a/up.sh', '#!/bin/sh\ndocker compose -f compose.prod.yaml up -d\n');
    const next = composeProjects(ws, parse);
    assert.notEqual(next, withB);
    // Only the project the script's chain belongs to is made again.
    assert.deepEqual(next.map((p, i) => [p.dir, p === withB[i]]), [['/ws/a', false], ['/ws/b', true]]);
  });
});

describe('compose projects: which share a host', () => {
  const two = { 'shop/compose.yaml': svc(80), 'blog/compose.yaml': svc(80) };

  it('compares nothing between projects not known to share a host', () => {
    assert.deepEqual(lintFiles(two, PORTS).findings, []);
    // Two host trees: two engines.
    assert.deepEqual(lintFiles({ 'hosts/a/etc/docker/daemon.json': '{}\n', 'hosts/a/srv/x/compose.yaml': svc(80), 'hosts/b/etc/docker/daemon.json': '{}\n', 'hosts/b/srv/x/compose.yaml': svc(80) }, PORTS).findings, []);
    // A script that starts only one of them.
    assert.deepEqual(lintFiles({ ...two, 'deploy.sh': '#!/bin/sh\ndocker compose -f shop/compose.yaml up -d\n' }, PORTS).findings, []);
  });

  it('compares projects named together under hosts: in the config', () => {
    const f = lintFiles(two, { ...PORTS, config: { hosts: { 'web-1': ['shop/', 'blog/**'] } } }).findings;
    assert.deepEqual(f.map((x) => [x.rel, x.text, x.severity, x.related[0].file.slice(4)]), [
      ['blog/compose.yaml', '"80:80"', 'warning', 'shop/compose.yaml'],
      ['shop/compose.yaml', '"80:80"', 'warning', 'blog/compose.yaml'],
    ]);
    assert.deepEqual(lintFiles(two, { ...PORTS, config: { hosts: { 'web-1': ['shop/'], 'web-2': ['blog/'] } } }).findings, []);
  });

  it('compares projects one script, cron job or unit starts', () => {
    const cases: Record<string, string>[] = [
      { 'deploy.sh': '#!/bin/sh\ndocker compose -f shop/compose.yaml up -d\ndocker compose --file=blog/compose.yaml up -d\n' },
      { 'up.sh': '#!/bin/bash\ncd /srv/shop && docker compose pull && docker compose up -d\ncd ../blog && docker-compose up -d\n' },
      { 'etc/cron.d/stacks': '@reboot root docker compose -p shop up -d\n@reboot root docker compose --project-directory /srv/blog up -d\n' },
    ];
    for (const extra of cases) {
      const files = Object.keys(extra)[0].startsWith('etc/') || Object.values(extra)[0].includes('/srv/') ? { 'srv/shop/compose.yaml': svc(80), 'srv/blog/compose.yaml': svc(80) } : two;
      const f = lintFiles({ ...files, ...extra }, PORTS).findings;
      assert.equal(f.length, 2, `${Object.keys(extra)[0]}: ${JSON.stringify(f.map((x) => x.rel))}`);
    }
  });

  it('reports container names and project names only between projects on one host', () => {
    const named = (n: string) => `services:\n  db:\n    image: postgres:16\n    container_name: ${n}\n    logging:\n      driver: local\n`;
    const files = { 'a/app/compose.yaml': named('db'), 'b/app/compose.yaml': named('db') };
    assert.deepEqual(lintFiles(files, { only: 'compose-container-name-conflict' }).findings, []);
    assert.deepEqual(lintFiles(files, { only: 'compose-project-name-collision' }).findings, []);
    const host = { ...files, 'etc/docker/daemon.json': '{}\n' };
    assert.deepEqual(lintFiles(host, { only: 'compose-container-name-conflict' }).findings.map((x) => [x.rel, x.text]), [
      ['a/app/compose.yaml', 'db'],
      ['b/app/compose.yaml', 'db'],
    ]);
    assert.equal(lintFiles(host, { only: 'compose-project-name-collision' }).findings.length, 2);
  });
});

describe('compose projects: incremental', () => {
  it('keeps every project object and the list when a file outside them changes, and re-makes only the edited project', () => {
    const ws = new Workspace('/ws');
    for (let i = 0; i < 5; i++) ws.set(`/ws/p${i}/compose.yaml`, svc(8000 + i));
    const parse = <K extends Parameters<typeof ws.parse>[0]>(k: K, f: Parameters<typeof ws.parse>[1]) => ws.parse(k, f);
    const first = composeProjects(ws, parse);
    ws.set('/ws/etc/docker/daemon.json', '{}\n');
    assert.equal(composeProjects(ws, parse), first);
    ws.set('/ws/p2/compose.yaml', svc(9000));
    const next = composeProjects(ws, parse);
    assert.notEqual(next, first);
    assert.deepEqual(
      next.map((p, i) => p === first[i]),
      [true, true, false, true, true],
    );
  });
});

describe('compose projects: odd chains', () => {
  it('never loses a file that two chains of two folders both name', () => {
    const base = 'services:\n  web:\n    image: nginx\n';
    const ws = new Workspace('/ws');
    ws.set('/ws/x/a.yml', base);
    ws.set('/ws/y/v.yml', base);
    ws.set('/ws/y/docker-compose.yml', base);
    ws.set('/ws/up.sh', '#!/bin/sh\ndocker compose -f x/a.yml -f y/v.yml up -d\ndocker compose -f y/v.yml -f y/docker-compose.yml up -d\ndocker compose -f y/missing.yml -f $EXTRA up\n');
    const projects = composeProjects(ws, (k, f) => ws.parse(k, f));
    for (const p of projects) for (const r of p.runs) for (const pf of r) assert.ok(pf && p.files.includes(pf), p.dir);
    assert.deepEqual(
      projects.map((p) => [p.dir, p.runs.map((r) => [...r].map((pf) => pf.file.path))]),
      [
        ['/ws/x', [['/ws/x/a.yml', '/ws/y/v.yml']]],
        ['/ws/y', [['/ws/y/docker-compose.yml'], ['/ws/y/v.yml', '/ws/y/docker-compose.yml']]],
      ],
    );
  });
});
