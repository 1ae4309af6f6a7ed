'use strict';
// Throwaway extension for the editor harness: one command that answers with data from the
// real workspace, so a test can tell the extension host, the workspace and the command all work.
const vscode = require('vscode');

function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('wxpermFixture.hello', (name) => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      return { greeting: `hello ${name ?? 'world'}`, folder: folder ? folder.uri.fsPath : null };
    }),
  );
  return { fixtureApi: 42 };
}

function deactivate() {}

module.exports = { activate, deactivate };
