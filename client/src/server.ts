// Starting the language server and talking to it: the only place that knows about the client object.
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind, type ErrorHandler, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { ExecuteCommandRequest } from 'vscode-languageclient';

export const DOCUMENT_SELECTOR = [
  'typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python', 'go', 'java', 'kotlin', 'php', 'csharp', 'vb',
  'ruby', 'rust', 'json', 'jsonc', 'yaml', 'markdown', 'plaintext', 'xml', 'properties', 'shellscript', 'vue',
].flatMap((language) => [{ scheme: 'file', language }, { scheme: 'untitled', language }]);

export function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    initializationOptions: { locale: vscode.env.language, trusted: vscode.workspace.isTrusted },
    synchronize: { configurationSection: 'wxperm' },
    // Restart a crashed server a few times, then stop.
    errorHandler: restartingErrorHandler(4),
  };
  return new LanguageClient('wxperm', vscode.l10n.t('WeChat Permission Sets'), serverOptions, clientOptions);
}

export async function executeServerCommand<T>(client: LanguageClient, command: string, args: unknown[] = [], token?: vscode.CancellationToken): Promise<T> {
  return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }, token) as Promise<T>;
}

/**
 * The library's default handler counts each failed write to a dead server (twice over IPC) and shuts
 * the client down before the close arrives — a crash mid-traffic then never restarts. Write errors
 * wait for the close; closes restart up to `maxRestarts` times in three minutes.
 */
export function restartingErrorHandler(maxRestarts: number): ErrorHandler {
  const restarts: number[] = [];
  return {
    error: () => ({ action: ErrorAction.Continue }),
    closed: () => {
      const now = Date.now();
      while (restarts.length && now - restarts[0] > 3 * 60 * 1000) restarts.shift();
      if (restarts.length >= maxRestarts) return { action: CloseAction.DoNotRestart };
      restarts.push(now);
      return { action: CloseAction.Restart };
    },
  };
}
