import type { Node } from 'jsonc-parser';
import { defineRule, type FileRuleContext } from '../../model/rule';
import type { Fix } from '../../core/finding';
import { daemonOption, type JsonType, type ValueShape } from '../../knowledge/daemon-options';
import { effectiveProps, goValueKind, jsonString, lifecycle, rootObject, spanOf } from './_shared';

function jsonTypeOf(n: Node): JsonType {
  if (n.type === 'number') return Number.isInteger(n.value) && !/[.eE]/.test(String(n.value)) ? 'integer' : 'number';
  return n.type as JsonType;
}

function accepts(shape: ValueShape, n: Node, text: string): boolean {
  if (shape.type === 'any' || n.type === 'null') return true; // Go leaves the zero value for null
  const types = Array.isArray(shape.type) ? shape.type : [shape.type];
  const t = jsonTypeOf(n);
  if (types.includes(t)) return t !== 'integer' || /^-?\d+$/.test(text.slice(n.offset, n.offset + n.length));
  return t === 'integer' && types.includes('number');
}

/** "number 1.5" for a fraction given to an integer field, as Go words it; else the plain kind. */
function goKind(shape: ValueShape, n: Node, text: string): string {
  const types = Array.isArray(shape.type) ? shape.type : [shape.type];
  if (n.type === 'number' && types.includes('integer')) return `number ${text.slice(n.offset, n.offset + n.length)}`;
  return goValueKind(n);
}

/** An edit that turns the value into the expected type without guessing, or undefined. */
function conversion(shape: ValueShape, n: Node, text: string): { newText: string; title: string } | undefined {
  const types = Array.isArray(shape.type) ? shape.type : [shape.type];
  const raw = text.slice(n.offset, n.offset + n.length);
  if (types.includes('boolean') && n.type === 'string' && (n.value === 'true' || n.value === 'false')) return { newText: n.value, title: `Write ${n.value} without quotes` };
  if (types.includes('integer') && n.type === 'string' && /^-?\d{1,15}$/.test(String(n.value))) return { newText: String(Number(n.value)), title: `Write ${n.value} as a number` };
  if (types.includes('string') && (n.type === 'number' || n.type === 'boolean')) return { newText: jsonString(raw), title: `Quote ${raw}` };
  if (types.includes('string') && n.type === 'array' && n.children?.length === 1 && n.children[0].type === 'string') {
    const only = n.children[0];
    return { newText: text.slice(only.offset, only.offset + only.length), title: 'Use the single item as the value' };
  }
  if (types.includes('array') && shape.items && n.type !== 'array' && n.type !== 'object' && accepts(shape.items, n, text)) return { newText: `[${raw}]`, title: 'Wrap the value in a list' };
  return undefined;
}

export default defineRule({
  meta: {
    id: 'daemon-wrong-type',
    kinds: ['daemon-json'],
    scope: 'file',
    severity: 'error',
    summary: 'a daemon.json value has the wrong JSON type, so dockerd cannot decode the file',
    symptom: 'unable to configure the Docker daemon with file /etc/docker/daemon.json: json: cannot unmarshal string into Go struct field Config.ipv6 of type bool',
    type: 'problem',
    fix: 'sometimes',
    messages: {
      notObject: 'daemon.json must hold one JSON object ({ "key": value, ... }), not {actual}: dockerd refuses to start with "json: cannot unmarshal {goKind} into Go value of type map[string]interface {}".',
      wrongType: '"{path}" must be {expected}, not {actual}: dockerd refuses to start with "json: cannot unmarshal {goKind} into Go struct field {goField} of type {goType}".',
      wrongTypeRenamed: '"{key}" becomes "{path}" when renamed, and "{path}" must be {expected}, not {actual}: once renamed, dockerd refuses to start with "json: cannot unmarshal {goKind} into Go struct field {goField} of type {goType}".',
    },
  },
  check(ctx) {
    const model = ctx.parse('daemon-json');
    const root = model.root;
    if (root && root.type !== 'object' && !model.problems.some((p) => p.kind === 'syntax')) {
      ctx.report({ messageId: 'notObject', data: { actual: actualWord(root), goKind: goValueKind(root) }, range: spanOf(root) });
      return;
    }
    const obj = rootObject(model);
    if (!obj) return;
    for (const p of effectiveProps(ctx.workspace, obj)) {
      const opt = daemonOption(p.key);
      if (!opt || !p.valueNode) continue;
      const life = lifecycle(opt, ctx.dockerVersion);
      if (life === 'removed' || life === 'too-new') {
        // The key itself is the problem there (daemon-deprecated-key); but once it is renamed to its replacement the
        // value is decoded, and a value of the wrong type is what breaks next.
        const next = opt.replacement && opt.replacementValue !== 'wrap-in-array' ? daemonOption(opt.replacement) : undefined;
        if (next && lifecycle(next, ctx.dockerVersion) !== 'removed') visit(ctx, next, p.valueNode, opt.replacement!, `Config.${opt.replacement}`, p.key);
        continue;
      }
      visit(ctx, opt, p.valueNode, p.key, `Config.${p.key}`);
    }
  },
});

