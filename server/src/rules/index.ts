// The one registry: every rule shipshape has, sorted by id. A test fails when a rule file is missing from here,
// or a rule lacks its docs page or fixtures.
import type { Rule } from '../model/rule';
import { composeRules } from './compose';
import { cronRules } from './cron';
import { daemonJsonRules } from './daemon-json';
import { dockerfileRules } from './dockerfile';
import { shellRules } from './shell';
import { systemdRules } from './systemd';

export const allRules: readonly Rule[] = [...composeRules, ...cronRules, ...daemonJsonRules, ...dockerfileRules, ...shellRules, ...systemdRules].sort((a, b) =>
  a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0,
);

export function ruleById(id: string): Rule | undefined {
  return allRules.find((r) => r.meta.id === id);
}
