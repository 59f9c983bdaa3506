// The shell scripts in CI pipeline files, each with a map back to the exact characters of the pipeline file:
// GitHub Actions `run:` (with `shell:`), GitLab `script:`/`before_script:`/`after_script:` (lists, nested lists,
// anchors), Azure Pipelines `script:`/`bash:`, CircleCI `run:` (string or `command:`), Bitbucket `script:` lists,
// and Jenkinsfile `sh '…'`, `sh "…"`, `sh '''…'''`, `sh """…"""`, `sh(script: '…')`.

import * as yaml from 'yaml';
import { parseAllDocuments, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';

// The node tests are called for nearly every node a rule looks at: bound once here, so that a bundle calls them
// directly rather than through the getter its CommonJS interop puts on every access to the package's exports.
const { isAlias, isMap, isPair, isScalar, isSeq } = yaml;
import type { EmbeddedScript } from '../core/embedded';
import type { SourceFile } from '../core/source';
import { mapScalar, type MappedText } from './yaml-scalar';

export function isJenkinsfile(path: string): boolean {
  return /(^|\/)Jenkinsfile([.-][^/]*)?$/.test(path) || /\.jenkinsfile$/i.test(path);
}

/** A CI file as the shell rules see it: its shell scripts, each mapped back to the file. */
export interface CiModel {
  scripts: EmbeddedScript[];
}

export function parseCi(text: string, path: string): CiModel {
  try {
    if (isJenkinsfile(path)) return { scripts: jenkinsfileScripts(text) };
    if (/(^|\/)\.github\/workflows\//.test(path)) return { scripts: githubScripts(text) };
    return { scripts: genericYamlScripts(text) };
  } catch {
    return { scripts: [] };
  }
}

/** The script extractor for kind 'ci' (through the workspace's parse cache when there is one). */
export function ciScripts(file: SourceFile, workspace?: { parse(kind: 'ci', file: SourceFile): CiModel }): EmbeddedScript[] {
  return (workspace ? workspace.parse('ci', file) : parseCi(file.text, file.path)).scripts;
}

// ---------------------------------------------------------------- YAML

function get(map: unknown, key: string): Node | undefined {
  if (!isMap(map)) return undefined;
  for (const p of map.items) if (isPair(p) && isScalar(p.key) && p.key.value === key) return p.value as Node | undefined;
  return undefined;
}

function str(n: unknown): string | undefined {
  return isScalar(n) && typeof n.value === 'string' ? n.value : undefined;
}

/** A scalar node as a script. */
function scalarScript(text: string, node: Scalar, label: string | undefined, shell: string | undefined): EmbeddedScript | undefined {
  if (typeof node.value !== 'string' || !node.range) return undefined;
  const mapped = mapScalar(text, node) ?? alignScalar(text, node);
  return { text: mapped.text, offsets: mapped.offsets, context: 'ci', shell, label };
}

/** Fallback when the exact mapping disagrees with the library: align the value with the raw text, in order. */
function alignScalar(text: string, node: Scalar): MappedText {
  const value = String(node.value);
  const [start, end] = node.range!;
  const offsets = new Int32Array(value.length + 1);
  let j = start;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    let k = j;
    while (k < end && text[k] !== c && !((c === ' ' || c === '\n') && (text[k] === '\n' || text[k] === ' '))) k++;
    if (k >= end) k = Math.min(j, Math.max(start, end - 1));
    offsets[i] = k;
    j = Math.min(end, k + 1);
  }
  offsets[value.length] = j;
  return { text: value, offsets };
}

function resolve(doc: Document, n: unknown): unknown {
  return isAlias(n) ? n.resolve(doc) : n;
}

/** Scripts from a `script:`-like value: a string, or a list (nested lists and aliases allowed). */
function collect(text: string, doc: Document, value: unknown, label: string | undefined, shell: string | undefined, seen: Set<number>, out: EmbeddedScript[], depth = 0): void {
  const v = resolve(doc, value);
  if (depth > 8 || !v) return;
  if (isScalar(v)) {
    const start = v.range?.[0] ?? -1;
    if (seen.has(start)) return;
    seen.add(start);
    const s = scalarScript(text, v, label, shell);
    if (s) out.push(s);
  } else if (isSeq(v)) {
    for (const item of v.items) collect(text, doc, item, label, shell, seen, out, depth + 1);
  }
}

const SHELLS_WE_READ = /^(bash|sh)(\s|$)/;

function githubScripts(text: string): EmbeddedScript[] {
  const out: EmbeddedScript[] = [];
  for (const doc of parseAllDocuments(text, { keepSourceTokens: true, uniqueKeys: false, prettyErrors: false })) {
    if (!('contents' in doc)) continue;
    const root = doc.contents;
    const wfShell = str(get(get(get(root, 'defaults'), 'run'), 'shell'));
    const jobs = get(root, 'jobs');
    if (!isMap(jobs)) continue;
    const seen = new Set<number>();
    for (const jp of jobs.items) {
      const jobName = isScalar(jp.key) ? String(jp.key.value) : undefined;
      const job = resolve(doc, jp.value);
      const jobShell = str(get(get(get(job, 'defaults'), 'run'), 'shell'));
      const runsOn = get(job, 'runs-on');
      const windows = /windows/i.test(isScalar(runsOn) ? String(runsOn.value) : isSeq(runsOn) ? runsOn.items.map((i) => (isScalar(i) ? String(i.value) : '')).join(' ') : '');
      const steps = resolve(doc, get(job, 'steps'));
      if (!isSeq(steps)) continue;
      for (const st of steps.items) {
        const step = resolve(doc, st);
        const run = resolve(doc, get(step, 'run'));
        if (!isScalar(run)) continue;
        const shell = str(get(step, 'shell')) ?? jobShell ?? wfShell ?? (windows ? 'pwsh' : 'bash');
        if (!SHELLS_WE_READ.test(shell)) continue;
        collect(text, doc, run, jobName, shell.split(/\s/)[0], seen, out);
      }
    }
  }
  return out;
}

const SCRIPT_KEYS = new Set(['script', 'before_script', 'after_script', 'after-script', 'bash']);
const NOT_SHELL_TASK = /powershell|pwsh|python|batch/i;

/** GitLab, Azure Pipelines, CircleCI, Bitbucket: every script-like key anywhere in the file. */
function genericYamlScripts(text: string): EmbeddedScript[] {
  const out: EmbeddedScript[] = [];
  for (const doc of parseAllDocuments(text, { keepSourceTokens: true, uniqueKeys: false, prettyErrors: false })) {
    if (!('contents' in doc)) continue;
    const seen = new Set<number>();
    // Azure Pipelines runs `script:` with cmd.exe on Windows agents (`bash:` is bash everywhere).
    const windowsPool = /windows/i.test(str(get(get(doc.contents, 'pool'), 'vmImage')) ?? '');
    const walk = (node: unknown, label: string | undefined, depth: number, parent: YAMLMap | undefined) => {
      if (depth > 64 || !node) return;
      if (isSeq(node)) {
        for (const i of node.items) walk(i, label, depth + 1, undefined);
        return;
      }
      if (!isMap(node)) return;
      const task = str(get(node, 'task'));
      for (const p of node.items) {
        if (!isPair(p) || !isScalar(p.key)) continue;
        const key = String(p.key.value);
        const jobLabel = depth === 0 ? key : label;
        if (key === 'with' || key === 'variables' || key === 'environment') continue;
        if (SCRIPT_KEYS.has(key)) {
          const parentTask = task ?? str(get(parent, 'task'));
          if (parentTask && NOT_SHELL_TASK.test(parentTask)) continue;
          if (key === 'script' && windowsPool) continue;
          const shell = key === 'bash' ? 'bash' : undefined;
          collect(text, doc as Document, p.value, jobLabel, shell, seen, out);
          continue;
        }
        if (key === 'run') {
          const v = resolve(doc as Document, p.value);
          if (isScalar(v)) collect(text, doc as Document, v, jobLabel, undefined, seen, out);
          else if (isMap(v)) {
            const shell = str(get(v, 'shell'));
            if (!shell || /(^|\/)(ba|da|z)?sh\b/.test(shell)) collect(text, doc as Document, get(v, 'command'), jobLabel, shell, seen, out);
          }
          continue;
        }
        if (key === 'inputs') {
          walk(p.value, jobLabel, depth + 1, node);
          continue;
        }
        walk(resolve(doc as Document, p.value), jobLabel, depth + 1, node);
      }
    };
    walk(doc.contents, undefined, 0, undefined);
  }
  return out;
}

// ---------------------------------------------------------------- Jenkinsfile (Groovy)

interface GroovyString {
  start: number;
  end: number;
  mapped: MappedText;
}

const GROOVY_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '\\': '\\', "'": "'", '"': '"', $: '$', '/': '/', s: ' ' };

