import { defineRule } from '../../model/rule';
import { keyValuePairs } from './_kv';

export default defineRule({
  meta: {
    id: 'dockerfile-legacy-key-value',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'info',
    summary: '`ENV key value` / `LABEL key value`: the deprecated form without `=`, where everything after the key is one value',
    symptom: 'LegacyKeyValueFormat: "ENV key=value" should be used instead of legacy "ENV key value" format',
    type: 'suggestion',
    fix: 'always',
    tags: ['deprecated'],
    messages: {
      legacy: '`{keyword} {key} …` uses the deprecated form without `=`: everything after the key, blanks included, becomes the one value of `{key}` (`ENV A 1 B 2` sets A to "1 B 2"). Write `{keyword} {key}=…`.',
    },
    peers: { buildkit: ['LegacyKeyValueFormat'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    const text = ctx.file.text;
    for (const ins of model.instructions) {
      if ((ins.keyword !== 'ENV' && ins.keyword !== 'LABEL') || ins.args.length === 0 || ins.args[0].text.includes('=')) continue;
      const pairs = keyValuePairs(text, model, ins);
      // `ENV A` with no value at all is a different mistake (the build stops): not the legacy form.
      if (pairs.length !== 1 || !pairs[0].legacy || !pairs[0].rawValue) continue;
      const p = pairs[0];
      const between = text.slice(p.keySpan.end, p.valueSpan.start);
      const raw = text.slice(p.valueSpan.start, p.valueSpan.end);
      const fixes = [];
      // One value on one line: quote it unless it is a single word already. Values over several lines are rewritten by hand.
      if (!/[\r\n]/.test(between + raw) && p.rawValue) {
        const single = /^(?:"[^"]*"|'[^']*'|[^\s"'\\]+)$/.test(raw);
        const value = single ? raw : '"' + raw.replace(/"/g, '\\"') + '"';
        if (single || !/\\|'/.test(raw)) fixes.push({ title: `Write \`${ins.keyword} ${p.key}=…\``, safety: 'safe' as const, edits: [{ file: ctx.file.path, range: { start: p.keySpan.end, end: p.valueSpan.end }, newText: '=' + value }] });
      }
      ctx.report({ messageId: 'legacy', data: { keyword: ins.keyword, key: p.key }, range: p.keySpan, fixes });
    }
  },
});
