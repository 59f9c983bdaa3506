import { defineRule, type WorkspaceView } from '../../model/rule';
import type { DfRun, DockerfileModel } from '../../parsers/dockerfile';
import { aptChangesNothing, hostOf, installOfRun, parsedRun, runCommands, type RunCommand } from './_run';

function isUpdate(rc: RunCommand): boolean {
  return (rc.name === 'apt-get' || rc.name === 'apt') && rc.words.slice(1).some((w) => w.text === 'update') && !rc.words.slice(1).some((w) => w.text === 'install');
}

/** Whether an earlier RUN in this stage, or in a stage it builds on, ran `apt-get update`. */
function updatedBefore(ws: WorkspaceView, model: DockerfileModel, run: DfRun): boolean {
  const chain = new Set<number>();
  for (let i: number | undefined = run.stage; i !== undefined && i >= 0 && !chain.has(i); i = model.stages[i]?.from.baseStage) chain.add(i);
  for (const r of model.runs) {
    if (r === run || !chain.has(r.stage) || (r.stage === run.stage && r.span.start > run.span.start)) continue;
    for (const rc of runCommands(ws, model, r)) if (isUpdate(rc)) return true;
  }
  return false;
}

export default defineRule({
  meta: {
    id: 'dockerfile-apt-install-without-update',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: 'apt-get install in a RUN step that does not run apt-get update first',
    symptom: 'E: Unable to locate package curl / 404 Not Found ... E: Unable to fetch some archives, maybe run apt-get update or try with --fix-missing?',
    type: 'problem',
    fix: 'sometimes',
    messages: {
      missing: '`{command}` runs without `apt-get update` in this step or before it: Debian and Ubuntu images ship no package lists, so it fails with "E: Unable to locate package". Run `apt-get update &&` first, in the same RUN.',
      stale: '`{command}` uses the package lists of an earlier `apt-get update` step, which the build cache keeps as they were: once the archive moves on, the versions they name are gone and the build fails with "404 Not Found … E: Unable to fetch some archives". Run `apt-get update &&` in this same RUN.',
    },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    for (const run of model.runs) {
      let updated = false;
      const commands = run.script ? parsedRun(ctx.workspace, run.script).commands : [];
      for (const rc of runCommands(ctx.workspace, model, run)) {
        if (isUpdate(rc)) updated = true;
        const inst = installOfRun(ctx.workspace, rc);
        if (!inst || (inst.manager.id !== 'apt-get' && inst.manager.id !== 'apt') || updated || inst.operands.length === 0 || aptChangesNothing(inst.options)) continue;
        // only local .deb files: dpkg-style installs that may not need the lists
        if (inst.operands.every((w) => w.text.endsWith('.deb'))) continue;
        const k = commands.indexOf(rc.command);
        const piped = k > 0 && (commands[k - 1].next === '|' || commands[k - 1].next === '|&');
        const at = hostOf(rc.script, rc.command.span).start;
        const fixes = rc.command.start === 0 && !piped && !rc.command.via ? [{ title: 'Run `apt-get update &&` first', safety: 'unsafe' as const, edits: [{ file: ctx.file.path, range: { start: at, end: at }, newText: 'apt-get update && ' }] }] : [];
        const span = { start: rc.words[0].span.start, end: inst.sub.span.end };
        ctx.report({ messageId: updatedBefore(ctx.workspace, model, run) ? 'stale' : 'missing', data: { command: rc.script.text.slice(span.start, span.end) }, range: hostOf(rc.script, span), fixes });
      }
    }
  },
});
