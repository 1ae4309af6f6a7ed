// Commands that write wxperm.json: create it, grant a set, import a saved authorization response.
// The server computes the edits (keeping comments and formatting); the client applies them.
import * as vscode from 'vscode';
import type { LanguageClient, WorkspaceEdit } from 'vscode-languageclient/node';
import { Commands, type GrantEditResult, type ImportResult } from '../../server/src/protocol';
import { executeServerCommand } from './server';

const TEMPLATE = `{
  "$schema": "https://unpkg.com/wxperm/catalog/wxperm.schema.json",
  // Permission-set ids your authorizers granted (or "authorization": a saved api_query_auth response).
  "grants": []
}
`;

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  const active = vscode.window.activeTextEditor && vscode.workspace.getWorkspaceFolder(vscode.window.activeTextEditor.document.uri);
  return active ?? vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Which folder?') });
}

export async function createConfig(): Promise<vscode.Uri | undefined> {
  const folder = await pickFolder();
  if (!folder) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open a folder first: wxperm.json lives at the root of a workspace folder.'));
    return undefined;
  }
  const uri = vscode.Uri.joinPath(folder.uri, 'wxperm.json');
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(TEMPLATE) });
    await vscode.workspace.applyEdit(edit);
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return uri;
}

export async function grantSet(client: LanguageClient, uri: string | undefined, setId: number): Promise<boolean> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri.toString() ?? vscode.workspace.workspaceFolders?.[0]?.uri.toString();
  if (!target || !Number.isInteger(setId)) return false;
  const r = await executeServerCommand<GrantEditResult>(client, Commands.grantEdit, [target, setId]);
  if ('error' in r) {
    void vscode.window.showWarningMessage(r.error);
    return false;
  }
  const ok = await applyServerEdit(client, r.edit);
  if (ok) {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === r.configUri);
    await doc?.save();
  }
  return ok;
}

/**
 * Applies an edit the server computed, unless a document it was computed from has changed since: the
 * server marks edits to an open wxperm.json with that document's version, and the client library's
 * converter drops versions, so they are compared here. Applying offsets to changed text would corrupt it.
 */
async function applyServerEdit(client: LanguageClient, lspEdit: WorkspaceEdit): Promise<boolean> {
  for (const change of lspEdit.documentChanges ?? []) {
    if (!('textDocument' in change) || change.textDocument.version === null) continue;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === change.textDocument.uri);
    if (open && open.version !== change.textDocument.version) {
      void vscode.window.showWarningMessage(vscode.l10n.t('{0} changed while the edit was being prepared; nothing was written. Try again.', vscode.workspace.asRelativePath(open.uri)));
      return false;
    }
  }
  return vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(lspEdit));
}

export async function importAuthorization(client: LanguageClient, file?: vscode.Uri): Promise<ImportResult | undefined> {
  const folder = await pickFolder();
  if (!folder) return undefined;
  const chosen = file ?? (await vscode.window.showOpenDialog({
    canSelectMany: false, defaultUri: folder.uri, openLabel: vscode.l10n.t('Import'),
    filters: { JSON: ['json'] }, title: vscode.l10n.t('A saved api_query_auth or api_get_authorizer_info response'),
  }))?.[0];
  if (!chosen) return undefined;
  const rel = vscode.workspace.asRelativePath(chosen, false);
  const r = await executeServerCommand<ImportResult>(client, Commands.importAuthorization, [folder.uri.toString(), rel]);
  if ('error' in r) {
    void vscode.window.showErrorMessage(r.error);
    return r;
  }
  const ok = await applyServerEdit(client, r.edit);
  if (ok) {
    await vscode.workspace.textDocuments.find((d) => d.uri.toString() === r.configUri)?.save();
    const list = r.sets.map((s) => `${s.id}${s.name ? ` ${s.name}` : ''}`).join(', ');
    void vscode.window.showInformationMessage(vscode.l10n.t('wxperm.json now reads {0}: {1} sets granted ({2}).', rel, r.sets.length, list));
  }
  return r;
}
