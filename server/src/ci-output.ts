// The formats CI systems read natively: GitHub workflow-command annotations, Checkstyle XML (reviewdog, Jenkins
// warnings-ng), JUnit XML (test-report views) and GitLab Code Quality (a subset of Code Climate's issue JSON).

import { createHash } from 'node:crypto';
import type { Finding, Severity } from './core/finding';
import { displayPaths, positions, type RenderInput } from './output';

// ---- GitHub Actions: `::error file=…,line=…::message` lines, which the runner turns into annotations ----

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/** The message part of a workflow command: the runner decodes %25, %0D and %0A. */
export function escapeGithubData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value: as the message, and also `:` and `,`, which would end the value. */
export function escapeGithubProperty(s: string): string {
  return escapeGithubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function renderGithub(input: RenderInput): string {
  const pos = positions(input.textOf);
  const rel = displayPaths(input.cwd);
  const lines: string[] = [];
  for (const n of input.notices) lines.push(`::notice file=${escapeGithubProperty(rel(n.file) || '.')},title=shipshape::${escapeGithubData(n.message)}`);
  for (const f of input.findings) {
    const s = pos(f.file, f.range.start);
    const e = pos(f.file, f.range.end);
    // The annotation shows one message: the places a cross-file finding points at go on lines below it.
    const related = f.related.map((r) => {
      const rp = pos(r.file, r.range.start);
      return `\n${rel(r.file)}:${rp.line}:${rp.column}: ${r.message}`;
    });
    const props = [
      `file=${escapeGithubProperty(rel(f.file))}`,
      `line=${s.line}`,
      `col=${s.column}`,
      `endLine=${e.line}`,
      `endColumn=${e.column}`,
      `title=${escapeGithubProperty(f.ruleId)}`,
    ];
    lines.push(`::${GITHUB_COMMAND[f.severity]} ${props.join(',')}::${escapeGithubData(f.message + related.join(''))}`);
  }
  const n = input.findings.length;
  lines.push(`shipshape: ${n} problem${n === 1 ? '' : 's'} in ${input.filesLinted} file${input.filesLinted === 1 ? '' : 's'}`);
  return lines.join('\n');
}

// ---- XML (Checkstyle, JUnit) ----

/**
 * Text for an XML attribute or element. XML 1.0 cannot carry most control characters at all (not even as character
 * references) nor lone surrogates: those become U+FFFD. Newlines and tabs are kept as references so that attribute
 * normalisation does not turn them into spaces.
 */
export function escapeXml(s: string): string {
  return s
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

function attrs(a: Record<string, string | number>): string {
  return Object.entries(a)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
}

/** Findings grouped by file (display path), in the order the files first appear; every linted file has an entry. */
function byFile(input: RenderInput, rel: (f: string) => string): Map<string, Finding[]> {
  const m = new Map<string, Finding[]>();
  for (const f of input.findings) {
    const k = rel(f.file);
    let l = m.get(k);
    if (!l) m.set(k, (l = []));
    l.push(f);
  }
  for (const file of [...(input.files ?? [])].map(rel).sort()) if (!m.has(file)) m.set(file, []);
  return m;
}

const CHECKSTYLE_SEVERITY: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info', hint: 'info' };

export function renderCheckstyle(input: RenderInput): string {
  const pos = positions(input.textOf);
  const rel = displayPaths(input.cwd);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">'];
  for (const [file, findings] of byFile(input, rel)) {
    if (findings.length === 0) {
      out.push(`  <file${attrs({ name: file })}/>`);
      continue;
    }
    out.push(`  <file${attrs({ name: file })}>`);
    for (const f of findings) {
      const p = pos(f.file, f.range.start);
      out.push(`    <error${attrs({ line: p.line, column: p.column, severity: CHECKSTYLE_SEVERITY[f.severity], message: f.message, source: f.ruleId })}/>`);
    }
    out.push('  </file>');
  }
  out.push('</checkstyle>');
  return out.join('\n');
}

/** One test suite per file, one failed test case per finding; a file without findings is one passed case. */
export function renderJunit(input: RenderInput): string {
  const pos = positions(input.textOf);
  const rel = displayPaths(input.cwd);
  const files = byFile(input, rel);
  const total = [...files.values()].reduce((n, l) => n + Math.max(1, l.length), 0);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${attrs({ name: 'shipshape', tests: total, failures: input.findings.length, errors: 0 })}>`];
  for (const [file, findings] of files) {
    out.push(`  <testsuite${attrs({ name: file, tests: Math.max(1, findings.length), failures: findings.length, errors: 0, skipped: 0 })}>`);
    if (findings.length === 0) out.push(`    <testcase${attrs({ name: 'shipshape', classname: file })}/>`);
    for (const f of findings) {
      const p = pos(f.file, f.range.start);
      const where = `${file}:${p.line}:${p.column}`;
      out.push(`    <testcase${attrs({ name: `${f.ruleId} ${where}`, classname: file })}>`);
      const body = [`${where}: ${f.severity}: ${f.message} [${f.ruleId}]`];
      for (const r of f.related) {
        const rp = pos(r.file, r.range.start);
        body.push(`    ${rel(r.file)}:${rp.line}:${rp.column}: ${r.message}`);
      }
      out.push(`      <failure${attrs({ message: f.message, type: f.severity })}>${escapeXml(body.join('\n')).replace(/&#10;/g, '\n')}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n');
}

// ---- GitLab Code Quality ----

const GITLAB_SEVERITY: Record<Severity, string> = { error: 'major', warning: 'minor', info: 'info', hint: 'info' };

/**
 * A JSON array of issues. The fingerprint is what GitLab compares between the merge request and its target to say
 * which issues are new: it hashes the rule, the file, the offending text and the message (not the line, so a finding
 * keeps its fingerprint when lines above it move), numbered when the same one occurs twice in a file.
 */
export function renderGitlab(input: RenderInput): string {
  const pos = positions(input.textOf);
  const rel = displayPaths(input.cwd);
  const seen = new Map<string, number>();
  const issues = input.findings.map((f) => {
    const file = rel(f.file);
    const s = pos(f.file, f.range.start);
    const e = pos(f.file, f.range.end);
    const key = [f.ruleId, file, input.textOf(f.file).slice(f.range.start, f.range.end), f.message].join('\0');
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return {
      type: 'issue',
      check_name: f.ruleId,
      description: f.message,
      categories: ['Bug Risk'],
      severity: GITLAB_SEVERITY[f.severity],
      fingerprint: createHash('md5').update(`${key}\0${n}`).digest('hex'),
      location: { path: file, lines: { begin: s.line, end: e.line } },
    };
  });
  return JSON.stringify(issues, null, 2);
}
