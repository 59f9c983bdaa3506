// Package managers as Dockerfile RUN steps use them: how each is invoked, which of its options take a value (so a
// value is never read as a package), how a version is pinned, and how it is told not to ask for confirmation.
// Facts from each tool's manual; the rules read this table rather than branching per tool.

export type ManagerId = 'apt-get' | 'apt' | 'apk' | 'yum' | 'dnf' | 'microdnf' | 'zypper' | 'pip' | 'npm' | 'yarn' | 'pnpm' | 'gem' | 'go';

export interface PackageManager {
  id: ManagerId;
  /** Program names that run it (`pip3`, `pip3.12`), matched on the command's base name. */
  programs: RegExp;
  /** Subcommands that install the packages named after them. */
  install: string[];
  /** Options (anywhere on the line) that take the next word as their value. */
  valueFlags: string[];
  /** Distribution package managers: their repositories drop superseded versions, so an exact pin stops resolving. */
  system: boolean;
  /** The hadolint rule that asks for pins with this manager. */
  pinCode?: string;
  /** How a pin is written, for messages. */
  pinExample: string;
  /** Options that answer the confirmation prompt; undefined when the tool never asks. */
  yes?: { flags: string[]; insert: string; code: string; prompt: string };
}

export const PACKAGE_MANAGERS: PackageManager[] = [
  {
    id: 'apt-get',
    programs: /^apt-get$/,
    install: ['install'],
    valueFlags: ['-t', '--target-release', '--default-release', '-o', '--option', '-c', '--config-file', '-a', '--host-architecture'],
    system: true,
    pinCode: 'DL3008',
    pinExample: 'curl=8.14.1-2',
    yes: { flags: ['-y', '--yes', '--assume-yes'], insert: '-y', code: 'DL3014', prompt: 'Do you want to continue? [Y/n] Abort.' },
  },
  {
    id: 'apt',
    programs: /^apt$/,
    install: ['install'],
    valueFlags: ['-t', '--target-release', '--default-release', '-o', '--option', '-c', '--config-file', '-a', '--host-architecture'],
    system: true,
    pinCode: 'DL3008',
    pinExample: 'curl=8.14.1-2',
    yes: { flags: ['-y', '--yes', '--assume-yes'], insert: '-y', code: 'DL3014', prompt: 'Do you want to continue? [Y/n] Abort.' },
  },
  {
    id: 'apk',
    programs: /^apk$/,
    install: ['add'],
    valueFlags: ['-t', '--virtual', '-X', '--repository', '-p', '--root', '--keys-dir', '--repositories-file', '--cache-dir', '--arch', '--timeout'],
    system: true,
    pinCode: 'DL3018',
    pinExample: 'curl~8.14',
  },
  {
    id: 'yum',
    programs: /^yum$/,
    install: ['install', 'groupinstall', 'localinstall', 'reinstall'],
    valueFlags: ['-c', '--config', '-d', '--debuglevel', '-e', '--errorlevel', '--enablerepo', '--disablerepo', '-x', '--exclude', '--installroot', '--releasever', '--setopt', '--downloaddir', '--color', '--rpmverbosity'],
    system: true,
    pinCode: 'DL3033',
    pinExample: 'httpd-2.4.57',
    yes: { flags: ['-y', '--assumeyes'], insert: '-y', code: 'DL3030', prompt: 'Is this ok [y/d/N]: Exiting on user command' },
  },
  {
    id: 'dnf',
    programs: /^dnf[0-9]*$/,
    install: ['install', 'in', 'groupinstall', 'localinstall', 'reinstall', 'rei'],
    valueFlags: ['-c', '--config', '-d', '--debuglevel', '-e', '--errorlevel', '--enablerepo', '--disablerepo', '--repo', '--repoid', '-x', '--exclude', '--installroot', '--releasever', '--setopt', '--downloaddir', '--destdir', '--color', '--rpmverbosity', '--forcearch'],
    system: true,
    pinCode: 'DL3041',
    pinExample: 'httpd-2.4.57',
    yes: { flags: ['-y', '--assumeyes'], insert: '-y', code: 'DL3038', prompt: 'Is this ok [y/N]: Operation aborted.' },
  },
  {
    // microdnf never asks: it has no -y to miss.
    id: 'microdnf',
    programs: /^microdnf$/,
    install: ['install', 'reinstall'],
    valueFlags: ['--enablerepo', '--disablerepo', '--setopt', '--installroot', '--releasever', '--config'],
    system: true,
    pinCode: 'DL3041',
    pinExample: 'httpd-2.4.57',
  },
  {
    id: 'zypper',
    programs: /^zypper$/,
    install: ['install', 'in'],
    valueFlags: ['-r', '--repo', '--from', '-t', '--type', '--root', '-R', '--reposd-path', '-C', '--cache-dir', '--raw-cache-dir', '--solv-cache-dir', '--pkg-cache-dir', '-D', '--config', '-c'],
    system: true,
    pinCode: 'DL3037',
    pinExample: 'curl=8.6.0',
    yes: { flags: ['-y', '--no-confirm', '-n', '--non-interactive'], insert: '-n', code: 'DL3034', prompt: 'Continue? [y/n/v/...? shows all options] (y):' },
  },
  {
    id: 'pip',
    programs: /^pip(x|[0-9.]*)$/,
    install: ['install'],
    valueFlags: ['-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '-t', '--target', '--prefix', '--root', '--src', '--platform', '--python-version', '--implementation', '--abi', '--only-binary', '--no-binary', '--progress-bar', '--trusted-host', '--cache-dir', '--log', '--proxy', '--retries', '--timeout', '--exists-action', '--cert', '--client-cert', '--upgrade-strategy', '--global-option', '--install-option', '--config-settings', '-C', '--python', '--pip-args', '--suffix', '--report', '--root-user-action', '--use-feature', '--use-deprecated', '--keyring-provider'],
    system: false,
    pinCode: 'DL3013',
    pinExample: 'requests==2.32.3',
  },
  {
    id: 'npm',
    programs: /^npm$/,
    install: ['install', 'i', 'add', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'isntall'],
    valueFlags: ['--registry', '--prefix', '--loglevel', '--cache', '--tag', '-w', '--workspace', '--omit', '--include', '--install-strategy', '--userconfig', '--globalconfig', '--before', '--cpu', '--os', '--libc', '--scope'],
    system: false,
    pinCode: 'DL3016',
    pinExample: 'typescript@5.6.3',
  },
  {
    id: 'yarn',
    programs: /^yarn$/,
    install: ['add'],
    valueFlags: ['--registry', '--cache-folder', '--modules-folder', '--global-folder', '--network-timeout', '--mutex', '--cwd'],
    system: false,
    pinCode: 'DL3016',
    pinExample: 'typescript@5.6.3',
  },
  {
    id: 'pnpm',
    programs: /^pnpm$/,
    install: ['add'],
    valueFlags: ['--registry', '--store-dir', '--dir', '-C', '--filter', '-F', '--config.registry'],
    system: false,
    pinCode: 'DL3016',
    pinExample: 'typescript@5.6.3',
  },
  {
    id: 'gem',
    programs: /^gem$/,
    install: ['install', 'i'],
    valueFlags: ['-v', '--version', '-i', '--install-dir', '-n', '--bindir', '--source', '-s', '-P', '--trust-policy', '--platform', '--build-root', '--document', '-g', '--file', '--without', '--target-rbconfig', '--proxy', '-p', '--http-proxy'],
    system: false,
    pinCode: 'DL3028',
    pinExample: 'bundler:2.5.22',
  },
  {
    id: 'go',
    programs: /^go$/,
    install: ['install'],
    valueFlags: ['-o', '-tags', '-ldflags', '-gcflags', '-asmflags', '-mod', '-modfile', '-p', '-pkgdir', '-toolexec', '-buildmode', '-compiler', '-installsuffix', '-overlay', '-pgo', '-C', '-gccgoflags', '-exec'],
    system: false,
    pinCode: 'DL3062',
    pinExample: 'golang.org/x/tools/gopls@v0.16.2',
  },
];

/** The manager a command runs, from its program name and (for `python -m pip`) its first words. */
export function managerOf(words: readonly string[]): { manager: PackageManager; argStart: number } | undefined {
  const name = baseNameOf(words[0] ?? '');
  // python -m pip install ...
  if (/^python[0-9.]*$/.test(name)) {
    let i = 1;
    while (i < words.length && words[i].startsWith('-') && words[i] !== '-m') i++;
    if (words[i] === '-m' && /^pip[0-9.]*$/.test(words[i + 1] ?? '')) return { manager: PACKAGE_MANAGERS.find((m) => m.id === 'pip')!, argStart: i + 2 };
    return undefined;
  }
  for (const m of PACKAGE_MANAGERS) if (m.programs.test(name)) return { manager: m, argStart: 1 };
  return undefined;
}

function baseNameOf(s: string): string {
  const i = s.lastIndexOf('/');
  return i < 0 ? s : s.slice(i + 1);
}

/** Whether a word is an option of this manager that consumes the following word. */
export function takesValue(m: PackageManager, word: string): boolean {
  return !word.includes('=') && m.valueFlags.includes(word);
}
