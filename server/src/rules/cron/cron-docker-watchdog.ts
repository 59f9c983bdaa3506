import { defineRule } from '../../model/rule';
import { toHostSpan } from '../../core/embedded';
import { readSchedule } from '../../parsers/cron-schedule';
import { readJobs } from './_jobs';

// A job that starts the Docker daemon every minute does systemd's job badly: it hides why dockerd dies, races
// systemd's own restarts and start limit, and starts containers up to a minute late. docker.service as shipped by
// Docker already has Restart=always; a drop-in can set it where a distribution's unit does not.

export default defineRule({
  meta: {
    id: 'cron-docker-watchdog',
    kinds: ['crontab'],
    scope: 'file',
    severity: 'hint',
    summary: 'A cron job restarts the Docker daemon every minute or hour instead of letting systemd restart it',
    type: 'suggestion',
    fix: 'none',
    messages: {
      watchdog:
        '`{command}` {how} is a watchdog for what systemd already does: let systemd restart the daemon with `Restart=always` in docker.service (a drop-in under /etc/systemd/system/docker.service.d/), and read `journalctl -u docker` for why it stops.',
    },
  },
  check(ctx) {
    const model = ctx.parse('crontab');
    const text = ctx.file.text;
    for (const { job, script, reading } of readJobs(text, model)) {
      const how = frequency(job);
      if (!how) continue;
      for (const cmd of reading.commands) {
        const words = cmd.words.map((w) => w.text);
        const base = (words[0] ?? '').split('/').pop();
        let end = -1;
        if (base === 'systemctl') {
          const verb = words.findIndex((w, i) => i > 0 && !w.startsWith('-'));
          if (verb > 0 && /^(start|restart|try-restart|reload-or-restart)$/.test(words[verb])) {
            const unit = words.findIndex((w, i) => i > verb && /^docker(\.service)?$/.test(w));
            if (unit > 0) end = unit;
          }
        } else if (base === 'service' && /^docker$/.test(words[1] ?? '') && /^(start|restart)$/.test(words[2] ?? '')) {
          end = 2;
        } else if (words[0] === '/etc/init.d/docker' && /^(start|restart)$/.test(words[1] ?? '')) {
          end = 1;
        }
        if (end < 0) continue;
        const range = toHostSpan(script, { start: cmd.words[0].span.start, end: cmd.words[end].span.end });
        ctx.report({ messageId: 'watchdog', data: { command: text.slice(range.start, range.end), how }, range });
        break;
      }
    }
  },
});

/** "every minute", "every 5 minutes", "every hour": jobs that run at least hourly, all day; else undefined. */
function frequency(job: { special?: string; fields: { text: string; span: { start: number; end: number } }[] }): string | undefined {
  if (job.special === '@hourly') return 'every hour';
  if (job.special) return undefined;
  const read = readSchedule(job.fields);
  if (!read) return undefined;
  const [minute, hour] = read;
  if (hour.values.size < 24) return undefined;
  if (minute.values.size === 60) return 'every minute';
  if (minute.values.size > 1) return `every ${Math.round(60 / minute.values.size)} minutes`;
  return 'every hour';
}
