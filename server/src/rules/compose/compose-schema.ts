import { defineRule } from '../../engine/rule';
import { COMPOSE_ROOT } from '../../knowledge/compose-spec';
import { Resolver, isScalar, keyString, spanOf, type Node, type Pair } from '../../parsers/compose';
import { validateShape } from './_schema';

export default defineRule({
  meta: {
    id: 'compose-schema',
    kinds: ['compose'],
    scope: 'file',
    severity: 'error',
    summary: 'Compose file that breaks the Compose Specification: unknown keys, wrong types, invalid YAML',
    symptom: 'validating compose.yaml: services.web Additional property imagee is not allowed',
    type: 'problem',
    fix: 'sometimes',
    messages: {
      unknownKey: 'Unknown key "{key}" in {where}{hint}; Compose refuses the file: "{path} Additional property {key} is not allowed".',
      wrongType: '"{path}" must be {expected}, not {actual}; Compose refuses the file.',
      badValue: '"{value}" is not valid for "{path}": it must be {expected}; Compose refuses the file.',
      duplicateKey: 'Key "{key}" is given twice in {where}; Compose refuses the file: "mapping key \\"{key}\\" already defined".',
      syntax: 'Invalid YAML: {detail}. Compose cannot read the file.',
      notMapping: 'A Compose file must be a mapping with top-level keys such as `services:`; Compose cannot load this one.',
      exclusive: 'Service "{service}" sets both `network_mode` and `networks`; Compose refuses the project: "service {service} declares mutually exclusive `network_mode` and `networks`".',
    },
  },
  check(ctx) {
    const model = ctx.parse('compose');
    if (model.syntaxErrors.length) {
      // The first error is the one to fix: the parser's later errors follow from it.
      for (const e of model.syntaxErrors.slice(0, 1)) ctx.report({ messageId: 'syntax', data: { detail: e.message.replace(/\.$/, '') }, range: e.span });
      return;
    }
    if (!model.doc || model.doc.contents === null) return; // an empty file is left to Compose's own "empty compose file"
    if (!model.root) {
      const c = model.doc.contents as { range?: [number, number, number] };
      ctx.report({ messageId: 'notMapping', range: { start: c.range?.[0] ?? 0, end: c.range?.[1] ?? 0 } });
      return;
    }
    const r = new Resolver(model.doc);
    const reported = new Set<string>();
    for (const issue of validateShape(model.root, COMPOSE_ROOT, r)) {
      const k = `${issue.span.start}:${issue.span.end}:${issue.kind}`;
      if (reported.has(k)) continue;
      reported.add(k);
      const where = describeWhere(issue.path);
      if (issue.kind === 'unknown-key') {
        const hint = issue.suggestion ? ` (did you mean "${issue.suggestion}"?)` : '';
        ctx.report({
          messageId: 'unknownKey',
          data: { key: issue.key, where, hint, path: issue.path },
          range: issue.span,
          fixes: issue.suggestion ? [{ title: `Rename \`${issue.key}\` to \`${issue.suggestion}\``, safety: 'unsafe', edits: [{ file: ctx.file.path, range: issue.span, newText: issue.suggestion }] }] : undefined,
        });
      } else if (issue.kind === 'wrong-type') {
        ctx.report({ messageId: 'wrongType', data: { path: issue.path, expected: issue.expected, actual: issue.actual }, range: issue.span });
      } else if (issue.kind === 'bad-value') {
        ctx.report({ messageId: 'badValue', data: { path: issue.path, value: issue.value, expected: issue.expected }, range: issue.span });
      } else {
        ctx.report({ messageId: 'duplicateKey', data: { key: issue.key, where }, range: issue.span, related: [{ file: ctx.file.path, range: issue.first, message: `"${issue.key}" is first given here` }] });
      }
    }
    for (const svc of model.services) {
      if (!svc.node) continue;
      const pairs = r.entries(svc.node);
      const mode = pairs.find((p) => keyString(p) === 'network_mode');
      const nets = pairs.find((p) => keyString(p) === 'networks');
      const present = (p: Pair | undefined) => p && !(isScalar(p.value) && (p.value as { value: unknown }).value === null);
      if (!present(mode) || !present(nets)) continue;
      ctx.report({
        messageId: 'exclusive',
        data: { service: svc.name },
        range: spanOf(nets!.key as Node),
        related: [{ file: ctx.file.path, range: spanOf(mode!.key as Node), message: '`network_mode` is set here' }],
      });
    }
  },
});

function describeWhere(path: string): string {
  if (path === '(root)') return 'the top level';
  const parts = path.split('.');
  if (parts[0] === 'services' && parts.length === 2) return `service "${parts[1]}"`;
  return `"${path}"`;
}
