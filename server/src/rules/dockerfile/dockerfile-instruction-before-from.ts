import { defineRule } from '../../model/rule';

export default defineRule({
  meta: {
    id: 'dockerfile-instruction-before-from',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'error',
    summary: 'an instruction other than `ARG` before the first `FROM`',
    symptom: 'no build stage in current context',
    type: 'problem',
    fix: 'none',
    messages: {
      before: '`{keyword}` comes before the first `FROM`: only `ARG` may, and the build stops with `no build stage in current context`. Move it below `FROM`.',
    },
    peers: { hadolint: ['DL3061'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    for (const ins of model.instructions) {
      if (ins.keyword === 'FROM') break;
      if (ins.keyword === 'ARG') continue;
      ctx.report({ messageId: 'before', data: { keyword: ins.keyword }, range: ins.keywordSpan });
    }
  },
});
