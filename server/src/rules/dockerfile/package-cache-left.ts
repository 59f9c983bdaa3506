import { defineRule } from '../../model/rule';
import type { Fix } from '../../core/finding';
import type { DfRun, DockerfileModel } from '../../parsers/dockerfile';
import { commandsOf, hostSpan, programName, type ShCommand, type ShWord } from './_commands';
import { shippedStages, variablesAt } from './_stages';

/** `~` in a cache folder stands for any home: `/root`, `/home/<user>`, `$HOME`, `~`. */
interface Manager {
  /** The hadolint code of this manager's cache rule (a finding names it, so `ignore=DL3042` silences only pip). */
  peer: string | undefined;
  /** Programs (after the path: `/usr/bin/yum` is `yum`); a test so `pip3.12` and `python3 -m pip` are pip. */
  program: (cmd: ShCommand) => number | undefined;
  /** Subcommands that fill the cache (aliases included). */
  subcommands: Set<string>;
  /** Options that take a value before the subcommand (`zypper --root DIR in`, `dnf -c FILE install`). */
  valued?: Set<string>;
  /** Where the cache lives: a cache or tmpfs mount on one of these (or a folder above) keeps it out of the layer. */
  cacheDirs: string[];
  /** What to add to the RUN. */
  cleanup: string;
  /** A later command of the same RUN that empties the cache (`yum clean all`, `apt-get dist-clean`). */
  cleans: (cmd: ShCommand) => boolean;
  /** An option on the command itself that keeps no cache (`apk add --no-cache`, `pip install --no-cache-dir`). */
  noCache?: (cmd: ShCommand) => boolean;
  /** Environment variables that turn the cache off (`PIP_NO_CACHE_DIR`). */
  noCacheEnv?: string[];
  /** For these subcommands, the fix inserts this option after the subcommand instead of appending the cleanup. */
  option?: { name: string; on: string[] };
}

const at0 = (names: string[]) => (cmd: ShCommand) => (names.includes(programName(cmd.words[0])) ? 0 : undefined);
const hasWord = (cmd: ShCommand, ...values: string[]) => cmd.words.some((w) => values.includes(w.value));
const sub = (cmd: ShCommand, names: string[], first: string[]) => names.includes(programName(cmd.words[0])) && first.includes(firstArg(cmd.words, 1)?.value ?? '');

