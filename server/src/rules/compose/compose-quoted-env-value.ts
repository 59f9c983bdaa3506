import { defineRule, type ReportDescriptor, type SourceFile, type WorkspaceRuleContext } from '../../model/rule';
import { queriesOf } from '../../model/queries';
import type { Span } from '../../core/finding';
import { Resolver, isScalar, isSeq, spanOf, valueOffsets, type Node, type Scalar } from '../../parsers/compose';
import { dirname, joinPath } from './_project';

/** A `docker run`/`docker create` command line that passes `--env-file`. Compose's own `--env-file` is dotenv. */
const RUN_ENV_FILE = /\b(?:docker|podman|nerdctl)\s+(?:container\s+)?(?:run|create)\b[^\n]*?--env-file(?:=|\s+)(["']?)([^\s"';|&)]+)\1/g;

export default defineRule({
  meta: {
    id: 'compose-quoted-env-value',
    kinds: ['compose', 'env-file', 'shell', 'ci', 'crontab', 'systemd-unit'],
    scope: 'workspace',
    severity: 'warning',
    summary: 'List-form `environment: - KEY="value"` (or an env file read raw) keeps the quotes in the value',
    symptom: 'The app receives the quotes: a password `"s3cret"` fails to log in, `DEBUG="false"` is truthy, a URL `"http://..."` is invalid',
    type: 'problem',
    fix: 'always',
    messages: {
      quoted:
        'In list form everything after `=` is the value, quotes included: the container gets {key}={value} with the {quoteName} quotes, not {bare}. Drop the quotes, or use the map form `{key}: {bare}`.',
      dockerRun:
        '`docker run --env-file` ({where}) reads this file as written, so the container gets {key}={value} with the {quoteName} quotes (Compose\'s `env_file:` would strip them). Drop the quotes.',
      raw: 'Service "{service}" reads this file with `format: raw`, which keeps values as written: the container gets {key}={value} with the {quoteName} quotes. Drop the quotes.',
    },
  },
  check(ctx) {
    // Each compose file's reports, worked out again only when that file changed.
    const q = queriesOf(ctx.workspace);
    const perFile = q.each('rule:compose-quoted-env-value', ctx.files('compose'), (file) => {
      const out: (ReportDescriptor & { file: string })[] = [];
      checkCompose({ ...ctx, report: (d) => out.push(d) }, file);
      return out;
    });
    for (const reports of perFile) for (const d of reports) ctx.report(d);
    checkEnvFiles(ctx);
  },
});

function checkCompose(ctx: WorkspaceRuleContext, file: SourceFile): void {
  const model = ctx.parse('compose', file);
  const r = new Resolver(model.doc);
  const done = new Set<Node>();
  for (const s of model.services) {
    if (!s.node) continue;
    const env = r.value(s.node, 'environment');
    if (!isSeq(env) || done.has(env)) continue;
    done.add(env);
    for (const item of r.items(env)) {
      if (!isScalar(item) || typeof item.value !== 'string') continue;
      const found = quotedValue(item.value);
      if (!found) continue;
      const range = rangeOfValue(file.text, item, found.start, found.end);
      const toMap = mapForm(file.text, r, env);
      ctx.report({
        messageId: 'quoted',
        data: { key: found.key, value: item.value.slice(found.start), quoteName: quoteName(found.quote), bare: found.inner },
        file: file.path,
        range,
        fixes: [
          { title: 'Remove the quotes', safety: 'unsafe', edits: [{ file: file.path, range: spanOf(item), newText: render(item, `${found.key}=${found.inner}`) }] },
          ...(toMap ? [{ title: 'Convert `environment:` to map form', safety: 'unsafe' as const, edits: [{ file: file.path, range: toMap.range, newText: toMap.text }] }] : []),
        ],
      });
    }
  }
}

/**
 * The `environment:` list rewritten as a mapping, every value double-quoted so YAML reads it as a string (quoted list
 * values lose their quotes, which is the point). Undefined when an item is not a plain `KEY=value` / `KEY` string or
 * the list holds comments, which the rewrite would drop.
 */
export function mapForm(text: string, r: Resolver, env: import('../../parsers/compose').YAMLSeq): { range: Span; text: string } | undefined {
  const entries: string[] = [];
  for (const it of env.items) {
    const item = r.resolve(it as Node);
    if (!isScalar(item) || typeof item.value !== 'string' || it !== item) return undefined;
    const eq = item.value.indexOf('=');
    const key = eq < 0 ? item.value : item.value.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) return undefined;
    if (eq < 0) {
      entries.push(`${key}:`);
      continue;
    }
    const q = quotedValue(item.value);
    entries.push(`${key}: ${JSON.stringify(q ? q.inner : item.value.slice(eq + 1))}`);
  }
  const range = spanOf(env);
  while (range.end > range.start && /\s/.test(text[range.end - 1])) range.end--;
  const src = text.slice(range.start, range.end);
  if (src.includes('#')) return undefined;
  if (env.flow) return { range, text: `{ ${entries.join(', ')} }` };
  let lineStart = range.start;
  while (lineStart > 0 && text[lineStart - 1] !== '\n') lineStart--;
  const indent = text.slice(lineStart, range.start);
  if (!/^ *$/.test(indent)) return undefined;
  return { range, text: entries.join('\n' + indent) };
}

/** Env files that a `docker run --env-file` line or a compose `env_file: {format: raw}` reads as written. */
/** Whoever reads an env file raw, first found first. */
interface RawReader {
  messageId: 'dockerRun' | 'raw';
  data: Record<string, string>;
  related: { file: string; range: Span; message: string };
}

/** Kinds whose files may hold `docker run --env-file` lines. */
const RUN_KINDS = ['shell', 'ci', 'crontab', 'systemd-unit'] as const;

/** The env files that `docker run --env-file` lines of these files name, with the first line that names each. */
function runReaders(ctx: WorkspaceRuleContext, files: SourceFile[], envFiles: SourceFile[]): Map<string, RawReader> {
  // The lines of each file, found once per version of it.
  const runsOf = queriesOf(ctx.workspace).each('rule:compose-quoted-env-value:runs', files, (f) => {
    const out: { index: number; text: string; ref: string }[] = [];
    RUN_ENV_FILE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = RUN_ENV_FILE.exec(f.text))) out.push({ index: m.index, text: m[0], ref: m[2] });
    return out;
  });
  const readers = new Map<string, RawReader>();
  files.forEach((f, i) => {
    for (const run of runsOf[i]) {
      const ref = run.ref;
      const target = envFiles.find((e) => (ref.startsWith('/') ? e.path === ref || e.path.endsWith(ref) : e.path === joinPath(dirname(f.path), ref)));
      if (!target || readers.has(target.path)) continue;
      const at = run.index + run.text.lastIndexOf(ref);
      const line = f.text.slice(0, run.index).split('\n').length;
      readers.set(target.path, {
        messageId: 'dockerRun',
        data: { where: `${f.path.split('/').slice(-2).join('/')} line ${line}` },
        related: { file: f.path, range: { start: at, end: at + ref.length }, message: 'docker run reads the env file here' },
      });
    }
  });
  return readers;
}

