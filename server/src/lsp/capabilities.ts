// What the client can do (read once, from `initialize`) and what the server offers in return.
import { CodeActionKind, TextDocumentSyncKind, type InitializeParams, type ServerCapabilities } from 'vscode-languageserver/node';

export interface ClientCaps {
  configuration: boolean;
  dynamicWatch: boolean;
  documentChanges: boolean;
  workDoneProgress: boolean;
  workspaceFolders: boolean;
  /** Pull diagnostics, only with a client that can also be told to pull again after a cross-file change. */
  pull: boolean;
}

export function clientCaps(params: InitializeParams): ClientCaps {
  const c = params.capabilities;
  return {
    configuration: !!c.workspace?.configuration,
    dynamicWatch: !!c.workspace?.didChangeWatchedFiles?.dynamicRegistration,
    documentChanges: !!c.workspace?.workspaceEdit?.documentChanges,
    workDoneProgress: !!c.window?.workDoneProgress,
    workspaceFolders: !!c.workspace?.workspaceFolders,
    pull: !!c.textDocument?.diagnostic && !!c.workspace?.diagnostics?.refreshSupport,
  };
}

export function serverCapabilities(pull: boolean): ServerCapabilities {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll + '.shipshape'], resolveProvider: false },
    hoverProvider: true,
    completionProvider: { triggerCharacters: ['"'], resolveProvider: false },
    diagnosticProvider: pull ? { identifier: 'shipshape', interFileDependencies: true, workspaceDiagnostics: false } : undefined,
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
  };
}
