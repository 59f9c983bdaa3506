import { defineRule } from '../../model/rule';
import type { DfInstruction, DockerfileModel } from '../../parsers/dockerfile';
import { argumentText, splitWords } from './_kv';

/** Characters that make the shell do something a JSON argv cannot: expansions, operators, globs, quotes inside. */
const SHELL_SYNTAX = /[$`\\|&;<>()*?[\]~{}#!\n\r]/;
/** First words that only a shell can run. */
const SHELL_ONLY = new Set(['cd', 'export', 'set', 'unset', 'source', '.', 'eval', 'if', 'for', 'while', 'case', 'until', 'trap', 'ulimit', 'umask', 'alias', 'read', 'shift', 'wait', '[', 'test', 'true', 'false', ':']);

/** A SHELL instruction in the stage or the stages it builds on: shell form is then a deliberate choice. */
function hasShell(model: DockerfileModel, stageIndex: number): boolean {
  const seen = new Set<number>();
  let i: number | undefined = stageIndex;
  while (i !== undefined && i >= 0 && !seen.has(i)) {
    seen.add(i);
    const s: DockerfileModel['stages'][number] | undefined = model.stages[i];
    if (!s) return false;
    if (s.instructions.some((x) => x.keyword === 'SHELL')) return true;
    i = s.from.baseStage;
  }
  return false;
}

/** A continuation with either escape character (compiled once, not per instruction). */
const CONTINUED_BACKSLASH = /\\[ \t]*\n/g;
const CONTINUED_BACKTICK = /`[ \t]*\n/g;

function joinContinuations(s: string, escape: string): string {
  return s
    .split(/\r?\n/)
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(escape === '\\' ? CONTINUED_BACKSLASH : CONTINUED_BACKTICK, '');
}

function isJsonArgv(s: string): boolean {
  try {
    const v: unknown = JSON.parse(s);
    return Array.isArray(v) && v.every((x) => typeof x === 'string');
  } catch {
    return false;
  }
}

/** The argv for the exec form, when the shell form uses no shell feature; undefined otherwise. */
export function execArgv(command: string, escape: string): string[] | undefined {
  if (SHELL_SYNTAX.test(command.replace(/'[^'\\$`]*'/g, "''").replace(/"[^"\\$`]*"/g, '""')) || command.includes(escape)) return undefined;
  const words = splitWords(command, escape).map((w) => w.value);
  if (words[0] === 'exec') words.shift();
  if (words.length === 0 || SHELL_ONLY.has(words[0]) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) return undefined;
  return words;
}

export default defineRule({
  meta: {
    id: 'dockerfile-shell-form-cmd',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: '`CMD`/`ENTRYPOINT` in shell form: `/bin/sh -c` is PID 1, so `docker stop` signals the shell, not the program',
    symptom: 'docker stop takes 10 seconds, then the container exits with code 137 (SIGKILL); the program never shuts down cleanly',
    type: 'problem',
    fix: 'sometimes',
    messages: {
      cmd: '`CMD` in shell form runs as `/bin/sh -c "…"`: the shell is PID 1 and does not pass SIGTERM on, so `docker stop` waits 10 s and then kills the program with SIGKILL (exit 137), without a clean shutdown. Use the JSON form `CMD ["…"]`.',
      badJson: '`{keyword}` starts with `[` but is not a JSON array of double-quoted strings, so the builder runs it in shell form: the container starts `/bin/sh -c "{first}…"` and fails with `[…: not found`. Use double quotes and no trailing comma.',
      entrypoint: '`ENTRYPOINT` in shell form runs as `/bin/sh -c "…"`: the shell is PID 1 and does not pass SIGTERM on, so `docker stop` waits 10 s and then kills the program with SIGKILL (exit 137); and `CMD` and `docker run` arguments are ignored. Use the JSON form `ENTRYPOINT ["…"]`.',
    },
    peers: { hadolint: ['DL3025'], buildkit: ['JSONArgsRecommended'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    const text = ctx.file.text;
    for (const stage of model.stages) {
      if (hasShell(model, stage.index)) continue;
      const hasCmd = stage.instructions.some((i) => i.keyword === 'CMD');
      for (const ins of stage.instructions) {
        if (ins.keyword !== 'CMD' && ins.keyword !== 'ENTRYPOINT') continue;
        const arg = argumentText(text, model, ins);
        if (!arg) continue;
        const range = { start: ins.args[0].span.start, end: ins.args[ins.args.length - 1].span.end };
        if (arg.text.trimStart().startsWith('[')) {
          // Not a JSON array of strings (single quotes, a trailing comma): the builder falls back to shell form.
          const joined = joinContinuations(text.slice(range.start, range.end), model.escape);
          if (!isJsonArgv(joined)) ctx.report({ messageId: 'badJson', data: { keyword: ins.keyword, first: joined.slice(0, 20) }, range, severity: 'error' });
          continue;
        }
        ctx.report({ messageId: ins.keyword === 'CMD' ? 'cmd' : 'entrypoint', range, fixes: jsonFix(ctx.file.path, ins, arg.text, model.escape, range, ins.keyword === 'ENTRYPOINT' && hasCmd) });
      }
    }
  },
});

function jsonFix(file: string, ins: DfInstruction, command: string, escape: string, range: { start: number; end: number }, cmdInStage: boolean) {
  if (command.includes('\n')) return [];
  const argv = execArgv(command, escape);
  if (!argv) return [];
  // ENTRYPOINT in JSON form gets the stage's CMD appended, which the shell form ignored.
  return [{ title: `Use the JSON form ${ins.keyword} [${argv.map((a) => JSON.stringify(a)).join(', ')}]`, safety: cmdInStage ? ('unsafe' as const) : ('safe' as const), edits: [{ file, range, newText: '[' + argv.map((a) => JSON.stringify(a)).join(', ') + ']' }] }];
}
