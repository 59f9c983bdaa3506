import { defineRule } from '../../model/rule';
import { goJsonFirstError } from '../../parsers/go-json';
import type { JsonSyntaxProblem } from '../../parsers/daemon-json';
import type { Fix } from '../../core/finding';
import { inTemplateBlock } from '../../core/template';
import type { SourceFile } from '../../model/rule';
import type { Span } from '../../core/finding';

// dockerd reads daemon.json with Go's strict encoding/json: no comments, no trailing commas.
const PREFIX = 'dockerd refuses to start: "unable to configure the Docker daemon with file /etc/docker/daemon.json:';

export default defineRule({
  meta: {
    id: 'daemon-json-invalid',
    kinds: ['daemon-json'],
    scope: 'file',
    severity: 'error',
    summary: 'daemon.json is not strict JSON (comments, trailing commas, syntax errors, duplicate keys)',
    symptom: 'unable to configure the Docker daemon with file /etc/docker/daemon.json: invalid character \'#\' looking for beginning of object key string',
    type: 'problem',
    fix: 'sometimes',
    messages: {
      comment: `Comments are not allowed in daemon.json; ${PREFIX} {goError}". Delete the comment.`,
      trailingComma: `Trailing comma: ${PREFIX} {goError}". Delete the comma.`,
      syntax: `Invalid JSON: ${PREFIX} {goError}".`,
      syntaxOther: 'Invalid JSON here ({code}); dockerd will refuse to start until the file is valid JSON.',
      strayClose: `This "{brace}" closes the top-level object too soon, so the settings after it are outside it: ${PREFIX} {goError}". Delete it.`,
      extraClose: `One "{brace}" too many after the end of the top-level object: ${PREFIX} {goError}". Delete it.`,
      secondObject: `A second top-level object: daemon.json holds one object, so ${PREFIX} {goError}". Move its settings into the first object.`,
      noOuterBraces: `The settings are not inside { }: ${PREFIX} {goError}". Put the whole file between { and }.`,
      duplicate: 'Key "{key}" is given twice; dockerd keeps only the last value and silently drops the first.',
    },
  },
  check(ctx) {
    const model = ctx.parse('daemon-json');
    if (model.empty || model.problems.length === 0) return;
    // A template is read masked (core/template.ts): Go's errors are those of the text without template syntax.
    const text = ctx.file.template?.masked ?? ctx.file.text;
    const goError = goJsonFirstError(text);
    let quotedGo = false;
    const goMessageFor = (start: number, end: number): string | undefined => {
      if (!goError || quotedGo) return undefined;
      if (goError.offset >= start && goError.offset <= end) {
        quotedGo = true;
        return goError.message;
      }
      return undefined;
    };
    // For a later comment or trailing comma, quote what Go says once the earlier ones are gone: blank them out and
    // ask again ("after object key:value pair" for a comment after a value, not the first comment's wording).
    const removable = model.problems.filter((q) => q.kind === 'comment' || q.kind === 'trailing-comma');
    let asked = 0;
    const goMessageAfterEarlier = (p: JsonSyntaxProblem, end: number): string | undefined => {
      const earlier = removable.filter((q) => q.span.end <= p.span.start);
      if (earlier.length === 0 || ++asked > 50) return undefined;
      let blanked = '';
      let pos = 0;
      for (const q of earlier) {
        blanked += text.slice(pos, q.span.start) + ' '.repeat(q.span.end - q.span.start);
        pos = q.span.end;
      }
      blanked += text.slice(pos);
      const e = goJsonFirstError(blanked);
      return e && e.offset >= p.span.start && e.offset <= end ? e.message : undefined;
    };
    for (const p of model.problems) {
      if (p.kind === 'comment') {
        const go = goMessageFor(p.span.start, p.span.end) ?? goMessageAfterEarlier(p, p.span.end) ?? `invalid character '${text[p.span.start]}' looking for beginning of object key string`;
        ctx.report({ messageId: 'comment', data: { goError: go }, range: beforeTemplate(ctx.file, p.span), fixes: [deleteFix(ctx.file.path, text, p.span, 'Delete the comment')] });
      } else if ((p.kind === 'trailing-comma' || p.kind === 'syntax') && fromTemplate(ctx.file, text, p.span)) {
        continue;
      } else if (p.kind === 'trailing-comma') {
        const next = nextSignificant(text, p.span.end);
        const go = goMessageFor(p.span.start, next) ?? goMessageAfterEarlier(p, next) ?? (next < text.length ? `invalid character '${text[next]}' looking for beginning of ${text[next] === '}' ? 'object key string' : 'value'}` : 'unexpected end of JSON input');
        ctx.report({ messageId: 'trailingComma', data: { goError: go }, range: p.span, fixes: [{ title: 'Delete the trailing comma', safety: 'safe', edits: [{ file: ctx.file.path, range: p.span, newText: '' }] }] });
      } else if (p.kind === 'duplicate-key' && (inTemplateBlock(ctx.file, p.span) || (p.first && inTemplateBlock(ctx.file, p.first)))) {
        // A key under a template condition: the conditions may exclude each other (`{% if a %}` … `{% if not a %}`).
        continue;
      } else if (p.kind === 'duplicate-key') {
        ctx.report({ messageId: 'duplicate', data: { key: p.key ?? '' }, range: p.span, severity: 'warning', related: p.first ? [{ file: ctx.file.path, range: p.first, message: `"${p.key}" is first given here` }] : [] });
      } else if (p.kind === 'syntax' && (p.code === 'StrayClose' || p.code === 'SecondObject' || p.code === 'NoOuterBraces')) {
        // Go stops at the first character after the value it read: quote it when this is the file's first error.
        // Where Go stops: after the key of a brace-less file, after a stray brace, at a second object (or the comma before it).
        let next = nextSignificant(text, p.code === 'NoOuterBraces' ? stringEnd(text, p.span.start) : p.span.end);
        if (p.code === 'SecondObject') {
          let k = p.span.start - 1;
          while (k > 0 && /\s/.test(text[k])) k--;
          next = text[k] === ',' ? k : p.span.start;
        }
        const go = goMessageFor(p.span.start, next) ?? (next < text.length ? `invalid character '${text[next]}' after top-level value` : 'unexpected end of JSON input');
        if (p.code === 'StrayClose') ctx.report({ messageId: /^[\s}\]]*$/.test(text.slice(p.span.end)) ? 'extraClose' : 'strayClose', data: { brace: text[p.span.start], goError: go }, range: p.span });
        else if (p.code === 'SecondObject') ctx.report({ messageId: 'secondObject', data: { goError: go }, range: p.span });
        else ctx.report({ messageId: 'noOuterBraces', data: { goError: go }, range: p.span });
      } else if (p.kind === 'syntax') {
        // Every error at its place: after a comment or trailing comma, Go's words once those are gone.
        const go = goMessageFor(p.span.start, p.span.end) ?? goMessageAfterEarlier(p, p.span.end);
        if (go) ctx.report({ messageId: 'syntax', data: { goError: go }, range: p.span });
        else ctx.report({ messageId: 'syntaxOther', data: { code: p.code ?? 'syntax error' }, range: p.span });
      }
    }
  },
});

