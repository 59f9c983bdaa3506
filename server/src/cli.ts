// The command line: `shipshape lint | rules`. A thin adapter over the engine: what CI prints is what the editor shows.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseVersion } from './core/version';
import { SEVERITIES, severityRank, type Severity } from './core/finding';
import { lintPaths, type ProjectRun } from './engine/project';
import { applyPlan, planFixes } from './engine/fix';
import { allRules } from './rules';
import { renderJson, renderSarif, renderText, type RenderInput } from './output';
import { renderCheckstyle, renderGithub, renderGitlab, renderJunit } from './ci-output';
import type { Finding } from './core/finding';
import type { Config } from './engine/config';
import { explain, renderExplainMarkdown, renderExplainText } from './explain/explain';
import { SYMPTOMS } from './knowledge/symptoms';
import { doctorFails, runDoctor } from './doctor/doctor';
import { renderDoctorJson, renderDoctorSarif, renderDoctorText } from './doctor-output';

declare const SHIPSHAPE_VERSION: string;
export const VERSION = typeof SHIPSHAPE_VERSION === 'string' ? SHIPSHAPE_VERSION : '0.0.0-dev';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY: boolean;
  /** A transient status line (on a terminal's stderr only; absent in pipes and CI). */
  progress?: (s: string) => void;
  cwd: string;
  stdin: () => Promise<string>;
}

class UsageError extends Error {}

const USAGE = `Usage: shipshape <command> [options]

Commands:
  lint [paths...]     Lint files and folders (default: the current folder)
  rules               List every rule with its default severity and summary (--format json: with the
                      hadolint and BuildKit codes each covers)
  explain <text|->    Explain a Docker error message (or every symptom in a log read from stdin with -)
  doctor              Lint this host's Docker configuration and check its live state (read-only)
  help                Show this help

lint options:
  --format FORMAT                 text (default), json, sarif, github (workflow annotations), checkstyle,
                                  junit or gitlab (Code Quality)
  --fail-on error|warning|info|never
                                  Exit 1 when a finding reaches this severity (default: error)
  --config FILE                   Use this .shipshape.yaml instead of the nearest one
  --docker-version X.Y            The Docker Engine version the files are meant for
  --fix                           Apply safe fixes to the files, then report what is left
  --unsafe-fixes                  With --fix, also apply fixes marked unsafe
  --stats                         End with a table of findings per rule (on stderr unless the format is text)

explain options:
  --workspace DIR                 Also show the files and lines in DIR that show each cause
  --format text|json|markdown     Output format (default: text)
  --config FILE                   With --workspace, use this .shipshape.yaml instead of the nearest one
  --list                          List the error messages explain knows
  Exit status: 0 when the text matched a known error, 1 when nothing did, 2 on bad usage.

doctor options:
  --root DIR                      Treat DIR as the host's root folder (default: /)
  --format text|json|sarif        Output format (default: text)
  --fail-on error|warning|info|never
                                  Exit 1 when a finding reaches this severity (default: error)
  --verbose                       Also print what was found about the host (data root, driver, filesystem)
`;

const LINT_FORMATS = ['text', 'json', 'sarif', 'github', 'checkstyle', 'junit', 'gitlab'] as const;
type LintFormat = (typeof LINT_FORMATS)[number];

interface LintArgs {
  paths: string[];
  format: LintFormat;
  failOn: Severity | 'never';
  config?: string;
  dockerVersion?: string;
  fix: boolean;
  unsafeFixes: boolean;
  stats: boolean;
}

function parseLintArgs(argv: string[]): LintArgs {
  const a: LintArgs = { paths: [], format: 'text', failOn: 'error', fix: false, unsafeFixes: false, stats: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const takeValue = (): string => {
      if (arg.startsWith('--') && eq > 0) return arg.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--format': {
        const v = takeValue();
        if (!(LINT_FORMATS as readonly string[]).includes(v)) throw new UsageError(`--format must be ${LINT_FORMATS.slice(0, -1).join(', ')} or ${LINT_FORMATS.at(-1)}, not "${v}"`);
        a.format = v as LintFormat;
        break;
      }
      case '--fail-on': {
        const v = takeValue();
        if (v !== 'never' && !(SEVERITIES as readonly string[]).includes(v)) throw new UsageError(`--fail-on must be error, warning, info, hint or never, not "${v}"`);
        a.failOn = v as Severity | 'never';
        break;
      }
      case '--config':
        a.config = takeValue();
        break;
      case '--docker-version':
        a.dockerVersion = takeValue();
        if (!parseVersion(a.dockerVersion)) throw new UsageError(`--docker-version must look like 27.5, not "${a.dockerVersion}"`);
        break;
      case '--fix':
        a.fix = true;
        break;
      case '--unsafe-fixes':
        a.unsafeFixes = true;
        break;
      case '--stats':
        a.stats = true;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        a.paths.push(arg);
    }
  }
  return a;
}

