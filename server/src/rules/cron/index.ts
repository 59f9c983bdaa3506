// The cron rules, sorted by id. Each lives in its own file named after its id.
import type { Rule } from '../../model/rule';
import cronDockerWatchdog from './cron-docker-watchdog';
import cronEnvNotInherited from './cron-env-not-inherited';
import cronInvalidSchedule from './cron-invalid-schedule';
import cronLineContinuation from './cron-line-continuation';
import cronMissingUserField from './cron-missing-user-field';
import cronPathMissing from './cron-path-missing';
import cronUnescapedPercent from './cron-unescaped-percent';

export const cronRules: Rule[] = [
  cronDockerWatchdog,
  cronEnvNotInherited,
  cronInvalidSchedule,
  cronLineContinuation,
  cronMissingUserField,
  cronPathMissing,
  cronUnescapedPercent,
];
