// Hover on a cron schedule: the schedule in words (cronstrue) and its next run times (cron-parser), computed from a
// given "now" so tests are stable. Times are shown in the crontab's CRON_TZ when it sets one above the job. Hover on
// the name of a setting cron itself reads (PATH, MAILTO, CRON_TZ, …) says what it does.
// cronstrue and cron-parser (with luxon, a fifth of the server bundle) are loaded on the first cron hover, not at
// start-up (require caches them).
const cronstrue = () => (require('cronstrue') as typeof import('cronstrue')).default;
const cronParser = () => (require('cron-parser') as typeof import('cron-parser')).CronExpressionParser;
import type { SourceFile, WorkspaceView } from '../model/rule';
import { CRON_DEFAULT_PATH, CRON_SETTINGS } from '../knowledge/cron';
import { CRON_SPECIALS, type CronJob } from '../parsers/crontab';
import { checkSchedule, neverRuns, readSchedule } from '../parsers/cron-schedule';
import type { HoverResult } from './types';

export interface CronHoverOptions {
  /** The moment to count the next runs from (default: now). */
  now?: Date;
  /** Time zone for the run times when the crontab sets no CRON_TZ (default: the local time zone). */
  tz?: string;
  /** How many run times to list (default 5). */
  count?: number;
}

export function crontabScheduleHover(file: SourceFile, workspace: WorkspaceView, offset: number, opts: CronHoverOptions = {}): HoverResult | undefined {
  const model = workspace.parse('crontab', file);
  if (!model) return undefined;
  const env = model.env.find((e) => offset >= e.nameSpan.start && offset <= e.nameSpan.end);
  if (env && CRON_SETTINGS[env.name]) {
    const note = env.name === 'PATH' ? ` Without it, jobs get \`${CRON_DEFAULT_PATH}\`.` : '';
    return { markdown: `**\`${env.name}\`**: ${CRON_SETTINGS[env.name]}${note} Applies to the jobs below this line; cron does not expand \`$VARS\` in the value.`, range: env.nameSpan };
  }
  const job = model.jobs.find((j) => offset >= j.schedule.start && offset <= j.schedule.end);
  if (!job) return undefined;
  const written = file.text.slice(job.schedule.start, job.schedule.end);
  const range = { start: job.schedule.start, end: job.schedule.end };
  let cronTz: string | undefined;
  for (const e of model.env) if (e.line < job.line && e.name === 'CRON_TZ' && e.value) cronTz = e.value;
  const tz = cronTz ?? opts.tz;
  return { markdown: describeSchedule(job, written, { ...opts, tz }, cronTz !== undefined), range };
}

/** The hover text for one job's schedule. */
export function describeSchedule(job: CronJob, written: string, opts: CronHoverOptions, fromCronTz = false): string {
  if (job.special === '@reboot') return '**`@reboot`**: once, when the cron daemon starts at boot.';
  const expr = job.special ? CRON_SPECIALS[job.special] : job.fields.map((f) => f.text).join(' ');
  const problems = job.special ? [] : checkSchedule(job.fields);
  if (problems.length > 0) {
    return `**\`${written}\`**: cron cannot read this schedule (${problems.map((p) => `\`${p.text}\``).join(', ')}).`;
  }
  const lines: string[] = [];
  let words: string | undefined;
  try {
    words = cronstrue().toString(expr, { use24HourTimeFormat: true, dayOfWeekStartIndexZero: true, throwExceptionOnParseError: true });
  } catch {
    words = undefined;
  }
  lines.push(words ? `**${words}**` : `**\`${written}\`**`);
  if (job.special) lines.push('', `\`${job.special}\` is \`${expr}\`.`);
  const read = job.special ? undefined : readSchedule(job.fields);
  if (read && !read[2].star && !read[4].star) {
    lines.push('', 'Both day fields are restricted: cron runs the job when **either** the day of month **or** the day of week matches.');
  }
  if (read && neverRuns(read)) {
    lines.push('', 'This schedule never fires.');
    return lines.join('\n');
  }
  const runs = nextRuns(expr, opts);
  if (runs.length > 0) {
    const zone = opts.tz ? `${opts.tz}${fromCronTz ? ', from CRON_TZ' : ''}` : 'local time';
    lines.push('', `Next runs (${zone}):`, ...runs.map((r) => `- ${r}`));
  }
  return lines.join('\n');
}

/** The next run times as "Fri 2026-11-27 04:30", in opts.tz or local time. */
export function nextRuns(expr: string, opts: CronHoverOptions): string[] {
  const count = opts.count ?? 5;
  const out: string[] = [];
  try {
    const it = cronParser().parse(expr, { currentDate: opts.now ?? new Date(), tz: opts.tz });
    const fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: opts.tz,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    for (let i = 0; i < count; i++) {
      const d = it.next().toDate();
      const p = Object.fromEntries(fmt.formatToParts(d).map((x) => [x.type, x.value]));
      out.push(`${p.weekday} ${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`);
    }
  } catch {
    // an expression cron-parser cannot follow (cronie's `~`), or an unknown time zone: no run times
  }
  return out;
}
