// The crontab parser: user and system formats, env lines, specials, comments, continuations, `%`.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { isSystemCrontabPath, parseCrontab } from '../../server/src/parsers/crontab';
import { jobScript } from '../../server/src/parsers/crontab-scripts';
import { toHostSpan } from '../../server/src/core/embedded';
import type { Span } from '../../server/src/core/finding';

const at = (text: string, s: Span) => text.slice(s.start, s.end);

describe('crontab parser', () => {
  it('reads a user crontab: env lines, comments, blank lines, five fields and a command', () => {
    const text = '# backups\nMAILTO=ops@example.com\n\n  PATH = /usr/local/bin:/usr/bin:/bin  \n*/5 1-3 * jan mon-fri  /opt/backup.sh --all\n';
    const m = parseCrontab(text, '/var/spool/cron/crontabs/root');
    assert.equal(m.system, false);
    assert.equal(m.comments.length, 1);
    assert.deepEqual(m.env.map((e) => [e.name, e.value, e.line]), [
      ['MAILTO', 'ops@example.com', 1],
      ['PATH', '/usr/local/bin:/usr/bin:/bin', 3],
    ]);
    assert.equal(at(text, m.env[1].nameSpan), 'PATH');
    assert.equal(at(text, m.env[1].valueSpan), '/usr/local/bin:/usr/bin:/bin');
    assert.equal(m.jobs.length, 1);
    const j = m.jobs[0];
    assert.equal(j.line, 4);
    assert.deepEqual(j.fields.map((f) => f.text), ['*/5', '1-3', '*', 'jan', 'mon-fri']);
    assert.equal(at(text, j.schedule), '*/5 1-3 * jan mon-fri');
    assert.equal(at(text, j.command), '/opt/backup.sh --all');
    assert.equal(j.user, undefined);
    assert.deepEqual(m.malformed, []);
  });

  it('reads quoted env values and CRON_TZ', () => {
    const text = 'CRON_TZ=Europe/Berlin\nGREETING = "  hello  "\nX=\'a b\'\nEMPTY=\n';
    const m = parseCrontab(text, 'my.crontab');
    assert.deepEqual(m.env.map((e) => [e.name, e.value, e.quoted]), [
      ['CRON_TZ', 'Europe/Berlin', false],
      ['GREETING', '  hello  ', true],
      ['X', 'a b', true],
      ['EMPTY', '', false],
    ]);
    assert.equal(at(text, m.env[1].valueSpan), '"  hello  "');
  });

  it('decides the system format from the path and reads the user field', () => {
    assert.equal(isSystemCrontabPath('/etc/crontab'), true);
    assert.equal(isSystemCrontabPath('examples/etc/cron.d/backup'), true);
    assert.equal(isSystemCrontabPath('/var/spool/cron/crontabs/root'), false);
    assert.equal(isSystemCrontabPath('/home/me/crontab'), false);
    const text = 'SHELL=/bin/bash\n17 *\t* * *\troot    cd / && run-parts --report /etc/cron.hourly\n@reboot deploy /opt/start.sh\n';
    const m = parseCrontab(text, '/etc/crontab');
    assert.equal(m.system, true);
    assert.equal(m.jobs[0].user?.text, 'root');
    assert.equal(at(text, m.jobs[0].command), 'cd / && run-parts --report /etc/cron.hourly');
    assert.equal(m.jobs[1].special, '@reboot');
    assert.equal(at(text, m.jobs[1].schedule), '@reboot');
    assert.deepEqual(m.jobs[1].fields, []);
    assert.equal(m.jobs[1].user?.text, 'deploy');
    assert.equal(at(text, m.jobs[1].command), '/opt/start.sh');
  });

  it('reads every @special and rejects unknown ones', () => {
    const specials = ['@reboot', '@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
    const m = parseCrontab(specials.map((s) => `${s} /bin/true`).join('\n') + '\n@fortnightly /bin/true\n', 'crontab');
    assert.deepEqual(m.jobs.map((j) => j.special), specials);
    assert.equal(m.malformed.length, 1);
    assert.equal(m.malformed[0].reason, 'unknown-special');
  });

  it('records malformed lines with their spans', () => {
    const text = '* * * *\n0 0 * * *\n0 0 * * * \n';
    const m = parseCrontab(text, 'crontab');
    assert.deepEqual(m.malformed.map((x) => [x.line, x.reason, at(text, x.span)]), [
      [0, 'too-few-fields', '* * * *'],
      [1, 'missing-command', '0 0 * * *'],
      [2, 'missing-command', '0 0 * * * '],
    ]);
  });

  it('records lines ending in a backslash (cron has no continuation lines)', () => {
    const text = '0 3 * * * /opt/backup.sh \\\n    --all\n# comment \\\nFOO=bar\\  \n';
    const m = parseCrontab(text, 'crontab');
    assert.deepEqual(m.continuations.map((c) => c.line), [0, 3]);
    assert.equal(at(text, m.continuations[0].span), '\\');
  });

  it('finds unescaped % and leaves \\% alone; \\\\% is unescaped', () => {
    const text = '0 0 * * * tar czf /b/$(date +\\%F).tgz /data; echo %done\\\\%x\n';
    const m = parseCrontab(text, 'crontab');
    const ps = m.jobs[0].percents.map((s) => s.start);
    assert.equal(ps.length, 2);
    assert.equal(text.slice(ps[0], ps[0] + 5), '%done');
    assert.equal(text.slice(ps[1] - 2, ps[1] + 1), '\\\\%');
  });

  it('keeps CRLF out of spans and never throws on garbage', () => {
    const text = 'A=1\r\n* * * * * echo hi\r\n';
    const m = parseCrontab(text, 'crontab');
    assert.equal(m.env[0].value, '1');
    assert.equal(at(text, m.jobs[0].command), 'echo hi');
    for (const g of ['', '\n\n', '@', '"', '"a', '=', '=x', '\\', '* * * * *', '\u0000\uffff', 'x'.repeat(1000)]) parseCrontab(g, '/etc/crontab');
  });
});

describe('crontab scripts', () => {
  it('cuts the command at the first % and unescapes \\% with offsets into the crontab', () => {
    const text = '0 1 * * * mysqldump db > /b/db-$(date +\\%F).sql%stdin line\n';
    const m = parseCrontab(text, 'crontab');
    const s = jobScript(text, m.jobs[0], m);
    assert.equal(s.text, 'mysqldump db > /b/db-$(date +%F).sql');
    assert.equal(s.context, 'cron');
    const i = s.text.indexOf('%F');
    assert.equal(at(text, toHostSpan(s, { start: i, end: i + 2 })), '%F');
    const d = s.text.indexOf('$(date');
    assert.equal(at(text, toHostSpan(s, { start: d, end: s.text.length })), '$(date +\\%F).sql');
  });

  it('takes the shell from a SHELL= line above the job', () => {
    const text = '* * * * * a\nSHELL=/bin/bash\n* * * * * b\n';
    const m = parseCrontab(text, 'crontab');
    assert.equal(jobScript(text, m.jobs[0], m).shell, undefined);
    assert.equal(jobScript(text, m.jobs[1], m).shell, '/bin/bash');
  });
});
