// Dockerfile parser and RUN script extraction: offsets, continuations, escape directive, heredocs, stages, ARGs.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDockerfile, substitute } from '../../server/src/parsers/dockerfile';
import { toHostSpan, type EmbeddedScript } from '../../server/src/core/embedded';
import { scriptsOf } from '../../server/src/model/scripts';
import { splitCommands } from '../../server/src/rules/dockerfile/_commands';
import { parseImageRef } from '../../server/src/rules/dockerfile/_image';
import { eolReleaseOf } from '../../server/src/rules/dockerfile/eol-base-image';
import { measureContext } from '../../server/src/rules/dockerfile/build-context-without-dockerignore';
import { nodeHostFs } from '../../server/src/engine/workspace';
import { lintFiles } from '../helpers';
import { DockerfileParser } from 'dockerfile-ast';
import { LineIndex } from '../../server/src/core/text';
import { variablesAt, resolveAt, stageNamed } from '../../server/src/rules/dockerfile/_stages';

/** Every script character maps back to the same character in the host text. */
function assertFaithful(host: string, s: EmbeddedScript) {
  for (let i = 0; i < s.text.length; i++) {
    if (s.text[i] === '\n') continue; // heredoc line breaks may come from \r\n
    assert.equal(host[s.offsets[i]], s.text[i], `script[${i}] ${JSON.stringify(s.text[i])} maps to host ${JSON.stringify(host[s.offsets[i]])}`);
  }
}

function scripts(text: string): EmbeddedScript[] {
  return parseDockerfile(text).runs.flatMap((r) => (r.script ? [r.script] : []));
}

