import { defineRule } from '../../model/rule';
import { CRON_FIELDS } from '../../knowledge/cron';
import { CRON_SPECIALS } from '../../parsers/crontab';
import { checkSchedule, neverRuns, readSchedule } from '../../parsers/cron-schedule';

// Vixie cron and cronie read each field with entry.c's get_list/get_range/get_number and reject the line with the
// field's error ("bad minute", "bad day-of-week", "bad command", "bad time specifier"). crontab(1) then refuses the
// file: "errors in crontab file, can't install."; for /etc/crontab and /etc/cron.d Debian's cron logs
// "Error: bad minute; while reading /etc/cron.d/x" and "ERROR (Syntax error, this crontab file will be ignored)".

export default defineRule({
  meta: {
    id: 'cron-invalid-schedule',
    kinds: ['crontab'],
    scope: 'file',
    severity: 'error',
    summary: 'A cron schedule cron cannot read: values out of range, unknown names, bad ranges or steps, missing fields',
    symptom: '"/tmp/crontab.XXXXXX":3: bad minute / errors in crontab file, can\'t install.',
    type: 'problem',
    fix: 'none',
    messages: {
      outOfRange: '`{text}` is out of range for the {field} field ({min}-{max}): cron rejects the line ("{cronError}"); {consequence}.',
      badName: '`{text}` is not a {field} value{names}: cron rejects the line ("{cronError}"); {consequence}.',
      reversedRange: 'The range `{text}` runs backwards: cron needs the smaller value first and rejects the line ("{cronError}"); {consequence}.',
      zeroStep: 'A step of `{text}` is not allowed: cron rejects the line ("{cronError}"); {consequence}.',
      syntax: 'cron cannot read `{text}` in the {field} field ("{cronError}"); {consequence}.',
      stepOnSingle: '`{text}` puts a step on a single value: cronie rejects the line ("{cronError}") and Debian\'s cron runs at {field} {value} only. Write `{value}-{max}{step}` to repeat from {value}.',
      sixthField: '`{text}` after the five time fields: cron has no seconds or year field and rejects the line ("bad command"); {consequence}.',
      tooFewFields: 'This line has fewer than five time fields and a command: cron rejects it; {consequence}.',
      missingCommand: 'A schedule with no command: cron rejects the line ("bad command"); {consequence}.',
      unknownSpecial: '`{text}` is not one of cron\'s schedules ({specials}): cron rejects the line ("bad time specifier"); {consequence}.',
      neverRuns: 'This schedule never fires: {months} no day {days}, and the day-of-week field is `*`.',
    },
  },
  check(ctx) {
    const model = ctx.parse('crontab');
    const text = ctx.file.text;
    const consequence = model.system
      ? 'cron skips it and, on Debian, ignores the whole file ("Syntax error, this crontab file will be ignored")'
      : 'crontab refuses to install the file ("errors in crontab file, can\'t install.")';
    // The line after a trailing `\` is cron-line-continuation's finding, not a second one here.
    const continued = new Set(model.continuations.map((c) => c.line + 1));
    for (const m of model.malformed) {
      if (continued.has(m.line)) continue;
      if (m.reason === 'unknown-special') {
        ctx.report({ messageId: 'unknownSpecial', data: { text: text.slice(m.span.start, m.span.end), specials: Object.keys(CRON_SPECIALS).join(', '), consequence }, range: m.span });
      } else if (m.reason === 'too-few-fields') {
        ctx.report({ messageId: 'tooFewFields', data: { consequence }, range: m.span });
      }
    }
    for (const job of model.jobs) {
      if (continued.has(job.line)) continue;
      const problems = checkSchedule(job.fields);
      for (const p of problems) {
        const info = CRON_FIELDS[p.field];
        const base = { text: p.text, field: info.name, min: info.min, max: info.max, cronError: info.cronError, consequence };
        switch (p.code) {
          case 'out-of-range':
            ctx.report({ messageId: 'outOfRange', data: base, range: p.span });
            break;
          case 'bad-name':
            ctx.report({ messageId: 'badName', data: { ...base, names: info.names ? ` (${[...new Set(info.names)].join(', ')}, or ${info.min}-${info.max})` : ` (${info.min}-${info.max}; this field takes no names)` }, range: p.span });
            break;
          case 'reversed-range':
            ctx.report({ messageId: 'reversedRange', data: base, range: p.span });
            break;
          case 'zero-step':
            ctx.report({ messageId: 'zeroStep', data: base, range: p.span });
            break;
          case 'syntax':
            ctx.report({ messageId: 'syntax', data: base, range: p.span });
            break;
          case 'step-on-single': {
            const [value, step] = p.text.split('/');
            ctx.report({ messageId: 'stepOnSingle', data: { ...base, value, step: `/${step}` }, range: p.span });
            break;
          }
        }
      }
      if (problems.length > 0) continue;
      // `* * * * * * cmd`: cron's "catch a common typo" check (a `*` where the command or user should start)
      const sixth = model.system ? job.user : firstWord(text, job.command);
      if (job.fields.length === 5 && sixth && sixth.text.startsWith('*')) {
        ctx.report({ messageId: 'sixthField', data: { text: sixth.text, consequence }, range: sixth.span });
        continue;
      }
      if (job.command.start >= job.command.end) {
        // In system crontabs a lone word after the schedule is usually a missing user: cron-missing-user-field says so.
        if (!job.user) ctx.report({ messageId: 'missingCommand', data: { consequence }, range: job.schedule });
        continue;
      }
      const read = readSchedule(job.fields);
      if (read && neverRuns(read)) {
        const months = [...read[3].values].map((m) => MONTHS[m - 1]);
        const days = [...read[2].values].sort((a, b) => a - b);
        ctx.report({
          messageId: 'neverRuns',
          data: { months: `${listWords(months)} ${months.length === 1 ? 'has' : 'have'}`, days: listWords(days.map(String)) },
          range: { start: job.fields[2].span.start, end: job.fields[3].span.end },
          severity: 'warning',
        });
      }
    }
  },
});

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function listWords(xs: string[]): string {
  if (xs.length <= 1) return xs.join('');
  return `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`;
}

function firstWord(text: string, span: { start: number; end: number }): { text: string; span: { start: number; end: number } } | undefined {
  let e = span.start;
  while (e < span.end && text[e] !== ' ' && text[e] !== '\t') e++;
  return e > span.start ? { text: text.slice(span.start, e), span: { start: span.start, end: e } } : undefined;
}
