// The daemon-json rules, sorted by id. Each lives in its own file named after its id.
import type { Rule } from '../../model/rule';
import daemonAddressPoolInvalid from './daemon-address-pool-invalid';
import daemonConfigWrongFile from './daemon-config-wrong-file';
import daemonDefaultRuntimeUndefined from './daemon-default-runtime-undefined';
import daemonDeprecatedKey from './daemon-deprecated-key';
import daemonIgnoredKey from './daemon-ignored-key';
import daemonJsonInvalid from './daemon-json-invalid';
import daemonLegacyStorageDriver from './daemon-legacy-storage-driver';
import daemonLogRotationMissing from './daemon-log-rotation-missing';
import daemonRegistryMirrorInvalid from './daemon-registry-mirror-invalid';
import daemonStorageOptMismatch from './daemon-storage-opt-mismatch';
import daemonUnknownKey from './daemon-unknown-key';
import daemonWrongType from './daemon-wrong-type';

export const daemonJsonRules: Rule[] = [
  daemonAddressPoolInvalid,
  daemonConfigWrongFile,
  daemonDefaultRuntimeUndefined,
  daemonDeprecatedKey,
  daemonIgnoredKey,
  daemonJsonInvalid,
  daemonLegacyStorageDriver,
  daemonLogRotationMissing,
  daemonRegistryMirrorInvalid,
  daemonStorageOptMismatch,
  daemonUnknownKey,
  daemonWrongType,
];