describe('dockerfile parser', () => {
  it('joins continuations, drops comment and blank lines inside them, and skips flags', () => {
    const text = 'FROM debian:bookworm\nRUN --mount=type=cache,target=/var/cache/apt \\\n    apt-get update && \\\n    # a comment\n\n    apt-get install -y curl\n';
    const [s] = scripts(text);
    assert.equal(s.text, 'apt-get update &&     apt-get install -y curl');
    assert.equal(s.context, 'dockerfile');
    assertFaithful(text, s);
    const at = s.text.indexOf('curl');
    const span = toHostSpan(s, { start: at, end: at + 4 });
    assert.equal(text.slice(span.start, span.end), 'curl');
  });

  it('honours the escape directive', () => {
    const text = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo a `\n  && echo b\\c\n';
    const m = parseDockerfile(text);
    assert.equal(m.escape, '`');
    const [s] = scripts(text);
    assert.equal(s.text, 'echo a   && echo b\\c');
    assertFaithful(text, s);
  });

  it('keeps a trailing backslash-backslash line as a continuation, as the builder does', () => {
    const text = 'FROM alpine:3.22\nRUN echo one \\  \n two\n';
    const [s] = scripts(text);
    assert.equal(s.text, 'echo one  two');
    assertFaithful(text, s);
  });

  it('reads `RUN <<EOF` bodies as the script and keeps other heredocs verbatim', () => {
    const text = 'FROM alpine:3.22\nRUN <<EOF\nset -e\napk add --no-cache curl\nEOF\nRUN cat <<EOT > /etc/motd && echo done\nhello\nEOT\nRUN <<EOF\n#!/usr/bin/env python3\nprint("hi")\nEOF\n';
    const [a, b, ...rest] = scripts(text);
    assert.equal(a.text, 'set -e\napk add --no-cache curl');
    assertFaithful(text, a);
    assert.equal(b.text, 'cat <<EOT > /etc/motd && echo done\nhello\nEOT');
    assertFaithful(text, b);
    assert.equal(rest.length, 0, 'a python heredoc is not shell');
  });

  it('handles CRLF files', () => {
    const text = 'FROM alpine:3.22\r\nRUN apk add \\\r\n  curl\r\nUSER app\r\n';
    const [s] = scripts(text);
    assert.equal(s.text, 'apk add   curl');
    assertFaithful(text, s);
  });

  it('gives no script for exec form, or for a non-sh SHELL', () => {
    const text = 'FROM alpine:3.22\nRUN ["apk", "add", "curl"]\nSHELL ["pwsh", "-Command"]\nRUN Write-Host hi\n';
    const m = parseDockerfile(text);
    assert.equal(m.runs.length, 2);
    assert.equal(m.runs[0].execForm, true);
    assert.equal(m.runs[0].script, undefined);
    assert.equal(m.runs[1].script, undefined);
  });

  it('reads no scripts when # syntax names another frontend', () => {
    const m = parseDockerfile('# syntax=example.com/other/frontend:1\nFROM alpine:3.22\nRUN echo hi\n');
    assert.equal(m.dockerfileSyntax, false);
    assert.equal(m.runs[0].script, undefined);
    assert.equal(parseDockerfile('# syntax=docker/dockerfile:1.7\nFROM alpine\nRUN echo\n').dockerfileSyntax, true);
  });

  it('groups stages, resolves ARG defaults in FROM and finds stage references', () => {
    const text = 'ARG GO=1.23\nARG BASE\nFROM golang:${GO}-bookworm AS Build\nRUN go build\nFROM build AS test\nFROM ${BASE:-gcr.io/distroless/static-debian12:nonroot}\nFROM $BASE\n';
    const m = parseDockerfile(text);
    assert.equal(m.stages.length, 4);
    assert.equal(m.stages[0].from.resolved, 'golang:1.23-bookworm');
    assert.equal(m.stages[0].from.name, 'build');
    assert.equal(m.stages[1].from.baseStage, 0);
    assert.equal(m.stages[2].from.resolved, 'gcr.io/distroless/static-debian12:nonroot');
    assert.equal(m.stages[3].from.resolved, undefined);
    assert.equal(m.stages[0].instructions.length, 2);
    const img = m.stages[0].from.image!;
    assert.equal(text.slice(img.span.start, img.span.end), 'golang:${GO}-bookworm');
  });

  it('registers the RUN scripts for the shell rules', () => {
    const { workspace } = lintFiles({ 'app/Dockerfile': 'FROM alpine:3.22\nRUN docker exec -it db \\\n  sh\nRUN ["true"]\n' });
    const file = workspace.get('/ws/app/Dockerfile')!;
    const list = scriptsOf(file, workspace);
    assert.deepEqual(list.map((s) => [s.context, s.text]), [['dockerfile', 'docker exec -it db   sh']]);
    const at = list[0].text.indexOf('-it');
    const span = toHostSpan(list[0], { start: at, end: at + 3 });
    assert.equal(file.text.slice(span.start, span.end), '-it');
  });

  it('never throws on garbage', () => {
    for (const t of ['', '\\', 'RUN', 'FROM', 'RUN <<', 'RUN <<EOF\n', '# escape=x\nRUN a\\\n', '\u0000\uffff', 'FROM a\nRUN ["x",\n', 'COPY --from= . .']) {
      assert.doesNotThrow(() => parseDockerfile(t));
      assert.doesNotThrow(() => lintFiles({ Dockerfile: t }));
    }
  });

  it('substitutes variables the way the builder does', () => {
    const vars = new Map<string, string | undefined>([['A', 'x'], ['E', ''], ['U', undefined]]);
    assert.equal(substitute('$A-${A}', vars), 'x-x');
    assert.equal(substitute('${E:-d}|${E-d}|${U:-d}', vars), 'd||d');
    assert.equal(substitute('${A:+y}${E:+y}', vars), 'y');
    assert.equal(substitute('${U}', vars), undefined);
  });
});

