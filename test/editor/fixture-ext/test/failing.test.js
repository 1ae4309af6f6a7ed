'use strict';
const assert = require('assert');
const vscode = require('vscode');

describe('wxperm editor-harness fixture (deliberately failing)', () => {
  it('fails on purpose so the harness must exit 1', () => {
    assert.strictEqual(vscode.workspace.workspaceFolders.length, 2, 'deliberate failure: there is only one workspace folder');
  });
});
