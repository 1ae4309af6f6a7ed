// The workspace/executeCommand contract with the VS Code client (server/src/protocol.ts), over stdio:
// status, catalog items and details, grant and import edits, inventory, workspace check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { copyFixture, LspClient, ROOT, uri } from './lspClient';

const T = { timeout: 90_000 };
const exec = (c: LspClient, command: string, args: unknown[] = []) => c.request('workspace/executeCommand', { command, arguments: args });

async function session(fixture = 'workspace') {
  const ws = copyFixture(fixture);
  const client = new LspClient();
  await client.initialize({ folders: [ws] });
  return {
    ws,
    client,
    async done() {
      try {
        assert.equal((await client.shutdown()).code, 0);
      } finally {
        client.kill();
        fs.rmSync(ws, { recursive: true, force: true });
      }
    },
  };
}

/** The text edits a WorkspaceEdit makes to `uri` (as `changes` or as `documentChanges`). */
function editsFor(edit: any, u: string): any[] {
  if (edit.changes?.[u]) return edit.changes[u];
  const doc = (edit.documentChanges ?? []).find((c: any) => c.textDocument?.uri === u);
  if (!doc) throw new Error(`no edit of ${u} in ${JSON.stringify(edit).slice(0, 500)}`);
  return doc.edits;
}

/** Apply LSP TextEdits to a text. */
function apply(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const off = (p: { line: number; character: number }) => (starts[p.line] ?? text.length) + p.character;
  return [...edits].sort((a, b) => off(b.range.start) - off(a.range.start)).reduce((t, e) => t.slice(0, off(e.range.start)) + e.newText + t.slice(off(e.range.end)), text);
}

