// Compose and env-file parsing, interpolation, project naming, ports, the schema, and the editor features.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseEnvFile } from '../../server/src/parsers/env-file';
import { interpolate, hasInterpolation } from '../../server/src/parsers/interpolate';
import { parseCompose } from '../../server/src/parsers/compose';
import { composeProjects, normalizeProjectName, serviceValue } from '../../server/src/rules/compose/_project';
import { parseShortPort, clash } from '../../server/src/rules/compose/_ports';
import { parseCidr } from '../../server/src/rules/compose/_subnets';
import { legacyCharsetOf, imageName } from '../../server/src/knowledge/compose-images';
import { SERVICE_PROPS, TOP_LEVEL_PROPS } from '../../server/src/knowledge/compose-spec';
import { hoverCompose } from '../../server/src/features/hover-compose';
import { completeCompose, pathFromIndentation } from '../../server/src/features/completion-compose';
import { lintFiles, applyFirstFix } from '../helpers';
import { Workspace } from '../../server/src/engine/workspace';
import { applyEdits } from '../../server/src/core/text';

describe('env files', () => {
  it('reads values the way Compose v2 does, and the way docker run --env-file does', () => {
    const text = [
      '# comment',
      'export A="x y"',
      "B='literal $HOME \\n'",
      'C=plain value # comment',
      'D=no#comment',
      'E="line1\\nline2"',
      'F="multi',
      'line"',
      'G',
      'H=',
      '   I = spaced',
    ].join('\n');
    const m = parseEnvFile(text);
    const get = (k: string) => m.entries.find((e) => e.key === k);
    assert.equal(get('A')?.value, 'x y');
    assert.equal(get('A')?.exported, true);
    assert.equal(get('A')?.dockerRunValue, '"x y"');
    assert.equal(get('B')?.value, 'literal $HOME \\n');
    assert.equal(get('C')?.value, 'plain value');
    assert.equal(get('C')?.dockerRunValue, 'plain value # comment');
    assert.equal(get('D')?.value, 'no#comment');
    assert.equal(get('E')?.value, 'line1\nline2');
    assert.equal(get('F')?.value, 'multi\nline');
    assert.equal(get('G')?.value, undefined);
    assert.equal(get('H')?.value, '');
    // compose-go skips blanks around the name; docker run would keep "I " as the name.
    assert.equal(get('I')?.value, 'spaced');
    assert.deepEqual(m.problems, []);
    const a = get('A')!;
    assert.equal(text.slice(a.keySpan.start, a.keySpan.end), 'A');
    assert.equal(text.slice(a.valueSpan!.start, a.valueSpan!.end), '"x y"');
  });

  it('follows compose-go on escapes, comments and names', () => {
    const m = parseEnvFile('A="a\\cb\\0101"\nB=x\t#kept\nC="it\\\'s"\nD E=1\n1ST=ok\n');
    const get = (k: string) => m.entries.find((e) => e.key === k)?.value;
    assert.equal(get('A'), 'a\\cbA');
    assert.equal(get('B'), 'x\t#kept');
    assert.equal(get('C'), "it\\'s");
    assert.equal(get('1ST'), 'ok');
    assert.deepEqual(m.problems.map((p) => p.message), ['line 4: key cannot contain a space']);
  });

  it('reports unterminated quotes and survives garbage', () => {
    const m = parseEnvFile('A="open\nB=1\n');
    assert.match(m.problems[0].message, /unterminated quoted value/);
    for (const g of ['', '=', '"', '\u0000\u0001', 'export', 'export =', '\r\n\r\n', "A='\\"]) assert.doesNotThrow(() => parseEnvFile(g));
  });
});

