import { defineRule } from '../../model/rule';
import { takesValue } from '../../knowledge/package-managers';
import { hasFlag, hostOf, managerOfRun, parsedRun, runCommands } from './_run';

/** Subcommands that stop to ask before they change anything. */
const ASKS: Record<string, string[]> = {
  'apt-get': ['install', 'remove', 'purge', 'upgrade', 'dist-upgrade', 'full-upgrade', 'autoremove', 'autopurge', 'build-dep', 'reinstall'],
  apt: ['install', 'remove', 'purge', 'upgrade', 'full-upgrade', 'autoremove', 'autopurge', 'reinstall'],
  yum: ['install', 'remove', 'erase', 'update', 'upgrade', 'groupinstall', 'localinstall', 'reinstall', 'autoremove', 'downgrade', 'distro-sync'],
  dnf: ['install', 'in', 'remove', 'rm', 'erase', 'update', 'upgrade', 'up', 'groupinstall', 'localinstall', 'reinstall', 'autoremove', 'downgrade', 'distro-sync'],
  zypper: ['install', 'in', 'remove', 'rm', 'update', 'up', 'dist-upgrade', 'dup', 'patch', 'source-install', 'si'],
};

/** apt-get: `-qq` implies -y; `-s`, `-d` and `--print-uris` change nothing and do not ask. */
function aptAnswers(options: string[]): boolean {
  return options.some((o) => /^-q{2,}$/.test(o) || /^(-q|--quiet)=[2-9]$/.test(o) || /^(-s|--simulate|--dry-run|--just-print|--no-act|--recon|-d|--download-only|--print-uris)$/.test(o));
}

export default defineRule({
  meta: {
    id: 'dockerfile-install-asks-confirmation',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'error',
    summary: 'a package manager in RUN without its non-interactive option stops at its confirmation prompt and the build fails',
    symptom: 'Do you want to continue? [Y/n] Abort. / Is this ok [y/N]: Operation aborted. / The command returned a non-zero code: 1',
    type: 'problem',
    fix: 'always',
    messages: {
      asks: '`{command}` asks "{prompt}" before it changes anything, and a RUN step has no terminal to answer: the answer is read as no and the build fails. Add `{flag}`.',
    },
    peers: { hadolint: ['DL3014', 'DL3030', 'DL3034', 'DL3038'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    // A config that answers yes for every run (`APT::Get::Assume-Yes "true"`, yum's `assumeyes=1`) written by the file.
    if (/assume-?yes\W+(true|1)/i.test(ctx.file.text)) return;
    for (const rc of runCommands(ctx.workspace, model)) {
      const hit = managerOfRun(ctx.workspace, rc);
      const yes = hit?.manager.yes;
      if (!hit || !yes) continue;
      const m = hit.manager;
      const asks = ASKS[m.id === 'dnf' ? 'dnf' : m.id];
      if (!asks) continue;
      let i = hit.argStart;
      while (i < rc.words.length && rc.words[i].text.startsWith('-')) i += takesValue(m, rc.words[i].text) ? 2 : 1;
      const sub = rc.words[i];
      if (!sub || !asks.includes(sub.text)) continue;
      const options = rc.words.slice(hit.argStart).filter((w) => w.text.startsWith('-'));
      if (hasFlag(options, yes.flags)) continue;
      if ((m.id === 'apt-get' || m.id === 'apt') && aptAnswers(options.map((o) => o.text))) continue;
      // `yes | apt-get install ...` answers the prompt through the pipe
      const commands = parsedRun(ctx.workspace, rc.script).commands;
      const k = commands.indexOf(rc.command);
      const after = k > 0 ? commands[k - 1].next : undefined;
      if (after === '|' || after === '|&') continue;
      // `dpkg -i x.deb && apt-get install -f`: reached only when dpkg found every dependency, so nothing is left to ask
      const operands = rc.words.slice(i + 1).filter((w) => !w.text.startsWith('-'));
      if (operands.length === 0 && /^(install|reinstall)$/.test(sub.text) && after === '&&') continue;
      const program = rc.words[hit.argStart - 1];
      const at = hostOf(rc.script, program.span).end;
      const span = { start: rc.words[0].span.start, end: sub.span.end };
      ctx.report({
        messageId: 'asks',
        data: { command: rc.script.text.slice(span.start, span.end), prompt: yes.prompt, flag: yes.insert },
        range: hostOf(rc.script, span),
        fixes: [{ title: `Add \`${yes.insert}\``, safety: 'safe', edits: [{ file: ctx.file.path, range: { start: at, end: at }, newText: ` ${yes.insert}` }] }],
      });
    }
  },
});
