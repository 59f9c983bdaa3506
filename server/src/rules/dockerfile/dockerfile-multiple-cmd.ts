import { defineRule } from '../../model/rule';
import type { DfInstruction } from '../../parsers/dockerfile';

const ONCE = ['CMD', 'ENTRYPOINT', 'HEALTHCHECK'];

export default defineRule({
  meta: {
    id: 'dockerfile-multiple-cmd',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: 'more than one `CMD`, `ENTRYPOINT` or `HEALTHCHECK` in a stage: only the last one takes effect',
    type: 'problem',
    fix: 'none',
    tags: ['unnecessary'],
    messages: {
      multiple: 'This `{keyword}` is replaced by the one on line {line}: only the last `{keyword}` of a stage takes effect, so this one never runs. Remove it, or merge the two.',
    },
    peers: { hadolint: ['DL3012', 'DL4003', 'DL4004'], buildkit: ['MultipleInstructionsDisallowed'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    for (const stage of model.stages) {
      for (const keyword of ONCE) {
        const list = stage.instructions.filter((i) => i.keyword === keyword);
        for (let k = 0; k + 1 < list.length; k++) {
          const next: DfInstruction = list[k + 1];
          const line = ctx.file.text.slice(0, next.keywordSpan.start).split('\n').length;
          ctx.report({ messageId: 'multiple', data: { keyword, line }, range: list[k].keywordSpan, related: [{ file: ctx.file.path, range: next.keywordSpan, message: `the ${keyword} that takes effect` }] });
        }
      }
    }
  },
});
