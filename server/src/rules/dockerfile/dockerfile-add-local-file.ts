import { defineRule } from '../../model/rule';

/** Names ADD would unpack (tar, optionally compressed); ADD looks at the content, these are the usual names. */
const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tzst|tar\.lz|tar\.lzma|tlz|gz|bz2|xz|zst|lz|lzma|z|Z)$/i;
const REMOTE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@)/i;
/** Flags only ADD has: with them ADD does something COPY cannot. */
const ADD_ONLY = new Set(['checksum', 'keep-git-dir', 'unpack']);

export default defineRule({
  meta: {
    id: 'dockerfile-add-local-file',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'info',
    summary: '`ADD` of local files: it also unpacks any tar archive it copies; `COPY` copies exactly',
    type: 'suggestion',
    fix: 'sometimes',
    messages: {
      add: '`ADD` copies local files like `COPY`, but it also unpacks any source that is a tar archive (it looks at the content, not the name), so what lands in the image depends on the files. Use `COPY` for local files, `ADD` only for URLs, git repositories and archives to unpack.',
    },
    peers: { hadolint: ['DL3020'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    const text = ctx.file.text;
    for (const ins of model.instructions) {
      if (ins.keyword !== 'ADD' || ins.args.length < 2) continue;
      if (ins.flags.some((f) => ADD_ONLY.has(f.name))) continue;
      const first = ins.args[0].text;
      if (first.startsWith('[') || ins.args.some((a) => a.text.startsWith('<<'))) continue;
      const sources = ins.args.slice(0, -1).map((a) => a.text.replace(/^["']|["']$/g, ''));
      if (sources.some((s) => REMOTE.test(s) || ARCHIVE.test(s) || s.includes('$'))) continue;
      const kw = text.slice(ins.keywordSpan.start, ins.keywordSpan.end);
      const copy = kw === kw.toLowerCase() ? 'copy' : 'COPY';
      // A glob may match an archive that ADD would unpack and COPY would not: then the change is not certain.
      const glob = sources.some((s) => /[*?[]/.test(s));
      ctx.report({ messageId: 'add', range: ins.keywordSpan, fixes: [{ title: 'Use COPY', safety: glob ? 'unsafe' : 'safe', edits: [{ file: ctx.file.path, range: ins.keywordSpan, newText: copy }] }] });
    }
  },
});
