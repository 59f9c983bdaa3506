// Shared by the cron rules that read commands: each job's shell script (after cron's `%` handling) and a quote-aware
// reading of it, plus the environment settings in effect at a job (cron gives a job the settings above it).
import type { EmbeddedScript } from '../../core/embedded';
import type { CronEnv, CronJob, CrontabModel } from '../../parsers/crontab';
import { jobScript } from '../../parsers/crontab-scripts';
import { readCommand, type CommandReading } from '../../parsers/cron-command';

export interface JobReading {
  job: CronJob;
  script: EmbeddedScript;
  reading: CommandReading;
}

export function readJobs(text: string, model: CrontabModel): JobReading[] {
  return model.jobs
    .filter((job) => job.command.end > job.command.start)
    .map((job) => {
      const script = jobScript(text, job, model);
      return { job, script, reading: readCommand(script.text) };
    });
}

/** The last setting of each name on the lines above `line`. */
export function envAt(model: CrontabModel, line: number): Map<string, CronEnv> {
  const out = new Map<string, CronEnv>();
  for (const e of model.env) if (e.line < line) out.set(e.name, e);
  return out;
}
