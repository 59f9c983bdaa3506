import { defineRule } from '../../model/rule';
import { readDockerCommand } from '../../parsers/docker-command';
import { commandsOf, host, wordHost } from './_scripts';

const LIST = /^(\$\(|`)\s*(sudo\s+)?(docker|podman|nerdctl)\s+(images|image\s+ls|image\s+list|ps|container\s+ls)\b([^`)]*)(\)|`)$/;

export default defineRule({
  meta: {
    id: 'empty-substitution-rmi',
    kinds: ['crontab', 'ci', 'shell', 'systemd-unit', 'dockerfile', 'task-runner'],
    scope: 'file',
    severity: 'hint',
    summary: '`docker rmi $(docker images -q …)` fails when the list is empty',
    symptom: '"docker rmi" requires at least 1 argument. / \'docker rmi\' requires at least 1 argument',
    type: 'suggestion',
    fix: 'sometimes',
    messages: {
      empty: '`{sub}` gets its arguments from `{list}`: when nothing matches, docker fails with `"docker {verb}" requires at least 1 argument.` (newer CLIs: `\'docker {verb}\' requires at least 1 argument`) and the job reports an error.',
      dangling: '`{sub} $(… dangling=true)` fails with `"docker rmi" requires at least 1 argument.` (newer CLIs: `\'docker rmi\' requires at least 1 argument`) whenever there is nothing to clean; `docker image prune -f` removes the same dangling images and succeeds when there are none.',
    },
  },
  check(ctx) {
    const file = ctx.file.path;
    for (const sc of commandsOf(ctx)) {
      const d = readDockerCommand(sc.command);
      if (!d || (d.sub !== 'rmi' && d.sub !== 'rm')) continue;
      const subst = d.rest.find((w) => LIST.test(w.text));
      if (!subst) continue;
      const m = LIST.exec(subst.text)!;
      const inner = m[5];
      const listsImages = d.sub === 'rmi' && /^image|^images/.test(m[4]);
      const filters = inner.match(/(--filter|(^|\s)-[a-z]*f)[\s=]*["']?[\w.=-]+/g) ?? [];
      const dangling = listsImages && /dangling=true/.test(inner) && filters.length === 1 && /(^|\s)(-[a-z]*q|--quiet)/.test(inner);
      const onlyThis = d.rest.length === 1 && d.options.every((o) => o.name === '-f' || o.name === '--force');
      const range = wordHost(sc.script, subst);
      if (dangling && onlyThis) {
        const whole = host(sc.script, { start: d.subWords[0].span.start, end: subst.span.end });
        ctx.report({
          messageId: 'dangling',
          data: { sub: d.subWords.map((w) => w.text).join(' ') },
          range,
          fixes: [{ title: 'Replace with `docker image prune -f`', safety: 'safe', edits: [{ file, range: whole, newText: `${d.tool === 'docker' ? 'docker' : d.tool} image prune -f` }] }],
        });
      } else {
        ctx.report({ messageId: 'empty', data: { sub: d.subWords.map((w) => w.text).join(' '), list: subst.text.replace(/^\$\(|^`|\)$|`$/g, '').trim(), verb: d.sub === 'rm' ? 'rm' : 'rmi' }, range });
      }
    }
  },
});
