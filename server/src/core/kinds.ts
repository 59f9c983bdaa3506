// The kinds of file shipshape reads: the one list every layer names them by (classify.ts decides a file's kind).
export const FILE_KINDS = [
  'daemon-json',
  'daemon-config-other',
  'systemd-unit',
  'sysconfig-env',
  'compose',
  'env-file',
  'crontab',
  'ci',
  'shell',
  'dockerfile',
  'task-runner',
  'provisioning',
] as const;
export type FileKind = (typeof FILE_KINDS)[number];
