// Rendering a doctor run for terminals and tools: text, JSON and SARIF 2.1.0 (file findings as `lint` gives them,
// host findings as results of their own host-* ids).

import type { Severity } from './core/finding';
import type { Rule } from './model/rule';
import type { DoctorResult } from './doctor/doctor';
import { HOST_CHECKS } from './knowledge/host-checks';
import { renderSarif } from './output';
import { allRules } from './rules';

/** Facts about the host, one per line (shown with --verbose). */
export function describeHost(r: DoctorResult): string[] {
  const f = r.facts;
  const s = r.settings;
  const lines = [
    `host root: ${r.root}`,
    `files linted: ${r.files.length ? r.files.join(', ') : 'none found'}`,
    `data root: ${s.dataRoot} (${s.dataRootFrom === 'default' ? 'default' : `from ${s.dataRootFrom}`})${f.dataRootTarget ? `, a symlink to ${f.dataRootTarget}` : ''}`,
    `storage driver: ${f.storageDriver ? `${f.storageDriver} (from ${f.storageDriverFrom})` : 'unknown'}`,
    `backing filesystem: ${f.backingFs ? `${f.backingFs} on ${f.backingSource}, mounted at ${f.backingMount}; d_type ${f.dtype ?? 'unknown'}` : 'unknown'}`,
    `use: ${f.blocksUsedPercent !== undefined ? `${f.blocksUsedPercent}% of blocks` : 'blocks unknown'}, ${f.inodesUsedPercent !== undefined ? `${f.inodesUsedPercent}% of inodes` : 'inodes unknown'}`,
    `dockerd: ${f.dockerdPids.length ? `pid ${f.dockerdPids.join(', ')}` : 'not running (or not visible)'}`,
    `overlay module: ${Object.keys(f.overlayParams).length ? Object.entries(f.overlayParams).map(([k, v]) => `${k}=${v}`).join(' ') : 'parameters unknown'}`,
  ];
  return lines;
}

/**
 * Text for terminals: one line per finding, then what could not be checked. A healthy host whose every source was
 * readable prints nothing at all.
 */
export function renderDoctorText(r: DoctorResult, opts: { verbose?: boolean } = {}): string {
  const out: string[] = [];
  if (opts.verbose) out.push(...describeHost(r), '');
  for (const f of r.findings) out.push(`${f.file}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.ruleId}]`);
  for (const h of r.hostFindings) {
    out.push(`${h.path ?? 'host'}: ${h.severity}: ${h.message} [${h.id}]`);
    for (const d of h.details) out.push(`    ${d}`);
    for (const c of h.confirm) out.push(`    confirm: ${c}`);
    out.push(`    fix: ${h.fix}`);
  }
  if (r.skipped.length) {
    out.push('not checked:');
    for (const s of r.skipped) out.push(`  ${s.what}: ${s.reason}`);
  }
  const n = r.findings.length + r.hostFindings.length;
  if (n) out.push(`${n} problem${n === 1 ? '' : 's'} (${r.findings.length} in files, ${r.hostFindings.length} on the host)`);
  return out.join('\n');
}

export function renderDoctorJson(r: DoctorResult): string {
  return JSON.stringify(
    {
      version: 1,
      root: r.root,
      files: r.files,
      settings: r.settings,
      facts: r.facts,
      findings: r.findings,
      hostFindings: r.hostFindings,
      skipped: r.skipped,
    },
    null,
    2,
  );
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** SARIF 2.1.0: the file findings as `lint --format sarif` gives them, plus host findings as results of their own ids. */
export function renderDoctorSarif(r: DoctorResult, version: string, rules: readonly Rule[] = allRules): string {
  const sarif = JSON.parse(
    renderSarif({ findings: r.raw.findings, notices: [], filesLinted: r.files.length, textOf: r.raw.textOf, cwd: r.root, rules }, version),
  );
  const run = sarif.runs[0];
  const ids = [...new Set(r.hostFindings.map((h) => h.id))].sort();
  for (const id of ids) {
    const c = HOST_CHECKS.find((x) => x.id === id);
    run.tool.driver.rules.push({
      id,
      name: id,
      shortDescription: { text: c?.summary ?? id },
      fullDescription: { text: c ? `${c.summary}. Symptom: ${c.symptom}` : id },
      defaultConfiguration: { level: SARIF_LEVEL[c?.severity ?? 'warning'] },
    });
  }
  const indexOf = (id: string) => run.tool.driver.rules.findIndex((x: { id: string }) => x.id === id);
  for (const h of r.hostFindings) {
    run.results.push({
      ruleId: h.id,
      ruleIndex: indexOf(h.id),
      level: SARIF_LEVEL[h.severity],
      message: { text: h.message },
      ...(h.path ? { locations: [{ physicalLocation: { artifactLocation: { uri: h.path.replace(/^\//, ''), uriBaseId: '%SRCROOT%' } } }] } : {}),
    });
  }
  run.invocations[0].toolExecutionNotifications = r.skipped.map((s) => ({ level: 'note', message: { text: `not checked: ${s.what}: ${s.reason}` } }));
  return JSON.stringify(sarif, null, 2);
}
