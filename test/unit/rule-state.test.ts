// Rules keep no state of their own: a rule file (and a helper its rules share, in rules/ or model/) is `meta` + `check`
// and constant data. What is worked out once and shared belongs to the engine's queries of one workspace
// (model/queries.ts, the one file of model/ that holds memos), so nothing outlives a workspace or leaks between
// workspaces and tests. This fails on a top-level `let`/`var`, a WeakMap or
// WeakSet, an empty Map, Set, array or object made at the top, or a top-level Map, Set or array that the file changes.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { filesUnder } from '../files';

const ROOT = path.join(__dirname, '..', '..');
const RULES = path.join(ROOT, 'server', 'src', 'rules');
const MODEL = path.join(ROOT, 'server', 'src', 'model');
const STORE = path.join(MODEL, 'queries.ts');

const tsFiles = (dir: string) => filesUnder(dir, (name) => name.endsWith('.ts'));

/** The module-level mutable state a file's text shows, one line each. */
export function moduleState(text: string): string[] {
  const out: string[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const at = `${i + 1}: ${line.trim().slice(0, 80)}`;
    // Top-level statements start in column 0 (the code is formatted).
    if (/^(export\s+)?(let|var)\s/.test(line)) out.push(at);
    const m = /^(?:export\s+)?const\s+([A-Za-z_$][\w$]*)\s*(:[^=]+)?=\s*(.*)$/.exec(line);
    if (!m) return;
    const [, name, type, init] = m;
    // A list typed readonly cannot change: the compiler holds it (an empty one is a shared "none").
    if (type && /^:\s*(readonly\s|Readonly)/.test(type) && /^\[\s*\]\s*;?\s*$/.test(init)) return;
    if (/^new\s+Weak(Map|Set)\b/.test(init)) out.push(at);
    else if (/^new\s+(Map|Set)\s*(<[^(]*>)?\s*\(\s*\)/.test(init) || /^(\[\s*\]|\{\s*\})\s*;?\s*$/.test(init)) out.push(at);
    else if (/^(new\s+(Map|Set)\b|\[)/.test(init)) {
      const changes = new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}\\s*\\.\\s*(set|add|delete|clear|push|pop|shift|unshift|splice|sort|reverse|fill|length\\s*=)\\b`);
      if (lines.some((l) => changes.test(l))) out.push(`${at} (changed by the file)`);
    }
  });
  return out;
}

describe('rules keep no module state', () => {
  it('the check finds each kind of state it is meant to find', () => {
    const text = [
      'let calls = 0;',
      'const cache = new WeakMap<object, string>();',
      'const seen = new Set<string>();',
      'const memo: Map<string, number> = new Map();',
      'const list: string[] = [];',
      "const KNOWN = new Set(['a', 'b']);",
      "const grows = new Map([['a', 1]]);",
      "export function f(k: string) { grows.set(k, 2); return KNOWN.has(k); }",
      '  let local = 1;',
      'const NONE: readonly string[] = [];',
    ].join('\n');
    assert.deepEqual(
      moduleState(text).map((l) => l.slice(0, l.indexOf(':'))),
      ['1', '2', '3', '4', '5', '7'],
    );
  });

  it('no rule file, nor a model helper rules call, keeps any', () => {
    const found: string[] = [];
    for (const file of [...tsFiles(RULES), ...tsFiles(MODEL).filter((f) => f !== STORE)]) for (const l of moduleState(fs.readFileSync(file, 'utf8'))) found.push(`${path.relative(ROOT, file)}:${l}`);
    assert.deepEqual(found, []);
  });
});
