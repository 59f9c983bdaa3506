// Every rule of the two Dockerfile linters people compare shipshape with: hadolint's DL rules (its README table; the
// numbers it retired, DL3005, DL3017, DL3031, DL3039 and DL4002, are not listed) and BuildKit's build checks
// (`docker build --check`, frontend/dockerfile/linter/ruleset.go). Which shipshape rule covers a code is said by
// that rule's meta.peers, never here; a code no rule covers carries the reason it is left out. The summaries are
// ours. docs/dockerfile-peers.md is generated from this list and the rules (`npm run docs:rules`).

export interface PeerCode {
  code: string;
  /** What the peer checks, in a few words. */
  what: string;
  /** hadolint's default severity (BuildKit reports every check as a warning). */
  peerSeverity?: 'error' | 'warning' | 'info' | 'style' | 'ignore';
  /** Why no shipshape rule covers it; absent when one should. */
  leftOut?: string;
}

const LABEL_SCHEMA = 'checks a label against a `label-schema` the project declares in hadolint\'s config; without one hadolint itself checks nothing, and a label of the wrong form breaks no build or container';

export const HADOLINT_CODES: readonly PeerCode[] = [
  { code: 'DL1001', what: 'inline `# hadolint ignore` pragmas used at all', peerSeverity: 'ignore', leftOut: 'off by default in hadolint, and a policy about comments, not a hazard: shipshape honours the pragmas instead' },
  { code: 'DL3000', what: 'WORKDIR is not an absolute path', peerSeverity: 'error' },
  { code: 'DL3001', what: 'commands that make no sense in a container (ssh, vim, shutdown, service, ps, top, kill, mount…)', peerSeverity: 'info' },
  { code: 'DL3002', what: 'the last USER is root', peerSeverity: 'warning' },
  { code: 'DL3003', what: '`cd` in RUN instead of WORKDIR', peerSeverity: 'warning' },
  { code: 'DL3004', what: '`sudo` in RUN', peerSeverity: 'error' },
  { code: 'DL3006', what: 'FROM an image with no tag', peerSeverity: 'warning' },
  { code: 'DL3007', what: 'FROM an image tagged `latest`', peerSeverity: 'warning' },
  { code: 'DL3008', what: '`apt-get install` without version pins', peerSeverity: 'warning' },
  { code: 'DL3009', what: 'apt lists left after `apt-get update`', peerSeverity: 'info' },
  { code: 'DL3010', what: 'a local archive COPYed then extracted, where ADD extracts it', peerSeverity: 'info', leftOut: 'a style choice with no failure behind it: both ways give the same files, and ADD\'s silent unpacking is itself a hazard (see dockerfile-add-local-file)' },
  { code: 'DL3011', what: 'EXPOSE of a port outside 0–65535', peerSeverity: 'error' },
  { code: 'DL3012', what: 'more than one HEALTHCHECK', peerSeverity: 'error' },
  { code: 'DL3013', what: '`pip install` without version pins', peerSeverity: 'warning' },
  { code: 'DL3014', what: '`apt-get install` without `-y`', peerSeverity: 'warning' },
  { code: 'DL3015', what: '`apt-get install` without `--no-install-recommends`', peerSeverity: 'info' },
  { code: 'DL3016', what: '`npm install` without version pins', peerSeverity: 'warning' },
  { code: 'DL3018', what: '`apk add` without version pins', peerSeverity: 'warning' },
  { code: 'DL3019', what: '`apk add` without `--no-cache`', peerSeverity: 'info' },
  { code: 'DL3020', what: 'ADD for local files and folders, where COPY does', peerSeverity: 'error' },
  { code: 'DL3021', what: 'COPY of several sources to a destination not ending in `/`', peerSeverity: 'error' },
  { code: 'DL3022', what: '`COPY --from` naming no earlier stage', peerSeverity: 'warning' },
  { code: 'DL3023', what: '`COPY --from` its own stage', peerSeverity: 'error' },
  { code: 'DL3024', what: 'two stages with the same name', peerSeverity: 'error' },
  { code: 'DL3025', what: 'CMD/ENTRYPOINT in shell form instead of JSON', peerSeverity: 'warning' },
  { code: 'DL3026', what: 'FROM a registry not on the allow-list (`trustedRegistries`)', peerSeverity: 'error' },
  { code: 'DL3027', what: '`apt` instead of `apt-get` in RUN', peerSeverity: 'warning' },
  { code: 'DL3028', what: '`gem install` without version pins', peerSeverity: 'warning' },
  { code: 'DL3029', what: '`FROM --platform`', peerSeverity: 'warning' },
  { code: 'DL3030', what: '`yum install` without `-y`', peerSeverity: 'warning' },
  { code: 'DL3032', what: '`yum clean all` missing after yum', peerSeverity: 'warning' },
  { code: 'DL3033', what: '`yum install` without version pins', peerSeverity: 'warning' },
  { code: 'DL3034', what: 'zypper without `-n`/`-y`', peerSeverity: 'warning' },
  { code: 'DL3035', what: '`zypper dist-upgrade` in a Dockerfile', peerSeverity: 'warning' },
  { code: 'DL3036', what: '`zypper clean` missing after zypper', peerSeverity: 'warning' },
  { code: 'DL3037', what: '`zypper install` without version pins', peerSeverity: 'warning' },
  { code: 'DL3038', what: '`dnf install` without `-y`', peerSeverity: 'warning' },
  { code: 'DL3040', what: '`dnf clean all` missing after dnf/microdnf', peerSeverity: 'warning' },
  { code: 'DL3041', what: '`dnf install` without version pins', peerSeverity: 'warning' },
  { code: 'DL3042', what: '`pip install` without `--no-cache-dir`', peerSeverity: 'warning' },
  { code: 'DL3043', what: 'ONBUILD of ONBUILD, FROM or MAINTAINER', peerSeverity: 'error' },
  { code: 'DL3044', what: 'ENV referring to a variable set in the same ENV', peerSeverity: 'error' },
  { code: 'DL3045', what: 'COPY to a relative destination with no WORKDIR set', peerSeverity: 'warning' },
  { code: 'DL3046', what: '`useradd` with a large UID and no `-l`', peerSeverity: 'warning' },
  { code: 'DL3047', what: '`wget` without `--progress` (log spam)', peerSeverity: 'info' },
  { code: 'DL3048', what: 'a label key of the wrong form', peerSeverity: 'style' },
  { code: 'DL3049', what: 'a label the schema requires is missing', peerSeverity: 'info', leftOut: LABEL_SCHEMA },
  { code: 'DL3050', what: 'a label the schema does not know (strict labels)', peerSeverity: 'info', leftOut: LABEL_SCHEMA },
  { code: 'DL3051', what: 'a schema label is empty', peerSeverity: 'warning', leftOut: LABEL_SCHEMA },
  { code: 'DL3052', what: 'a schema label is not a URL', peerSeverity: 'warning', leftOut: LABEL_SCHEMA },
  { code: 'DL3053', what: 'a schema label is not an RFC 3339 time', peerSeverity: 'warning', leftOut: LABEL_SCHEMA },
  { code: 'DL3054', what: 'a schema label is not an SPDX licence', peerSeverity: 'warning', leftOut: LABEL_SCHEMA },
  { code: 'DL3055', what: 'a schema label is not a git hash', peerSeverity: 'warning', leftOut: LABEL_SCHEMA },
  { code: 'DL3056', what: 'a schema label is not a semantic version', peerSeverity: 'warning', leftOut: LABEL_SCHEMA },
  { code: 'DL3057', what: 'no HEALTHCHECK at all', peerSeverity: 'ignore', leftOut: 'off by default in hadolint; many images are health-checked by their orchestrator (Kubernetes probes, compose `healthcheck:`), so a missing one breaks nothing by itself' },
  { code: 'DL3058', what: 'a schema label is not an e-mail address', peerSeverity: 'warning', leftOut: LABEL_SCHEMA },
  { code: 'DL3059', what: 'consecutive RUNs that could be one', peerSeverity: 'info', leftOut: 'no build or container breaks; merging steps often makes the layer cache worse, and the hazard that matters (a cache cleaned in a later layer) is package-cache-left' },
  { code: 'DL3060', what: '`yarn cache clean` missing after yarn install', peerSeverity: 'info' },
  { code: 'DL3061', what: 'an instruction before the first FROM (other than ARG)', peerSeverity: 'error' },
  { code: 'DL3062', what: '`go install` without `@version`', peerSeverity: 'warning' },
  { code: 'DL3063', what: 'a reserved word as stage name', peerSeverity: 'warning' },
  { code: 'DL3064', what: 'secret-looking names in ARG/ENV', peerSeverity: 'warning' },
  { code: 'DL3065', what: '`FROM --platform=$TARGETPLATFORM`, which is the default', peerSeverity: 'warning' },
  { code: 'DL3066', what: 'USER by name instead of numeric id', peerSeverity: 'info', leftOut: 'a named user is what most official images use (`USER node`, `USER www-data`); it only matters to a Kubernetes runAsNonRoot check, which runs-as-root covers from the other side' },
  { code: 'DL3067', what: '`COPY --from=<stage> / /`: a whole filesystem copied', peerSeverity: 'warning' },
  { code: 'DL4000', what: 'MAINTAINER is deprecated', peerSeverity: 'error' },
  { code: 'DL4001', what: 'both wget and curl used', peerSeverity: 'warning' },
  { code: 'DL4003', what: 'more than one CMD', peerSeverity: 'warning' },
  { code: 'DL4004', what: 'more than one ENTRYPOINT', peerSeverity: 'error' },
  { code: 'DL4005', what: '`ln -s` to swap /bin/sh instead of SHELL', peerSeverity: 'warning' },
  { code: 'DL4006', what: 'a pipe in RUN without `-o pipefail`', peerSeverity: 'warning' },
];

