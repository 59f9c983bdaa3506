// The merged model of a compose project's services, key kind by key kind, as compose-go merges files.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { composeProjects } from '../../server/src/rules/compose/_project';
import { child, itemsOf, mergedRuns, mergedServices, textOf, type Merged } from '../../server/src/rules/compose/_merge';
import { Workspace } from '../../server/src/engine/workspace';
import { spanOf } from '../../server/src/parsers/compose';
import { lintFiles, type LintedFinding } from '../helpers';

/** The merged `web` service of the project in /ws/app, from the files given (paths below /ws/app). */
function web(files: Record<string, string>, service = 'web') {
  const ws = new Workspace('/ws');
  for (const [rel, text] of Object.entries(files)) ws.set(`/ws/app/${rel}`, text);
  const parse: Parameters<typeof composeProjects>[1] = (k, f) => ws.parse(k, f);
  const project = composeProjects(ws, parse).find((p) => p.dir === '/ws/app')!;
  const svc = mergedServices(ws, parse, project).get(service)!;
  const text = (m: Merged) => m.pf.file.text.slice(spanOf(m.node).start, spanOf(m.node).end);
  const file = (m: { pf: Merged['pf'] }) => m.pf.file.path.slice('/ws/app/'.length);
  return {
    svc,
    /** Items of a list key: [text as written, file]. */
    items: (...path: string[]) => itemsOf(child(svc.root, ...path)).map((m) => [text(m), file(m)]),
    value: (...path: string[]) => textOf(child(svc.root, ...path)),
    from: (...path: string[]) => {
      const m = child(svc.root, ...path);
      return m && [file(m), m.others.map(file)];
    },
    keys: (...path: string[]) => [...(child(svc.root, ...path)?.entries?.keys() ?? [])],
  };
}

const base = `services:
  web:
    image: nginx:1.27
    command: ["nginx", "-g", "daemon off;"]
    ports:
      - "8080:80"
      - "8443:443"
    environment:
      DATABASE_URL: postgres://localhost:5432/app
      LOG_LEVEL: info
    labels:
      - traefik.enable=true
    volumes:
      - ./site:/usr/share/nginx/html:ro
      - logs:/var/log/nginx
    depends_on:
      - db
    networks:
      - front
    ulimits:
      nofile:
        soft: 1024
        hard: 2048
    logging:
      driver: json-file
      options:
        max-size: 10m
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost"]
      interval: 30s
    secrets:
      - db_password
    extra_hosts:
      - "host.docker.internal:host-gateway"
`;

