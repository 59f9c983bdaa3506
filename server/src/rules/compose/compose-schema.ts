import { defineRule } from '../../model/rule';
import { COMPOSE_ROOT, SERVICE_PROPS, type Shape } from '../../knowledge/compose-spec';
import { Resolver, isMap, isMergeKey, isPair, isScalar, keyString, spanOf, type Node, type Pair, type YAMLMap } from '../../parsers/compose';
import { queriesOf, type Queries } from '../../model/queries';
import type { Span } from '../../core/finding';
import { isStringKey, validateShape, type SchemaIssue } from './_schema';
import { loaderIssues, type ServiceMemo } from './_loader';
import type { Document } from 'yaml';

export default defineRule({
  meta: {
    id: 'compose-schema',
    kinds: ['compose'],
    scope: 'file',
    severity: 'error',
    summary: 'Compose file that Compose refuses to load: unknown keys, wrong types, missing keys, conflicting settings, invalid YAML',
    symptom: "validating compose.yaml: services.web additional properties 'imagee' not allowed",
    type: 'problem',
    fix: 'sometimes',
    messages: {
      unknownKey: 'Unknown key "{key}" in {where}{hint}; Compose refuses the file: "{cpath}additional properties \'{key}\' not allowed".',
      missingKey: '{where} lacks `{key}`, which Compose requires; it refuses the file: "{cpath} missing property \'{key}\'".',
      nonStringKey: 'The key {key} is not a string; Compose refuses the file: "non-string key {at}: {key}". Quote it (`"{key}"`) or rename it.',
      externalConflict: 'Volume "{name}" is `external`, so Compose creates nothing and `{key}` cannot apply; Compose refuses the file: "volumes.{name}: conflicting parameters \"external\" and \"{key}\" specified".',
      externalName: '`external.name` of {section} "{name}" differs from its `name`; Compose refuses the file: "{section}.{name}: name and external.name conflict; only use name". Keep `name` and set `external: true`.',
      bindWithoutSource: 'A bind mount needs the host path in `source`; Compose refuses the file: "invalid mount config for type \"bind\": field Source must not be empty".',
      deviceExclusive: '`count` and `device_ids` both choose the devices; Compose refuses the file: "{path}: \"count\" and \"device_ids\" attributes are exclusive". Keep one.',
      envTrailingSpace: 'The variable name "{name}" ends in a space; Compose refuses the file: "environment variable {name} is declared with a trailing space". Remove the space before `=`.',
      dependencyCycle: 'Services wait on each other in a circle ({cycle}), so none can start first; Compose refuses the project: "dependency cycle detected: {cycle}".',
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
    // Each document of a multi-document file is loaded on its own before they are merged.
    const q = queriesOf(ctx.workspace);
    const reported = new Set<string>();
    const file = ctx.file.path;
    const at = (span: Span, message: string) => [{ file, range: span, message }];
    const checkDocument = (doc: Document.Parsed) => {
      if (!isMap(doc.contents)) return;
      const r = new Resolver(doc);
      // Services that stand alone are validated one by one, and an unchanged one (the re-parse after an edit keeps
      // its nodes) keeps its issues; the rest of the document is walked as a whole.
      const alone = standaloneServices(doc.contents, ctx.file.text);
      const issues = validateShape(doc.contents as Node, COMPOSE_ROOT, r, [], undefined, alone.size ? (n) => alone.has(n) : undefined);
      for (const [node, pair] of alone) issues.push(...serviceIssues(q, node, pair, r));
      // A v1 file's top-level services are compose-v1-format's one finding; they are checked here as services.
      const v1 = doc === model.doc ? model.v1Services ?? [] : [];
      const v1Names = new Set(v1.map(keyString));
      for (const sp of v1) issues.push(...validateShape(sp.value as Node, SERVICE_SHAPE, r, ['services', keyString(sp)!]));
      for (const issue of issues) {
        if (issue.kind === 'unknown-key' && issue.path === '(root)' && v1Names.has(issue.key)) continue;
        const k = `${issue.span.start}:${issue.span.end}:${issue.kind}`;
        if (reported.has(k)) continue;
        reported.add(k);
        const where = describeWhere(issue.path);
        if (issue.kind === 'unknown-key') {
          const hint = issue.suggestion ? ` (did you mean "${issue.suggestion}"?)` : '';
          const cpath = issue.path === '(root)' ? '' : composePath(issue.path) + ' ';
          ctx.report({
            messageId: 'unknownKey',
            data: { key: issue.key, where, hint, cpath },
            range: issue.span,
            fixes: issue.suggestion ? [{ title: `Rename \`${issue.key}\` to \`${issue.suggestion}\``, safety: 'unsafe', edits: [{ file, range: issue.span, newText: issue.suggestion }] }] : undefined,
          });
        } else if (issue.kind === 'wrong-type') {
          ctx.report({ messageId: 'wrongType', data: { path: issue.path, expected: issue.expected, actual: issue.actual }, range: issue.span });
        } else if (issue.kind === 'bad-value') {
          ctx.report({ messageId: 'badValue', data: { path: issue.path, value: issue.value, expected: issue.expected }, range: issue.span });
        } else if (issue.kind === 'missing-key') {
              ctx.report({ messageId: 'missingKey', data: { where: capitalise(describeWhere(composePath(issue.path))), key: issue.key, cpath: composePath(issue.path) }, range: issue.span });
        } else {
          ctx.report({ messageId: 'duplicateKey', data: { key: issue.key, where }, range: issue.span, related: at(issue.first, `"${issue.key}" is first given here`) });
        }
      }
      const memo: ServiceMemo = (node, part, compute) => {
        const pair = alone.get(node);
        return pair && kept(q, `compose-schema:${part}`, node, pair, compute);
      };
      for (const issue of loaderIssues(doc.contents as YAMLMap, r, ctx.file.text, memo)) {
        switch (issue.kind) {
          case 'non-string-key':
            ctx.report({ messageId: 'nonStringKey', data: { key: issue.key, at: issue.where }, range: issue.span });
            break;
          case 'external-conflict':
            ctx.report({ messageId: 'externalConflict', data: { name: issue.name, key: issue.key }, range: issue.span, related: at(issue.external, '`external` is set here') });
            break;
          case 'external-name-conflict':
            ctx.report({ messageId: 'externalName', data: { section: issue.section, name: issue.name }, range: issue.span, related: at(issue.related, '`name` is set here') });
            break;
          case 'bind-without-source':
            ctx.report({ messageId: 'bindWithoutSource', range: issue.span });
            break;
          case 'device-exclusive':
            ctx.report({ messageId: 'deviceExclusive', data: { path: issue.path }, range: issue.span, related: at(issue.related, '`count` is set here') });
            break;
          case 'env-trailing-space':
            ctx.report({
              messageId: 'envTrailingSpace',
              data: { name: issue.name },
              range: issue.span,
              fixes: [{ title: 'Remove the space before `=`', safety: 'safe', edits: [{ file, range: issue.fixSpan, newText: '' }] }],
            });
            break;
          case 'dependency-cycle':
            ctx.report({ messageId: 'dependencyCycle', data: { cycle: issue.cycle.join(' -> ') }, range: issue.span, related: issue.related.map((s) => ({ file, range: s, message: 'this dependency is part of the circle' })) });
            break;
        }
      }
    };
    for (const doc of [model.doc, ...model.moreDocs]) checkDocument(doc);
    const r = new Resolver(model.doc);
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
        related: at(spanOf(mode!.key as Node), '`network_mode` is set here'),
      });
    }
  },
});

