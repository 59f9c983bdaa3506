import { defineRule } from '../../model/rule';
import { toHostSpan } from '../../core/embedded';
import { COMMANDS_OUTSIDE_CRON_PATH, CRON_DEFAULT_PATH } from '../../knowledge/cron';
import { envAt, readJobs } from './_jobs';

// cron gives jobs PATH=/usr/bin:/bin unless the crontab sets PATH= (crontab(5); entry.c falls back to _PATH_DEFPATH).
// Commands installed in /usr/local/bin, /usr/sbin or /snap/bin are then not found: "/bin/sh: 1: docker-compose: not found".

const SUGGESTED_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/snap/bin';

export default defineRule({
  meta: {
    id: 'cron-path-missing',
    kinds: ['crontab'],
    scope: 'file',
    severity: 'info',
    summary: 'A cron command runs a program that usually lives outside cron\'s PATH (/usr/bin:/bin)',
    symptom: '/bin/sh: 1: docker-compose: not found',
    type: 'problem',
    fix: 'sometimes',
    messages: {
      notOnPath:
        '`{command}` usually lives in {dir}, which is not on the PATH cron gives this job ({path}): the job fails with "/bin/sh: 1: {command}: not found". Add a `PATH=` line above the job, or call it by its full path.',
    },
  },
  check(ctx) {
    const model = ctx.parse('crontab');
    const text = ctx.file.text;
    const firstJob = model.jobs[0];
    for (const { job, script, reading } of readJobs(text, model)) {
      if (reading.loadsEnvironment || reading.assigned.has('PATH')) continue;
      const pathSetting = envAt(model, job.line).get('PATH');
      const path = pathSetting ? pathSetting.value : CRON_DEFAULT_PATH;
      const dirs = new Set(path.split(':').map((d) => d.replace(/\/+$/, '')));
      const reported = new Set<string>();
      for (const cmd of reading.commands) {
        const head = cmd.words[0];
        if (!head || head.text.includes('/') || reported.has(head.text)) continue;
        const dir = COMMANDS_OUTSIDE_CRON_PATH[head.text];
        if (!dir || dirs.has(dir) || (dir.startsWith('/usr/') && dirs.has(dir.slice(4)))) continue;
        reported.add(head.text);
        const range = toHostSpan(script, head.span);
        // Offer a PATH= line above the first job, only when the crontab sets none at all.
        const fixes =
          !model.env.some((e) => e.name === 'PATH') && firstJob
            ? [{ title: 'Add a PATH= line above the first job', safety: 'unsafe' as const, edits: [{ file: ctx.file.path, range: { start: aboveComments(text, firstJob.lineSpan.start), end: aboveComments(text, firstJob.lineSpan.start) }, newText: `PATH=${SUGGESTED_PATH}\n` }] }]
            : [];
        ctx.report({ messageId: 'notOnPath', data: { command: head.text, dir, path: pathSetting ? `PATH=${path}` : `the default ${CRON_DEFAULT_PATH}` }, range, fixes });
      }
    }
  },
});

/** The start of the comment lines right above a line (the job's own description), or the line itself. */
function aboveComments(text: string, lineStart: number): number {
  let at = lineStart;
  while (at > 0) {
    const prevEnd = at - 1; // the \n ending the previous line
    const prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
    if (!text.slice(prevStart, prevEnd).trim().startsWith('#')) break;
    at = prevStart;
  }
  return at;
}
