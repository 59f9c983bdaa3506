// Inline suppression: `# shipshape-ignore <rule-id>` on the line above, stacked comments, and unused ignores.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findSuppressions } from '../../server/src/engine/suppress';
import { defineRule, type Rule } from '../../server/src/model/rule';
import { applyFirstFix, lintFiles } from '../helpers';

/** Two test rules on compose files: one flags every `BAD`, the other every `WORSE`. */
function wordRule(id: string, word: string): Rule {
  return defineRule({
    meta: { id, kinds: ['compose', 'systemd-unit', 'ci'], scope: 'file', severity: 'warning', summary: `flags ${word} for the tests`, type: 'problem', fix: 'none', messages: { found: `found ${word}` } },
    check(ctx) {
      const re = new RegExp(word, 'g');
      let m: RegExpExecArray | null;
      while ((m = re.exec(ctx.file.text))) ctx.report({ messageId: 'found', range: { start: m.index, end: m.index + word.length } });
    },
  });
}
const rules = [wordRule('test-bad', 'BAD'), wordRule('test-worse', 'WORSE')];
const lint = (path: string, text: string, config = {}) => lintFiles({ [path]: text }, { rules, config }).findings.map((f) => `${f.line}:${f.column} ${f.ruleId} ${f.severity}`);

describe('findSuppressions', () => {
  it('reads rule ids, separators, reasons and the bare form', () => {
    const text = ['# shipshape-ignore test-bad, test-worse -- migrating next sprint', 'a', '  #shipshape-ignore test-bad test-worse', 'b', '# shipshape-ignore', 'c', '# shipshape-ignored test-bad', 'd: x # shipshape-ignore test-bad', 'e'].join('\n');
    const s = findSuppressions(text, ['#']);
    assert.deepEqual(
      s.map((x) => [x.line, x.target, x.ruleIds]),
      [
        [0, 1, ['test-bad', 'test-worse']],
        [2, 3, ['test-bad', 'test-worse']],
        [4, 5, []],
      ],
    );
    assert.equal(text.slice(s[1].range.start, s[1].range.end), '#shipshape-ignore test-bad test-worse');
  });

  it('uses only the comment syntax of the file kind', () => {
    const text = '; shipshape-ignore test-bad\nx\n// shipshape-ignore test-bad\ny\n# shipshape-ignore test-bad\nz\n';
    assert.deepEqual(findSuppressions(text, ['#', ';']).map((s) => s.line), [0, 4]);
    assert.deepEqual(findSuppressions(text, ['//']).map((s) => s.line), [2]);
    assert.deepEqual(findSuppressions(text, []), []);
  });

  it('points stacked comments at the first line after the stack', () => {
    const text = '# shipshape-ignore test-bad\n# shipshape-ignore test-worse\nBAD WORSE\n';
    assert.deepEqual(findSuppressions(text, ['#']).map((s) => s.target), [2, 2]);
  });

  it('reads CRLF files', () => {
    assert.deepEqual(findSuppressions('# shipshape-ignore test-bad\r\nBAD\r\n', ['#']).map((s) => [s.target, s.ruleIds]), [[1, ['test-bad']]]);
  });
});

describe('suppression in a lint', () => {
  it('silences the named rule on the next line only', () => {
    const text = 'services:\n  # shipshape-ignore test-bad\n  a: BAD WORSE\n  b: BAD\n';
    assert.deepEqual(lint('compose.yaml', text), ['3:10 test-worse warning', '4:6 test-bad warning']);
  });

  it('silences every rule with a bare comment, and several with stacked ones', () => {
    assert.deepEqual(lint('compose.yaml', '# shipshape-ignore\nBAD WORSE\n'), []);
    assert.deepEqual(lint('compose.yaml', '# shipshape-ignore test-bad\n# shipshape-ignore test-worse -- both known\nBAD WORSE\n'), []);
    assert.deepEqual(lint('docker.service', '[Service]\n; shipshape-ignore test-bad\nExecStart=BAD\n'), []);
    assert.deepEqual(lint('Jenkinsfile', "// shipshape-ignore test-bad\nsh 'BAD'\n"), []);
  });

  it('reports an ignore comment that silences nothing, with a fix that removes its line', () => {
    const text = 'services:\n  # shipshape-ignore test-worse\n  a: BAD\n  # shipshape-ignore test-bad\n\n  b: BAD\n';
    const { findings } = lintFiles({ 'compose.yaml': text }, { rules });
    assert.deepEqual(
      findings.map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.ruleId} ${f.severity} ${f.tags.join(',')}`),
      ['2:3-2:32 unused-suppression info unnecessary', '3:6-3:9 test-bad warning ', '4:3-4:30 unused-suppression info unnecessary', '6:6-6:9 test-bad warning '],
    );
    const unused = findings.find((f) => f.ruleId === 'unused-suppression')!;
    assert.match(unused.message, /silences nothing on the next line \(test-worse\)/);
    assert.equal(applyFirstFix(unused, text), 'services:\n  a: BAD\n  # shipshape-ignore test-bad\n\n  b: BAD\n');
  });

  it('honours severities for unused-suppression, and off', () => {
    const text = '# shipshape-ignore test-worse\nBAD\n';
    assert.deepEqual(lint('compose.yaml', text, { rules: { 'unused-suppression': { severity: 'warning' } } }), ['1:1 unused-suppression warning', '2:1 test-bad warning']);
    assert.deepEqual(lint('compose.yaml', text, { rules: { 'unused-suppression': { severity: 'off' } } }), ['2:1 test-bad warning']);
  });

  it('cannot be written in daemon.json: a comment there is itself an error', () => {
    const { findings } = lintFiles({ 'etc/docker/daemon.json': '{\n  # shipshape-ignore daemon-unknown-key\n  "live_restore": true,\n  "log-opts": { "max-size": "10m" }\n}\n' });
    assert.deepEqual(findings.map((f) => `${f.line} ${f.ruleId}`), ['2 daemon-json-invalid', '3 daemon-unknown-key']);
  });
});