const SERVICE_SHAPE: Shape = { t: 'object', props: SERVICE_PROPS };

/** The shape of each entry of `services:`, as the whole-document walk checks it. */
const SERVICES_VALUE: Shape = (() => {
  const s = COMPOSE_ROOT.t === 'object' ? COMPOSE_ROOT.props.services?.shape : undefined;
  return s?.t === 'map' ? s.values : SERVICE_SHAPE;
})();

/** Text that may make a node reachable twice or change what it reads: anchors, aliases, tags, merge keys. */
const SHARED_SYNTAX = /[&*!]|<</;

/**
 * The services of a document that stand alone: a mapping under a string key of a plain `services:` mapping, whose
 * text has no anchor, alias, tag or merge key. Each is reached once by the walk, so its issues depend on its own
 * nodes only. By value node, in file order, with its pair.
 */
function standaloneServices(root: YAMLMap, text: string): Map<Node, Pair> {
  const out = new Map<Node, Pair>();
  if (root.items.some((p) => isPair(p) && isMergeKey(p))) return out;
  const pairs = root.items.filter((p) => isPair(p) && keyString(p) === 'services');
  const services = pairs.length === 1 ? (pairs[0].value as Node | null) : undefined;
  if (!isMap(services) || services.anchor !== undefined || (services as { tag?: string }).tag) return out;
  if (services.items.some((p) => isPair(p) && isMergeKey(p))) return out;
  for (const p of services.items) {
    const v = p.value as Node | null;
    if (!isPair(p) || !isStringKey(p) || !isMap(v) || !p.key || !(p.key as Node).range || !v.range) continue;
    const start = (p.key as Node).range![0];
    const end = v.range[1];
    if (end <= start || SHARED_SYNTAX.test(text.slice(start, end))) continue;
    out.set(v, p);
  }
  return out;
}

/** A standalone service's schema issues, kept with its value node while the file's parse keeps that node. */
function serviceIssues(q: Queries, node: Node, pair: Pair, r: Resolver): SchemaIssue[] {
  return kept(q, 'compose-schema:shape', node, pair, () => validateShape(node, SERVICES_VALUE, r, ['services', keyString(pair)!], spanOf(pair.key as Node)));
}

/** What `compute` finds in a standalone service, kept with its value node; worked out again under another key. */
function kept<T>(q: Queries, name: string, node: Node, pair: Pair, compute: () => T): T {
  const key = pair.key as Node;
  const at = { key: keyString(pair), start: key.range?.[0], end: key.range?.[1] };
  const hit = q.derive(name, node, () => ({ ...at, value: compute() }));
  return hit.key === at.key && hit.start === at.start && hit.end === at.end ? hit.value : compute();
}

/** Our path (`services.a.volumes.[0]`) as Compose prints it (`services.a.volumes.0`). */
function composePath(path: string): string {
  return path.replace(/\.\[(\d+)\]/g, '.$1');
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function describeWhere(path: string): string {
  if (path === '(root)') return 'the top level';
  const parts = path.split('.');
  if (parts[0] === 'services' && parts.length === 2) return `service "${parts[1]}"`;
  return `"${path}"`;
}
