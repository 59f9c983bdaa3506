// Each machine format checked against what its reader accepts: GitHub's workflow-command syntax and escaping, SARIF
// 2.1.0's structure (the parts code scanning reads), Code Climate's issue fields as GitLab reads them, and well-formed,
// escaped Checkstyle and JUnit XML. Fed both the examples/ workspace and findings made of hostile characters.
import { describe, it, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Finding } from '../../server/src/core/finding';
import { lintPaths } from '../../server/src/engine/project';
import { renderSarif, type RenderInput } from '../../server/src/output';
import { escapeXml, renderCheckstyle, renderGithub, renderGitlab, renderJunit } from '../../server/src/ci-output';
import { allRules } from '../../server/src/rules';

const ROOT = path.join(__dirname, '..', '..');

// ---- readers, written from the formats' specifications ----

/** A workflow command line as the runner parses it: `::name k=v,k=v::data`, values and data percent-decoded. */
function parseCommand(line: string): { command: string; props: Record<string, string>; data: string } {
  const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
  assert.ok(m, `not a workflow command: ${line}`);
  const props: Record<string, string> = {};
  for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    assert.ok(eq > 0, `property without '=': ${pair}`);
    props[pair.slice(0, eq)] = pair.slice(eq + 1).replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  }
  return { command: m[1], props, data: m[3].replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%') };
}

/**
 * A small XML 1.0 reader: elements, attributes, text, the five entities and character references. Throws on
 * anything not well-formed (unbalanced tags, bare `&` or `<`, characters XML cannot carry).
 */
interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}
function parseXml(src: string): XmlNode {
  assert.ok(src.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'), 'XML declaration');
  // Characters XML 1.0 allows (#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]).
  assert.doesNotMatch(src, /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/, 'a character XML cannot carry');
  const decode = (s: string) => {
    assert.doesNotMatch(s, /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i, `bare & in ${s}`);
    assert.doesNotMatch(s, /</, `bare < in ${s}`);
    return s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) =>
      e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e]!,
    );
  };
  let i = src.indexOf('\n') + 1;
  const stack: XmlNode[] = [{ name: '#root', attrs: {}, children: [], text: '' }];
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"]*")*)\s*(\/?)>/y;
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    const text = src.slice(i, lt < 0 ? src.length : lt);
    stack.at(-1)!.text += decode(text);
    if (lt < 0) break;
    tag.lastIndex = lt;
    const m = tag.exec(src);
    assert.ok(m, `malformed tag at ${src.slice(lt, lt + 60)}`);
    const [, close, name, rawAttrs, selfClose] = m;
    if (close) {
      const open = stack.pop()!;
      assert.equal(open.name, name, 'tags balance');
    } else {
      const attrs: Record<string, string> = {};
      for (const a of rawAttrs.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
        assert.ok(!(a[1] in attrs), `duplicate attribute ${a[1]}`);
        // Attribute-value normalisation: a literal tab or newline would reach the reader as a space.
        assert.doesNotMatch(a[2], /[\t\n\r]/, 'raw whitespace in an attribute');
        attrs[a[1]] = decode(a[2]);
      }
      const node = { name, attrs, children: [], text: '' };
      stack.at(-1)!.children.push(node);
      if (!selfClose) stack.push(node);
    }
    i = tag.lastIndex;
  }
  assert.equal(stack.length, 1, 'every element closed');
  assert.equal(stack[0].children.length, 1, 'one root element');
  assert.equal(stack[0].text.trim(), '');
  return stack[0].children[0];
}

// ---- inputs ----

let examples: RenderInput;

