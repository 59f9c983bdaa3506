// The command lines of a unit's Exec*= directives as embedded scripts (context 'systemd': no terminal), so the shell
// rules find `docker exec -it` in ExecStartPre= as they do in cron and CI. Prefixes (`-@:+!|`) are stripped and every
// character maps back to the unit file, through continuation lines.

import type { EmbeddedScript } from '../core/embedded';
import type { SourceFile } from '../core/source';
import type { UnitModel } from './systemd-unit';

export const EXEC_KEYS: ReadonlySet<string> = new Set([
  'ExecStart', 'ExecStartPre', 'ExecStartPost', 'ExecCondition', 'ExecReload', 'ExecStop', 'ExecStopPre', 'ExecStopPost',
]);

export function systemdUnitScripts(file: SourceFile, workspace: { parse(kind: 'systemd-unit', file: SourceFile): UnitModel }): EmbeddedScript[] {
  const model = workspace.parse('systemd-unit', file);
  const out: EmbeddedScript[] = [];
  for (const d of model.directives) {
    if (!EXEC_KEYS.has(d.key) || d.value === '') continue;
    let i = 0;
    while (i < d.value.length && '-@:+!|'.includes(d.value[i])) i++;
    while (i < d.value.length && (d.value[i] === ' ' || d.value[i] === '\t')) i++;
    if (i >= d.value.length) continue;
    const text = d.value.slice(i);
    const offsets = Int32Array.from(d.valueOffsets.slice(i));
    out.push({ text, offsets, context: 'systemd', label: d.key });
  }
  return out;
}
