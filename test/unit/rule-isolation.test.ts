// A rule that throws is isolated: it becomes one internal-error finding naming it on the file it failed on and one
// notice, reported once however often the file is linted, and every other rule's findings are still there.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultConfig } from '../../server/src/engine/config';
import { INTERNAL_ERROR, Linter } from '../../server/src/engine/lint';
import { lintPaths } from '../../server/src/engine/project';
import { defineRule, type Rule } from '../../server/src/model/rule';
import { Workspace } from '../../server/src/engine/workspace';
import { allRules } from '../../server/src/rules';

const throwingFileRule = defineRule({
  meta: { id: 'test-throws-on-file', kinds: ['daemon-json'], scope: 'file', severity: 'error', summary: 'throws', type: 'problem', fix: 'none', messages: { x: 'x' } },
  check(ctx) {
    ctx.report({ messageId: 'x', range: { start: 0, end: 1 } }); // reported before the crash: must not leak out
    throw new TypeError("Cannot read properties of undefined (reading 'children')");
  },
});

const throwingWorkspaceRule = defineRule({
  meta: { id: 'test-throws-on-workspace', kinds: ['daemon-json', 'systemd-unit'], scope: 'workspace', severity: 'error', summary: 'throws', type: 'problem', fix: 'none', messages: { x: 'x' } },
  check() {
    throw new RangeError('Maximum call stack size exceeded');
  },
});

/** A rule that reports a message id its meta does not have: a programming error, caught the same way. */
const badReportRule = defineRule({
  meta: { id: 'test-bad-report', kinds: ['daemon-json'], scope: 'file', severity: 'error', summary: 'bad', type: 'problem', fix: 'none', messages: { x: 'x' } },
  check(ctx) {
    ctx.report({ messageId: 'nope', range: { start: 0, end: 1 } });
  },
});

const DAEMON = '{\n  "graph": "/var/lib/docker",\n  "live-restore": true,\n}\n';

function lintOnce(extra: Rule[]) {
  const ws = new Workspace('/ws');
  ws.set('/ws/etc/docker/daemon.json', DAEMON);
  const linter = new Linter(ws, defaultConfig(), [...allRules, ...extra]);
  return { ws, linter, result: linter.lint() };
}

describe('a rule that throws', () => {
  const baseline = lintOnce([]).result.findings;

  it('the baseline has findings from several rules', () => {
    assert.ok(new Set(baseline.map((f) => f.ruleId)).size >= 2, JSON.stringify(baseline.map((f) => f.ruleId)));
    assert.ok(!baseline.some((f) => f.ruleId === INTERNAL_ERROR));
  });

  for (const rule of [throwingFileRule, throwingWorkspaceRule, badReportRule]) {
    it(`${rule.meta.id}: one internal-error finding naming it, one notice, the other rules' findings intact`, () => {
      const { ws, linter, result } = lintOnce([rule]);
      const internal = result.findings.filter((f) => f.ruleId === INTERNAL_ERROR);
      assert.equal(internal.length, 1, JSON.stringify(internal));
      assert.equal(internal[0].data?.rule, rule.meta.id);
      assert.match(internal[0].message, new RegExp(`rule ${rule.meta.id} failed`));
      assert.equal(internal[0].file, '/ws/etc/docker/daemon.json');
      assert.equal(internal[0].severity, 'warning');
      assert.ok(!result.findings.some((f) => f.ruleId === rule.meta.id), 'findings reported before the crash are dropped');
      assert.deepEqual(result.findings.filter((f) => f.ruleId !== INTERNAL_ERROR), baseline);
      assert.equal(result.notices.length, 1);
      assert.match(result.notices[0].message, new RegExp(`^rule ${rule.meta.id} failed and was skipped: .+`));

      // Linted again (an edit, then no change): still one finding and one notice, not one more per run.
      ws.set('/ws/etc/docker/daemon.json', DAEMON + '\n');
      linter.lint();
      const again = linter.lint();
      assert.equal(again.findings.filter((f) => f.ruleId === INTERNAL_ERROR).length, 1);
      assert.equal(again.notices.length, 1);
    });
  }

  it('two rules that throw are two findings and two notices, each naming its rule', () => {
    const { result } = lintOnce([throwingFileRule, throwingWorkspaceRule]);
    assert.deepEqual(result.findings.filter((f) => f.ruleId === INTERNAL_ERROR).map((f) => f.data?.rule).sort(), ['test-throws-on-file', 'test-throws-on-workspace']);
    assert.equal(result.notices.length, 2);
    assert.deepEqual(result.findings.filter((f) => f.ruleId !== INTERNAL_ERROR), baseline);
  });

  it('the CLI-facing run (lintPaths) carries the notice', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-isolation-'));
    try {
      fs.mkdirSync(path.join(dir, 'etc', 'docker'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'etc', 'docker', 'daemon.json'), DAEMON);
      const run = await lintPaths([dir], { rules: [...allRules, throwingFileRule] });
      assert.equal(run.findings.filter((f) => f.ruleId === INTERNAL_ERROR).length, 1);
      assert.ok(run.notices.some((n) => /rule test-throws-on-file failed and was skipped/.test(n.message)));
      assert.ok(run.findings.some((f) => f.ruleId !== INTERNAL_ERROR));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
