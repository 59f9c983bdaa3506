// npm run fuzz -- [--count N] [--seed S] [--no-truncation]: the long fuzzing run. N seeded random mutations, then
// the exhaustive truncation pass (every offset of every file under 2 KB). Exits 1 on any uncaught exception, rule
// crash or editor feature crash.
import { formatReport, loadCorpus, runFuzz, runTruncation } from './fuzz';

const args = process.argv.slice(2);
const arg = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : dflt;
};
const count = arg('--count', 20000);
const seed = arg('--seed', Date.now() % 100000);
const truncation = !args.includes('--no-truncation');
const corpus = loadCorpus();
console.log(`fuzz: seed ${seed}, ${count} random inputs${truncation ? ' + the exhaustive truncation pass' : ''}; corpus: ${corpus.length} cases, ${corpus.flat().length} files`);
const rep = runFuzz({ count, seed, corpus, log: (s) => console.log(s) });
console.log(formatReport(rep));
if (truncation) {
  runTruncation({ corpus, into: rep, log: (s) => console.log(s) });
  console.log(formatReport(rep));
}
process.exit(rep.uncaught.length || rep.internalErrors.size || rep.providerErrors.length ? 1 : 0);