describe('interpolation', () => {
  const env = new Map([['SET', 'v'], ['EMPTY', '']]);
  const look = (n: string) => env.get(n);
  it('follows compose-go', () => {
    assert.equal(interpolate('${SET}', look).value, 'v');
    assert.equal(interpolate('$SET-x', look).value, 'v-x');
    assert.equal(interpolate('${UNSET:-d}', look).value, 'd');
    assert.equal(interpolate('${EMPTY:-d}', look).value, 'd');
    assert.equal(interpolate('${EMPTY-d}', look).value, '');
    assert.equal(interpolate('${SET:+r}', look).value, 'r');
    assert.equal(interpolate('${UNSET:-${SET}}', look).value, 'v');
    assert.equal(interpolate('$$HOME', look).value, '$HOME');
    assert.deepEqual(interpolate('${UNSET?need it}', look).unresolved, ['UNSET']);
    assert.deepEqual(interpolate('${UNSET}', look).unresolved, ['UNSET']);
    assert.equal(hasInterpolation('$${NOT}'), false);
    assert.equal(hasInterpolation('${PORT:-80}:80'), true);
    assert.doesNotThrow(() => interpolate('${', look));
  });
});

describe('compose parser', () => {
  it('keeps offsets, resolves merge keys and never throws', () => {
    const text = 'x: &d\n  restart: always\nservices:\n  web:\n    <<: *d\n    image: nginx\n';
    const m = parseCompose(text, '/p/app/compose.yaml');
    assert.equal(m.dir, '/p/app');
    assert.equal(m.services[0].name, 'web');
    assert.equal(text.slice(m.services[0].keySpan.start, m.services[0].keySpan.end), 'web');
    for (const g of ['', ':', '- a\n- b', 'services: [', '\t\tfoo', '&a [*a]', '*x', 'services:\n  a: *missing']) assert.doesNotThrow(() => parseCompose(g, 'c.yml'));
  });

  it('bounds alias expansion (billion laughs)', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    lines.push('services:', '  web:', '    image: mysql:5.7', '    environment: *i', '    command: *i', '  proxy:', '    image: nginx', '    volumes: *i');
    const t0 = Date.now();
    const { findings } = lintFiles({ 'compose.yaml': lines.join('\n') });
    assert.ok(Date.now() - t0 < 5000, 'lint took too long');
    assert.ok(findings.every((f) => f.ruleId !== 'internal-error'));
  });
});

describe('merge keys at scale', () => {
  it('keeps following anchors in large files (no budget runs out on legitimate reuse)', () => {
    const lines = ['x-common: &common', '  restart: unless-stopped', '  logging:', '    driver: json-file', '    options:', '      max-size: "10m"', 'services:'];
    for (let i = 0; i < 400; i++) lines.push(`  svc${i}:`, '    <<: *common', `    image: example/svc${i}:1.0`, '    environment:', `      N: "${i}"`);
    const { findings } = lintFiles({ 'compose.yaml': lines.join('\n') + '\n' });
    assert.deepEqual(findings.map((f) => f.ruleId), []);
  });
});