/** Read a Groovy string literal at i ('…', "…", '''…''', """…"""); undefined when there is none. */
function readGroovyString(text: string, i: number): GroovyString | undefined {
  const q = text[i];
  if (q !== "'" && q !== '"') return undefined;
  const triple = text.startsWith(q.repeat(3), i);
  const delim = triple ? q.repeat(3) : q;
  let j = i + delim.length;
  const chars: string[] = [];
  const offs: number[] = [];
  while (j < text.length) {
    if (text.startsWith(delim, j)) {
      const offsets = new Int32Array(offs.length + 1);
      offs.forEach((o, k) => (offsets[k] = o));
      offsets[offs.length] = j;
      return { start: i, end: j + delim.length, mapped: { text: chars.join(''), offsets } };
    }
    const c = text[j];
    if (!triple && c === '\n') return undefined; // a single-line string cannot span lines
    if (c === '\\') {
      const n = text[j + 1];
      if (n === '\n' && triple) {
        j += 2;
        continue;
      }
      if (n !== undefined && n in GROOVY_ESCAPES) {
        chars.push(GROOVY_ESCAPES[n]);
        offs.push(j);
        j += 2;
        continue;
      }
      if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) {
        chars.push(String.fromCharCode(parseInt(text.slice(j + 2, j + 6), 16)));
        offs.push(j);
        j += 6;
        continue;
      }
    }
    if (q === '"' && c === '$' && text[j + 1] === '{') {
      // GString interpolation: opaque to the shell, kept as written
      let depth = 0;
      const s = j;
      do {
        if (text[j] === '{') depth++;
        else if (text[j] === '}') depth--;
        chars.push(text[j]);
        offs.push(j);
        j++;
      } while (j < text.length && depth > 0 && j - s < 10_000);
      continue;
    }
    chars.push(c);
    offs.push(j);
    j++;
  }
  return undefined;
}

