import { defineRule } from '../../model/rule';
import { toHostSpan } from '../../core/embedded';
import { CRON_DEFAULT_ENV, SHELL_SET_VARIABLES } from '../../knowledge/cron';
import { envAt, readJobs } from './_jobs';

// cron(8) starts each job with a minimal environment: SHELL=/bin/sh, HOME, LOGNAME (and USER), PATH=/usr/bin:/bin,
// plus the crontab's own settings above the job. Variables of a login shell, of `docker run -e` or compose
// `environment:` for a cron running inside a container, or of /etc/profile are not there.

const ALWAYS = new Set([...CRON_DEFAULT_ENV, ...SHELL_SET_VARIABLES]);

export default defineRule({
  meta: {
    id: 'cron-env-not-inherited',
    kinds: ['crontab'],
    scope: 'file',
    severity: 'warning',
    summary: 'A cron command reads a variable that no line of the crontab sets: cron jobs get a minimal environment',
    symptom: 'mysqldump: Got error: 1045: Access denied for user \'root\'@\'localhost\' (using password: NO)',
    type: 'problem',
    fix: 'none',
    messages: {
      unset:
        '`{name}` is not set by any line of this crontab: cron starts jobs with only HOME, LOGNAME, USER, SHELL and PATH, so `{expansion}` expands to nothing here (a login shell\'s variables, `docker run -e` and compose `environment:` do not reach cron jobs). Set `{name}=` on a line above the job, or read it from a file in the command.',
      below: '`{name}` is set on line {line}, below this job: cron gives each job only the settings above it, so `{expansion}` expands to nothing here. Move the `{name}=` line above the job.',
    },
  },
  check(ctx) {
    const model = ctx.parse('crontab');
    const text = ctx.file.text;
    for (const { job, script, reading } of readJobs(text, model)) {
      if (reading.loadsEnvironment) continue;
      const env = envAt(model, job.line);
      const seen = new Set<string>();
      for (const e of reading.expansions) {
        if (e.guarded || seen.has(e.name)) continue;
        if (ALWAYS.has(e.name) || env.has(e.name) || reading.assigned.has(e.name)) continue;
        seen.add(e.name);
        const range = toHostSpan(script, e.span);
        const later = model.env.find((x) => x.name === e.name && x.line > job.line);
        const expansion = `$${e.name}`;
        if (later) ctx.report({ messageId: 'below', data: { name: e.name, line: later.line + 1, expansion }, range });
        else ctx.report({ messageId: 'unset', data: { name: e.name, expansion }, range });
      }
    }
  },
});
