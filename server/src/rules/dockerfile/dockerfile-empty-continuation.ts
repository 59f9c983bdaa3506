import { defineRule } from '../../model/rule';

export default defineRule({
  meta: {
    id: 'dockerfile-empty-continuation',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: 'an empty line inside a `\\` continuation: deprecated, and it hides where the instruction ends',
    symptom: '[WARNING]: Empty continuation line found in: RUN apk add curl git',
    type: 'problem',
    fix: 'always',
    messages: {
      empty: 'Empty line inside the continuation of `{keyword}`: the builder skips it and joins the next line to this instruction (a forgotten `\\` before it swallows the next instruction), and a future Dockerfile syntax rejects it. Remove the line.',
    },
    peers: { buildkit: ['NoEmptyContinuation'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    const text = ctx.file.text;
    const esc = model.escape;
    for (const ins of model.instructions) {
      // Heredoc bodies keep their blank lines: they are file content, not continuations.
      if (!/\n[ \t]*\r?\n/.test(text.slice(ins.span.start, ins.span.end)) || ins.args.some((a) => a.text.includes('<<'))) continue;
      let p = ins.span.start;
      let continued = false;
      while (p < ins.span.end) {
        let e = text.indexOf('\n', p);
        if (e < 0 || e > ins.span.end) e = ins.span.end;
        const line = text.slice(p, e).replace(/\r$/, '');
        const trimmed = line.trim();
        if (continued && trimmed === '') {
          const end = Math.min(e + 1, text.length);
          ctx.report({ messageId: 'empty', data: { keyword: ins.keyword }, range: { start: p, end: e }, fixes: [{ title: 'Remove the empty line', safety: 'safe', edits: [{ file: ctx.file.path, range: { start: p, end }, newText: '' }] }] });
        } else if (!continued || !trimmed.startsWith('#')) {
          continued = line.replace(/[ \t]+$/, '').endsWith(esc);
        }
        p = e + 1;
      }
    }
  },
});
