// Every rule against its fixtures: bad cases must give exactly the expected findings (rule, file, range), the
// fixes must produce the .fixed text and make the finding go away without new errors; good cases give nothing.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../server/src/rules';
import { lintPaths } from '../../server/src/engine/project';
import { applyPlan, planFixes } from '../../server/src/engine/fix';
import type { Finding } from '../../server/src/core/finding';
import { LineIndex } from '../../server/src/core/text';
import { caseFiles, listCases, readExpectations, type Expectation } from '../fixtures';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

function describeFinding(f: { file: string; ruleId: string; start: number; end: number }, text: string): string {
  const idx = new LineIndex(text);
  const p = idx.positionAt(f.start);
  return `${path.relative(FIXTURES, f.file)}:${p.line + 1}:${p.character + 1} ${f.ruleId} "${text.slice(f.start, f.end)}"`;
}

async function lintCase(casePath: string) {
  const files = caseFiles(casePath);
  const run = await lintPaths(files, { configFile: path.join(FIXTURES, '.shipshape.yaml') });
  return { files, run };
}

for (const rule of allRules) {
  const id = rule.meta.id;
  const dir = path.join(FIXTURES, id);
  describe(`rule ${id}`, () => {
    const bad = listCases(path.join(dir, 'bad'));
    const good = listCases(path.join(dir, 'good'));
    it('has firing and silent fixtures', () => {
      assert.ok(bad.length > 0, `test/fixtures/${id}/bad/ has no cases`);
      assert.ok(good.length > 0, `test/fixtures/${id}/good/ has no cases`);
    });

    for (const c of bad) {
      it(`bad/${path.basename(c)}`, async () => {
        const { files, run } = await lintCase(c);
        const texts = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
        const expected: Expectation[] = files.flatMap((f) => readExpectations(f, texts.get(f)!));
        assert.ok(expected.some((e) => e.ruleId === id), `${path.relative(FIXTURES, c)} expects no ${id} finding`);
        const checked = new Set([id, ...expected.map((e) => e.ruleId)]);
        const key = (f: { file: string; ruleId: string; start: number; end: number }) => describeFinding(f, texts.get(f.file) ?? '');
        const actual = run.findings.filter((f) => checked.has(f.ruleId)).map((f) => key({ file: f.file, ruleId: f.ruleId, start: f.range.start, end: f.range.end }));
        assert.deepEqual(actual.sort(), expected.map(key).sort());
        for (const f of run.findings.filter((x) => x.ruleId === id)) {
          assert.doesNotMatch(f.message, /\{\w+\}/, `message has an unfilled placeholder: ${f.message}`);
          for (const fix of f.fixes) assert.ok(fix.edits.length > 0, `fix "${fix.title}" has no edits`);
        }
        await checkFixes(id, c, files, texts, run.findings);
      });
    }

    for (const c of good) {
      it(`good/${path.basename(c)}`, async () => {
        const { files, run } = await lintCase(c);
        const texts = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
        const shown = run.findings.map((f) => `${describeFinding({ file: f.file, ruleId: f.ruleId, start: f.range.start, end: f.range.end }, texts.get(f.file) ?? '')}: ${f.message}`);
        assert.deepEqual(shown, []);
      });
    }
  });
}

async function checkFixes(id: string, casePath: string, files: string[], texts: Map<string, string>, findings: Finding[]) {
  const mine = findings.filter((f) => f.ruleId === id);
  const fixable = mine.filter((f) => f.fixes.length > 0);
  const fixedSidecars = files.filter((f) => fs.existsSync(f + '.fixed'));
  // A fix may create a file (e.g. .dockerignore): its expected text sits at <created>.fixed.
  const created = new Set(fixable.flatMap((f) => f.fixes[0].edits.map((e) => e.file)).filter((f) => !texts.has(f)));
  if (fixable.length === 0) {
    assert.equal(fixedSidecars.length, 0, `${path.relative(FIXTURES, casePath)} has .fixed files but ${id} offered no fix`);
    return;
  }
  assert.ok(fixedSidecars.length + created.size > 0, `${path.relative(FIXTURES, casePath)}: ${id} offers fixes but the case has no .fixed file`);
  // Apply the first fix of every finding of this rule (unsafe ones too: each is tested), as one plan.
  const plan = planFixes(
    mine.map((f) => ({ ...f, fixes: f.fixes.slice(0, 1) })),
    true,
  );
  const read = (f: string) => texts.get(f) ?? '';
  const after = applyPlan(plan, read);
  for (const f of [...fixedSidecars, ...created]) {
    const want = fs.readFileSync(f + '.fixed', 'utf8');
    assert.equal(after.get(f) ?? read(f), want, `fixing ${path.relative(FIXTURES, f)} does not give its .fixed text`);
  }
  // Re-lint the fixed files in a scratch copy: the fixed findings are gone and no new error appears.
  const tmp = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'shipshape-fix-'));
  try {
    const base = fs.statSync(casePath).isDirectory() ? casePath : path.dirname(casePath);
    const map = (f: string) => path.join(tmp, path.relative(base, f));
    const all = new Set([...files, ...created]);
    for (const f of all) {
      fs.mkdirSync(path.dirname(map(f)), { recursive: true });
      fs.writeFileSync(map(f), after.get(f) ?? read(f));
    }
    const rerun = await lintPaths([...all].map(map), { configFile: path.join(FIXTURES, '.shipshape.yaml') });
    const fixedKeys = new Set(plan.applied.map((a) => `${map(a.finding.file)}\0${a.finding.message}`));
    const left = rerun.findings.filter((f) => f.ruleId === id && fixedKeys.has(`${f.file}\0${f.message}`));
    assert.deepEqual(left.map((f) => f.message), [], 'fixed findings are still reported after the fix');
    const errorsBefore = findings.filter((f) => f.severity === 'error').length;
    const errorsAfter = rerun.findings.filter((f) => f.severity === 'error').length;
    assert.ok(errorsAfter <= errorsBefore - plan.applied.filter((a) => a.finding.severity === 'error').length, `the fix introduced new errors: ${rerun.findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId}: ${f.message}`).join('; ')}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
