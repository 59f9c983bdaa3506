// Shell embedded in other files (cron commands, CI `run:` blocks, Jenkinsfile `sh`, systemd `Exec*=`, Dockerfile
// `RUN`): the script as the shell sees it, with a map from each script offset back to the host file's offset, so a
// finding lands on the exact characters in the host file.

import type { Span } from './finding';

/**
 * Where a script runs decides whether a terminal can exist: cron, CI and systemd have none, and git hooks, package
 * scripts and task runners are started from CI and GUI clients as often as from a terminal.
 */
export type ScriptContext = 'cron' | 'ci' | 'shell-script' | 'systemd' | 'dockerfile' | 'git-hook' | 'task-runner';

export interface EmbeddedScript {
  /** The script text after the host format's own unescaping (YAML block scalars, Groovy strings, cron `%`...). */
  text: string;
  /** offsets[i] is the host-file offset of text[i]; offsets[text.length] is the host offset just past the end. */
  offsets: ArrayLike<number>;
  context: ScriptContext;
  /** The shell that runs it, when the host says (`shell: bash`, `SHELL=/bin/bash`, a `#!` line); default sh. */
  shell?: string;
  /** Free-form facts from the host the rules may use (e.g. the CI job name). */
  label?: string;
}

/** A script that is a verbatim slice of the host text starting at `start`. */
export function verbatimScript(text: string, start: number, context: ScriptContext, shell?: string): EmbeddedScript {
  const offsets = new Int32Array(text.length + 1);
  for (let i = 0; i <= text.length; i++) offsets[i] = start + i;
  return { text, offsets, context, shell };
}

/**
 * Map a span of script offsets to host-file offsets. An empty span stays empty. With the host text, a span whose
 * last character came from a longer sequence in the host (an escape such as `\"` or `\u00e9`) reaches to where the
 * next script character starts, as long as no blank lies in between.
 */
export function toHostSpan(script: EmbeddedScript, span: Span, hostText?: string): Span {
  const at = (i: number) => script.offsets[Math.max(0, Math.min(i, script.text.length))];
  const start = at(span.start);
  if (span.end <= span.start) return { start, end: start };
  // The end is just past the last character of the span, in host terms.
  let end = at(span.end - 1) + 1;
  if (hostText !== undefined && span.end < script.text.length) {
    const next = at(span.end);
    if (next > end && next - end <= 10 && !/\s/.test(hostText.slice(end, next))) end = next;
  }
  return { start, end: Math.max(start, end) };
}
