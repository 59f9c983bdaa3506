import { defineRule } from '../../model/rule';
import { hostOf, runCommands } from './_run';

/** Subcommands that apt-get runs the same way, so `apt` can be replaced by `apt-get` as it stands. */
const SAME_IN_APT_GET = new Set(['install', 'remove', 'purge', 'update', 'autoremove', 'autopurge', 'clean', 'autoclean', 'source', 'build-dep', 'download', 'changelog', 'satisfy', 'dist-upgrade', 'reinstall']);

export default defineRule({
  meta: {
    id: 'dockerfile-apt-unstable-cli',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: '`apt` in a RUN step: its command line is for people and may change between releases',
    symptom: 'WARNING: apt does not have a stable CLI interface. Use with caution in scripts.',
    type: 'problem',
    fix: 'sometimes',
    messages: {
      apt: '`apt {sub}` prints "WARNING: apt does not have a stable CLI interface. Use with caution in scripts.": its options, output and prompts are made for a terminal and may change with any Debian or Ubuntu release. Use `apt-get {sub}`.',
    },
    peers: { hadolint: ['DL3027'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    for (const rc of runCommands(ctx.workspace, model)) {
      if (rc.words[0].text !== 'apt' && rc.words[0].text !== '/usr/bin/apt') continue;
      const sub = rc.words.slice(1).find((w) => !w.text.startsWith('-'));
      if (!sub) continue;
      const range = hostOf(rc.script, rc.words[0].span);
      // `apt upgrade` also installs new dependencies and `apt list`/`search`/`show` have no apt-get form: no fix there.
      const fixes = SAME_IN_APT_GET.has(sub.text) && !rc.words[0].quoted ? [{ title: 'Replace `apt` with `apt-get`', safety: 'safe' as const, edits: [{ file: ctx.file.path, range, newText: rc.words[0].text === 'apt' ? 'apt-get' : '/usr/bin/apt-get' }] }] : [];
      ctx.report({ messageId: 'apt', data: { sub: sub.text }, range, fixes });
    }
  },
});
