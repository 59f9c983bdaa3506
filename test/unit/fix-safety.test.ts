// Every fix of every fixture, alone and all together: still parses, finding gone, no new error. Overlapping fixes
// are never planned together, and a deliberately broken fix is caught by the same check.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintPaths } from '../../server/src/engine/project';
import { planFixes } from '../../server/src/engine/fix';
import { spansOverlap } from '../../server/src/core/text';
import type { Finding } from '../../server/src/core/finding';
import { allRules } from '../../server/src/rules';
import { caseFiles, listCases } from '../fixtures';
import { checkFixes } from '../fix-safety';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

interface Case {
  name: string;
  dir: string;
  files: string[];
  findings: Finding[];
  kindOf: (f: string) => import('../../server/src/parsers/classify').FileKind | undefined;
}

async function casesWithFixes(): Promise<Case[]> {
  const out: Case[] = [];
  for (const rule of fs.readdirSync(FIXTURES).sort()) {
    for (const c of listCases(path.join(FIXTURES, rule, 'bad'))) {
      const files = caseFiles(c);
      const run = await lintPaths(files, { configFile: path.join(FIXTURES, '.shipshape.yaml') });
      if (!run.findings.some((f) => f.fixes.length)) continue;
      const dir = fs.statSync(c).isDirectory() ? c : path.dirname(c);
      out.push({ name: path.relative(FIXTURES, c), dir, files, findings: run.findings, kindOf: (f) => run.workspace.get(f)?.kind });
    }
  }
  return out;
}

describe('fix safety', async () => {
  const cases = await casesWithFixes();
  it('has fixtures with fixes to check', () => assert.ok(cases.length > 0));
  it('exercises every rule that has a fix', () => {
    const withFix = allRules.filter((r) => r.meta.fix !== 'none').map((r) => r.meta.id);
    const exercised = new Set(cases.flatMap((c) => c.findings.filter((f) => f.fixes.length).map((f) => f.ruleId)));
    console.log(`fix safety: ${withFix.length} rules with a fix, ${cases.length} fixture cases with fixes`);
    assert.ok(withFix.length > 0);
    assert.deepEqual(withFix.filter((id) => !exercised.has(id)), [], 'rules whose meta.fix is not none but no bad fixture produces a fix');
    // And the other way round: a fix from a rule whose meta says none would be refused by the engine anyway.
    assert.deepEqual([...exercised].filter((id) => !withFix.includes(id) && allRules.some((r) => r.meta.id === id)), []);
  });
  for (const c of cases) {
    it(`${c.name}: each fix alone`, async () => {
      const problems: string[] = [];
      for (const finding of c.findings) for (const fix of finding.fixes) problems.push(...(await checkFixes(c.dir, c.files, c.findings, [{ finding, fix }], c.kindOf)));
      assert.deepEqual(problems, []);
    });
    it(`${c.name}: all safe and unsafe fixes together`, async () => {
      const plan = planFixes(c.findings, true);
      for (const [, edits] of plan.edits) for (let i = 0; i < edits.length; i++) for (let j = i + 1; j < edits.length; j++) assert.ok(!spansOverlap(edits[i].range, edits[j].range), 'overlapping edits were planned together');
      assert.deepEqual(await checkFixes(c.dir, c.files, c.findings, plan.applied, c.kindOf), []);
    });
  }
  it('catches a deliberately broken fix', async () => {
    // A fix that edits only files shipshape lints: garbage in a file it does not read (a created .dockerignore) is invisible.
    const c = cases.find((x) => x.findings.some((f) => f.fixes.length && f.fixes[0].edits.length && f.fixes[0].edits.every((e) => x.kindOf(e.file) !== undefined)));
    assert.ok(c);
    const finding = c.findings.find((f) => f.fixes.length && f.fixes[0].edits.every((e) => c.kindOf(e.file) !== undefined))!;
    const fix = finding.fixes[0];
    // Broken two ways: an edit that changes nothing leaves the finding; garbage breaks the format or adds errors.
    const noop = { ...fix, edits: fix.edits.map((e) => ({ ...e, range: { start: e.range.start, end: e.range.start }, newText: '' })) };
    assert.notDeepEqual(await checkFixes(c.dir, c.files, c.findings, [{ finding, fix: noop }], c.kindOf), []);
    const garbage = { ...fix, edits: fix.edits.map((e) => ({ ...e, newText: e.newText + '\n{{{ "broken\n' })) };
    assert.notDeepEqual(await checkFixes(c.dir, c.files, c.findings, [{ finding, fix: garbage }], c.kindOf), []);
  });
  it('never plans two overlapping fixes', () => {
    const f = (start: number, end: number, title: string): Finding => ({
      ruleId: 'x', severity: 'error', message: title, file: '/a', range: { start, end }, related: [], tags: [],
      fixes: [{ title, safety: 'safe', edits: [{ file: '/a', range: { start, end }, newText: 'y' }] }],
    });
    const plan = planFixes([f(0, 5, 'a'), f(3, 8, 'b'), f(8, 9, 'c'), f(8, 8, 'd'), f(8, 8, 'e')], false);
    assert.deepEqual(plan.applied.map((a) => a.fix.title), ['a', 'c', 'd']);
  });
});
