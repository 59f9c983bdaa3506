import { defineRule } from '../../model/rule';
import type { Fix } from '../../core/finding';

// crontab(5): every entry is one line; cron reads a trailing backslash as part of the command (or the value) and the
// next line as a new entry of its own.
export default defineRule({
  meta: {
    id: 'cron-line-continuation',
    kinds: ['crontab'],
    scope: 'file',
    severity: 'error',
    summary: 'A crontab line ends in `\\`: cron has no continuation lines',
    symptom: '"/tmp/crontab.XXXXXX":4: bad minute / errors in crontab file, can\'t install.',
    type: 'problem',
    fix: 'sometimes',
    messages: {
      continued:
        'Line ends in `\\`, but cron has no continuation lines: the `\\` stays in this entry and the next line is read as a new entry, which cron rejects ("bad minute"; in /etc/cron.d the whole file is then ignored). Put the entry on one line, or move the command into a script.',
      last: 'Line ends in `\\`, but cron has no continuation lines: the `\\` is passed to the shell as part of this entry. Remove it.',
    },
  },
  check(ctx) {
    const model = ctx.parse('crontab');
    const text = ctx.file.text;
    for (const c of model.continuations) {
      const next = nextLine(text, c.span.end);
      if (!next) {
        ctx.report({ messageId: 'last', range: c.span, severity: 'warning', fixes: [{ title: 'Remove the trailing `\\`', safety: 'safe', edits: [{ file: ctx.file.path, range: trimBefore(text, c.span), newText: '' }] }] });
        continue;
      }
      const fixes: Fix[] = [];
      const nextText = text.slice(next.start, next.end).trim();
      if (nextText !== '' && !nextText.startsWith('#')) {
        // Join the next line onto this one: what the author meant.
        let s = next.start;
        while (s < next.end && (text[s] === ' ' || text[s] === '\t')) s++;
        const from = trimBefore(text, c.span).start;
        fixes.push({ title: 'Join the next line onto this one', safety: 'unsafe', edits: [{ file: ctx.file.path, range: { start: from, end: s }, newText: ' ' }] });
      }
      ctx.report({ messageId: 'continued', range: c.span, fixes });
    }
  },
});

/** The `\` and the blanks before it. */
function trimBefore(text: string, span: { start: number; end: number }): { start: number; end: number } {
  let s = span.start;
  while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
  let e = span.end;
  while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
  return { start: s, end: e };
}

/** The line after the one holding `from`, or undefined at the end of the file. */
function nextLine(text: string, from: number): { start: number; end: number } | undefined {
  const nl = text.indexOf('\n', from);
  if (nl < 0 || nl + 1 >= text.length) return undefined;
  let end = text.indexOf('\n', nl + 1);
  if (end < 0) end = text.length;
  if (text[end - 1] === '\r') end--;
  return { start: nl + 1, end };
}