export const BUILDKIT_CHECKS: readonly PeerCode[] = [
  { code: 'StageNameCasing', what: 'a stage name that is not lower case' },
  { code: 'FromAsCasing', what: '`AS` cased unlike `FROM`' },
  { code: 'NoEmptyContinuation', what: 'an empty line inside a continuation' },
  { code: 'ConsistentInstructionCasing', what: 'instructions in mixed case' },
  { code: 'DuplicateStageName', what: 'two stages with the same name' },
  { code: 'ReservedStageName', what: 'a reserved word (`scratch`, `context`) as stage name' },
  { code: 'JSONArgsRecommended', what: 'CMD/ENTRYPOINT in shell form (signals do not reach the process)' },
  { code: 'MaintainerDeprecated', what: 'MAINTAINER is deprecated' },
  { code: 'UndefinedArgInFrom', what: 'FROM uses an ARG that is not declared' },
  { code: 'WorkdirRelativePath', what: 'a relative WORKDIR with no absolute one before it' },
  { code: 'UndefinedVar', what: 'a variable used before it is defined' },
  { code: 'MultipleInstructionsDisallowed', what: 'several CMD, ENTRYPOINT or HEALTHCHECK in a stage' },
  { code: 'LegacyKeyValueFormat', what: '`ENV key value` / `LABEL key value`, the legacy form' },
  { code: 'InvalidBaseImagePlatform', what: 'the base image has no build for the target platform', leftOut: 'needs the base image\'s manifest from the registry; shipshape reads only the files in the workspace and never the network' },
  { code: 'RedundantTargetPlatform', what: '`FROM --platform=$TARGETPLATFORM`, which is the default' },
  { code: 'SecretsUsedInArgOrEnv', what: 'secret-looking names in ARG/ENV' },
  { code: 'InvalidDefaultArgInFrom', what: 'a global ARG default that gives an empty or invalid FROM' },
  { code: 'FromPlatformFlagConstDisallowed', what: '`FROM --platform` with a constant value' },
  { code: 'CopyIgnoredFile', what: 'COPY/ADD of a file that .dockerignore excludes' },
  { code: 'InvalidDefinitionDescription', what: 'a description comment above ARG/FROM not in the `# NAME …` form (experimental)', leftOut: 'experimental and off by default in BuildKit; it is about comment wording shown by `--call=outline`, and nothing breaks' },
  { code: 'ExposeProtoCasing', what: 'an EXPOSE protocol not in lower case' },
  { code: 'ExposeInvalidFormat', what: 'EXPOSE with an IP address or a host port' },
];
