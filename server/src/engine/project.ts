// A whole lint run over paths on disk, as the CLI and the server's workspace lint do it: config, walk, lint.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultConfig, findConfigFile, loadConfigFile, mergeConfig, type Config } from './config';
import type { Notice } from '../core/finding';
import { Linter, type LintResult } from './lint';
import type { Rule } from '../model/rule';
import { readTextFile, walk, type WalkOptions } from './walk';
import { claimComposeFiles } from './compose-targets';
import { loadHadolintConfig } from './hadolint-config';
import { Workspace } from './workspace';
import { allRules } from '../rules';

export interface ProjectOptions {
  /** Explicit config file; otherwise the nearest .shipshape.yaml above the first path. */
  configFile?: string;
  /** Overrides layered over the config file (CLI flags, editor settings). */
  overrides?: Partial<Config>;
  rules?: readonly Rule[];
  walk?: Omit<WalkOptions, 'ignore' | 'root'>;
  /** Called once the walk is over, before the rules run, with the number of files found. */
  onWalked?: (files: number) => void;
}

export interface ProjectRun extends LintResult {
  workspace: Workspace;
  linter: Linter;
  config: Config;
  filesLinted: number;
}

export async function lintPaths(paths: readonly string[], opts: ProjectOptions = {}): Promise<ProjectRun> {
  const targets = paths.length ? paths : ['.'];
  const first = path.resolve(targets[0]);
  const notices: Notice[] = [];
  let config = defaultConfig();
  // Patterns are relative to the config file's folder, or else to the common folder of the paths (never to a file).
  let root = commonDir(targets.map((t) => path.resolve(t)));
  const configFile = opts.configFile ?? findConfigFile(first);
  if (configFile) {
    const loaded = loadConfigFile(configFile);
    config = loaded.config;
    notices.push(...loaded.notices);
    root = path.dirname(path.resolve(configFile));
  }
  // A project migrating from hadolint: its `.hadolint.yaml` in the root, under the shipshape config.
  const hadolint = loadHadolintConfig(root);
  if (hadolint.settings) config = { ...config, hadolint: hadolint.settings };
  notices.push(...hadolint.notices);
  if (opts.overrides) config = mergeConfig(config, opts.overrides);
  const walked = await walk(targets, { ...opts.walk, ignore: config.ignore, root });
  notices.push(...walked.notices);
  // The workspace root is the folder the config lives in, or the common folder of the paths.
  // One cold lint, then the process exits: every model is kept, none is parsed twice.
  const workspace = new Workspace(root, undefined, { maxModels: Infinity });
  for (const f of walked.files) workspace.set(f.path, f.text, f.kind);
  // YAML files a `docker compose -f` of the workspace names are compose files whatever their names.
  const claimed = claimComposeFiles(workspace, new Set(walked.otherYaml), new Set(), readTextFile).added.length;
  opts.onWalked?.(walked.files.length + claimed);
  const linter = new Linter(workspace, config, opts.rules ?? allRules);
  const result = linter.lint();
  return { ...result, notices: [...notices, ...result.notices], workspace, linter, config, filesLinted: walked.files.length + claimed };
}

function commonDir(abs: string[]): string {
  const dirs = abs.map((p) => (isDir(p) ? p : path.dirname(p)).split(path.sep));
  let n = 0;
  while (dirs.every((d) => d.length > n && d[n] === dirs[0][n])) n++;
  return dirs[0].slice(0, n).join(path.sep) || path.sep;
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
