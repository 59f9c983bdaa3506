import { defineRule } from '../../model/rule';
import type { DockerfileModel } from '../../parsers/dockerfile';
import { argumentText } from './_kv';

function absolute(p: string): boolean {
  const v = p.replace(/^["']|["']$/g, '');
  return v.startsWith('/') || v.startsWith('$') || /^[A-Za-z]:[\\/]/.test(v) || v.startsWith('\\');
}

/** Whether an earlier stage this one builds on set an absolute WORKDIR. */
function inheritedWorkdir(model: DockerfileModel, stageIndex: number): boolean {
  const seen = new Set<number>();
  let i = model.stages[stageIndex]?.from.baseStage;
  while (i !== undefined && !seen.has(i)) {
    seen.add(i);
    const s = model.stages[i];
    if (s.instructions.some((x) => x.keyword === 'WORKDIR')) return true;
    i = s.from.baseStage;
  }
  return false;
}

export default defineRule({
  meta: {
    id: 'dockerfile-workdir-relative',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: 'a relative `WORKDIR` before any absolute one: the path depends on the base image\'s working directory',
    type: 'problem',
    fix: 'none',
    messages: {
      relative: '`WORKDIR {path}` is relative and no absolute WORKDIR comes before it in this stage: it lands inside the base image\'s working directory (`/` for most images, something else for others), and moves when the base image changes. Write an absolute path.',
    },
    peers: { hadolint: ['DL3000'], buildkit: ['WorkdirRelativePath'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    for (const stage of model.stages) {
      if (inheritedWorkdir(model, stage.index)) continue;
      const first = stage.instructions.find((i) => i.keyword === 'WORKDIR' && i.args.length > 0);
      if (!first) continue;
      const path = argumentText(ctx.file.text, model, first)?.text.trim() ?? '';
      if (!path || absolute(path)) continue;
      ctx.report({ messageId: 'relative', data: { path }, range: { start: first.args[0].span.start, end: first.args[first.args.length - 1].span.end } });
    }
  },
});
