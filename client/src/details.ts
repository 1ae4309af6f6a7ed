// Read-only virtual documents with an item's details (or the whole catalog), shown as Markdown preview.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Commands, type ItemDetails } from '../../server/src/protocol';
import { executeServerCommand } from './server';

export const DETAILS_SCHEME = 'wxperm-details';

export class DetailsProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly client: () => LanguageClient | undefined) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const key = decodeURIComponent(new URLSearchParams(uri.query).get('key') ?? '');
    const c = this.client();
    if (!c) return vscode.l10n.t('The wxperm language server is not running.');
    const d = await executeServerCommand<ItemDetails | null>(c, Commands.details, [key]);
    return d?.markdown ?? vscode.l10n.t('Nothing in the catalog matches {0}.', key);
  }

  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }
}

export function detailsUri(key: string, title: string): vscode.Uri {
  // Slashes stay path segments, so the tab reads like the interface's last segment.
  const safe = title.replace(/[^\w./\- \u4e00-\u9fff]+/g, '_').replace(/^\/+/, '').slice(0, 120) || 'details';
  return vscode.Uri.from({ scheme: DETAILS_SCHEME, path: `/${safe}.md`, query: `key=${encodeURIComponent(key)}` });
}

/** Opens the details as rendered Markdown beside the editor; falls back to the text when preview is unavailable. */
export async function showDetails(key: string, title: string): Promise<vscode.Uri> {
  const uri = detailsUri(key, title);
  try {
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
  } catch {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }
  return uri;
}
