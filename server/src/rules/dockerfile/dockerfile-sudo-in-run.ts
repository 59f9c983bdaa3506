import { defineRule } from '../../model/rule';
import type { DfRun, DockerfileModel } from '../../parsers/dockerfile';
import { baseName } from '../../parsers/shell';
import { hostOf, parsedRun } from './_run';

/** Whether a USER instruction comes before this RUN in its stage or the stages it builds on. */
function userSetBefore(model: DockerfileModel, run: DfRun): boolean {
  const seen = new Set<number>();
  let before = run.span.start;
  for (let i: number | undefined = run.stage; i !== undefined && i >= 0 && !seen.has(i); i = model.stages[i]?.from.baseStage) {
    seen.add(i);
    if (model.stages[i]?.instructions.some((ins) => ins.keyword === 'USER' && ins.span.start < before)) return true;
    before = Number.MAX_SAFE_INTEGER;
  }
  return false;
}

export default defineRule({
  meta: {
    id: 'dockerfile-sudo-in-run',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: '`sudo` in a RUN step: most images do not have it, and it cannot ask for a password',
    symptom: '/bin/sh: 1: sudo: not found / sudo: a terminal is required to read the password',
    type: 'problem',
    fix: 'sometimes',
    messages: {
      sudo: '`sudo {command}` in a RUN step: RUN already runs as root unless a `USER` says otherwise, most base images do not ship sudo ("/bin/sh: 1: sudo: not found"), and for another user it stops at "sudo: a terminal is required to read the password". Drop `sudo`, and put `USER root` before the step if needed.',
    },
    peers: { hadolint: ['DL3004'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    for (const run of model.runs) {
      if (!run.script) continue;
      const script = run.script;
      for (const c of parsedRun(ctx.workspace, script).commands) {
        for (let i = 0; i < Math.max(1, c.start) && i < c.argv.length; i++) {
          const w = c.argv[i];
          if (baseName(w) !== 'sudo') continue;
          const next = c.argv[i + 1];
          // Removing a bare `sudo ` keeps the command; it is only the same command when the step already runs as root.
          const fixes = next && !next.text.startsWith('-') && !userSetBefore(model, run) ? [{ title: 'Remove `sudo`', safety: 'unsafe' as const, edits: [{ file: ctx.file.path, range: hostOf(script, { start: w.span.start, end: next.span.start }), newText: '' }] }] : [];
          ctx.report({ messageId: 'sudo', data: { command: c.argv.slice(i + 1).map((x) => x.text).join(' ') }, range: hostOf(script, w.span), fixes });
        }
      }
    }
  },
});
