import { defineRule } from '../../model/rule';
import type { Fix, TextEdit } from '../../core/finding';
import { atLeast, formatVersion } from '../../core/version';
import { LEGACY_DAEMON_FORMS } from '../../knowledge/dockerd-flags';
import type { ParsedFlag } from '../../model/dockerd-cmdline';
import { dockerdSites } from './_shared';

// Deprecated dockerd flags keep working until the release that removes them; from then on dockerd exits with
// `unknown flag: --graph` (pflag) before reading anything else.

function renameEdit(f: ParsedFlag, to: string): TextEdit | undefined {
  const w = f.words[0];
  const text = w.text;
  if (f.written.startsWith('--')) return { file: f.name.file.path, range: f.name.span, newText: `--${to}` };
  // A shorthand: only when it starts its word (`-g /x`, `-g=/x`, `-g/x`), never inside a cluster like `-Dg /x`.
  if (text[0] !== '-' || f.name.span.start !== w.offsets[1]) return undefined;
  const rest = text.slice(2);
  const range = { start: w.offsets[0], end: w.offsets[1] + 1 };
  return { file: f.name.file.path, range, newText: rest === '' || rest.startsWith('=') ? `--${to}` : `--${to}=` };
}

export default defineRule({
  meta: {
    id: 'dockerd-deprecated-flag',
    kinds: ['systemd-unit', 'sysconfig-env'],
    scope: 'workspace',
    severity: 'warning',
    summary: 'A deprecated or removed dockerd flag (-g/--graph, --cluster-store, docker daemon, ...) on the daemon command line',
    symptom: 'unknown flag: --graph',
    type: 'problem',
    fix: 'sometimes',
    tags: ['deprecated'],
    messages: {
      deprecated: '"{flag}" is deprecated since Docker {deprecated}{removedNote}.{instead}',
      removed: '"{flag}" was removed in Docker {removed}: dockerd {target} exits at start with "unknown flag: {long}".{instead}',
      legacyForm: '"{form}" to start the daemon was deprecated in Docker {deprecated} and removed in {removed}; current engines have no such command. Run dockerd instead.',
    },
  },
  check(ctx) {
    const target = ctx.dockerVersion;
    for (const site of dockerdSites(ctx.workspace)) {
      const inv = site.invocation;
      if (inv && inv.form !== 'dockerd') {
        const info = LEGACY_DAEMON_FORMS[inv.form];
        const fixes: Fix[] = [];
        if (inv.form === 'docker daemon') {
          const bin = inv.args[0].text;
          fixes.push({ title: 'Replace with dockerd', safety: 'safe', edits: [{ file: inv.command.file.path, range: inv.command.span, newText: `${bin}d` }] });
        }
        ctx.report({
          messageId: 'legacyForm',
          data: { form: inv.form, deprecated: info.deprecated, removed: info.removed },
          file: inv.command.file.path,
          range: inv.command.span,
          severity: atLeast(target, info.removed) ? 'error' : 'warning',
          fixes,
        });
      }
      for (const f of site.flags) {
        const spec = f.spec;
        if (!spec || !spec.deprecated) continue;
        const removed = spec.removed && atLeast(target, spec.removed);
        const instead = spec.replacement ? ` Use --${spec.replacement}.` : '';
        const fixes: Fix[] = [];
        const edit = spec.replacement ? renameEdit(f, spec.replacement) : undefined;
        if (edit) fixes.push({ title: `Rename ${f.written} to --${spec.replacement}`, safety: 'safe', edits: [edit] });
        ctx.report({
          messageId: removed ? 'removed' : 'deprecated',
          data: {
            flag: f.written,
            long: `--${spec.name}`,
            deprecated: spec.deprecated,
            removed: spec.removed ?? '',
            removedNote: spec.removed ? ` and removed in ${spec.removed}` : '',
            target: formatVersion(target),
            instead,
          },
          file: f.name.file.path,
          range: f.written.startsWith('--') ? f.name.span : { start: f.name.span.start - (f.words[0].offsets[1] === f.name.span.start ? 1 : 0), end: f.name.span.end },
          severity: removed ? 'error' : 'warning',
          fixes,
        });
      }
    }
  },
});
