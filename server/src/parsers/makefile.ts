// The commands of a Makefile's recipes, as make hands them to the shell: only to read the `docker compose` command
// lines they run (which files a `-f` chain merges, which projects one host starts). Makefiles are not linted as
// shell: make's own syntax (`$(VAR)`, `$$`, functions) is not shell, and what a line runs depends on make's variables.

export function isMakefile(path: string): boolean {
  const b = path.slice(path.lastIndexOf('/') + 1);
  return b === 'Makefile' || b === 'makefile' || b === 'GNUmakefile';
}

/** Simple variables (`NAME = value`, `:=`, `?=`, `::=`), the last assignment winning, as a recipe line reads them. */
function variables(lines: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of lines) {
    const m = /^(?:export\s+|override\s+)?([A-Za-z_][\w.-]*)\s*(::=|:=|\?=|\+=|=)\s*(.*)$/.exec(line);
    if (!m) continue;
    const value = m[3].replace(/\s+#.*$/, '').trim();
    if (m[2] === '?=' && out.has(m[1])) continue;
    out.set(m[1], m[2] === '+=' && out.has(m[1]) ? `${out.get(m[1])} ${value}` : value);
  }
  return out;
}

/** `$(NAME)` and `${NAME}` expanded (a few levels), other make references left as an unknown `$_`, `$$` as `$`. */
function expand(s: string, vars: Map<string, string>, depth = 0): string {
  return s.replace(/\$\$|\$\(([^()]*)\)|\$\{([^{}]*)\}|\$([A-Za-z@<^*?])/g, (all, p: string | undefined, b: string | undefined) => {
    if (all === '$$') return '$';
    const name = (p ?? b)?.trim();
    if (name !== undefined && /^[A-Za-z_][\w.-]*$/.test(name) && vars.has(name) && depth < 4) return expand(vars.get(name)!, vars, depth + 1);
    return '$_';
  });
}

/**
 * Each recipe line (continuations joined), with make's variables expanded and its `@`/`-`/`+` prefixes dropped, and
 * the targets of the rule it belongs to.
 */
export function makefileCommands(text: string): { text: string; target: string }[] {
  const lines = text.replace(/\r\n?/g, '\n').replace(/[ \t]*\\\n[ \t]*/g, ' ').split('\n');
  const vars = variables(lines);
  const out: { text: string; target: string }[] = [];
  let target: string | undefined;
  for (const line of lines) {
    if (line.startsWith('\t')) {
      if (target === undefined) continue;
      const cmd = line.replace(/^\t[ \t]*[@+-]*\s*/, '');
      if (cmd && !cmd.startsWith('#')) out.push({ text: expand(cmd, vars), target });
      continue;
    }
    if (/^\s*(#|$)/.test(line)) continue;
    // A rule line `targets: prerequisites` (not an assignment `X := y`, not a conditional or an include).
    const rule = /^([^\s=#:][^=#]*?):(?!=)/.exec(line);
    target = rule && !/^(ifeq|ifneq|ifdef|ifndef|else|endif|include|-include|define|endef)\b/.test(line) ? rule[1].trim() : undefined;
  }
  return out;
}
