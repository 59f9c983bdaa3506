import { defineRule } from '../../model/rule';
import { atLeast, formatVersion } from '../../core/version';
import type { TextEdit } from '../../core/finding';
import { LEGACY_STORAGE_DRIVERS, STORAGE_OPTS } from '../../knowledge/daemon-options';
import { propMap, removePropertyEdit, rootObject, spanOf, stringValue } from './_shared';

export default defineRule({
  meta: {
    id: 'daemon-legacy-storage-driver',
    kinds: ['daemon-json'],
    scope: 'file',
    severity: 'warning',
    summary: 'storage-driver is overlay, aufs or devicemapper: deprecated drivers that Docker has since removed',
    symptom: '[graphdriver] ERROR: the overlay storage-driver has been deprecated and removed; "link ...: too many links" on older engines',
    type: 'problem',
    fix: 'always',
    tags: ['deprecated'],
    messages: {
      removed: 'The "{driver}" storage driver was removed in Docker {removed}: dockerd {target} does not start ("[graphdriver] ERROR: the {driver} storage-driver has been deprecated and removed; visit https://docs.docker.com/go/storage-driver/ for more information"). Use "overlay2"; existing images and containers stay behind in the old driver\'s folder and must be pulled or rebuilt.',
      deprecated: 'The "{driver}" storage driver is deprecated (since Docker {deprecated}, removed in {removed}): {why}. Use "overlay2"; existing images and containers stay behind in the old driver\'s folder and must be pulled or rebuilt.',
    },
  },
  check(ctx) {
    const obj = rootObject(ctx.parse('daemon-json'));
    if (!obj) return;
    const v = propMap(ctx.workspace, obj).get('storage-driver')?.valueNode;
    const driver = stringValue(v);
    if (!v || driver === undefined) return;
    const legacy = LEGACY_STORAGE_DRIVERS.find((d) => d.driver === driver);
    if (!legacy) return;
    // Switching drivers hides every existing image, container and volume layer: a deliberate migration, so unsafe.
    const edits: TextEdit[] = [{ file: ctx.file.path, range: spanOf(v), newText: '"overlay2"' }];
    // The old driver's own storage-opts (`dm.basesize`) would stop overlay2 from starting: they go with it, when
    // they are all the list holds.
    const opts = propMap(ctx.workspace, obj).get('storage-opts');
    const prefix = STORAGE_OPTS[driver]?.prefix;
    const items = opts?.valueNode?.type === 'array' ? (opts.valueNode.children ?? []) : [];
    if (opts && prefix && items.length && items.every((n) => stringValue(n)?.startsWith(prefix))) {
      edits.push(removePropertyEdit(ctx.file.path, ctx.file.text, obj, opts.prop));
    }
    const fixes = [{ title: `Replace "${driver}" with "overlay2"`, safety: 'unsafe' as const, edits }];
    if (atLeast(ctx.dockerVersion, legacy.removed)) {
      ctx.report({ messageId: 'removed', severity: 'error', data: { driver, removed: legacy.removed, target: formatVersion(ctx.dockerVersion) }, range: spanOf(v), fixes });
    } else {
      ctx.report({ messageId: 'deprecated', data: { driver, deprecated: legacy.deprecated, removed: legacy.removed, why: legacy.why }, range: spanOf(v), fixes });
    }
  },
});
