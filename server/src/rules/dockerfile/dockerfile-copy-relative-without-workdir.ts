import { defineRule } from '../../model/rule';
import type { DockerfileModel } from '../../parsers/dockerfile';
import { shippedStages } from './_stages';
import { rootIsScratch } from './_stages';

/** Whether a WORKDIR comes before `at` in the stage or in a stage it builds on. */
function workdirBefore(model: DockerfileModel, stageIndex: number, atOffset: number): boolean {
  const seen = new Set<number>();
  let i: number | undefined = stageIndex;
  while (i !== undefined && !seen.has(i)) {
    seen.add(i);
    const s: DockerfileModel['stages'][number] | undefined = model.stages[i];
    if (!s) return false;
    if (s.instructions.some((x) => x.keyword === 'WORKDIR' && x.span.start < atOffset)) return true;
    i = s.from.baseStage;
  }
  return false;
}

export default defineRule({
  meta: {
    id: 'dockerfile-copy-relative-without-workdir',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: '`COPY` to a relative destination before any `WORKDIR` in the image that ships: the files land in whatever directory the base image chose, often `/`',
    type: 'problem',
    fix: 'none',
    messages: {
      relative: '`{dest}` is relative and no `WORKDIR` comes before this `{keyword}`: the files go to the base image\'s working directory, which is `/` for most images (your files mixed into the root filesystem) and another folder for some, and moves when the base changes. Set `WORKDIR /app` (or another absolute path) first.',
    },
    peers: { hadolint: ['DL3045'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    // In a build stage a relative COPY and the RUNs after it share one directory; it matters in what ships.
    const shipped = shippedStages(model);
    for (const stage of model.stages) {
      if (!shipped.has(stage.index)) continue;
      for (const ins of stage.instructions) {
        if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.args.length < 2) continue;
        if (ins.args[0].text.startsWith('[') || ins.args.some((a) => a.text.startsWith('<<'))) continue;
        const dest = ins.args[ins.args.length - 1];
        const d = dest.text.replace(/^["']|["']$/g, '');
        if (d.startsWith('/') || d.startsWith('$') || d.startsWith('~') || /^[A-Za-z]:[\\/]/.test(d) || d.startsWith('\\')) continue;
        if (workdirBefore(model, stage.index, ins.span.start) || rootIsScratch(model, stage.index)) continue;
        ctx.report({ messageId: 'relative', data: { dest: d, keyword: ins.keyword }, range: dest.span });
      }
    }
  },
});
