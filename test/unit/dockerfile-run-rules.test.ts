// The package-manager, base-image and RUN shell rules: their options, and the shell-layer facts they lean on.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseShell } from '../../server/src/parsers/shell';
import { installOf, shellSets, familyOf } from '../../server/src/rules/dockerfile/_run';
import { registryOf } from '../../server/src/rules/dockerfile/dockerfile-untrusted-registry';
import { parseDockerfile } from '../../server/src/parsers/dockerfile';
import { Workspace } from '../../server/src/engine/workspace';
import { lintFiles } from '../helpers';

const ids = (text: string, only: string, options?: Record<string, unknown>) =>
  lintFiles({ Dockerfile: text }, { only, config: options ? { rules: { [only]: { options } } } : undefined }).findings.filter((f) => f.ruleId === only).map((f) => f.text);

describe('shell layer: the operator after each command', () => {
  it('records |, &&, ||, ; and line breaks', () => {
    const { commands } = parseShell('curl -fsSL x | tar -xz && make || exit 1; echo done\nls &');
    assert.deepEqual(commands.map((c) => [c.argv[0].text, c.next]), [['curl', '|'], ['tar', '&&'], ['make', '||'], ['exit', ';'], ['echo', '\n'], ['ls', '&']]);
  });
});

describe('package-manager table', () => {
  const words = (s: string) => parseShell(s).commands[0].argv;
  it('reads options before the subcommand and option values as values', () => {
    const apk = installOf(words('apk -X https://dl-cdn.alpinelinux.org/alpine/edge/main add --no-cache --virtual .build-deps lttng-ust=2.10.4-r0'))!;
    assert.equal(apk.sub.text, 'add');
    assert.deepEqual(apk.operands.map((w) => w.text), ['lttng-ust=2.10.4-r0']);
    const pip = installOf(words('python3 -m pip install -r requirements.txt --index-url https://x/simple flask'))!;
    assert.deepEqual(pip.operands.map((w) => w.text), ['flask']);
    assert.equal(installOf(words('npm run install')), undefined);
    assert.equal(installOf(words('npm ci')), undefined);
  });
  it('reads -e and -o pipefail in SHELL, clustered or not', () => {
    assert.ok(shellSets(['/bin/bash', '-eo', 'pipefail', '-c'], 'pipefail'));
    assert.ok(shellSets(['/bin/bash', '-o', 'errexit', '-o', 'pipefail', '-c'], 'e'));
    assert.ok(shellSets(['/bin/sh', '-ex', '-c'], 'e'));
    assert.ok(!shellSets(['/bin/sh', '-c'], 'pipefail'));
  });
  it('tells the distribution from the package manager a stage uses, then from the image', () => {
    const ws = new Workspace('/ws');
    const m = parseDockerfile('FROM mycorp/base:1\nRUN apt-get update\nFROM python:3.12-alpine AS a\nFROM a\nFROM fedora:41\nFROM mycorp/other:2\n');
    assert.deepEqual([0, 1, 2, 3, 4].map((i) => familyOf(ws, m, i)), ['debian', 'alpine', 'alpine', 'rhel', undefined]);
  });
});

describe('dockerfile-package-version-unpinned options', () => {
  const text = 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates=20230311 ./x.deb $EXTRA && rm -rf /var/lib/apt/lists/*\nRUN apk add --no-cache --virtual .build-deps gcc git~2.45\n';
  it('leaves distribution packages alone by default', () => {
    assert.deepEqual(ids(text, 'dockerfile-package-version-unpinned'), []);
  });
  it('checks them with systemPackages, pins, files, variables and virtual names excepted', () => {
    assert.deepEqual(ids(text, 'dockerfile-package-version-unpinned', { systemPackages: true }), ['curl', 'gcc']);
  });
});

describe('dockerfile-untrusted-registry options', () => {
  const text = 'FROM quay.io/centos/centos:stream9 AS a\nFROM ubuntu:24.04 AS b\nFROM a\nFROM scratch\n';
  it('is silent without trustedRegistries', () => {
    assert.deepEqual(ids(text, 'dockerfile-untrusted-registry'), []);
  });
  it('takes a list or a single string, with globs', () => {
    assert.deepEqual(ids(text, 'dockerfile-untrusted-registry', { trustedRegistries: ['docker.io'] }), ['quay.io/centos/centos:stream9']);
    assert.deepEqual(ids(text, 'dockerfile-untrusted-registry', { trustedRegistries: 'quay.io' }), ['ubuntu:24.04']);
    assert.deepEqual(ids(text, 'dockerfile-untrusted-registry', { trustedRegistries: ['*.io'] }), []);
  });
  it('reads the registry from the first path part only when it looks like a host', () => {
    assert.deepEqual(['ubuntu', 'bitnami/redis:7', 'localhost:5000/app', 'ghcr.io/o/r', 'docker.io/library/node'].map(registryOf), ['docker.io', 'docker.io', 'localhost:5000', 'ghcr.io', 'docker.io']);
  });
});

describe('RUN rules read heredoc bodies', () => {
  it('finds bash syntax and a missing -y inside RUN <<EOF', () => {
    const text = '# syntax=docker/dockerfile:1\nFROM debian:bookworm-slim\nRUN <<EOF\napt-get update\napt-get install curl\nsource /etc/os-release\nEOF\n';
    assert.deepEqual(ids(text, 'dockerfile-install-asks-confirmation'), ['apt-get install']);
    assert.deepEqual(ids(text, 'dockerfile-bashism-in-sh'), ['source']);
  });
});
