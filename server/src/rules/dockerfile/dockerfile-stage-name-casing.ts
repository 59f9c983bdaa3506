import { defineRule } from '../../model/rule';
import type { TextEdit } from '../../core/finding';

export default defineRule({
  meta: {
    id: 'dockerfile-stage-name-casing',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'info',
    summary: 'a stage name with capitals: the builder lower-cases it, so `FROM <Name>` no longer finds the stage',
    type: 'suggestion',
    fix: 'always',
    messages: {
      casing: 'Stage name `{name}` has capitals: the builder stores it as `{lower}`, `--from={name}` still finds it, but a later `FROM {name}` does not (it is read as an image: `repository name must be lowercase`). Write it `{lower}`.',
    },
    peers: { buildkit: ['StageNameCasing'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    const text = ctx.file.text;
    for (const stage of model.stages) {
      const args = stage.from.instruction.args;
      if (args.length !== 3 || args[1].text.toUpperCase() !== 'AS') continue;
      const name = args[2].text;
      const lower = name.toLowerCase();
      if (name === lower) continue;
      const edits: TextEdit[] = [{ file: ctx.file.path, range: args[2].span, newText: lower }];
      // References in the other instructions: `FROM Name`, `--from=Name`, `--mount=from=Name`.
      for (const ins of model.instructions) {
        if (ins.keyword === 'FROM' && ins !== stage.from.instruction && ins.args[0]?.text === name) edits.push({ file: ctx.file.path, range: ins.args[0].span, newText: lower });
        for (const f of ins.flags) {
          if (f.name === 'from' && f.value === name) {
            const at = text.indexOf(name, f.span.start + '--from='.length - 1);
            if (at >= 0 && at < f.span.end) edits.push({ file: ctx.file.path, range: { start: at, end: at + name.length }, newText: lower });
          }
          if (f.name === 'mount' && f.value) {
            const m = new RegExp(`(^|,)from=${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(,|$)`).exec(f.value);
            if (m) {
              const at = f.span.start + text.slice(f.span.start, f.span.end).indexOf(`from=${name}`, 0) + 5;
              edits.push({ file: ctx.file.path, range: { start: at, end: at + name.length }, newText: lower });
            }
          }
        }
      }
      ctx.report({ messageId: 'casing', data: { name, lower }, range: args[2].span, fixes: [{ title: `Write the stage name as \`${lower}\``, safety: 'safe', edits }] });
    }
  },
});
