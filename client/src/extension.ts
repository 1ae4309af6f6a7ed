// The VS Code extension: starts the wxperm language server and wires commands, the tree view and the
// status item to it. No catalog logic lives here: everything is asked of the server.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { State } from 'vscode-languageclient';
import { Commands, type CheckSummary } from '../../server/src/protocol';
import { createClient, executeServerCommand } from './server';
import { DETAILS_SCHEME, DetailsProvider, showDetails } from './details';
import { lookupCommand, type LookupAction } from './lookup';
import { copyCategoryIdList } from './authLink';
import { PermissionTree } from './tree';
import { GrantsStatusItem } from './status';
import { createConfig, grantSet, importAuthorization } from './config';
import { registerTasks } from './tasks';

let client: LanguageClient | undefined;

/** What tests (and other extensions) can reach through the extension's exports. */
export interface WxpermApi {
  client: () => LanguageClient | undefined;
  tree: PermissionTree;
  status: GrantsStatusItem;
  ready: Promise<void>;
}

export async function activate(context: vscode.ExtensionContext): Promise<WxpermApi> {
  const output = vscode.window.createOutputChannel('WeChat Permission Sets', { log: true });
  const getClient = () => client;
  const tree = new PermissionTree(getClient);
  const status = new GrantsStatusItem(getClient);
  const details = new DetailsProvider(getClient);
  let crashes = 0;
  // Restarts we ask for ourselves (command, trust) are not crashes and get no warning.
  let restarting = false;
  const restart = async () => {
    restarting = true;
    try { await client?.restart(); } finally { restarting = false; }
  };

  client = createClient(context, output);
  client.onDidChangeState((e) => {
    if (e.newState === State.Stopped && e.oldState === State.Running && !restarting && ++crashes === 1) {
      void vscode.window.showWarningMessage(vscode.l10n.t('The wxperm language server stopped; it is being restarted.'));
    }
  });

  const requireClient = (): LanguageClient => {
    if (!client) throw new Error(vscode.l10n.t('The wxperm language server is not running.'));
    return client;
  };

  context.subscriptions.push(
    output, status, { dispose: () => void client?.stop() },
    vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, details),
    registerTasks(context),
    vscode.window.registerTreeDataProvider('wxperm.permissionSets', tree),
    vscode.commands.registerCommand('wxperm.lookup', (preset?: { query?: string; key?: string; action?: LookupAction }) => lookupCommand(requireClient(), preset)),
    vscode.commands.registerCommand('wxperm.showCatalog', () => showDetails('catalog', vscode.l10n.t('WeChat permission-set catalog'))),
    vscode.commands.registerCommand('wxperm.checkWorkspace', () => checkWorkspace(requireClient(), tree)),
    vscode.commands.registerCommand('wxperm.importAuthorization', (file?: vscode.Uri) => importAuthorization(requireClient(), file)),
    vscode.commands.registerCommand('wxperm.createConfig', () => createConfig()),
    vscode.commands.registerCommand('wxperm.restartServer', async () => { await restart(); tree.refresh(0); }),
    vscode.commands.registerCommand('wxperm.showOutput', () => output.show()),
    vscode.commands.registerCommand('wxperm.openDocs', (url: string) => url && vscode.env.openExternal(vscode.Uri.parse(url))),
    vscode.commands.registerCommand('wxperm.grantSet', (uri: string | undefined, setId: number) => grantSet(requireClient(), uri, Number(setId))),
    vscode.commands.registerCommand('wxperm.refreshTree', () => tree.refresh(0)),
    vscode.commands.registerCommand('wxperm.copyCategoryIdList', (node?: { folderUri?: string }) => copyCategoryIdList(tree, node?.folderUri)),
    vscode.languages.onDidChangeDiagnostics(() => { tree.refresh(); status.schedule(); }),
    vscode.window.onDidChangeActiveTextEditor(() => status.schedule(100)),
    vscode.workspace.onDidSaveTextDocument(() => tree.refresh()),
    // The server reads authorization files named in settings only once the workspace is trusted.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restart()),
  );

  const ready = client.start().then(async () => {
    await status.update();
    tree.refresh(0);
  });
  return { client: getClient, tree, status, ready };
}

async function checkWorkspace(c: LanguageClient, tree: PermissionTree): Promise<CheckSummary | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('wxperm: checking the workspace…'), cancellable: true },
    async (_progress, token) => {
      try {
        const s = await executeServerCommand<CheckSummary>(c, Commands.checkWorkspace, [], token);
        tree.refresh(0);
        void vscode.window.showInformationMessage(vscode.l10n.t('wxperm checked {0} files: {1} errors, {2} warnings.', s.files, s.errors, s.warnings));
        return s;
      } catch (e) {
        if (token.isCancellationRequested) return undefined;
        throw e;
      }
    },
  );
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
