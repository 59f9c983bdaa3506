import { defineRule } from '../../model/rule';
import { baseName, commandWords } from '../../parsers/shell';
import { commandsOf, wordHost } from './_scripts';

export default defineRule({
  meta: {
    id: 'docker-dir-symlink',
    kinds: ['crontab', 'ci', 'shell', 'systemd-unit', 'dockerfile', 'task-runner'],
    scope: 'file',
    severity: 'warning',
    summary: '`ln -s <dir> /var/lib/docker` instead of setting `data-root`',
    symptom: 'Volumes and bind mounts resolve to the wrong place; kubelet and cAdvisor report wrong disk usage; overlay mounts fail after a reboot when the target mounts late',
    type: 'suggestion',
    fix: 'none',
    messages: {
      symlink: '`{target}` is made a symlink instead of moving the data root: tools that inspect the data root (kubelet image garbage collection, cAdvisor, backup agents) resolve it differently from dockerd, and if the target is not mounted when dockerd starts, dockerd creates a new, empty data root there. Set `"data-root"` in /etc/docker/daemon.json instead.',
    },
  },
  check(ctx) {
    for (const sc of commandsOf(ctx)) {
      const words = commandWords(sc.command);
      if (baseName(words[0]) !== 'ln') continue;
      const args = words.slice(1);
      const symbolic = args.some((w) => /^-[a-zA-Z]*s/.test(w.text) && !w.text.startsWith('--') || w.text === '--symbolic');
      if (!symbolic) continue;
      const positional = args.filter((w) => !w.text.startsWith('-'));
      const linkName = positional[positional.length - 1];
      if (positional.length >= 2 && linkName && /^\/var\/lib\/docker\/?$/.test(linkName.text)) {
        ctx.report({ messageId: 'symlink', data: { target: linkName.text }, range: wordHost(sc.script, linkName) });
      }
    }
  },
});
