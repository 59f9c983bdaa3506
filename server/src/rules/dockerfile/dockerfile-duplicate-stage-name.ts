import { defineRule } from '../../model/rule';

export default defineRule({
  meta: {
    id: 'dockerfile-duplicate-stage-name',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: 'two stages with the same name: `--from`, `FROM <stage>` and `--target` all reach the last one',
    symptom: 'legacy builder: `duplicate name build`; BuildKit builds, with files from the wrong stage',
    type: 'problem',
    fix: 'none',
    messages: {
      duplicate: 'Stage name `{name}` is used again (first on line {line}): BuildKit keeps only the last stage of that name, so `COPY --from={name}`, `FROM {name}` and `--target {name}` reach this one, even from before it; the legacy builder stops with `duplicate name`. Rename one of them.',
    },
    peers: { hadolint: ['DL3024'], buildkit: ['DuplicateStageName'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    const first = new Map<string, number>();
    for (const stage of model.stages) {
      const args = stage.from.instruction.args;
      if (args.length !== 3 || args[1].text.toUpperCase() !== 'AS') continue;
      const name = args[2].text.toLowerCase();
      const seen = first.get(name);
      if (seen === undefined) {
        first.set(name, args[2].span.start);
        continue;
      }
      const line = ctx.file.text.slice(0, seen).split('\n').length;
      ctx.report({ messageId: 'duplicate', data: { name: args[2].text, line }, range: args[2].span, related: [{ file: ctx.file.path, range: { start: seen, end: seen + name.length }, message: `first stage named ${name}` }] });
    }
  },
});
