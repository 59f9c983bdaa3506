// The compose rules, sorted by id. Each lives in its own file named after its id.
import type { Rule } from '../../model/rule';
import composeContainerLocalhost from './compose-container-localhost';
import composeContainerNameConflict from './compose-container-name-conflict';
import composeExternalNetworkPrefixed from './compose-external-network-prefixed';
import composeHostPortConflict from './compose-host-port-conflict';
import composeLogRotationMissing from './compose-log-rotation-missing';
import composeMysqlCharset from './compose-mysql-charset';
import composePortsWithHostNetwork from './compose-ports-with-host-network';
import composeProjectNameCollision from './compose-project-name-collision';
import composeProjectNameInEnvironment from './compose-project-name-in-environment';
import composeQuotedEnvValue from './compose-quoted-env-value';
import composeSchema from './compose-schema';
import composeShmSize from './compose-shm-size';
import composeSubnetInDefaultPool from './compose-subnet-in-default-pool';
import composeSubnetOverlap from './compose-subnet-overlap';
import composeV1Format from './compose-v1-format';
import composeVersionObsolete from './compose-version-obsolete';

export const composeRules: Rule[] = [
  composeContainerLocalhost,
  composeContainerNameConflict,
  composeExternalNetworkPrefixed,
  composeHostPortConflict,
  composeLogRotationMissing,
  composeMysqlCharset,
  composePortsWithHostNetwork,
  composeProjectNameCollision,
  composeProjectNameInEnvironment,
  composeQuotedEnvValue,
  composeSchema,
  composeShmSize,
  composeSubnetInDefaultPool,
  composeSubnetOverlap,
  composeV1Format,
  composeVersionObsolete,
];
