// One parser per file kind. Each returns a model whose nodes carry offsets into the original text, and never throws
// on bad input: problems are part of the model. Kinds whose parser has not landed yet map to null.

import type { FileKind } from './classify';
import { parseCi, type CiModel } from './ci';
import { parseCompose, type ComposeModel } from './compose';
import { reparseCompose } from './compose-reparse';
import { parseCrontab, type CrontabModel } from './crontab';
import { parseDaemonJson, type DaemonJsonModel } from './daemon-json';
import { parseDockerfile, type DockerfileModel } from './dockerfile';
import { parseEnvFile, type EnvFileModel } from './env-file';
import { parseSysconfigEnv, type SysconfigEnvModel } from './sysconfig-env';
import { parseSystemdUnit, type UnitModel } from './systemd-unit';
import { parseShell, type ParsedScript } from './shell';
import { parseTaskRunner, type TaskRunnerModel } from './task-runner';
import { parseProvisioning, type ProvisioningModel } from './provisioning';

export interface Models {
  'daemon-json': DaemonJsonModel;
  'daemon-config-other': null;
  'systemd-unit': UnitModel;
  'sysconfig-env': SysconfigEnvModel;
  compose: ComposeModel;
  'env-file': EnvFileModel;
  crontab: CrontabModel;
  ci: CiModel;
  shell: ParsedScript;
  dockerfile: DockerfileModel;
  'task-runner': TaskRunnerModel;
  provisioning: ProvisioningModel;
}

/** The last parse of the same file, which a parser may build on (only compose does: an edit inside one service). */
export interface PreviousParse<M> {
  text: string;
  model: M;
}

type Parsers = { [K in FileKind]: (text: string, path: string, previous?: PreviousParse<Models[K]>) => Models[K] };

export const parsers: Parsers = {
  'daemon-json': (text) => parseDaemonJson(text),
  'daemon-config-other': () => null,
  'systemd-unit': (text, path) => parseSystemdUnit(text, path),
  'sysconfig-env': (text) => parseSysconfigEnv(text),
  compose: (text, path, previous) => (previous && reparseCompose(previous.text, previous.model, text, path)) || parseCompose(text, path),
  'env-file': (text) => parseEnvFile(text),
  crontab: (text, path) => parseCrontab(text, path),
  ci: (text, path) => parseCi(text, path),
  shell: (text) => parseShell(text),
  dockerfile: (text) => parseDockerfile(text),
  'task-runner': (text, path) => parseTaskRunner(text, path),
  provisioning: (text) => parseProvisioning(text),
};

/**
 * Kinds whose program refuses the whole file at its first error (dockerd and a daemon.json that is not strict JSON):
 * where that error is, which rule reports it, and how to name it. The other rules' findings on such a file say they
 * are what breaks next (engine/lint.ts).
 */
export const blockers: { [K in FileKind]?: Blocker<Models[K]> } = {
  'daemon-json': {
    ruleId: 'daemon-json-invalid',
    what: 'The JSON syntax error',
    find: (m) => m.problems.filter((p) => p.kind === 'syntax' || p.kind === 'comment' || p.kind === 'trailing-comma').map((p) => p.span),
    // Where the parse read past a stray brace or a second object, the tree is not the file's shape: no edits on it.
    reshaped: (m) => m.problems.some((p) => p.code === 'StrayClose' || p.code === 'SecondObject' || p.code === 'NoOuterBraces'),
  },
};

export interface Blocker<M> {
  ruleId: string;
  what: string;
  find(model: M): { start: number; end: number }[];
  /** Whether the parse had to reshape the text to read on, so other rules' fixes cannot be trusted. */
  reshaped(model: M): boolean;
}
