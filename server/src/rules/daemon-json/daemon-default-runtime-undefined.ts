import { defineRule } from '../../model/rule';
import { BUILTIN_RUNTIMES, CONTAINERD_SHIM_NAME } from '../../knowledge/daemon-options';
import { closest, effectiveProps, isUnknown, mayHoldMore, propMap, rootObject, spanOf, stringValue } from './_shared';

export default defineRule({
  meta: {
    id: 'daemon-default-runtime-undefined',
    kinds: ['daemon-json'],
    scope: 'file',
    severity: 'error',
    summary: 'default-runtime names a runtime that is neither built in nor defined under "runtimes"',
    symptom: "dockerd refuses to start: specified default runtime 'nvidia' does not exist",
    type: 'problem',
    fix: 'sometimes',
    messages: {
      undefined: '"default-runtime" is "{name}", which is not built in (runc, io.containerd.runc.v2) and not defined under "runtimes"{hint}: dockerd refuses to start with "specified default runtime \'{name}\' does not exist".',
    },
  },
  check(ctx) {
    const obj = rootObject(ctx.parse('daemon-json'));
    if (!obj) return;
    const props = propMap(ctx.workspace, obj);
    const v = props.get('default-runtime')?.valueNode;
    const name = stringValue(v);
    if (!v || name === undefined || name === '') return;
    if (BUILTIN_RUNTIMES.includes(name) || CONTAINERD_SHIM_NAME.test(name)) return;
    const runtimes = props.get('runtimes')?.valueNode;
    const defined = runtimes && runtimes.type === 'object' ? effectiveProps(ctx.workspace, runtimes).map((p) => p.key) : [];
    if (defined.includes(name)) return;
    // A template may define the runtime where the parse cannot see it.
    if (mayHoldMore(ctx.file, obj) || mayHoldMore(ctx.file, runtimes) || isUnknown(ctx.file, v)) return;
    const guess = closest(name, defined);
    ctx.report({
      messageId: 'undefined',
      data: { name, hint: guess ? ` (did you mean "${guess.key}"?)` : defined.length ? ` (defined: ${defined.join(', ')})` : '' },
      range: spanOf(v),
      // Pointing at the runtime that is defined under a near-identical name is what was meant; still a guess.
      fixes: guess ? [{ title: `Use "${guess.key}"`, safety: guess.sameWords ? 'safe' : 'unsafe', edits: [{ file: ctx.file.path, range: spanOf(v), newText: JSON.stringify(guess.key) }] }] : [],
    });
  },
});