async function runLint(argv: string[], io: Io): Promise<number> {
  const args = parseLintArgs(argv);
  const paths = args.paths.map((p) => path.resolve(io.cwd, p));
  if (paths.length === 0) paths.push(io.cwd);
  if (args.config && !fs.existsSync(path.resolve(io.cwd, args.config))) throw new UsageError(`config file ${args.config} does not exist`);
  const overrides: Partial<Config> = {};
  if (args.dockerVersion) overrides.dockerVersion = parseVersion(args.dockerVersion);
  if (args.unsafeFixes) overrides.unsafeFixes = true;
  const status = progressLine(io);
  let run: ProjectRun;
  try {
    run = await lintPaths(paths, {
      configFile: args.config ? path.resolve(io.cwd, args.config) : undefined,
      overrides,
      walk: { onProgress: (seen) => status.show(`shipshape: looked at ${seen} files`) },
      onWalked: (files) => status.show(`shipshape: linting ${files} file${files === 1 ? '' : 's'}`, true),
    });
  } finally {
    status.clear();
  }

  if (args.fix) {
    const fixedFiles = new Set<string>();
    for (let round = 0; round < 10; round++) {
      const plan = planFixes(run.findings, run.config.unsafeFixes);
      if (plan.applied.length === 0) break;
      const texts = applyPlan(plan, (f) => run.workspace.get(f)?.text ?? readOrEmpty(f));
      let changed = false;
      for (const [file, text] of texts) {
        if ((run.workspace.get(file)?.text ?? readOrEmpty(file)) === text) continue;
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
        fixedFiles.add(file);
        changed = true;
        run.workspace.set(file, text, run.workspace.get(file)?.kind);
      }
      if (!changed) break;
      const again = run.linter.lint();
      run = { ...run, findings: again.findings };
    }
    if (fixedFiles.size) io.err(`fixed ${fixedFiles.size} file${fixedFiles.size === 1 ? '' : 's'}`);
  }

  const input: RenderInput = {
    files: run.workspace.all().map((f) => f.path),
    findings: run.findings,
    notices: run.notices,
    filesLinted: run.filesLinted,
    textOf: (f: string) => run.workspace.get(f)?.text ?? readOrEmpty(f),
    cwd: io.cwd,
    rules: allRules,
  };
  const render: Record<LintFormat, () => string> = {
    text: () => renderText(input, io.isTTY),
    json: () => renderJson(input),
    sarif: () => renderSarif(input, VERSION),
    github: () => renderGithub(input),
    checkstyle: () => renderCheckstyle(input),
    junit: () => renderJunit(input),
    gitlab: () => renderGitlab(input),
  };
  io.out(render[args.format]());
  // A machine format owns stdout: the table goes to stderr then.
  if (args.stats) (args.format === 'text' ? io.out : io.err)(renderStats(run.findings));

  if (args.failOn === 'never') return 0;
  const threshold = severityRank(args.failOn);
  return run.findings.some((f) => severityRank(f.severity) >= threshold) ? 1 : 0;
}