/** Findings made of what breaks naive writers: `%`, CR/LF, `:` and `,` in a path, markup, controls, a lone surrogate. */
const NASTY_FILE = '/ws/odd, name:1/etc/docker/daemon.json';
const NASTY_TEXT = '{\n  "graph": "/data"\n}\n';
const nasty: Finding[] = [
  {
    ruleId: 'daemon-deprecated-key',
    severity: 'error',
    message: '100% <broken> & "quoted" \'single\'\r\nsecond line: a, b\x01\ud800 end',
    file: NASTY_FILE,
    range: { start: 4, end: 11 },
    related: [{ file: '/ws/other.json', range: { start: 0, end: 1 }, message: 'see here, too' }],
    fixes: [],
    tags: [],
  },
  { ruleId: 'daemon-deprecated-key', severity: 'warning', message: 'same text twice', file: NASTY_FILE, range: { start: 4, end: 11 }, related: [], fixes: [], tags: [] },
  { ruleId: 'daemon-deprecated-key', severity: 'warning', message: 'same text twice', file: NASTY_FILE, range: { start: 4, end: 11 }, related: [], fixes: [], tags: [] },
  { ruleId: 'daemon-log-rotation-missing', severity: 'hint', message: 'tab\there', file: NASTY_FILE, range: { start: 0, end: 1 }, related: [], fixes: [], tags: [] },
];
const nastyInput: RenderInput = {
  findings: nasty,
  notices: [{ file: '/ws/big,file.json', message: 'skipped: 50% too big' }],
  filesLinted: 2,
  textOf: (f) => (f === NASTY_FILE ? NASTY_TEXT : '{}\n'),
  cwd: '/ws',
  rules: allRules,
  files: [NASTY_FILE, '/ws/clean/daemon.json'],
};