function checkEnvFiles(ctx: WorkspaceRuleContext): void {
  const envFiles = ctx.files('env-file');
  if (envFiles.length === 0) return;
  const q = queriesOf(ctx.workspace);
  // Who reads each env file raw: `docker run --env-file` in a script (kept while no script and no env file
  // changed), else `format: raw` in a compose file (each file's raw env files found once per version of it).
  const runLists = RUN_KINDS.map((k) => ctx.files(k));
  const byRun = q.get('rule:compose-quoted-env-value:run-readers', [envFiles, ...runLists], () => runReaders(ctx, runLists.flat(), envFiles));
  const raws = q.each('rule:compose-quoted-env-value:raw', ctx.files('compose'), (f) => {
    const model = ctx.parse('compose', f);
    return model.envFiles.filter((ef) => ef.format === 'raw').map((ef) => ({ path: joinPath(model.dir, ef.path), service: ef.service, span: ef.span, file: f.path }));
  });
  const readers = new Map<string, RawReader>(byRun);
  for (const raw of raws)
    for (const ef of raw) {
      const target = envFiles.find((e) => e.path === ef.path);
      if (target && !readers.has(target.path)) readers.set(target.path, { messageId: 'raw', data: { service: ef.service }, related: { file: ef.file, range: ef.span, message: `env_file of service "${ef.service}" (format: raw)` } });
    }
  for (const [path, reader] of readers) {
    const file = envFiles.find((e) => e.path === path)!;
    const model = ctx.parse('env-file', file);
    for (const e of model.entries) {
      if (!e.valueSpan || e.dockerRunValue === undefined) continue;
      const raw = file.text.slice(e.valueSpan.start, e.valueSpan.end);
      const q = raw[0];
      if ((q !== '"' && q !== "'") || raw.length < 2 || raw[raw.length - 1] !== q) continue;
      const inner = raw.slice(1, -1);
      // Unquoting must read the same under Compose's dotenv rules too: no ` #`, `$`, backslashes or edge blanks.
      const fixable = !/ #|\$|\\|^\s|\s$|\n/.test(inner);
      ctx.report({
        messageId: reader.messageId,
        data: { ...reader.data, key: e.key, value: raw, quoteName: quoteName(q) },
        file: file.path,
        range: e.valueSpan,
        related: [reader.related],
        fixes: fixable ? [{ title: 'Remove the quotes', safety: 'unsafe', edits: [{ file: file.path, range: e.valueSpan, newText: inner }] }] : undefined,
      });
    }
  }
}

function quoteName(q: string): string {
  return q === '"' ? 'double' : 'single';
}

/** `KEY="value"` / `KEY='value'`: where the quoted value starts and ends in the item's text. */
export function quotedValue(item: string): { key: string; start: number; end: number; inner: string; quote: string } | undefined {
  const eq = item.indexOf('=');
  if (eq <= 0) return undefined;
  const v = item.slice(eq + 1);
  const q = v[0];
  if ((q !== '"' && q !== "'") || v.length < 2 || v[v.length - 1] !== q) return undefined;
  const inner = v.slice(1, -1);
  if (inner.includes(q)) return undefined; // "a" and "b": quotes inside the value, likely meant literally
  return { key: item.slice(0, eq), start: eq + 1, end: item.length, inner, quote: q };
}

function rangeOfValue(text: string, item: Scalar, start: number, end: number): Span {
  const offsets = valueOffsets(text, item);
  if (!offsets) return spanOf(item);
  return { start: offsets[start], end: offsets[end] };
}

/** Write a string back in the scalar's own style, falling back to a double-quoted scalar when plain is unsafe. */
function render(item: Scalar, value: string): string {
  if (item.type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  if (item.type === 'PLAIN' && /^[A-Za-z_][\w.-]*=[^\s#:{}[\],&*!|>'"%@`]([^#:]|:(?! )|#(?<! ))*$/.test(value) && !/\s$/.test(value)) return value;
  return JSON.stringify(value);
}
