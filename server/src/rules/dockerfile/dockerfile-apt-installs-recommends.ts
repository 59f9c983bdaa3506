import { defineRule } from '../../model/rule';
import { aptChangesNothing, hasFlag, hostOf, installOfRun, runCommands } from './_run';

export default defineRule({
  meta: {
    id: 'dockerfile-apt-installs-recommends',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'hint',
    summary: 'apt-get install without --no-install-recommends also installs every recommended package',
    symptom: 'the image is tens or hundreds of megabytes larger than the packages it asked for',
    type: 'suggestion',
    fix: 'always',
    messages: {
      recommends: '`{command}` without `--no-install-recommends` also installs the packages these recommend, often more than was asked for: the layer grows by them and by their security updates. Add `--no-install-recommends` and name what is needed.',
    },
    peers: { hadolint: ['DL3015'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    // A file that turns recommends off for every apt run (`APT::Install-Recommends "false"`) needs no flag.
    if (/Install-Recommends\W+(false|0)/i.test(ctx.file.text)) return;
    for (const rc of runCommands(ctx.workspace, model)) {
      const inst = installOfRun(ctx.workspace, rc);
      if (!inst || (inst.manager.id !== 'apt-get' && inst.manager.id !== 'apt')) continue;
      // `--install-recommends` asks for them on purpose; `-o APT::Install-Recommends=false` turns them off
      if (hasFlag(inst.options, ['--no-install-recommends', '--install-recommends'])) continue;
      if (rc.words.some((w) => /Install-Recommends=(false|0|no)/i.test(w.text))) continue;
      if (inst.operands.length === 0 || aptChangesNothing(inst.options)) continue;
      const at = hostOf(rc.script, inst.sub.span).end;
      ctx.report({
        messageId: 'recommends',
        data: { command: `${rc.words[0].text} ${inst.sub.text}` },
        range: hostOf(rc.script, { start: rc.words[0].span.start, end: inst.sub.span.end }),
        fixes: [{ title: 'Add `--no-install-recommends`', safety: 'unsafe', edits: [{ file: ctx.file.path, range: { start: at, end: at }, newText: ' --no-install-recommends' }] }],
      });
    }
  },
});
