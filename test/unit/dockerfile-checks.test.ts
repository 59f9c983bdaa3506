// The Dockerfile instruction checks (BuildKit's build checks and hadolint's instruction rules) as a rule tester sees
// them, plus the small readers they share: words, variables, image references, exec-form argv.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyFirstFix, lintFiles } from '../helpers';
import { splitWords } from '../../server/src/rules/dockerfile/_kv';
import { distance, suggest, varRefs } from '../../server/src/rules/dockerfile/_vars';
import { validReference } from '../../server/src/rules/dockerfile/dockerfile-from-arg-undefined';
import { execArgv } from '../../server/src/rules/dockerfile/dockerfile-shell-form-cmd';
import { secretName } from '../../server/src/rules/dockerfile/dockerfile-secret-in-arg-env';
import { labelKeyProblem } from '../../server/src/rules/dockerfile/dockerfile-label-key-invalid';

function run(rule: string, dockerfile: string) {
  const files = { Dockerfile: dockerfile };
  return lintFiles(files, { only: rule }).findings.map((f) => ({ id: f.messageId, text: f.text, severity: f.severity, fixed: f.fixes.length ? applyFirstFix(f, dockerfile) : undefined, safety: f.fixes[0]?.safety }));
}

describe('Dockerfile word and variable readers', () => {
  it('splits words as the frontend does: quotes group, the escape character escapes', () => {
    assert.deepEqual(splitWords('A="1 2" B=\'x y\' C=a\\ b', '\\').map((w) => w.value), ['A=1 2', 'B=x y', 'C=a b']);
    assert.deepEqual(splitWords('x `"y', '`').map((w) => w.value), ['x', '"y']);
  });
  it('finds variable references, not inside single quotes or after the escape character', () => {
    assert.deepEqual(varRefs('$A ${B} ${C:-x} \'$D\' \\$E "$F"', '\\').map((r) => [r.name, r.modifier]), [['A', false], ['B', false], ['C', true], ['F', false]]);
  });
  it('counts a swap of neighbours as one typo and never takes tool-chain variables for typos', () => {
    assert.equal(distance('PAHT', 'PATH'), 1);
    assert.equal(suggest('PAHT', ['PATH']), 'PATH');
    assert.equal(suggest('CPATH', ['PATH']), undefined);
    assert.equal(suggest('APP_VERSON', ['APP_VERSION']), 'APP_VERSION');
    assert.equal(suggest('AB', ['AC']), undefined);
  });
  it('accepts image references the builder accepts', () => {
    for (const ok of ['alpine', 'alpine:3.22', 'docker.io/library/alpine:3.22', 'localhost:5000/a/b:c', 'Registry.Example.com/team/app@sha256:' + 'a'.repeat(64), 'scratch']) assert.ok(validReference(ok), ok);
    for (const bad of ['', 'alpine:', 'Alpine', 'a//b', 'alpine:tag with space', ':3.22']) assert.ok(!validReference(bad), bad);
  });
  it('builds the exec form only from commands without shell syntax', () => {
    assert.deepEqual(execArgv("nginx -g 'daemon off;'", '\\'), ['nginx', '-g', 'daemon off;']);
    assert.deepEqual(execArgv('exec node server.js', '\\'), ['node', 'server.js']);
    for (const shell of ['java $OPTS -jar a.jar', 'a && b', 'a | b', 'a > log', 'cd /app', 'PORT=1 node s.js', 'echo "$HOME"', 'run *.sh']) assert.equal(execArgv(shell, '\\'), undefined, shell);
  });
  it('tells secret names from names that only mention one', () => {
    for (const s of ['DB_PASSWORD', 'GITHUB_TOKEN', 'api_key', 'AUTH', 'aws_secret_access_key', 'NPM_AUTH_TOKEN']) assert.ok(secretName(s), s);
    for (const s of ['GPG_KEY', 'GPG_KEYS', 'PASSWORD_FILE', 'PUBLIC_KEY', 'KEY_VERSION', 'TOKEN_URL', 'AUTHOR', 'MONKEY', 'KEYRING']) assert.ok(!secretName(s), s);
  });
  it('checks label keys against Docker\'s key format', () => {
    assert.equal(labelKeyProblem('org.opencontainers.image.title'), undefined);
    assert.equal(labelKeyProblem('traefik.http.routers.web.rule'), undefined);
    assert.match(labelKeyProblem('Maintainer')!, /lower-case letter/);
    assert.match(labelKeyProblem('com.docker.compose.project')!, /reserved/);
    assert.match(labelKeyProblem('a..b')!, /repeat/);
  });
});