describe('CI output formats', () => {
  before(async () => {
    const run = await lintPaths([path.join(ROOT, 'examples')]);
    examples = {
      findings: run.findings,
      notices: run.notices,
      filesLinted: run.filesLinted,
      textOf: (f) => run.workspace.get(f)?.text ?? '',
      cwd: path.join(ROOT, 'examples'),
      rules: allRules,
      files: run.workspace.all().map((f) => f.path),
    };
    assert.ok(examples.findings.length > 20, 'the examples have findings to render');
  });

  describe('github', () => {
    it('prints one valid workflow command per finding, the positions and rule of each, then a plain summary', () => {
      const lines = renderGithub(examples).split('\n');
      assert.equal(lines.length, examples.findings.length + examples.notices.length + 1);
      assert.match(lines.at(-1)!, /^shipshape: \d+ problems in \d+ files$/);
      const cmds = lines.slice(0, -1).map(parseCommand);
      const byKey = new Map(cmds.map((c) => [`${c.props.file}:${c.props.line}:${c.props.col}:${c.props.title}`, c]));
      const daemon = byKey.get('etc/docker/daemon.json:2:3:daemon-json-invalid');
      assert.ok(daemon, [...byKey.keys()].join('\n'));
      assert.equal(daemon.command, 'error');
      assert.deepEqual(Object.keys(daemon.props), ['file', 'line', 'col', 'endLine', 'endColumn', 'title']);
      assert.deepEqual({ endLine: daemon.props.endLine, endColumn: daemon.props.endColumn }, { endLine: '2', endColumn: '39' });
      for (const c of cmds) {
        assert.ok(['error', 'warning', 'notice'].includes(c.command), c.command);
        if (c.props.line) assert.ok(Number(c.props.endLine) >= Number(c.props.line));
      }
      assert.deepEqual(
        [...new Set(cmds.map((c) => c.command))].sort(),
        ['error', 'notice', 'warning'],
        'info and hint become notices',
      );
    });

    it('escapes %, CR and LF in the message, and also : and , in properties, so the runner decodes them back', () => {
      const lines = renderGithub(nastyInput).split('\n');
      for (const l of lines) assert.doesNotMatch(l, /\r/);
      assert.equal(lines[0], '::notice file=big%2Cfile.json,title=shipshape::skipped: 50%25 too big');
      const first = parseCommand(lines[1]);
      assert.equal(first.props.file, 'odd, name:1/etc/docker/daemon.json');
      assert.equal(first.data, `${nasty[0].message}\nother.json:1:1: see here, too`);
      assert.deepEqual(first.props, { file: 'odd, name:1/etc/docker/daemon.json', line: '2', col: '3', endLine: '2', endColumn: '10', title: 'daemon-deprecated-key' });
      assert.match(lines[1], /^::error file=odd%2C name%3A1\/etc\/docker\/daemon\.json,line=2,/);
      assert.match(lines[1], /::100%25 <broken> & "quoted" 'single'%0D%0Asecond line: a, b/);
      assert.equal(parseCommand(lines[4]).command, 'notice');
    });
  });

  describe('sarif', () => {
    it('has the SARIF 2.1.0 structure code scanning reads', () => {
      const log = JSON.parse(renderSarif(examples, '0.1.0'));
      assert.equal(log.version, '2.1.0');
      assert.match(log.$schema, /sarif-2\.1\.0\.json$/);
      assert.equal(log.runs.length, 1);
      const run = log.runs[0];
      const driver = run.tool.driver;
      assert.equal(driver.name, 'shipshape');
      assert.match(driver.semanticVersion, /^\d+\.\d+\.\d+/);
      const ids = driver.rules.map((r: { id: string }) => r.id);
      assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
      for (const r of driver.rules) {
        assert.equal(typeof r.shortDescription.text, 'string');
        assert.match(r.helpUri, /^https:\/\//);
        assert.ok(['none', 'note', 'warning', 'error'].includes(r.defaultConfiguration.level));
      }
      assert.match(run.originalUriBaseIds['%SRCROOT%'].uri, /^file:\/\/\/.*\/$/, 'a base URI is absolute and ends with a slash');
      assert.equal(run.results.length, examples.findings.length);
      const region = (r: { startLine: number; startColumn: number; endLine: number; endColumn: number }) => {
        for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn'] as const) assert.ok(Number.isInteger(r[k]) && r[k] >= 1, `${k} ${r[k]}`);
        assert.ok(r.endLine > r.startLine || (r.endLine === r.startLine && r.endColumn >= r.startColumn));
      };
      for (const res of run.results) {
        assert.equal(driver.rules[res.ruleIndex].id, res.ruleId, 'ruleIndex points at the rule');
        assert.ok(['none', 'note', 'warning', 'error'].includes(res.level));
        assert.equal(typeof res.message.text, 'string');
        assert.ok(res.message.text.length > 0);
        assert.equal(res.locations.length, 1);
        const loc = res.locations[0].physicalLocation;
        assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
        assert.doesNotMatch(loc.artifactLocation.uri, /^\/|^[a-z]+:/, 'relative to the base');
        region(loc.region);
        for (const rl of res.relatedLocations ?? []) {
          assert.ok(Number.isInteger(rl.id));
          region(rl.physicalLocation.region);
        }
        for (const fix of res.fixes ?? []) for (const ch of fix.artifactChanges) for (const rep of ch.replacements) region(rep.deletedRegion);
      }
      assert.ok(Array.isArray(run.invocations[0].toolExecutionNotifications));
    });
  });

  describe('gitlab', () => {
    it('is an array of Code Climate issues with the fields GitLab reads', () => {
      const issues = JSON.parse(renderGitlab(examples));
      assert.equal(issues.length, examples.findings.length);
      for (const i of issues) {
        assert.equal(i.type, 'issue');
        assert.equal(typeof i.description, 'string');
        assert.ok(allRules.some((r) => r.meta.id === i.check_name) || ['internal-error', 'unused-suppression'].includes(i.check_name), i.check_name);
        assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(i.severity), i.severity);
        assert.match(i.fingerprint, /^[0-9a-f]{32}$/);
        assert.doesNotMatch(i.location.path, /^\//, 'relative to the project');
        assert.ok(Number.isInteger(i.location.lines.begin) && i.location.lines.begin >= 1);
      }
      assert.equal(new Set(issues.map((i: { fingerprint: string }) => i.fingerprint)).size, issues.length, 'fingerprints are unique');
    });

    it('keeps fingerprints when lines move, tells repeated findings apart, and maps severities', () => {
      const a = JSON.parse(renderGitlab(nastyInput));
      const shifted = '\n\n' + NASTY_TEXT;
      const moved = nasty.map((f) => ({ ...f, range: { start: f.range.start + 2, end: f.range.end + 2 } }));
      const b = JSON.parse(renderGitlab({ ...nastyInput, findings: moved, textOf: (f) => (f === NASTY_FILE ? shifted : '{}\n') }));
      assert.deepEqual(
        a.map((i: { fingerprint: string }) => i.fingerprint),
        b.map((i: { fingerprint: string }) => i.fingerprint),
      );
      assert.deepEqual(
        b.map((i: { location: { lines: { begin: number } } }) => i.location.lines.begin),
        [4, 4, 4, 3],
      );
      assert.notEqual(a[1].fingerprint, a[2].fingerprint);
      assert.deepEqual(
        a.map((i: { severity: string }) => i.severity),
        ['major', 'minor', 'minor', 'info'],
      );
      assert.equal(a[0].location.path, 'odd, name:1/etc/docker/daemon.json');
      assert.equal(a[0].description, nasty[0].message);
    });
  });

  describe('checkstyle', () => {
    it('is well-formed XML with one <file> per linted file and one <error> per finding', () => {
      const doc = parseXml(renderCheckstyle(examples));
      assert.equal(doc.name, 'checkstyle');
      assert.equal(doc.children.length, examples.files!.length);
      const errors = doc.children.flatMap((f) => f.children);
      assert.equal(errors.length, examples.findings.length);
      for (const e of errors) {
        assert.equal(e.name, 'error');
        assert.ok(['error', 'warning', 'info'].includes(e.attrs.severity));
        assert.ok(Number(e.attrs.line) >= 1 && Number(e.attrs.column) >= 1);
        assert.ok(e.attrs.source && e.attrs.message);
      }
    });

    it('escapes markup and quotes, keeps newlines and tabs, and replaces what XML cannot carry', () => {
      const doc = parseXml(renderCheckstyle(nastyInput));
      const file = doc.children[0];
      assert.equal(file.attrs.name, 'odd, name:1/etc/docker/daemon.json');
      assert.equal(file.children[0].attrs.message, '100% <broken> & "quoted" \'single\'\r\nsecond line: a, b\ufffd\ufffd end');
      assert.equal(file.children[3].attrs.message, 'tab\there');
      assert.equal(file.children[3].attrs.severity, 'info');
      assert.deepEqual(doc.children[1], { name: 'file', attrs: { name: 'clean/daemon.json' }, children: [], text: '' });
      assert.equal(escapeXml('a\ud83d\ude00b'), 'a\ud83d\ude00b', 'a surrogate pair is a character');
    });
  });

  describe('junit', () => {
    it('is well-formed XML: a suite per file, a failed case per finding, a passed case per clean file, counts that add up', () => {
      const doc = parseXml(renderJunit(examples));
      assert.equal(doc.name, 'testsuites');
      let tests = 0;
      let failures = 0;
      for (const suite of doc.children) {
        assert.equal(suite.name, 'testsuite');
        const cases = suite.children;
        assert.ok(cases.every((c) => c.name === 'testcase' && c.attrs.classname === suite.attrs.name));
        assert.equal(Number(suite.attrs.tests), cases.length);
        assert.equal(Number(suite.attrs.failures), cases.filter((c) => c.children.some((x) => x.name === 'failure')).length);
        tests += cases.length;
        failures += Number(suite.attrs.failures);
      }
      assert.equal(Number(doc.attrs.tests), tests);
      assert.equal(Number(doc.attrs.failures), failures);
      assert.equal(failures, examples.findings.length);
      assert.equal(doc.children.length, examples.files!.length);
    });

    it('escapes the failure text', () => {
      const doc = parseXml(renderJunit(nastyInput));
      const failure = doc.children[0].children[0].children[0];
      assert.equal(failure.attrs.type, 'error');
      assert.equal(failure.attrs.message, '100% <broken> & "quoted" \'single\'\r\nsecond line: a, b\ufffd\ufffd end');
      assert.equal(failure.text, 'odd, name:1/etc/docker/daemon.json:2:3: error: 100% <broken> & "quoted" \'single\'\r\nsecond line: a, b\ufffd\ufffd end [daemon-deprecated-key]\n    other.json:1:1: see here, too');
      assert.deepEqual(doc.children[1].children, [{ name: 'testcase', attrs: { name: 'shipshape', classname: 'clean/daemon.json' }, children: [], text: '' }]);
    });
  });
});
