// The registry, the docs pages and the README stay in step with the rule files.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { allRules } from '../../server/src/rules';
import { lintPaths } from '../../server/src/engine/project';
import { PEERS_PAGE, peersPage, readmeWithTable } from '../../scripts/rules-table';

const ROOT = path.join(__dirname, '..', '..');
const RULES_DIR = path.join(ROOT, 'server', 'src', 'rules');
const REQUIRED = ['## What it does', '## Why is this bad?', '## Example', '## Use instead', '## References'];
const ORDER = ['## What it does', '## Why is this bad?', '## Example', '## Use instead', '## Fix safety', '## Options', '## References'];

describe('registry', () => {
  it('lists every rule file exactly once, sorted, with ids matching file names', () => {
    const files: string[] = [];
    for (const kind of fs.readdirSync(RULES_DIR)) {
      const d = path.join(RULES_DIR, kind);
      if (!fs.statSync(d).isDirectory()) continue;
      for (const f of fs.readdirSync(d)) if (f.endsWith('.ts') && f !== 'index.ts' && !f.startsWith('_')) files.push(f.replace(/\.ts$/, ''));
    }
    const ids = allRules.map((r) => r.meta.id);
    assert.deepEqual([...ids].sort(), [...files].sort());
    assert.deepEqual(ids, [...ids].sort());
    assert.equal(new Set(ids).size, ids.length);
  });

  it('gives every rule a kebab-case id, a summary and message templates', () => {
    for (const r of allRules) {
      assert.match(r.meta.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(r.meta.summary.length > 10, `${r.meta.id} summary`);
      assert.ok(Object.keys(r.meta.messages).length > 0, `${r.meta.id} messages`);
      assert.ok(r.meta.kinds.length > 0, `${r.meta.id} kinds`);
    }
  });

  it('keeps the README rules table in step with the registry', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    assert.equal(readme, readmeWithTable(readme), 'README.md rules table is stale: run `npm run docs:rules`');
  });

  it('keeps docs/dockerfile-peers.md in step with the rules and the peer list', () => {
    assert.equal(fs.readFileSync(path.join(ROOT, PEERS_PAGE), 'utf8'), peersPage(), `${PEERS_PAGE} is stale: run \`npm run docs:rules\``);
  });
});

interface Fence {
  file: string;
  body: string;
}

function sections(md: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = md.split(/^(?=## )/m);
  for (const p of parts) {
    const head = p.split('\n')[0].trim();
    if (head.startsWith('## ')) out.set(head, p.slice(p.indexOf('\n') + 1));
  }
  return out;
}

function fences(section: string): Fence[] {
  const out: Fence[] = [];
  const re = /^```[\w-]*[ \t]+file=(\S+)[^\n]*\n([\s\S]*?)^```/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(section))) out.push({ file: m[1], body: m[2] });
  return out;
}

async function lintFences(fs_: Fence[]) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-docs-'));
  try {
    for (const f of fs_) {
      const p = path.join(tmp, f.file);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, f.body);
    }
    // A page may show the options an example needs as a `.shipshape.yaml` block of its own.
    if (!fs_.some((f) => f.file === '.shipshape.yaml')) fs.writeFileSync(path.join(tmp, '.shipshape.yaml'), 'rules: {}\n');
    const run = await lintPaths([tmp], { configFile: path.join(tmp, '.shipshape.yaml') });
    return run.findings;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

describe('docs pages', () => {
  for (const r of allRules) {
    it(`docs/rules/${r.meta.id}.md has the sections, and its examples fire (or not) as they say`, async () => {
      const file = path.join(ROOT, 'docs', 'rules', `${r.meta.id}.md`);
      assert.ok(fs.existsSync(file), `docs/rules/${r.meta.id}.md is missing`);
      const md = fs.readFileSync(file, 'utf8');
      const secs = sections(md);
      for (const s of REQUIRED) assert.ok(secs.has(s), `${r.meta.id}: missing "${s}"`);
      for (const code of [...(r.meta.peers?.hadolint ?? []), ...(r.meta.peers?.buildkit ?? [])]) assert.ok(new RegExp(`\\b${code}\\b`).test(md), `${r.meta.id}: the page does not name ${code}, which meta.peers says it covers`);
      if (r.meta.fix !== 'none') assert.ok(secs.has('## Fix safety'), `${r.meta.id}: has a fix but no "## Fix safety"`);
      const present = [...secs.keys()].filter((k) => ORDER.includes(k));
      assert.deepEqual(present, ORDER.filter((k) => present.includes(k)), `${r.meta.id}: sections out of order`);
      const bad = fences(secs.get('## Example')!);
      const good = fences(secs.get('## Use instead')!);
      assert.ok(bad.length > 0, `${r.meta.id}: Example has no \`\`\`lang file=NAME block`);
      assert.ok(good.length > 0, `${r.meta.id}: Use instead has no \`\`\`lang file=NAME block`);
      const fired = await lintFences(bad);
      assert.ok(fired.some((f) => f.ruleId === r.meta.id), `${r.meta.id}: the Example does not fire the rule`);
      const quiet = await lintFences(good);
      assert.deepEqual(quiet.map((f) => `${f.ruleId}: ${f.message}`), [], `${r.meta.id}: the Use instead example fires`);
    });
  }
});
