// The dockerfile rules, sorted by id. Each lives in its own file named after its id.
import type { Rule } from '../../engine/rule';
import buildContextWithoutDockerignore from './build-context-without-dockerignore';
import dockerfileAptInstallWithoutUpdate from './dockerfile-apt-install-without-update';
import dockerfileAptInstallsRecommends from './dockerfile-apt-installs-recommends';
import dockerfileAptUnstableCli from './dockerfile-apt-unstable-cli';
import dockerfileBaseImageFloatingTag from './dockerfile-base-image-floating-tag';
import dockerfileBashismInSh from './dockerfile-bashism-in-sh';
import dockerfileCdDoesNotPersist from './dockerfile-cd-does-not-persist';
import dockerfileCommandFailsInBuild from './dockerfile-command-fails-in-build';
import dockerfileInstallAsksConfirmation from './dockerfile-install-asks-confirmation';
import dockerfilePackageVersionUnpinned from './dockerfile-package-version-unpinned';
import dockerfilePipeHidesFailure from './dockerfile-pipe-hides-failure';
import dockerfileRunIgnoresFailures from './dockerfile-run-ignores-failures';
import dockerfileSudoInRun from './dockerfile-sudo-in-run';
import dockerfileUntrustedRegistry from './dockerfile-untrusted-registry';
import dockerfileWgetAndCurl from './dockerfile-wget-and-curl';
import dockerfileWgetProgressFloodsLog from './dockerfile-wget-progress-floods-log';
import dockerfileZypperDistUpgrade from './dockerfile-zypper-dist-upgrade';
import eolBaseImage from './eol-base-image';
import packageCacheLeft from './package-cache-left';
import runsAsRoot from './runs-as-root';
import useraddWithoutNoLogInit from './useradd-without-no-log-init';

export const dockerfileRules: Rule[] = [
  buildContextWithoutDockerignore,
  dockerfileAptInstallWithoutUpdate,
  dockerfileAptInstallsRecommends,
  dockerfileAptUnstableCli,
  dockerfileBaseImageFloatingTag,
  dockerfileBashismInSh,
  dockerfileCdDoesNotPersist,
  dockerfileCommandFailsInBuild,
  dockerfileInstallAsksConfirmation,
  dockerfilePackageVersionUnpinned,
  dockerfilePipeHidesFailure,
  dockerfileRunIgnoresFailures,
  dockerfileSudoInRun,
  dockerfileUntrustedRegistry,
  dockerfileWgetAndCurl,
  dockerfileWgetProgressFloodsLog,
  dockerfileZypperDistUpgrade,
  eolBaseImage,
  packageCacheLeft,
  runsAsRoot,
  useraddWithoutNoLogInit,
];
