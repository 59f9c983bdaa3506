// Fix safety as a property: applying a fix (alone, or all of a file's fixes together) keeps the file parseable in
// its format, makes the fixed finding go away, and adds no error-severity finding.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { DockerfileParser } from 'dockerfile-ast';
import type { FileKind } from '../server/src/parsers/classify';
import type { Finding, Fix } from '../server/src/core/finding';
import { lintPaths } from '../server/src/engine/project';
import { applyEdits } from '../server/src/core/text';

const YAML_KINDS: FileKind[] = ['compose', 'ci'];
/** The instructions the Docker builder knows; any other is `unknown instruction` and the build stops. */
const DOCKERFILE_KEYWORDS = new Set(['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);

/** How many syntax problems the file's own format has (JSON and YAML kinds; 0 for line-based formats). */
export function formatProblems(kind: FileKind, filePath: string, text: string): number {
  if (kind === 'daemon-json') {
    try {
      JSON.parse(text.replace(/^\uFEFF/, '') || '{}');
      return 0;
    } catch {
      return 1;
    }
  }
  if (YAML_KINDS.includes(kind) && /\.ya?ml$/.test(filePath)) return parseDocument(text).errors.length;
  if (kind === 'dockerfile') return DockerfileParser.parse(text).getInstructions().filter((i) => !DOCKERFILE_KEYWORDS.has(i.getKeyword().toUpperCase())).length;
  return 0;
}

const key = (f: Finding) => `${f.ruleId}\0${f.message}`;

/**
 * Lint a workspace (files on disk under `dir`), apply `fixes` and lint again in a scratch copy.
 * Returns the violations found (empty = the fixes are safe).
 */
export async function checkFixes(dir: string, files: string[], before: Finding[], applied: { finding: Finding; fix: Fix }[], kindOf: (f: string) => FileKind | undefined): Promise<string[]> {
  const problems: string[] = [];
  const texts = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
  const edits = new Map<string, { range: { start: number; end: number }; newText: string }[]>();
  for (const a of applied) for (const e of a.fix.edits) edits.set(e.file, [...(edits.get(e.file) ?? []), e]);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-fixsafety-'));
  try {
    const map = (f: string) => path.join(tmp, path.relative(dir, f));
    const all = new Set([...files, ...edits.keys()]);
    for (const f of all) {
      const old = texts.get(f) ?? '';
      let text: string;
      try {
        text = applyEdits(old, edits.get(f) ?? []);
      } catch (e) {
        problems.push(`${path.basename(f)}: the edits cannot be applied together (${(e as Error).message})`);
        return problems;
      }
      const kind = kindOf(f);
      if (texts.has(f) && kind) {
        if (formatProblems(kind, f, text) > formatProblems(kind, f, old)) problems.push(`${path.relative(dir, f)}: no longer parses as ${kind} after the fix`);
      }
      fs.mkdirSync(path.dirname(map(f)), { recursive: true });
      fs.writeFileSync(map(f), text);
    }
    fs.writeFileSync(path.join(tmp, '.shipshape.yaml'), 'rules: {}\n');
    const after = (await lintPaths([...all].map(map), { configFile: path.join(tmp, '.shipshape.yaml') })).findings;
    const count = (list: Finding[], k: string) => list.filter((f) => key(f) === k).length;
    for (const a of applied) {
      const k = key(a.finding);
      const n = applied.filter((x) => key(x.finding) === k).length;
      if (count(after, k) > count(before, k) - n) problems.push(`"${a.fix.title}" left its finding in place: ${a.finding.ruleId}: ${a.finding.message}`);
    }
    // New errors are counted per rule: a fix may reword another finding of its rule (messages quote the line),
    // but it must not add to the number of errors any rule reports.
    const errorsByRule = (list: Finding[]) => {
      const m = new Map<string, number>();
      for (const f of list) if (f.severity === 'error') m.set(f.ruleId, (m.get(f.ruleId) ?? 0) + 1);
      return m;
    };
    const was = errorsByRule(before);
    const now = errorsByRule(after);
    for (const a of applied) if (a.finding.severity === 'error') was.set(a.finding.ruleId, (was.get(a.finding.ruleId) ?? 0) - 1);
    for (const [rule, n] of now) {
      if (n > (was.get(rule) ?? 0)) problems.push(`new error after the fix: ${rule} now reports ${n} error(s), ${Math.max(0, was.get(rule) ?? 0)} expected: ${after.filter((f) => f.ruleId === rule && f.severity === 'error').map((f) => f.message).join(' | ')}`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return problems;
}
