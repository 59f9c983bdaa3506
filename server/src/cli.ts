// The command line: `shipshape lint | rules`. A thin adapter over the engine: what CI prints is what the editor shows.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseVersion } from './engine/version';
import { SEVERITIES, severityRank, type Severity } from './engine/finding';
import { lintPaths, type ProjectRun } from './engine/project';
import { applyPlan, planFixes } from './engine/fix';
import { allRules } from './rules';
import { renderJson, renderSarif, renderText } from './output';
import type { Config } from './engine/config';
import { explain, renderExplainMarkdown, renderExplainText } from './engine/explain';
import { SYMPTOMS } from './knowledge/symptoms';
import { doctorFails, runDoctor } from './engine/doctor';
import { renderDoctorJson, renderDoctorSarif, renderDoctorText } from './doctor-output';

declare const SHIPSHAPE_VERSION: string;
export const VERSION = typeof SHIPSHAPE_VERSION === 'string' ? SHIPSHAPE_VERSION : '0.0.0-dev';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY: boolean;
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
  --format text|json|sarif        Output format (default: text)
  --fail-on error|warning|info|never
                                  Exit 1 when a finding reaches this severity (default: error)
  --config FILE                   Use this .shipshape.yaml instead of the nearest one
  --docker-version X.Y            The Docker Engine version the files are meant for
  --fix                           Apply safe fixes to the files, then report what is left
  --unsafe-fixes                  With --fix, also apply fixes marked unsafe

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

interface LintArgs {
  paths: string[];
  format: 'text' | 'json' | 'sarif';
  failOn: Severity | 'never';
  config?: string;
  dockerVersion?: string;
  fix: boolean;
  unsafeFixes: boolean;
}

function parseLintArgs(argv: string[]): LintArgs {
  const a: LintArgs = { paths: [], format: 'text', failOn: 'error', fix: false, unsafeFixes: false };
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
        if (v !== 'text' && v !== 'json' && v !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not "${v}"`);
        a.format = v;
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
  let run: ProjectRun = await lintPaths(paths, { configFile: args.config ? path.resolve(io.cwd, args.config) : undefined, overrides });

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

  const input = {
    findings: run.findings,
    notices: run.notices,
    filesLinted: run.filesLinted,
    textOf: (f: string) => run.workspace.get(f)?.text ?? readOrEmpty(f),
    cwd: io.cwd,
    rules: allRules,
  };
  if (args.format === 'json') io.out(renderJson(input));
  else if (args.format === 'sarif') io.out(renderSarif(input, VERSION));
  else io.out(renderText(input, io.isTTY));

  if (args.failOn === 'never') return 0;
  const threshold = severityRank(args.failOn);
  return run.findings.some((f) => severityRank(f.severity) >= threshold) ? 1 : 0;
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
