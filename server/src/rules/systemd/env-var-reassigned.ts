import { defineRule } from '../../model/rule';

// systemd reads an EnvironmentFile= top to bottom and keeps the last value of each variable: the options on the
// earlier line are silently dropped.

export default defineRule({
  meta: {
    id: 'env-var-reassigned',
    kinds: ['sysconfig-env'],
    scope: 'file',
    severity: 'warning',
    summary: 'The same variable is assigned twice in an env file: only the last assignment counts',
    symptom: 'The options on the first line (an insecure registry, a storage option) silently do nothing',
    type: 'problem',
    fix: 'none',
    messages: {
      lost: '{name} is assigned again on line {line}; only that last value reaches dockerd, so "{value}" here is silently lost. Merge the two lines.',
    },
  },
  check(ctx) {
    const model = ctx.parse('sysconfig-env');
    const byName = new Map<string, typeof model.assignments>();
    for (const a of model.assignments) byName.set(a.name, [...(byName.get(a.name) ?? []), a]);
    for (const [name, list] of byName) {
      if (list.length < 2) continue;
      const last = list[list.length - 1];
      // A later line that builds on the earlier one (`OPTIONS="$OPTIONS --x"`) is a deliberate extension.
      if (new RegExp(`\\$\\{?${name}\\b`).test(last.value)) continue;
      for (const a of list.slice(0, -1)) {
        ctx.report({
          messageId: 'lost',
          data: { name, line: last.line + 1, value: a.value.length > 60 ? a.value.slice(0, 57) + '...' : a.value },
          range: a.nameSpan,
          related: [{ file: ctx.file.path, range: last.nameSpan, message: `${name} is assigned again here; this value wins` }],
        });
      }
    }
  },
});
