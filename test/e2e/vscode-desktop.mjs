// The API suite (test/e2e/suite/index.ts) in desktop VS Code through @vscode/test-electron, which downloads VS Code
// from update.code.visualstudio.com on first use (`npm run test:vscode`). Where that download cannot be made, it says
// so and skips with exit status 0: the same suite runs in code-server under `npm run e2e`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSuite, ROOT, scratchWorkspace } from './harness.mjs';

const { downloadAndUnzipVSCode, runTests } = await import('@vscode/test-electron');

let vscodeExecutablePath;
try {
  vscodeExecutablePath = await downloadAndUnzipVSCode({ timeout: 20000 });
} catch (e) {
  console.log(`desktop VS Code: skipped, VS Code could not be downloaded (${e instanceof Error ? e.message : e})`);
  console.log('desktop VS Code: the same API suite runs in code-server with `npm run e2e`');
  process.exit(0);
}
const workspace = scratchWorkspace({
  'extra/Dockerfile': 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nUSER 1000\n',
  'extra/.dockerignore': '.git\n',
});
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-vscode-'));
const suite = await buildSuite(work);
try {
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: suite,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(work, 'user')],
  });
  console.log('desktop VS Code: API suite passed');
} catch (e) {
  console.error(`desktop VS Code: ${e instanceof Error ? e.message : e}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(workspace, { recursive: true, force: true });
}
