import { defineRule } from '../../model/rule';
import type { ManagerId } from '../../knowledge/package-managers';
import type { Word } from '../../parsers/shell';
import { hostOf, installOfRun, runCommands, type Install } from './_run';

/** npm/yarn/pnpm dist-tags and ranges that resolve to whatever is newest. */
const FLOATING_JS = /^(latest|next|canary|beta|alpha|rc|\*|x|)$/;

/** Whether an operand names a package by version, or is something that cannot be pinned (a file, a path, a URL). */
function pinnedOrUnpinnable(id: ManagerId, w: Word): boolean {
  const t = w.text;
  if (w.dynamic || t.includes('$')) return true; // the value is known only at build time (hadolint #928, #67)
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(t) || /^(git\+|file:|github:|gitlab:|bitbucket:)/.test(t)) return true;
  switch (id) {
    case 'pip':
      // requirement specifiers, direct references, local paths, archives and wheels
      return /[=<>~!@]/.test(t) || t.startsWith('.') || t.includes('/') || /\.(whl|zip|tar\.gz|tgz|tar\.bz2)$/.test(t);
    case 'npm':
    case 'yarn':
    case 'pnpm': {
      if (t.startsWith('.') || t.startsWith('/') || t.startsWith('~') || /\.(tgz|tar\.gz|tar)$/.test(t) || t.includes('#')) return true;
      const at = t.lastIndexOf('@');
      if (at > 0) return !FLOATING_JS.test(t.slice(at + 1));
      // `user/repo` is a GitHub shorthand; `@scope/name` is a package
      return !t.startsWith('@') && t.includes('/');
    }
    case 'gem':
      return t.includes(':') || /\.gem$/.test(t) || t.includes('/');
    case 'go': {
      const at = t.lastIndexOf('@');
      // `go install ./cmd/x`, or a path without @ (built at the version go.mod requires; outside a module go refuses)
      if (at < 0) return true;
      const v = t.slice(at + 1);
      return !/^(latest|master|main|HEAD|upgrade|patch|)$/.test(v);
    }
    case 'apt-get':
    case 'apt':
      return t.includes('=') || t.includes('/') || t.endsWith('.deb');
    case 'apk':
      return /[=~<>]/.test(t) || t.endsWith('.apk') || t.includes('/');
    case 'zypper':
      return /[=<>]/.test(t) || t.endsWith('.rpm') || t.includes('/');
    default:
      // yum, dnf, microdnf: name-version(-release), an rpm file, a path or a capability
      return /-\d/.test(t) || t.endsWith('.rpm') || t.includes('/') || /[=<>()]/.test(t) || t.startsWith('@');
  }
}

/** The operands that name packages to resolve. */
function packages(inst: Install): Word[] {
  const id = inst.manager.id;
  // gem -v/--version pins what the line installs; pip -c/--constraint pins whatever the line names
  if (id === 'gem' && inst.options.some((o) => /^(-v|--version)(=|$)/.test(o.text))) return [];
  if (id === 'pip' && inst.options.some((o) => /^(-c|--constraint)(=|$)/.test(o.text))) return [];
  return inst.operands;
}

export default defineRule({
  meta: {
    id: 'dockerfile-package-version-unpinned',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'info',
    summary: 'a package installed without a version: the same Dockerfile builds a different image tomorrow',
    symptom: 'a rebuild with no change to the Dockerfile fails or behaves differently, because a new release of a dependency was installed',
    type: 'suggestion',
    fix: 'none',
    messages: {
      unpinned: '`{pkg}` is installed without a version, so each build takes the newest release and a rebuild without any change can pull in a breaking one. Pin it (as in `{example}`), or install from a lock or requirements file.',
      floating: '`{pkg}` names the moving `{tag}` version, so each build takes the newest release and a rebuild without any change can pull in a breaking one. Pin a version (as in `{example}`).',
    },
    options: {
      systemPackages: {
        description: 'Also ask for versions on distribution packages (apt-get, apk, yum, dnf, zypper). Off by default: their repositories drop a version once it is superseded, so an exact pin breaks the build ("E: Version ... was not found"); pin the base image release instead.',
        default: false,
      },
    },
    peers: { hadolint: ['DL3008', 'DL3013', 'DL3016', 'DL3018', 'DL3028', 'DL3033', 'DL3037', 'DL3041', 'DL3062'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    const system = ctx.options.systemPackages === true;
    for (const rc of runCommands(ctx.workspace, model)) {
      const inst = installOfRun(ctx.workspace, rc);
      if (!inst || (inst.manager.system && !system)) continue;
      for (const w of packages(inst)) {
        if (pinnedOrUnpinnable(inst.manager.id, w)) continue;
        const at = w.text.lastIndexOf('@');
        const tag = at > 0 ? w.text.slice(at + 1) : '';
        const data = { pkg: w.text, example: inst.manager.pinExample, tag };
        ctx.report({ messageId: at > 0 ? 'floating' : 'unpinned', data, range: hostOf(rc.script, w.span) });
      }
    }
  },
});