describe('dockerfile-shell-form-cmd', () => {
  it('fixes CMD safely and ENTRYPOINT unsafely when the stage has a CMD', () => {
    assert.deepEqual(run('dockerfile-shell-form-cmd', 'FROM a\nCMD node server.js\n').map((f) => [f.id, f.fixed, f.safety]), [['cmd', 'FROM a\nCMD ["node", "server.js"]\n', 'safe']]);
    assert.deepEqual(run('dockerfile-shell-form-cmd', 'FROM a\nENTRYPOINT nginx\nCMD ["-g", "daemon off;"]\n').map((f) => [f.id, f.safety]), [['entrypoint', 'unsafe']]);
  });
  it('reports a broken JSON list as the shell form it becomes, and leaves valid ones and SHELL stages alone', () => {
    assert.deepEqual(run('dockerfile-shell-form-cmd', "FROM a\nCMD ['x']\nENTRYPOINT [\"a\",]\n").map((f) => [f.id, f.severity]), [['badJson', 'error'], ['badJson', 'error']]);
    assert.deepEqual(run('dockerfile-shell-form-cmd', 'FROM a\nCMD [ "a" , \\\n  "b" ]\nFROM b\nSHELL ["/bin/bash", "-c"]\nCMD echo $X | tee y\n'), []);
  });
  it('follows SHELL into the stages built on that stage', () => {
    assert.deepEqual(run('dockerfile-shell-form-cmd', 'FROM a AS base\nSHELL ["pwsh", "-c"]\nFROM base\nCMD Write-Host hi\n'), []);
  });
});

describe('dockerfile-undefined-var', () => {
  it('reports typos, global ARGs inside a stage and names the same ENV sets', () => {
    const f = run('dockerfile-undefined-var', 'ARG G=1\nFROM a\nENV HOME_DIR=/h\nWORKDIR $HOME_DIRR\nENV X=$G\nENV P=1 Q=$P\n');
    assert.deepEqual(f.map((x) => [x.id, x.text]), [['typo', '$HOME_DIRR'], ['globalArg', '$G'], ['sameEnv', '$P']]);
  });
  it('leaves base-image variables, declared ARGs, defaults and shell-expanded instructions alone', () => {
    assert.deepEqual(run('dockerfile-undefined-var', 'FROM php:8\nARG V\nENV A=$PHPIZE_DEPS B=${V} C=${NOPE:-x} LD_LIBRARY_PATH=/x:$LD_LIBRARY_PATH\nRUN echo $NOPE\nCMD echo $NOPE\n'), []);
  });
  it('reports every unknown name in a stage built from scratch', () => {
    assert.deepEqual(run('dockerfile-undefined-var', 'FROM scratch\nCOPY --chown=$APP_UID app /app\n').map((x) => [x.id, x.text]), [['undefined', '$APP_UID']]);
  });
});

describe('dockerfile-from-arg-undefined', () => {
  it('resolves chained global defaults and stage names before judging a FROM', () => {
    assert.deepEqual(run('dockerfile-from-arg-undefined', 'ARG R=quay.io\nARG B=$R/org/img:1\nARG V=x\nFROM $B\nFROM --platform=$BUILDPLATFORM a AS s-x\nFROM s-$V\n'), []);
  });
  it('reports an undeclared ARG and an empty default; a stage ARG does not count for FROM', () => {
    assert.deepEqual(run('dockerfile-from-arg-undefined', 'FROM a AS s-x\nARG V=x\nFROM s-$V\n').map((f) => f.id), ['undeclaredBlank']);
    assert.deepEqual(run('dockerfile-from-arg-undefined', 'FROM node:22${VARIANT}\n').map((f) => f.id), ['undeclared']);
    assert.deepEqual(run('dockerfile-from-arg-undefined', 'ARG BASE\nFROM $BASE\n').map((f) => f.id), ['invalidDefault']);
  });
});

describe('dockerfile-expose-invalid', () => {
  it('gives each EXPOSE problem its severity', () => {
    assert.deepEqual(run('dockerfile-expose-invalid', 'FROM a\nEXPOSE 80/TCP 8080:80 99999 53/icmp 1-2/udp\n').map((f) => [f.id, f.text, f.severity]), [
      ['protoCase', 'TCP', 'info'],
      ['mapping', '8080:80', 'warning'],
      ['range', '99999', 'error'],
      ['proto', 'icmp', 'error'],
    ]);
  });
});

describe('dockerfile-keyword-casing', () => {
  it('follows the majority and keeps AS in step with the fixed FROM', () => {
    const f = run('dockerfile-keyword-casing', 'from a as b\nrun x\nFROM b AS c\n');
    assert.deepEqual(f.map((x) => [x.text, x.fixed?.split('\n')[2]]), [['FROM', 'from b AS c'], ['AS', 'FROM b as c']]);
  });
});