test('wxperm.status, wxperm.catalogItems and wxperm.details', T, async () => {
  const s = await session();
  try {
    const u = s.client.open(path.join(s.ws, 'src', 'qrcode.ts'), 'typescript');
    await s.client.diagnostics(u, () => true, 15_000, 0);
    const st = await exec(s.client, 'wxperm.status', [u]);
    assert.equal(st.source, 'file');
    assert.equal(st.configUri, uri(path.join(s.ws, 'wxperm.json')));
    assert.equal(st.folderUri, uri(s.ws));
    assert.equal(st.authorizers, 2);
    assert.equal(st.invalid, false);
    assert.equal(st.granted, 4, 'union of 17, 19, 30 and 17, 18, 30');
    assert.ok(st.needed >= 2 && st.missing >= 1, JSON.stringify(st));

    const { items, grantsSource } = await exec(s.client, 'wxperm.catalogItems', [u]);
    assert.equal(grantsSource, 'file');
    assert.ok(items.length > 900);
    const byKey = new Map(items.map((i: any) => [i.key, i]));
    assert.equal((byKey.get('set:17') as any).state, 'granted');
    assert.equal((byKey.get('set:18') as any).state, 'partial');
    assert.equal((byKey.get('set:45') as any).state, 'missing');
    assert.equal((byKey.get('interface:/wxa/commit') as any).state, 'partial');
    assert.equal((byKey.get('interface:/wxa/getwxacodeunlimit') as any).state, 'granted');
    assert.match((byKey.get('interface:/wxa/getwxacodeunlimit') as any).searchText, /getUnlimitedQRCode/);
    assert.ok(items.some((i: any) => i.kind === 'family') && items.some((i: any) => i.kind === 'outside'));

    const set = await exec(s.client, 'wxperm.details', ['set:18', u]);
    assert.match(set.markdown, /\/wxa\/commit/);
    assert.match(set.markdown, /wx1111111111111111/, 'says who lacks it');
    assert.deepEqual(set.sets, [18]);
    const iface = await exec(s.client, 'wxperm.details', ['interface:/wxa/getwxacodeunlimit', u]);
    assert.equal(iface.path, '/wxa/getwxacodeunlimit');
    assert.equal(iface.sets[0], 17);
    assert.match(iface.markdown, /17/);
    assert.match(iface.doc, /^https:\/\//);
    const bare = await exec(s.client, 'wxperm.details', ['https://api.weixin.qq.com/wxa/commit?access_token=x']);
    assert.equal(bare.path, '/wxa/commit', 'a bare URL is resolved like code');
    const whole = await exec(s.client, 'wxperm.details', ['catalog']);
    assert.ok(whole.markdown.length > 10_000);
    assert.match((await exec(s.client, 'wxperm.details', ['set:99999'])).markdown, /unknown/);
    // The advertised spelling answers too.
    assert.deepEqual(await exec(s.client, 'wxperm.server.status', [u]), st);
  } finally {
    await s.done();
  }
});

test('wxperm.grantEdit: adds the set to the authorizer lacking it; a saved response cannot take it', T, async () => {
  const s = await session();
  try {
    const cfgPath = path.join(s.ws, 'wxperm.json');
    const u = uri(path.join(s.ws, 'src', 'qrcode.ts'));
    const r = await exec(s.client, 'wxperm.grantEdit', [u, 18]);
    assert.equal(r.configUri, uri(cfgPath));
    const after = apply(fs.readFileSync(cfgPath, 'utf8'), editsFor(r.edit, r.configUri));
    assert.match(after, /"wx1111111111111111": \[17, 19, 30, 18\]/);
    assert.match(after, /\/\/ Protocol-test fixture/, 'comments kept');
    const blocked = await exec(s.client, 'wxperm.grantEdit', [u, 45]);
    assert.match(blocked.error, /saved authorization response/, 'wx2222… reads a saved response: re-authorize in WeChat');
    assert.equal(r.edit.documentChanges[0].textDocument.version, null, 'computed from the file on disk');
    // Open with unsaved edits: computed from that text, versioned so a changed document refuses it.
    const unsaved = fs.readFileSync(cfgPath, 'utf8').replace('"rules"', '// unsaved\n  "rules"');
    s.client.open(cfgPath, 'jsonc', unsaved, 5);
    const open = await exec(s.client, 'wxperm.grantEdit', [u, 18]);
    assert.equal(open.edit.documentChanges[0].textDocument.version, 5);
    assert.match(apply(unsaved, editsFor(open.edit, open.configUri)), /"wx1111111111111111": \[17, 19, 30, 18\][\s\S]*\/\/ unsaved/);
  } finally {
    await s.done();
  }
});

test('wxperm.importEdit: reads the saved response; without wxperm.json the file is created', T, async () => {
  const s = await session();
  try {
    const response = { authorization_info: { authorizer_appid: 'wx3333333333333333', func_info: [{ funcscope_category: { id: 17 } }, { funcscope_category: { id: 45 } }] } };
    fs.writeFileSync(path.join(s.ws, 'auth', 'shop-c.json'), JSON.stringify(response, null, 2));
    const cfgPath = path.join(s.ws, 'wxperm.json');
    const r = await exec(s.client, 'wxperm.importEdit', [uri(s.ws), 'auth/shop-c.json']);
    assert.equal(r.appid, 'wx3333333333333333');
    assert.deepEqual(r.sets.map((x: any) => x.id), [17, 45]);
    assert.equal(r.configUri, uri(cfgPath));
    assert.match(apply(fs.readFileSync(cfgPath, 'utf8'), editsFor(r.edit, r.configUri)), /"auth\/shop-c.json"/);

    const bad = await exec(s.client, 'wxperm.importEdit', [uri(s.ws), 'src/qrcode.ts']);
    assert.ok(bad.error, 'not a saved response');

    fs.rmSync(cfgPath);
    const created = await exec(s.client, 'wxperm.importEdit', [uri(s.ws), 'auth/shop-c.json']);
    const ops = created.edit.documentChanges;
    assert.equal(ops[0].kind, 'create');
    assert.equal(ops[0].uri, uri(cfgPath));
    assert.match(ops[1].edits[0].newText, /"authorization": "auth\/shop-c.json"/);
  } finally {
    await s.done();
  }
});

test('wxperm.importEdit keeps the other authorizers of a per-appid "authorization" map', T, async () => {
  const s = await session();
  try {
    const response = { authorization_info: { authorizer_appid: 'wx3333333333333333', func_info: [{ funcscope_category: { id: 17 } }] } };
    fs.writeFileSync(path.join(s.ws, 'auth', 'shop-c.json'), JSON.stringify(response));
    const r = await exec(s.client, 'wxperm.importEdit', [uri(s.ws), 'auth/shop-c.json']);
    const after = apply(fs.readFileSync(path.join(s.ws, 'wxperm.json'), 'utf8'), editsFor(r.edit, r.configUri));
    assert.match(after, /"wx3333333333333333": "auth\/shop-c.json"/);
    assert.match(after, /"wx1111111111111111": \[17, 19, 30\]/);
    assert.match(after, /"wx2222222222222222": "auth\/shop-b.json"/);
  } finally {
    await s.done();
  }
});

// With grants only in the settings, the wxperm.json grantEdit creates must carry them over (it wins).
test('wxperm.grantEdit with settings-only grants keeps them in the wxperm.json it creates', T, async () => {
  const ws = copyFixture('workspace');
  fs.rmSync(path.join(ws, 'wxperm.json'));
  const client = new LspClient();
  try {
    await client.initialize({ folders: [ws], configuration: false, initializationOptions: { wxperm: { grants: [17] } } });
    const r = await exec(client, 'wxperm.grantEdit', [uri(path.join(ws, 'src', 'qrcode.ts')), 45]);
    assert.match(r.edit.documentChanges[1].edits[0].newText, /"grants": \[17, 45\]/);
    await client.shutdown();
  } finally {
    client.kill();
    fs.rmSync(ws, { recursive: true, force: true });
  }
});

test('wxperm.inventory and wxperm.checkWorkspace over the whole fixture', T, async () => {
  const s = await session();
  try {
    const inv = await exec(s.client, 'wxperm.inventory');
    assert.equal(inv.folders.length, 1);
    assert.ok(inv.files >= 4, `files: ${inv.files}`);
    const f = inv.folders[0];
    assert.equal(f.source, 'file');
    const set18 = f.needed.find((x: any) => x.id === 18);
    assert.equal(set18.state, 'partial');
    assert.deepEqual(set18.missingFor, ['wx1111111111111111']);
    const commit = set18.interfaces.find((i: any) => i.path === '/wxa/commit');
    assert.ok(commit.locations.some((l: any) => l.uri === uri(path.join(s.ws, 'src', 'qrcode.ts'))));
    assert.equal(f.needed.find((x: any) => x.id === 17).state, 'granted');
    assert.ok(f.needed.some((x: any) => (x.id === 45 || x.id === 71) && x.state === 'missing'), 'logistics needed and missing');
    assert.ok(f.unused.some((x: any) => x.id === 19 && x.authorizers.includes('wx1111111111111111')), 'set 19 granted but unused');
    // The authorization link's value, least privileged first (18 is mutex: last) — the very value the CLI prints.
    assert.deepEqual(f.categoryIdList, [17, 71, 18]);
    const cliInventory = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'inventory', s.ws, '--json'], { encoding: 'utf8' });
    assert.equal(JSON.parse(cliInventory.stdout).projects[0].categoryIdList, f.categoryIdList.join('|'));

    const mark = s.client.mark();
    const sum = await exec(s.client, 'wxperm.checkWorkspace');
    assert.ok(sum.files >= 4 && sum.errors >= 3, JSON.stringify(sum));
    const py = uri(path.join(s.ws, 'app', 'express.py'));
    const pushed = await s.client.diagnostics(py, (d) => d.length > 0, 10_000, mark);
    assert.ok(pushed.some((d: any) => d.code === 'not-granted'), 'diagnostics published for files that are not open');

    // Suppression comments count in files that are not open, on a fresh scan and from the cache alike.
    const silenced = path.join(s.ws, 'src', 'silenced.ts');
    fs.writeFileSync(silenced, "// wxperm-ignore-next-line not-granted\npost('/cgi-bin/express/business/order/add');\npost('/cgi-bin/express/business/order/add');\n");
    for (const round of ['fresh', 'cached']) {
      const m = s.client.mark();
      await exec(s.client, 'wxperm.checkWorkspace');
      const d = await s.client.diagnostics(uri(silenced), (x) => x.length > 0, 10_000, m);
      assert.deepEqual(d.filter((x: any) => x.code === 'not-granted').map((x: any) => x.range.start.line), [2], `${round}: line 1 is silenced, line 2 is not`);
    }
  } finally {
    await s.done();
  }
});

