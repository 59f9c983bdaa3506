import { defineRule } from '../../model/rule';
import { takesValue, PACKAGE_MANAGERS } from '../../knowledge/package-managers';
import { hostOf, runCommands } from './_run';

const ZYPPER = PACKAGE_MANAGERS.find((m) => m.id === 'zypper')!;

export default defineRule({
  meta: {
    id: 'dockerfile-zypper-dist-upgrade',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: '`zypper dist-upgrade` in a RUN step moves the image to whatever the repositories hold that day',
    symptom: 'a rebuild swaps libraries under the application, or the base image and the layer disagree on the release',
    type: 'problem',
    fix: 'none',
    messages: {
      dup: '`zypper {sub}` upgrades every package to what the repositories hold at build time, across versions and vendors, and may remove packages: the same Dockerfile builds a different system each time. Use a newer base image tag, or `zypper patch` / `zypper update` for fixes within the release.',
    },
    peers: { hadolint: ['DL3035'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    for (const rc of runCommands(ctx.workspace, model)) {
      if (rc.name !== 'zypper') continue;
      let i = 1;
      while (i < rc.words.length && rc.words[i].text.startsWith('-')) i += takesValue(ZYPPER, rc.words[i].text) ? 2 : 1;
      const sub = rc.words[i];
      if (!sub || (sub.text !== 'dist-upgrade' && sub.text !== 'dup')) continue;
      ctx.report({ messageId: 'dup', data: { sub: sub.text }, range: hostOf(rc.script, sub.span) });
    }
  },
});
