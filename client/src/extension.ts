// The VS Code client: starts the language server in its own Node process, forwards the settings (normalised by the
// same definition the server uses), and contributes the commands and the status bar item. No linting happens here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, RequestType, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { settingsFrom, SETTINGS_SECTION } from '../../server/src/settings';
import { documentSelector } from './selector';

interface LintWorkspaceResult {
  files: number;
  filesWithFindings: number;
  findings: number;
  cancelled: boolean;
  ms: number;
}
const LintWorkspaceRequest = new RequestType<{ folder?: string }, LintWorkspaceResult, void>('shipshape/lintWorkspace');

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
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
    void vscode.window.setStatusBarMessage(`shipshape: ${result.findings} finding(s) in ${result.filesWithFindings} of ${result.files} file(s)`, 5000);
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
