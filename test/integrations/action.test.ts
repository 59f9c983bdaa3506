// The GitHub Action (action.yml) run locally: its steps are read from the file and executed as a runner executes a
// composite action's steps (bash with -eo pipefail, `${{ }}` expressions substituted, outputs through $GITHUB_OUTPUT),
// with the npm tarball of this tree as the `package` input so nothing is downloaded. The upload step belongs to
// github/codeql-action and cannot run here: the test checks what it would be handed instead.
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { GRAPH_DAEMON_JSON, npmEnv, packTarball, ROOT, tmpDir } from './package';

interface Step {
  name: string;
  id?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  name: string;
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const ACTION = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;

interface Context {
  inputs: Record<string, string>;
  github: Record<string, string>;
  runner: Record<string, string>;
  steps: Record<string, { outputs: Record<string, string> }>;
}

/** The expressions the action uses: a context path, or `<path> == '<literal>'`. Anything else is an error here. */
function evaluate(expr: string, ctx: Context): string {
  const lookup = (p: string): string => {
    const parts = p.split('.');
    let v: unknown = ctx;
    for (const k of parts) v = (v as Record<string, unknown> | undefined)?.[k];
    if (parts[0] === 'steps') return typeof v === 'string' ? v : '';
    assert.equal(typeof v, 'string', `unknown expression ${p}`);
    return v as string;
  };
  const eq = /^([\w.-]+) == '([^']*)'$/.exec(expr);
  if (eq) return String(lookup(eq[1]) === eq[2]);
  assert.match(expr, /^[\w.-]+$/, `unsupported expression ${expr}`);
  return lookup(expr);
}
function substitute(s: string, ctx: Context): string {
  return s.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, e: string) => evaluate(e, ctx));
}

interface RunResult {
  steps: { name: string; code: number | null; out: string }[];
  uploads: Record<string, string>[];
  failed?: string;
}

/** Run the action's steps in order, stopping at the first failing one, as a runner does. */
function runAction(workspace: string, inputs: Record<string, string>, temp: string): RunResult {
  const ctx: Context = {
    inputs: Object.fromEntries(Object.entries(ACTION.inputs).map(([k, v]) => [k, inputs[k] ?? v.default ?? ''])),
    github: { action_path: ROOT, workspace },
    runner: { temp },
    steps: {},
  };
  const result: RunResult = { steps: [], uploads: [] };
  for (const step of ACTION.runs.steps) {
    if (step.if !== undefined && substitute(step.if, ctx) !== 'true') continue;
    if (step.uses) {
      result.uploads.push(Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, substitute(v, ctx)])));
      continue;
    }
    assert.equal(step.shell, 'bash', `${step.name}: composite run steps name their shell`);
    const outputFile = path.join(temp, `output-${result.steps.length}`);
    fs.writeFileSync(outputFile, '');
    const env = npmEnv({ npm_config_offline: 'true', GITHUB_OUTPUT: outputFile, GITHUB_ACTIONS: 'true', CI: 'true' });
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = substitute(v, ctx);
    const script = path.join(temp, `step-${result.steps.length}.sh`);
    fs.writeFileSync(script, step.run!);
    // How the runner starts `shell: bash`.
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: step['working-directory'] ? substitute(step['working-directory'], ctx) : workspace,
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    result.steps.push({ name: step.name, code: r.status, out: r.stdout + r.stderr });
    if (step.id) {
      const outputs: Record<string, string> = {};
      for (const line of fs.readFileSync(outputFile, 'utf8').split('\n').filter(Boolean)) {
        const eq = line.indexOf('=');
        outputs[line.slice(0, eq)] = line.slice(eq + 1);
      }
      ctx.steps[step.id] = { outputs };
    }
    if (r.status !== 0) {
      result.failed = step.name;
      break;
    }
  }
  return result;
}

