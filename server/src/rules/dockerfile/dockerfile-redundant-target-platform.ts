import { defineRule } from '../../model/rule';

export default defineRule({
  meta: {
    id: 'dockerfile-redundant-target-platform',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'hint',
    summary: '`FROM --platform=$TARGETPLATFORM`: the platform every stage is built for anyway',
    type: 'suggestion',
    fix: 'always',
    tags: ['unnecessary'],
    messages: {
      redundant: '`--platform={value}` is what the builder uses anyway: a stage is built for the target platform unless told otherwise. Remove the flag.',
    },
    peers: { hadolint: ['DL3065'], buildkit: ['RedundantTargetPlatform'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    const text = ctx.file.text;
    for (const stage of model.stages) {
      const f = stage.from.instruction.flags.find((x) => x.name === 'platform');
      if (!f || (f.value !== '$TARGETPLATFORM' && f.value !== '${TARGETPLATFORM}')) continue;
      let end = f.span.end;
      while (text[end] === ' ' || text[end] === '\t') end++;
      ctx.report({ messageId: 'redundant', data: { value: f.value }, range: f.span, fixes: [{ title: 'Remove --platform', safety: 'safe', edits: [{ file: ctx.file.path, range: { start: f.span.start, end }, newText: '' }] }] });
    }
  },
});
