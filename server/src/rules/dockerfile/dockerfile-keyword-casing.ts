import { defineRule } from '../../model/rule';
import { keywordText } from './_kv';

const consistent = (s: string) => s === s.toLowerCase() || s === s.toUpperCase();

export default defineRule({
  meta: {
    id: 'dockerfile-keyword-casing',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'hint',
    summary: 'instruction keywords (and `AS`) in a casing that differs from the rest of the Dockerfile',
    type: 'suggestion',
    fix: 'always',
    messages: {
      keyword: '`{word}` does not match the {casing} casing of the other instructions in this Dockerfile. Write `{fixed}`.',
      as: '`{word}` does not match the casing of `{from}`. Write `{fixed}`.',
    },
    peers: { buildkit: ['ConsistentInstructionCasing', 'FromAsCasing'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    const text = ctx.file.text;
    let lower = 0;
    let upper = 0;
    for (const ins of model.instructions) {
      const k = keywordText(text, ins);
      if (!consistent(k)) continue;
      if (k === k.toLowerCase()) lower++;
      else upper++;
    }
    const majorityLower = lower > upper;
    const casing = majorityLower ? 'lower-case' : 'upper-case';
    for (const ins of model.instructions) {
      const k = keywordText(text, ins);
      const fixed = majorityLower ? k.toLowerCase() : k.toUpperCase();
      if (k !== fixed) {
        ctx.report({ messageId: 'keyword', data: { word: k, casing, fixed }, range: ins.keywordSpan, fixes: [{ title: `Write \`${fixed}\``, safety: 'safe', edits: [{ file: ctx.file.path, range: ins.keywordSpan, newText: fixed }] }] });
      }
      if (ins.keyword !== 'FROM' || ins.args.length !== 3 || ins.args[1].text.toUpperCase() !== 'AS') continue;
      // AS follows the keyword as it is after its own fix, so the two fixes never disagree.
      const as = ins.args[1];
      const want = fixed === fixed.toLowerCase() ? 'as' : 'AS';
      if (as.text !== want) {
        ctx.report({ messageId: 'as', data: { word: as.text, from: fixed, fixed: want }, range: as.span, fixes: [{ title: `Write \`${want}\``, safety: 'safe', edits: [{ file: ctx.file.path, range: as.span, newText: want }] }] });
      }
    }
  },
});
