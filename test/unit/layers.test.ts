// The layers only look down: each folder of server/src may import the folders listed for it and nothing else, so
// an import that points up, or two folders that import each other, fails here. The client may import only what the
// server shares with it (protocol/). Order, bottom to top: core, knowledge, parsers, model, rules, engine, then the
// users of the engine (features, protocol, doctor, explain, lsp) and the entry points at the top of server/src.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { filesUnder } from '../files';

const ROOT = path.join(__dirname, '..', '..');
const SRC = path.join(ROOT, 'server', 'src');
const TOP = '(entry points)';

const BELOW: Record<string, string[]> = {
  core: [],
  knowledge: ['core'],
  parsers: ['core', 'knowledge'],
  model: ['core', 'knowledge', 'parsers'],
  rules: ['core', 'knowledge', 'parsers', 'model'],
  engine: ['core', 'knowledge', 'parsers', 'model', 'rules'],
  features: ['core', 'knowledge', 'parsers', 'model', 'engine'],
  protocol: ['core', 'engine'],
  doctor: ['core', 'knowledge', 'parsers', 'model', 'rules', 'engine'],
  explain: ['core', 'knowledge', 'parsers', 'model', 'rules', 'engine'],
  lsp: ['core', 'knowledge', 'parsers', 'model', 'rules', 'engine', 'features', 'protocol', 'explain'],
  [TOP]: ['core', 'knowledge', 'parsers', 'model', 'rules', 'engine', 'features', 'protocol', 'doctor', 'explain', 'lsp'],
};

const tsFiles = (dir: string) => filesUnder(dir, (name) => name.endsWith('.ts'));

/** The relative imports of a file (static, `import type`, re-exports, `import('…')` types), resolved to paths. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) out.push(path.resolve(path.dirname(file), m[1]));
  return out;
}

function layerOf(p: string): string {
  // An import of a folder is an import of its index.ts.
  const file = fs.existsSync(p) && fs.statSync(p).isDirectory() ? path.join(p, 'index.ts') : p;
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length > 1 ? rel[0] : TOP;
}

describe('layers', () => {
  it('every folder of server/src has its place in the order', () => {
    const folders = fs.readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    assert.deepEqual(folders.filter((f) => !(f in BELOW)), []);
  });

  it('no folder imports from a folder above it or beside it', () => {
    const wrong: string[] = [];
    for (const file of tsFiles(SRC)) {
      const from = layerOf(file);
      for (const target of importsOf(file)) {
        const to = layerOf(target);
        if (to !== from && !BELOW[from]?.includes(to)) wrong.push(`${path.relative(SRC, file)} -> ${path.relative(SRC, target)} (${from} -> ${to})`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('the order has no cycle', () => {
    const seen = new Set<string>();
    const visit = (l: string, trail: string[]) => {
      assert.ok(!trail.includes(l), `cycle: ${[...trail, l].join(' -> ')}`);
      if (seen.has(l)) return;
      for (const d of BELOW[l]) visit(d, [...trail, l]);
      seen.add(l);
    };
    for (const l of Object.keys(BELOW)) visit(l, []);
  });

  it('the client imports from the server only what the two share', () => {
    const wrong: string[] = [];
    for (const file of tsFiles(path.join(ROOT, 'client', 'src'))) {
      for (const target of importsOf(file)) if (target.startsWith(SRC + path.sep) && layerOf(target) !== 'protocol') wrong.push(`${path.relative(ROOT, file)} -> ${path.relative(ROOT, target)}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('the check sees imports that point up (a guard against a check that cannot fail)', () => {
    const probe = path.join(SRC, 'core', 'finding.ts');
    assert.ok(importsOf(path.join(SRC, 'rules', 'index.ts')).some((t) => layerOf(t) === 'model' || layerOf(t) === 'rules'));
    assert.equal(layerOf(probe), 'core');
    assert.ok(!BELOW.core.includes('engine'));
  });
});
