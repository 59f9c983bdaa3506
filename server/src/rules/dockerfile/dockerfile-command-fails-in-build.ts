import { defineRule } from '../../model/rule';
import type { Word } from '../../parsers/shell';
import { hostOf, parsedRun, runCommands } from './_run';

type Kind = 'terminal' | 'init' | 'privileged' | 'daemon';

/** What each command needs that a build step does not have. `ps`, `free`, `kill`, `ifconfig` and `ssh` work in a build and are left alone. */
function needs(name: string, words: Word[], last: boolean): Kind | undefined {
  const args = words.slice(1).map((w) => w.text);
  switch (name) {
    case 'vi':
    case 'vim':
    case 'nano':
    case 'emacs':
      // `vim -es`/`-E -s` (ex mode) and `vim --version` run without a terminal
      return args.some((a) => /^-[a-zA-Z]*[es]/.test(a) || a.startsWith('--') || a.startsWith('+')) ? undefined : 'terminal';
    case 'top':
    case 'htop':
      return args.some((a) => /^-[a-zA-Z]*b/.test(a) || a === '--version' || a === '-v') ? undefined : 'terminal';
    case 'shutdown':
    case 'reboot':
    case 'halt':
    case 'poweroff':
      return 'init';
    case 'systemctl': {
      const sub = args.find((a) => !a.startsWith('-'));
      // enable/disable/mask only write symlinks and work without a running systemd
      return sub && /^(start|stop|restart|reload|try-restart|reload-or-restart|status|is-active|daemon-reload|isolate|kill)$/.test(sub) && !args.includes('--root') ? 'init' : undefined;
    }
    case 'mount':
      // `mount` alone lists mounts
      return args.some((a) => !a.startsWith('-')) ? 'privileged' : undefined;
    case 'service':
      // a service started as the last thing a step does is stopped with it
      return last && /^(start|restart)$/.test(args[1] ?? '') ? 'daemon' : undefined;
    default:
      return undefined;
  }
}

export default defineRule({
  meta: {
    id: 'dockerfile-command-fails-in-build',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: 'a RUN step calls a command that needs a terminal, a running init or privileges that a build step does not have',
    symptom: 'Vim: Warning: Input is not from a terminal / System has not been booted with systemd as init system (PID 1). Can\'t operate. / mount: permission denied',
    type: 'problem',
    fix: 'none',
    messages: {
      terminal: '`{command}` needs a terminal, and a RUN step has none: it hangs or fails ("Input is not from a terminal", "failed tty get"). Edit files with `sed`/`printf`, or COPY them in.',
      init: '`{command}` talks to the init system, and a build step has none running: "System has not been booted with systemd as init system (PID 1). Can\'t operate." Nothing started here would outlive the step anyway; start services from CMD or ENTRYPOINT.',
      privileged: '`{command}` needs privileges that a build step does not have ("mount: permission denied"), and a mount would not be kept in the image anyway. Use `RUN --mount=type=bind` or `--mount=type=cache` for the step instead.',
      daemon: '`{command}` starts a service as the last thing this RUN step does: the step ends, the service stops, and only files are kept in the image. Start it from CMD or ENTRYPOINT.',
    },
    peers: { hadolint: ['DL3001'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    for (const rc of runCommands(ctx.workspace, model)) {
      const top = parsedRun(ctx.workspace, rc.script).commands.filter((c) => c.substitutionDepth === 0 && !c.via);
      const kind = needs(rc.name, rc.words, top[top.length - 1] === rc.command);
      if (!kind) continue;
      // the program, and for systemctl/service the words that say what it was asked to do
      let last = rc.words[0];
      if (rc.name === 'systemctl') last = rc.words.find((w, i) => i > 0 && !w.text.startsWith('-')) ?? last;
      if (rc.name === 'service') last = rc.words[2] ?? last;
      const span = { start: rc.words[0].span.start, end: last.span.end };
      ctx.report({ messageId: kind, data: { command: rc.script.text.slice(span.start, span.end) }, range: hostOf(rc.script, span) });
    }
  },
});