describe('compose merge: base + override, key kind by key kind', () => {
  it('replaces scalars and keeps where each value was written', () => {
    const m = web({ 'compose.yaml': base, 'compose.override.yaml': 'services:\n  web:\n    image: nginx:1.27-alpine\n' });
    assert.equal(m.value('image'), 'nginx:1.27-alpine');
    assert.deepEqual(m.from('image'), ['compose.override.yaml', ['compose.yaml']]);
  });

  it('appends ports and keeps one of each binding (the later writing in the earlier place)', () => {
    const m = web({ 'compose.yaml': base, 'compose.override.yaml': 'services:\n  web:\n    ports:\n      - "0.0.0.0:8080:80"\n      - 9229:9229\n      - target: 443\n        published: 8443\n' });
    assert.deepEqual(m.items('ports'), [
      ['"0.0.0.0:8080:80"', 'compose.override.yaml'],
      ['target: 443\n        published: 8443\n', 'compose.override.yaml'],
      ['9229:9229', 'compose.override.yaml'],
    ]);
  });

  it('merges environment, labels and extra_hosts by key, list and mapping forms alike', () => {
    const m = web({ 'compose.yaml': base, 'compose.override.yaml': 'services:\n  web:\n    environment:\n      - DATABASE_URL=postgres://db:5432/app\n      - DEBUG=1\n    labels:\n      traefik.enable: "false"\n    extra_hosts:\n      - "host.docker.internal:host-gateway"\n      - "api.local:10.0.0.5"\n' });
    assert.deepEqual(m.items('environment'), [
      ['DATABASE_URL=postgres://db:5432/app', 'compose.override.yaml'],
      ['info', 'compose.yaml'],
      ['DEBUG=1', 'compose.override.yaml'],
    ]);
    assert.deepEqual(m.items('labels'), [['"false"', 'compose.override.yaml']]);
    assert.deepEqual(m.items('extra_hosts'), [
      ['"host.docker.internal:host-gateway"', 'compose.yaml'],
      ['"api.local:10.0.0.5"', 'compose.override.yaml'],
    ]);
  });

  it('merges volumes by target, secrets by target, depends_on and networks by name, ulimits entry by entry', () => {
    const m = web({
      'compose.yaml': base,
      'compose.override.yaml':
        'services:\n  web:\n    volumes:\n      - ./dev-site:/usr/share/nginx/html\n      - type: tmpfs\n        target: /tmp\n    secrets:\n      - source: db_password_dev\n        target: /run/secrets/db_password\n    depends_on:\n      db:\n        condition: service_healthy\n      cache:\n        condition: service_started\n    networks:\n      back:\n    ulimits:\n      nofile: 65536\n',
    });
    assert.deepEqual(m.items('volumes'), [
      ['./dev-site:/usr/share/nginx/html', 'compose.override.yaml'],
      ['logs:/var/log/nginx', 'compose.yaml'],
      ['type: tmpfs\n        target: /tmp\n', 'compose.override.yaml'],
    ]);
    assert.deepEqual(m.items('secrets').map((x) => x[1]), ['compose.override.yaml']);
    assert.deepEqual(m.keys('depends_on'), ['db', 'cache']);
    assert.equal(m.value('depends_on', 'db', 'condition'), 'service_healthy');
    assert.deepEqual(m.keys('networks'), ['front', 'back']);
    assert.equal(m.value('ulimits', 'nofile'), '65536');
  });

  it('replaces command, entrypoint and healthcheck.test, merges the rest of healthcheck', () => {
    const m = web({ 'compose.yaml': base, 'compose.override.yaml': 'services:\n  web:\n    command: ["nginx-debug", "-g", "daemon off;"]\n    healthcheck:\n      test: ["CMD", "wget", "-q", "http://localhost"]\n' });
    assert.deepEqual(m.items('command').map((x) => x[0]), ['"nginx-debug"', '"-g"', '"daemon off;"']);
    assert.deepEqual(m.items('healthcheck', 'test').map((x) => x[0]), ['"CMD"', '"wget"', '"-q"', '"http://localhost"']);
    assert.equal(m.value('healthcheck', 'interval'), '30s');
  });

  it('merges logging options for the same driver, replaces logging for another driver', () => {
    const same = web({ 'compose.yaml': base, 'compose.override.yaml': 'services:\n  web:\n    logging:\n      options:\n        max-file: "3"\n' });
    assert.deepEqual(same.keys('logging', 'options'), ['max-size', 'max-file']);
    const other = web({ 'compose.yaml': base, 'compose.override.yaml': 'services:\n  web:\n    logging:\n      driver: syslog\n' });
    assert.deepEqual(other.keys('logging'), ['driver']);
    assert.equal(other.value('logging', 'driver'), 'syslog');
  });

  it('reads a build string as its context', () => {
    const m = web({ 'compose.yaml': 'services:\n  web:\n    build: ./web\n', 'compose.override.yaml': 'services:\n  web:\n    build:\n      target: dev\n' });
    assert.deepEqual([m.value('build', 'context'), m.value('build', 'target')], ['./web', 'dev']);
  });
});

describe('compose merge: !reset and !override', () => {
  it('!reset removes what the earlier files set, a whole key or one entry', () => {
    const m = web({ 'compose.yaml': base, 'compose.override.yaml': 'services:\n  web:\n    ports: !reset []\n    command: !reset null\n    environment:\n      LOG_LEVEL: !reset\n' });
    assert.equal(child(m.svc.root, 'ports'), undefined);
    assert.equal(child(m.svc.root, 'command'), undefined);
    assert.deepEqual(m.items('environment').map((x) => x[0]), ['postgres://localhost:5432/app']);
  });

  it('!override replaces instead of merging', () => {
    const m = web({ 'compose.yaml': base, 'compose.override.yaml': 'services:\n  web:\n    ports: !override\n      - "9090:80"\n    environment: !override\n      LOG_LEVEL: debug\n' });
    assert.deepEqual(m.items('ports'), [['"9090:80"', 'compose.override.yaml']]);
    assert.deepEqual(m.items('environment').map((x) => x[0]), ['debug']);
  });

  it('a whole service reset by a later file is gone', () => {
    const m = web({ 'compose.yaml': base, 'compose.override.yaml': 'services:\n  web: !reset\n' });
    assert.equal(m.svc.root, undefined);
  });
});

