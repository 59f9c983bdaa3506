// A shell script file is its own script, mapped verbatim; the `#!` line names the shell. Scripts that run-parts
// starts from /etc/cron.{hourly,daily,weekly,monthly} run under cron, without a terminal; git hooks run from CI and
// GUI clients as well, so they cannot count on one either.
import { verbatimScript, type EmbeddedScript } from '../core/embedded';
import type { SourceFile } from '../core/source';

export function shellFileScripts(file: SourceFile): EmbeddedScript[] {
  const text = file.template?.masked ?? file.text; // a template is read masked
  const m = /^#!\s*(?:\S*\/)?(?:env\s+(?:-S\s+)?)?([a-z]*sh)\b/.exec(text.slice(0, 200));
  const underCron = /(^|\/)etc\/cron\.(hourly|daily|weekly|monthly)\/[^/]+$/.test(file.path);
  const hook = /(^|\/)(\.git\/hooks|\.githooks|\.husky)\/[^/]+$/.test(file.path);
  return [verbatimScript(text, 0, underCron ? 'cron' : hook ? 'git-hook' : 'shell-script', m ? m[1] : undefined)];
}
