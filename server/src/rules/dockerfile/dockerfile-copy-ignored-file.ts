import dockerignore from '@balena/dockerignore';
import { defineRule } from '../../model/rule';
import type { DfInstruction, DfWord } from '../../parsers/dockerfile';
import { contextDir, dirname } from './build-context-without-dockerignore';

/** Sources a COPY/ADD takes from the build context (no --from, no heredoc, no URL or git source). */
function contextSources(ins: DfInstruction) {
  if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') return [];
  if (ins.flags.some((f) => f.name === 'from')) return [];
  if (ins.args.length < 2 || ins.args.some((a) => a.text.startsWith('<<'))) return [];
  return ins.args.slice(0, -1).filter((a) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(a.text) && !a.text.startsWith('git@') && !a.text.includes('$'));
}

/** `./a/../b/` -> `b`, as the builder cleans a source path. */
function clean(p: string): string {
  const out: string[] = [];
  for (const part of p.replace(/^["']|["']$/g, '').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/') || '.';
}

export default defineRule({
  meta: {
    id: 'dockerfile-copy-ignored-file',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'error',
    summary: '`COPY`/`ADD` of a path that .dockerignore leaves out of the build context: the file is not there to copy',
    symptom: 'failed to compute cache key: failed to calculate checksum of ref ...: "/config.json": not found',
    type: 'problem',
    fix: 'none',
    messages: {
      ignored: '`{source}` is left out of the build context by `{pattern}` in {ignoreFile}, so the builder cannot find it: the build fails with `"/{path}": not found`. Remove the pattern or add `!{path}` to {ignoreFile}, or stop copying it.',
    },
    peers: { buildkit: ['CopyIgnoredFile'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    const sources: DfWord[] = [];
    for (const ins of model.instructions) if (ins.keyword === 'COPY' || ins.keyword === 'ADD') for (const s of contextSources(ins)) sources.push(s);
    if (sources.length === 0) return;
    const fs = ctx.workspace.fs;
    const file = ctx.file.path;
    const named = sources.map((s) => clean(s.text)).filter((s) => s !== '.' && !/[*?[]/.test(s));
    const dir = contextDir(fs, dirname(file), named, ctx.workspace.root);
    const own = `${file}.dockerignore`;
    const ignoreFile = fs.exists(own) ? own : fs.exists(`${dir}/.dockerignore`) ? `${dir}/.dockerignore` : undefined;
    if (!ignoreFile) return;
    const patterns = (fs.readText(ignoreFile) ?? '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    // With exceptions (`!keep`) a folder may be left out while a file in it is kept: too many cases to tell here.
    if (patterns.length === 0 || patterns.some((p) => p.startsWith('!'))) return;
    const shown = ignoreFile === own ? ignoreFile.slice(ignoreFile.lastIndexOf('/') + 1) : ignoreFile.slice(dir.length + 1);
    // Each pattern compiled once per file, not once per source and prefix.
    let matchers: ReturnType<typeof dockerignore>[] | undefined;
    for (const s of sources) {
      const path = clean(s.text);
      let hit: string | undefined;
      if (path === '.') hit = patterns.find((p) => p === '*' || p === '**' || p === '**/*');
      else {
        matchers ??= patterns.map((p) => dockerignore().add([p]));
        const parts = path.split('/');
        for (let i = 1; i <= parts.length && !hit; i++) {
          const prefix = parts.slice(0, i).join('/');
          const k = matchers.findIndex((m) => m.ignores(prefix));
          if (k >= 0) hit = patterns[k];
        }
      }
      if (hit) ctx.report({ messageId: 'ignored', data: { source: s.text, pattern: hit, ignoreFile: shown, path }, range: s.span });
    }
  },
});
