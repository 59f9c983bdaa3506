import { defineRule } from '../../model/rule';
import { readDockerCommand, flagOn } from '../../parsers/docker-command';
import { baseName, commandWords } from '../../parsers/shell';
import { commandsOf, noTerminal, whereText, wordHost } from './_scripts';

const DOCKER_DIR = /^\/var\/lib\/docker\/?(\*|volumes\/?\*?)?$/;

export default defineRule({
  meta: {
    id: 'destructive-prune',
    kinds: ['crontab', 'ci', 'shell', 'systemd-unit', 'dockerfile', 'task-runner'],
    scope: 'file',
    severity: 'warning',
    summary: '`docker system prune -a/--volumes`, `docker volume prune` or `rm -rf /var/lib/docker` on a schedule or in CI',
    symptom: 'Volumes and images that stopped containers still needed are gone; databases come back empty',
    type: 'problem',
    fix: 'none',
    messages: {
      volumes: '`{cmd}` in {where} deletes every volume no running container uses: a database whose container is stopped at that moment (an upgrade, a crash) loses its data. Prune images and build cache only, and remove volumes by name.',
      all: '`{cmd}` in {where} deletes every image no container uses, including the ones stopped services need to start again; the next start pulls or rebuilds them, or fails when the registry is unreachable.',
      rmDir: '`{cmd}` in {where} deletes all of Docker\'s data (images, containers, volumes) while dockerd may still be running.',
    },
  },
  check(ctx) {
    for (const sc of commandsOf(ctx)) {
      const ctxKind = sc.script.context;
      // A package script or task is started by hand as often as not: only unattended runs are judged.
      if (!noTerminal(ctxKind) || ctxKind === 'dockerfile' || ctxKind === 'task-runner') continue;
      const where = whereText(ctxKind);
      const d = readDockerCommand(sc.command);
      if (d && d.sub === 'system prune') {
        const vol = d.options.find((o) => o.name === '--volumes');
        const all = d.options.find((o) => o.name === '-a' || o.name === '--all');
        if (vol) ctx.report({ messageId: 'volumes', data: { cmd: `${d.subWords.map((w) => w.text).join(' ')} ${vol.word.text}`, where }, range: wordHost(sc.script, vol.word) });
        else if (all && flagOn(d, '-a', '--all')) ctx.report({ messageId: 'all', data: { cmd: `${d.subWords.map((w) => w.text).join(' ')} ${all.word.text}`, where }, range: wordHost(sc.script, all.word) });
        continue;
      }
      if (d && d.sub === 'volume prune') {
        const w = d.subWords[d.subWords.length - 1];
        ctx.report({ messageId: 'volumes', data: { cmd: d.subWords.map((x) => x.text).join(' '), where }, range: wordHost(sc.script, w) });
        continue;
      }
      const words = commandWords(sc.command);
      if (baseName(words[0]) !== 'rm') continue;
      const opts = words.slice(1).filter((w) => w.text.startsWith('-'));
      const recursive = opts.some((w) => /^-[a-zA-Z]*[rR]/.test(w.text) || w.text === '--recursive');
      if (!recursive) continue;
      for (const w of words.slice(1)) {
        if (DOCKER_DIR.test(w.text)) ctx.report({ messageId: 'rmDir', data: { cmd: `rm ${opts.map((o) => o.text).join(' ')} ${w.text}`.replace(/\s+/g, ' '), where }, range: wordHost(sc.script, w) });
      }
    }
  },
});