function skipBlank(text: string, i: number): number {
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith('//', i)) {
      const e = text.indexOf('\n', i);
      i = e < 0 ? text.length : e + 1;
      continue;
    }
    if (text.startsWith('/*', i)) {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? text.length : e + 2;
      continue;
    }
    return i;
  }
}

/** The script literal of an `sh` step starting after the word `sh` at i (positional, or the `script:` argument). */
function shArgument(text: string, i: number): GroovyString | undefined {
  i = skipBlank(text, i);
  const paren = text[i] === '(';
  if (paren) i = skipBlank(text, i + 1);
  for (let n = 0; n < 8 && i < text.length; n++) {
    const lit = readGroovyString(text, i);
    if (lit) return n === 0 || paren ? lit : undefined;
    const m = /^([A-Za-z_]\w*)\s*:\s*/.exec(text.slice(i, i + 80));
    if (!m) return undefined;
    i += m[0].length;
    if (m[1] === 'script') return readGroovyString(text, i);
    // skip this named argument's value up to the next comma
    const v = readGroovyString(text, i);
    if (v) i = v.end;
    else while (i < text.length && text[i] !== ',' && text[i] !== ')' && text[i] !== '\n') i++;
    i = skipBlank(text, i);
    if (text[i] !== ',') return undefined;
    i = skipBlank(text, i + 1);
  }
  return undefined;
}

export function jenkinsfileScripts(text: string): EmbeddedScript[] {
  const out: EmbeddedScript[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      i = skipBlank(text, i);
      continue;
    }
    if (c === "'" || c === '"') {
      const s = readGroovyString(text, i);
      i = s ? s.end : i + 1;
      continue;
    }
    if (c === 's' && text[i + 1] === 'h' && !/[\w.$]/.test(text[i - 1] ?? ' ') && !/[\w$]/.test(text[i + 2] ?? ' ')) {
      const lit = shArgument(text, i + 2);
      if (lit) {
        out.push({ text: lit.mapped.text, offsets: lit.mapped.offsets, context: 'ci', shell: 'sh' });
        i = lit.end;
        continue;
      }
    }
    i++;
  }
  return out;
}
