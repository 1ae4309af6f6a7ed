// What the client and the server say to each other beyond standard LSP: workspace/executeCommand
// names and their payloads. Types only — both sides import it, neither pulls code through it.
import type { Range, WorkspaceEdit } from 'vscode-languageserver-types';

export const Commands = {
  /** args: [query: string] → LookupResult (server/src/cli/lookup.ts) */
  lookup: 'wxperm.lookup',
  /** args: [uri?: string] → CatalogItems */
  catalogItems: 'wxperm.catalogItems',
  /** args: [key: string, uri?: string] → ItemDetails | null */
  details: 'wxperm.details',
  /** args: [] → Inventory (whole workspace: sets needed, granted, missing, unused) */
  inventory: 'wxperm.inventory',
  /** args: [uri?: string] → GrantsStatus */
  status: 'wxperm.status',
  /** args: [uri: string, setId: number] → GrantEditResult */
  grantEdit: 'wxperm.grantEdit',
  /** args: [] → CheckSummary; publishes diagnostics for every file with findings */
  checkWorkspace: 'wxperm.checkWorkspace',
  /** args: [folderUri: string, authorizationPath: string] → ImportResult: points wxperm.json at a saved response */
  importAuthorization: 'wxperm.importEdit',
} as const;

export type ImportResult = { edit: WorkspaceEdit; configUri: string; sets: { id: number; name?: string }[]; appid?: string } | { error: string };

/** Client-side commands the server's code actions refer to. */
export const ClientCommands = {
  openDocs: 'wxperm.openDocs',
} as const;

export type GrantState = 'granted' | 'partial' | 'missing' | 'unknown';

export interface CatalogItem {
  /** `set:17`, `interface:/wxa/getwxacodeunlimit`, `interface:/wxa/operationams?action=…`, `family:/shop/`, `outside:58` */
  key: string;
  kind: 'set' | 'interface' | 'family' | 'outside';
  label: string;
  description: string;
  detail: string;
  /** Ids, paths, names, aliases and titles (en, zh) to match against. */
  searchText: string;
  state: GrantState;
  mutex: boolean;
  agreement: boolean;
  sets: number[];
  path?: string;
}

export interface CatalogItems {
  items: CatalogItem[];
  grantsSource: GrantsSource;
}

export interface ItemDetails {
  key: string;
  title: string;
  markdown: string;
  path?: string;
  sets: number[];
  doc?: string;
}

export type GrantsSource = 'file' | 'settings' | 'none';

export interface GrantsStatus {
  source: GrantsSource;
  configUri?: string;
  folderUri?: string;
  granted: number;
  needed: number;
  missing: number;
  authorizers: number;
  invalid: boolean;
}

export interface Location {
  uri: string;
  range: Range;
}

export interface InventoryInterface {
  path: string;
  name?: string;
  locations: Location[];
}

export interface InventorySet {
  id: number;
  name?: string;
  mutex: boolean;
  agreement: boolean;
  state: GrantState;
  /** Authorizers that lack it. */
  missingFor: string[];
  interfaces: InventoryInterface[];
}

export interface InventoryFolder {
  folderUri: string;
  source: GrantsSource;
  configUri?: string;
  needed: InventorySet[];
  unused: { id: number; name?: string; authorizers: string[] }[];
  /** The sets to ask a new authorizer for (`category_id_list` in the authorization link), least privileged first. */
  categoryIdList: number[];
}

export interface Inventory {
  folders: InventoryFolder[];
  files: number;
}

export type GrantEditResult = { edit: WorkspaceEdit; configUri: string } | { error: string };

export interface CheckSummary {
  files: number;
  findings: number;
  errors: number;
  warnings: number;
  skipped: number;
}