describe('dockerfile model: every instruction', () => {
  it('splits arguments and flags exactly as dockerfile-ast does', () => {
    const text = [
      'FROM --platform=$BUILDPLATFORM golang:1.23\tAS build',
      'COPY a--b --from=build /x /y',
      'COPY --chmod=755 --link --from=build /out/app /app  ',
      'ADD --checksum=sha256:abc https://e.x/a.tgz /a',
      'HEALTHCHECK --interval=5s --timeout=3s CMD curl -f http://localhost/ || exit 1',
      'RUN --mount=type=cache,target=/root/.cache/pip --network=none pip install -r r.txt',
      'RUN --mount=type=secret,id=x',
      'CMD ["node", "server.js"]',
      'ENTRYPOINT --x y',
      'ENV A="x y" B=\'1 2\'',
      'ENV LEGACY value with words',
      'LABEL a=b',
      'EXPOSE 80/tcp 443',
      'USER',
      'RUN apt-get update && \\',
      '    apt-get install -y curl',
      'WORKDIR /app',
      '',
    ].join('\n');
    const idx = new LineIndex(text);
    const sp = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) => ({ start: idx.offsetAt(r.start), end: idx.offsetAt(r.end) });
    const ours = parseDockerfile(text).instructions;
    const theirs = DockerfileParser.parse(text).getInstructions();
    assert.equal(ours.length, theirs.length);
    theirs.forEach((ins, k) => {
      assert.deepEqual(ours[k].args, ins.getArguments().map((a) => ({ text: a.getValue(), span: sp(a.getRange()) })), `args of line ${k + 1}`);
      const flags = ((ins as unknown as { getFlags?: () => { getName(): string; getValue(): string | null; getRange(): Parameters<typeof sp>[0] }[] }).getFlags?.() ?? []).map((f) => ({ name: f.getName(), value: f.getValue() ?? undefined, span: sp(f.getRange()) }));
      assert.deepEqual(ours[k].flags, flags, `flags of line ${k + 1}`);
    });
  });

  it('lists ONBUILD triggers as their instruction, with ranges inside the ONBUILD', () => {
    const text = 'FROM debian\nONBUILD RUN --mount=type=cache,target=/x apt-get update\nONBUILD COPY . /app\n';
    const m = parseDockerfile(text);
    const inner = m.instructions.filter((i) => i.onbuild);
    assert.deepEqual(inner.map((i) => [i.keyword, text.slice(i.span.start, i.span.end), i.flags.map((f) => f.name)]), [
      ['RUN', 'RUN --mount=type=cache,target=/x apt-get update', ['mount']],
      ['COPY', 'COPY . /app', []],
    ]);
    assert.equal(m.runs.length, 1);
    assert.equal(m.runs[0].script?.text, 'apt-get update');
    assert.deepEqual(m.stages[0].instructions.map((i) => i.keyword), ['FROM', 'ONBUILD', 'RUN', 'ONBUILD', 'COPY']);
  });

  it('reads COPY heredocs as files: the body is not an argument', () => {
    const text = 'FROM debian\nCOPY <<EOF /etc/app.conf\nkey = $VALUE\nEOF\n';
    const copy = parseDockerfile(text).instructions[1];
    assert.deepEqual(copy.args.map((a) => a.text), ['<<EOF', '/etc/app.conf']);
    assert.equal(copy.heredocs.length, 1);
    assert.equal(copy.heredocs[0].name, 'EOF');
    assert.equal(text.slice(copy.heredocs[0].content!.start, copy.heredocs[0].content!.end), 'key = $VALUE');
  });

  it('reads the # check= directive and hadolint pragmas', () => {
    const text = '# syntax=docker/dockerfile:1\n# check=skip=JSONArgsRecommended,StageNameCasing;error=true\n# hadolint global ignore=DL3006\nFROM debian\n# hadolint ignore=DL3008,SC2086 # pinned elsewhere\nRUN apt-get install -y curl\n';
    const p = parseDockerfile(text).pragmas;
    assert.deepEqual(p.checkSkip, ['JSONArgsRecommended', 'StageNameCasing']);
    assert.equal(p.checkError, true);
    assert.deepEqual(p.hadolintGlobal, ['DL3006']);
    assert.deepEqual(p.hadolintNext.map((n) => [n.codes, text.slice(n.span.start, n.span.end)]), [[['DL3008', 'SC2086'], 'RUN apt-get install -y curl']]);
    assert.equal(parseDockerfile('# check=skip=all\nFROM x\n').pragmas.checkSkip, 'all');
  });

  it('resolves ARG and ENV values through stage scope', () => {
    const text = ['ARG BASE_UID=1000', 'ARG ONLY_GLOBAL=7', 'FROM debian AS base', 'ENV HOME_DIR=/srv APP=${HOME_DIR}/app', 'ARG BASE_UID', 'FROM base AS app', 'ARG STAGE_ONLY', 'ENV LEGACY value', 'RUN x', ''].join('\n');
    const m = parseDockerfile(text);
    const run = m.runs[0];
    const vars = variablesAt(m, run);
    assert.equal(vars.get('HOME_DIR'), '/srv');
    assert.equal(vars.get('APP'), undefined, 'ENV a=1 b=$a reads the value before the instruction');
    assert.equal(vars.get('LEGACY'), 'value');
    assert.equal(vars.has('BASE_UID'), false, 'ARGs do not cross stages');
    assert.equal(vars.has('ONLY_GLOBAL'), false, 'a global ARG is visible only when declared again');
    assert.equal(vars.get('STAGE_ONLY'), undefined);
    assert.equal(resolveAt(m, run, '${HOME_DIR}/x-${MISSING:-d}'), '/srv/x-d');
    assert.equal(resolveAt(m, run, '$STAGE_ONLY'), undefined);
    assert.equal(variablesAt(m, m.stages[0].instructions[2]).get('BASE_UID'), undefined);
    assert.equal(variablesAt(m, m.stages[1].instructions[0]).size, 2);
    assert.equal(stageNamed(m, 'BASE')?.index, 0);
    assert.equal(stageNamed(m, '1'), m.stages[1]);
    assert.equal(stageNamed(m, 'app', 1), undefined);
  });
});

