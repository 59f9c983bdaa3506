// One parser per file kind. Each returns a model whose nodes carry offsets into the original text, and never throws
// on bad input: problems are part of the model. Kinds whose parser has not landed yet map to null.

import type { FileKind } from '../engine/classify';
import { parseCi, type CiModel } from './ci';
import { parseCompose, type ComposeModel } from './compose';
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

type Parsers = { [K in FileKind]: (text: string, path: string) => Models[K] };

export const parsers: Parsers = {
  'daemon-json': (text) => parseDaemonJson(text),
  'daemon-config-other': () => null,
  'systemd-unit': (text, path) => parseSystemdUnit(text, path),
  'sysconfig-env': (text) => parseSysconfigEnv(text),
  compose: (text, path) => parseCompose(text, path),
  'env-file': (text) => parseEnvFile(text),
  crontab: (text, path) => parseCrontab(text, path),
  ci: (text, path) => parseCi(text, path),
  shell: (text) => parseShell(text),
  dockerfile: (text) => parseDockerfile(text),
  'task-runner': (text, path) => parseTaskRunner(text, path),
  provisioning: (text) => parseProvisioning(text),
};
