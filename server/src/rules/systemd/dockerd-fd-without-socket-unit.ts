import { defineRule, type WorkspaceRuleContext } from '../../model/rule';
import { eachHost, type DockerHost } from './_shared';

// `-H fd://` takes the listening socket from systemd socket activation (docker.socket). Without that unit dockerd
// finds no socket and exits.

export default defineRule({
  meta: {
    id: 'dockerd-fd-without-socket-unit',
    kinds: ['systemd-unit'],
    scope: 'workspace',
    severity: 'warning',
    summary: '-H fd:// (socket activation) in ExecStart= but the host has no docker.socket unit',
    symptom: 'no sockets found via socket activation: make sure the service was started by systemd',
    type: 'problem',
    fix: 'none',
    messages: {
      noSocket: '"{value}" asks systemd for the listening socket, but this host has no docker.socket unit; dockerd exits with "no sockets found via socket activation: make sure the service was started by systemd". Add docker.socket or listen on unix:///var/run/docker.sock.',
      missingUnit: '"{name}" names a socket unit this host does not have; systemd fails with "Unit {name} failed to load: No such file or directory." (or "Unit {name} not found.").',
      weakMissing: '"{name}" in {key}= names a socket unit this host does not have: systemd skips a missing unit here without a word, so no socket is set up for dockerd{fd}. Add {name} (as Docker\'s packages ship it) or drop it from {key}=.',
    },
  },
  check(ctx) {
    eachHost(ctx, 'dockerd-fd-without-socket-unit', checkHost);
  },
});

/** One host's findings (kept while the host's files are unchanged, see eachHost). */
function checkHost(ctx: WorkspaceRuleContext, h: DockerHost): void {
  if (!h.unit?.fragment || !h.dockerd) return;
  const sockets = new Set(h.host.units.filter((u) => !u.model.dropIn && u.model.unitType === 'socket').map((u) => u.model.unit));
  for (const f of h.dockerd.flags) {
    if (f.spec?.name !== 'host' || !f.value?.startsWith('fd://') || !f.valueAt) continue;
    if (sockets.has('docker.socket')) continue;
    ctx.report({ messageId: 'noSocket', data: { value: f.value }, file: f.valueAt.file.path, range: f.valueAt.span });
  }
  const usesFd = h.dockerd.flags.some((f) => f.spec?.name === 'host' && f.value?.startsWith('fd://'));
  // Wants=/After= a missing socket only tell when the host's vendor unit folder is in the workspace: a unit in
  // /etc/systemd/system (or a role's templates/) is mostly laid over the packages' units, docker.socket among them.
  const vendorTree = h.unit.fragment.tier === 'lib';
  for (const key of ['Sockets', 'Requires', 'BindsTo', 'Wants', 'After']) {
    const section = key === 'Sockets' ? 'Service' : 'Unit';
    const weak = key === 'Wants' || key === 'After';
    for (const a of h.unit.list(section, key).items) {
      const re = /\S+/g;
      let m: RegExpExecArray | null;
      while ((m = re.exec(a.d.value))) {
        const name = m[0];
        if (!name.endsWith('.socket') || sockets.has(name)) continue;
        const range = { start: a.d.valueOffsets[m.index], end: a.d.valueOffsets[m.index + name.length - 1] + 1 };
        if (!weak) ctx.report({ messageId: 'missingUnit', data: { name }, file: a.ref.file.path, range });
        // Ordering and wanting a missing unit is no error to systemd; it matters when dockerd expects the socket.
        else if (name === 'docker.socket' && vendorTree) ctx.report({ messageId: 'weakMissing', severity: usesFd ? 'warning' : 'info', data: { name, key, fd: usesFd ? ', and dockerd -H fd:// exits with "no sockets found via socket activation"' : '' }, file: a.ref.file.path, range });
      }
    }
  }
}
