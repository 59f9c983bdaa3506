// The shell in a crontab: each job's command as /bin/sh (or the crontab's SHELL=) receives it. Cron cuts the command
// at the first unescaped `%` (the rest becomes stdin) and turns `\%` into `%`; every other character is passed as is.
import type { EmbeddedScript } from '../core/embedded';
import type { SourceFile } from '../core/source';
import { findPercents, type CronJob, type CrontabModel } from './crontab';

/** The script cron hands to the shell for one job, with offsets back into the crontab. */
export function jobScript(text: string, job: CronJob, model: CrontabModel): EmbeddedScript {
  const end = job.percents.length > 0 ? job.percents[0].start : job.command.end;
  let out = '';
  const offsets: number[] = [];
  for (let i = job.command.start; i < end; i++) {
    if (text[i] === '\\' && text[i + 1] === '%' && i + 1 < end) {
      out += '%';
      offsets.push(i + 1);
      i++;
      continue;
    }
    if (text[i] === '\\' && i + 1 < end) {
      // Any other escaped character stays as written, backslash included.
      out += text[i] + text[i + 1];
      offsets.push(i, i + 1);
      i++;
      continue;
    }
    out += text[i];
    offsets.push(i);
  }
  offsets.push(end);
  return { text: out, offsets, context: 'cron', shell: shellAt(model, job.line), label: `line ${job.line + 1}` };
}

/** The SHELL= in effect at a line: cron gives each job the environment set by the lines above it. */
export function shellAt(model: CrontabModel, line: number): string | undefined {
  let shell: string | undefined;
  for (const e of model.env) if (e.line < line && e.name === 'SHELL') shell = e.value;
  return shell;
}

export function crontabScripts(file: SourceFile, workspace: { parse(kind: 'crontab', file: SourceFile): CrontabModel }): EmbeddedScript[] {
  const model = workspace.parse('crontab', file);
  if (!model) return [];
  const text = file.template?.masked ?? file.text;
  const out: EmbeddedScript[] = [];
  // A line whose schedule cron cannot read still has the command it was meant to run: lint that too.
  const runs = (j: CronJob): CronJob => (j.script ? { ...j, command: j.script, percents: findPercents(text, j.script) } : j);
  for (const j of model.jobs) if (j.script || j.command.end > j.command.start) out.push(jobScript(text, runs(j), model));
  for (const m of model.malformed) {
    if (!m.command) continue;
    const job: CronJob = { line: m.line, schedule: m.span, fields: [], user: undefined, command: m.command, percents: findPercents(text, m.command), lineSpan: m.span };
    out.push(jobScript(text, job, model));
  }
  return out.sort((a, b) => a.offsets[0] - b.offsets[0]);
}
