// Scripts embedded in CI files and shell scripts, mapped back to the exact host characters.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { toHostSpan, type EmbeddedScript } from '../../server/src/core/embedded';
import type { SourceFile } from '../../server/src/model/rule';
import { LineIndex } from '../../server/src/core/text';
import { ciScripts, jenkinsfileScripts } from '../../server/src/parsers/ci';
import { shellFileScripts } from '../../server/src/parsers/shell-file';
import { applyFirstFix, lintFiles } from '../helpers';

function file(path: string, text: string, kind: SourceFile['kind'] = 'ci'): SourceFile {
  return { path, text, kind, version: 1 };
}

/** Where `needle` (found in the script) lands in the host: its host text and 1-based line/column. */
function locate(host: string, s: EmbeddedScript, needle: string, nth = 1) {
  let at = -1;
  for (let n = 0; n < nth; n++) at = s.text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `"${needle}" not in script ${JSON.stringify(s.text)}`);
  const span = toHostSpan(s, { start: at, end: at + needle.length });
  const p = new LineIndex(host).positionAt(span.start);
  return { text: host.slice(span.start, span.end), line: p.line + 1, column: p.character + 1 };
}

describe('GitHub Actions run:', () => {
  const wf = [
    'on: push',
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: |',
    '          echo one',
    '          docker compose up -d',
    '          docker exec -it app psql -U postgres',
    '      - run: >-',
    '          docker exec',
    '          -it app true',
    '',
    '          echo next',
    '      - run: "docker exec \\"-it\\" c\\techo ${{ secrets.X }}"',
    "      - run: 'it''s -it'",
    '      - run: |2',
    '           indented -it',
    '      - shell: pwsh',
    '        run: docker exec -it c cmd',
    '      - uses: actions/github-script@v7',
    '        with:',
    '          script: console.log("-it")',
  ].join('\n');
  const scripts = ciScripts(file('/w/.github/workflows/ci.yml', wf));
  it('finds the bash steps only', () => {
    assert.equal(scripts.length, 5);
    assert.ok(scripts.every((s) => s.context === 'ci'));
  });
  it('maps a literal block scalar exactly (third line)', () => {
    assert.equal(scripts[0].text, 'echo one\ndocker compose up -d\ndocker exec -it app psql -U postgres\n');
    assert.deepEqual(locate(wf, scripts[0], '-it'), { text: '-it', line: 9, column: 23 });
  });
  it('maps a folded scalar, with folded breaks on the line breaks', () => {
    assert.equal(scripts[1].text, 'docker exec -it app true\necho next');
    assert.deepEqual(locate(wf, scripts[1], '-it'), { text: '-it', line: 12, column: 11 });
    assert.deepEqual(locate(wf, scripts[1], 'next'), { text: 'next', line: 14, column: 16 });
  });
  it('maps double-quoted escapes and keeps ${{ }} as written', () => {
    assert.equal(scripts[2].text, 'docker exec "-it" c\techo ${{ secrets.X }}');
    assert.deepEqual(locate(wf, scripts[2], '-it'), { text: '-it', line: 15, column: 29 });
    assert.equal(locate(wf, scripts[2], '${{ secrets.X }}').text, '${{ secrets.X }}');
  });
  it('maps single-quoted scalars and indentation indicators', () => {
    assert.equal(scripts[3].text, "it's -it");
    assert.deepEqual(locate(wf, scripts[3], '-it'), { text: '-it', line: 16, column: 21 });
    assert.equal(scripts[4].text, ' indented -it\n');
    assert.deepEqual(locate(wf, scripts[4], '-it'), { text: '-it', line: 18, column: 21 });
  });
});

