// "Copy category_id_list": the permission sets to ask a new authorizer for, as the authorization
// link's `category_id_list=` parameter — the same value `wxperm inventory` prints, from the server's
// inventory of the workspace (least privileged first, mutex sets last).
import * as vscode from 'vscode';
import type { InventoryFolder } from '../../server/src/protocol';
import type { PermissionTree } from './tree';

export async function copyCategoryIdList(tree: PermissionTree, folderUri?: string): Promise<string | undefined> {
  const inventory = await tree.load();
  if (!inventory) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The wxperm language server is not running.'));
    return undefined;
  }
  const folder = await pick(inventory.folders, folderUri);
  if (!folder) return undefined;
  if (!folder.categoryIdList.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The code calls no interface that needs a permission set.'));
    return undefined;
  }
  const value = `category_id_list=${folder.categoryIdList.join('|')}`;
  await vscode.env.clipboard.writeText(value);
  void vscode.window.showInformationMessage(vscode.l10n.t('Copied {0}: the permission sets this code needs, least privileged first.', value));
  return value;
}

async function pick(folders: InventoryFolder[], folderUri: string | undefined): Promise<InventoryFolder | undefined> {
  if (folderUri) return folders.find((f) => f.folderUri === folderUri);
  if (folders.length <= 1) return folders[0];
  const chosen = await vscode.window.showQuickPick(
    folders.map((f) => ({ label: vscode.workspace.asRelativePath(vscode.Uri.parse(f.folderUri)), description: f.categoryIdList.join('|'), folder: f })),
    { placeHolder: vscode.l10n.t('Which folder?') },
  );
  return chosen?.folder;
}
