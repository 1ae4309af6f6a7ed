// "Look Up Interface or Permission Set…": a QuickPick over every set and interface the server knows,
// then the chosen item's details and what to do with it.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Commands, type CatalogItem, type CatalogItems, type ItemDetails } from '../../server/src/protocol';
import { executeServerCommand } from './server';
import { showDetails } from './details';

interface ItemPick extends vscode.QuickPickItem {
  item: CatalogItem;
}

export type LookupAction = 'copy' | 'insert' | 'docs' | 'grant' | 'none';

export interface LookupOutcome {
  item?: CatalogItem;
  action?: LookupAction;
}

const STATE_ICON: Record<CatalogItem['state'], string> = { granted: '$(pass-filled)', partial: '$(warning)', missing: '$(circle-slash)', unknown: '$(circle-outline)' };

function toPick(item: CatalogItem): ItemPick {
  const marks = [item.mutex ? vscode.l10n.t('mutex') : '', item.agreement ? vscode.l10n.t('agreement') : ''].filter(Boolean).join(' · ');
  return {
    label: `${STATE_ICON[item.state]} ${item.label}`,
    description: [item.description, marks].filter(Boolean).join(' · '),
    detail: item.detail,
    item,
  };
}

/** `preset` lets tests (and other commands) drive the pick without a person at the keyboard. */
export async function lookupCommand(client: LanguageClient, preset?: { query?: string; key?: string; action?: LookupAction }): Promise<LookupOutcome> {
  const editor = vscode.window.activeTextEditor;
  const { items } = await executeServerCommand<CatalogItems>(client, Commands.catalogItems, [editor?.document.uri.toString()]);
  const item = preset?.key ? items.find((i) => i.key === preset.key) : await pick(items, preset?.query);
  if (!item) return {};
  const details = await executeServerCommand<ItemDetails | null>(client, Commands.details, [item.key, editor?.document.uri.toString()]);
  if (!details) return { item };
  await showDetails(item.key, details.title);
  const action = preset?.action ?? (await chooseAction(details));
  await runAction(client, action, details, editor);
  return { item, action };
}

async function pick(items: CatalogItem[], query?: string): Promise<CatalogItem | undefined> {
  const qp = vscode.window.createQuickPick<ItemPick>();
  qp.title = vscode.l10n.t('Look Up Interface or Permission Set');
  qp.placeholder = vscode.l10n.t('Path, API name, SDK method, title (English or 中文) or set id');
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.items = items.map(toPick);
  if (query) qp.value = query;
  return new Promise((resolve) => {
    qp.onDidAccept(() => { resolve(qp.selectedItems[0]?.item); qp.hide(); });
    qp.onDidHide(() => { resolve(undefined); qp.dispose(); });
    qp.show();
  });
}

async function chooseAction(d: ItemDetails): Promise<LookupAction> {
  const actions: (vscode.QuickPickItem & { id: LookupAction })[] = [];
  if (d.path) {
    actions.push({ id: 'copy', label: `$(copy) ${vscode.l10n.t('Copy path')}`, description: d.path });
    if (vscode.window.activeTextEditor) actions.push({ id: 'insert', label: `$(insert) ${vscode.l10n.t('Insert path at cursor')}`, description: d.path });
  }
  if (d.doc) actions.push({ id: 'docs', label: `$(link-external) ${vscode.l10n.t('Open WeChat documentation')}` });
  if (d.sets.length) actions.push({ id: 'grant', label: `$(shield) ${vscode.l10n.t('Grant set {0} in wxperm.json', d.sets[0])}` });
  const chosen = await vscode.window.showQuickPick(actions, { title: d.title, placeHolder: vscode.l10n.t('What next?') });
  return chosen?.id ?? 'none';
}

async function runAction(client: LanguageClient, action: LookupAction, d: ItemDetails, editor: vscode.TextEditor | undefined): Promise<void> {
  switch (action) {
    case 'copy':
      if (d.path) await vscode.env.clipboard.writeText(d.path);
      break;
    case 'insert':
      if (d.path && editor) await editor.edit((b) => editor.selections.forEach((s) => b.replace(s, d.path!)));
      break;
    case 'docs':
      if (d.doc) await vscode.commands.executeCommand('wxperm.openDocs', d.doc);
      break;
    case 'grant':
      if (d.sets.length) await vscode.commands.executeCommand('wxperm.grantSet', editor?.document.uri.toString(), d.sets[0]);
      break;
    default:
      break;
  }
  void client;
}