describe('GitLab, Azure, CircleCI, Bitbucket', () => {
  it('reads script lists, nested lists and anchors once each', () => {
    const gl = ['.setup: &setup', '  - docker login -u x --password-stdin', 'build:', '  before_script: *setup', '  script:', '    - echo a', '    - - nested -it', '  after_script: "echo done"', 'test:', '  before_script: *setup', '  variables:', '    script: not-a-script'].join('\n');
    const s = ciScripts(file('/w/.gitlab-ci.yml', gl));
    assert.deepEqual(s.map((x) => x.text), ['docker login -u x --password-stdin', 'echo a', 'nested -it', 'echo done']);
    assert.deepEqual(locate(gl, s[2], '-it'), { text: '-it', line: 7, column: 16 });
    assert.equal(s[1].label, 'build');
  });
  it('reads Azure script:/bash: steps and skips PowerShell tasks', () => {
    const az = ['steps:', '  - script: docker run -ti img', '  - bash: |', '      docker exec -it c sh', '  - task: PowerShell@2', '    inputs:', '      script: docker exec -it c cmd', '  - powershell: docker exec -it c'].join('\n');
    const s = ciScripts(file('/w/azure-pipelines.yml', az));
    assert.deepEqual(s.map((x) => x.text), ['docker run -ti img', 'docker exec -it c sh\n']);
    assert.deepEqual(locate(az, s[1], '-it'), { text: '-it', line: 4, column: 19 });
  });
  it('reads CircleCI run: strings and run.command', () => {
    const cc = ['version: 2.1', 'jobs:', '  build:', '    steps:', '      - run: docker exec -it a b', '      - run:', '          name: x', '          command: |', '            docker run -ti img'].join('\n');
    const s = ciScripts(file('/w/.circleci/config.yml', cc));
    assert.deepEqual(s.map((x) => x.text), ['docker exec -it a b', 'docker run -ti img\n']);
    assert.deepEqual(locate(cc, s[1], '-ti'), { text: '-ti', line: 9, column: 24 });
  });
  it('reads Bitbucket script lists and skips pipes', () => {
    const bb = ['pipelines:', '  default:', '    - step:', '        script:', '          - docker exec -it a b', '          - pipe: atlassian/ssh-run:0.4.0', '            variables:', '              COMMAND: x'].join('\n');
    const s = ciScripts(file('/w/bitbucket-pipelines.yml', bb));
    assert.deepEqual(s.map((x) => x.text), ['docker exec -it a b']);
    assert.deepEqual(locate(bb, s[0], '-it'), { text: '-it', line: 5, column: 25 });
  });
  it('survives broken YAML', () => {
    for (const t of ['script: [', 'a: |\n  x\n b: - c', '\t\tscript:\n- "unterminated', ':::', '']) assert.ok(Array.isArray(ciScripts(file('/w/.gitlab-ci.yml', t))));
  });
});

describe('Jenkinsfile sh steps', () => {
  const jf = [
    'pipeline { agent any; stages { stage("x") { steps {',
    "  sh 'docker exec -it a \\'b\\''",
    '  sh "docker run -ti ${IMAGE} \\$HOME"',
    "  sh '''",
    '    docker exec -it c sh',
    "  '''",
    '  sh """',
    '    docker exec -it d \\',
    '      sh',
    '  """',
    "  sh(script: 'docker exec -it e', returnStdout: true)",
    "  sh label: 'migrate', script: 'docker exec -it f'",
    "  // sh 'docker exec -it commented'",
    "  echo 'sh \"not a step\"'",
    '} } } }',
  ].join('\n');
  const s = jenkinsfileScripts(jf);
  it('finds every sh step, with Groovy escapes removed', () => {
    assert.deepEqual(s.map((x) => x.text), [
      "docker exec -it a 'b'",
      'docker run -ti ${IMAGE} $HOME',
      '\n    docker exec -it c sh\n  ',
      '\n    docker exec -it d       sh\n  ', // backslash-newline is a Groovy line continuation
      'docker exec -it e',
      'docker exec -it f',
    ]);
  });
  it('maps each back to the Jenkinsfile', () => {
    assert.deepEqual(locate(jf, s[0], '-it'), { text: '-it', line: 2, column: 19 });
    assert.deepEqual(locate(jf, s[1], '-ti'), { text: '-ti', line: 3, column: 18 });
    assert.deepEqual(locate(jf, s[2], '-it'), { text: '-it', line: 5, column: 17 });
    assert.deepEqual(locate(jf, s[3], '-it'), { text: '-it', line: 8, column: 17 });
    assert.deepEqual(locate(jf, s[4], '-it'), { text: '-it', line: 11, column: 27 });
    assert.deepEqual(locate(jf, s[5], '-it'), { text: '-it', line: 12, column: 45 });
    assert.equal(locate(jf, s[1], '$HOME').text, '\\$HOME');
  });
  it('survives garbage', () => {
    for (const t of ["sh '", 'sh """', 'sh(script:', 'sh', '/* sh "x"', "sh '\\"]) assert.ok(Array.isArray(jenkinsfileScripts(t)));
  });
});

describe('shell scripts', () => {
  it('map verbatim and read the shell from #!', () => {
    const t = '#!/usr/bin/env bash\ndocker exec -it a b\n';
    const [s] = shellFileScripts(file('/w/x.sh', t, 'shell'));
    assert.equal(s.context, 'shell-script');
    assert.equal(s.shell, 'bash');
    assert.deepEqual(locate(t, s, '-it'), { text: '-it', line: 2, column: 13 });
  });
});