const MANAGERS: Manager[] = [
  {
    peer: 'DL3009',
    program: at0(['apt-get', 'apt', 'aptitude']),
    subcommands: new Set(['update']),
    valued: new Set(['-o', '-c', '-t', '--option', '--config-file', '--target-release']),
    cacheDirs: ['/var/lib/apt/lists'],
    cleanup: 'rm -rf /var/lib/apt/lists/*',
    // apt 2.7.8 (Debian trixie, Ubuntu 24.04): `dist-clean` (also spelt `distclean`) is `clean` plus the lists.
    cleans: (c) => sub(c, ['apt-get', 'apt'], ['dist-clean', 'distclean']),
  },
  {
    peer: 'DL3032',
    program: at0(['yum']),
    subcommands: new Set(['install', 'update', 'upgrade', 'groupinstall', 'groupupdate', 'reinstall', 'localinstall', 'update-minimal', 'upgrade-minimal', 'downgrade', 'makecache', 'distro-sync', 'group', 'builddep']),
    valued: new Set(['-c', '--config', '--installroot', '--releasever', '--setopt', '-d', '-e', '--enablerepo', '--disablerepo', '-x', '--exclude']),
    // On EL8 and later yum is dnf, whose cache is /var/cache/dnf.
    cacheDirs: ['/var/cache/yum', '/var/cache/dnf'],
    cleanup: 'yum clean all',
    cleans: (c) => sub(c, ['yum', 'dnf', 'dnf5'], ['clean']) && hasWord(c, 'all', 'packages', 'metadata'),
  },
  {
    peer: 'DL3040',
    program: at0(['dnf', 'dnf5', 'dnf-3', 'tdnf']),
    // dnf's aliases: in, up, rei, dsync, dg, up-min, mc.
    subcommands: new Set(['install', 'in', 'update', 'up', 'upgrade', 'upgrade-minimal', 'up-min', 'update-minimal', 'reinstall', 'rei', 'groupinstall', 'groupupdate', 'group', 'distro-sync', 'dsync', 'downgrade', 'dg', 'makecache', 'mc', 'localinstall', 'builddep', 'module', 'swap']),
    valued: new Set(['-c', '--config', '--installroot', '--releasever', '--setopt', '-d', '-e', '--enablerepo', '--disablerepo', '--repo', '-x', '--exclude']),
    cacheDirs: ['/var/cache/dnf', '/var/cache/libdnf5', '/var/cache/yum', '/var/cache/tdnf'],
    cleanup: 'dnf clean all',
    cleans: (c) => sub(c, ['dnf', 'dnf5', 'dnf-3', 'tdnf', 'yum'], ['clean']) && hasWord(c, 'all', 'packages', 'metadata'),
  },
  {
    peer: 'DL3040',
    program: at0(['microdnf']),
    subcommands: new Set(['install', 'update', 'upgrade', 'reinstall', 'makecache', 'distro-sync', 'downgrade', 'module']),
    valued: new Set(['--config', '--installroot', '--releasever', '--setopt', '--enablerepo', '--disablerepo']),
    // microdnf of EL8/9 keeps its cache in /var/cache/yum; the dnf5-based one in /var/cache/libdnf5.
    cacheDirs: ['/var/cache/yum', '/var/cache/dnf', '/var/cache/libdnf5'],
    cleanup: 'microdnf clean all',
    cleans: (c) => sub(c, ['microdnf', 'dnf', 'dnf5'], ['clean']) && hasWord(c, 'all', 'packages', 'metadata'),
  },
  {
    peer: 'DL3036',
    program: at0(['zypper']),
    subcommands: new Set(['install', 'in', 'update', 'up', 'dist-upgrade', 'dup', 'patch', 'source-install', 'si', 'install-new-recommends', 'inr', 'refresh', 'ref']),
    valued: new Set(['-R', '--root', '-c', '--config', '--installroot', '-D', '--reposd-dir', '-C', '--cache-dir', '--raw-cache-dir', '--solv-cache-dir', '--pkg-cache-dir']),
    cacheDirs: ['/var/cache/zypp'],
    cleanup: 'zypper clean --all',
    cleans: (c) => sub(c, ['zypper'], ['clean', 'cc']),
  },
  {
    peer: 'DL3019',
    program: at0(['apk']),
    subcommands: new Set(['add', 'update', 'upgrade', 'fix']),
    valued: new Set(['-X', '--repository', '-p', '--root', '--arch', '--cache-dir', '--keys-dir', '--repositories-file']),
    cacheDirs: ['/var/cache/apk', '/etc/apk/cache'],
    cleanup: 'rm -rf /var/cache/apk/*',
    cleans: (c) => sub(c, ['apk'], ['cache']) && hasWord(c, 'clean', 'purge'),
    // `--no-network` reads no index either: the packages come from a local file or cache (docker-library's pattern).
    noCache: (c) => hasWord(c, '--no-cache', '--no-network'),
    option: { name: '--no-cache', on: ['add'] },
  },
  {
    peer: 'DL3042',
    program: pipAt,
    subcommands: new Set(['install']),
    valued: new Set(['--python', '--cache-dir', '--log', '--proxy', '--retries', '--timeout', '--exists-action', '--trusted-host', '--cert', '--client-cert']),
    cacheDirs: ['~/.cache/pip'],
    cleanup: 'pip cache purge',
    cleans: (c) => pipAt(c) !== undefined && firstArg(c.words, pipAt(c)! + 1)?.value === 'cache' && hasWord(c, 'purge'),
    noCache: (c) => c.words.some((w) => w.value === '--no-cache-dir' || w.value.startsWith('--no-cache-dir=') || w.value === '--cache-dir=/dev/null') || (c.assignments ?? []).some((a) => a.value.startsWith('PIP_NO_CACHE_DIR=')),
    noCacheEnv: ['PIP_NO_CACHE_DIR'],
    option: { name: '--no-cache-dir', on: ['install'] },
  },
  {
    peer: 'DL3060',
    program: at0(['yarn', 'yarnpkg']),
    subcommands: new Set(['install', 'add', 'global']),
    valued: new Set(['--cwd', '--cache-folder', '--modules-folder', '--mutex']),
    cacheDirs: ['/usr/local/share/.cache/yarn', '~/.cache/yarn', '~/.yarn/berry/cache'],
    cleanup: 'yarn cache clean',
    cleans: (c) => sub(c, ['yarn', 'yarnpkg'], ['cache']) && hasWord(c, 'clean'),
    noCache: (c) => c.words.some((w) => w.value.startsWith('--cache-folder')),
  },
  {
    peer: undefined,
    program: at0(['npm']),
    subcommands: new Set(['install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'add', 'ci', 'clean-install', 'install-clean', 'isntall-clean', 'update', 'up', 'upgrade']),
    valued: new Set(['--prefix', '-C', '--cache', '--registry', '-w', '--workspace']),
    cacheDirs: ['~/.npm'],
    cleanup: 'npm cache clean --force',
    cleans: (c) => sub(c, ['npm'], ['cache']) && hasWord(c, 'clean', 'rm', 'clear'),
    noCache: (c) => c.words.some((w) => w.value.startsWith('--cache')) || (c.assignments ?? []).some((a) => /^npm_config_cache=/i.test(a.value)),
    noCacheEnv: ['npm_config_cache', 'NPM_CONFIG_CACHE'],
  },
];

/** A script that names none of the managers needs no splitting. */
const MENTIONS = /apt|yum|dnf|zypper|apk|pip|yarn|npm/;

/** The index of `pip` in `pip install`, `pip3.12 install`, `python3 -m pip install`, `/venv/bin/pip install`. */
function pipAt(cmd: ShCommand): number | undefined {
  const p = programName(cmd.words[0]);
  if (/^pip(\d+(\.\d+)?)?$/.test(p)) return 0;
  if (/^python(\d+(\.\d+)?)?$/.test(p)) {
    const m = cmd.words.findIndex((w) => w.value === '-m');
    if (m > 0 && cmd.words[m + 1]?.value === 'pip') return m + 1;
  }
  return undefined;
}

/** The first word from `from` on that is not an option (skipping the values of options that take one). */
function firstArg(words: ShWord[], from: number, valued?: Set<string>): ShWord | undefined {
  for (let i = from; i < words.length; i++) {
    const v = words[i].value;
    if (v.startsWith('-')) {
      if (valued?.has(v)) i++;
      continue;
    }
    return words[i];
  }
  return undefined;
}

/** A path as written in a mount or an rm, normalised: quotes are gone already; `/*`, `/` at the end and any home to `~`. */
function normPath(p: string): string {
  let s = p.replace(/^(~|\$HOME|\$\{HOME\}|\/root|\/home\/[^/]+)(?=\/|$)/, '~');
  s = s.replace(/\/\.?\*$/, '').replace(/\/+$/, '');
  return s;
}

/** True when `dir` is `target` or inside it (a mount or an rm of a folder above the cache covers it). */
function covers(target: string, dir: string): boolean {
  if (!target || target === '~' || target === '/') return false;
  return dir === target || dir.startsWith(target + '/');
}

/** Targets of `--mount=type=cache|tmpfs,target=...` on the RUN. */
function cacheMounts(run: DfRun): string[] {
  const out: string[] = [];
  for (const f of run.flags) {
    if (f.name !== 'mount' || !f.value) continue;
    const kv = new Map<string, string>();
    for (const part of f.value.replace(/^["']|["']$/g, '').split(',')) {
      const eq = part.indexOf('=');
      kv.set((eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase(), eq < 0 ? '' : part.slice(eq + 1).trim());
    }
    const type = kv.get('type');
    const target = kv.get('target') ?? kv.get('dst') ?? kv.get('destination');
    if ((type === 'cache' || type === 'tmpfs') && target) out.push(normPath(target));
  }
  return out;
}

/** `rm -rf <dir>`, `rm -r -f "<dir>/"*`, `find <dir> -delete`: the command empties (or removes) one of the dirs. */
function removes(cmd: ShCommand, dirs: string[]): boolean {
  const prog = programName(cmd.words[0]);
  if (prog !== 'rm' && !(prog === 'find' && hasWord(cmd, '-delete'))) return false;
  return cmd.words.slice(1).some((w) => !w.value.startsWith('-') && dirs.some((d) => covers(normPath(w.value), d)));
}

/** An environment variable set (to anything) for the RUN by ENV or ARG, or exported earlier in the script. */
function envSet(model: DockerfileModel, run: DfRun, names: string[], before: ShCommand[]): boolean {
  const vars = variablesAt(model, run);
  if (names.some((n) => vars.has(n))) return true;
  return before.some((c) => programName(c.words[0]) === 'export' && c.words.some((w) => names.some((n) => w.value.startsWith(n + '='))));
}

export default defineRule({
  meta: {
    id: 'package-cache-left',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'info',
    summary: 'a package install leaves the package manager cache (apt lists, yum/dnf/zypper/apk caches, pip/yarn/npm caches) in the image layer',
    type: 'suggestion',
    fix: 'sometimes',
    messages: {
      left: '`{command}` leaves its cache ({dir}) in this layer, and a later RUN cannot shrink it: the image carries megabytes it never uses. Add `{cleanup}` at the end of the same RUN.',
      option: '`{command}` without `{option}` leaves its cache ({dir}) in this layer, and a later RUN cannot shrink it: the image carries megabytes it never uses. Use `{command} {option}`.',
    },
    peers: { hadolint: ['DL3009', 'DL3019', 'DL3032', 'DL3036', 'DL3040', 'DL3042', 'DL3060'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    const shipped = shippedStages(model);
    for (const run of model.runs) {
      const script = run.script;
      if (!script || !shipped.has(run.stage) || !MENTIONS.test(script.text)) continue;
      const commands = commandsOf(ctx.workspace, script);
      let mounts: string[] | undefined;
      const done = new Set<Manager>();
      commands.forEach((cmd, index) => {
        let mgr: Manager | undefined;
        let at: number | undefined;
        for (const m of MANAGERS) {
          at = m.program(cmd);
          if (at !== undefined) {
            mgr = m;
            break;
          }
        }
        if (!mgr || at === undefined || done.has(mgr)) return;
        const word = firstArg(cmd.words, at + 1, mgr.valued);
        if (!word || !mgr.subcommands.has(word.value)) return;
        // `yarn global add`, `dnf group install`, `dnf module install`: the verb after the group word.
        if ((word.value === 'global' || word.value === 'group' || word.value === 'module') && !/^(add|install|update|upgrade)$/.test(firstArg(cmd.words, cmd.words.indexOf(word) + 1)?.value ?? '')) return;
        if (mgr.noCache?.(cmd)) return;
        mounts ??= cacheMounts(run);
        if (mounts.some((t) => mgr.cacheDirs.some((d) => covers(t, d)))) return;
        const later = commands.slice(index + 1);
        if (later.some((c) => removes(c, mgr.cacheDirs) || mgr.cleans(c))) return;
        if (mgr.noCacheEnv && envSet(model, run, mgr.noCacheEnv, commands.slice(0, index))) return;
        done.add(mgr);
        const start = hostSpan(script, cmd.words[0].span).start;
        const end = hostSpan(script, word.span).end;
        const data: Record<string, string> = { command: `${programName(cmd.words[at])} ${word.value}`, dir: mgr.cacheDirs[0], cleanup: mgr.cleanup, peer: mgr.peer ?? '' };
        if (mgr.option && mgr.option.on.includes(word.value)) {
          const fix: Fix = { title: `Add \`${mgr.option.name}\``, safety: 'safe', edits: [{ file: ctx.file.path, range: { start: end, end }, newText: ` ${mgr.option.name}` }] };
          ctx.report({ messageId: 'option', data: { ...data, option: mgr.option.name }, range: { start, end }, fixes: [fix] });
          return;
        }
        const trimmed = script.text.trimEnd();
        const tail = hostSpan(script, { start: trimmed.length - 1, end: trimmed.length }).end;
        const fix: Fix = { title: `Append \`&& ${mgr.cleanup}\` to the RUN`, safety: 'unsafe', edits: [{ file: ctx.file.path, range: { start: tail, end: tail }, newText: ` && ${mgr.cleanup}` }] };
        ctx.report({ messageId: 'left', data, range: { start, end }, fixes: script.text.includes('\n') || /[;&|]\s*$/.test(trimmed) ? [] : [fix] });
      });
    }
  },
});
