import { defineRule } from '../../model/rule';

/** Names the builder gives a meaning of its own: the empty image, and the build context in `--from`/`--mount`. */
const RESERVED = new Map([
  ['scratch', 'the empty base image'],
  ['context', 'the build context'],
]);

export default defineRule({
  meta: {
    id: 'dockerfile-stage-name-reserved',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: 'a stage named `scratch` or `context`, names the builder already uses for the empty image and the build context',
    type: 'problem',
    fix: 'none',
    messages: {
      reserved: 'Stage name `{name}` is the name of {meaning}: a later `FROM {name}` or `--from={name}` is ambiguous, and builders do not agree which one they get. Rename the stage.',
    },
    peers: { hadolint: ['DL3063'], buildkit: ['ReservedStageName'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    for (const stage of model.stages) {
      const args = stage.from.instruction.args;
      if (args.length !== 3 || args[1].text.toUpperCase() !== 'AS') continue;
      const meaning = RESERVED.get(args[2].text.toLowerCase());
      if (meaning) ctx.report({ messageId: 'reserved', data: { name: args[2].text, meaning }, range: args[2].span });
    }
  },
});
