import { defineRule } from '../../model/rule';
import { baseName, commandWords, type Word } from '../../parsers/shell';
import { commandsOf, wordHost } from './_scripts';

const DOCKER_DIR = /^\/var\/lib\/docker(\/|$)/;

export default defineRule({
  meta: {
    id: 'docker-dir-copy-loses-attributes',
    kinds: ['crontab', 'ci', 'shell', 'systemd-unit', 'dockerfile', 'task-runner'],
    scope: 'file',
    severity: 'warning',
    summary: '`cp -r` or `rsync` of /var/lib/docker without keeping ownership, xattrs and hard links',
    symptom: 'After the move: containers fail with permission errors, overlay2 layers lose their whiteouts and opaque directories, and the copy is several times larger',
    type: 'problem',
    fix: 'none',
    messages: {
      cp: '`{flag}` copies {src} without ownership, extended attributes (overlay2 keeps whiteouts and opaque dirs in them) and hard links: containers break and the copy grows. Use `cp -a`, or better `rsync -aHAX`.',
      rsync: '`rsync` copies {src} without {missing}: overlay2 layers depend on ownership, extended attributes and hard links. Use `rsync -aHAX`.',
    },
  },
  check(ctx) {
    for (const sc of commandsOf(ctx)) {
      const words = commandWords(sc.command);
      const name = baseName(words[0]);
      if (name !== 'cp' && name !== 'rsync') continue;
      const args = words.slice(1);
      const opts = args.filter((w) => w.text.startsWith('-') && w.text.length > 1);
      const src = args.find((w) => !w.text.startsWith('-') && DOCKER_DIR.test(w.text));
      if (!src) continue;
      const short = opts.filter((w) => !w.text.startsWith('--')).map((w) => w.text.slice(1)).join('');
      const long = opts.filter((w) => w.text.startsWith('--')).map((w) => w.text);
      if (name === 'cp') {
        if (short.includes('a') || long.includes('--archive') || long.some((l) => /^--preserve=.*all/.test(l))) continue;
        const rflag: Word | undefined = opts.find((w) => (!w.text.startsWith('--') && /[rR]/.test(w.text)) || w.text === '--recursive');
        if (!rflag) continue;
        ctx.report({ messageId: 'cp', data: { flag: `cp ${rflag.text}`, src: src.text }, range: wordHost(sc.script, rflag) });
      } else {
        const missing: string[] = [];
        if (!short.includes('a') && !long.includes('--archive')) missing.push('`-a`');
        if (!short.includes('H') && !long.includes('--hard-links')) missing.push('hard links (`-H`)');
        if (!short.includes('A') && !long.includes('--acls')) missing.push('ACLs (`-A`)');
        if (!short.includes('X') && !long.includes('--xattrs')) missing.push('extended attributes (`-X`)');
        if (missing.length === 0) continue;
        ctx.report({ messageId: 'rsync', data: { src: src.text, missing: missing.join(', ') }, range: wordHost(sc.script, words[0]) });
      }
    }
  },
});
