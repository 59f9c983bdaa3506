// Commands that tools run through a shell, in the files that name them: package.json and composer.json `scripts`,
// lefthook.yml `run:`, .pre-commit-config.yaml `entry:` of `language: system`/`script` hooks, Taskfile.yml `cmds:`
// and `cmd:`, and justfile recipe lines. Each command is a script mapped back to the exact characters of the file
// (JSON string escapes, YAML scalars, a recipe line's indentation and `@`/`-` prefixes). Git hooks and task
// runners run from CI and from GUI clients as well as from a terminal, so none of them can count on one.

import * as yaml from 'yaml';
import { parseAllDocuments, type Node } from 'yaml';
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { verbatimScript, type EmbeddedScript, type ScriptContext } from '../core/embedded';
import type { SourceFile } from '../core/source';
import { mapScalar } from './yaml-scalar';
import { isMakefile } from './makefile';

const { isMap, isPair, isScalar, isSeq } = yaml;

export interface TaskRunnerModel {
  scripts: EmbeddedScript[];
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

export function parseTaskRunner(text: string, path: string): TaskRunnerModel {
  const b = baseName(path);
  try {
    if (b === 'package.json' || b === 'composer.json') return { scripts: jsonScripts(text, b === 'composer.json') };
    if (/lefthook/i.test(b)) return { scripts: yamlScripts(text, 'lefthook') };
    if (/pre-commit-config/.test(b)) return { scripts: yamlScripts(text, 'pre-commit') };
    if (/^taskfile/i.test(b)) return { scripts: yamlScripts(text, 'taskfile') };
    if (isMakefile(b)) return { scripts: [] }; // make's syntax is not shell: only its compose commands are read
    return { scripts: justfileScripts(text) };
  } catch {
    return { scripts: [] };
  }
}

export function taskRunnerScripts(file: SourceFile, workspace?: { parse(kind: 'task-runner', file: SourceFile): TaskRunnerModel }): EmbeddedScript[] {
  return (workspace ? workspace.parse('task-runner', file) : parseTaskRunner(file.text, file.path)).scripts;
}

// ---------------------------------------------------------------- JSON

const JSON_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** A JSON string literal's value with each character's offset (the escape's backslash for an escaped one). */
export function jsonStringValue(text: string, start: number, end: number): { text: string; offsets: Int32Array } | undefined {
  if (text[start] !== '"' || text[end - 1] !== '"') return undefined;
  const chars: string[] = [];
  const offs: number[] = [];
  for (let i = start + 1; i < end - 1; ) {
    const c = text[i];
    if (c === '\\') {
      const n = text[i + 1];
      if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        chars.push(String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16)));
        offs.push(i);
        i += 6;
        continue;
      }
      if (n !== undefined && n in JSON_ESCAPES) {
        chars.push(JSON_ESCAPES[n]);
        offs.push(i);
        i += 2;
        continue;
      }
      return undefined;
    }
    chars.push(c);
    offs.push(i);
    i++;
  }
  const offsets = new Int32Array(chars.length + 1);
  offs.forEach((o, k) => (offsets[k] = o));
  offsets[chars.length] = end - 1;
  return { text: chars.join(''), offsets };
}

function jsonScripts(text: string, composer: boolean): EmbeddedScript[] {
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root || root.type !== 'object') return [];
  const scripts = root.children?.find((p) => p.children?.[0]?.value === 'scripts')?.children?.[1];
  if (!scripts || scripts.type !== 'object') return [];
  const out: EmbeddedScript[] = [];
  const add = (n: JsonNode, name: string) => {
    if (n.type !== 'string') return;
    const v = jsonStringValue(text, n.offset, n.offset + n.length);
    if (!v || v.text.trim() === '') return;
    // composer: `@other-script`, `@php …`, `@composer …` and `Vendor\\Class::method` callbacks are not shell.
    if (composer && (/^\s*@/.test(v.text) || /^[A-Za-z_][\w\\]*::\w+$/.test(v.text.trim()))) return;
    out.push({ text: v.text, offsets: v.offsets, context: 'task-runner', label: name });
  };
  for (const p of scripts.children ?? []) {
    const name = String(p.children?.[0]?.value ?? '');
    const v = p.children?.[1];
    if (!v) continue;
    if (v.type === 'array' && composer) for (const item of v.children ?? []) add(item, name);
    else add(v, name);
  }
  return out;
}

// ---------------------------------------------------------------- YAML

function get(map: unknown, key: string): Node | undefined {
  if (!isMap(map)) return undefined;
  for (const p of map.items) if (isPair(p) && isScalar(p.key) && p.key.value === key) return p.value as Node | undefined;
  return undefined;
}

function scalarScript(text: string, node: unknown, context: ScriptContext, label: string | undefined, shell?: string): EmbeddedScript | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '') return undefined;
  const mapped = mapScalar(text, node);
  if (!mapped) return undefined;
  return { text: mapped.text, offsets: mapped.offsets, context, label, shell };
}

