// A short, seeded fuzzing run inside the suite (the long run is `npm run fuzz`): mutated fixtures and examples of
// every kind, some read as another kind, never make the engine throw, no rule crashes on them and the hover and
// completion providers survive them. A slice of the exhaustive truncation pass runs too.
import { it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseConfigText } from '../../server/src/engine/config';
import { lintFiles } from '../helpers';
import { formatReport, loadCorpus, MUTATORS, runFuzz, runTruncation, type CorpusCase } from '../fuzz/fuzz';

const corpus = loadCorpus();

it('survives mutated inputs of every kind (seeded, bounded)', () => {
  const kinds = new Set(corpus.flat().map((f) => f.kind));
  const count = 60 * Object.keys(MUTATORS).length;
  const rep = runFuzz({ count, seed: 20261123, corpus, otherKindRate: 0.2 });
  console.log(formatReport(rep) + `\n  kinds in the corpus: ${[...kinds].sort().join(', ')}`);
  assert.equal(rep.inputs, count);
  assert.ok(rep.asOtherKind > 0);
  assert.deepEqual(rep.uncaught.map((u) => u.error.split('\n')[0]), []);
  assert.deepEqual([...rep.internalErrors.keys()], []);
  assert.deepEqual(rep.providerErrors.map((u) => `${u.file}: ${u.error.split('\n')[0]}`), []);
});

it('survives every truncation of one small file of each kind', () => {
  // One small file of each kind, linted alone; the long run cuts every small file inside its whole case.
  const seen = new Set<string>();
  const slice: CorpusCase[] = [];
  for (const f of corpus.flat()) {
    if (f.text.length >= 700 || seen.has(f.kind)) continue;
    seen.add(f.kind);
    slice.push([f]);
  }
  const rep = runTruncation({ corpus: slice, maxChars: 700 });
  console.log(formatReport(rep));
  assert.equal(rep.truncations, slice.reduce((n, c) => n + c[0].text.length + 1, 0));
  assert.deepEqual(rep.uncaught.map((u) => u.error.split('\n')[0]), []);
  assert.deepEqual([...rep.internalErrors.keys()], []);
  assert.deepEqual(rep.providerErrors.map((u) => `${u.file}: ${u.error.split('\n')[0]}`), []);
});

// Found by the long run: a workflow whose mutated line held hundreds of thousands of YAML errors took over half an
// hour, because yaml's pretty errors copy the error's whole line once per error. Parsers and the config reader ask
// for plain errors. The timeout is a hang guard (the fixed run takes a few seconds, most of it yaml building 200,000 error objects per file), not a speed target.
it('a long line of YAML errors in a workflow, a pipeline, a compose file and .shipshape.yaml is read in linear time', { timeout: 60_000 }, () => {
  const garbage = 'x: ' + '] '.repeat(200_000) + '\n';
  const { findings } = lintFiles({
    '.github/workflows/ci.yml': `on: push\n${garbage}`,
    '.gitlab-ci.yml': garbage,
    'compose.yaml': `services:\n  web:\n    image: nginx\n${garbage}`,
  });
  assert.ok(findings.some((f) => f.ruleId === 'compose-schema'), JSON.stringify(findings.map((f) => f.ruleId)));
  const config = parseConfigText(garbage, '/ws/.shipshape.yaml');
  assert.match(config.notices[0].message, /^cannot read the configuration: .* \(line 1\); using defaults$/);
});
