import { defineRule } from '../../model/rule';

export default defineRule({
  meta: {
    id: 'daemon-config-wrong-file',
    kinds: ['daemon-config-other'],
    scope: 'file',
    severity: 'warning',
    summary: 'daemon settings in daemon.yaml, daemon.yml or another file name dockerd never reads',
    symptom: 'The settings silently do nothing: dockerd only reads /etc/docker/daemon.json (or the file given with --config-file)',
    type: 'problem',
    fix: 'none',
    messages: {
      wrongFile: 'dockerd never reads "{name}": it reads only /etc/docker/daemon.json (JSON, not YAML or TOML), or the file named by --config-file. Nothing in this file takes effect; move the settings into daemon.json as JSON.',
    },
  },
  check(ctx) {
    const text = ctx.file.text;
    const name = ctx.file.path.slice(ctx.file.path.lastIndexOf('/') + 1);
    // Report on the first line that holds a setting (not blank, not a comment), so the squiggle sits on the settings.
    const re = /^[ \t\uFEFF]*([^\s#;/][^\r\n]*)$/gm;
    const m = re.exec(text);
    if (!m) return;
    m.index += m[0].length - m[1].length;
    m[0] = m[1];
    ctx.report({ messageId: 'wrongFile', data: { name }, range: { start: m.index, end: m.index + m[0].trimEnd().length } });
  },
});