/** Findings per rule: how many, in how many files, how many a safe fix removes. Most findings first. */
export function renderStats(findings: readonly Finding[]): string {
  const rows = new Map<string, { severities: Set<Severity>; findings: number; files: Set<string>; fixable: number }>();
  for (const f of findings) {
    let r = rows.get(f.ruleId);
    if (!r) rows.set(f.ruleId, (r = { severities: new Set(), findings: 0, files: new Set(), fixable: 0 }));
    r.severities.add(f.severity); // one rule can report at several (a deprecated key is a warning, a removed one an error)
    r.findings++;
    r.files.add(f.file);
    if (f.fixes.some((x) => x.safety === 'safe')) r.fixable++;
  }
  const sorted = [...rows.entries()].sort((a, b) => b[1].findings - a[1].findings || (a[0] < b[0] ? -1 : 1));
  const table = [
    ['rule', 'severity', 'findings', 'files', 'fixable'],
    ...sorted.map(([id, r]) => [id, [...r.severities].sort((x, y) => severityRank(y) - severityRank(x)).join('/'), String(r.findings), String(r.files.size), String(r.fixable)]),
    ['total', '', String(findings.length), String(new Set(findings.map((f) => f.file)).size), String(sorted.reduce((n, [, r]) => n + r.fixable, 0))],
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  // Numbers right-aligned, names left-aligned.
  return table.map((row) => row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd()).join('\n');
}

/** The status line of a long lint: redrawn at most every 100 ms, erased before any output. */
function progressLine(io: Io): { show: (s: string, now?: boolean) => void; clear: () => void } {
  let last = 0;
  let shown = false;
  return {
    show(s, now = false) {
      if (!io.progress) return;
      const t = Date.now();
      if (!now && t - last < 100) return;
      last = t;
      shown = true;
      io.progress(s);
    },
    clear() {
      if (shown) io.progress?.('');
    },
  };
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function runRules(argv: string[], io: Io): number {
  const { opts, positional } = parseOptions(argv, ['--format'], []);
  if (positional.length) throw new UsageError(`rules takes no arguments, not "${positional[0]}"`);
  const format = opts.get('--format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  if (format === 'json') {
    const list = allRules.map((r) => ({
      id: r.meta.id,
      kinds: r.meta.kinds,
      severity: r.meta.severity,
      summary: r.meta.summary,
      fix: r.meta.fix,
      peers: { hadolint: r.meta.peers?.hadolint ?? [], buildkit: r.meta.peers?.buildkit ?? [] },
    }));
    io.out(JSON.stringify(list, null, 2));
    return 0;
  }
  const w = Math.max(...allRules.map((r) => r.meta.id.length));
  for (const r of allRules) io.out(`${r.meta.id.padEnd(w)}  ${r.meta.severity.padEnd(7)}  ${r.meta.summary}`);
  io.out(`${'internal-error'.padEnd(w)}  ${'warning'.padEnd(7)}  a shipshape rule failed on a file (the other rules still ran)`);
  io.out(`${'unused-suppression'.padEnd(w)}  ${'info'.padEnd(7)}  a shipshape-ignore comment that silences nothing`);
  return 0;
}

// ---- explain and doctor ----

/** Split `--name value` / `--name=value` options from positional arguments. */
function parseOptions(argv: string[], valued: readonly string[], flags: readonly string[]): { opts: Map<string, string>; positional: string[] } {
  const opts = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (valued.includes(name)) {
      const v = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      opts.set(name, v);
    } else if (flags.includes(arg)) opts.set(arg, 'true');
    else if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  return { opts, positional };
}

async function runExplain(argv: string[], io: Io): Promise<number> {
  const { opts, positional } = parseOptions(argv, ['--workspace', '--format', '--config'], ['--list']);
  const format = opts.get('--format') ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'markdown') throw new UsageError(`--format must be text, json or markdown, not "${format}"`);
  if (opts.has('--list')) {
    for (const s of SYMPTOMS) io.out(`${s.id.padEnd(36)}  ${s.title}`);
    return 0;
  }
  if (positional.length === 0) throw new UsageError('explain needs the error text (or - to read it from stdin)');
  const text = positional.length === 1 && positional[0] === '-' ? await io.stdin() : positional.join(' ');
  if (!text.trim()) throw new UsageError('the error text is empty');
  const workspace = opts.get('--workspace');
  if (workspace !== undefined && !fs.existsSync(path.resolve(io.cwd, workspace))) throw new UsageError(`workspace ${workspace} does not exist`);
  const config = opts.get('--config');
  const result = await explain(text, { workspace, cwd: io.cwd, configFile: config ? path.resolve(io.cwd, config) : undefined });
  if (format === 'json') io.out(JSON.stringify(result, null, 2));
  else if (format === 'markdown') io.out(renderExplainMarkdown(result));
  else if (result.matched) io.out(renderExplainText(result));
  else io.err(renderExplainText(result));
  return result.matched ? 0 : 1;
}

function runDoctorCommand(argv: string[], io: Io): number {
  const { opts, positional } = parseOptions(argv, ['--root', '--format', '--fail-on'], ['--verbose']);
  if (positional.length) throw new UsageError(`doctor takes no paths (use --root DIR), not "${positional[0]}"`);
  const format = opts.get('--format') ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not "${format}"`);
  const failOn = opts.get('--fail-on') ?? 'error';
  if (failOn !== 'never' && !(SEVERITIES as readonly string[]).includes(failOn)) throw new UsageError(`--fail-on must be error, warning, info, hint or never, not "${failOn}"`);
  const root = path.resolve(io.cwd, opts.get('--root') ?? '/');
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`--root ${opts.get('--root')} is not a folder`);
  const result = runDoctor({ root });
  const text = format === 'json' ? renderDoctorJson(result) : format === 'sarif' ? renderDoctorSarif(result, VERSION) : renderDoctorText(result, { verbose: opts.has('--verbose') });
  if (text) io.out(text);
  return doctorFails(result, failOn as Severity | 'never') ? 1 : 0;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'lint':
        return await runLint(rest, io);
      case 'rules':
        return runRules(rest, io);
      case 'explain':
        return await runExplain(rest, io);
      case 'doctor':
        return runDoctorCommand(rest, io);
      case '--version':
      case 'version':
        io.out(VERSION);
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return cmd === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${cmd}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`shipshape: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`shipshape: internal error: ${(e as Error).message}`);
    return 2;
  }
}

export function runCli(): void {
  const io: Io = {
    out: (s) => process.stdout.write(s + '\n'),
    err: (s) => process.stderr.write(s + '\n'),
    isTTY: !!process.stdout.isTTY && !process.env.NO_COLOR,
    // CI logs are not terminals even when a runner allocates one: no status line there.
    progress: process.stderr.isTTY && !process.env.CI ? (s) => process.stderr.write(`\r\x1b[K${s}`) : undefined,
    cwd: process.cwd(),
    stdin: () =>
      new Promise((resolve) => {
        let data = '';
        process.stdin.setEncoding('utf8');
        process.stdin.on('data', (d) => (data += d));
        process.stdin.on('end', () => resolve(data));
        process.stdin.on('error', () => resolve(data));
      }),
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`shipshape: internal error: ${(e as Error).message}\n`);
      process.exitCode = 2;
    },
  );
}
