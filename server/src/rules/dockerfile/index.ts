// The dockerfile rules, sorted by id. Each lives in its own file named after its id.
import type { Rule } from '../../engine/rule';
import buildContextWithoutDockerignore from './build-context-without-dockerignore';
import dockerfileAddLocalFile from './dockerfile-add-local-file';
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
import dockerfileInstructionBeforeFrom from './dockerfile-instruction-before-from';
import dockerfileKeywordCasing from './dockerfile-keyword-casing';
import dockerfileLabelKeyInvalid from './dockerfile-label-key-invalid';
import dockerfileLegacyKeyValue from './dockerfile-legacy-key-value';
import dockerfileMaintainerDeprecated from './dockerfile-maintainer-deprecated';
import dockerfileMultipleCmd from './dockerfile-multiple-cmd';
import dockerfileOnbuildTriggerInvalid from './dockerfile-onbuild-trigger-invalid';
import dockerfileRedundantTargetPlatform from './dockerfile-redundant-target-platform';
import dockerfileSecretInArgEnv from './dockerfile-secret-in-arg-env';
import dockerfileShellFormCmd from './dockerfile-shell-form-cmd';
import dockerfileShellSymlink from './dockerfile-shell-symlink';
import dockerfileStageNameCasing from './dockerfile-stage-name-casing';
import dockerfileStageNameReserved from './dockerfile-stage-name-reserved';
import dockerfileUndefinedVar from './dockerfile-undefined-var';
import dockerfileWorkdirRelative from './dockerfile-workdir-relative';
import eolBaseImage from './eol-base-image';
import packageCacheLeft from './package-cache-left';
import runsAsRoot from './runs-as-root';
import useraddWithoutNoLogInit from './useradd-without-no-log-init';

export const dockerfileRules: Rule[] = [
  buildContextWithoutDockerignore,
  dockerfileAddLocalFile,
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
  dockerfileInstructionBeforeFrom,
  dockerfileKeywordCasing,
  dockerfileLabelKeyInvalid,
  dockerfileLegacyKeyValue,
  dockerfileMaintainerDeprecated,
  dockerfileMultipleCmd,
  dockerfileOnbuildTriggerInvalid,
  dockerfileRedundantTargetPlatform,
  dockerfileSecretInArgEnv,
  dockerfileShellFormCmd,
  dockerfileShellSymlink,
  dockerfileStageNameCasing,
  dockerfileStageNameReserved,
  dockerfileUndefinedVar,
  dockerfileWorkdirRelative,
  eolBaseImage,
  packageCacheLeft,
  runsAsRoot,
  useraddWithoutNoLogInit,
];
