import { defineRule } from '../../model/rule';
import { looksLikeCronCommand } from '../../knowledge/cron';

// crontab(5): system crontabs (/etc/crontab, /etc/cron.d/*) have a user name between the schedule and the command.
// Without it cron takes the command's first word as the user: Debian's cron logs "Error: bad username; while reading
// /etc/crontab" and "(*system*) ERROR (Syntax error, this crontab file will be ignored)", so no job of the file runs.

export default defineRule({
  meta: {
    id: 'cron-missing-user-field',
    kinds: ['crontab'],
    scope: 'file',
    severity: 'error',
    summary: 'A job in /etc/crontab or /etc/cron.d has no user field between the schedule and the command',
    symptom: 'Error: bad username; while reading /etc/crontab / (*system*) ERROR (Syntax error, this crontab file will be ignored)',
    type: 'problem',
    fix: 'always',
    messages: {
      missing:
        '`{word}` is read as the user name: in a system crontab a user comes between the schedule and the command. cron logs "bad username" and, on Debian, ignores the whole file ("Syntax error, this crontab file will be ignored").',
    },
  },
  check(ctx) {
    const model = ctx.parse('crontab');
    if (!model.system) return;
    for (const job of model.jobs) {
      const user = job.user;
      if (!user) continue;
      if (user.text.startsWith('*')) continue; // a sixth time field: cron-invalid-schedule
      const noCommand = job.command.start >= job.command.end;
      const looksLikeCommand = noCommand || looksLikeCronCommand(user.text);
      if (!looksLikeCommand) continue;
      ctx.report({
        messageId: 'missing',
        data: { word: user.text },
        range: user.span,
        fixes: [{ title: 'Insert the user `root` before the command', safety: 'unsafe', edits: [{ file: ctx.file.path, range: { start: user.span.start, end: user.span.start }, newText: 'root ' }] }],
      });
    }
  },
});
