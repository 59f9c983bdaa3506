// The fuzzer: mutates every fixture and example and feeds the result to the engine, for every kind. Deterministic
// (seeded), so a failure found once is found again. It counts inputs, time, uncaught exceptions, internal-error
// findings (a rule that threw and was isolated) and slow inputs.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { classify, FILE_KINDS, type FileKind } from '../../server/src/parsers/classify';
import { isTemplatePath } from '../../server/src/core/template';
import { defaultConfig } from '../../server/src/engine/config';
import { Linter, INTERNAL_ERROR } from '../../server/src/engine/lint';
import { Workspace } from '../../server/src/engine/workspace';
import { DAEMON_KEY_NAMES } from '../../server/src/knowledge/daemon-options';
import { completionProviders, hoverProviders } from '../../server/src/features';
import type { SourceFile } from '../../server/src/model/rule';
import { allRules } from '../../server/src/rules';
import { caseFiles, listCases } from '../fixtures';
import { rng } from '../rng';

export interface CorpusFile {
  path: string;
  text: string;
  kind: FileKind;
}

/** One seed workspace: a fixture case or one example file, with its files' real relative paths. */
export type CorpusCase = CorpusFile[];

const ROOT = path.join(__dirname, '..', '..');

export function loadCorpus(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  const fixtures = path.join(ROOT, 'test', 'fixtures');
  const read = (files: string[], base: string): CorpusCase =>
    files
      .map((f) => {
        const text = fs.readFileSync(f, 'utf8');
        const rel = '/fuzz/' + path.relative(base, f).split(path.sep).join('/');
        const kind = classify(rel, text, DAEMON_KEY_NAMES);
        return kind ? { path: rel, text, kind } : undefined;
      })
      .filter((x): x is CorpusFile => !!x);
  for (const rule of fs.readdirSync(fixtures).sort()) {
    for (const sub of ['bad', 'good']) {
      const dir = path.join(fixtures, rule, sub);
      for (const c of listCases(dir)) {
        if (!fs.statSync(c).isDirectory() && !fs.statSync(c).isFile()) continue;
        const files = caseFiles(c);
        const base = fs.statSync(c).isDirectory() ? c : path.dirname(c);
        const one = read(files, base);
        if (one.length) cases.push(one);
      }
    }
  }
  const examples = path.join(ROOT, 'examples');
  const walkEx = (d: string): string[] =>
    fs.existsSync(d)
      ? fs.readdirSync(d).flatMap((n) => {
          const p = path.join(d, n);
          return fs.statSync(p).isDirectory() ? walkEx(p) : [p];
        })
      : [];
  const ex = read(walkEx(examples), examples);
  if (ex.length) cases.push(ex);
  return cases;
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rand, n: number) => Math.floor(r() * n);

const SPICY = ['"', "'", '`', '\\', '{', '}', '[', ']', ':', ',', '#', '%', '$', '$(', '${', '\n', '\r\n', '\t', ' ', '-', '=', '&', '*', '|', '>', '<<EOF\n', '\0', '\uFEFF', '\uFFFD', '\u2028', '😀', 'é'];

