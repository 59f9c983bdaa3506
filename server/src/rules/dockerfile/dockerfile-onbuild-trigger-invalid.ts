import { defineRule } from '../../model/rule';

const FORBIDDEN = new Map([
  ['ONBUILD', 'Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed'],
  ['FROM', 'FROM isn\'t allowed as an ONBUILD trigger'],
  ['MAINTAINER', 'MAINTAINER isn\'t allowed as an ONBUILD trigger'],
]);

export default defineRule({
  meta: {
    id: 'dockerfile-onbuild-trigger-invalid',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'error',
    summary: '`ONBUILD ONBUILD`, `ONBUILD FROM` or `ONBUILD MAINTAINER`: triggers the builder rejects',
    symptom: 'FROM isn\'t allowed as an ONBUILD trigger',
    type: 'problem',
    fix: 'none',
    messages: {
      forbidden: '`ONBUILD {trigger}` is not allowed: the build stops with `{error}`. Remove it.',
    },
    peers: { hadolint: ['DL3043'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    for (const ins of model.instructions) {
      if (ins.keyword !== 'ONBUILD' || !ins.args[0]) continue;
      const trigger = ins.args[0].text.toUpperCase();
      const error = FORBIDDEN.get(trigger);
      if (error) ctx.report({ messageId: 'forbidden', data: { trigger: ins.args[0].text, error }, range: ins.args[0].span });
    }
  },
});
