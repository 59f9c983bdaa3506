import type { Node } from 'jsonc-parser';
import { defineRule } from '../../model/rule';
import type { Fix } from '../../core/finding';
import { UNROTATED_LOG_DRIVERS } from '../../knowledge/daemon-options';
import { mayHoldMore, propMap, rootObject, spanOf, stringValue } from './_shared';

const ADD = '"max-size": "10m", "max-file": "3"';

export default defineRule({
  meta: {
    id: 'daemon-log-rotation-missing',
    kinds: ['daemon-json'],
    scope: 'file',
    severity: 'info',
    summary: 'the json-file log driver without max-size: container logs grow until the disk is full',
    symptom: 'No space left on device; /var/lib/docker/containers/*/*-json.log files of many gigabytes',
    type: 'suggestion',
    fix: 'always',
    messages: {
      noLogOpts: 'Container logs use the {driver} driver{implicit} without "max-size" in "log-opts": each container\'s log grows without limit until the disk is full ("No space left on device"). Set "log-opts": {"max-size": "10m", "max-file": "3"} (applies to containers created afterwards).',
      noMaxSize: '"log-opts" has no "max-size", so the {driver} driver never rotates: each container\'s log grows without limit until the disk is full ("No space left on device"). Add "max-size" (and "max-file").',
    },
  },
  check(ctx) {
    const obj = rootObject(ctx.parse('daemon-json'));
    if (!obj || mayHoldMore(ctx.file, obj)) return;
    const props = propMap(ctx.workspace, obj);
    const driverProp = props.get('log-driver');
    const driver = driverProp ? stringValue(driverProp.valueNode) : 'json-file';
    if (driver === undefined || !UNROTATED_LOG_DRIVERS.includes(driver)) return;
    const file = ctx.file.path;
    const text = ctx.file.text;
    const opts = props.get('log-opts');
    // Turning rotation on deletes old log lines that used to be kept: a behaviour change, so unsafe.
    if (opts) {
      const v = opts.valueNode;
      if (!v || v.type !== 'object' || mayHoldMore(ctx.file, v)) return; // daemon-wrong-type, or a template
      const has = propMap(ctx.workspace, v);
      if (has.has('max-size')) return;
      const insert = has.has('max-file') ? '"max-size": "10m"' : ADD;
      const fix: Fix = { title: `Add ${insert} to "log-opts"`, safety: 'unsafe', edits: [insertIntoObject(file, text, v, insert)] };
      ctx.report({ messageId: 'noMaxSize', data: { driver }, range: spanOf(opts.keyNode), fixes: [fix] });
      return;
    }
    const range = driverProp ? spanOf(driverProp.keyNode) : { start: obj.offset, end: obj.offset + 1 };
    const fix: Fix = { title: 'Add "log-opts" with max-size and max-file', safety: 'unsafe', edits: [insertIntoObject(file, text, obj, `"log-opts": { ${ADD} }`, driverProp?.prop)] };
    ctx.report({ messageId: 'noLogOpts', data: { driver, implicit: driverProp ? '' : ' (the default)' }, range, fixes: [fix] });
  },
});

/** Insert a `"key": value` member into an object: after `after` (or last), on its own line when the object spans lines. */
function insertIntoObject(file: string, text: string, obj: Node, member: string, after?: Node) {
  const children = obj.children ?? [];
  const anchor = after ?? children[children.length - 1];
  const multiline = text.slice(obj.offset, obj.offset + obj.length).includes('\n');
  if (!anchor) {
    const at = obj.offset + 1;
    return { file, range: { start: at, end: obj.offset + obj.length - 1 }, newText: multiline ? `\n  ${member}\n` : ` ${member} ` };
  }
  const end = anchor.offset + anchor.length;
  const isLast = anchor === children[children.length - 1];
  if (multiline) {
    let ls = anchor.offset;
    while (ls > 0 && text[ls - 1] !== '\n') ls--;
    const indent = /^[ \t]*/.exec(text.slice(ls))![0];
    return { file, range: { start: end, end }, newText: isLast ? `,\n${indent}${member}` : `,\n${indent}${member}` };
  }
  return { file, range: { start: end, end }, newText: `, ${member}` };
}
