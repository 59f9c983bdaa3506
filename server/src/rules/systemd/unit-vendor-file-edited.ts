import { defineRule, type SourceFile } from '../../model/rule';
import type { Fix, TextEdit } from '../../core/finding';
import { isListKey, unitPlacement } from '../../model/hosts';
import { readDockerd } from '../../model/dockerd-cmdline';
import type { UnitDirective } from '../../parsers/systemd-unit';
import { removeFlagEdit } from './_shared';

// The docker.service under /lib or /usr/lib belongs to the package: an upgrade replaces it and drops local changes.
// What the packaged units contain (docker-ce from moby contrib/init/systemd, Debian/Ubuntu docker.io, RHEL docker):
const STOCK_KEYS = new Set([
  'Description', 'Documentation', 'After', 'Wants', 'Requires', 'BindsTo', 'StartLimitBurst', 'StartLimitIntervalSec', 'StartLimitInterval',
  'Type', 'ExecStart', 'ExecReload', 'TimeoutSec', 'TimeoutStartSec', 'RestartSec', 'Restart', 'LimitNOFILE', 'LimitNPROC',
  'LimitCORE', 'TasksMax', 'Delegate', 'KillMode', 'OOMScoreAdjust', 'EnvironmentFile', 'Environment', 'MountFlags',
  'WantedBy', 'ListenStream', 'SocketMode', 'SocketUser', 'SocketGroup', 'PartOf',
]);
/** Flags the packaged units pass to dockerd (RHEL's dockerd-current passes a longer fixed list). */
const STOCK_FLAGS = new Set(['host', 'containerd', 'add-runtime', 'default-runtime', 'exec-opt', 'userland-proxy-path', 'init-path', 'seccomp-profile', 'authorization-plugin']);

/** Add `lines` under `[section]` of <root>/etc/systemd/system/<unit>.d/override.conf, creating the file if needed. */
function overrideEdit(ws: { files(kind: 'systemd-unit'): SourceFile[] }, root: string, unit: string, section: string, lines: string[]): TextEdit {
  const file = `${root}/etc/systemd/system/${unit}.d/override.conf`;
  const existing = ws.files('systemd-unit').find((f) => f.path === file);
  const text = existing?.text ?? '';
  const sep = text === '' ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  return { file, range: { start: text.length, end: text.length }, newText: `${sep}[${section}]\n${lines.join('\n')}\n` };
}

export default defineRule({
  meta: {
    id: 'unit-vendor-file-edited',
    kinds: ['systemd-unit'],
    scope: 'file',
    severity: 'info',
    summary: 'Local changes in the packaged docker.service under /lib or /usr/lib: the next package upgrade overwrites them',
    symptom: 'After an upgrade of docker-ce the daemon silently loses a flag or setting',
    type: 'suggestion',
    fix: 'sometimes',
    messages: {
      key: '"{key}=" is not in the packaged {unit}; changes to {path} are overwritten by the next package upgrade. Put it in /etc/systemd/system/{unit}.d/override.conf (`systemctl edit {name}`).',
      flag: '"{flag}" is not in the packaged ExecStart=; changes to {path} are overwritten by the next package upgrade. Put the command in /etc/systemd/system/docker.service.d/override.conf after an empty ExecStart=, or the option in daemon.json.',
    },
  },
  check(ctx) {
    const p = unitPlacement(ctx.file.path);
    if (p.tier !== 'lib' || !p.hostPath) return;
    const model = ctx.parse('systemd-unit');
    if (model.dropIn || (model.unit !== 'docker.service' && model.unit !== 'docker.socket')) return;
    const file = ctx.file;
    const moveFix = (d: UnitDirective, lines: string[], removal: TextEdit, title: string): Fix => ({
      title,
      // A list entry moved to a drop-in may change its order among other drop-ins' entries.
      safety: isListKey(d.key) ? 'unsafe' : 'safe',
      edits: [removal, overrideEdit(ctx.workspace, p.root, model.unit, d.section, lines)],
    });
    for (const d of model.directives) {
      if (!STOCK_KEYS.has(d.key)) {
        const fixes = d.section === 'Service' || d.section === 'Unit' || d.section === 'Socket'
          ? [moveFix(d, [`${d.key}=${d.value}`], { file: file.path, range: d.lineSpan, newText: '' }, `Move ${d.key}= to ${model.unit}.d/override.conf`)]
          : [];
        ctx.report({ messageId: 'key', data: { key: d.key, path: p.hostPath, unit: model.unit, name: model.unit.replace(/\.service$/, '') }, range: d.span, fixes });
        continue;
      }
      if (d.key !== 'ExecStart' || d.section !== 'Service') continue;
      const inv = readDockerd({ ref: { file, model, tier: 'lib' }, d }, new Map());
      if (!inv) continue;
      for (const f of inv.flags) {
        if (f.fromVar || !f.spec || STOCK_FLAGS.has(f.spec.name)) continue;
        const removal = removeFlagEdit(f);
        const fixes = removal
          ? [{ ...moveFix(d, ['ExecStart=', `ExecStart=${d.value}`], removal, `Move the command with ${f.written} to docker.service.d/override.conf`), safety: 'safe' as const }]
          : [];
        ctx.report({ messageId: 'flag', data: { flag: f.written, path: p.hostPath }, range: f.whole.span, fixes });
      }
    }
  },
});
