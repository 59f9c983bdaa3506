import type { Node } from 'jsonc-parser';
import { defineRule } from '../../model/rule';
import type { Fix } from '../../core/finding';
import { FLAT_OPTIONS, daemonOption, ignoredKey } from '../../knowledge/daemon-options';
import { effectiveProps, jsonString, propMap, rootObject, spanOf, type Prop } from './_shared';

export default defineRule({
  meta: {
    id: 'daemon-ignored-key',
    kinds: ['daemon-json'],
    scope: 'file',
    severity: 'warning',
    summary: 'daemon.json has a key dockerd accepts (a flag of that name exists) but never reads from the file',
    symptom: 'The setting silently does nothing: "storage-opt": ["dm.basesize=20G"] never changes the base size',
    type: 'problem',
    fix: 'sometimes',
    messages: {
      useKey: '"{key}" is the name of the dockerd flag --{key}; in daemon.json the key is "{use}". dockerd accepts "{key}" without complaint and then ignores it, so this setting does nothing.',
      moveTo: '"{key}" is the name of the dockerd flag --{key}, but dockerd never reads it at the top of daemon.json; {note}. As written the setting does nothing.',
      noKey: '"{key}" is the name of a dockerd flag, so dockerd accepts it here, but it never reads it from the file: {note}. As written the setting does nothing.',
      ignoredObject: '"{key}" is not an option: dockerd checks the keys inside it as top-level keys, finds them valid, and then ignores the whole object, so none of it takes effect.',
    },
  },
  check(ctx) {
    const obj = rootObject(ctx.parse('daemon-json'));
    if (!obj) return;
    const present = propMap(ctx.workspace, obj);
    const file = ctx.file.path;
    const text = ctx.file.text;
    for (const p of effectiveProps(ctx.workspace, obj)) {
      if (daemonOption(p.key)) continue;
      const v = p.valueNode;
      if (v && v.type === 'object' && !FLAT_OPTIONS.has(p.key)) {
        // Flattened by dockerd; when every inner key passes its check the object is accepted and ignored.
        const inner = effectiveProps(ctx.workspace, v);
        if (inner.length > 0 && inner.every((i) => !!daemonOption(i.key) || !!ignoredKey(i.key))) {
          ctx.report({ messageId: 'ignoredObject', data: { key: p.key }, range: spanOf(p.keyNode) });
        }
        continue;
      }
      const ig = ignoredKey(p.key);
      if (!ig) continue;
      if (ig.use === 'proxies') {
        ctx.report({ messageId: 'moveTo', data: { key: p.key, note: ig.note ?? '' }, range: spanOf(p.keyNode) });
      } else if (ig.use) {
        const fix = present.has(ig.use) ? undefined : renameFix(file, text, p, ig.use, ig.valueForm);
        ctx.report({ messageId: 'useKey', data: { key: p.key, use: ig.use }, range: spanOf(p.keyNode), fixes: fix ? [fix] : [] });
      } else {
        ctx.report({ messageId: 'noKey', data: { key: p.key, note: ig.note ?? '' }, range: spanOf(p.keyNode) });
      }
    }
  },
});

/** Rename to the file key and reshape the value the way the flag would have read it. */
function renameFix(file: string, text: string, p: Prop, use: string, form: 'list' | 'map' | 'same' | undefined): Fix | undefined {
  const v = p.valueNode;
  if (!v) return undefined;
  const span = { start: p.keyNode.offset, end: v.offset + v.length };
  let value: string | undefined;
  if (form === 'list') {
    if (v.type === 'array') value = text.slice(v.offset, v.offset + v.length);
    else if (v.type === 'string') value = `[${text.slice(v.offset, v.offset + v.length)}]`;
  } else if (form === 'map') {
    const items: Node[] = v.type === 'array' ? (v.children ?? []) : [v];
    const pairs: string[] = [];
    for (const it of items) {
      if (it.type !== 'string' || typeof it.value !== 'string') return undefined;
      const eq = it.value.indexOf('=');
      if (eq <= 0) return undefined;
      pairs.push(`${jsonString(it.value.slice(0, eq))}: ${jsonString(it.value.slice(eq + 1))}`);
    }
    value = `{ ${pairs.join(', ')} }`;
  }
  if (value === undefined) return undefined;
  // Making a setting that was ignored take effect changes what the daemon does: unsafe.
  return { title: `Rename "${p.key}" to "${use}"`, safety: 'unsafe', edits: [{ file, range: span, newText: `${jsonString(use)}: ${value}` }] };
}
