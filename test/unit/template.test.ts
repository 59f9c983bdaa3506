// Templates: classified by the name under the suffix, masked with text of the same length, spans kept for the rules.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { classify } from '../../server/src/parsers/classify';
import { isUnknown, maskTemplate, templateInner, touchesMask } from '../../server/src/core/template';
import { DAEMON_KEY_NAMES } from '../../server/src/knowledge/daemon-options';
import { parseDaemonJson, nodeValue } from '../../server/src/parsers/daemon-json';
import { Workspace } from '../../server/src/engine/workspace';
import { Linter } from '../../server/src/engine/lint';
import { defaultConfig } from '../../server/src/engine/config';
import { allRules } from '../../server/src/rules';

const kindOf = (path: string, text = '') => classify(path, text, DAEMON_KEY_NAMES);

describe('template files', () => {
  it('are classified by the name under the template suffix', () => {
    const cases: [string, string | undefined, string?][] = [
      ['roles/docker/templates/daemon.json.j2', 'daemon-json'],
      ['etc/docker/daemon.json.tmpl', 'daemon-json'],
      ['templates/daemon.json.tpl', 'daemon-json'],
      ['templates/daemon.json.erb', 'daemon-json'],
      ['templates/daemon.json.jinja2', 'daemon-json'],
      ['templates/docker.service.j2', 'systemd-unit'],
      ['templates/etc/systemd/system/docker.service.d/override.conf.j2', 'systemd-unit'],
      ['templates/override.conf.j2', 'systemd-unit', '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd {{ flags }}\n'],
      ['templates/override.conf.j2', undefined, '[mysqld]\nmax_connections = {{ n }}\n'],
      ['templates/docker-daemon.json.j2', 'daemon-json', '{\n  "log-driver": "{{ d }}",\n  "data-root": "/srv"\n}\n'],
      ['templates/app-settings.json.j2', undefined, '{\n  "log-driver": "x",\n  "data-root": "/srv"\n}\n'],
      ['templates/docker-compose.yml.j2', 'compose'],
      ['deploy/compose.yaml.tmpl', 'compose'],
      ['templates/etc/default/docker.j2', 'sysconfig-env'],
      ['templates/backup.crontab.j2', 'crontab'],
      ['templates/install.sh.gotmpl', 'shell'],
      ['templates/etc/default/docker.epp', 'sysconfig-env'],
      ['templates/.env.template', 'env-file'],
      ['charts/app/templates/_helpers.tpl', undefined, '{{- define "app.name" -}}\n'],
      ['templates/nginx.conf.j2', undefined, 'server { listen 80; }\n'],
    ];
    for (const [path, kind, text] of cases) assert.equal(kindOf(path, text ?? ''), kind, path);
    assert.equal(templateInner('a/b/daemon.json.j2'), 'a/b/daemon.json');
    assert.equal(templateInner('a/.j2'), undefined);
    assert.equal(templateInner('a/daemon.json'), undefined);
  });

  it('masks with text of the same length, keeping line breaks', () => {
    const text = '{\n  "log-opts": {{ opts | to_json }},\n{% if m %}\n  "registry-mirrors": ["{{ m }}"]\n{% endif %}\n}\n';
    const t = maskTemplate(text, 'daemon-json');
    assert.equal(t.masked.length, text.length);
    assert.deepEqual(t.masked.split('\n').map((l) => l.length), text.split('\n').map((l) => l.length));
    assert.equal(t.masked, '{\n  "log-opts": "__________________",\n          \n  "registry-mirrors": ["_______"]\n           \n}\n');
    assert.deepEqual(t.spans.map((s) => text.slice(s.start, s.end)), ['{{ opts | to_json }}', '{% if m %}', '{{ m }}', '{% endif %}']);
    assert.deepEqual(t.values.map((s) => text.slice(s.start, s.end)), ['{{ opts | to_json }}', '{{ m }}']);
    assert.equal(text.slice(t.blocks[0].start, t.blocks[0].end), '\n  "registry-mirrors": ["{{ m }}"]\n');
    const model = parseDaemonJson(t.masked);
    assert.deepEqual(model.problems, []);
    assert.deepEqual(nodeValue(model.root), { 'log-opts': '__________________', 'registry-mirrors': ['_______'] });
  });

  it('reads the first branch of a conditional and blanks the others', () => {
    const text = '{% if a %}\n"x": 1\n{% elif b %}\n"x": 2\n{% else %}\n"x": 3\n{% endif %}\n';
    const t = maskTemplate(text, 'systemd-unit');
    assert.equal(t.masked.replace(/\s+/g, ' ').trim(), '"x": 1');
    const go = maskTemplate('A={{ if .X }}1{{ else }}2{{ end }}\n', 'systemd-unit');
    assert.equal(go.masked, 'A=           1                    \n');
    const erb = maskTemplate('<% if @a -%>\nA=1\n<% else -%>\nA=2\n<% end -%>\nB=<%= @b %>\n', 'sysconfig-env');
    assert.equal(erb.masked, '            \nA=1\n           \n   \n          \nB=_________\n');
  });

  it('reads Puppet EPP brace blocks', () => {
    const text = '<% if $a { %>\n"x": 1,\n<% } else { %>\n"x": 2,\n<% } -%>\n';
    const t = maskTemplate(text, 'daemon-json');
    assert.equal(t.masked.replace(/\s+/g, ' ').trim(), '"x": 1,');
    assert.equal(text.slice(t.blocks[0].start, t.blocks[0].end), '\n"x": 1,\n<% } else { %>\n"x": 2,\n');
  });

  it('masks envsubst ${VAR} in daemon.json only, and an unclosed span to the end of its line', () => {
    assert.equal(maskTemplate('{"mtu": ${MTU}, "data-root": "${ROOT:-/srv}"}', 'daemon-json').masked, '{"mtu": "____", "data-root": "_____________"}');
    assert.equal(maskTemplate('ExecStart=/usr/bin/dockerd ${OPTS}\n', 'systemd-unit').spans.length, 0);
    assert.equal(maskTemplate('A={{ x\nB=1\n', 'sysconfig-env').masked, 'A=____\nB=1\n');
  });

  it('tells rules which spans are unknown', () => {
    const t = maskTemplate('{"a": "{{ x }}", "b": 1}', 'daemon-json');
    const file = { template: t };
    assert.equal(isUnknown(file, { start: 6, end: 15 }), true);
    assert.equal(isUnknown(file, { start: 17, end: 20 }), false);
    assert.equal(touchesMask(t.spans, { start: 7, end: 7 }), true);
    assert.equal(touchesMask(t.spans, { start: 15, end: 15 }), false);
  });

  it('gives no finding from a template span, and keeps ranges in the template file', () => {
    const ws = new Workspace('/w');
    const text = '{\n  "live-restore": "{{ lr }}",\n  "debug": {{ debug }},\n  "graph": "/srv/docker",\n  "log-opts": {{ opts | to_json }}\n}\n';
    ws.set('/w/templates/daemon.json.j2', text);
    const findings = new Linter(ws, defaultConfig(), allRules).lint().findings;
    assert.deepEqual(
      findings.map((f) => `${f.ruleId} ${text.slice(f.range.start, f.range.end)}`),
      ['daemon-deprecated-key "graph"'],
    );
  });
});