describe('project names and ports', () => {
  it('normalises project names like compose-go', () => {
    assert.equal(normalizeProjectName('My App.v2'), 'myappv2');
    assert.equal(normalizeProjectName('__-x_y'), 'x_y');
    assert.equal(normalizeProjectName('App'), 'app');
  });

  it('parses short port syntax', () => {
    assert.deepEqual(parseShortPort('127.0.0.1:8080:80/udp'), { hostIp: '127.0.0.1', published: { lo: 8080, hi: 8080 }, target: { lo: 80, hi: 80 }, protocol: 'udp' });
    assert.deepEqual(parseShortPort('[::1]:53:53'), { hostIp: '::1', published: { lo: 53, hi: 53 }, target: { lo: 53, hi: 53 }, protocol: 'tcp' });
    assert.deepEqual(parseShortPort('8000-8010:8000-8010')?.published, { lo: 8000, hi: 8010 });
    assert.equal(parseShortPort('3000')?.published, undefined);
    assert.equal(parseShortPort('nope'), undefined);
    const a = { ...parseShortPort('8005:1')!, span: { start: 0, end: 0 }, text: '' };
    const b = { ...parseShortPort('8000-8010:8000-8010')!, span: { start: 0, end: 0 }, text: '' };
    const c = { ...parseShortPort('10.0.0.1:8005:1')!, span: { start: 0, end: 0 }, text: '' };
    const d = { ...parseShortPort('10.0.0.2:8005:1')!, span: { start: 0, end: 0 }, text: '' };
    assert.equal(clash(a, b), 8005);
    assert.equal(clash(c, b), 8005);
    assert.equal(clash(c, d), undefined);
  });

  it('parses CIDRs and image facts', () => {
    assert.deepEqual(parseCidr('172.26.0.1/16'), { lo: parseCidr('172.26.0.0/16')!.lo, hi: parseCidr('172.26.255.255/32')!.hi, text: '172.26.0.1/16' });
    assert.equal(parseCidr('10.0.0.0/33'), undefined);
    assert.equal(imageName('docker.io/library/postgres:16@sha256:abc'), 'postgres');
    assert.equal(imageName('localhost:5000/team/app:1'), 'localhost:5000/team/app');
    assert.equal(legacyCharsetOf('mysql:5.7'), 'latin1');
    assert.equal(legacyCharsetOf('mysql:8.0'), undefined);
    assert.equal(legacyCharsetOf('mariadb:11.4'), 'latin1');
    assert.equal(legacyCharsetOf('mariadb:11.6'), undefined);
    assert.equal(legacyCharsetOf('mariadb'), undefined);
  });
});

