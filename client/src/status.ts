// A language status item: where the grants come from and how many sets are granted and missing,
// with a one-click create when there is no wxperm.json.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Commands, type GrantsStatus } from '../../server/src/protocol';
import { DOCUMENT_SELECTOR, executeServerCommand } from './server';

export class GrantsStatusItem implements vscode.Disposable {
  readonly item: vscode.LanguageStatusItem;
  last: GrantsStatus | undefined;

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.item = vscode.languages.createLanguageStatusItem('wxperm.grants', DOCUMENT_SELECTOR);
    this.item.name = vscode.l10n.t('WeChat Permission Sets');
    this.item.text = '$(sync~spin) wxperm';
  }

  private pending: NodeJS.Timeout | undefined;

  /** Debounced: the server walks the workspace for the counts, so bursts of changes ask once. */
  schedule(delay = 500): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = setTimeout(() => void this.update().catch(() => undefined), delay);
  }

  async update(uri = vscode.window.activeTextEditor?.document.uri): Promise<GrantsStatus | undefined> {
    const c = this.client();
    if (!c || !c.isRunning()) return undefined;
    const s = await executeServerCommand<GrantsStatus>(c, Commands.status, [uri?.toString()]);
    this.last = s;
    this.render(s);
    return s;
  }

  private render(s: GrantsStatus): void {
    const i = this.item;
    if (s.invalid) {
      i.severity = vscode.LanguageStatusSeverity.Error;
      i.text = `$(error) ${vscode.l10n.t('wxperm.json has errors')}`;
      i.command = s.configUri ? { title: vscode.l10n.t('Open wxperm.json'), command: 'vscode.open', arguments: [vscode.Uri.parse(s.configUri)] } : undefined;
      return;
    }
    if (s.source === 'none') {
      i.severity = vscode.LanguageStatusSeverity.Information;
      i.text = `$(shield) ${vscode.l10n.t('No wxperm.json')}`;
      i.detail = vscode.l10n.t('Missing sets are not reported until grants are configured');
      i.command = { title: vscode.l10n.t('Create wxperm.json'), command: 'wxperm.createConfig' };
      return;
    }
    i.severity = s.missing ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    i.text = `$(shield) ${vscode.l10n.t('{0} sets granted · {1} missing', s.granted, s.missing)}`;
    i.detail = s.source === 'file' ? vscode.l10n.t('from wxperm.json ({0} authorizers)', s.authorizers) : vscode.l10n.t('from settings');
    i.command = s.configUri
      ? { title: vscode.l10n.t('Open wxperm.json'), command: 'vscode.open', arguments: [vscode.Uri.parse(s.configUri)] }
      : { title: vscode.l10n.t('Open settings'), command: 'workbench.action.openSettings', arguments: ['wxperm.'] };
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.item.dispose();
  }
}
