import { defineRule, type WorkspaceRuleContext } from '../../model/rule';
import type { Fix } from '../../core/finding';
import { eachHost, liveRestoreOn, removeDirectiveEdit, type DockerHost } from './_shared';

// MountFlags= puts dockerd in its own mount namespace; with slave/private propagation the container layers it mounts
// never reach the host namespace. With live-restore the shims keep those mounts alive across a daemon restart.
const BAD = new Set(['slave', 'private']);

export default defineRule({
  meta: {
    id: 'live-restore-with-mountflags-slave',
    kinds: ['daemon-json', 'systemd-unit'],
    scope: 'workspace',
    severity: 'error',
    summary: 'live-restore with MountFlags=slave (or private) on docker.service leaks container mounts',
    symptom: 'Pods stuck in Terminating; "driver "overlay2" failed to remove root filesystem: unlinkat .../merged: device or resource busy"',
    type: 'problem',
    fix: 'always',
    messages: {
      unitSide:
        '"MountFlags={value}" runs dockerd in its own mount namespace while live-restore is on: after a daemon restart the container layers stay mounted in the old namespace, and removing them fails with "unlinkat .../merged: device or resource busy" (Pods stuck in Terminating). Remove MountFlags=.',
      daemonSide:
        'live-restore is on while docker.service sets "MountFlags={value}": after a dockerd restart container mounts leak into the old mount namespace ("device or resource busy" on removal, `docker exec` failing). Remove MountFlags= from the unit.',
      noDaemonJson:
        '"MountFlags={value}" gives dockerd its own mount namespace, so container mounts do not propagate to the host; with live-restore they leak ("device or resource busy"). Upstream removed MountFlags= from docker.service in 2016 for this reason.',
    },
  },
  check(ctx) {
    eachHost(ctx, 'live-restore-with-mountflags-slave', checkHost);
  },
});

/** One host's findings (kept while the host's files are unchanged, see eachHost). */
function checkHost(ctx: WorkspaceRuleContext, h: DockerHost): void {
  if (!h.unit) return;
  const mf = h.unit.scalar('Service', 'MountFlags');
  if (!mf || !BAD.has(mf.d.value)) return;
  const unitFile = mf.ref.file;
  const fix: Fix = { title: 'Remove MountFlags= from the unit', safety: 'safe', edits: [removeDirectiveEdit(unitFile, mf.d)] };
  const live = liveRestoreOn(ctx.workspace, h);
  if (live) {
    ctx.report({
      messageId: 'unitSide',
      data: { value: mf.d.value },
      file: unitFile.path,
      range: mf.d.span,
      related: [{ file: live.file.path, range: live.span, message: live.source === 'flag' ? 'live-restore is switched on here' : '"live-restore": true is set here' }],
      fixes: [fix],
    });
    ctx.report({
      messageId: 'daemonSide',
      data: { value: mf.d.value },
      file: live.file.path,
      range: live.span,
      related: [{ file: unitFile.path, range: mf.d.span, message: `MountFlags=${mf.d.value} is set here` }],
      fixes: [fix],
    });
  } else if (!h.daemon) {
    ctx.report({ messageId: 'noDaemonJson', data: { value: mf.d.value }, file: unitFile.path, range: mf.d.span, severity: 'warning', fixes: [fix] });
  }
}
