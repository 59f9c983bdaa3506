// explain: an error message (or a whole log) -> the symptoms it shows, their known causes, how to confirm and fix each,
// the rules that detect them and, with a workspace, the files and lines that show each cause right now.
// Plain functions, no editor types: the CLI prints the result, the editor shows renderExplainMarkdown(result).
// explain() is async only because linting a workspace reads files; without `workspace` it does no I/O.

import * as path from 'node:path';
import { SYMPTOMS, type Cause, type ConfirmStep, type Symptom } from '../knowledge/symptoms';
import type { Finding, Severity } from '../core/finding';
import { LineIndex } from '../core/text';
import { lintPaths } from '../engine/project';
import { ruleById } from '../rules';
import { REPOSITORY_URL, ruleDocsUrl } from '../engine/docs-url';

export interface ExplainOptions {
  /** A folder to lint: findings of the causes' rules are shown as evidence. */
  workspace?: string;
  /** Paths in the result are shown relative to this folder (default: the process's current folder). */
  cwd?: string;
  /** Explicit .shipshape.yaml for the workspace lint. */
  configFile?: string;
  /** Symptom table (tests). */
  symptoms?: readonly Symptom[];
}

export interface Evidence {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Absolute path. */
  file: string;
  /** Path for display (relative to cwd when inside it). */
  displayPath: string;
  /** 1-based. */
  line: number;
  column: number;
  /** The finding names what the message names (the same key or file). */
  matchesMessage?: boolean;
}

export interface ExplainedRule {
  id: string;
  /** Whether this build of shipshape has the rule (rules land over time). */
  available: boolean;
  summary?: string;
  docs: string;
}

export interface ExplainedCause {
  id: string;
  title: string;
  why: string;
  /** Commands with the message's paths and ids filled in. */
  confirm: ConfirmStep[];
  fix: string[];
  rules: ExplainedRule[];
  hostChecks: string[];
  /** Findings of this cause's rules in the workspace (empty without one). */
  evidence: Evidence[];
}

export interface ExplainedSymptom {
  id: string;
  title: string;
  summary: string;
  /** The symptom's page: repository path and web address. */
  docs: string;
  docsUrl: string;
  /** Distinct input lines that show the symptom (at most 5), and how many lines matched in all. */
  lines: string[];
  count: number;
  /** Values taken from the message (paths, ids) that filled the commands. */
  values: Record<string, string>;
  causes: ExplainedCause[];
}

export interface ExplainResult {
  matched: boolean;
  symptoms: ExplainedSymptom[];
  workspace?: { root: string; filesLinted: number; notices: string[] };
}

