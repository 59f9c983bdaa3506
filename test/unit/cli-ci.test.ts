// The CLI's CI-facing options: every --format, --stats, and the status line a terminal gets (and pipes and CI never do).
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'shipshape.js');
const EXAMPLES = path.join(ROOT, 'examples');

function env(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '', ...extra };
  for (const [k, v] of Object.entries(extra)) if (v === undefined) delete e[k];
  return e;
}

function cli(args: string[], extra: Record<string, string | undefined> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: EXAMPLES, encoding: 'utf8', env: env(extra), timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Run under a pseudo-terminal (util-linux `script`): stdout and stderr both go to the terminal, captured together. */
function inTerminal(args: string[], extra: Record<string, string | undefined> = {}) {
  const cmd = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: EXAMPLES, encoding: 'utf8', env: env(extra), timeout: 60_000 });
  return { code: r.status, out: r.stdout };
}

const hasScript = spawnSync('script', ['--version']).status === 0;

describe('cli: CI formats, --stats, progress', () => {
  let tmp: string;
  before(() => {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'cli.js')), 'dist/cli.js is missing: run `npm run build` first');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-cli-ci-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('accepts every format, keeps the exit status, and names them all when given another', () => {
    for (const format of ['github', 'checkstyle', 'junit', 'gitlab']) {
      const r = cli(['lint', '--format', format, '.']);
      assert.equal(r.code, 1, `${format}: ${r.err}`);
      assert.equal(r.err, '');
      assert.ok(r.out.length > 100);
    }
    assert.equal(cli(['lint', '--format', 'github', '--fail-on', 'never', '.']).code, 0);
    const bad = cli(['lint', '--format', 'html']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--format must be text, json, sarif, github, checkstyle, junit or gitlab, not "html"/);
  });

  it('--stats ends a text lint with a table per rule whose numbers add up to the findings', () => {
    const json = JSON.parse(cli(['lint', '--format', 'json', '.']).out);
    const r = cli(['lint', '--stats', '.']);
    const lines = r.out.trimEnd().split('\n');
    const head = lines.findIndex((l) => /^rule\s+severity\s+findings\s+files\s+fixable$/.test(l));
    assert.ok(head > 0, r.out);
    assert.match(lines[head - 1], /^\d+ problems \(/, 'after the summary line');
    const rows = lines.slice(head + 1, -1).map((l) => l.split(/\s+/));
    const total = lines.at(-1)!.split(/\s+/);
    const count = (id: string) => json.findings.filter((f: { ruleId: string }) => f.ruleId === id).length;
    for (const [id, severity, n, files] of rows) {
      assert.equal(Number(n), count(id), id);
      assert.equal(Number(files), new Set(json.findings.filter((f: { ruleId: string }) => f.ruleId === id).map((f: { file: string }) => f.file)).size, id);
      assert.ok(severity.split('/').every((s) => ['error', 'warning', 'info', 'hint'].includes(s)), severity);
    }
    assert.equal(new Set(rows.map((r) => r[0])).size, new Set(json.findings.map((f: { ruleId: string }) => f.ruleId)).size);
    const counts = rows.map((r) => Number(r[2]));
    assert.deepEqual(counts, [...counts].sort((a, b) => b - a), 'most findings first');
    assert.equal(total[0], 'total');
    assert.equal(Number(total[1]), json.findings.length);
    assert.equal(Number(total[3]), json.findings.filter((f: { fixes: { safety: string }[] }) => f.fixes.some((x) => x.safety === 'safe')).length);
  });

  it('--stats with a machine format leaves stdout to the format and puts the table on stderr', () => {
    const r = cli(['lint', '--stats', '--format', 'sarif', '.']);
    assert.equal(JSON.parse(r.out).version, '2.1.0');
    assert.match(r.err, /^rule\s+severity\s+findings\s+files\s+fixable\n/);
    assert.match(r.err, /\ntotal\s+\d+\s+\d+\s+\d+\n?$/);
  });

  it('draws a status line on a terminal and erases it before the report', { skip: !hasScript && 'util-linux script is not installed' }, () => {
    const r = inTerminal(['lint', '--fail-on', 'never', '.'], { CI: undefined });
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /\r\x1b\[Kshipshape: linting \d+ files\r\x1b\[K/);
    // Erased: what follows the last erase is the report itself.
    const after = r.out.slice(r.out.lastIndexOf('\x1b[K') + 3);
    assert.match(after, /^\.github\/workflows\/deploy\.yml:\d+:\d+: /);
  });

  it('prints no status line in a pipe, nor on a terminal in CI', { skip: !hasScript && 'util-linux script is not installed' }, () => {
    const piped = cli(['lint', '--fail-on', 'never', '.'], { CI: undefined });
    assert.equal(piped.err, '');
    assert.doesNotMatch(piped.out, /\x1b|\r/);
    const ci = inTerminal(['lint', '--fail-on', 'never', '.'], { CI: 'true' });
    assert.equal(ci.code, 0);
    assert.doesNotMatch(ci.out, /\x1b\[K|linting \d+ files/);
  });

  it('reports the walk on a large tree as it goes', { skip: !hasScript && 'util-linux script is not installed' }, () => {
    // 1,500 files of no kind shipshape reads: the walk looks at each, and says so every 500.
    for (let i = 0; i < 1500; i++) fs.writeFileSync(path.join(tmp, `note-${i}.txt`), '');
    const cmd = [process.execPath, BIN, 'lint', tmp].map((a) => `'${a}'`).join(' ');
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', env: env({ CI: undefined }), timeout: 60_000 });
    assert.match(r.stdout, /shipshape: looked at 500 files/);
    assert.match(r.stdout, /shipshape: linting 0 files/);
  });
});
