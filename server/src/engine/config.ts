// One config for the CLI and the server: `.shipshape.yaml` at the workspace root, overridden by editor settings.
//
//   dockerVersion: "27.5"        # the Docker Engine the files are meant for (default: the current major)
//   unsafeFixes: false           # let --fix / fix-all apply fixes marked unsafe
//   ignore: ["legacy/**"]        # gitignore-style paths, relative to the config file
//   hosts:                       # compose projects that run on one Docker host, by path globs
//     web-1: ["stacks/shop/**", "stacks/proxy/**"]
//   rules:
//     daemon-log-rotation-missing: off
//     compose-shm-size: warning
//     tty-without-terminal: { severity: error, options: {} }

import * as fs from 'node:fs';
import * as path from 'node:path';
import { isScalar, parseDocument } from 'yaml';
import { SEVERITIES, type Notice, type Severity } from '../core/finding';
import { CURRENT_DOCKER_VERSION, formatVersion, parseVersion, type Version } from '../core/version';
import type { HadolintSettings } from './hadolint-config';

export const CONFIG_FILE_NAMES = ['.shipshape.yaml', '.shipshape.yml'];

export type RuleLevel = Severity | 'off';

export interface RuleConfig {
  severity?: RuleLevel;
  options?: Record<string, unknown>;
}

export interface Config {
  dockerVersion: Version;
  rules: Record<string, RuleConfig>;
  ignore: string[];
  unsafeFixes: boolean;
  /** A `.hadolint.yaml` beside the config, honoured through the rules' meta.peers (hadolint-config.ts). */
  hadolint?: HadolintSettings;
  /** Host name -> path globs (relative to the config file): the compose projects that run on that one Docker host. */
  hosts: Record<string, string[]>;
}

export function defaultConfig(): Config {
  return { dockerVersion: { ...CURRENT_DOCKER_VERSION }, rules: {}, ignore: [], unsafeFixes: false, hosts: {} };
}

function isLevel(v: unknown): v is RuleLevel {
  return v === 'off' || (typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v));
}

/** Turn any value into a valid Config: bad entries fall back to defaults and are reported as notices. */
export function normalizeConfig(raw: unknown, source: string): { config: Config; notices: Notice[] } {
  const config = defaultConfig();
  const notices: Notice[] = [];
  const bad = (msg: string) => notices.push({ file: source, message: msg });
  if (raw === null || raw === undefined) return { config, notices };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    bad('the configuration must be a mapping; using defaults');
    return { config, notices };
  }
  const o = raw as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!['dockerVersion', 'rules', 'ignore', 'unsafeFixes', 'hosts'].includes(key)) bad(`unknown configuration key "${key}" (known: dockerVersion, rules, ignore, unsafeFixes, hosts)`);
  }
  if (o.dockerVersion !== undefined) {
    const v = parseVersion(o.dockerVersion as string);
    if (v) config.dockerVersion = v;
    else bad(`dockerVersion "${String(o.dockerVersion)}" is not a version like "27.5"; using ${formatVersion(config.dockerVersion)}`);
  }
  if (o.unsafeFixes !== undefined) {
    if (typeof o.unsafeFixes === 'boolean') config.unsafeFixes = o.unsafeFixes;
    else bad('unsafeFixes must be true or false');
  }
  if (o.ignore !== undefined) {
    if (Array.isArray(o.ignore) && o.ignore.every((x) => typeof x === 'string')) config.ignore = o.ignore as string[];
    else bad('ignore must be a list of path patterns');
  }
  if (o.hosts !== undefined) {
    if (typeof o.hosts !== 'object' || o.hosts === null || Array.isArray(o.hosts)) bad('hosts must be a mapping of host name to a list of path patterns');
    else {
      for (const [name, v] of Object.entries(o.hosts as Record<string, unknown>)) {
        if (typeof v === 'string') config.hosts[name] = [v];
        else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) config.hosts[name] = v as string[];
        else bad(`hosts.${name} must be a list of path patterns`);
      }
    }
  }
  if (o.rules !== undefined) {
    if (typeof o.rules !== 'object' || o.rules === null || Array.isArray(o.rules)) bad('rules must be a mapping of rule id to severity');
    else {
      for (const [id, v] of Object.entries(o.rules as Record<string, unknown>)) {
        if (isLevel(v)) config.rules[id] = { severity: v };
        else if (v === false) config.rules[id] = { severity: 'off' };
        else if (v && typeof v === 'object' && !Array.isArray(v)) {
          const rv = v as Record<string, unknown>;
          const rc: RuleConfig = {};
          if (rv.severity !== undefined) {
            if (isLevel(rv.severity)) rc.severity = rv.severity;
            else bad(`rules.${id}.severity must be one of off, hint, info, warning, error`);
          }
          if (rv.options !== undefined) {
            if (rv.options && typeof rv.options === 'object' && !Array.isArray(rv.options)) rc.options = rv.options as Record<string, unknown>;
            else bad(`rules.${id}.options must be a mapping`);
          }
          config.rules[id] = rc;
        } else bad(`rules.${id} must be one of off, hint, info, warning, error`);
      }
    }
  }
  return { config, notices };
}

export function parseConfigText(text: string, source: string): { config: Config; notices: Notice[] } {
  let raw: unknown;
  try {
    // Plain errors: yaml's pretty ones copy the error's line once per error, quadratic on a long line of garbage.
    const doc = parseDocument(text, { prettyErrors: false });
    if (doc.errors.length) {
      const e = doc.errors[0];
      throw new Error(`${e.message.split('\n')[0]} (line ${text.slice(0, e.pos[0]).split('\n').length})`);
    }
    raw = doc.toJS({ maxAliasCount: 100 });
    // `dockerVersion: 20.10` is a YAML number, 20.1: keep the digits as written.
    const v = doc.get('dockerVersion', true);
    if (raw && typeof raw === 'object' && isScalar(v) && typeof v.value === 'number' && v.range) {
      (raw as Record<string, unknown>).dockerVersion = text.slice(v.range[0], v.range[1]).trim();
    }
  } catch (e) {
    return { config: defaultConfig(), notices: [{ file: source, message: `cannot read the configuration: ${(e as Error).message.split('\n')[0]}; using defaults` }] };
  }
  return normalizeConfig(raw, source);
}

/** Find the config file for a directory: itself or its nearest ancestor that has one. */
export function findConfigFile(dir: string): string | undefined {
  let d = path.resolve(dir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const p = path.join(d, name);
      try {
        if (fs.statSync(p).isFile()) return p;
      } catch {
        /* not here */
      }
    }
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

export function loadConfigFile(file: string): { config: Config; notices: Notice[] } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { config: defaultConfig(), notices: [{ file, message: `cannot read the configuration: ${(e as NodeJS.ErrnoException).code ?? 'error'}; using defaults` }] };
  }
  return parseConfigText(text, file);
}

/** Settings layered over a file config: every field the override sets wins, rule entries merge per id. */
export function mergeConfig(base: Config, override: Partial<Config>): Config {
  return {
    dockerVersion: override.dockerVersion ?? base.dockerVersion,
    unsafeFixes: override.unsafeFixes ?? base.unsafeFixes,
    hosts: { ...base.hosts, ...(override.hosts ?? {}) },
    ignore: [...base.ignore, ...(override.ignore ?? [])],
    rules: { ...base.rules, ...(override.rules ?? {}) },
    ...((override.hadolint ?? base.hadolint) ? { hadolint: override.hadolint ?? base.hadolint } : {}),
  };
}