function yamlScripts(text: string, tool: 'lefthook' | 'pre-commit' | 'taskfile'): EmbeddedScript[] {
  const out: EmbeddedScript[] = [];
  const push = (s: EmbeddedScript | undefined) => {
    if (s) out.push(s);
  };
  for (const doc of parseAllDocuments(text, { keepSourceTokens: true, uniqueKeys: false, prettyErrors: false })) {
    if (!('contents' in doc)) continue;
    const root = doc.contents;
    if (!isMap(root)) continue;
    if (tool === 'pre-commit') {
      const repos = get(root, 'repos');
      if (!isSeq(repos)) continue;
      for (const repo of repos.items) {
        const hooks = get(repo, 'hooks');
        if (!isSeq(hooks)) continue;
        for (const h of hooks.items) {
          const lang = get(h, 'language');
          const language = isScalar(lang) ? String(lang.value) : '';
          if (language !== 'system' && language !== 'script') continue;
          const id = get(h, 'id');
          push(scalarScript(text, get(h, 'entry'), 'git-hook', isScalar(id) ? String(id.value) : undefined));
        }
      }
    } else if (tool === 'lefthook') {
      for (const hp of root.items) {
        if (!isPair(hp) || !isScalar(hp.key)) continue;
        const hook = String(hp.key.value);
        for (const group of ['commands', 'scripts']) {
          const g = get(hp.value, group);
          if (!isMap(g)) continue;
          for (const cp of g.items) if (isPair(cp)) push(scalarScript(text, get(cp.value, 'run'), 'git-hook', hook));
        }
        const jobs = get(hp.value, 'jobs');
        if (isSeq(jobs)) for (const j of jobs.items) push(scalarScript(text, get(j, 'run'), 'git-hook', hook));
      }
    } else {
      const tasks = get(root, 'tasks');
      if (!isMap(tasks)) continue;
      for (const tp of tasks.items) {
        if (!isPair(tp) || !isScalar(tp.key)) continue;
        const name = String(tp.key.value);
        const task = tp.value;
        // `build: [cmd, …]` and `build: cmd` are the short forms of a task.
        const cmds = isSeq(task) ? task : get(task, 'cmds');
        if (isScalar(task)) push(scalarScript(text, task, 'task-runner', name));
        push(scalarScript(text, get(task, 'cmd'), 'task-runner', name));
        if (isSeq(cmds)) {
          for (const c of cmds.items) {
            if (isScalar(c)) push(scalarScript(text, c, 'task-runner', name));
            else push(scalarScript(text, get(c, 'cmd'), 'task-runner', name));
          }
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- justfile

/**
 * Each recipe line is run by its own `sh -cu` (the `set shell` setting may name another shell); a recipe that starts
 * with `#!` is a script for that interpreter, read as shell only when it names one.
 */
function justfileScripts(text: string): EmbeddedScript[] {
  const out: EmbeddedScript[] = [];
  const lines: { start: number; end: number }[] = [];
  for (let i = 0; i <= text.length; ) {
    let e = text.indexOf('\n', i);
    if (e < 0) e = text.length;
    lines.push({ start: i, end: e > i && text[e - 1] === '\r' ? e - 1 : e });
    i = e + 1;
  }
  const setShell = /^set\s+shell\s*:=\s*\[\s*["']([^"']+)["']/m.exec(text);
  const shell = setShell ? setShell[1] : undefined;
  let inRecipe = false;
  let shebangShell: string | undefined | null = null;
  for (let k = 0; k < lines.length; k++) {
    const { start, end } = lines[k];
    const line = text.slice(start, end);
    if (line.trim() === '') continue;
    if (!/^[ \t]/.test(line)) {
      // A recipe header: `name arg='x': deps` (not `name := value`, not a comment, not an attribute line).
      inRecipe = /^@?[A-Za-z_][\w-]*(\s+[^:]*?)?:(?!=)/.test(line) && !/^(set|export|alias|import|mod)\b/.test(line);
      shebangShell = null;
      continue;
    }
    if (!inRecipe) continue;
    let p = start;
    while (p < end && (text[p] === ' ' || text[p] === '\t')) p++;
    if (shebangShell === null) {
      const m = /^#!\s*(?:\S*\/)?(?:env\s+(?:-S\s+)?)?(\S+)/.exec(text.slice(p, end));
      shebangShell = m ? m[1] : undefined;
      if (m) continue;
    }
    if (shebangShell !== undefined && shebangShell !== null && !/^(ba|da|z|k|a)?sh$/.test(shebangShell)) continue;
    while (p < end && (text[p] === '@' || text[p] === '-')) p++;
    // A line ending in `\` goes on on the next line: one command.
    let last = k;
    while (text[lines[last].end - 1] === '\\' && last + 1 < lines.length) last++;
    const slice = text.slice(p, lines[last].end);
    k = last;
    if (slice.trim() === '' || slice.trimStart().startsWith('#')) continue;
    out.push({ ...verbatimScript(slice, p, 'task-runner', shebangShell ?? shell), label: 'recipe' });
  }
  return out;
}
