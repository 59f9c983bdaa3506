import { defineRule } from '../../model/rule';
import { baseName, commandWords, type SimpleCommand } from '../../parsers/shell';
import { hostOf, parsedRun, scriptSets, shellFor, shellSets } from './_run';

/** Clean-up and no-op commands that succeed whatever came before them. */
function cannotFail(c: SimpleCommand): boolean {
  const w = commandWords(c);
  const name = baseName(w[0]);
  // writing to a file can fail (a missing directory)
  if (c.redirects.some((r) => r.op.includes('>') && r.target?.text !== '/dev/null')) return false;
  if (name === 'rm') return w.slice(1).some((x) => /^-[a-zA-Z]*f/.test(x.text) || x.text === '--force');
  if (name === 'true' || name === ':' || name === 'echo' || name === 'printf') return true;
  if (/^(apt-get|apt|yum|dnf|microdnf|zypper)$/.test(name)) return w.slice(1).some((x) => x.text === 'clean' || x.text === 'autoclean');
  return false;
}

export default defineRule({
  meta: {
    id: 'dockerfile-run-ignores-failures',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: 'a RUN step of several commands without `set -e` that ends with a clean-up: a failure before it passes the step',
    symptom: 'E: Unable to locate package … in the build log, yet the step succeeds and the image lacks the package',
    type: 'problem',
    fix: 'sometimes',
    messages: {
      ignored: 'This step runs its commands one after another without `set -e`, and its status is that of `{last}`, which cannot fail: if `{command}` fails, the step still succeeds and the image is built without what it should have made. Start the step with `set -e`, or join the commands with `&&`.',
    },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    for (const run of model.runs) {
      const script = run.script;
      if (!script || shellSets(shellFor(model, run), 'e')) continue;
      if (/^#!\S*\s+-[a-z]*e/.test(script.text)) continue;
      // `;` and line breaks inside if/for/while/case, `{ …; }` groups and `( … )` subshells do not end the step's
      // list (and a group's redirect is not on its commands): such steps are left alone
      if (/(^|[\s;&|(])(if|for|while|until|case|\{)\s|(^|[\s;&|])\(/.test(script.text)) continue;
      const commands = parsedRun(ctx.workspace, script).commands;
      const top = commands.filter((c) => c.substitutionDepth === 0 && !c.via && commandWords(c).length > 0);
      if (top.length < 2 || scriptSets(commands, top[top.length - 1].span.start, 'e')) continue;
      // the last list: the commands after the last `;` or line break
      let cut = top.length - 1;
      while (cut > 0 && top[cut - 1].next !== ';' && top[cut - 1].next !== '\n') cut--;
      if (cut === 0 || !top.slice(cut).every(cannotFail)) continue;
      // the command whose failure the step swallows: the last one before the cut that can fail
      const hidden = [...top.slice(0, cut)].reverse().find((c) => !cannotFail(c) && baseName(commandWords(c)[0]) !== 'set');
      if (!hidden) continue;
      const w = commandWords(hidden);
      const span = { start: w[0].span.start, end: w[w.length - 1].span.end };
      const lastWords = commandWords(top[top.length - 1]);
      const last = script.text.slice(lastWords[0].span.start, lastWords[lastWords.length - 1].span.end);
      // `set -e` goes first: before the script on one line, or as the heredoc body's first line (after a #! line)
      const heredoc = script.text.includes('\n');
      const shebang = heredoc && script.text.startsWith('#!') ? script.text.indexOf('\n') + 1 : 0;
      const at = hostOf(script, { start: shebang, end: shebang }).start;
      const fixes = [{ title: 'Start the step with `set -e`', safety: 'unsafe' as const, edits: [{ file: ctx.file.path, range: { start: at, end: at }, newText: heredoc ? 'set -e\n' : 'set -e; ' }] }];
      ctx.report({ messageId: 'ignored', data: { command: script.text.slice(span.start, span.end), last }, range: hostOf(script, span), fixes });
    }
  },
});