describe('GitHub Action (action.yml)', () => {
  let work: string;
  let tarball: string;
  let workspace: string;

  before(() => {
    work = tmpDir('action');
    tarball = packTarball(work);
    workspace = path.join(work, 'repo');
    fs.mkdirSync(path.join(workspace, 'etc', 'docker'), { recursive: true });
    fs.mkdirSync(path.join(workspace, 'deploy'));
    fs.writeFileSync(path.join(workspace, 'etc', 'docker', 'daemon.json'), GRAPH_DAEMON_JSON);
    fs.writeFileSync(path.join(workspace, 'deploy', 'compose.yaml'), 'version: "3.8"\nservices:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: local\n');
    fs.writeFileSync(path.join(workspace, 'ci.shipshape.yaml'), 'rules:\n  daemon-deprecated-key: warning\n');
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('is a composite action with the inputs users set', () => {
    assert.equal(ACTION.runs.using, 'composite');
    assert.deepEqual(Object.keys(ACTION.inputs).sort(), ['config', 'fail-on', 'package', 'paths', 'upload-sarif']);
    assert.equal(ACTION.inputs.paths.default, '.');
    assert.equal(ACTION.inputs['fail-on'].default, 'error');
    const upload = ACTION.runs.steps.find((s) => s.uses);
    assert.match(upload!.uses!, /^github\/codeql-action\/upload-sarif@v\d+$/);
    // Inputs reach scripts through env only: an input spliced into a script could run code from a pull request.
    for (const s of ACTION.runs.steps) if (s.run) assert.doesNotMatch(s.run, /\$\{\{/, s.name);
  });

  it('with the defaults: installs, writes SARIF for the upload, annotates and fails on the removed key', { timeout: 180_000 }, () => {
    const temp = path.join(work, 'temp1');
    fs.mkdirSync(temp);
    const r = runAction(workspace, { package: tarball }, temp);
    assert.equal(r.failed, 'Annotate and check', JSON.stringify(r.steps, null, 2));
    assert.deepEqual(
      r.steps.map((s) => [s.name, s.code]),
      [
        ['Install shipshape', 0],
        ['Lint to SARIF', 0],
        ['Annotate and check', 1],
      ],
    );
    assert.equal(r.uploads.length, 1);
    assert.equal(r.uploads[0].category, 'shipshape');
    const sarif = JSON.parse(fs.readFileSync(r.uploads[0].sarif_file, 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    const results = sarif.runs[0].results.map((x: any) => `${x.ruleId} ${x.level} ${x.locations[0].physicalLocation.artifactLocation.uri}:${x.locations[0].physicalLocation.region.startLine}`);
    assert.deepEqual(results, ['compose-version-obsolete note deploy/compose.yaml:1', 'daemon-deprecated-key error etc/docker/daemon.json:2']);
    const annotate = r.steps[2].out;
    assert.match(annotate, /^::error file=etc\/docker\/daemon\.json,line=2,col=3,endLine=2,endColumn=10,title=daemon-deprecated-key::/m);
    assert.match(annotate, /^::notice file=deploy\/compose\.yaml,line=1,col=1,/m);
  });

  it('with paths, config and fail-on: lints only those paths with that config, and passes below the threshold', { timeout: 180_000 }, () => {
    const temp = path.join(work, 'temp2');
    fs.mkdirSync(temp);
    const r = runAction(workspace, { package: tarball, paths: 'etc\n', config: 'ci.shipshape.yaml', 'fail-on': 'error', 'upload-sarif': 'false' }, temp);
    assert.equal(r.failed, undefined, JSON.stringify(r.steps, null, 2));
    assert.deepEqual(r.uploads, []);
    const annotate = r.steps.at(-1)!.out;
    assert.match(annotate, /^::warning file=etc\/docker\/daemon\.json,line=2,col=3,.*title=daemon-deprecated-key::/m);
    assert.doesNotMatch(annotate, /compose\.yaml/);
    assert.match(annotate, /^shipshape: 1 problem in 1 file$/m);
  });
});
