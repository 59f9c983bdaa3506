import { defineRule } from '../../model/rule';
import type { Fix } from '../../core/finding';
import { effectiveUnit, hostsOf, unitNames, type Assignment } from '../../model/hosts';

// ExecStart= is a list: a drop-in's value is appended to the unit's unless an empty `ExecStart=` resets it first, and
// systemd refuses a non-oneshot service with two commands (src/core/service.c, service_verify).
const REFUSED = 'Service has more than one ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.';

export default defineRule({
  meta: {
    id: 'unit-execstart-not-cleared',
    kinds: ['systemd-unit'],
    scope: 'workspace',
    severity: 'error',
    summary: 'A drop-in sets ExecStart= without first clearing it with an empty ExecStart=',
    symptom: REFUSED,
    type: 'problem',
    fix: 'sometimes',
    messages: {
      dropIn: `This ExecStart= is added to the one {unit} already has instead of replacing it, and systemd refuses to load the unit: "{unit}: ${REFUSED}" Put an empty "ExecStart=" line above it.`,
      assumed: `This ExecStart= is added to the one the packaged {unit} already has instead of replacing it, and systemd refuses to load the unit: "{unit}: ${REFUSED}" Put an empty "ExecStart=" line above it.`,
      unitFile: `{unit} has a second ExecStart= and is not Type=oneshot; systemd refuses to load it: "{unit}: ${REFUSED}"`,
    },
  },
  check(ctx) {
    for (const host of hostsOf(ctx.workspace)) {
      for (const name of unitNames(host)) {
        if (!name.endsWith('.service')) continue;
        const unit = effectiveUnit(host, name);
        if (!unit) continue;
        const type = unit.scalar('Service', 'Type')?.d.value;
        if (type === 'oneshot') continue;
        let count = unit.fragment ? 0 : 1;
        const assumed = !unit.fragment;
        let lastReset: Assignment | undefined;
        let previous: Assignment | undefined;
        const fixedIn = new Set<string>();
        for (const a of unit.assignments('Service', 'ExecStart')) {
          if (a.d.value === '') {
            count = 0;
            lastReset = a;
            previous = undefined;
            continue;
          }
          count++;
          const before = previous;
          previous = a;
          if (count < 2) continue;
          const inDropIn = a.ref.model.dropIn;
          const fixes: Fix[] = [];
          const file = a.ref.file;
          const resetHere = lastReset && lastReset.ref === a.ref;
          if (inDropIn && !resetHere && !fixedIn.has(file.path)) {
            fixedIn.add(file.path);
            const lineStart = a.d.lineSpan.start;
            const indent = file.text.slice(lineStart, a.d.keySpan.start);
            const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
            fixes.push({ title: 'Insert an empty ExecStart= above to replace the command', safety: 'safe', edits: [{ file: file.path, range: { start: lineStart, end: lineStart }, newText: `${indent}ExecStart=${eol}` }] });
          }
          ctx.report({
            messageId: !inDropIn ? 'unitFile' : assumed && !unit.assignments('Service', 'ExecStart').some((x) => x !== a && x.d.value !== '' && x.d.line !== a.d.line) ? 'assumed' : 'dropIn',
            data: { unit: name },
            file: file.path,
            range: a.d.keySpan,
            related: before ? [{ file: before.ref.file.path, range: before.d.span, message: 'the ExecStart= it is added to' }] : [],
            fixes,
          });
        }
      }
    }
  },
});
