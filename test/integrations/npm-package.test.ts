// The npm package as a user gets it: `npm pack`, installed into an empty project with no network and no dev
// dependencies, then both of its programs run from node_modules/.bin: the CLI (through npx) and the language server.
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GRAPH_DAEMON_JSON, initializeServer, npmEnv, packTarball, ROOT, tmpDir } from './package';

describe('npm package', () => {
  let work: string;
  let tarball: string;
  let project: string;

  before(() => {
    work = tmpDir('npm');
    tarball = packTarball(work);
    project = path.join(work, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'host-config', version: '1.0.0', private: true }));
    // --offline: the package needs nothing from the registry (it has no dependencies).
    execFileSync('npm', ['install', '--offline', '--no-audit', '--save-dev', tarball], { cwd: project, env: npmEnv(), stdio: 'pipe' });
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('is a small tarball of the bin scripts, the two bundles, the rule pages, README and LICENSE', () => {
    const list = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
    const allowed = [
      /^package\/(package\.json|README\.md|LICENSE)$/,
      /^package\/bin\/shipshape(-language-server)?\.js$/,
      /^package\/dist\/(cli|server|extension)\.js$/,
      /^package\/docs\/rules\/[a-z0-9-]+\.md$/,
      /^package\/docs\/images\/[a-z0-9-]+\.png$/,
      /^package\/syntaxes\/[a-z-]+\.(tmLanguage|language-configuration)\.json$/,
      /^package\/images\/icon\.png$/,
    ];
    assert.deepEqual(list.filter((f) => !allowed.some((re) => re.test(f))), []);
    for (const f of ['package/bin/shipshape.js', 'package/bin/shipshape-language-server.js', 'package/dist/cli.js', 'package/dist/server.js', 'package/LICENSE']) assert.ok(list.includes(f), f);
    const size = fs.statSync(tarball).size;
    assert.ok(size < 1.5 * 1024 * 1024, `tarball is ${size} bytes`);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.private, undefined);
    assert.equal(pkg.dependencies, undefined, 'everything the programs need is in the bundles');
    assert.equal(pkg.license, 'MIT');
    assert.match(pkg.repository.url, /^https:\/\/github\.com\/.+\.git$/);
    assert.equal(pkg.engines.node, '>=20');
    assert.deepEqual(pkg.bin, { shipshape: 'bin/shipshape.js', 'shipshape-language-server': 'bin/shipshape-language-server.js' });
  });

  it('installs nothing but itself', () => {
    const modules = fs.readdirSync(path.join(project, 'node_modules')).filter((n) => !n.startsWith('.'));
    assert.deepEqual(modules, ['shipshape']);
    assert.deepEqual(fs.readdirSync(path.join(project, 'node_modules', '.bin')).sort(), ['shipshape', 'shipshape-language-server']);
  });

  it('`npx shipshape lint --format github` annotates a daemon.json with a removed key', () => {
    fs.mkdirSync(path.join(project, 'etc', 'docker'), { recursive: true });
    fs.writeFileSync(path.join(project, 'etc', 'docker', 'daemon.json'), GRAPH_DAEMON_JSON);
    const r = spawnSync('npx', ['--offline', 'shipshape', 'lint', '--format', 'github', 'etc'], { cwd: project, env: npmEnv(), encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[0], /^::error file=etc\/docker\/daemon\.json,line=2,col=3,endLine=2,endColumn=10,title=daemon-deprecated-key::"graph" was deprecated in Docker 17\.05 and removed in 23\.0: /);
    assert.equal(lines.at(-1), 'shipshape: 1 problem in 1 file');
    assert.equal(lines.length, 2);
  });

  it('`shipshape-language-server --stdio` answers initialize', async () => {
    const { result, exitCode } = await initializeServer(path.join(project, 'node_modules', '.bin', 'shipshape-language-server'), ['--stdio'], project);
    assert.equal(result.serverInfo.name, 'shipshape');
    assert.equal(result.serverInfo.version, JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    assert.ok(result.capabilities.textDocumentSync, JSON.stringify(result));
    assert.ok(result.capabilities.codeActionProvider);
    assert.equal(exitCode, 0);
  });
});
