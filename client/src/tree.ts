// The "Permission Sets" view: sets the code needs (granted or missing), their interfaces and where
// the code calls them; unused grants marked. Data comes whole from the server's inventory.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Commands, type Inventory, type InventoryInterface, type InventorySet, type Location } from '../../server/src/protocol';
import { executeServerCommand } from './server';

export type Node =
  | { type: 'set'; set: InventorySet; folderUri: string; multiRoot: boolean }
  | { type: 'unused'; id: number; name?: string; authorizers: string[] }
  | { type: 'interface'; iface: InventoryInterface }
  | { type: 'location'; location: Location }
  | { type: 'folder'; folderUri: string; sets: Node[] };

const ICON: Record<InventorySet['state'], [string, string]> = {
  granted: ['pass-filled', 'testing.iconPassed'],
  partial: ['warning', 'list.warningForeground'],
  missing: ['error', 'list.errorForeground'],
  unknown: ['circle-outline', 'foreground'],
};

export class PermissionTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private inventory: Inventory | undefined;
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly client: () => LanguageClient | undefined) {}

  /** Debounced: many diagnostics changes in a burst cause one refresh. */
  refresh(delay = 300): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = setTimeout(() => { this.inventory = undefined; this.changed.fire(undefined); }, delay);
  }

  async load(): Promise<Inventory | undefined> {
    const c = this.client();
    if (!c || !c.isRunning()) return undefined;
    this.inventory ??= await executeServerCommand<Inventory>(c, Commands.inventory, []);
    return this.inventory;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      const inv = await this.load();
      if (!inv) return [];
      const multiRoot = inv.folders.length > 1;
      const perFolder = inv.folders.map((f) => [
        ...f.needed.map((set): Node => ({ type: 'set', set, folderUri: f.folderUri, multiRoot })),
        ...f.unused.map((u): Node => ({ type: 'unused', ...u })),
      ]);
      if (!multiRoot) return perFolder[0] ?? [];
      return inv.folders.map((f, i) => ({ type: 'folder', folderUri: f.folderUri, sets: perFolder[i] }));
    }
    switch (node.type) {
      case 'folder': return node.sets;
      case 'set': return node.set.interfaces.map((iface) => ({ type: 'interface', iface }));
      case 'interface': return node.iface.locations.map((location) => ({ type: 'location', location }));
      default: return [];
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.type) {
      case 'folder': {
        const item = new vscode.TreeItem(vscode.Uri.parse(node.folderUri), vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = vscode.ThemeIcon.Folder;
        item.contextValue = 'folder'; // "Copy category_id_list" for this folder
        return item;
      }
      case 'set': {
        const s = node.set;
        const item = new vscode.TreeItem(`${s.id} ${s.name ?? vscode.l10n.t('(outside the seed)')}`, vscode.TreeItemCollapsibleState.Collapsed);
        const marks = [s.mutex ? vscode.l10n.t('mutex') : '', s.agreement ? vscode.l10n.t('agreement') : ''].filter(Boolean);
        const state = { granted: vscode.l10n.t('granted'), partial: vscode.l10n.t('missing for {0}', s.missingFor.join(', ')), missing: vscode.l10n.t('missing'), unknown: vscode.l10n.t('no grants configured') }[s.state];
        item.description = [state, ...marks, vscode.l10n.t('{0} interfaces', s.interfaces.length)].join(' · ');
        item.iconPath = new vscode.ThemeIcon(ICON[s.state][0], new vscode.ThemeColor(ICON[s.state][1]));
        item.contextValue = `set-${s.state}`;
        item.id = `${node.folderUri}#set:${s.id}`;
        item.tooltip = `${s.id} ${s.name ?? ''}\n${state}`;
        return item;
      }
      case 'unused': {
        const item = new vscode.TreeItem(`${node.id} ${node.name ?? ''}`, vscode.TreeItemCollapsibleState.None);
        item.description = vscode.l10n.t('granted but unused (least privilege)');
        item.iconPath = new vscode.ThemeIcon('circle-large-outline', new vscode.ThemeColor('disabledForeground'));
        item.contextValue = 'unused';
        return item;
      }
      case 'interface': {
        const item = new vscode.TreeItem(node.iface.path, vscode.TreeItemCollapsibleState.Collapsed);
        item.description = `${node.iface.name ?? ''} · ${node.iface.locations.length}`;
        item.iconPath = new vscode.ThemeIcon('symbol-interface');
        return item;
      }
      case 'location': {
        const uri = vscode.Uri.parse(node.location.uri);
        const line = node.location.range.start.line;
        const item = new vscode.TreeItem(`${vscode.workspace.asRelativePath(uri)}:${line + 1}`, vscode.TreeItemCollapsibleState.None);
        item.iconPath = vscode.ThemeIcon.File;
        item.resourceUri = uri;
        const r = node.location.range;
        item.command = {
          command: 'vscode.open',
          title: vscode.l10n.t('Open'),
          arguments: [uri, { selection: new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character) }],
        };
        return item;
      }
    }
  }
}
