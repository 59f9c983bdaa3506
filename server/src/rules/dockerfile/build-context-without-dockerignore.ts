import dockerignore from '@balena/dockerignore';
import { defineRule, type HostFs } from '../../model/rule';
import type { DfInstruction } from '../../parsers/dockerfile';
import { formatBytes } from './useradd-without-no-log-init';

/** Folders that are heavy and never needed in a build context, by the name they have wherever they sit. */
const HEAVY_ANYWHERE = ['node_modules', '__pycache__'];
/** Folders that are heavy when they sit at the top of the context. */
const HEAVY_TOP = ['.git', 'node_modules', 'target', 'dist', 'build', '.venv', 'venv', 'vendor', '__pycache__', '.tox', '.pytest_cache', '.mypy_cache', '.gradle', '.next', 'coverage', '.terraform'];

const WHOLE_CONTEXT = new Set(['.', './', './.', '*', './*']);
const MAX_ENTRIES = 100_000;
const MAX_DEPTH = 40;

export interface ContextSize {
  files: number;
  bytes: number;
  /** true when the walk stopped at its limit: the numbers are a lower bound */
  partial: boolean;
  /** bytes under each heavy folder that is sent, by its pattern (`.git`, `**\/node_modules`) */
  heavy: Map<string, number>;
}

/** Walk the context as the builder would send it, leaving out what the .dockerignore patterns exclude. */
export function measureContext(fs: HostFs, dir: string, patterns: string[]): ContextSize {
  const ig = dockerignore().add(patterns);
  const hasExceptions = patterns.some((p) => p.trim().startsWith('!'));
  const out: ContextSize = { files: 0, bytes: 0, partial: false, heavy: new Map() };
  // Go builds use vendor/ when it is there: it is part of the source, not a cache.
  const heavyTop = fs.exists(`${dir}/go.mod`) ? HEAVY_TOP.filter((n) => n !== 'vendor') : HEAVY_TOP;
  let entries = 0;
  const stack: { rel: string; depth: number; heavy: string | undefined }[] = [{ rel: '', depth: 0, heavy: undefined }];
  while (stack.length) {
    const { rel, depth, heavy } = stack.pop()!;
    for (const name of fs.readdir(rel ? `${dir}/${rel}` : dir)) {
      if (++entries > MAX_ENTRIES) {
        out.partial = true;
        return out;
      }
      const r = rel ? `${rel}/${name}` : name;
      const abs = `${dir}/${r}`;
      const ignored = patterns.length > 0 && ig.ignores(r);
      if (fs.isDirectory(abs)) {
        if (ignored && !hasExceptions) continue;
        if (depth + 1 > MAX_DEPTH) {
          out.partial = true;
          continue;
        }
        let h = heavy;
        if (!h && depth === 0 && heavyTop.includes(name)) h = HEAVY_ANYWHERE.includes(name) ? `**/${name}` : name;
        else if (!h && HEAVY_ANYWHERE.includes(name)) h = `**/${name}`;
        stack.push({ rel: r, depth: depth + 1, heavy: h });
        continue;
      }
      if (ignored) continue;
      const size = fs.size(abs) ?? 0;
      out.files++;
      out.bytes += size;
      if (heavy) out.heavy.set(heavy, (out.heavy.get(heavy) ?? 0) + size);
    }
  }
  return out;
}

/**
 * The folder the Dockerfile is most likely built from: its own, unless the files it copies by name are not there
 * but are in a folder above it (`docker build -f docker/Dockerfile .`), up to the workspace root.
 */
export function contextDir(fs: HostFs, start: string, named: string[], root: string): string {
  if (named.length === 0 || !fs.isDirectory(start)) return start;
  const has = (d: string) => named.every((n) => fs.exists(`${d}/${n}`));
  let d = start;
  for (let up = 0; up <= 3; up++) {
    if (has(d)) return d;
    if (d === root || !d.startsWith(root + '/')) break;
    d = dirname(d);
  }
  return start;
}

function relativeUp(from: string, to: string): string {
  let n = 0;
  let d = from;
  while (d !== to && d.length > to.length) {
    d = dirname(d);
    n++;
  }
  return Array(n).fill('..').join('/');
}

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '/' : '.') : p.slice(0, i);
}

/** Sources of a COPY/ADD from the build context (no --from, not a heredoc). */
function contextSources(ins: DfInstruction) {
  if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') return [];
  if (ins.flags.some((f) => f.name === 'from')) return [];
  const args = ins.args;
  if (args.length < 2 || args.some((a) => a.text.startsWith('<<'))) return [];
  return args.slice(0, -1);
}