/** Values any message may carry, found wherever they appear in the matching line. */
const GENERIC: RegExp[] = [
  /(?<merged>\/[^\s:'"()]*?\/(?:overlay2|overlay|fuse-overlayfs)\/[^\s:'"()/]+\/merged)\b/,
  /(?<device>\/dev\/[\w/.-]+)/,
];
const DATA_ROOT = /(\/[^\s:'"()]*?)\/(?:overlay2|overlay|aufs|devicemapper|containers|volumes|image|buildkit|fuse-overlayfs)\//;
const DATA_ROOT_TMP = /(\/[^\s:'"()]*docker[^\s:'"()/]*)\/tmp\//;

const DEFAULTS: Record<string, string> = {
  dataRoot: '/var/lib/docker',
  merged: '{dataRoot}/overlay2/<layer-id>/merged',
  mergedRe: '{dataRoot}/overlay2/[^/]*/merged',
  container: '<container>',
  image: '<image-id>',
  file: '/etc/docker/daemon.json',
  unit: 'docker.service',
  path: '<path>',
  key: '<key>',
  device: '<device>',
};

/** The distinct symptoms in a text (one message or many log lines), in order of first appearance. */
export function matchSymptoms(text: string, symptoms: readonly Symptom[] = SYMPTOMS): { symptom: Symptom; lines: string[]; count: number }[] {
  const out = new Map<string, { symptom: Symptom; lines: string[]; count: number }>();
  // Terminal colours (journalctl, docker compose) are dropped before matching.
  const plain = text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  const lines = plain.split(/\r?\n|\r/).map((l) => l.trim()).filter((l) => l.length > 0);
  // A message pasted without its line breaks is one long line; a single short text is matched whole as well.
  for (const line of lines.length ? lines : [plain]) {
    const probe = line.length > 20_000 ? line.slice(0, 20_000) : line;
    for (const s of symptoms) {
      if (!s.patterns.some((re) => re.test(probe))) continue;
      let hit = out.get(s.id);
      if (!hit) out.set(s.id, (hit = { symptom: s, lines: [], count: 0 }));
      hit.count++;
      if (hit.lines.length < 5 && !hit.lines.includes(probe)) hit.lines.push(probe);
    }
  }
  return [...out.values()];
}

/** Placeholder values from the matching lines: the symptom's own patterns first, then the generic ones. */
export function extractValues(symptom: Symptom, lines: readonly string[]): Record<string, string> {
  const v: Record<string, string> = {};
  const take = (re: RegExp, line: string) => {
    const m = re.exec(line);
    if (!m?.groups) return;
    for (const [k, val] of Object.entries(m.groups)) if (val !== undefined && v[k] === undefined) v[k] = val;
  };
  for (const line of lines) {
    for (const re of symptom.extract ?? []) take(re, line);
    for (const re of GENERIC) take(re, line);
    if (v.dataRoot === undefined) {
      const m = DATA_ROOT.exec(line) ?? DATA_ROOT_TMP.exec(line);
      if (m && m[1]) v.dataRoot = m[1];
    }
  }
  if (v.merged) {
    // Messages pasted from chats often elide the layer id (`e5da…/merged`): a glob for commands that take a path,
    // a regular expression for grep.
    const elided = /…|\.\.\./;
    const parts = v.merged.split(/…|\.\.\./);
    v.mergedRe = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*');
    if (elided.test(v.merged)) v.merged = parts.join('*');
    if (v.layerDir === undefined) v.layerDir = v.merged.replace(/\/merged$/, '');
  }
  if (v.path && v.dir === undefined) v.dir = path.posix.dirname(v.path);
  return v;
}

/** The placeholder names commands may use. Anything else in braces (Go templates like `{{.Driver}}`) is left alone. */
export const PLACEHOLDERS = ['dataRoot', 'path', 'dir', 'merged', 'mergedRe', 'layerDir', 'container', 'image', 'file', 'unit', 'fd', 'lockFile', 'device', 'key', 'port', 'library', 'network'] as const;
const PLACEHOLDER = new RegExp(`(?<!\\{)\\{(${PLACEHOLDERS.join('|')})\\}(?!\\})`, 'g');

/** Fill `{name}` placeholders from the message's values, then the symptom's defaults; a value never given shows as `<name>`. */
export function fillTemplate(template: string, values: Record<string, string>, defaults: Record<string, string> = {}): string {
  const lookup = (k: string): string | undefined => values[k] ?? defaults[k] ?? DEFAULTS[k];
  let s = template;
  for (let round = 0; round < 3; round++) {
    const next = s.replace(PLACEHOLDER, (all, k: string) => lookup(k) ?? `<${k}>`);
    if (next === s) break;
    s = next;
  }
  return s;
}

/**
 * The likeliest cause first: what the message itself points at (preferWhen) outranks what the workspace shows, which
 * outranks the table's order.
 */
function orderCauses<T extends { cause: Cause; evidence: unknown[] }>(items: T[], text: string): T[] {
  const rank = (x: T) => (x.cause.preferWhen?.test(text) ? 2 : 0) + (x.evidence.length ? 1 : 0);
  return items.map((x, i) => ({ x, i, r: rank(x) })).sort((a, b) => b.r - a.r || a.i - b.i).map((y) => y.x);
}

function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

export async function explain(text: string, opts: ExplainOptions = {}): Promise<ExplainResult> {
  const cwd = opts.cwd ?? process.cwd();
  const matches = matchSymptoms(text, opts.symptoms ?? SYMPTOMS);
  const result: ExplainResult = { matched: matches.length > 0, symptoms: [] };

  let byRule = new Map<string, Evidence[]>();
  if (opts.workspace && matches.length) {
    const wanted = new Set(matches.flatMap((m) => m.symptom.causes.flatMap((c) => c.rules)));
    const root = path.resolve(cwd, opts.workspace);
    const run = await lintPaths([root], { configFile: opts.configFile });
    byRule = evidenceByRule(run.findings.filter((f) => wanted.has(f.ruleId)), (f) => run.workspace.get(f)?.text ?? '', cwd);
    result.workspace = { root, filesLinted: run.filesLinted, notices: run.notices.map((n) => `${displayPath(n.file, cwd)}: ${n.message}`) };
  }

  for (const m of matches) {
    const s = m.symptom;
    const values = extractValues(s, m.lines);
    const joined = m.lines.join('\n');
    const withEvidence = s.causes.map((c) => ({
      cause: c,
      evidence: c.rules.flatMap((id) => byRule.get(id) ?? []).filter((e) => !c.evidenceWhen || c.evidenceWhen.test(e.message)),
    }));
    const causes = orderCauses(withEvidence, joined).map(({ cause: c, evidence }): ExplainedCause => ({
      id: c.id,
      title: c.title,
      why: c.why,
      confirm: c.confirm.map((st) => ({ command: fillTemplate(st.command, values, s.defaults), shows: fillTemplate(st.shows, values, s.defaults) })),
      fix: c.fix.map((f) => fillTemplate(f, values, s.defaults)),
      rules: c.rules.map((id) => {
        const r = ruleById(id);
        return { id, available: !!r, summary: r?.meta.summary, docs: ruleDocsUrl(id) };
      }),
      hostChecks: c.hostChecks ?? [],
      evidence: rankEvidence(evidence, values),
    }));
    result.symptoms.push({ id: s.id, title: s.title, summary: s.summary, docs: `docs/symptoms/${s.id}.md`, docsUrl: `${REPOSITORY_URL}/blob/main/docs/symptoms/${s.id}.md`, lines: m.lines, count: m.count, values, causes });
  }
  return result;
}

/**
 * Evidence that names what the message names (the key dockerd rejected, the file it read) comes first and is marked;
 * the rest keeps its order.
 */
function rankEvidence(list: Evidence[], values: Record<string, string>): Evidence[] {
  // A key is the stronger clue; the file only counts when the message names no key.
  const score = (e: Evidence): number => (values.key ? (e.message.includes(`"${values.key}"`) ? 1 : 0) : values.file && e.file.endsWith(values.file) ? 1 : 0);
  if (!values.key && !values.file) return list;
  const scored = list.map((e, i) => ({ e: { ...e, matchesMessage: score(e) > 0 }, s: score(e), i }));
  return scored.sort((a, b) => b.s - a.s || a.i - b.i).map((x) => x.e);
}

function evidenceByRule(findings: readonly Finding[], textOf: (file: string) => string, cwd: string): Map<string, Evidence[]> {
  const idx = new Map<string, LineIndex>();
  const out = new Map<string, Evidence[]>();
  for (const f of findings) {
    let li = idx.get(f.file);
    if (!li) idx.set(f.file, (li = new LineIndex(textOf(f.file))));
    const p = li.positionAt(f.range.start);
    const e: Evidence = { ruleId: f.ruleId, severity: f.severity, message: f.message, file: f.file, displayPath: displayPath(f.file, cwd), line: p.line + 1, column: p.character + 1 };
    let list = out.get(f.ruleId);
    if (!list) out.set(f.ruleId, (list = []));
    list.push(e);
  }
  return out;
}

export const NO_MATCH_HINT =
  'shipshape does not know this message yet. Paste the whole error line (with "Error response from daemon:" or the journal line), or run `shipshape explain --list` to see the messages it knows.';

/** Plain text for terminals. */
export function renderExplainText(r: ExplainResult): string {
  if (!r.matched) return `No known Docker error found in the text. ${NO_MATCH_HINT}`;
  const out: string[] = [];
  for (const s of r.symptoms) {
    out.push(`${s.title}${s.count > 1 ? ` (${s.count} lines)` : ''}`);
    out.push(...wrap(stripTicks(s.summary), 2));
    out.push(`  docs: ${s.docsUrl}`);
    s.causes.forEach((c, i) => {
      out.push('');
      out.push(`  ${i + 1}. ${stripTicks(c.title)}`);
      out.push(...wrap(stripTicks(c.why), 5));
      if (c.confirm.length) {
        out.push('     Confirm:');
        for (const st of c.confirm) out.push(`       $ ${st.command}`, `         ${stripTicks(st.shows)}`);
      }
      if (c.fix.length) {
        out.push('     Fix:');
        for (const f of c.fix) out.push(...wrap(`- ${stripTicks(f)}`, 7, 2));
      }
      const rules = c.rules.map((x) => x.id + (x.available ? '' : ' (not in this build)'));
      if (rules.length) out.push(`     Rules: ${rules.join(', ')}`);
      if (c.hostChecks.length) out.push(`     shipshape doctor: ${c.hostChecks.join(', ')}`);
      if (r.workspace) {
        if (c.evidence.length) {
          out.push(`     In your workspace${c.evidence.some((e) => e.matchesMessage) ? ' (> names what the message names)' : ''}:`);
          for (const e of c.evidence) out.push(`     ${e.matchesMessage ? '> ' : '  '}${e.displayPath}:${e.line}:${e.column}: ${e.message} [${e.ruleId}]`);
        } else if (c.rules.length) out.push('     In your workspace: nothing found');
      }
    });
    out.push('');
  }
  if (r.workspace) out.push(`(workspace ${r.workspace.root}: ${r.workspace.filesLinted} file${r.workspace.filesLinted === 1 ? '' : 's'} linted)`);
  return out.join('\n').replace(/\n+$/, '');
}

export interface MarkdownOptions {
  /** Builds the link target of a workspace file and line; default `<display path>#L<line>`. */
  link?: (e: Evidence) => string;
}

/** A Markdown answer (the editor shows it in a view): causes, commands, fixes, rules, links `path:line` to files. */
export function renderExplainMarkdown(r: ExplainResult, opts: MarkdownOptions = {}): string {
  const link = opts.link ?? ((e: Evidence) => `${encodeURI(e.displayPath)}#L${e.line}`);
  if (!r.matched) return `**No known Docker error found.**\n\n${NO_MATCH_HINT}\n`;
  const out: string[] = [];
  for (const s of r.symptoms) {
    out.push(`## ${escapeMd(s.title)}`, '');
    out.push(`${s.summary} ([more](${s.docsUrl}))`, '');
    out.push('```text', ...s.lines.map((l) => (l.length > 400 ? l.slice(0, 400) + '…' : l)), '```', '');
    s.causes.forEach((c, i) => {
      out.push(`### ${i + 1}. ${c.title}`, '', c.why, '');
      if (c.confirm.length) {
        out.push('**Confirm**', '');
        for (const st of c.confirm) out.push('```sh', st.command, '```', st.shows, '');
      }
      if (c.fix.length) {
        out.push('**Fix**', '');
        for (const f of c.fix) out.push(`- ${f}`);
        out.push('');
      }
      if (c.rules.length) out.push(`**Rules:** ${c.rules.map((x) => `[\`${x.id}\`](${x.docs})${x.available ? '' : ' (not in this build)'}`).join(', ')}`, '');
      if (c.hostChecks.length) out.push(`**\`shipshape doctor\` checks:** ${c.hostChecks.map((h) => `\`${h}\``).join(', ')}`, '');
      if (r.workspace) {
        if (c.evidence.length) {
          out.push('**In your workspace**', '');
          for (const e of c.evidence) out.push(`- [${escapeMd(`${e.displayPath}:${e.line}`)}](${link(e)}) — ${escapeMd(e.message)} (\`${e.ruleId}\`)${e.matchesMessage ? ' — **matches the message**' : ''}`);
          out.push('');
        } else if (c.rules.length) out.push('_Nothing in your workspace shows this cause._', '');
      }
    });
  }
  return out.join('\n').replace(/\n+$/, '') + '\n';
}

function escapeMd(s: string): string {
  return s.replace(/([\\[\]*_<>])/g, '\\$1');
}

function stripTicks(s: string): string {
  return s.replace(/`([^`]*)`/g, '$1');
}

/** Word-wrap at `width`, indenting every line by `indent` and lines after the first by `hang` more. */
function wrap(s: string, indent: number, hang = 0, width = 100): string[] {
  const words = s.split(/\s+/);
  const lines: string[] = [];
  let cur = '';
  const pad = () => ' '.repeat(indent + (lines.length ? hang : 0));
  for (const w of words) {
    if (cur && pad().length + cur.length + 1 + w.length > width) {
      lines.push(pad() + cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(pad() + cur);
  return lines;
}
