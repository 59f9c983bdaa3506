// Shared by the shell rules: the scripts of the file being checked, parsed once each, with helpers to turn script
// ranges into host-file ranges and fixes.
import { toHostSpan, type ScriptContext } from '../../core/embedded';
import type { Fix, Span } from '../../core/finding';
import type { FileRuleContext } from '../../model/rule';
import { parsedScript, scriptsOf, type FileScript } from '../../model/scripts';
import { checksForTerminal, type ParsedScript, type SimpleCommand, type Word } from '../../parsers/shell';

export { parsedScript };

export interface ScriptCommand {
  script: FileScript;
  parsed: ParsedScript;
  command: SimpleCommand;
}

/** Every simple command in every script of the file. */
export function* commandsOf(ctx: FileRuleContext): Generator<ScriptCommand> {
  for (const script of scriptsOf(ctx.file, ctx.workspace)) {
    if (script.shell && !isPosixShell(script.shell)) continue;
    const parsed = parsedScript(ctx.workspace, script);
    for (const command of parsed.commands) yield { script, parsed, command };
  }
}

/** `bash`, `/bin/sh`, `/usr/bin/env bash`, `sh -e {0}`: a shell this layer reads (not pwsh, cmd, python). */
export function isPosixShell(shell: string): boolean {
  const words = shell.trim().split(/\s+/);
  let name = words[0] ?? '';
  if (/(^|\/)env$/.test(name)) name = words.find((w, i) => i > 0 && !w.startsWith('-')) ?? '';
  return /^(ba|da|z|k|a|mk)?sh$/.test(name.slice(name.lastIndexOf('/') + 1));
}

export function host(script: FileScript, span: Span): Span {
  return toHostSpan(script, span, script.hostText);
}

export function wordHost(script: FileScript, w: Word): Span {
  return host(script, w.span);
}

/** Whether the script guards itself with a terminal check. */
export function guardsTerminal(sc: ScriptCommand): boolean {
  return checksForTerminal(sc.parsed);
}

/** Where a script runs, in words for messages. */
export function whereText(context: ScriptContext): string {
  switch (context) {
    case 'cron':
      return 'a cron job';
    case 'ci':
      return 'a CI job';
    case 'systemd':
      return 'a systemd service';
    case 'dockerfile':
      return 'a Dockerfile RUN step';
    case 'git-hook':
      return 'a git hook';
    case 'task-runner':
      return 'a package script or task';
    default:
      return 'a script run without a terminal';
  }
}

/** Contexts that never have a terminal on stdin. */
export function noTerminal(context: ScriptContext): boolean {
  return context !== 'shell-script';
}

/** Remove a whole word and the blank before it (script offsets), as a host edit. */
export function removeWordEdit(file: string, script: FileScript, w: Word): Fix['edits'][number] {
  let start = w.span.start;
  if (start > 0 && (script.text[start - 1] === ' ' || script.text[start - 1] === '\t' || script.text[start - 1] === '\n')) start--;
  return { file, range: host(script, { start, end: w.span.end }), newText: '' };
}

/** Remove one letter of a short-flag cluster (`-it` -> `-i`), or the whole word when it is the only letter. */
export function removeLetterEdit(file: string, script: FileScript, w: Word, letter: number): Fix['edits'][number] {
  const letters = w.text.length - 1;
  if (letter < 0 || letters <= 1) return removeWordEdit(file, script, w);
  const at = w.map[letter];
  return { file, range: toHostSpan(script, { start: at, end: at + 1 }), newText: '' };
}