export default defineRule({
  meta: {
    id: 'build-context-without-dockerignore',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: '`COPY .`/`ADD .` with no .dockerignore: the whole folder, .git and dependencies included, is sent to the builder and copied into the image',
    symptom: 'Sending build context to Docker daemon  16.23GB',
    type: 'problem',
    fix: 'always',
    messages: {
      missing: '`{instruction} {source}` sends the whole build context and there is no .dockerignore beside it: {where} is {size} in {files} files{heavy}, all sent to the builder and copied into the image. Create a .dockerignore.',
      missingUnsized: '`{instruction} {source}` sends the whole build context and there is no .dockerignore beside it: .git, dependencies and build output are sent to the builder and copied into the image. Create a .dockerignore.',
      heavyKept: '`{instruction} {source}` sends the whole build context and {ignoreFile} does not leave out {names}: {heavySize} of the {size} sent. Add them to {ignoreFile}.',
    },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    let trigger: { ins: DfInstruction; source: { text: string; span: { start: number; end: number } } } | undefined;
    const referenced = new Set<string>();
    const named: string[] = [];
    for (const ins of model.instructions) {
      for (const s of contextSources(ins)) {
        const top = s.text.replace(/^\.\//, '').split('/')[0];
        if (top && !WHOLE_CONTEXT.has(s.text)) referenced.add(top);
        if (!WHOLE_CONTEXT.has(s.text) && !/[*?[$]/.test(s.text) && !/^[a-z]+:\/\//i.test(s.text)) named.push(s.text.replace(/^\.\//, '').replace(/\/+$/, ''));
        if (!trigger && WHOLE_CONTEXT.has(s.text)) trigger = { ins, source: s };
      }
    }
    if (!trigger) return;
    const fs = ctx.workspace.fs;
    const file = ctx.file.path;
    const dir = contextDir(fs, dirname(file), named, ctx.workspace.root);
    const own = `${file}.dockerignore`;
    const shared = `${dir}/.dockerignore`;
    const ignoreFile = fs.exists(own) ? own : fs.exists(shared) ? shared : undefined;
    const where = dir === dirname(file) ? 'this context' : `the context ${relativeUp(dirname(file), dir)} (where the files it copies are)`;
    const base = { instruction: ctx.file.text.slice(trigger.ins.keywordSpan.start, trigger.ins.keywordSpan.end), source: trigger.source.text, where };
    const range = trigger.source.span;
    if (!fs.isDirectory(dir)) {
      if (!ignoreFile) ctx.report({ messageId: 'missingUnsized', data: base, range, fixes: [createFix(shared, ['.git'])] });
      return;
    }
    const text = ignoreFile ? (fs.readText(ignoreFile) ?? '') : '';
    const patterns = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const m = measureContext(fs, dir, patterns);
    const size = (m.partial ? 'more than ' : '') + formatBytes(m.bytes);
    const heavyNames = [...m.heavy.keys()].filter((h) => !referenced.has(h.replace(/^\*\*\//, ''))).sort();
    const heavyBytes = heavyNames.reduce((n, h) => n + (m.heavy.get(h) ?? 0), 0);
    if (!ignoreFile) {
      const names = ['.git', ...heavyNames.filter((h) => h !== '.git')];
      const heavy = heavyNames.length ? `, ${formatBytes(heavyBytes)} of it in ${heavyNames.map((h) => h.replace(/^\*\*\//, '')).join(', ')}` : '';
      ctx.report({ messageId: 'missing', data: { ...base, size, files: m.files.toLocaleString('en-US'), heavy }, range, fixes: [createFix(shared, names)] });
      return;
    }
    if (heavyNames.length === 0) return;
    const rel = ignoreFile.slice(dir.length + 1);
    const sep = text.length && !text.endsWith('\n') ? '\n' : '';
    ctx.report({
      messageId: 'heavyKept',
      data: { ...base, ignoreFile: rel, names: heavyNames.map((h) => h.replace(/^\*\*\//, '')).join(', '), heavySize: formatBytes(heavyBytes), size },
      range,
      fixes: [{ title: `Add ${heavyNames.join(', ')} to ${rel}`, safety: 'unsafe', edits: [{ file: ignoreFile, range: { start: text.length, end: text.length }, newText: sep + heavyNames.join('\n') + '\n' }] }],
    });
  },
});

function createFix(path: string, names: string[]) {
  return { title: 'Create a .dockerignore', safety: 'unsafe' as const, edits: [{ file: path, range: { start: 0, end: 0 }, newText: names.join('\n') + '\n' }] };
}
