import { defineRule } from '../../model/rule';
import type { Fix } from '../../core/finding';
import { atLeast, formatVersion } from '../../core/version';
import { LEGACY_STORAGE_DRIVERS, STORAGE_OPTS } from '../../knowledge/daemon-options';
import { dockerdSites } from './_shared';

// The storage settings daemon-legacy-storage-driver and daemon-storage-opt-mismatch check in daemon.json, given as
// dockerd flags instead (ExecStart=, DOCKER_OPTS, OPTIONS): `--storage-driver devicemapper`, `--storage-opt dm.*`.
// Same knowledge, same failures: dockerd reads flags and file into one configuration.

function ownerOf(option: string): string | undefined {
  for (const [driver, o] of Object.entries(STORAGE_OPTS)) if (option.startsWith(o.prefix)) return driver;
  return undefined;
}

export default defineRule({
  meta: {
    id: 'dockerd-storage-flag',
    kinds: ['systemd-unit', 'sysconfig-env'],
    scope: 'workspace',
    severity: 'warning',
    summary: '--storage-driver names a removed driver (overlay, aufs, devicemapper), or --storage-opt belongs to another driver',
    symptom: '[graphdriver] ERROR: the devicemapper storage-driver has been deprecated and removed',
    type: 'problem',
    fix: 'sometimes',
    tags: ['deprecated'],
    messages: {
      removed: '--storage-driver {driver}: the "{driver}" storage driver was removed in Docker {removed}, and dockerd {target} does not start ("[graphdriver] ERROR: the {driver} storage-driver has been deprecated and removed; visit https://docs.docker.com/go/storage-driver/ for more information"). Use overlay2; existing images and containers stay behind in the old driver\'s folder and must be pulled or rebuilt.',
      deprecated: '--storage-driver {driver}: the "{driver}" storage driver is deprecated (since Docker {deprecated}, removed in {removed}): {why}. Use overlay2; existing images and containers stay behind in the old driver\'s folder and must be pulled or rebuilt.',
      otherDriver: '--storage-opt {option} is a {owner} option, but the storage driver is {driver}: dockerd fails to start with "{driver}: unknown option {key}".',
    },
  },
  check(ctx) {
    for (const site of dockerdSites(ctx.workspace)) {
      const driverFlag = [...site.flags].reverse().find((f) => f.spec?.name === 'storage-driver' && f.value !== undefined && f.valueAt);
      const driver = driverFlag?.value;
      if (driverFlag?.valueAt && driver) {
        const legacy = LEGACY_STORAGE_DRIVERS.find((d) => d.driver === driver);
        if (legacy) {
          const at = driverFlag.valueAt;
          const plain = at.file.text.slice(at.span.start, at.span.end) === driver;
          // Switching drivers hides every existing image and container: a deliberate migration, so unsafe.
          // Not while options of the old driver follow: overlay2 would refuse them.
          const ownOpts = site.flags.some((f) => f.spec?.name === 'storage-opt' && f.value && ownerOf(f.value.split('=')[0].trim().toLowerCase()) === driver);
          const fixes: Fix[] = plain && !ownOpts ? [{ title: `Replace ${driver} with overlay2`, safety: 'unsafe', edits: [{ file: at.file.path, range: at.span, newText: 'overlay2' }] }] : [];
          const removed = atLeast(ctx.dockerVersion, legacy.removed);
          ctx.report({
            messageId: removed ? 'removed' : 'deprecated',
            severity: removed ? 'error' : 'warning',
            data: { driver, removed: legacy.removed, deprecated: legacy.deprecated, why: legacy.why, target: formatVersion(ctx.dockerVersion) },
            file: at.file.path,
            range: at.span,
            fixes,
          });
        }
      }
      if (!driver) continue;
      for (const f of site.flags) {
        if (f.spec?.name !== 'storage-opt' || !f.value || !f.valueAt) continue;
        const key = f.value.split('=')[0].trim().toLowerCase();
        const owner = ownerOf(key);
        if (owner && owner !== driver) ctx.report({ messageId: 'otherDriver', severity: 'error', data: { option: f.value, owner, driver, key }, file: f.valueAt.file.path, range: f.valueAt.span });
      }
    }
  },
});
