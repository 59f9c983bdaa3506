import { defineRule } from '../../model/rule';
import type { Span } from '../../core/finding';

// crontab(5): "A '%' character in the command, unless escaped with a backslash (\), will be changed into newline
// characters, and all data after the first % will be sent to the command as standard input." cron's do_command cuts
// the command at the first unescaped `%`, so `date +%F` reaches the shell as `date +`.

/** A `%` that begins a date/printf conversion: `%F`, `%Y`, `%-d`, `%02d`, `%s`, `%%`. */
const CONVERSION = /^%[-_0^#:]*\d*(\.\d+)?[aAbBcCdDeEFgGhHIjklmMnNOpPqrRsStTuUVwWxXyYzZif%](?![A-Za-z])/;

export default defineRule({
  meta: {
    id: 'cron-unescaped-percent',
    kinds: ['crontab'],
    scope: 'file',
    severity: 'error',
    summary: 'An unescaped `%` in a cron command ends the command there (`date +%F` breaks)',
    symptom: '/bin/sh: 1: Syntax error: end of file unexpected (expecting ")")',
    type: 'problem',
    fix: 'always',
    messages: {
      percent:
        'Unescaped `%` in a cron command: cron ends the command here and feeds the rest to its standard input as text, so the shell runs only `{cut}`. Write `\\%`.',
    },
  },
  check(ctx) {
    const model = ctx.parse('crontab');
    const text = ctx.file.text;
    for (const job of model.jobs) {
      if (job.percents.length === 0) continue;
      const first = job.percents[0];
      if (!meantLiterally(text, job.command, first)) continue;
      const cut = text.slice(job.command.start, first.start).trim();
      for (const p of job.percents) {
        ctx.report({
          messageId: 'percent',
          data: { cut: cut.length > 50 ? `...${cut.slice(-47)}` : cut },
          range: p,
          fixes: [{ title: 'Escape `%` as `\\%`', safety: 'safe', edits: [{ file: ctx.file.path, range: { start: p.start, end: p.start }, newText: '\\' }] }],
        });
      }
    }
  },
});

/**
 * Whether the first unescaped `%` is meant as a literal character rather than cron's stdin separator: it starts a
 * date/printf conversion, sits inside quotes, or inside `$(( ))` (modulo). `mail -s "Hi" joe%Dear Joe,%…` (the
 * crontab(5) example of feeding stdin) stays silent.
 */
function meantLiterally(text: string, command: Span, p: Span): boolean {
  if (CONVERSION.test(text.slice(p.start, p.start + 8))) return true;
  // quote and arithmetic state at the `%`
  let single = false;
  let double = false;
  let arith = 0;
  for (let i = command.start; i < p.start; i++) {
    const c = text[i];
    if (c === '\\' && !single) {
      i++;
      continue;
    }
    if (c === "'" && !double) single = !single;
    else if (c === '"' && !single) double = !double;
    else if (!single && text.startsWith('$((', i)) {
      arith++;
      i += 2;
    } else if (!single && arith > 0 && text.startsWith('))', i)) {
      arith--;
      i++;
    }
  }
  return single || double || arith > 0;
}
