import { defineRule } from '../../model/rule';
import { commandsOf, hostSpan, programName } from './_commands';

export default defineRule({
  meta: {
    id: 'dockerfile-shell-symlink',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: '`ln -s … /bin/sh` to change the shell of later RUNs: it changes the system\'s `/bin/sh` for every program in the image',
    type: 'problem',
    fix: 'none',
    messages: {
      symlink: '`ln` over `/bin/sh` changes the shell for every script in the image, package maintainer scripts and `system()` calls included, not only for the RUNs below; a package update may also put it back. Use `SHELL ["/bin/bash", "-c"]` to choose the shell of RUN.',
    },
    peers: { hadolint: ['DL4005'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    for (const run of model.runs) {
      // Most RUNs never name /bin/sh: skip the word splitting for them.
      if (!run.script || !run.script.text.includes('/bin/sh')) continue;
      for (const cmd of commandsOf(ctx.workspace, run.script)) {
        if (programName(cmd.words[0]) !== 'ln') continue;
        const target = cmd.words.slice(1).find((w) => w.value === '/bin/sh');
        if (target && cmd.words.some((w) => /^-[a-zA-Z]*s/.test(w.value) || w.value === '--symbolic')) ctx.report({ messageId: 'symlink', range: hostSpan(run.script, target.span) });
      }
    }
  },
});