export const MUTATORS: Record<string, (text: string, r: Rand, kind: FileKind) => string> = {
  flip(text, r) {
    if (!text) return pick(r, SPICY);
    let t = text;
    const n = 1 + int(r, 4);
    for (let i = 0; i < n; i++) {
      const at = int(r, t.length + 1);
      t = t.slice(0, at) + pick(r, SPICY) + t.slice(at + (r() < 0.5 ? 1 : 0));
    }
    return t;
  },
  truncate(text, r) {
    return text.slice(0, int(r, text.length + 1));
  },
  shuffleLines(text, r) {
    const lines = text.split('\n');
    for (let i = lines.length - 1; i > 0; i--) {
      const j = int(r, i + 1);
      [lines[i], lines[j]] = [lines[j], lines[i]];
    }
    return lines.join('\n');
  },
  dropLine(text, r) {
    const lines = text.split('\n');
    lines.splice(int(r, lines.length), 1);
    return lines.join('\n');
  },
  duplicateLine(text, r) {
    const lines = text.split('\n');
    const i = int(r, lines.length);
    lines.splice(i, 0, lines[i]);
    return lines.join('\n');
  },
  /** Template syntax anywhere (linted under a template name, so the masking step runs): open, close, unclosed, nested. */
  templateSpans(text, r) {
    const SPANS = ['{{ x }}', '{{ v | to_json }}', '{%- if a %}', '{% else %}', '{% elif b %}', '{% endif %}', '{% for k in m %}', '{% endfor %}', '{# c #}', '<%= y %>', '<% if z -%>', '<% end -%>', '{{- if .A }}', '{{ end }}', '{{ range .L }}', '${V}', '${V:-d}', '{{', '{%', '<%', '"{{ s }}"', '}}', '%}'];
    let t = text;
    const n = 1 + int(r, 6);
    for (let i = 0; i < n; i++) {
      const at = int(r, t.length + 1);
      t = t.slice(0, at) + pick(r, SPANS) + t.slice(at);
    }
    return t;
  },
  deepNesting(text, r, kind) {
    const depth = 500 + int(r, 5000);
    if (kind === 'daemon-json') return '{"a":'.repeat(depth) + '1' + '}'.repeat(r() < 0.5 ? depth : 0);
    if (kind === 'compose' || kind === 'ci') return text + '\n' + Array.from({ length: Math.min(depth, 800) }, (_, i) => ' '.repeat(i) + 'k:').join('\n');
    return text + '\n' + '$('.repeat(Math.min(depth, 2000)) + 'x' + ')'.repeat(Math.min(depth, 2000));
  },
  hugeLine(text, r) {
    const unit = pick(r, ['a', 'x ', '"', '\\', '%', '-it ', '${A}', '[']);
    return text + '\n' + unit.repeat(Math.floor((200_000 + int(r, 800_000)) / unit.length));
  },
  invalidUtf8(text, r) {
    const bytes = Buffer.from(text, 'utf8');
    for (let i = 0; i < 1 + int(r, 8); i++) if (bytes.length) bytes[int(r, bytes.length)] = 0x80 + int(r, 0x7f);
    return bytes.toString('utf8');
  },
  nulBytes(text, r) {
    const at = int(r, text.length + 1);
    return text.slice(0, at) + '\0'.repeat(1 + int(r, 4)) + text.slice(at);
  },
  bom(text) {
    return '\uFEFF' + text;
  },
  crlf(text) {
    return text.replace(/\r?\n/g, '\r\n');
  },
  loneCr(text) {
    return text.replace(/\r?\n/g, '\r');
  },
  mixedIndent(text, r) {
    return text
      .split('\n')
      .map((l) => (r() < 0.3 ? l.replace(/^( +)/, (m) => '\t'.repeat(Math.ceil(m.length / 2))) : l))
      .join('\n');
  },
  billionLaughs() {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(9).fill('*' + prev).join(',')}]`);
    }
    lines.push('services:\n  web:\n    image: nginx\n    environment: *j');
    return lines.join('\n') + '\n';
  },
  aliasLoop() {
    return 'services: &s\n  web:\n    image: nginx\n    <<: *s\nx: &x [*x]\ny: *undefined\n';
  },
  randomBytes(_text, r) {
    const b = Buffer.alloc(1 + int(r, 4096));
    for (let i = 0; i < b.length; i++) b[i] = int(r, 256);
    return b.toString('latin1');
  },
  empty() {
    return '';
  },
};

export interface FuzzReport {
  inputs: number;
  ms: number;
  uncaught: { mutator: string; file: string; error: string }[];
  internalErrors: Map<string, { count: number; example: string; mutator: string; file: string }>;
  /** Hover and completion providers that threw (the server catches them, but the user then gets nothing). */
  providerErrors: { mutator: string; file: string; error: string }[];
  slow: { mutator: string; file: string; ms: number }[];
  byMutator: Record<string, number>;
  /** Inputs linted as a kind other than their own (a compose file read as daemon.json, ...). */
  asOtherKind: number;
  /** Inputs of the exhaustive truncation pass (every offset of every small file), included in `inputs`. */
  truncations: number;
}

export function emptyReport(): FuzzReport {
  return { inputs: 0, ms: 0, uncaught: [], internalErrors: new Map(), providerErrors: [], slow: [], byMutator: {}, asOtherKind: 0, truncations: 0 };
}

/** Lint the workspace, ask the editor features of `target` at a few offsets, and record what went wrong. */
function probe(report: FuzzReport, linter: Linter, target: SourceFile | undefined, mutator: string, label: string, offsets: number[], slowMs: number): void {
  const s = Date.now();
  try {
    const res = linter.lint();
    for (const f of res.findings) {
      if (f.ruleId !== INTERNAL_ERROR) continue;
      const rule = String(f.data?.rule);
      const e = report.internalErrors.get(rule);
      if (e) e.count++;
      else report.internalErrors.set(rule, { count: 1, example: f.message, mutator, file: label });
    }
  } catch (e) {
    report.uncaught.push({ mutator, file: label, error: (e as Error).stack ?? String(e) });
  }
  if (target) {
    for (const offset of offsets) {
      for (const provider of [...(hoverProviders[target.kind] ?? []), ...(completionProviders[target.kind] ?? [])]) {
        try {
          provider(target, linter.workspace, offset);
        } catch (e) {
          report.providerErrors.push({ mutator, file: `${label} @${offset}`, error: (e as Error).stack ?? String(e) });
        }
      }
    }
  }
  const took = Date.now() - s;
  if (took > slowMs) report.slow.push({ mutator, file: label, ms: took });
  report.inputs++;
  report.byMutator[mutator] = (report.byMutator[mutator] ?? 0) + 1;
}

export function runFuzz(opts: { count: number; seed?: number; corpus?: CorpusCase[]; slowMs?: number; otherKindRate?: number; log?: (s: string) => void }): FuzzReport {
  const corpus = opts.corpus ?? loadCorpus();
  const r = rng(opts.seed ?? 1);
  const names = Object.keys(MUTATORS);
  const report = emptyReport();
  const t0 = Date.now();
  for (let i = 0; i < opts.count; i++) {
    const seedCase = corpus[int(r, corpus.length)];
    const target = seedCase[int(r, seedCase.length)];
    const name = names[i % names.length];
    const mutated = MUTATORS[name](target.text, r, target.kind);
    // Now and then the input is read as another kind, so every parser and rule meets every format's garbage.
    let kind = target.kind;
    if (r() < (opts.otherKindRate ?? 0.1)) {
      kind = pick(r, FILE_KINDS.filter((k) => k !== target.kind));
      report.asOtherKind++;
    }
    const ws = new Workspace('/fuzz');
    let file: SourceFile | undefined;
    // Template syntax is linted under a template name, so the file is read masked.
    const targetPath = name === 'templateSpans' && !isTemplatePath(target.path) ? `${target.path}.j2` : target.path;
    for (const f of seedCase) {
      const set = ws.set(f === target ? targetPath : f.path, f === target ? mutated : f.text, f === target ? kind : f.kind);
      if (f === target) file = set;
    }
    const linter = new Linter(ws, defaultConfig(), allRules);
    probe(report, linter, file, name, target.path, [0, int(r, mutated.length + 1), mutated.length], opts.slowMs ?? 2000);
    if (opts.log && report.inputs % 10000 === 0) opts.log(`${report.inputs} inputs, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  report.ms = Date.now() - t0;
  return report;
}

