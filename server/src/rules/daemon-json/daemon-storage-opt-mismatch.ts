import { defineRule } from '../../model/rule';
import { STORAGE_OPTS } from '../../knowledge/daemon-options';
import { innerSpan, isUnknown, mayHoldMore, propMap, rootObject, spanOf, stringValue } from './_shared';

/** The driver an option belongs to, from its prefix. */
function ownerOf(option: string): string | undefined {
  for (const [driver, o] of Object.entries(STORAGE_OPTS)) if (option.startsWith(o.prefix)) return driver;
  return undefined;
}

export default defineRule({
  meta: {
    id: 'daemon-storage-opt-mismatch',
    kinds: ['daemon-json'],
    scope: 'file',
    severity: 'error',
    summary: 'storage-opts holds options of another storage driver, unknown options, or flag syntax',
    symptom: 'dockerd fails to start: "overlay2: unknown option dm.basesize"',
    type: 'problem',
    fix: 'sometimes',
    messages: {
      otherDriver: '"{option}" is a {owner} option, but the storage driver is {driver}: dockerd fails to start with "{driver}: unknown option {key}".',
      otherDriverDefault: '"{option}" is a {owner} option, but no "storage-driver" is set and dockerd picks overlay2 on current kernels: it then fails to start with "overlay2: unknown option {key}".',
      unknownOption: '"{key}" is not an option the {driver} driver knows ({known}): dockerd fails to start with "{driver}: unknown option {key}".',
      flagSyntax: '"{option}" is written as a command-line flag; in daemon.json each item is just "key=value". dockerd reads "{key}" as the option name and fails to start.',
      noValue: '"{option}" has no "=value": storage options are "key=value" pairs, and dockerd fails to start on this one.',
    },
  },
  check(ctx) {
    const obj = rootObject(ctx.parse('daemon-json'));
    if (!obj) return;
    const props = propMap(ctx.workspace, obj);
    const list = props.get('storage-opts')?.valueNode;
    if (!list || list.type !== 'array') return;
    const driverNode = props.get('storage-driver')?.valueNode;
    const driver = stringValue(driverNode);
    // A driver a template fills in (or may add) is unknown: nothing can mismatch it.
    if ((driverNode && isUnknown(ctx.file, driverNode)) || (!driverNode && mayHoldMore(ctx.file, obj))) return;
    const file = ctx.file.path;
    for (const item of list.children ?? []) {
      const option = stringValue(item);
      if (option === undefined) continue; // daemon-wrong-type
      const flag = /^\s*--?storage-opt(?:\s+|=)(.*)$/.exec(option);
      if (flag) {
        const rest = flag[1].trim();
        ctx.report({
          messageId: 'flagSyntax',
          data: { option, key: option.split('=')[0].trim() },
          range: innerSpan(item),
          // Dropping the flag name keeps exactly the option the user wrote: safe.
          fixes: rest ? [{ title: `Keep only "${rest}"`, safety: 'safe', edits: [{ file, range: spanOf(item), newText: JSON.stringify(rest) }] }] : [],
        });
        continue;
      }
      const eq = option.indexOf('=');
      const key = (eq < 0 ? option : option.slice(0, eq)).trim().toLowerCase();
      if (eq < 0) {
        ctx.report({ messageId: 'noValue', data: { option }, range: innerSpan(item) });
        continue;
      }
      const owner = ownerOf(key);
      if (driver === undefined || driverNode?.type !== 'string') {
        if (owner === 'devicemapper') ctx.report({ messageId: 'otherDriverDefault', data: { option, owner, key }, range: innerSpan(item) });
        continue;
      }
      const mine = STORAGE_OPTS[driver];
      if (owner && owner !== driver) {
        ctx.report({ messageId: 'otherDriver', data: { option, owner, driver, key }, range: innerSpan(item) });
      } else if (mine && owner === driver && !mine.options.includes(key)) {
        ctx.report({ messageId: 'unknownOption', severity: 'warning', data: { key, driver, known: mine.options.join(', ') }, range: innerSpan(item) });
      }
    }
  },
});
