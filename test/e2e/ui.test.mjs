// Layer (b): what a user sees in a real VS Code (code-server 4.139 = VS Code 1.139) driven through the UI with
// Playwright and Debian's chromium: the workspace lint filling the Problems panel, a squiggle with its Problems entry,
// the Ctrl+. quick-fix menu, and the text after the fix. Screenshots go to test/e2e/screenshots/.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser, productVsix, requireEditor, scratchWorkspace, SHOTS, startCodeServer } from './harness.mjs';

const RULE = 'daemon-json-invalid';

/** Do what shows `row` (a palette entry, a menu row) until it shows, three times at most, closing what opened between. */
async function untilVisible(page, row, timeout, open) {
  for (let attempt = 1; ; attempt++) {
    await open();
    try {
      await row.waitFor({ timeout });
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
      await page.keyboard.press('Escape');
    }
  }
}

test('UI: workspace lint, squiggle, Problems entry and quick fix in a real VS Code', { timeout: 240000 }, async () => {
  requireEditor();
  const t0 = Date.now();
  const vsix = productVsix();
  const workspace = scratchWorkspace();
  const cs = await startCodeServer({ workspace, extensions: [vsix.path] });
  fs.mkdirSync(SHOTS, { recursive: true });
  const shots = [];
  let browser;
  let page;
  const shot = async (name) => {
    const file = path.join(SHOTS, name);
    await page.waitForTimeout(400); // let panels and menus finish their animation
    await page.screenshot({ path: file });
    shots.push(file);
  };
  try {
    browser = await launchBrowser(cs.dir);
    page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(cs.url);
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 90000 });

    // 1. "shipshape: Lint Workspace" from the command palette fills the Problems panel with files nobody opened.
    // The extension is up when its status bar item shows; the palette lists its commands from then on.
    await page.locator('.statusbar-item', { hasText: 'shipshape' }).first().waitFor({ timeout: 60000 });
    const lintRow = page.locator('.quick-input-list .monaco-list-row', { hasText: 'shipshape: Lint Workspace' }).first();
    await untilVisible(page, lintRow, 10000, async () => {
      await page.keyboard.press('Control+Shift+P');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
      await page.keyboard.type('shipshape: Lint Workspace');
    });
    await page.keyboard.press('Enter');
    // Findings of several file kinds (the list is virtual: only the rows in view exist in the page).
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'shipshape' }).first().waitFor({ timeout: 60000 });
    await shot('1-workspace-lint-problems.png');
    const rows = await page.locator('.markers-panel .monaco-list-row').allTextContents();
    console.log(`Problems panel after the workspace lint: ${rows.length} row(s): ${rows.slice(0, 6).join(' | ')}`);

    // 2. Open daemon.json: the squiggle, and the Problems entry with our rule id.
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type('daemon.json');
    await page.locator('.quick-input-list .monaco-list-row[aria-label*="daemon.json"]').first().waitFor();
    await page.keyboard.press('Enter');
    await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60000 });
    // Filter the Problems panel to our rule, so its entry is in view.
    await page.locator('.viewpane-filter input').first().fill(RULE);
    const entry = await page.locator('.markers-panel .monaco-list-row', { hasText: RULE }).first().textContent({ timeout: 30000 });
    assert.match(entry ?? '', /shipshape/);
    await shot('2-squiggle-and-problem.png');

    // 3. Ctrl+. on the comment: the quick-fix menu offers the engine's fix first.
    // On a loaded machine the first Ctrl+. can land before the editor has focus: ask again, as a user would.
    const fixRow = page.locator('.action-widget .monaco-list-row.action', { hasText: 'Delete the comment' }).first();
    await untilVisible(page, fixRow, 15000, async () => {
      await page.locator('.monaco-editor .view-line', { hasText: '# keep containers' }).first().click();
      await page.keyboard.press('Control+.');
    });
    const menu = await page.locator('.action-widget .monaco-list-row.action').allTextContents();
    console.log(`quick-fix menu: ${menu.join(' | ')}`);
    assert.ok(menu.some((t) => t.includes(`Turn off ${RULE} for this workspace`)));
    await shot('3-quick-fix-menu.png');
    const squiggles = await page.locator('.monaco-editor .squiggly-error').count();
    await fixRow.click();

    // 4. The text changed and the comment's squiggle is gone (live-restore keeps its own: the drop-in's MountFlags=slave).
    await page.waitForFunction((n) => document.querySelectorAll('.monaco-editor .squiggly-error').length < n, squiggles, { timeout: 30000 });
    const text = (await page.locator('.monaco-editor .view-lines').first().textContent()).replace(/\u00a0/g, ' '); // the editor renders spaces as no-break spaces
    assert.ok(!text.includes('# keep containers'), text);
    assert.match(text, /"live-restore": true/);
    await shot('4-after-quick-fix.png');
  } catch (e) {
    if (page) await shot('failure.png').catch(() => {});
    throw e;
  } finally {
    await browser?.close();
    await cs.stop();
    for (const s of shots) console.log(`screenshot: ${path.relative(process.cwd(), s)}`);
    console.log(`UI scenario in code-server: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
});
