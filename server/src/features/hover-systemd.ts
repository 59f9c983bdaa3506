// Hover for systemd units: what a directive does to Docker, where the effective value comes from once the drop-ins
// are merged, and what a dockerd flag in ExecStart= means.
import type { HoverProvider } from './types';
import { DOCKER_DIRECTIVE_NOTES } from '../knowledge/systemd-directives';
import { effectiveUnit, hostOfFile, isListKey } from '../model/hosts';
import { dockerdForm, expandWords, parseDockerdFlags, splitExecWords } from '../model/dockerd-cmdline';

export const systemdHover: HoverProvider = (file, workspace, offset) => {
  const model = workspace.parse('systemd-unit', file);
  const d = model.directives.find((x) => offset >= x.span.start && offset <= x.span.end);
  if (!d) return undefined;

  // A dockerd flag in ExecStart=.
  if (d.key === 'ExecStart' && offset >= d.valueSpan.start) {
    const { words } = splitExecWords(d);
    const { args } = expandWords(words, file, new Map());
    const form = dockerdForm(args);
    if (form) {
      for (const f of parseDockerdFlags(args, form.first, form.form === 'docker -d')) {
        const s = f.whole.span;
        if (f.whole.file !== file || offset < s.start || offset > s.end || !f.spec) continue;
        const spec = f.spec;
        const lines = [`**dockerd ${spec.short ? `-${spec.short}, ` : ''}--${spec.name}**${spec.value ? ' _value_' : ''}`, '', spec.description];
        if (spec.daemonKey) lines.push('', `daemon.json key: \`${spec.daemonKey}\` — setting it in both places stops dockerd from starting.`);
        if (spec.deprecated) lines.push('', `Deprecated in Docker ${spec.deprecated}${spec.removed ? `, removed in ${spec.removed}` : ''}${spec.replacement ? `; use \`--${spec.replacement}\`` : ''}.`);
        return { markdown: lines.join('\n'), range: s };
      }
    }
  }

  const note = DOCKER_DIRECTIVE_NOTES[d.key];
  if (!note || offset > d.keySpan.end) return undefined;
  const lines = [`**${d.key}=** (\`[${d.section}]\`)`, '', note];
  const host = hostOfFile(workspace, file);
  const unit = host && effectiveUnit(host, model.unit);
  if (unit && unit.sources.length > 1) {
    const rel = (p: string) => p.slice(host!.root.length + 1) || p;
    if (isListKey(d.key)) {
      const { items } = unit.list(d.section, d.key);
      if (items.length) lines.push('', `Effective after all drop-ins: ${items.map((a) => `\`${a.d.value}\` (${rel(a.ref.file.path)})`).join(', ')}`);
    } else {
      const last = unit.scalar(d.section, d.key);
      if (last && last.d !== d) lines.push('', `Overridden: \`${d.key}=${last.d.value}\` in ${rel(last.ref.file.path)} wins.`);
    }
  }
  return { markdown: lines.join('\n'), range: d.keySpan };
};
