// hadolint's pragmas and .hadolint.yaml, BuildKit's `# check=` directive: honoured through the rules' meta.peers.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defineRule, type Rule } from '../../server/src/model/rule';
import { parseHadolintConfig } from '../../server/src/engine/hadolint-config';
import { lintPaths } from '../../server/src/engine/project';
import { lintFiles } from '../helpers';

/** Flags every RUN (peers DL3059 + a BuildKit check), and every FROM (DL3026, reading the trustedRegistries option). */
const runRule = defineRule({
  meta: { id: 'test-run', kinds: ['dockerfile'], scope: 'file', severity: 'warning', summary: 'flags every RUN for the tests', type: 'problem', fix: 'none', messages: { m: 'a RUN' }, peers: { hadolint: ['DL3059'], buildkit: ['JSONArgsRecommended'] } },
  check(ctx) {
    for (const i of ctx.parse('dockerfile').instructions) if (i.keyword === 'RUN') ctx.report({ messageId: 'm', range: i.keywordSpan });
  },
});
const fromRule = defineRule({
  meta: { id: 'test-from', kinds: ['dockerfile'], scope: 'file', severity: 'error', summary: 'flags every FROM for the tests', type: 'problem', fix: 'none', messages: { m: 'trusted: {trusted}' }, peers: { hadolint: ['DL3026'] }, options: { trustedRegistries: { description: 'registries', default: [] } } },
  check(ctx) {
    for (const s of ctx.parse('dockerfile').stages) ctx.report({ messageId: 'm', data: { trusted: JSON.stringify(ctx.options.trustedRegistries) }, range: s.from.instruction.keywordSpan });
  },
});
const rules: Rule[] = [fromRule, runRule];
const lint = (text: string, config = {}) => lintFiles({ Dockerfile: text }, { rules, config }).findings.map((f) => `${f.line} ${f.ruleId} ${f.severity}`);

describe('hadolint pragmas', () => {
  it('silences the next instruction, all its lines, and lets a reason follow', () => {
    const text = 'FROM debian\n# hadolint ignore=DL3059 # one RUN on purpose\nRUN a \\\n  && b\nRUN c\n';
    assert.deepEqual(lint(text), ['1 test-from error', '5 test-run warning']);
  });

  it('accepts several codes, SC codes among them, and ignores codes no rule covers', () => {
    assert.deepEqual(lint('FROM debian\n# hadolint ignore=SC2086,DL3059\nRUN a\n# hadolint ignore=DL9999\nRUN b\n'), ['1 test-from error', '5 test-run warning']);
  });

  it('silences the whole file with global ignore', () => {
    assert.deepEqual(lint('# hadolint global ignore=DL3059,DL3026\nFROM debian\nRUN a\nRUN b\n'), []);
  });

  it('does not read a pragma inside an instruction (a comment in a continuation)', () => {
    assert.deepEqual(lint('FROM debian\nRUN a \\\n# hadolint ignore=DL3059\n  && b\nRUN c\n'), ['1 test-from error', '2 test-run warning', '5 test-run warning']);
  });

  it('applies to an ONBUILD trigger as to the ONBUILD', () => {
    assert.deepEqual(lint('FROM debian\n# hadolint ignore=DL3059\nONBUILD RUN a\n'), ['1 test-from error']);
  });
});

describe('BuildKit check directive', () => {
  it('skip=<check> silences the rule covering it; other rules stay', () => {
    assert.deepEqual(lint('# check=skip=JSONArgsRecommended\nFROM debian\nRUN a\n'), ['2 test-from error']);
    assert.deepEqual(lint('# check=skip=all\nFROM debian\nRUN a\n'), ['2 test-from error']);
    assert.deepEqual(lint('# check=skip=StageNameCasing\nFROM debian\nRUN a\n'), ['2 test-from error', '3 test-run warning']);
  });

  it('error=true makes the covered rules errors', () => {
    assert.deepEqual(lint('# check=error=true\nFROM debian\nRUN a\n'), ['2 test-from error', '3 test-run error']);
    assert.deepEqual(lint('# syntax=docker/dockerfile:1\n# check=skip=StageNameCasing;error=true\nFROM debian\nRUN a\n'), ['3 test-from error', '4 test-run error']);
  });
});

describe('.hadolint.yaml', () => {
  it('reads ignored, override, trustedRegistries and disable-ignore-pragma, with notices for bad values', () => {
    const { settings, notices } = parseHadolintConfig('failure-threshold: warning\nignored: [DL3059, sc2086]\noverride:\n  style: [DL3026]\n  fatal: [DL3000]\ntrustedRegistries: docker.io\ndisable-ignore-pragma: true\n', '/p/.hadolint.yaml');
    assert.deepEqual(settings.ignored, ['DL3059', 'SC2086']);
    assert.deepEqual(settings.override, { DL3026: 'hint' });
    assert.deepEqual(settings.trustedRegistries, ['docker.io']);
    assert.equal(settings.disableIgnorePragma, true);
    assert.deepEqual(notices.map((n) => n.message), ['hadolint override: "fatal" is not one of error, warning, info, style']);
    assert.equal(parseHadolintConfig('ignored: [', 'x').notices.length, 1);
  });

  it('is applied to the rules covering the codes, the shipshape config winning on severity', () => {
    const hadolint = parseHadolintConfig('ignored: [DL3059]\noverride:\n  info: [DL3026]\ntrustedRegistries: ["*.gcr.io", docker.io]\n', 'x').settings;
    assert.deepEqual(lint('FROM debian\nRUN a\n', { hadolint }), ['1 test-from info']);
    const msg = lintFiles({ Dockerfile: 'FROM debian\n' }, { rules, config: { hadolint } }).findings[0].message;
    assert.equal(msg, 'trusted: ["*.gcr.io","docker.io"]');
    assert.deepEqual(lint('FROM debian\n', { hadolint, rules: { 'test-from': { severity: 'warning' } } }), ['1 test-from warning']);
    const off = parseHadolintConfig('disable-ignore-pragma: true\n', 'x').settings;
    assert.deepEqual(lint('FROM debian\n# hadolint ignore=DL3059\nRUN a\n', { hadolint: off }), ['1 test-from error', '3 test-run warning']);
  });

  it('is read from the workspace root by a lint run', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-hadolint-'));
    try {
      fs.writeFileSync(path.join(dir, '.hadolint.yml'), 'ignored:\n  - DL3042\n  - DL3013\n  - DL3015\n');
      fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM python:3.13-slim\nRUN pip install requests\nRUN apt-get update && apt-get install -y curl\nUSER nobody\n');
      fs.writeFileSync(path.join(dir, '.dockerignore'), '.git\n');
      const run = await lintPaths([dir]);
      // package-cache-left covers DL3042 and DL3009: only its pip finding is silenced; DL3013 and DL3015 silence the
      // pinning and recommends rules.
      assert.deepEqual(
        run.findings.map((f) => `${f.ruleId} ${f.message.slice(0, 16)}`),
        ['package-cache-left `apt-get update`'],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
