import { defineRule } from '../../model/rule';
import { argumentText, keywordText } from './_kv';

export default defineRule({
  meta: {
    id: 'dockerfile-maintainer-deprecated',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'info',
    summary: '`MAINTAINER` is deprecated: it sets only the legacy Author field that registries and scanners no longer read',
    symptom: 'MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label',
    type: 'suggestion',
    fix: 'always',
    tags: ['deprecated'],
    messages: {
      deprecated: '`MAINTAINER` is deprecated: it fills only the image\'s legacy Author field, which registries and tools no longer show. Use `LABEL org.opencontainers.image.authors="…"`.',
    },
    peers: { hadolint: ['DL4000'], buildkit: ['MaintainerDeprecated'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    for (const ins of model.instructions) {
      if (ins.keyword !== 'MAINTAINER') continue;
      const arg = argumentText(ctx.file.text, model, ins);
      const value = arg?.text.trim() ?? '';
      const fixes = [];
      // One line only: a MAINTAINER continued over lines is rewritten by hand.
      if (value && !ctx.file.text.slice(ins.span.start, ins.span.end).includes('\n')) {
        const k = keywordText(ctx.file.text, ins);
        const label = k === k.toLowerCase() ? 'label' : 'LABEL';
        const quoted = '"' + value.replace(/^"(.*)"$/, '$1').replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$/g, '\\$') + '"';
        fixes.push({ title: 'Replace with LABEL org.opencontainers.image.authors', safety: 'safe' as const, edits: [{ file: ctx.file.path, range: ins.span, newText: `${label} org.opencontainers.image.authors=${quoted}` }] });
      }
      ctx.report({ messageId: 'deprecated', range: ins.keywordSpan, fixes });
    }
  },
});
