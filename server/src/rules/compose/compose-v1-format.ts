import { defineRule } from '../../model/rule';
import type { TextEdit } from '../../core/finding';
import { keyString, spanOf, type Node, type Pair } from '../../parsers/compose';

export default defineRule({
  meta: {
    id: 'compose-v1-format',
    kinds: ['compose'],
    scope: 'file',
    severity: 'error',
    summary: 'Compose v1 file (services at the top level, no `services:`), which Compose v2 refuses to load',
    symptom: "validating docker-compose.yml: additional properties 'web', 'db' not allowed",
    type: 'problem',
    fix: 'sometimes',
    messages: {
      v1: 'This file is in the Compose v1 format, with its services at the top level and no `services:` key; Compose v2 refuses it: "{error}". Move the services under `services:`.',
    },
  },
  check(ctx) {
    const model = ctx.parse('compose');
    const pairs = model.v1Services;
    if (!pairs?.length || !model.root) return;
    const names = pairs.map((p) => keyString(p)!);
    const error = `additional properties ${names.map((n) => `'${n}'`).join(', ')} not allowed`;
    const fix = moveUnderServices(ctx.file.path, ctx.file.text, model.root.items as Pair[], pairs, model.root.flow ?? false);
    ctx.report({
      messageId: 'v1',
      data: { error },
      range: spanOf(pairs[0].key as Node),
      related: pairs.slice(1).map((p) => ({ file: ctx.file.path, range: spanOf(p.key as Node), message: `"${keyString(p)}" is a service at the top level too` })),
      fixes: fix ? [{ title: 'Move the services under `services:`', safety: 'unsafe', edits: fix }] : undefined,
    });
  },
});

/**
 * Edits that put `services:` above the first service and indent every line of the services by the file's own step.
 * Offered only when the services follow each other at the top level of a block mapping, and no block scalar among
 * them fixes its indentation with a digit (`|2`), which a shift would break.
 */
function moveUnderServices(file: string, text: string, items: Pair[], services: Pair[], flow: boolean): TextEdit[] | undefined {
  if (flow) return undefined;
  const first = items.indexOf(services[0]);
  const run = items.slice(first, first + services.length);
  if (first < 0 || run.some((p, i) => p !== services[i])) return undefined;
  const start = lineStart(text, spanOf(services[0].key as Node).start);
  if (start !== spanOf(services[0].key as Node).start) return undefined; // a top-level key not at column 0
  const last = services[services.length - 1];
  const end = lineEnd(text, Math.max(spanOf((last.value ?? last.key) as Node).end - 1, start));
  const block = text.slice(start, end);
  if (/[|>][+-]?\d/.test(block)) return undefined;
  const step = /\n( +)\S/.exec(block)?.[1] ?? '  ';
  // One edit over the whole block, so that no other fix can land between its lines.
  const indented = block.replace(/^(?=[^\n]*\S)/gm, step);
  return [{ file, range: { start, end }, newText: 'services:\n' + indented }];
}

function lineStart(text: string, at: number): number {
  let i = at;
  while (i > 0 && text[i - 1] !== '\n') i--;
  return i;
}

function lineEnd(text: string, at: number): number {
  let i = at;
  while (i < text.length && text[i] !== '\n') i++;
  return i;
}
