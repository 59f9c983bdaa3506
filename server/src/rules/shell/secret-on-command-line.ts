import { defineRule } from '../../model/rule';
import { readDockerCommand } from '../../parsers/docker-command';
import { baseName, commandWords } from '../../parsers/shell';
import { commandsOf, host } from './_scripts';

const MYSQL = /^(mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mysqlshow|mysqlpump|mysqlslap|mariadb|mariadb-dump|mariadb-admin|mariadb-import|mariadb-check|mariadb-show)$/;

export default defineRule({
  meta: {
    id: 'secret-on-command-line',
    kinds: ['crontab', 'ci', 'shell', 'systemd-unit', 'dockerfile', 'task-runner'],
    scope: 'file',
    severity: 'warning',
    summary: 'A password on the command line (`-pSECRET`, `--password=…`, `docker login -p`)',
    symptom: 'The password shows up in `ps`, shell history, cron mail, CI logs and image history',
    type: 'problem',
    fix: 'none',
    messages: {
      mysql: '`{flag}` writes the database password into the command, where anyone who reads this file, `ps`, cron mail or CI logs sees it (the client itself warns: "Using a password on the command line interface can be insecure."). Read it from an option file (`--defaults-extra-file`) or a protected env file instead.',
      login: '`{flag}` puts the registry password on the command line, where `ps`, shell history and CI logs show it (docker itself warns: "Using --password via the CLI is insecure. Use --password-stdin."). Pipe it in with `--password-stdin`.',
      generic: '`{flag}` puts a password on the command line, where `ps`, shell history and logs show it. Pass it through a file or stdin instead.',
    },
  },
  check(ctx) {
    for (const sc of commandsOf(ctx)) {
      const words = commandWords(sc.command);
      if (words.length === 0) continue;
      const name = baseName(words[0]);
      const d = readDockerCommand(sc.command);
      if (d && d.sub === 'login') {
        for (const o of d.options) {
          if (o.name !== '-p' && o.name !== '--password') continue;
          const end = o.valueWord ? o.valueWord.span.end : o.word.span.end;
          ctx.report({ messageId: 'login', data: { flag: sc.script.text.slice(o.word.span.start, end) }, range: host(sc.script, { start: o.word.span.start, end }) });
        }
        continue;
      }
      // The program may be run through another one: `docker exec db mysqldump -p…`, `ssh host mysql -p…`.
      const at = words.findIndex((w) => MYSQL.test(baseName(w)) || baseName(w) === 'sshpass');
      const prog = at >= 0 ? baseName(words[at]) : name;
      for (let i = Math.max(1, at + 1); i < words.length; i++) {
        const w = words[i];
        const t = w.text;
        let hit = false;
        let messageId = 'generic';
        // A value from a variable is not written in the file; only literal passwords are reported (docker login
        // warns about -p whatever its value, so it is handled above).
        if (w.dynamic) continue;
        if (MYSQL.test(prog) && /^-p./.test(t)) {
          hit = true;
          messageId = 'mysql';
        } else if (/^--(password|passwd)=./.test(t)) {
          hit = true;
          messageId = MYSQL.test(prog) ? 'mysql' : 'generic';
        } else if (prog === 'sshpass' && t === '-p' && words[i + 1]) {
          ctx.report({ messageId: 'generic', data: { flag: `-p ${words[i + 1].text}` }, range: host(sc.script, { start: w.span.start, end: words[i + 1].span.end }) });
          continue;
        }
        if (hit) ctx.report({ messageId, data: { flag: t }, range: host(sc.script, w.span) });
      }
    }
  },
});
