// Scripts of every kind: git hooks, package.json/composer.json scripts, lefthook, pre-commit, Taskfile, justfile.
// Each is read as shell with the context that decides the TTY rules, and every range is exact in the host file.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { classify } from '../../server/src/parsers/classify';
import { DAEMON_KEY_NAMES } from '../../server/src/knowledge/daemon-options';
import { parseTaskRunner } from '../../server/src/parsers/task-runner';
import { toHostSpan } from '../../server/src/core/embedded';
import { lintFiles, type LintedFinding } from '../helpers';

const brief = (fs: LintedFinding[]) => fs.map((f) => `${f.rel}:${f.line}:${f.column} ${f.ruleId} ${f.severity} ${JSON.stringify(f.text)}`);
const kind = (p: string, t = '') => classify(p, t, DAEMON_KEY_NAMES);

describe('which files are scripts', () => {
  it('git hooks and hook managers by path; shell shebangs anywhere without an extension', () => {
    assert.equal(kind('repo/.husky/pre-commit', 'npx lint-staged\n'), 'shell');
    assert.equal(kind('repo/.githooks/pre-push', 'make test\n'), 'shell');
    assert.equal(kind('repo/.git/hooks/pre-commit', '#!/bin/sh\n'), 'shell');
    assert.equal(kind('repo/.git/hooks/pre-commit.sample', '#!/bin/sh\n'), undefined);
    assert.equal(kind('repo/bin/deploy', '#!/usr/local/bin/bash\nset -e\n'), 'shell');
    assert.equal(kind('repo/scripts/release', '#!/usr/bin/env -S bash -eu\n'), 'shell');
    assert.equal(kind('repo/bin/tool', '#!/usr/bin/env python3\n'), undefined);
  });
  it('task runners by name; package.json and composer.json when they have scripts', () => {
    for (const p of ['lefthook.yml', '.lefthook.yaml', 'lefthook-local.yml', '.pre-commit-config.yaml', 'Taskfile.yml', 'taskfile.yaml', 'Taskfile.dist.yml', 'justfile', 'Justfile', '.justfile', 'ci.just']) {
      assert.equal(kind(`repo/${p}`), 'task-runner', p);
    }
    assert.equal(kind('repo/package.json', '{"name": "x", "scripts": {"t": "jest"}}'), 'task-runner');
    assert.equal(kind('repo/package.json', '{"name": "x"}'), undefined);
    assert.equal(kind('repo/node_modules/a/package.json', '{"scripts": {"t": "jest"}}'), undefined);
    assert.equal(kind('repo/composer.json', '{"scripts": {"t": "phpunit"}}'), 'task-runner');
  });
});

describe('package.json scripts', () => {
  const pkg = [
    '{',
    '  "name": "app",',
    '  "scripts": {',
    '    "db": "docker exec -it db psql",',
    '    "quoted": "docker run --rm \\"-it\\" img sh -c \\"echo \\\\\\"hi\\\\\\"\\"",',
    '    "guarded": "[ -t 0 ] && docker exec -it db sh || docker exec -i db sh",',
    '    "detached": "docker run -dit img"',
    '  }',
    '}',
  ].join('\n');
  it('every script is shell, ranges exact through JSON escapes', () => {
    const scripts = parseTaskRunner(pkg, '/w/package.json').scripts;
    assert.deepEqual(scripts.map((s) => s.label), ['db', 'quoted', 'guarded', 'detached']);
    assert.equal(scripts[1].text, 'docker run --rm "-it" img sh -c "echo \\"hi\\""');
    const at = scripts[1].text.indexOf('-it');
    const span = toHostSpan(scripts[1], { start: at - 1, end: at + 4 }, pkg);
    assert.equal(pkg.slice(span.start, span.end), '\\"-it\\"');
  });
  it('tty-without-terminal: a warning with an unsafe fix, since a package script is started by hand as well', () => {
    const { findings } = lintFiles({ 'package.json': pkg });
    assert.deepEqual(brief(findings), ['package.json:4:24 tty-without-terminal warning "-it"', 'package.json:5:32 tty-without-terminal warning "\\\\\\"-it\\\\\\""']);
    assert.match(findings[0].message, /often started without a terminal/);
    assert.equal(findings[0].fixes[0].safety, 'unsafe');
  });
  it('composer: `@script` references and PHP callbacks are not shell', () => {
    const composer = '{"scripts": {"a": "@php artisan migrate", "b": "App\\\\Setup::run", "c": ["@test", "docker exec -it app phpunit"]}}';
    const scripts = parseTaskRunner(composer, '/w/composer.json').scripts;
    assert.deepEqual(scripts.map((s) => s.text), ['docker exec -it app phpunit']);
  });
});

describe('git hooks and hook managers: no terminal', () => {
  it('a husky hook: error with a safe fix', () => {
    const { findings } = lintFiles({ '.husky/pre-commit': 'npx lint-staged\ndocker compose exec -it app npm test\ndocker exec -it app npm test\n' });
    assert.deepEqual(brief(findings), ['.husky/pre-commit:2:16 compose-exec-without-no-tty warning "exec"', '.husky/pre-commit:3:13 tty-without-terminal error "-it"']);
    assert.match(findings[1].message, /a git hook has no terminal/);
  });
  it('lefthook run: and pre-commit entry: of system hooks', () => {
    const lefthook = 'pre-commit:\n  parallel: true\n  commands:\n    test:\n      run: docker exec -it app yarn test {staged_files}\n  jobs:\n    - run: |\n        echo x\n        docker run -ti --rm img lint\n';
    const precommit = 'repos:\n  - repo: local\n    hooks:\n      - id: t\n        name: t\n        entry: docker exec -it app pytest\n        language: system\n      - id: py\n        entry: docker exec -it app x\n        language: python\n';
    const { findings } = lintFiles({ 'lefthook.yml': lefthook, '.pre-commit-config.yaml': precommit });
    assert.deepEqual(brief(findings), [
      '.pre-commit-config.yaml:6:28 tty-without-terminal error "-it"',
      'lefthook.yml:5:24 tty-without-terminal error "-it"',
      'lefthook.yml:9:20 tty-without-terminal error "-ti"',
    ]);
  });
});

describe('task runners', () => {
  it('Taskfile cmds (strings and cmd:) and justfile recipe lines', () => {
    const taskfile = "version: '3'\ntasks:\n  db:\n    cmds:\n      - docker exec -it db psql\n      - cmd: docker run -t img true\n  short: docker run -it img sh\n";
    const justfile = 'set shell := ["bash", "-uc"]\n\nx := "1"\n\n# open a shell\nshell name="app":\n    @docker exec -it {{name}} sh\n    -docker run --rm \\\n      -it img true\n\npy:\n    #!/usr/bin/env python3\n    print("docker exec -it x")\n';
    const { findings } = lintFiles({ 'Taskfile.yml': taskfile, justfile });
    assert.deepEqual(brief(findings), [
      'Taskfile.yml:5:21 tty-without-terminal warning "-it"',
      'Taskfile.yml:7:21 tty-without-terminal warning "-it"',
      'justfile:7:18 tty-without-terminal warning "-it"',
      'justfile:9:7 tty-without-terminal warning "-it"',
    ]);
  });
});