describe('rules through the embeddings', () => {
  it('report -it at its exact place in a workflow, a folded scalar, a GitLab item and a Jenkinsfile block', () => {
    const wf = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          echo 1\n          echo 2\n          docker exec -it app psql -U postgres\n      - run: >\n          docker exec\n          -it app psql -U postgres\n';
    const gl = 'job:\n  script:\n    - echo 1\n    - docker exec -it app psql -U postgres\n';
    const jf = 'node {\n  sh """\n    echo 1\n    docker exec -it app psql -U postgres\n  """\n}\n';
    const { findings } = lintFiles({ '.github/workflows/ci.yml': wf, '.gitlab-ci.yml': gl, Jenkinsfile: jf }, { only: 'tty-without-terminal' });
    assert.deepEqual(
      findings.map((f) => [f.rel, f.line, f.column, f.endColumn, f.text, f.severity]),
      [
        ['.github/workflows/ci.yml', 9, 23, 26, '-it', 'error'],
        ['.github/workflows/ci.yml', 12, 11, 14, '-it', 'error'],
        ['.gitlab-ci.yml', 4, 19, 22, '-it', 'error'],
        ['Jenkinsfile', 4, 17, 20, '-it', 'error'],
      ],
    );
  });
  it('compose exec in CI: fires without -T, silent with it', () => {
    const fire = lintFiles({ '.gitlab-ci.yml': 'job:\n  script:\n    - docker-compose exec web ./manage.py migrate\n' }, { only: 'compose-exec-without-no-tty' }).findings;
    assert.deepEqual(fire.map((f) => [f.line, f.column, f.text]), [[3, 22, 'exec']]);
    const quiet = lintFiles({ '.gitlab-ci.yml': 'job:\n  script:\n    - docker-compose exec -T web ./manage.py migrate\n' }).findings;
    assert.deepEqual(quiet, []);
  });
  it('ci extractors survive random bytes', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = ' \n\t-:|>\'"#&*![]{}\\$`()shrunscript';
    for (let n = 0; n < 150; n++) {
      let t = '';
      const len = Math.floor(rnd() * 300);
      for (let i = 0; i < len; i++) t += alphabet[Math.floor(rnd() * alphabet.length)];
      assert.doesNotThrow(() => lintFiles({ '.gitlab-ci.yml': t, '.github/workflows/x.yml': t, Jenkinsfile: t, 'x.sh': t }));
    }
  });
});

describe('crontab commands', () => {
  const line = "0 */6 * * * docker exec -it db sh -c 'exec mysqldump --all-databases -uroot -ppassword' > /backup/db.sql\n";
  it('gives tty-without-terminal on -it and secret-on-command-line on -ppassword; the tty fix gives -i and re-lints clean', () => {
    const { findings } = lintFiles({ 'etc/crontabs/root.crontab': line });
    const mine = findings.filter((f) => f.ruleId === 'tty-without-terminal' || f.ruleId === 'secret-on-command-line');
    assert.deepEqual(mine.map((f) => [f.ruleId, f.line, f.column, f.text, f.severity]), [
      ['tty-without-terminal', 1, 25, '-it', 'error'],
      ['secret-on-command-line', 1, 77, '-ppassword', 'warning'],
    ]);
    const tty = mine[0];
    const fixed = applyFirstFix(tty, line);
    assert.equal(fixed, line.replace('exec -it db', 'exec -i db'));
    const again = lintFiles({ 'etc/crontabs/root.crontab': fixed }).findings;
    assert.deepEqual(again.filter((f) => f.ruleId === 'tty-without-terminal'), []);
  });
  it('reads the command only up to the first unescaped %', () => {
    const t = '0 1 * * * docker exec -i db sh -c "date +\\%F" % docker exec -it x y\n';
    const { findings } = lintFiles({ 'a.crontab': t }, { only: 'tty-without-terminal' });
    assert.deepEqual(findings, []);
  });
});

describe('where a script runs', () => {
  it('scripts in /etc/cron.daily run under cron', () => {
    const t = '#!/bin/sh\ndocker exec -it db true\n';
    assert.equal(shellFileScripts(file('/h/etc/cron.daily/backup', t, 'shell'))[0].context, 'cron');
    assert.equal(shellFileScripts(file('/h/usr/local/bin/backup.sh', t, 'shell'))[0].context, 'shell-script');
  });
  it('Azure script: on a Windows pool is not shell', () => {
    const az = 'pool:\n  vmImage: windows-latest\nsteps:\n  - script: docker exec -it c cmd\n  - bash: docker exec -it c sh\n';
    assert.deepEqual(ciScripts(file('/w/azure-pipelines.yml', az)).map((s) => s.text), ['docker exec -it c sh']);
  });
});

describe('ranges that end on an escape', () => {
  it('cover the whole escape sequence in the host', () => {
    const jf = 'node {\n  sh "mysqldump -uroot -p\\"S3cret\\" shop > /b/shop.sql"\n}\n';
    const { findings } = lintFiles({ Jenkinsfile: jf }, { only: 'secret-on-command-line' });
    assert.deepEqual(findings.map((f) => f.text), ['-p\\"S3cret\\"']);
    const yml = "job:\n  script:\n    - 'mysqldump -p''S3cret'' shop'\n";
    const y = lintFiles({ '.gitlab-ci.yml': yml }, { only: 'secret-on-command-line' }).findings;
    assert.deepEqual(y.map((f) => f.text), ["-p''S3cret''"]);
  });
});
