import { defineRule } from '../../engine/rule';
import { baseName, commandWords } from '../../parsers/shell';
import { familyOf, hostOf, parsedRun, scriptSets, shellFor, shellSets } from './_run';

/**
 * Downloads: when one of these fails on the left of a pipe, the right side reads nothing (or half a file) and often
 * succeeds on it (`curl … | sh`, `| tee`, `| gpg --dearmor`). Other pipelines (`find | xargs`, `grep | sha256sum -c`)
 * fail on empty input by themselves and are left alone.
 */
const DOWNLOADERS = new Set(['curl', 'wget', 'fetch', 'aria2c', 'http', 'httpie', 'lynx']);

export default defineRule({
  meta: {
    id: 'dockerfile-pipe-hides-failure',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: 'a pipe in RUN without pipefail: when the command before `|` fails, the step still succeeds',
    symptom: 'curl: (22) The requested URL returned error: 404, yet the step passes and the image ships without the download',
    type: 'problem',
    fix: 'sometimes',
    messages: {
      pipe: 'Only the last command of a pipeline decides whether the step fails: if `{command}` fails (a download that returns 404, a host that is down), the step still succeeds and the image is built from its empty or partial output. {remedy}',
    },
    peers: { hadolint: ['DL4006'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    for (const run of model.runs) {
      const script = run.script;
      if (!script) continue;
      const shell = shellFor(model, run);
      if (shellSets(shell, 'pipefail')) continue;
      if (/^#!.*pipefail/.test(script.text)) continue;
      const commands = parsedRun(script).commands;
      const left = commands.find((c) => (c.next === '|' || c.next === '|&') && DOWNLOADERS.has(baseName(commandWords(c)[0])));
      if (!left || scriptSets(commands, left.span.start, 'pipefail')) continue;
      const shellPath = shell?.[0] ?? script.shell ?? 'sh';
      const name = shellPath.slice(shellPath.lastIndexOf('/') + 1);
      const family = familyOf(model, run.stage);
      // dash, Debian's and Ubuntu's /bin/sh, has no pipefail; busybox ash and bash (sh on Red Hat and SUSE images) do
      const setWorks = /^(bash|ash|zsh|ksh|mksh)$/.test(name) || (name === 'sh' && (family === 'alpine' || family === 'rhel' || family === 'suse'));
      const remedy = setWorks
        ? 'Start the step with `set -o pipefail &&`, or set it for every step with `SHELL ["/bin/' + (name === 'sh' ? (family === 'alpine' ? 'ash' : 'bash') : name) + '", "-o", "pipefail", "-c"]`.'
        : 'Put `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before this step (Debian\'s and Ubuntu\'s /bin/sh is dash, which stops at `set -o pipefail` with "set: Illegal option -o pipefail").';
      const words = commandWords(left);
      const span = { start: words[0].span.start, end: words[words.length - 1].span.end };
      // `set -o pipefail && ` goes before the first command; not into a heredoc body (one command a line there).
      const starts = hostOf(script, { start: 0, end: 0 }).start;
      const fixes = setWorks && !script.text.includes('\n')
        ? [{ title: 'Start the step with `set -o pipefail &&`', safety: 'unsafe' as const, edits: [{ file: ctx.file.path, range: { start: starts, end: starts }, newText: 'set -o pipefail && ' }] }]
        : [];
      ctx.report({ messageId: 'pipe', data: { command: script.text.slice(span.start, span.end), remedy }, range: hostOf(script, span), fixes });
    }
  },
});
