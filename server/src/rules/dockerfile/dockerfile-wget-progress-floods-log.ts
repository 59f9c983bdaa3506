import { defineRule } from '../../model/rule';
import { familyOf, hostOf, runCommands } from './_run';

export default defineRule({
  meta: {
    id: 'dockerfile-wget-progress-floods-log',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'info',
    summary: 'GNU wget in RUN without a progress option prints a line for every 50 KB it downloads',
    symptom: 'thousands of lines of dots in the build log; BuildKit cuts it: [output clipped, log limit 2MiB reached]',
    type: 'suggestion',
    fix: 'always',
    messages: {
      dots: '`wget` writes its progress as dots when the output is not a terminal, a line for every 50 KB: a large download fills the build log with thousands of lines and BuildKit clips the rest ("[output clipped, log limit 2MiB reached]"), hiding the errors after it. Add `--progress=dot:giga`, or `-nv`.',
    },
    peers: { hadolint: ['DL3047'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    for (const rc of runCommands(ctx.workspace, model)) {
      if (rc.name !== 'wget') continue;
      // BusyBox wget (Alpine's) draws one bar and has no --progress option.
      if (familyOf(ctx.workspace, model, rc.run.stage) === 'alpine') continue;
      // -q and -nv print no progress; -o/-a send it to a log file; --progress picks its style
      const quiet = rc.words.slice(1).some((w) => /^-[a-zA-Z]*q/.test(w.text) || /^-(nv|o|a)/.test(w.text) || /^--(quiet|no-verbose|progress|output-file|append-output|show-progress|version|help|spider)(=|$)/.test(w.text));
      if (quiet) continue;
      const at = hostOf(rc.script, rc.words[0].span).end;
      ctx.report({
        messageId: 'dots',
        range: hostOf(rc.script, rc.words[0].span),
        fixes: [{ title: 'Add `--progress=dot:giga`', safety: 'safe', edits: [{ file: ctx.file.path, range: { start: at, end: at }, newText: ' --progress=dot:giga' }] }],
      });
    }
  },
});