test('wxperm.checkWorkspace keeps the server answering while it reads a big workspace', T, async () => {
  const s = await session();
  try {
    // ~24 MB in 2,400 files: long enough (hundreds of ms) that a blocking scan would hold the hover up.
    const body = Array.from({ length: 300 }, (_, i) => `  const value${i} = compute(${i}, 'some ordinary text to read');`).join('\n');
    for (let d = 0; d < 40; d++) {
      const dir = path.join(s.ws, 'big', `pkg${d}`);
      fs.mkdirSync(dir, { recursive: true });
      for (let f = 0; f < 60; f++) fs.writeFileSync(path.join(dir, `f${f}.ts`), `post('/wxa/commit');\n${body}\n`);
    }
    const file = path.join(s.ws, 'src', 'qrcode.ts');
    const u = s.client.open(file, 'typescript');
    await s.client.diagnostics(u, () => true, 15_000);
    const text = fs.readFileSync(file, 'utf8');
    const at = text.indexOf('getwxacodeunlimit');
    const position = { line: text.slice(0, at).split('\n').length - 1, character: at - text.lastIndexOf('\n', at) - 1 };
    const order: string[] = [];
    const check = exec(s.client, 'wxperm.checkWorkspace').then((sum) => { order.push('check'); return sum; });
    await new Promise((r) => setTimeout(r, 50));
    const hover = await s.client.request('textDocument/hover', { textDocument: { uri: u }, position });
    order.push('hover');
    const sum = await check;
    assert.ok(hover, 'hover answered');
    assert.ok(sum.files >= 2400, JSON.stringify(sum));
    assert.deepEqual(order, ['hover', 'check'], 'the hover was answered while the workspace was being read');
  } finally {
    await s.done();
  }
});
