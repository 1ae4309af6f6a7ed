'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

describe('wxperm editor-harness fixture', () => {
  it('opened the workspace folder the harness asked for', async () => {
    const folders = vscode.workspace.workspaceFolders;
    assert.ok(folders && folders.length === 1, `expected one workspace folder, got ${folders && folders.length}`);
    const marker = vscode.Uri.joinPath(folders[0].uri, 'wxperm-fixture.txt');
    const stat = await vscode.workspace.fs.stat(marker);
    assert.strictEqual(stat.type, vscode.FileType.File);
    if (process.env.WXPERM_EXPECT_WORKSPACE) {
      assert.strictEqual(folders[0].uri.fsPath, process.env.WXPERM_EXPECT_WORKSPACE);
    }
  });

  it('activates the extension under development and runs its command', async () => {
    const ext = vscode.extensions.getExtension('wxperm-test.wxperm-fixture');
    assert.ok(ext, 'extension wxperm-test.wxperm-fixture is not loaded');
    const api = await ext.activate();
    assert.strictEqual(api.fixtureApi, 42);
    const result = await vscode.commands.executeCommand('wxpermFixture.hello', 'editor');
    assert.strictEqual(result.greeting, 'hello editor');
    assert.strictEqual(result.folder, vscode.workspace.workspaceFolders[0].uri.fsPath);
  });

  it('opens a document in a real editor', async () => {
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, 'wxperm-fixture.txt');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    assert.strictEqual(editor.document.lineAt(0).text, 'first line of the fixture workspace');
    assert.strictEqual(doc.getText(), fs.readFileSync(path.join(__dirname, '..', 'workspace', 'wxperm-fixture.txt'), 'utf8'));
    assert.strictEqual(vscode.window.activeTextEditor.document.uri.toString(), uri.toString());
  });
});
