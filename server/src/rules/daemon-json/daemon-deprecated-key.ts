import { defineRule } from '../../model/rule';
import { formatVersion } from '../../core/version';
import type { Fix } from '../../core/finding';
import { daemonOption } from '../../knowledge/daemon-options';
import { effectiveProps, jsonString, lifecycle, propMap, removePropertyEdit, rootObject, spanOf } from './_shared';

const DIRECTIVES = "the following directives don't match any configuration option";

export default defineRule({
  meta: {
    id: 'daemon-deprecated-key',
    kinds: ['daemon-json'],
    scope: 'file',
    severity: 'warning',
    summary: 'daemon.json uses a deprecated option (an error once the target Docker version has removed it)',
    symptom: `Docker 23.0 and later refuse to start: "${DIRECTIVES}: graph"`,
    type: 'problem',
    fix: 'sometimes',
    tags: ['deprecated'],
    messages: {
      removed: `"{key}" was deprecated in Docker {deprecated} and removed in {removed}: dockerd {target} refuses to start with "${DIRECTIVES}: {key}".{instead}`,
      deprecated: '"{key}" is deprecated since Docker {deprecated}{until}; {note}.{instead}',
    },
  },
  check(ctx) {
    const obj = rootObject(ctx.parse('daemon-json'));
    if (!obj) return;
    const present = propMap(ctx.workspace, obj);
    const file = ctx.file.path;
    const text = ctx.file.text;
    for (const p of effectiveProps(ctx.workspace, obj)) {
      const opt = daemonOption(p.key);
      if (!opt?.deprecated) continue;
      const life = lifecycle(opt, ctx.dockerVersion);
      if (life !== 'removed' && life !== 'deprecated') continue;
      const instead = opt.replacement ? ` Use "${opt.replacement}" instead.` : '';
      const fixes: Fix[] = [];
      if (opt.replacement && !present.has(opt.replacement) && p.valueNode) {
        const v = p.valueNode;
        const raw = text.slice(v.offset, v.offset + v.length);
        const value = opt.replacementValue === 'wrap-in-array' && v.type !== 'array' ? `[${raw}]` : raw;
        // The replacement means the same thing: the rename keeps the daemon's behaviour.
        fixes.push({
          title: `Rename "${p.key}" to "${opt.replacement}"`,
          safety: 'safe',
          edits: [{ file, range: { start: p.keyNode.offset, end: v.offset + v.length }, newText: `${jsonString(opt.replacement)}: ${value}` }],
        });
      } else if (!opt.replacement && life === 'removed') {
        fixes.push({ title: `Remove "${p.key}"`, safety: 'unsafe', edits: [removePropertyEdit(file, text, obj, p.prop)] });
      }
      if (life === 'removed') {
        ctx.report({ messageId: 'removed', severity: 'error', data: { key: p.key, deprecated: opt.deprecated, removed: opt.removed ?? '', target: formatVersion(ctx.dockerVersion), instead }, range: spanOf(p.keyNode), fixes });
      } else {
        const note = opt.deprecationNote ?? (opt.key === 'graph' ? 'dockerd logs: The "graph" config file option is deprecated. Please use "data-root" instead' : 'it still works for now');
        const until = opt.removed ? ` and is removed in ${opt.removed}` : '';
        ctx.report({ messageId: 'deprecated', data: { key: p.key, deprecated: opt.deprecated, until, note, instead }, range: spanOf(p.keyNode), fixes });
      }
    }
  },
});
