// `npm run test:vscode`: the same API suite (test/e2e/suite/index.ts) in desktop VS Code, downloaded by
// @vscode/test-electron. It needs update.code.visualstudio.com; on machines without that network it fails at the
// download, and `npm run e2e` (code-server) is the way to run the suite there. Not part of CI.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildSuite, ROOT, scratchWorkspace } from './harness.mjs';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-vscode-'));
const suite = await buildSuite(work);
const workspace = scratchWorkspace({ 'extra/etc/docker/daemon.json': '{\n  "debug": true,\n}\n' });
try {
  await runTests({
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: suite,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
  console.log('API suite passed in desktop VS Code');
} catch (e) {
  console.error(`API suite in desktop VS Code failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}
