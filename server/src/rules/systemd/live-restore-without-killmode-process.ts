import { defineRule, type WorkspaceRuleContext } from '../../model/rule';
import type { Fix, Related } from '../../core/finding';
import { eachHost, liveRestoreOn, type DockerHost } from './_shared';

// systemd's default KillMode=control-group kills every process in the unit's cgroup on stop, the container shims
// included; live-restore only helps when dockerd alone is stopped (KillMode=process, as the packaged unit sets).

export default defineRule({
  meta: {
    id: 'live-restore-without-killmode-process',
    kinds: ['daemon-json', 'systemd-unit'],
    scope: 'workspace',
    severity: 'warning',
    summary: 'live-restore is on but docker.service does not use KillMode=process: stopping dockerd kills the containers',
    symptom: 'Every container stops on `systemctl restart docker` although live-restore is enabled',
    type: 'problem',
    fix: 'always',
    messages: {
      killMode: '"KillMode={value}" makes systemd kill every process of docker.service on stop or restart, containers included, so live-restore keeps nothing running. Use KillMode=process.',
      missing: 'docker.service sets no KillMode=, so systemd uses KillMode=control-group and kills the containers with dockerd on every stop or restart, defeating live-restore. Add KillMode=process.',
      daemonSide: 'live-restore is on, but docker.service {how}: stopping or restarting dockerd kills the containers anyway. Set KillMode=process in the unit.',
    },
  },
  check(ctx) {
    eachHost(ctx, 'live-restore-without-killmode-process', checkHost);
  },
});

/** One host's findings (kept while the host's files are unchanged, see eachHost). */
function checkHost(ctx: WorkspaceRuleContext, h: DockerHost): void {
  if (!h.unit) return;
  const live = liveRestoreOn(ctx.workspace, h);
  if (!live) return;
  const km = h.unit.scalar('Service', 'KillMode');
  if (km && km.d.value === 'process') return;
  const liveRelated: Related = { file: live.file.path, range: live.span, message: 'live-restore is switched on here' };
  if (km) {
    const fix: Fix = { title: 'Set KillMode=process', safety: 'safe', edits: [{ file: km.ref.file.path, range: km.d.valueSpan, newText: 'process' }] };
    ctx.report({ messageId: 'killMode', data: { value: km.d.value }, file: km.ref.file.path, range: km.d.span, related: [liveRelated], fixes: [fix] });
    ctx.report({ messageId: 'daemonSide', data: { how: `sets KillMode=${km.d.value}` }, file: live.file.path, range: live.span, related: [{ file: km.ref.file.path, range: km.d.span, message: `KillMode=${km.d.value} is set here` }], fixes: [fix] });
    return;
  }
  // Unset: only when the unit file itself is in the workspace (the packaged one sets KillMode=process).
  const frag = h.unit.fragment;
  if (!frag) return;
  const section = frag.model.sections.find((s) => s.name === 'Service');
  if (!section) return;
  const text = frag.file.text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const at = section.lineSpan.end;
  const newText = (at > 0 && text[at - 1] !== '\n' ? eol : '') + `KillMode=process${eol}`;
  const fix: Fix = { title: 'Add KillMode=process to [Service]', safety: 'safe', edits: [{ file: frag.file.path, range: { start: at, end: at }, newText }] };
  ctx.report({ messageId: 'missing', file: frag.file.path, range: section.nameSpan, related: [liveRelated], fixes: [fix] });
  ctx.report({ messageId: 'daemonSide', data: { how: 'sets no KillMode= (default control-group)' }, file: live.file.path, range: live.span, related: [{ file: frag.file.path, range: section.nameSpan, message: 'this [Service] section has no KillMode=' }], fixes: [fix] });
}