/** The end of the JSON string that starts at `from`. */
function stringEnd(text: string, from: number): number {
  let i = from + 1;
  while (i < text.length && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, text.length);
}

/**
 * A comment that holds a template (`# {{ ansible_managed }}`) is still a comment dockerd refuses: its range stops
 * where the template starts, so the finding is not taken for one that comes from the template.
 */
function beforeTemplate(file: SourceFile, span: Span): Span {
  const first = file.template?.spans.find((m) => m.end > span.start && m.start < span.end);
  if (!first || first.start <= span.start) return span;
  let end = first.start;
  while (end > span.start + 1 && /\s/.test(file.text[end - 1])) end--;
  return { start: span.start, end };
}

/**
 * Whether a template decides this syntax error: a comma inside `{% if %}` or a loop body (the template decides
 * whether anything comes before or after it), or an error right after a template value (which stands for any text).
 */
function fromTemplate(file: SourceFile, text: string, span: Span): boolean {
  if (!file.template) return false;
  if (text[span.start] === ',' && inTemplateBlock(file, span)) return true;
  let k = span.start;
  while (k > 0 && /\s/.test(text[k - 1])) k--;
  return file.template.values.some((v) => v.end === k);
}

function nextSignificant(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

/** Delete a comment; when it is alone on its line, delete the whole line. Deleting a comment is the whole point, so safe. */
function deleteFix(file: string, text: string, span: { start: number; end: number }, title: string): Fix {
  let start = span.start;
  let end = span.end;
  let ls = start;
  while (ls > 0 && text[ls - 1] !== '\n') ls--;
  let le = end;
  while (le < text.length && text[le] !== '\n') le++;
  if (text.slice(ls, start).trim() === '' && text.slice(end, le).trim() === '') {
    start = ls;
    end = le < text.length ? le + 1 : le;
  } else {
    while (start > ls && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  }
  return { title, safety: 'safe', edits: [{ file, range: { start, end }, newText: '' }] };
}
