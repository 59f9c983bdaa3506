import { defineRule } from '../../model/rule';
import type { Fix, Severity } from '../../core/finding';
import { familyOf, hostOf, runCommands, shellFor } from './_run';

export default defineRule({
  meta: {
    id: 'dockerfile-bashism-in-sh',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'error',
    summary: 'bash syntax in a RUN step on a Debian or Ubuntu image, where /bin/sh is dash',
    symptom: '/bin/sh: 1: source: not found / /bin/sh: 1: [[: not found / Syntax error: redirection unexpected / Bad substitution',
    type: 'problem',
    fix: 'sometimes',
    messages: {
      source: '`source` is a bash word: RUN runs /bin/sh, which is dash on Debian and Ubuntu images, and the step fails with "/bin/sh: 1: source: not found". Use `.` instead, or `SHELL ["/bin/bash", "-c"]`.',
      test: '`[[` is a bash word: RUN runs /bin/sh, which is dash on Debian and Ubuntu images: "/bin/sh: 1: [[: not found", and an `if [[ … ]]` silently takes its else branch. Use `[ … ]`, or `SHELL ["/bin/bash", "-c"]`.',
      herestring: '`<<<` is bash: dash, /bin/sh on Debian and Ubuntu images, stops the step with "Syntax error: redirection unexpected". Use `printf \'%s\\n\' … |` or `SHELL ["/bin/bash", "-c"]`.',
      substitution: '`{text}` is a bash expansion: dash, /bin/sh on Debian and Ubuntu images, stops the step with "Bad substitution". Use `sed`/`cut`, or `SHELL ["/bin/bash", "-c"]`.',
      array: '`{text}` is a bash array: dash, /bin/sh on Debian and Ubuntu images, stops the step with "Syntax error: \\"(\\" unexpected". Use a plain word list, or `SHELL ["/bin/bash", "-c"]`.',
      pipefail: '`{text}`: dash, /bin/sh on Debian and Ubuntu images (through Debian 13 and Ubuntu 24.04), has no pipefail and stops the step with "set: Illegal option -o pipefail". Put `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before the step instead.',
      echo: '`echo -e` under dash, /bin/sh on Debian and Ubuntu images, prints "-e " as text (dash\'s echo already reads backslash escapes), so the file or output starts with "-e ". Use `printf \'…\\n\'`.',
      brace: '`{text}`: dash, /bin/sh on Debian and Ubuntu images, does no brace expansion, so this is one word with the braces in it (`mkdir -p /x/{a,b}` makes a directory named `{a,b}`). Write the words out, or use `SHELL ["/bin/bash", "-c"]`.',
    },
    // hadolint reports these through ShellCheck, so its ignore pragmas name them by SC code
    peers: { hadolint: ['SC2039', 'SC3009', 'SC3010', 'SC3011', 'SC3030', 'SC3037', 'SC3040', 'SC3046', 'SC3053', 'SC3057', 'SC3059', 'SC3060'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    const family = new Map<number, boolean>();
    for (const rc of runCommands(ctx.workspace, model)) {
      // sh -c strings and heredocs fed to a shell run in whatever shell was named: not this one
      if (rc.command.via) continue;
      const stage = rc.run.stage;
      if (!family.has(stage)) {
        const shell = shellFor(model, rc.run);
        const path = shell?.[0] ?? '/bin/sh';
        const name = path.slice(path.lastIndexOf('/') + 1);
        family.set(stage, (name === 'sh' || name === 'dash') && familyOf(ctx.workspace, model, stage) === 'debian');
      }
      if (!family.get(stage)) continue;
      if (rc.script.shell && !/(^|\/)(da)?sh$/.test(rc.script.shell)) continue;
      const report = (messageId: string, span: { start: number; end: number }, severity?: Severity, fixes: Fix[] = []) =>
        ctx.report({ messageId, data: { text: rc.script.text.slice(span.start, span.end) }, range: hostOf(rc.script, span), severity, fixes });
      const w = rc.words;
      if (rc.name === 'source' && w[0].text === 'source') {
        const safe = w.length === 2 && w[1].text.includes('/') && !w[0].quoted;
        report('source', w[0].span, undefined, safe ? [{ title: 'Replace `source` with `.`', safety: 'safe', edits: [{ file: ctx.file.path, range: hostOf(rc.script, w[0].span), newText: '.' }] }] : []);
      }
      if (rc.name === '[[') report('test', w[0].span);
      if (rc.name === 'set') {
        for (let i = 1; i < w.length; i++) if (/^[-+][a-z]*o$/.test(w[i].text) && w[i + 1]?.text === 'pipefail') report('pipefail', { start: w[i].span.start, end: w[i + 1].span.end });
      }
      if (w[0].text === 'echo' && w[1] && /^-[neE]*e[neE]*$/.test(w[1].text)) report('echo', { start: w[0].span.start, end: w[1].span.end }, 'warning');
      for (const r of rc.command.redirects) if (r.op === '<<<') report('herestring', { start: r.span.start, end: r.span.start + 3 });
      for (const a of rc.command.assignments) {
        const eq = a.text.indexOf('=');
        if (a.text[eq + 1] === '(' && !a.quoted) report('array', a.span);
      }
      for (const word of [...rc.command.assignments, ...w]) {
        const raw = rc.script.text.slice(word.span.start, word.span.end);
        const sub = /\$\{(?:![A-Za-z_]|[A-Za-z_][A-Za-z0-9_]*(?:\/|:[0-9 ]|\^|,))[^}]*\}/.exec(raw);
        if (sub) report('substitution', { start: word.span.start + sub.index, end: word.span.start + sub.index + sub[0].length });
        // brace expansion: an unquoted `{a,b}` or `{1..3}` that is not a `${…}`
        if (!/['"\\]/.test(raw)) {
          const brace = /(^|[^$])(\{[^{}\s$]*(,|\.\.)[^{}\s]*\})/.exec(raw);
          if (brace) {
            const s = word.span.start + brace.index + brace[1].length;
            report('brace', { start: s, end: s + brace[2].length }, 'warning');
          }
        }
      }
    }
  },
});
