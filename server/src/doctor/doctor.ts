// doctor: lint a host's real Docker configuration as one workspace, then read the live state behind the hazards.
// Read-only: nothing is written and no process is started. `root` makes every host path relative to a folder, so
// fixture trees stand in for a host in tests.

import * as path from 'node:path';
import { defaultConfig, type Config } from '../engine/config';
import { severityRank, type Finding, type Severity } from '../core/finding';
import { Linter } from '../engine/lint';
import { LineIndex } from '../core/text';
import { Workspace } from '../engine/workspace';
import { allRules } from '../rules';
import type { Rule } from '../model/rule';
import { Host, type StatfsInfo } from './host';
import { collectHostFiles, dockerSettings, type DockerSettings, type HostFile, type Skipped } from './files';
import { DEFAULT_LIVE_OPTIONS, runLiveChecks, type HostFinding, type LiveFacts, type LiveOptions } from './live';

export type { HostFinding } from './live';
export type { Skipped } from './files';

export interface DoctorOptions {
  /** The host's root folder (default "/"). */
  root?: string;
  config?: Partial<Config>;
  rules?: readonly Rule[];
  /** Overrides of the live checks' thresholds and bounds (tests make the hard-link threshold small). */
  live?: Partial<LiveOptions>;
  /** statfs(2) replacement (tests). */
  statfs?: (realPath: string) => StatfsInfo;
}

export interface DoctorFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Host path, e.g. /etc/docker/daemon.json */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface DoctorResult {
  root: string;
  /** Host paths of the files linted. */
  files: string[];
  findings: DoctorFinding[];
  hostFindings: HostFinding[];
  skipped: Skipped[];
  settings: DockerSettings;
  facts: LiveFacts;
  /** Raw lint findings (real paths), for SARIF. */
  raw: { findings: Finding[]; textOf: (realPath: string) => string };
}

export function runDoctor(opts: DoctorOptions = {}): DoctorResult {
  const root = path.resolve(opts.root ?? '/');
  const host = new Host(root, opts.statfs);
  const skipped: Skipped[] = [];
  const files = collectHostFiles(host, skipped);

  const workspace = new Workspace(root);
  for (const f of files) workspace.set(f.realPath, f.text, f.kind);
  const config = { ...defaultConfig(), ...(opts.config ?? {}) };
  const linter = new Linter(workspace, config, opts.rules ?? allRules);
  const lint = linter.lint();
  const byReal = new Map<string, HostFile>(files.map((f) => [f.realPath, f]));
  const findings = lint.findings.map((f) => toDoctorFinding(f, byReal, root));
  for (const n of lint.notices) skipped.push({ what: hostPathOf(n.file, byReal, root), reason: n.message });

  const settings = dockerSettings(files);
  const live = runLiveChecks(host, { dataRoot: settings.dataRoot, configuredDriver: settings.storageDriver, configuredDriverFrom: settings.storageDriverFrom }, { ...DEFAULT_LIVE_OPTIONS, ...(opts.live ?? {}) }, skipped);
  return {
    root,
    files: files.map((f) => f.hostPath),
    findings,
    hostFindings: live.findings,
    skipped,
    settings,
    facts: live.facts,
    raw: { findings: lint.findings, textOf: (p) => byReal.get(p)?.text ?? '' },
  };
}

function hostPathOf(realPath: string, byReal: Map<string, HostFile>, root: string): string {
  const f = byReal.get(realPath);
  if (f) return f.hostPath;
  const rel = path.relative(root, realPath);
  return rel.startsWith('..') ? realPath : '/' + rel.split(path.sep).join('/');
}

function toDoctorFinding(f: Finding, byReal: Map<string, HostFile>, root: string): DoctorFinding {
  const idx = new LineIndex(byReal.get(f.file)?.text ?? '');
  const s = idx.positionAt(f.range.start);
  const e = idx.positionAt(f.range.end);
  return { ruleId: f.ruleId, severity: f.severity, message: f.message, file: hostPathOf(f.file, byReal, root), line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

/** Whether any finding (file or host) reaches the threshold. */
export function doctorFails(r: DoctorResult, failOn: Severity | 'never'): boolean {
  if (failOn === 'never') return false;
  const t = severityRank(failOn);
  return r.findings.some((f) => severityRank(f.severity) >= t) || r.hostFindings.some((f) => severityRank(f.severity) >= t);
}
