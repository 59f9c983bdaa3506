import { defineRule } from '../../model/rule';

export default defineRule({
  meta: {
    id: 'dockerfile-copy-dest-not-dir',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: '`COPY a b dest` with several sources and a destination that does not end in `/`',
    symptom: 'When using COPY with more than one source file, the destination must be a directory and end with a /',
    type: 'problem',
    fix: 'always',
    messages: {
      slash: '`{keyword}` has {count} sources but the destination `{dest}` does not end in `/`: the legacy builder and other builders stop with `When using {keyword} with more than one source file, the destination must be a directory and end with a /`. Write `{dest}/`.',
    },
    peers: { hadolint: ['DL3021'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    for (const ins of model.instructions) {
      if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
      const args = ins.args;
      if (args.length < 3 || args[0].text.startsWith('[') || args.some((a) => a.text.startsWith('<<'))) continue;
      const dest = args[args.length - 1];
      const d = dest.text.replace(/^["']|["']$/g, '');
      if (d.endsWith('/') || d.endsWith('\\') || d.includes('$') || d === '.') continue;
      const at = dest.text.length && /["']$/.test(dest.text) ? dest.span.end - 1 : dest.span.end;
      ctx.report({ messageId: 'slash', data: { keyword: ins.keyword, count: args.length - 1, dest: d }, range: dest.span, fixes: [{ title: `Write ${d}/`, safety: 'safe', edits: [{ file: ctx.file.path, range: { start: at, end: at }, newText: '/' }] }] });
    }
  },
});
