// The systemd rules (units, drop-ins, sysconfig env files and the cross-file daemon rules), sorted by id. Each lives
// in its own file named after its id.
import type { Rule } from '../../model/rule';
import daemonFlagConflict from './daemon-flag-conflict';
import dockerOptsNotApplied from './docker-opts-not-applied';
import dockerdDeprecatedFlag from './dockerd-deprecated-flag';
import dockerdFdWithoutSocketUnit from './dockerd-fd-without-socket-unit';
import dockerdPositionalArgument from './dockerd-positional-argument';
import dockerdStorageFlag from './dockerd-storage-flag';
import dockerdUnknownFlag from './dockerd-unknown-flag';
import envVarReassigned from './env-var-reassigned';
import liveRestoreWithMountflagsSlave from './live-restore-with-mountflags-slave';
import liveRestoreWithoutKillmodeProcess from './live-restore-without-killmode-process';
import unitExecstartNotCleared from './unit-execstart-not-cleared';
import unitKeyInWrongSection from './unit-key-in-wrong-section';
import unitVendorFileEdited from './unit-vendor-file-edited';

export const systemdRules: Rule[] = [
  daemonFlagConflict,
  dockerOptsNotApplied,
  dockerdDeprecatedFlag,
  dockerdFdWithoutSocketUnit,
  dockerdPositionalArgument,
  dockerdStorageFlag,
  dockerdUnknownFlag,
  envVarReassigned,
  liveRestoreWithMountflagsSlave,
  liveRestoreWithoutKillmodeProcess,
  unitExecstartNotCleared,
  unitKeyInWrongSection,
  unitVendorFileEdited,
];