describe('compose rules on the cases of the brief', () => {
  it('fires compose-quoted-env-value on the quotes in list form only', () => {
    const bad = lintFiles({ 'compose.yaml': 'services:\n  t:\n    image: busybox\n    environment: ["TESTVAR=\\"test\\""]\n' }, { only: 'compose-quoted-env-value' }).findings;
    assert.equal(bad.length, 1);
    assert.equal(bad[0].text, '\\"test\\"');
    assert.equal(bad[0].line, 4);
    const fixed = applyFirstFix(bad[0], 'services:\n  t:\n    image: busybox\n    environment: ["TESTVAR=\\"test\\""]\n');
    assert.equal(fixed, 'services:\n  t:\n    image: busybox\n    environment: ["TESTVAR=test"]\n');
    const block = 'services:\n  t:\n    image: busybox\n    environment:\n      - A="x y"\n      - B=2\n      - PASS_THROUGH\n';
    const f = lintFiles({ 'compose.yaml': block }, { only: 'compose-quoted-env-value' }).findings[0];
    assert.equal(f.fixes[1].title, 'Convert `environment:` to map form');
    assert.equal(applyEdits(block, f.fixes[1].edits), 'services:\n  t:\n    image: busybox\n    environment:\n      A: "x y"\n      B: "2"\n      PASS_THROUGH:\n');
    const good = lintFiles({ 'compose.yaml': 'services:\n  t:\n    image: busybox\n    environment:\n      TESTVAR: "test"\n' }, { only: 'compose-quoted-env-value' }).findings;
    assert.deepEqual(good, []);
  });

  it('fires compose-project-name-collision on both files, each pointing at the other, until one sets name:', () => {
    const svc = 'services:\n  web:\n    image: nginx\n';
    // Both folders are on one host: the workspace is that host's tree (etc/docker beside data1/, data2/).
    const host = { 'etc/docker/daemon.json': '{}\n' };
    // Projects not known to share a host never meet.
    assert.deepEqual(lintFiles({ 'data1/app/docker-compose.yml': svc, 'data2/app/docker-compose.yml': svc }, { only: 'compose-project-name-collision' }).findings, []);
    const both = lintFiles({ ...host, 'data1/app/docker-compose.yml': svc, 'data2/app/docker-compose.yml': svc }, { only: 'compose-project-name-collision' }).findings;
    assert.deepEqual(both.map((f) => f.rel), ['data1/app/docker-compose.yml', 'data2/app/docker-compose.yml']);
    assert.equal(both[0].related[0].file, '/ws/data2/app/docker-compose.yml');
    assert.equal(both[1].related[0].file, '/ws/data1/app/docker-compose.yml');
    assert.equal(both[0].severity, 'warning');
    const named = lintFiles({ ...host, 'data1/app/docker-compose.yml': 'name: staging\n' + svc, 'data2/app/docker-compose.yml': svc }, { only: 'compose-project-name-collision' }).findings;
    assert.deepEqual(named, []);
    const env = lintFiles({ ...host, 'data1/app/docker-compose.yml': svc, 'data1/app/.env': 'COMPOSE_PROJECT_NAME=staging\n', 'data2/app/docker-compose.yml': svc }, { only: 'compose-project-name-collision' }).findings;
    assert.deepEqual(env, []);
  });

  it('reports an unknown service key at its exact range, with did-you-mean', () => {
    const f = lintFiles({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    helthcheck:\n      test: ["CMD", "true"]\n' }, { only: 'compose-schema' }).findings;
    assert.equal(f.length, 1);
    assert.equal(f[0].text, 'helthcheck');
    assert.deepEqual([f[0].line, f[0].column, f[0].endColumn], [4, 5, 15]);
    assert.match(f[0].message, /did you mean "healthcheck"/);
  });

  it('never fails a valid field because of interpolation', () => {
    const text = [
      'services:',
      '  web:',
      '    image: ${IMAGE:-nginx}',
      '    ports:',
      '      - "${PORT:-80}:80"',
      '      - target: 80',
      '        published: ${ALT_PORT}',
      '    deploy:',
      '      replicas: ${REPLICAS:-2}',
      '    read_only: ${RO:-true}',
      '    healthcheck:',
      '      interval: ${HC_INTERVAL:-30s}',
      '    restart: ${RESTART:-always}',
      '    mem_limit: ${MEM}',
    ].join('\n');
    assert.deepEqual(lintFiles({ 'compose.yaml': text }, { only: 'compose-schema' }).findings, []);
  });

  it('models every top-level key and about ninety service keys', () => {
    assert.deepEqual(Object.keys(TOP_LEVEL_PROPS).sort(), ['configs', 'include', 'models', 'name', 'networks', 'secrets', 'services', 'version', 'volumes']);
    const n = Object.keys(SERVICE_PROPS).length;
    assert.ok(n >= 85, `only ${n} service keys`);
    for (const k of ['build', 'develop', 'post_start', 'pre_stop', 'gpus', 'models', 'provider', 'use_api_socket', 'label_file']) assert.ok(k in SERVICE_PROPS, k);
  });
});

describe('compose projects', () => {
  it('joins override and included files into one project and follows extends for values', () => {
    const { workspace } = lintFiles({
      'app/compose.yaml': 'include:\n  - ../shared/db.yaml\nservices:\n  web:\n    extends:\n      file: ../shared/base.yaml\n      service: base\n',
      'app/compose.override.yaml': 'services:\n  web:\n    environment:\n      DEBUG: "1"\n',
      'app/.env': 'COMPOSE_PROJECT_NAME=Shop\n',
      'shared/db.yaml': 'services:\n  db:\n    image: postgres:16\n',
      'shared/base.yaml': 'services:\n  base:\n    image: example/base:1\n    ports:\n      - "8080:80"\n',
    });
    const projects = composeProjects(workspace, (k, f) => workspace.parse(k, f));
    assert.deepEqual(projects.map((p) => [p.dir, p.name, p.nameSource, p.files.map((f) => f.file.path.slice(4))]), [
      ['/ws/app', 'Shop', 'env', ['app/compose.yaml', 'shared/db.yaml', 'app/compose.override.yaml']],
    ]);
    const web = projects[0].services.get('web')!;
    assert.equal(web.defs.length, 2);
    const ports = serviceValue(workspace, (k, f) => workspace.parse(k, f), web, 'ports');
    assert.equal(ports?.pf.file.path, '/ws/shared/base.yaml');
    assert.ok(projects[0].services.has('db'));
  });

  it('finds port conflicts through extends and across projects of one host', () => {
    const f = lintFiles(
      {
        // One host: the workspace is the host's tree.
        'etc/docker/daemon.json': '{}\n',
        'a/compose.yaml': 'services:\n  web:\n    extends:\n      file: ../shared/base.yaml\n      service: base\n',
        'shared/base.yaml': 'services:\n  base:\n    image: example/base:1\n    ports:\n      - "8080:80"\n',
        'b/compose.yaml': 'services:\n  api:\n    image: example/api:1\n    ports:\n      - 8080:8080\n',
      },
      { only: 'compose-host-port-conflict' },
    ).findings;
    assert.deepEqual(f.map((x) => [x.rel, x.text, x.severity]), [
      ['b/compose.yaml', '8080:8080', 'warning'],
      ['shared/base.yaml', '"8080:80"', 'warning'],
    ]);
  });
});

describe('compose hover and completion', () => {
  const ws = new Workspace('/ws');
  const text = 'services:\n  web:\n    image: nginx\n    healthcheck:\n      interval: 10s\n    \n    restart: \n';
  const file = ws.set('/ws/compose.yaml', text)!;

  it('hovers service keys and nested keys', () => {
    const h = hoverCompose(file, ws, text.indexOf('image') + 2);
    assert.match(h!.markdown, /\*\*image\*\*/);
    assert.deepEqual(h!.range, { start: text.indexOf('image'), end: text.indexOf('image') + 5 });
    const h2 = hoverCompose(file, ws, text.indexOf('interval') + 1);
    assert.match(h2!.markdown, /services\.web\.healthcheck\.interval/);
    assert.match(hoverCompose(file, ws, text.indexOf('nginx') + 1)!.markdown, /\*\*image\*\*/);
    assert.equal(hoverCompose(file, ws, 0 + text.length), undefined);
  });

  it('reads keys in x- blocks as service keys', () => {
    const t = 'x-defaults: &d\n  restart: always\n  \nservices:\n  web:\n    <<: *d\n    image: nginx\n';
    const f = ws.set('/ws/x/compose.yaml', t)!;
    assert.match(hoverCompose(f, ws, t.indexOf('restart') + 1)!.markdown, /\*\*restart\*\*/);
    assert.ok(completeCompose(f, ws, t.indexOf('  \nservices') + 2).some((c) => c.label === 'healthcheck'));
  });

  it('completes service keys by indentation, leaving out those present, and enum values', () => {
    const at = text.indexOf('    \n') + 4;
    const labels = completeCompose(file, ws, at).map((c) => c.label);
    assert.ok(labels.includes('ports'));
    assert.ok(labels.includes('depends_on'));
    assert.ok(!labels.includes('image'));
    const values = completeCompose(file, ws, text.indexOf('restart: ') + 9).map((c) => c.label);
    assert.deepEqual(values, ['no', 'always', 'on-failure', 'unless-stopped']);
    const refs = 'services:\n  web:\n    image: nginx\n    depends_on:\n      - \n    networks:\n      \n  db:\n    image: postgres:16\nnetworks:\n  back: {}\n';
    const rf = ws.set('/ws/refs/compose.yaml', refs)!;
    assert.deepEqual(completeCompose(rf, ws, refs.indexOf('      - \n') + 8).map((c) => c.label), ['db']);
    assert.deepEqual(completeCompose(rf, ws, refs.indexOf('      \n  db') + 6).map((c) => c.label), ['default', 'back']);
    assert.deepEqual(pathFromIndentation(['services:', '  web:', '    ports:', '      - target: 80', '        '], 4, 8), ['services', 'web', 'ports', '[]']);
  });
});

describe('compose parser: documents and formats Compose reads', () => {
  it('offers the services of every document of a multi-document file, the first definition of a name first', () => {
    const m = parseCompose('services:\n  web:\n    image: nginx\n---\nservices:\n  web:\n    image: httpd\n  worker:\n    image: busybox\n', '/p/compose.yaml');
    assert.deepEqual(m.syntaxErrors, []);
    assert.equal(m.moreDocs.length, 1);
    assert.deepEqual(m.services.map((s) => s.name), ['web', 'worker']);
    assert.equal(m.services[0].keySpan.start, 'services:\n  '.length);
  });

  it('keeps an empty file readable as one document with no contents', () => {
    const m = parseCompose('', '/p/compose.yaml');
    assert.ok(m.doc);
    assert.equal(m.doc!.contents, null);
    assert.deepEqual(m.services, []);
  });

  it('reads a v1 file (services at the top level) as services, and marks it', () => {
    const m = parseCompose('web:\n  image: nginx\n  net: host\ndb:\n  build: ./db\nx-note: 1\n', '/p/docker-compose.yml');
    assert.deepEqual(m.v1Services?.map((p) => String((p.key as { value: unknown }).value)), ['web', 'db']);
    assert.deepEqual(m.services.map((s) => s.name), ['web', 'db']);
    // A file with `services:` is never v1, whatever else sits at the top.
    assert.equal(parseCompose('services:\n  a:\n    image: x\nweb:\n  image: nginx\n', '/p/c.yaml').v1Services, undefined);
  });
});

describe('compose-schema: the loader\'s own refusals, in its words', () => {
  const messages = (text: string) => lintFiles({ 'compose.yaml': text }, { only: 'compose-schema' }).findings.map((f) => f.message);
  const cases: [string, string][] = [
    ['services:\n  a:\n    image: x\n    environment:\n      1: FOO\n', '"non-string key in services.a.environment: 1"'],
    ['services:\n  a:\n    image: x\nvolumes:\n  d:\n    external: true\n    driver_opts:\n      type: nfs\n', '"volumes.d: conflicting parameters "external" and "driver_opts" specified"'],
    ['services:\n  a:\n    image: x\nnetworks:\n  n:\n    name: one\n    external:\n      name: two\n', '"networks.n: name and external.name conflict; only use name"'],
    ['services:\n  a:\n    image: x\n    volumes:\n      - type: bind\n        target: /d\n', '"invalid mount config for type "bind": field Source must not be empty"'],
    ['services:\n  a:\n    image: x\n    gpus:\n      - count: 1\n        device_ids: ["0"]\n', '"services.a.gpus.0: "count" and "device_ids" attributes are exclusive"'],
    ['services:\n  a:\n    image: x\n    environment:\n      - "K =v"\n', '"environment variable K  is declared with a trailing space"'],
    ['services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    links: ["a:alias"]\n', '"dependency cycle detected: a -> b -> a"'],
    ['services:\n  a:\n    image: x\n    develop:\n      watch:\n        - action: sync\n          target: /app\n', '"services.a.develop.watch.0 missing property \'path\'"'],
    ['services:\n  a:\n    image: x\n    imagee: y\n', '"services.a additional properties \'imagee\' not allowed"'],
  ];
  for (const [text, words] of cases) {
    it(words, () => {
      const got = messages(text);
      assert.equal(got.length, 1, got.join('\n'));
      assert.ok(got[0].includes(words), got[0]);
    });
  }
  it('leaves a name equal to external.name alone (Compose only warns that external.name is deprecated)', () => {
    assert.deepEqual(messages('services:\n  a:\n    image: x\nvolumes:\n  d:\n    name: one\n    external:\n      name: one\n'), []);
  });
});
