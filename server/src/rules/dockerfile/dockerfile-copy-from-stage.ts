import { defineRule } from '../../model/rule';
import { suggest } from './_vars';

export default defineRule({
  meta: {
    id: 'dockerfile-copy-from-stage',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: '`COPY --from` names its own stage, a later stage, or a misspelt stage name (which is then pulled as an image)',
    symptom: 'pull access denied for buidler, repository does not exist or may require \'docker login\'',
    type: 'problem',
    fix: 'sometimes',
    messages: {
      self: '`--from={name}` names the stage this COPY is in: the build stops with `circular dependency detected on stage: {name}`. Copy from an earlier stage.',
      later: '`--from={name}` names a stage that comes later in the Dockerfile: BuildKit builds it first, but the legacy builder reads `{name}` as an image and fails. Move the `{name}` stage above this one.',
      typo: '`--from={name}` is not a stage of this Dockerfile, so the builder pulls an image called `{name}` (`pull access denied for {name}`): did you mean the stage `{stage}`?',
      index: '`--from={name}` is not an earlier stage: stages are numbered from 0 and this one is {current}; the build stops. Use the number or name of an earlier stage.',
    },
    peers: { hadolint: ['DL3022', 'DL3023'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    const names = model.stages.map((s) => s.from.name);
    for (const stage of model.stages) {
      for (const ins of stage.instructions) {
        if (ins.keyword !== 'COPY') continue;
        const f = ins.flags.find((x) => x.name === 'from');
        const value = f?.value;
        if (!f || !value || value.includes('$')) continue;
        const name = value.toLowerCase();
        const at = ctx.file.text.indexOf(value, f.span.start);
        const range = at >= 0 && at < f.span.end ? { start: at, end: at + value.length } : f.span;
        if (/^\d+$/.test(value)) {
          if (Number(value) >= stage.index) ctx.report({ messageId: 'index', data: { name: value, current: stage.index }, range, severity: 'error' });
          continue;
        }
        const i = names.indexOf(name);
        if (i === stage.index) ctx.report({ messageId: 'self', data: { name: value }, range, severity: 'error' });
        else if (i > stage.index) ctx.report({ messageId: 'later', data: { name: value }, range });
        else if (i < 0 && !/[:/@.]/.test(value)) {
          const earlier = names.slice(0, stage.index).filter((n): n is string => n !== undefined);
          const s = suggest(name, earlier);
          if (s) ctx.report({ messageId: 'typo', data: { name: value, stage: s }, range, fixes: [{ title: `Copy from the stage ${s}`, safety: 'unsafe', edits: [{ file: ctx.file.path, range, newText: s }] }] });
        }
      }
    }
  },
});
