// The incremental compose re-parse gives the very document a full parse gives: random edit sequences over the
// compose files of the fixtures and examples, each result compared node by node (values, kinds, ranges) and model
// field by field with a full parse of the same text.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'yaml';
import { parseCompose, type ComposeModel } from '../../server/src/parsers/compose';
import { reparseCompose } from '../../server/src/parsers/compose-reparse';
import { rng } from '../rng';
import { filesUnder } from '../files';

const ROOT = path.join(__dirname, '..', '..');

const composeFiles = (dir: string) => filesUnder(dir, (name) => /(^|[-.])compose[^/]*\.ya?ml$/.test(name));

/** Node-by-node equality of two parsed trees (comments aside): a mismatch names its path. */
function sameTree(a: unknown, b: unknown, at: string): void {
  if (yaml.isPair(a) || yaml.isPair(b)) {
    assert.ok(yaml.isPair(a) && yaml.isPair(b), `${at}: pair vs not`);
    sameTree(a.key, b.key, `${at}.key`);
    sameTree(a.value, b.value, `${at}.value`);
    return;
  }
  if (a === null || a === undefined || typeof a !== 'object') return assert.equal(a, b, at);
  assert.equal(Object.getPrototypeOf(a), Object.getPrototypeOf(b), `${at}: node kinds differ`);
  const x = a as { range?: number[]; value?: unknown; type?: string; tag?: string; anchor?: string; flow?: boolean; source?: string; items?: unknown[] };
  const y = b as typeof x;
  assert.deepEqual(x.range, y.range, `${at}: range`);
  assert.equal(x.type, y.type, `${at}: type`);
  assert.equal(x.tag, y.tag, `${at}: tag`);
  assert.equal(x.anchor, y.anchor, `${at}: anchor`);
  if (yaml.isScalar(a)) return assert.ok(Object.is(x.value, y.value), `${at}: value ${String(x.value)} vs ${String(y.value)}`);
  if (yaml.isAlias(a)) return assert.equal(x.source, y.source, `${at}: alias`);
  assert.equal(!!x.flow, !!y.flow, `${at}: flow`);
  assert.equal(x.items?.length, y.items?.length, `${at}: items`);
  x.items?.forEach((it, i) => sameTree(it, y.items![i], `${at}[${i}]`));
}

function sameModel(inc: ComposeModel, full: ComposeModel, what: string): void {
  sameTree(inc.doc?.contents, full.doc?.contents, what);
  assert.deepEqual(inc.doc?.range, full.doc?.range, `${what}: document range`);
  const fields = (m: ComposeModel) => ({
    services: m.services.map((s) => [s.name, s.keySpan, !!s.node]),
    name: m.name,
    version: m.version?.keySpan,
    includes: m.includes,
    extendsFiles: m.extendsFiles,
    envFiles: m.envFiles,
    v1: m.v1Services?.length,
    errors: m.syntaxErrors.length,
  });
  assert.deepEqual(fields(inc), fields(full), what);
}

/** What typing inside a value or a comment inserts. */
const TYPED = ['x', 'e', '1', '-', ' ', '.', '_', '/'];
const SNIPPETS = [' ', 'x', '\n', '1', ':', '#', '- ', '"', "'", '  ', '\n    restart: always', '\n      - "8080:80"', 'image: redis', '\n  extra:\n    image: busybox', '{', '[', ']', '|'];

