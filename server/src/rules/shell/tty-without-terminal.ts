import { defineRule } from '../../model/rule';
import type { Fix } from '../../core/finding';
import { TTY_ERROR_NEW, TTY_ERROR_OLD } from '../../knowledge/docker-cli';
import { flagOn, readDockerCommand } from '../../parsers/docker-command';
import { commandsOf, guardsTerminal, noTerminal, removeLetterEdit, removeWordEdit, whereText, wordHost } from './_scripts';

export default defineRule({
  meta: {
    id: 'tty-without-terminal',
    kinds: ['crontab', 'ci', 'shell', 'systemd-unit', 'dockerfile', 'task-runner'],
    scope: 'file',
    severity: 'error',
    summary: '`docker exec -it` / `docker run -t` where no terminal exists (cron, CI, systemd, RUN)',
    symptom: `${TTY_ERROR_OLD} / ${TTY_ERROR_NEW}`,
    type: 'problem',
    fix: 'always',
    messages: {
      noTerminal: `\`{flag}\` asks for a TTY, but {where} has no terminal: docker fails with "${TTY_ERROR_OLD}" (docker CLI 29.4+: "${TTY_ERROR_NEW}") and the command never runs. Drop \`-t\`.`,
      ttyOnly: '`{flag}` allocates a TTY that {where} does not have: the output comes back with \\r\\n line endings and stderr mixed into stdout, which corrupts anything redirected to a file. Drop `-t`.',
      script: `\`{flag}\` asks for a TTY: when this script runs without a terminal (from cron, CI or \`ssh host script\`), docker fails with "${TTY_ERROR_OLD}" (29.4+: "${TTY_ERROR_NEW}"). Drop \`-t\`, or check \`[ -t 0 ]\` first.`,
      runner: `\`{flag}\` asks for a TTY, but {where} is often started without a terminal (CI, an editor's task panel, lint-staged), and there docker fails with "${TTY_ERROR_OLD}" (29.4+: "${TTY_ERROR_NEW}"). Drop \`-t\` (keep \`-i\` for stdin), or check \`[ -t 0 ]\` first.`,
    },
  },
  check(ctx) {
    const file = ctx.file.path;
    for (const sc of commandsOf(ctx)) {
      const d = readDockerCommand(sc.command);
      if (!d || d.tool === 'docker compose' || d.tool === 'docker-compose') continue;
      if (d.sub !== 'exec' && d.sub !== 'run') continue;
      if (!flagOn(d, '-t', '--tty') || flagOn(d, '-d', '--detach')) continue;
      const interactive = flagOn(d, '-i', '--interactive');
      const ctxKind = sc.script.context;
      // Package scripts and tasks run from a terminal as often as from CI: a terminal check is honoured there too.
      const sometimes = ctxKind === 'task-runner';
      if ((!noTerminal(ctxKind) || sometimes) && guardsTerminal(sc)) continue;
      const tOpts = d.options.filter((o) => o.name === '-t' || o.name === '--tty');
      const last = tOpts[tOpts.length - 1];
      const messageId = !noTerminal(ctxKind) ? 'script' : sometimes ? 'runner' : interactive ? 'noTerminal' : 'ttyOnly';
      if ((!noTerminal(ctxKind) || sometimes) && !interactive) continue;
      const edits = tOpts.map((o) => (o.letter >= 0 && !o.word.text.includes('=') ? removeLetterEdit(file, sc.script, o.word, o.letter) : removeWordEdit(file, sc.script, o.word)));
      const fix: Fix = { title: 'Remove `-t`', safety: noTerminal(ctxKind) && !sometimes ? 'safe' : 'unsafe', edits };
      ctx.report({
        messageId,
        data: { flag: last.word.text, where: whereText(ctxKind) },
        range: wordHost(sc.script, last.word),
        severity: messageId === 'noTerminal' ? 'error' : 'warning',
        fixes: [fix],
      });
    }
  },
});