describe('compose merge: documents, extends, include', () => {
  it('reads each document of a multi-document file as a further file', () => {
    const m = web({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n---\nservices:\n  web:\n    ports: ["443:443"]\n---\nservices:\n  web:\n    image: caddy:2\n' });
    assert.equal(m.value('image'), 'caddy:2');
    assert.deepEqual(m.items('ports').map((x) => x[0]), ['"80:80"', '"443:443"']);
  });

  it('applies extends before the overrides, the extending service merged over its base', () => {
    const m = web({
      'common.yaml': 'services:\n  base:\n    image: example/app:1\n    environment:\n      A: "1"\n      B: "2"\n    ports: ["8000:8000"]\n',
      'compose.yaml': 'services:\n  web:\n    extends:\n      file: common.yaml\n      service: base\n    environment:\n      B: "3"\n    ports: !reset []\n',
      'compose.override.yaml': 'services:\n  web:\n    environment:\n      C: "4"\n',
    });
    assert.equal(m.value('image'), 'example/app:1');
    assert.deepEqual(m.from('image'), ['common.yaml', []]);
    assert.deepEqual(m.items('environment'), [
      ['"1"', 'common.yaml'],
      ['"3"', 'compose.yaml'],
      ['"4"', 'compose.override.yaml'],
    ]);
    assert.equal(child(m.svc.root, 'ports'), undefined);
    assert.equal(m.svc.unresolvedExtends, false);
  });

  it('extends within the file, and a base the workspace does not have', () => {
    const m = web({ 'compose.yaml': 'services:\n  app:\n    image: example/app:1\n    shm_size: 1gb\n  web:\n    extends: app\n    ports: ["80:80"]\n' });
    assert.equal(m.value('shm_size'), '1gb');
    const missing = web({ 'compose.yaml': 'services:\n  web:\n    extends:\n      file: ../elsewhere.yaml\n      service: app\n' });
    assert.equal(missing.svc.unresolvedExtends, true);
  });

  it('imports what a file includes before its own definitions', () => {
    const m = web({ 'compose.yaml': 'include:\n  - web.yaml\nservices:\n  web:\n    image: nginx:1.27\n', 'web.yaml': 'services:\n  web:\n    image: nginx:1.25\n    ports: ["80:80"]\n' });
    assert.equal(m.value('image'), 'nginx:1.27');
    assert.deepEqual(m.from('image'), ['compose.yaml', ['web.yaml']]);
  });
});

describe('compose rules on the merged model: reported where the value is written, the other file related', () => {
  const rel = (f: LintedFinding) => [f.rel, f.line, f.column, f.text, f.related?.map((r) => `${r.file.slice(4)}:${r.range.start}`)];
  const at = (files: Record<string, string>, path: string, needle: string) => `${path}:${files[path].indexOf(needle)}`;

  it('compose-host-port-conflict: a port an override appends to a service clashes with the base', () => {
    const files = {
      'app/compose.yaml': 'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n    logging: {driver: local}\n  adminer:\n    image: adminer:4\n    ports: ["8080:8080"]\n    logging: {driver: local}\n',
      'app/compose.override.yaml': 'services:\n  web:\n    ports: ["8080:80"]\n',
    };
    const f = lintFiles(files, { only: 'compose-host-port-conflict' }).findings;
    assert.deepEqual(f.map(rel), [
      ['app/compose.override.yaml', 3, 13, '"8080:80"', [at(files, 'app/compose.yaml', '"8080:8080"')]],
      ['app/compose.yaml', 8, 13, '"8080:8080"', [at(files, 'app/compose.override.yaml', '"8080:80"')]],
    ]);
    const reset = { ...files, 'app/compose.override.yaml': 'services:\n  web:\n    ports: !override ["8081:80"]\n  adminer:\n    ports: !reset []\n' };
    assert.deepEqual(lintFiles(reset, { only: 'compose-host-port-conflict' }).findings, []);
  });

  it('compose-ports-with-host-network: network_mode host in an override discards the base ports', () => {
    const files = { 'app/compose.yaml': 'services:\n  exporter:\n    image: prom/node-exporter\n    ports: ["9100:9100"]\n', 'app/compose.override.yaml': 'services:\n  exporter:\n    network_mode: host\n' };
    const f = lintFiles(files, { only: 'compose-ports-with-host-network' }).findings;
    assert.deepEqual(f.map(rel), [['app/compose.yaml', 4, 5, 'ports', [at(files, 'app/compose.override.yaml', 'host')]]]);
  });

  it('compose-container-name-conflict: the effective container_name of each service', () => {
    const files = {
      'app/compose.yaml': 'services:\n  db:\n    image: postgres:16\n    container_name: db\n  db-old:\n    image: postgres:15\n    container_name: db-old\n',
      'app/compose.override.yaml': 'services:\n  db-old:\n    container_name: db\n',
    };
    const f = lintFiles(files, { only: 'compose-container-name-conflict' }).findings;
    assert.deepEqual(f.map(rel), [
      ['app/compose.override.yaml', 3, 21, 'db', [at(files, 'app/compose.yaml', 'db\n')]],
      ['app/compose.yaml', 4, 21, 'db', [at(files, 'app/compose.override.yaml', 'db\n')]],
    ]);
  });
  it('compose-container-localhost: the env files of the merged env_file, an override can reset them', () => {
    const files = {
      'app/compose.yaml': 'services:\n  app:\n    image: example/app:2\n    env_file:\n      - .env.local\n  db:\n    image: postgres:16\n',
      'app/.env.local': 'DATABASE_URL=postgres://app@localhost:5432/app\n',
    };
    const f = lintFiles(files, { only: 'compose-container-localhost' }).findings;
    assert.deepEqual(f.map((x) => [x.rel, x.text]), [['app/.env.local', 'localhost']]);
    const reset = { ...files, 'app/compose.override.yaml': 'services:\n  app:\n    env_file: !reset []\n    environment:\n      DATABASE_URL: postgres://app@db:5432/app\n' };
    assert.deepEqual(lintFiles(reset, { only: 'compose-container-localhost' }).findings, []);
  });
});

describe('compose merge: runs of a project', () => {
  it('merges each -f file of the folder on top of the default files, alternatives apart', () => {
    const ws = new Workspace('/ws');
    ws.set('/ws/app/docker-compose.yml', 'services:\n  db:\n    image: postgres:16\n');
    ws.set('/ws/app/docker-compose.prod.yml', 'services:\n  db:\n    shm_size: 1gb\n');
    ws.set('/ws/app/docker-compose.dev.yml', 'services:\n  db:\n    ports: ["5432:5432"]\n');
    const parse: Parameters<typeof composeProjects>[1] = (k, f) => ws.parse(k, f);
    const [project] = composeProjects(ws, parse);
    const runs = mergedRuns(ws, parse, project).map((run) => [run.variant?.file.path.slice(8), [...(run.services.get('db')?.root?.entries?.keys() ?? [])]]);
    assert.deepEqual(runs, [
      [undefined, ['image']],
      ['docker-compose.dev.yml', ['image', 'ports']],
      ['docker-compose.prod.yml', ['image', 'shm_size']],
    ]);
    // Worked out once per version of the project.
    assert.equal(mergedRuns(ws, parse, project), mergedRuns(ws, parse, project));
  });

  it('reads a folder file whose services are whole (image or build each) as a stack of its own, not on top of the defaults', () => {
    const ws = new Workspace('/ws');
    ws.set('/ws/app/docker-compose.yml', 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n');
    ws.set('/ws/app/docker-compose.blue.yml', 'services:\n  blue:\n    image: nginx:1.27\n    ports: ["8080:80"]\n');
    const parse: Parameters<typeof composeProjects>[1] = (k, f) => ws.parse(k, f);
    const [project] = composeProjects(ws, parse);
    const runs = mergedRuns(ws, parse, project).map((run) => [...run.services.keys()]);
    assert.deepEqual(runs, [['web'], ['blue']]);
    const only = { only: 'compose-host-port-conflict' };
    assert.deepEqual(lintFiles({ 'app/docker-compose.yml': 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n    logging: {driver: local}\n', 'app/docker-compose.blue.yml': 'services:\n  blue:\n    image: nginx:1.27\n    ports: ["8080:80"]\n    logging: {driver: local}\n' }, only).findings, []);
    // An override (a service without image or build) goes on top: the port it adds clashes with the base's.
    const clash = lintFiles({ 'app/docker-compose.yml': 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n    logging: {driver: local}\n', 'app/docker-compose.debug.yml': 'services:\n  web:\n    environment: [DEBUG=1]\n  adminer:\n    image: adminer:4\n    ports: ["8080:8080"]\n    logging: {driver: local}\n' }, only).findings;
    assert.deepEqual(clash.map((f) => [f.rel, f.text]).sort(), [['app/docker-compose.debug.yml', '"8080:8080"'], ['app/docker-compose.yml', '"8080:80"']]);
  });
});