describe('compose re-parse after an edit', () => {
  const files = [...composeFiles(path.join(ROOT, 'test', 'fixtures')), ...composeFiles(path.join(ROOT, 'examples'))];
  it('finds compose files to edit', () => assert.ok(files.length > 40, `${files.length} files`));

  it('gives the document and model of a full parse, for random edit sequences, and takes the short way for a good part of them', () => {
    const random = rng(20261203);
    let reused = 0;
    let edits = 0;
    let clean = 0;
    for (const file of files) {
      let text = fs.readFileSync(file, 'utf8');
      let model = parseCompose(text, file);
      const services = text.indexOf('services:');
      if (services < 0) continue;
      for (let n = 0; n < 20; n++) {
        // Mostly inside a service that another follows (where typing happens in a big file), else anywhere.
        const keys = model.services.map((x) => x.keySpan.start);
        const k = Math.floor(random() * (keys.length - 1));
        const pos =
          keys.length > 1 && random() < 0.7
            ? keys[k] + Math.floor(random() * (keys[k + 1] - keys[k]))
            : services + 10 + Math.floor(random() * Math.max(1, text.length - services - 10));
        const op = random();
        let next: string;
        if (op < 0.45) next = text.slice(0, pos) + TYPED[Math.floor(random() * TYPED.length)] + text.slice(pos);
        else if (op < 0.55) next = text.slice(0, pos) + SNIPPETS[Math.floor(random() * SNIPPETS.length)] + text.slice(pos);
        else if (op < 0.85) next = text.slice(0, pos) + text.slice(pos + 1 + Math.floor(random() * 4));
        else next = text.slice(0, pos) + String.fromCharCode(97 + Math.floor(random() * 26)) + text.slice(pos + 1);
        const full = parseCompose(next, file);
        const inc = reparseCompose(text, model, next, file);
        edits++;
        if (inc) {
          reused++;
          sameModel(inc, full, `${path.relative(ROOT, file)}, edit ${n} at ${pos}`);
        }
        // An edit that breaks the YAML is undone (a broken file is always parsed in full): the sequence goes on from
        // the re-parsed model when there is one, so differences would pile up over the edits.
        if (full.syntaxErrors.length) continue;
        clean++;
        text = next;
        model = inc ?? full;
      }
    }
    assert.ok(edits > 1000, `${edits} edits`);
    // Of the edits that leave valid YAML, a good part go the short way; the others are in a file's last service,
    // near an anchor, a tag or a trailing comment (the fixtures' `# expect:` lines), or add a service.
    assert.ok(reused / clean > 0.25, `only ${reused} of ${clean} clean edits were re-parsed locally`);
  });

  it('re-parses a comment typed inside a service of a big file locally, and falls back for an edit across services', () => {
    const svc = (i: number) => `  svc-${i}:\n    image: nginx:1.27\n    restart: unless-stopped\n    ports:\n      - "${8000 + i}:80"\n`;
    const text = `services:\n${Array.from({ length: 300 }, (_, i) => svc(i)).join('')}networks:\n  default: {}\n`;
    const model = parseCompose(text, 'big/compose.yaml');
    const commented = text.replace('svc-150:\n    image: nginx:1.27\n    restart: unless-stopped', 'svc-150:\n    image: nginx:1.27\n    restart: unless-stopped # 1');
    const inc = reparseCompose(text, model, commented, 'big/compose.yaml');
    assert.ok(inc, 'a comment inside one service is re-parsed locally');
    sameModel(inc, parseCompose(commented, 'big/compose.yaml'), 'comment');
    // The services before the edit keep their very nodes; those after it are copies at their new offsets.
    assert.equal(inc.services[149].pair, model.services[149].pair);
    assert.notEqual(inc.services[150].pair, model.services[150].pair);
    assert.notEqual(inc.services[299].pair, model.services[299].pair);
    // Typing in any value of any service but the last goes the short way.
    const random = rng(7);
    let prevText = commented;
    let prevModel = inc;
    for (let n = 0; n < 50; n++) {
      const at = prevText.indexOf('nginx:1.27', prevText.indexOf(`svc-${Math.floor(random() * 299)}:`)) + 5;
      const next = prevText.slice(0, at) + 'x' + prevText.slice(at);
      const step = reparseCompose(prevText, prevModel, next, 'big/compose.yaml');
      assert.ok(step, `typing edit ${n} is re-parsed locally`);
      prevText = next;
      prevModel = step;
    }
    sameModel(prevModel, parseCompose(prevText, 'big/compose.yaml'), 'after 50 typing edits');
    const across = text.replace('      - "8000:80"\n  svc-1:', '      - "8000:80"\n  svc-1b:\n    image: x\n  svc-1:');
    assert.equal(reparseCompose(text, model, across, 'big/compose.yaml'), undefined, 'a new service is a full parse');
    const anchored = text.replace('    image: nginx:1.27\n', '    image: &img nginx:1.27\n');
    assert.equal(reparseCompose(text, model, anchored, 'big/compose.yaml'), undefined, 'an anchor is a full parse');
  });
});
