import { defineRule } from '../../model/rule';
import { baseName, commandWords, type SimpleCommand, type Word } from '../../parsers/shell';
import { familyOf, hostOf, parsedRun, scriptSets, shellFor, shellSets } from './_run';

/** Downloads: the commands whose failure on the left of a pipe matters. */
const DOWNLOADERS = new Set(['curl', 'wget', 'fetch', 'aria2c', 'http', 'httpie', 'lynx']);

/**
 * Commands that exit 0 on empty or cut-off input, so the pipeline passes when the download failed: a shell or
 * interpreter running an empty script, a filter, a key converter. `tar`, `gunzip`, `sha256sum -c`, `apt-key add`
 * and `grep` fail on empty input by themselves and are left alone, as are `find | xargs`-style pipelines.
 */
const CARRIES_ON = new Set(['sh', 'bash', 'dash', 'zsh', 'ash', 'ksh', 'python', 'python3', 'perl', 'ruby', 'node', 'php', 'tee', 'cat', 'sed', 'awk', 'gawk', 'jq', 'yq', 'xargs', 'head', 'tail', 'cut', 'tr', 'sort', 'uniq', 'base64', 'dd']);

/** Whether the command exits 0 on empty input (`gpg --dearmor` does; `gpg --import` does not). */
function carriesOn(words: Word[]): boolean {
  const name = baseName(words[0]);
  if (name === 'gpg' || name === 'gpg2') return words.some((w) => w.text === '--dearmor' || w.text === '--enarmor');
  return CARRIES_ON.has(name);
}

/** The command that ends the pipeline the k-th command starts or continues: the one whose status the step gets. */
function lastOfPipeline(commands: SimpleCommand[], k: number): SimpleCommand {
  const depth = commands[k].substitutionDepth;
  let last = commands[k];
  for (let i = k + 1; i < commands.length && (last.next === '|' || last.next === '|&'); i++) if (commands[i].substitutionDepth === depth && !commands[i].via) last = commands[i];
  return last;
}

export default defineRule({
  meta: {
    id: 'dockerfile-pipe-hides-failure',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: 'a download piped into a command that succeeds on empty input, without pipefail: a failed download passes the step',
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
      const commands = parsedRun(ctx.workspace, script).commands;
      const left = commands.find((c, k) => (c.next === '|' || c.next === '|&') && DOWNLOADERS.has(baseName(commandWords(c)[0])) && carriesOn(commandWords(lastOfPipeline(commands, k))));
      if (!left || scriptSets(commands, left.span.start, 'pipefail')) continue;
      const shellPath = shell?.[0] ?? script.shell ?? 'sh';
      const name = shellPath.slice(shellPath.lastIndexOf('/') + 1);
      const family = familyOf(ctx.workspace, model, run.stage);
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