describe('RUN word splitter', () => {
  it('splits commands on operators and keeps quoted words whole', () => {
    const cmds = splitCommands(`DEBIAN_FRONTEND=noninteractive apt-get install -y "a b" && sudo useradd -u 1 x; if true; then echo 'c;d' | tee /x 2>&1; fi`);
    assert.deepEqual(
      cmds.map((c) => c.words.map((w) => w.value)),
      [['apt-get', 'install', '-y', 'a b'], ['useradd', '-u', '1', 'x'], ['true'], ['echo', 'c;d'], ['tee', '/x']],
    );
  });

  it('skips heredoc bodies and $(...)', () => {
    const cmds = splitCommands('cat <<-EOF > /etc/x\n\tyum install\n\tEOF\necho $(yum --version) done');
    assert.deepEqual(cmds.map((c) => c.words.map((w) => w.value)), [['cat'], ['echo', '$(yum --version)', 'done']]);
  });
});

describe('image references and end of life', () => {
  it('parses references', () => {
    assert.deepEqual(parseImageRef('docker.io/library/centos:centos6.9'), { repository: 'centos', tag: 'centos6.9', digest: undefined });
    assert.deepEqual(parseImageRef('localhost:5000/app'), { repository: 'localhost:5000/app', tag: 'latest', digest: undefined });
    assert.equal(parseImageRef('node@sha256:abc')?.tag, '');
  });

  it('knows the releases past end of life', () => {
    assert.equal(eolReleaseOf('centos', 'centos6.9')?.label, 'CentOS 6');
    assert.equal(eolReleaseOf('centos', '7.9.2009')?.label, 'CentOS 7');
    assert.equal(eolReleaseOf('centos', 'latest')?.label, 'CentOS 8');
    assert.equal(eolReleaseOf('debian', 'buster-slim')?.label, 'Debian 10 (buster)');
    assert.equal(eolReleaseOf('debian', '12-slim'), undefined);
    assert.equal(eolReleaseOf('ubuntu', '18.04')?.label, 'Ubuntu 18.04 (bionic)');
    assert.equal(eolReleaseOf('ubuntu', '24.04'), undefined);
    assert.equal(eolReleaseOf('alpine', '3.17.3')?.label, 'Alpine 3.17');
    assert.equal(eolReleaseOf('node', '16-alpine')?.label, 'Node.js 16');
    assert.equal(eolReleaseOf('node', '24-bookworm-slim'), undefined);
    assert.equal(eolReleaseOf('node', '24-bookworm-slim', '2028-05-01')?.label, 'Node.js 24');
    assert.equal(eolReleaseOf('python', '3.8-slim')?.label, 'Python 3.8');
    assert.equal(eolReleaseOf('python', '3.13-slim'), undefined);
    assert.equal(eolReleaseOf('python', '3.10-slim', '2026-10-30'), undefined);
    assert.equal(eolReleaseOf('python', '3.10-slim', '2026-10-31')?.label, 'Python 3.10');
    assert.equal(eolReleaseOf('python', '3.13-slim-buster')?.label, 'Debian 10 (buster)');
    assert.equal(eolReleaseOf('golang', '1.23-alpine3.17')?.label, 'Alpine 3.17');
    assert.equal(eolReleaseOf('someone/centos', '6'), undefined);
  });
});

