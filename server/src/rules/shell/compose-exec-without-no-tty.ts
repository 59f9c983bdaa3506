import { defineRule } from '../../model/rule';
import { COMPOSE_TTY_AUTODETECT_SINCE, TTY_ERROR_OLD } from '../../knowledge/docker-cli';
import { flagOn, readDockerCommand } from '../../parsers/docker-command';
import { commandsOf, noTerminal, whereText, wordHost } from './_scripts';

export default defineRule({
  meta: {
    id: 'compose-exec-without-no-tty',
    kinds: ['crontab', 'ci', 'shell', 'systemd-unit', 'dockerfile', 'task-runner'],
    scope: 'file',
    severity: 'warning',
    summary: '`docker-compose exec` / `docker compose exec` without `-T` in cron, CI or a service',
    symptom: TTY_ERROR_OLD,
    type: 'problem',
    fix: 'always',
    messages: {
      v1: `\`docker-compose {sub}\` allocates a TTY by default and {where} has no terminal: Compose v1 (since 1.19) fails with "${TTY_ERROR_OLD}". Add \`-T\`.`,
      v2: `\`docker compose {sub}\` allocates a TTY by default; Compose ${COMPOSE_TTY_AUTODETECT_SINCE}+ turns it off when stdout is not a terminal, but older v2 releases fail in {where} with "${TTY_ERROR_OLD}". Add \`-T\` to be explicit.`,
    },
  },
  check(ctx) {
    const file = ctx.file.path;
    for (const sc of commandsOf(ctx)) {
      // A package script or task may be started from a terminal and want the TTY: only where none can exist.
      if (!noTerminal(sc.script.context) || sc.script.context === 'task-runner') continue;
      const d = readDockerCommand(sc.command);
      if (!d || (d.tool !== 'docker compose' && d.tool !== 'docker-compose')) continue;
      const v1 = d.tool === 'docker-compose';
      if (d.sub !== 'compose exec' && !(v1 && d.sub === 'compose run')) continue;
      if (flagOn(d, '-T', '--no-TTY') || flagOn(d, undefined, '--no-tty') || flagOn(d, '-d', '--detach')) continue;
      if (d.options.some((o) => (o.name === '--tty' || o.name === '-t') && o.value !== undefined && /^(false|0)$/i.test(o.value))) continue;
      const subWord = d.subWords[d.subWords.length - 1];
      const at = wordHost(sc.script, subWord);
      ctx.report({
        messageId: v1 ? 'v1' : 'v2',
        data: { sub: subWord.text, where: whereText(sc.script.context) },
        range: at,
        fixes: [{ title: 'Add `-T`', safety: 'safe', edits: [{ file, range: { start: at.end, end: at.end }, newText: ' -T' }] }],
      });
    }
  },
});