/**
 * The exhaustive truncation pass: every file under `maxChars` is cut at every offset (UTF-16 code units, so
 * surrogate pairs and CRLFs are split too) and its case linted again. One Linter per case, reused as the file
 * shrinks, so the incremental path the language server takes (caches keyed by file version) is exercised too.
 */
export function runTruncation(opts: { corpus?: CorpusCase[]; maxChars?: number; into?: FuzzReport; slowMs?: number; log?: (s: string) => void } = {}): FuzzReport {
  const corpus = opts.corpus ?? loadCorpus();
  const report = opts.into ?? emptyReport();
  const t0 = Date.now();
  const ms0 = report.ms;
  const done = new Set<string>();
  for (const seedCase of corpus) {
    for (const target of seedCase) {
      if (target.text.length >= (opts.maxChars ?? 2048)) continue;
      const key = `${target.kind}\0${target.path.replace(/^.*\//, '')}\0${target.text}`;
      if (done.has(key)) continue; // the same file in another case (an example copied into a fixture) is cut once
      done.add(key);
      const ws = new Workspace('/fuzz');
      for (const f of seedCase) ws.set(f.path, f.text, f.kind);
      const linter = new Linter(ws, defaultConfig(), allRules);
      for (let at = target.text.length; at >= 0; at--) {
        const cut = target.text.slice(0, at);
        const file = ws.set(target.path, cut, target.kind);
        probe(report, linter, file, 'truncateAt', `${target.path} [0, ${at})`, at % 16 === 0 ? [0, at] : [], opts.slowMs ?? 2000);
        report.truncations++;
        if (opts.log && report.truncations % 10000 === 0) opts.log(`truncation: ${report.truncations} inputs, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      }
    }
  }
  report.ms = ms0 + (Date.now() - t0);
  return report;
}

export function formatReport(rep: FuzzReport): string {
  const lines = [
    `fuzz: ${rep.inputs} inputs in ${(rep.ms / 1000).toFixed(1)} s (${Math.round(rep.inputs / (rep.ms / 1000 || 1))}/s), ${rep.truncations} of them the exhaustive truncation pass, ${rep.asOtherKind} read as another kind; uncaught exceptions: ${rep.uncaught.length}; rules that threw: ${rep.internalErrors.size}; editor features that threw: ${rep.providerErrors.length}; inputs over the slow limit: ${rep.slow.length}`,
  ];
  for (const u of rep.uncaught.slice(0, 5)) lines.push(`  UNCAUGHT (${u.mutator} on ${u.file}): ${u.error.split('\n').slice(0, 4).join(' | ')}`);
  for (const [rule, e] of rep.internalErrors) lines.push(`  internal-error: ${rule} threw ${e.count}x, e.g. ${e.mutator} on ${e.file}: ${e.example}`);
  for (const u of rep.providerErrors.slice(0, 5)) lines.push(`  editor feature threw (${u.mutator} on ${u.file}): ${u.error.split('\n').slice(0, 4).join(' | ')}`);
  for (const s of rep.slow.slice(0, 5)) lines.push(`  slow: ${s.ms} ms (${s.mutator} on ${s.file})`);
  return lines.join('\n');
}
