// Mutated compose and env files: the parsers and every rule survive them (no throw, no internal-error finding).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintFiles } from '../helpers';
import { caseFiles, listCases } from '../fixtures';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const NOISE = [':', '-', '&a', '*a', '<<: *a', '"', "'", '{', '[', '\t', '\n  ', '${', '$$', '#', '=', '\\', '\u00a0', '? ', '|', '>'];

function mutate(text: string, rand: () => number): string {
  let t = text;
  const n = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(rand() * (t.length + 1));
    const op = rand();
    if (op < 0.3) t = t.slice(0, at);
    else if (op < 0.6) t = t.slice(0, at) + NOISE[Math.floor(rand() * NOISE.length)] + t.slice(at);
    else t = t.slice(0, at) + t.slice(at + 1 + Math.floor(rand() * 10));
  }
  return t;
}

describe('compose fuzz', () => {
  const sources: { rel: string; text: string }[] = [];
  for (const dir of fs.readdirSync(FIXTURES).filter((d) => d.startsWith('compose-'))) {
    for (const sub of ['bad', 'good']) {
      for (const c of listCases(path.join(FIXTURES, dir, sub))) {
        for (const f of caseFiles(c)) if (/\.(ya?ml|env)$/.test(f)) sources.push({ rel: path.relative(FIXTURES, f), text: fs.readFileSync(f, 'utf8') });
      }
    }
  }

  it('lints mutated fixtures without crashing a rule', () => {
    const rand = rng(20261123);
    for (let round = 0; round < 3; round++) {
      const files: Record<string, string> = {};
      for (const s of sources) files[s.rel] = mutate(s.text, rand);
      const { findings } = lintFiles(files);
      const crashes = findings.filter((f) => f.ruleId === 'internal-error');
      assert.deepEqual(crashes.map((f) => `${f.rel}: ${f.message}`), []);
    }
  });
});
