import { defineRule } from '../../model/rule';
import { baseName, commandWords } from '../../parsers/shell';
import { hostOf, parsedRun } from './_run';

export default defineRule({
  meta: {
    id: 'dockerfile-cd-does-not-persist',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: 'a RUN step that ends with `cd`: the directory change is lost when the step ends',
    symptom: 'the next RUN, COPY or CMD runs in the old directory: "No such file or directory", "can\'t open file"',
    type: 'problem',
    fix: 'none',
    messages: {
      cd: '`{cd}` is the last thing this RUN step does, and each step starts a new shell in the WORKDIR: the next instruction does not run in `{dir}`. Use `WORKDIR {dir}`.',
    },
    peers: { hadolint: ['DL3003'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    for (const run of model.runs) {
      const script = run.script;
      if (!script) continue;
      // the last command the shell runs at the top level (not inside $(...), sh -c or a backgrounded job)
      const top = parsedRun(ctx.workspace, script).commands.filter((c) => c.substitutionDepth === 0 && !c.via);
      const last = top[top.length - 1];
      if (!last || last.next === '&') continue;
      const w = commandWords(last);
      if (baseName(w[0]) !== 'cd' || w.length !== 2 || w[1].dynamic || w[1].text === '-') continue;
      ctx.report({ messageId: 'cd', data: { cd: script.text.slice(w[0].span.start, w[1].span.end), dir: w[1].text }, range: hostOf(script, { start: w[0].span.start, end: w[1].span.end }) });
    }
  },
});
