// The dockerfile rules, sorted by id. Each lives in its own file named after its id.
import type { Rule } from '../../model/rule';
import buildContextWithoutDockerignore from './build-context-without-dockerignore';
import dockerfileAddLocalFile from './dockerfile-add-local-file';
import dockerfileAptInstallWithoutUpdate from './dockerfile-apt-install-without-update';
import dockerfileAptInstallsRecommends from './dockerfile-apt-installs-recommends';
import dockerfileAptUnstableCli from './dockerfile-apt-unstable-cli';
import dockerfileBaseImageFloatingTag from './dockerfile-base-image-floating-tag';
import dockerfileBashismInSh from './dockerfile-bashism-in-sh';
import dockerfileCdDoesNotPersist from './dockerfile-cd-does-not-persist';
import dockerfileCommandFailsInBuild from './dockerfile-command-fails-in-build';
import dockerfileCopyDestNotDir from './dockerfile-copy-dest-not-dir';
import dockerfileCopyFromStage from './dockerfile-copy-from-stage';
import dockerfileCopyIgnoredFile from './dockerfile-copy-ignored-file';
import dockerfileCopyRelativeWithoutWorkdir from './dockerfile-copy-relative-without-workdir';
import dockerfileCopyWholeFilesystem from './dockerfile-copy-whole-filesystem';
import dockerfileDuplicateStageName from './dockerfile-duplicate-stage-name';
import dockerfileEmptyContinuation from './dockerfile-empty-continuation';
import dockerfileExposeInvalid from './dockerfile-expose-invalid';
import dockerfileFromArgUndefined from './dockerfile-from-arg-undefined';
import dockerfileFromPlatformConstant from './dockerfile-from-platform-constant';
import dockerfileInstallAsksConfirmation from './dockerfile-install-asks-confirmation';
import dockerfileInstructionBeforeFrom from './dockerfile-instruction-before-from';
import dockerfileKeywordCasing from './dockerfile-keyword-casing';
import dockerfileLabelKeyInvalid from './dockerfile-label-key-invalid';
import dockerfileLegacyKeyValue from './dockerfile-legacy-key-value';
import dockerfileMaintainerDeprecated from './dockerfile-maintainer-deprecated';
import dockerfileMultipleCmd from './dockerfile-multiple-cmd';
import dockerfileOnbuildTriggerInvalid from './dockerfile-onbuild-trigger-invalid';
import dockerfilePackageVersionUnpinned from './dockerfile-package-version-unpinned';
import dockerfilePipeHidesFailure from './dockerfile-pipe-hides-failure';
import dockerfileRedundantTargetPlatform from './dockerfile-redundant-target-platform';
import dockerfileRunIgnoresFailures from './dockerfile-run-ignores-failures';
import dockerfileSecretInArgEnv from './dockerfile-secret-in-arg-env';
import dockerfileShellFormCmd from './dockerfile-shell-form-cmd';
import dockerfileShellSymlink from './dockerfile-shell-symlink';
import dockerfileStageNameCasing from './dockerfile-stage-name-casing';
import dockerfileStageNameReserved from './dockerfile-stage-name-reserved';
import dockerfileSudoInRun from './dockerfile-sudo-in-run';
import dockerfileUndefinedVar from './dockerfile-undefined-var';
import dockerfileUntrustedRegistry from './dockerfile-untrusted-registry';
import dockerfileWgetAndCurl from './dockerfile-wget-and-curl';
import dockerfileWgetProgressFloodsLog from './dockerfile-wget-progress-floods-log';
import dockerfileWorkdirRelative from './dockerfile-workdir-relative';
import dockerfileZypperDistUpgrade from './dockerfile-zypper-dist-upgrade';
import eolBaseImage from './eol-base-image';
import packageCacheLeft from './package-cache-left';
import runsAsRoot from './runs-as-root';
import useraddWithoutNoLogInit from './useradd-without-no-log-init';

export const dockerfileRules: Rule[] = [
  buildContextWithoutDockerignore,
  dockerfileAddLocalFile,
  dockerfileAptInstallWithoutUpdate,
  dockerfileAptInstallsRecommends,
  dockerfileAptUnstableCli,
  dockerfileBaseImageFloatingTag,
  dockerfileBashismInSh,
  dockerfileCdDoesNotPersist,
  dockerfileCommandFailsInBuild,
  dockerfileCopyDestNotDir,
  dockerfileCopyFromStage,
  dockerfileCopyIgnoredFile,
  dockerfileCopyRelativeWithoutWorkdir,
  dockerfileCopyWholeFilesystem,
  dockerfileDuplicateStageName,
  dockerfileEmptyContinuation,
  dockerfileExposeInvalid,
  dockerfileFromArgUndefined,
  dockerfileFromPlatformConstant,
  dockerfileInstallAsksConfirmation,
  dockerfileInstructionBeforeFrom,
  dockerfileKeywordCasing,
  dockerfileLabelKeyInvalid,
  dockerfileLegacyKeyValue,
  dockerfileMaintainerDeprecated,
  dockerfileMultipleCmd,
  dockerfileOnbuildTriggerInvalid,
  dockerfilePackageVersionUnpinned,
  dockerfilePipeHidesFailure,
  dockerfileRedundantTargetPlatform,
  dockerfileRunIgnoresFailures,
  dockerfileSecretInArgEnv,
  dockerfileShellFormCmd,
  dockerfileShellSymlink,
  dockerfileStageNameCasing,
  dockerfileStageNameReserved,
  dockerfileSudoInRun,
  dockerfileUndefinedVar,
  dockerfileUntrustedRegistry,
  dockerfileWgetAndCurl,
  dockerfileWgetProgressFloodsLog,
  dockerfileWorkdirRelative,
  dockerfileZypperDistUpgrade,
  eolBaseImage,
  packageCacheLeft,
  runsAsRoot,
  useraddWithoutNoLogInit,
];
