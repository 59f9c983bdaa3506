// Layer (a): the API suite inside the real extension host of code-server (VS Code 1.139), launched through the
// runner extension. The suite itself is test/e2e/suite/index.ts.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSuite, launchBrowser, packRunner, productVsix, requireEditor, scratchWorkspace, startCodeServer } from './harness.mjs';

test('API suite in the extension host of a real VS Code (code-server)', { timeout: 180000 }, async () => {
  requireEditor();
  const t0 = Date.now();
  const vsix = productVsix();
  console.log(`${path.basename(vsix.path)}: ${(vsix.size / 1024).toFixed(0)} KB`);
  assert.ok(vsix.size < 5 * 1024 * 1024, 'the .vsix stays under 5 MB');
  const workspace = scratchWorkspace({
    'extra/Dockerfile': 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nUSER 1000\n',
    'extra/.dockerignore': '.git\n',
  });
  const work = fs.mkdtempSync(path.join(workspace, '..', 'shipshape-e2e-api-'));
  const suite = await buildSuite(work);
  const runner = packRunner(work);
  const resultFile = path.join(work, 'result.json');
  const cs = await startCodeServer({ workspace, extensions: [vsix.path, runner], env: { E2E_TESTS: suite, E2E_RESULT: resultFile } });
  let browser;
  try {
    // The extension host starts when a window connects.
    browser = await launchBrowser(work);
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(cs.url);
    const deadline = Date.now() + 120000;
    while (!fs.existsSync(resultFile)) {
      if (Date.now() > deadline) throw new Error(`no result from the suite; code-server log: ${cs.log}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
    for (const line of result.log) console.log(line);
    assert.equal(result.pass, true, result.error);
  } finally {
    await browser?.close();
    await cs.stop();
    console.log(`API suite in code-server: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
});
