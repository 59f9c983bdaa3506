// Facts about cron (Vixie cron as shipped by Debian/Ubuntu, and cronie on Fedora/RHEL/Arch): crontab(5), cron(8)
// and their source (entry.c, env.c, do_command.c). Typed data only; the rules and the hover read it.

/** The five time fields in order, their limits, the names cron accepts, and cron's own error text for each. */
export interface CronFieldInfo {
  name: 'minute' | 'hour' | 'day of month' | 'month' | 'day of week';
  min: number;
  max: number;
  /** Three-letter names (case does not matter); names[i] stands for min + i. */
  names?: readonly string[];
  /** What crontab(1) prints and cron logs when the field cannot be read. */
  cronError: string;
}

export const CRON_FIELDS: readonly CronFieldInfo[] = [
  { name: 'minute', min: 0, max: 59, cronError: 'bad minute' },
  { name: 'hour', min: 0, max: 23, cronError: 'bad hour' },
  { name: 'day of month', min: 1, max: 31, cronError: 'bad day-of-month' },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'], cronError: 'bad month' },
  // 0 and 7 are both Sunday.
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], cronError: 'bad day-of-week' },
];

/**
 * What cron puts in a job's environment before the crontab's own settings: SHELL=/bin/sh, HOME and LOGNAME (and USER
 * on Linux and BSD) from the owner's passwd entry, PATH=/usr/bin:/bin (_PATH_DEFPATH) unless the crontab sets one.
 * Debian's cron and cronie also pass what pam_env reads (/etc/environment, /etc/default/locale); that is host state,
 * not part of the crontab.
 */
export const CRON_DEFAULT_ENV: readonly string[] = ['HOME', 'LOGNAME', 'USER', 'SHELL', 'PATH'];

/** The PATH cron gives a job when the crontab sets none (glibc's _PATH_DEFPATH, used by Vixie cron and cronie). */
export const CRON_DEFAULT_PATH = '/usr/bin:/bin';

/** Variables the shell itself sets, so a job may read them without any env line. */
export const SHELL_SET_VARIABLES: readonly string[] = [
  'PWD', 'OLDPWD', 'IFS', 'PPID', 'PS1', 'PS2', 'PS4', 'OPTIND', 'OPTARG', 'LINENO', 'RANDOM', 'SECONDS', 'UID', 'EUID',
  'HOSTNAME', 'HOSTTYPE', 'OSTYPE', 'MACHTYPE', 'BASH', 'BASHPID', 'BASH_VERSION', 'BASH_SOURCE', 'BASH_LINENO',
  'BASHOPTS', 'SHELLOPTS', 'SHLVL', 'PIPESTATUS', 'FUNCNAME', 'GROUPS', 'EPOCHSECONDS', 'EPOCHREALTIME', 'REPLY',
  'HISTFILE', 'HISTSIZE', 'MAIL', 'MAILCHECK', 'TERM', 'COLUMNS', 'LINES',
];

/** Settings that mean something to cron itself rather than to the jobs. */
export const CRON_SETTINGS: Readonly<Record<string, string>> = {
  SHELL: 'The shell that runs each command (default /bin/sh).',
  PATH: `Where the shell looks for commands (default ${CRON_DEFAULT_PATH}).`,
  MAILTO: 'Who gets the output of the jobs by mail; empty (MAILTO="") sends no mail.',
  MAILFROM: 'The envelope sender of the mail (cronie).',
  HOME: 'The working directory of the jobs (default: the owner\'s home).',
  CRON_TZ: 'The time zone the schedules below are read in (cronie; a cron that does not know it uses the system time zone).',
  RANDOM_DELAY: 'Up to this many minutes of random delay before each job (cronie).',
  CONTENT_TYPE: 'Content-Type of the mail (cronie).',
  CONTENT_TRANSFER_ENCODING: 'Content-Transfer-Encoding of the mail (cronie).',
  MLS_LEVEL: 'SELinux MLS level of the jobs (cronie).',
};

/**
 * Commands that usually live outside cron's default PATH (/usr/bin:/bin), with where they are usually installed.
 * Only commands whose usual install puts them elsewhere are listed; a distribution package may put some in /usr/bin.
 */
export const COMMANDS_OUTSIDE_CRON_PATH: Readonly<Record<string, string>> = {
  // Docker Compose v1 and its release binary, the AWS CLI v2 installer, and other curl-to-/usr/local/bin installs
  'docker-compose': '/usr/local/bin',
  aws: '/usr/local/bin',
  kubectl: '/usr/local/bin',
  helm: '/usr/local/bin',
  k3s: '/usr/local/bin',
  composer: '/usr/local/bin',
  wp: '/usr/local/bin',
  pm2: '/usr/local/bin',
  // snaps
  microk8s: '/snap/bin',
  lxc: '/snap/bin',
  lxd: '/snap/bin',
  multipass: '/snap/bin',
  // system administration commands in /usr/sbin (/sbin)
  service: '/usr/sbin',
  logrotate: '/usr/sbin',
  iptables: '/usr/sbin',
  ip6tables: '/usr/sbin',
  'iptables-save': '/usr/sbin',
  'iptables-restore': '/usr/sbin',
  ufw: '/usr/sbin',
  sysctl: '/usr/sbin',
  reboot: '/usr/sbin',
  shutdown: '/usr/sbin',
  modprobe: '/usr/sbin',
  fstrim: '/usr/sbin',
  ntpdate: '/usr/sbin',
  hwclock: '/usr/sbin',
  nginx: '/usr/sbin',
  apachectl: '/usr/sbin',
  apache2ctl: '/usr/sbin',
  zfs: '/usr/sbin',
  zpool: '/usr/sbin',
  useradd: '/usr/sbin',
  cryptsetup: '/usr/sbin',
};

/** Words that are commands, never user names (users such as `backup`, `www-data` or `node` do exist). */
export const CRON_COMMAND_WORDS = new Set([
  'cd', 'echo', 'printf', 'test', '[', 'sh', 'bash', 'dash', 'zsh', 'env', 'sudo', 'nice', 'ionice', 'nohup', 'timeout', 'flock',
  'docker', 'docker-compose', 'podman', 'kubectl', 'systemctl', 'service', 'run-parts', 'curl', 'wget', 'rm', 'find', 'tar',
  'gzip', 'rsync', 'cp', 'mv', 'touch', 'date', 'sleep', 'tee', 'kill', 'pkill', 'php', 'python', 'python3', 'perl',
  'ruby', 'mysqldump', 'pg_dump', 'certbot', 'logrotate', 'true', 'false', 'exec', 'git', 'make', 'npm', 'npx',
]);

export const CRON_USER_NAME = /^[a-z_][a-z0-9_.-]*\$?$/i;

/** Whether the word after a schedule is a command rather than a user name. */
export function looksLikeCronCommand(word: string): boolean {
  return !CRON_USER_NAME.test(word) || CRON_COMMAND_WORDS.has(word);
}

/** The users system crontab lines name; a crontab whose every job starts with one of them is a system crontab. */
export const CRON_SYSTEM_USERS: ReadonlySet<string> = new Set(['root', 'www-data', 'nobody']);