describe('build context size', () => {
  it('counts what would be sent, leaving out what .dockerignore excludes (Docker pattern rules)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-ctx-'));
    try {
      fs.mkdirSync(path.join(dir, 'target/release'), { recursive: true });
      fs.mkdirSync(path.join(dir, 'src/node_modules/x'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'target/release/app'), Buffer.alloc(5000));
      fs.writeFileSync(path.join(dir, 'target/keep.txt'), 'k');
      fs.writeFileSync(path.join(dir, 'src/node_modules/x/i.js'), Buffer.alloc(700));
      fs.writeFileSync(path.join(dir, 'src/main.rs'), 'fn main() {}\n');
      const all = measureContext(nodeHostFs, dir, []);
      assert.equal(all.files, 4);
      assert.equal(all.bytes, 5000 + 1 + 700 + 13);
      assert.equal(all.heavy.get('target'), 5001);
      assert.equal(all.heavy.get('**/node_modules'), 700);
      const some = measureContext(nodeHostFs, dir, ['target', '!target/keep.txt', '**/node_modules']);
      assert.deepEqual([some.files, some.bytes], [2, 14]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports the real size of the context folder on COPY . without .dockerignore', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-ctx-'));
    try {
      fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM centos:centos6.9\nRUN yum install -y wget\nRUN useradd -u 123456789 app\nADD . /workspace/\n');
      fs.mkdirSync(path.join(dir, 'vendor'));
      fs.writeFileSync(path.join(dir, 'vendor/big.bin'), Buffer.alloc(2_400_000));
      const { lintPaths } = await import('../../server/src/engine/project');
      const run = await lintPaths([dir]);
      const byRule = new Map(run.findings.map((f) => [f.ruleId, f]));
      const text = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
      const at = (id: string) => { const f = byRule.get(id)!; return text.slice(f.range.start, f.range.end); };
      assert.equal(at('eol-base-image'), 'centos:centos6.9');
      assert.equal(at('package-cache-left'), 'yum install');
      assert.equal(at('useradd-without-no-log-init'), '-u 123456789');
      assert.equal(at('build-context-without-dockerignore'), '.');
      const size = 2_400_000 + Buffer.byteLength(text);
      assert.match(byRule.get('build-context-without-dockerignore')!.message, new RegExp(`this context is ${(size / 1e6).toFixed(1).replace('.', '\\.')} MB in 2 files, 2\\.4 MB of it in vendor`));
      assert.match(byRule.get('useradd-without-no-log-init')!.message, /36\.0 GB/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds the context above the Dockerfile when the files it copies are there', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-ctx-'));
    try {
      fs.mkdirSync(path.join(dir, 'docker'));
      fs.writeFileSync(path.join(dir, 'docker/Dockerfile'), 'FROM node:22-alpine\nWORKDIR /app\nCOPY package.json ./\nRUN npm install\nCOPY . .\nUSER node\n');
      fs.writeFileSync(path.join(dir, 'package.json'), '{}\n');
      fs.writeFileSync(path.join(dir, '.shipshape.yaml'), 'rules: {}\n');
      const { lintPaths } = await import('../../server/src/engine/project');
      const before = (await lintPaths([dir])).findings.filter((f) => f.ruleId === 'build-context-without-dockerignore');
      assert.equal(before.length, 1);
      assert.match(before[0].message, /the context \.\. \(where the files it copies are\) is/);
      assert.equal(before[0].fixes[0].edits[0].file, path.join(dir, '.dockerignore'));
      fs.writeFileSync(path.join(dir, '.dockerignore'), '.git\n');
      const after = (await lintPaths([path.join(dir, 'docker')], { configFile: path.join(dir, '.shipshape.yaml') })).findings.filter((f) => f.ruleId === 'build-context-without-dockerignore');
      assert.deepEqual(after, []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
