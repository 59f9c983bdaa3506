// The workspace keeps parsed models of open documents and of a few recently used files between lints (all of them
// during one); what cross-file rules keep between edits needs no other file's tree. Findings must not depend on it.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultConfig } from '../../server/src/engine/config';
import { Linter } from '../../server/src/engine/lint';
import { walk } from '../../server/src/engine/walk';
import { Workspace } from '../../server/src/engine/workspace';
import { allRules } from '../../server/src/rules';
import { generateCorpus } from '../../bench/corpus';

describe('parse cache', () => {
  it('keeps at most maxModels models of files that are not open, and always those of open ones', () => {
    const open = new Set(['/w/a/compose.yaml']);
    const ws = new Workspace('/w', undefined, { maxModels: 3, isOpen: (p) => open.has(p) });
    const files = ['a', 'b', 'c', 'd', 'e', 'f'].map((d) => ws.set(`/w/${d}/compose.yaml`, `services:\n  ${d}:\n    image: nginx:1.27\n`)!);
    const first = ws.parse('compose', files[0]);
    for (const f of files) ws.parse('compose', f);
    assert.equal(ws.modelCount, 4, 'three recent ones and the open document');
    assert.equal(ws.parse('compose', files[0]), first, 'the open document keeps its model');
    const misses = ws.misses;
    ws.parse('compose', files[5]);
    assert.equal(ws.misses, misses, 'the most recent file is still parsed');
    ws.parse('compose', files[1]);
    assert.equal(ws.misses, misses + 1, 'a file that fell out is parsed again');
  });

  it('keeps every model parsed during a lint until the lint is over, then only the bound', () => {
    const ws = new Workspace('/w', undefined, { maxModels: 1 });
    const files = ['a', 'b', 'c'].map((d) => ws.set(`/w/${d}/compose.yaml`, 'services: {}\n')!);
    // File rules, then two cross-file rules, each reading every file.
    ws.holdWhile(() => {
      for (let pass = 0; pass < 3; pass++) files.forEach((f) => ws.parse('compose', f));
      assert.equal(ws.modelCount, 3);
    });
    assert.equal(ws.misses, 3, 'each file parsed once in the lint');
    ws.release();
    assert.equal(ws.modelCount, 1);
    files.forEach((f) => ws.parse('compose', f));
    assert.equal(ws.misses, 6, 'outside a lint the bound holds: with one model kept, each is parsed again in turn');
    assert.equal(ws.modelCount, 1);
  });

  it('gives the same findings with a cache of one model as with every model kept, before and after edits', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-model-cache-'));
    try {
      generateCorpus(dir, { files: 400, seed: 7 });
      const walked = await walk([dir]);
      const small = new Workspace(dir, undefined, { maxModels: 1 });
      const big = new Workspace(dir, undefined, { maxModels: Infinity });
      for (const ws of [small, big]) for (const f of walked.files) ws.set(f.path, f.text, f.kind);
      const a = new Linter(small, defaultConfig(), allRules);
      const b = new Linter(big, defaultConfig(), allRules);
      const first = a.lint();
      assert.ok(first.findings.length > 50, 'the corpus has findings');
      assert.deepEqual(first, b.lint(), 'first lint');
      assert.ok(small.modelCount <= 1, 'released after the lint');
      // Edits spread over compose files and the env and daemon.json files cross-file rules read with them.
      const edited = walked.files.filter((f) => f.kind === 'compose' || f.kind === 'daemon-json' || f.kind === 'env-file').filter((_, i) => i % 7 === 0);
      assert.ok(edited.length > 10);
      for (const [i, f] of edited.entries()) {
        const text = f.kind === 'daemon-json' ? f.text.replace(/\}\s*$/, `, "labels": ["e=${i}"] }\n`) : f.kind === 'env-file' ? `${f.text}EXTRA_${i}=1\n` : f.text.replace(/^services:/m, `# edit ${i}\nservices:`);
        for (const ws of [small, big]) ws.set(f.path, text, f.kind);
        if (i % 5 === 0) assert.deepEqual(a.lint(), b.lint(), `after edit ${i}`);
      }
      assert.deepEqual(a.lint(), b.lint(), 'after all edits');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
