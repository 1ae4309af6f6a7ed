// The wxperm extension in a real VS Code: diagnostics, hover, completion, the quick fix editing
// wxperm.json, the lookup command, the tree view's data and the status item — all through the
// real `vscode` API, against a copy of examples/platform-backend.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXT_ID = 'wxperm.wxperm';
type Api = {
  client: () => { isRunning(): boolean } | undefined;
  tree: { getChildren(n?: unknown): Promise<unknown[]>; load(): Promise<unknown> };
  status: { update(uri?: vscode.Uri): Promise<{ source: string; granted: number; missing: number } | undefined> };
  ready: Promise<void>;
};

let api: Api;
const root = () => vscode.workspace.workspaceFolders![0].uri;
const file = (rel: string) => vscode.Uri.joinPath(root(), rel);

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 30000): Promise<T> {
  const end = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < end) {
    last = await probe();
    if (last !== undefined && last !== false) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function open(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(file(rel));
  return vscode.window.showTextDocument(doc);
}

function positionOf(doc: vscode.TextDocument, needle: string, delta = 1): vscode.Position {
  const i = doc.getText().indexOf(needle);
  assert.ok(i >= 0, `${needle} not in ${doc.uri.path}`);
  return doc.positionAt(i + delta);
}

const diagnosticsOf = (uri: vscode.Uri, rule?: string) =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'wxperm' && (!rule || d.code === rule || (d.code as { value?: string })?.value === rule));

describe('wxperm in VS Code', () => {
  before(async () => {
    const ext = vscode.extensions.getExtension(EXT_ID);
    assert.ok(ext, `${EXT_ID} is not installed`);
    api = (await ext.activate()) as Api;
    await api.ready;
    assert.ok(api.client()?.isRunning(), 'the language server is not running');
  });

  it('diagnostics: a call an authorizer did not grant is an error naming the authorizer', async () => {
    const ed = await open('app/express.py');
    const diags = await until('not-granted on express.py', () => {
      const d = diagnosticsOf(ed.document.uri, 'not-granted');
      return d.length ? d : undefined;
    });
    const first = diags.find((d) => ed.document.getText(d.range) === '/cgi-bin/express/business/order/add');
    assert.ok(first, diags.map((d) => ed.document.getText(d.range)).join(', '));
    assert.equal(first.severity, vscode.DiagnosticSeverity.Error);
    assert.match(first.message, /wx9f8e7d6c5b4a3f2e/);
    assert.match(first.message, /61007/);
  });

  it('diagnostics: an all-of interface missing one set, and nothing on a look-alike URL', async () => {
    const ed = await open('internal/wxa/code.go');
    const diags = await until('not-granted on code.go', () => {
      const d = diagnosticsOf(ed.document.uri, 'not-granted');
      return d.length ? d : undefined;
    });
    assert.deepEqual(diags.map((d) => ed.document.getText(d.range)), ['/wxa/getillegalrecords']);
    const line = ed.document.getText().split('\n').findIndex((l) => l.includes('audit.internal.example.com'));
    assert.ok(diagnosticsOf(ed.document.uri).every((d) => d.range.start.line !== line));
  });

  it('hover names the set that covers the interface', async () => {
    const ed = await open('src/qrcode.ts');
    const hovers = await until('hover', async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', ed.document.uri, positionOf(ed.document, '/wxa/getwxacodeunlimit', 6));
      return h?.length ? h : undefined;
    });
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /getUnlimitedQRCode/);
    assert.match(text, /\b17\b/);
  });

  it('completion offers catalog paths inside a path string', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content: "const url = '/wxa/getwxacode';\n" });
    await vscode.window.showTextDocument(doc);
    const list = await until('completions', async () => {
      const l = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, positionOf(doc, "code'", 4));
      return l?.items.some((i) => (typeof i.label === 'string' ? i.label : i.label.label) === '/wxa/getwxacodeunlimit') ? l : undefined;
    });
    assert.ok(list.items.length > 0);
  });

  it('the status item says where grants come from', async () => {
    await open('src/qrcode.ts');
    const s = await until('status', () => api.status.update(file('src/qrcode.ts')));
    assert.equal(s.source, 'file');
    assert.ok(s.granted > 0);
  });

  it('the tree view lists the sets the code needs', async () => {
    const nodes = (await until('tree', async () => {
      await new Promise((r) => setTimeout(r, 500));
      const n = (await api.tree.getChildren()) as { type: string; set?: { id: number; state: string } }[];
      return n.length ? n : undefined;
    })) as { type: string; set?: { id: number; state: string } }[];
    const ids = nodes.filter((n) => n.type === 'set').map((n) => n.set!.id);
    assert.ok(ids.includes(17), `sets: ${ids.join(',')}`);
    assert.ok(ids.includes(76) || ids.includes(18), `sets: ${ids.join(',')}`);
  });

  it('lookup finds an interface and copies its path', async () => {
    await open('src/qrcode.ts');
    const outcome = await vscode.commands.executeCommand<{ item?: { key: string } }>('wxperm.lookup', { key: 'interface:/wxa/getwxacodeunlimit', action: 'copy' });
    assert.equal(outcome.item?.key, 'interface:/wxa/getwxacodeunlimit');
    assert.equal(await vscode.env.clipboard.readText(), '/wxa/getwxacodeunlimit');
  });

  it('Copy category_id_list puts the authorization link value on the clipboard, as the CLI prints it', async () => {
    const value = await vscode.commands.executeCommand<string>('wxperm.copyCategoryIdList');
    assert.equal(value, 'category_id_list=17|71|52|76|18');
    assert.equal(await vscode.env.clipboard.readText(), value);
  });

  it('a wxperm check task runs the CLI over the folder and ends with exit code 1 on errors', async () => {
    const tasks = await vscode.tasks.fetchTasks({ type: 'wxperm' });
    const check = tasks.find((t) => t.definition.command === 'check');
    assert.ok(check, tasks.map((t) => t.name).join(', '));
    const ended = new Promise<number | undefined>((resolve) => {
      const sub = vscode.tasks.onDidEndTaskProcess((e) => {
        if (e.execution.task.definition.type === 'wxperm') { sub.dispose(); resolve(e.exitCode); }
      });
    });
    await vscode.tasks.executeTask(check);
    assert.equal(await ended, 1);
  });

  it('the quick fix grants the set in wxperm.json and the diagnostic clears', async () => {
    const ed = await open('app/express.py');
    const diag = await until('not-granted', () => diagnosticsOf(ed.document.uri, 'not-granted')[0]);
    const actions = await until('quick fixes', async () => {
      const a = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', ed.document.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
      return a?.length ? a : undefined;
    });
    const grant = actions.find((a) => /\b71\b/.test(a.title) && a.edit);
    assert.ok(grant, actions.map((a) => `${a.title} ${a.edit ? 'edit' : 'no edit'}`).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(grant.edit!));
    const config = vscode.workspace.textDocuments.find((d) => d.uri.path.endsWith('/wxperm.json'));
    assert.ok(config, 'wxperm.json is not open after the edit');
    assert.match(config.getText(), /What each authorizer Mini Program granted/, 'the comment was lost');
    await config.save();
    await until('the diagnostic to clear', () => (diagnosticsOf(ed.document.uri, 'not-granted').length === 0 ? true : undefined));
  });
});