function describe(shape: ValueShape): string {
  if (shape.type === 'any') return 'anything';
  const types = Array.isArray(shape.type) ? shape.type : [shape.type];
  const words = types.map((t) =>
    t === 'boolean' ? 'true or false' : t === 'integer' ? 'a whole number' : t === 'string' ? 'a string' : t === 'array' ? `a list${shape.items && shape.items.type === 'string' ? ' of strings' : ''}` : t === 'object' ? `an object${shape.values && shape.values.type === 'string' ? ' of string values' : ''}` : `a ${t}`,
  );
  return words.join(' or ');
}

function actualWord(n: Node): string {
  switch (n.type) {
    case 'string':
      return `the string ${JSON.stringify(n.value)}`;
    case 'number':
      return `the number ${n.value}`;
    case 'boolean':
      return String(n.value);
    case 'array':
      return 'a list';
    case 'object':
      return 'an object';
    default:
      return n.type;
  }
}

/** `renamedFrom`: the removed key the value stands under, when it is checked as its replacement's value. */
function visit(ctx: FileRuleContext, shape: ValueShape, n: Node, path: string, goField: string, renamedFrom?: string): void {
  const text = ctx.file.text;
  if (!accepts(shape, n, text)) {
    const conv = conversion(shape, n, text);
    const fixes: Fix[] = conv ? [{ title: conv.title, safety: 'safe', edits: [{ file: ctx.file.path, range: spanOf(n), newText: conv.newText }] }] : [];
    ctx.report({
      messageId: renamedFrom ? 'wrongTypeRenamed' : 'wrongType',
      data: { path, key: renamedFrom ?? path, expected: describe(shape), actual: actualWord(n), goKind: goKind(shape, n, text), goField: shape.goField ?? goField, goType: shape.goType ?? 'string' },
      range: spanOf(n),
      fixes,
    });
    return;
  }
  if (n.type === 'array' && shape.items) {
    for (const item of n.children ?? []) visit(ctx, shape.items, item, `${path}[]`, shape.items.goField ?? goField, renamedFrom);
  } else if (n.type === 'object' && shape.values) {
    for (const p of effectiveProps(ctx.workspace, n)) if (p.valueNode) visit(ctx, shape.values, p.valueNode, `${path}.${p.key}`, shape.values.goField ?? goField, renamedFrom);
  } else if (n.type === 'object' && shape.properties) {
    for (const p of effectiveProps(ctx.workspace, n)) {
      const sub = Object.entries(shape.properties).find(([k]) => k.toLowerCase() === p.key.toLowerCase())?.[1]; // Go matches field names case-insensitively
      if (sub && p.valueNode) visit(ctx, sub, p.valueNode, `${path}.${p.key}`, sub.goField ?? `${goField}.${p.key}`, renamedFrom);
    }
  }
}
