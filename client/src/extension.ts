// The VS Code client: starts the language server in its own Node process, forwards the settings (normalised by the
// same definition the server uses), and contributes the commands and the status bar item. No linting happens here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, RequestType, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { EXPLAIN, LINT_WORKSPACE, type ExplainAnswer, type ExplainParams, type LintWorkspaceParams, type LintWorkspaceResult } from '../../server/src/protocol/requests';
import { settingsFrom, SETTINGS_SECTION } from '../../server/src/protocol/settings';
import { documentSelector } from './selector';

const LintWorkspaceRequest = new RequestType<LintWorkspaceParams, LintWorkspaceResult, void>(LINT_WORKSPACE);
const ExplainRequest = new RequestType<ExplainParams, ExplainAnswer, void>(EXPLAIN);
/** Files whose current line is taken as the error to explain when nothing is selected. */
const LOG_LIKE = /\.(log|out|err|txt)$|(^|[\\/])(journal|syslog|messages|daemon\.log)[^\\/]*$/i;

let explainPanel: vscode.WebviewPanel | undefined;

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    // `--expose-gc`: the server collects a lint's garbage between edits, not during the next one (lsp/idle-gc.ts).
    run: { module, transport: TransportKind.ipc, options: { execArgv: ['--expose-gc'] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--expose-gc', '--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    diagnosticCollectionName: 'shipshape',
    middleware: {
      workspace: {
        // Answer the server's settings pulls with normalised values: bad input becomes the defaults.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return result.map((value, i) => (params.items[i]?.section === SETTINGS_SECTION ? settingsFrom(value) : value));
        },
      },
    },
  };
  client = new LanguageClient('shipshape', 'shipshape', serverOptions, clientOptions);

  const status = vscode.window.createStatusBarItem('shipshape.status', vscode.StatusBarAlignment.Left, 10);
  status.name = 'shipshape';
  status.command = 'shipshape.lintWorkspace';
  status.tooltip = 'shipshape: findings in the workspace. Click to lint the whole workspace.';
  const refresh = () => {
    let n = 0;
    for (const [, diags] of vscode.languages.getDiagnostics()) n += diags.filter((d) => d.source === 'shipshape').length;
    status.text = n ? `$(warning) shipshape: ${n}` : '$(check) shipshape';
    status.show();
  };
  refresh();

  context.subscriptions.push(
    status,
    vscode.languages.onDidChangeDiagnostics(refresh),
    vscode.commands.registerCommand('shipshape.lintWorkspace', () => lintWorkspace()),
    vscode.commands.registerCommand('shipshape.showRuleDocumentation', (ruleId?: unknown) => showRuleDocumentation(context, ruleId)),
    vscode.commands.registerCommand('shipshape.explainError', (text?: unknown) => explainError(typeof text === 'string' ? text : undefined)),
    vscode.commands.registerCommand('shipshape.openLocation', (u?: unknown, line?: unknown) => openLocation(u, line)),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** Lint every file of the workspace. Returns the counts (the status bar and tests read them); shows no modal. */
async function lintWorkspace(): Promise<LintWorkspaceResult | undefined> {
  if (!client) return undefined;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'shipshape: linting the workspace' },
    (_p, token) => client!.sendRequest(LintWorkspaceRequest, {}, token),
  );
  if (!result.cancelled) {
    const skipped = result.noticeCount ? `; ${result.noticeCount} file(s) skipped (listed in the "shipshape" output)` : '';
    void vscode.window.setStatusBarMessage(`shipshape: ${result.findings} finding(s) in ${result.filesWithFindings} of ${result.files} file(s)${skipped}`, 5000);
    if (result.findings > 0) void vscode.commands.executeCommand('workbench.actions.view.problems');
  }
  return result;
}

/** Open a rule's page (shipped in docs/rules/) in the Markdown preview; without an id, pick one from the list. */
async function showRuleDocumentation(context: vscode.ExtensionContext, ruleId?: unknown): Promise<void> {
  const dir = context.asAbsolutePath(path.join('docs', 'rules'));
  let id = typeof ruleId === 'string' ? ruleId : undefined;
  if (!id) {
    const ids = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.md')).map((n) => n.slice(0, -3)).sort() : [];
    id = await vscode.window.showQuickPick(ids, { placeHolder: 'shipshape rule' });
  }
  if (!id || !/^[a-z0-9-]+$/.test(id)) return;
  const file = path.join(dir, `${id}.md`);
  if (!fs.existsSync(file)) {
    void vscode.window.showWarningMessage(`shipshape has no documentation page for "${id}".`);
    return;
  }
  await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(file));
}

/**
 * Explain a Docker error: the selection, else the current line of a log-like file, else what the user types. The
 * answer (Markdown from the server) opens in a view whose `path:line` links open the files. Returns the Markdown.
 */
async function explainError(given?: string): Promise<string | undefined> {
  if (!client) return undefined;
  let text = given;
  const editor = vscode.window.activeTextEditor;
  if (!text && editor) {
    const sel = editor.document.getText(editor.selection);
    if (sel.trim()) text = sel;
    else if (LOG_LIKE.test(editor.document.fileName) || editor.document.languageId === 'log') text = editor.document.lineAt(editor.selection.active.line).text;
  }
  if (!text?.trim()) {
    text = await vscode.window.showInputBox({
      title: 'shipshape: Explain Docker Error',
      prompt: 'Paste the error message (from docker, dockerd, journalctl or compose)',
      placeHolder: 'e.g. unlinkat /var/lib/docker/overlay2/…/merged: device or resource busy',
      ignoreFocusOut: true,
    });
  }
  if (!text?.trim()) return undefined;
  const folder = (editor && vscode.workspace.getWorkspaceFolder(editor.document.uri)) ?? vscode.workspace.workspaceFolders?.[0];
  const answer = await client.sendRequest(ExplainRequest, { text, folder: folder?.uri.toString(), links: 'command' });
  const html = await vscode.commands.executeCommand<string>('markdown.api.render', answer.markdown);
  if (!explainPanel) {
    explainPanel = vscode.window.createWebviewPanel('shipshape.explain', 'shipshape: Explain', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableCommandUris: ['shipshape.openLocation'],
      enableScripts: false,
    });
    explainPanel.onDidDispose(() => (explainPanel = undefined));
  }
  explainPanel.webview.html = `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';">
<style>body{font-family:var(--vscode-font-family);font-size:var(--vscode-font-size);color:var(--vscode-foreground);line-height:1.5;padding:0 16px}
a{color:var(--vscode-textLink-foreground)} code,pre{font-family:var(--vscode-editor-font-family)}
pre{background:var(--vscode-textCodeBlock-background);padding:8px;white-space:pre-wrap;word-break:break-all}</style></head>
<body>${html ?? ''}</body></html>`;
  explainPanel.reveal(vscode.ViewColumn.Beside, true);
  return answer.markdown;
}

/** Open a file at a 1-based line (the links of the explain view). */
async function openLocation(u?: unknown, line?: unknown): Promise<void> {
  if (typeof u !== 'string') return;
  const n = typeof line === 'number' && line >= 1 ? line - 1 : 0;
  const pos = new vscode.Position(n, 0);
  await vscode.window.showTextDocument(vscode.Uri.parse(u), { selection: new vscode.Range(pos, pos), viewColumn: vscode.ViewColumn.One });
}
