// The API suite, run inside a real VS Code extension host: by the runner extension in code-server (npm run e2e) and
// by @vscode/test-electron in desktop VS Code (npm run test:vscode). It expects the workspace test/e2e prepares: a
// copy of examples/ plus `extra/etc/docker/daemon.json` (a trailing comma) that is never opened.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const RULE = 'daemon-json-invalid';
const log = (msg: string) => console.log(`e2e: ${msg}`);

async function waitFor<T>(what: string, get: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The first call right after a file opens can be cancelled by the editor; try again. */
async function retry<T>(f: () => Thenable<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await f();
    } catch (e) {
      if (i >= 10) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'shipshape');

function codeOf(d: vscode.Diagnostic): { value: string; target?: string } {
  const c = d.code;
  if (c && typeof c === 'object') return { value: String(c.value), target: c.target.toString() };
  return { value: String(c) };
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

export async function run(): Promise<void> {
  const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'shipshape' && e.packageJSON?.publisher === 'shipshape');
  assert.ok(ext, 'the shipshape extension is installed');
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(folder, 'a folder is open');
  const daemon = vscode.Uri.joinPath(folder, 'etc', 'docker', 'daemon.json');
  const extra = vscode.Uri.joinPath(folder, 'extra', 'etc', 'docker', 'daemon.json');

  // 1. Diagnostics on the example daemon.json.
  const doc = await vscode.workspace.openTextDocument(daemon);
  await vscode.window.showTextDocument(doc);
  await ext.activate();
  const t0 = Date.now();
  const diags = await waitFor('diagnostics on daemon.json', () => ours(daemon), (d) => d.length > 0);
  log(`diagnostics after ${Date.now() - t0} ms: ${diags.map((d) => `${codeOf(d).value} ${d.range.start.line + 1}:${d.range.start.character + 1}`).join(', ')}`);
  const d = diags[0];
  assert.equal(codeOf(d).value, RULE);
  assert.match(codeOf(d).target ?? '', /docs\/rules\/daemon-json-invalid\.md$/);
  assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
  assert.equal(doc.getText(d.range), '# keep containers up during upgrades');

  // 2. Hover: the finding's rule page, and the facts of a daemon.json key.
  const onFinding = await retry(() => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', daemon, d.range.start.translate(0, 2)));
  assert.match(hoverText(onFinding), /daemon-json-invalid/);
  assert.match(hoverText(onFinding), /What it does/);
  const keyAt = doc.positionAt(doc.getText().indexOf('"live-restore"') + 3);
  const onKey = await retry(() => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', daemon, keyAt));
  assert.match(hoverText(onKey), /--live-restore/);
  log('hover shows the rule page and the option facts');

  // 3. The quick fix, through the code action provider, applied with workspace.applyEdit.
  const actions = await retry(() => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', daemon, d.range, vscode.CodeActionKind.QuickFix.value));
  log(`code actions: ${actions.map((a) => a.title).join(' | ')}`);
  const fix = actions.find((a) => a.title === 'Delete the comment');
  assert.ok(fix?.edit, 'the engine fix is offered');
  assert.equal(fix.isPreferred, true);
  assert.ok(actions.some((a) => a.title === `Turn off ${RULE} for this workspace`));
  assert.ok(await vscode.workspace.applyEdit(fix.edit));
  assert.ok(!doc.getText().includes('#'), 'the comment is gone');
  await waitFor('diagnostics to clear after the fix', () => ours(daemon), (x) => x.length === 0);
  log('quick fix applied; diagnostics cleared');

  // 4. The workspace lint command finds the file nobody opened.
  assert.equal(ours(extra).length, 0);
  const result = await vscode.commands.executeCommand<{ files: number; findings: number; cancelled: boolean }>('shipshape.lintWorkspace');
  log(`workspace lint: ${JSON.stringify(result)}`);
  assert.equal(result.cancelled, false);
  assert.ok(result.files >= 2);
  const extraDiags = await waitFor('diagnostics on the unopened file', () => ours(extra), (x) => x.length > 0);
  assert.equal(codeOf(extraDiags[0]).value, RULE);
  assert.ok(!vscode.workspace.textDocuments.some((t) => t.uri.toString() === extra.toString()), 'the file was not opened');

  // 5. Completion of daemon.json keys.
  const edit = new vscode.WorkspaceEdit();
  edit.insert(daemon, doc.positionAt(1), '\n  "stor');
  assert.ok(await vscode.workspace.applyEdit(edit));
  const list = await retry(() => vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', daemon, doc.positionAt(8)));
  const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
  assert.ok(labels.includes('storage-driver'), labels.join());
  log(`completion offers ${labels.length} keys`);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}
