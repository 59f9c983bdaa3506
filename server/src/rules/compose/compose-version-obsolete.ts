import { defineRule } from '../../model/rule';
import { pairSpan } from '../../parsers/compose';
import { wholeLines } from './_edit';

export default defineRule({
  meta: {
    id: 'compose-version-obsolete',
    kinds: ['compose'],
    scope: 'file',
    severity: 'hint',
    summary: 'Top-level `version:` is obsolete and ignored by Compose v2',
    symptom: 'WARN[0000] compose.yaml: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion',
    type: 'suggestion',
    fix: 'always',
    tags: ['unnecessary'],
    messages: {
      obsolete: 'Compose v2 ignores `version:` and warns on every command: "the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion". It does not select any feature set.',
    },
  },
  check(ctx) {
    const model = ctx.parse('compose');
    if (!model.version) return;
    const span = pairSpan(model.version.pair);
    const lines = wholeLines(ctx.file.text, span);
    // Only delete whole lines when the pair is alone on them (block style).
    const after = ctx.file.text.slice(span.end, lines.end);
    const alone = ctx.file.text.slice(lines.start, span.start).trim() === '' && !after.replace(/#.*$/, '').trim();
    // Deleting the line also deletes a comment written after the value: then the fix is no longer safe.
    const safety = after.includes('#') ? ('unsafe' as const) : ('safe' as const);
    ctx.report({
      messageId: 'obsolete',
      range: span,
      fixes: alone ? [{ title: 'Remove `version:`', safety, edits: [{ file: ctx.file.path, range: lines, newText: '' }] }] : undefined,
    });
  },
});
