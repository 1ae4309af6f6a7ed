// The real bundled server (`node dist/server.js --stdio`, built by `npm test` first) driven over
// JSON-RPC by test/protocol/lspClient.ts. Each test starts its own server on its own temp copy of
// test/protocol/fixtures/workspace (wxperm.json: wx1111… granted [17, 19, 30] by hand, wx2222…'s
// saved response auth/shop-b.json granted 17, 18, 30).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyFixture, LspClient, positionOf, SERVER, sleep, uri, type InitOptions } from './lspClient';

const T = { timeout: 90_000 };

interface Session {
  client: LspClient;
  ws: string;
  init: any;
  readyMs: number;
}

async function start(options: InitOptions & { fixture?: string; folders?: string[] } = {}): Promise<Session> {
  const ws = copyFixture(options.fixture ?? 'workspace');
  const client = new LspClient();
  const t0 = Date.now();
  const init = await client.initialize({ folders: [ws], ...options });
  return { client, ws, init, readyMs: Date.now() - t0 };
}

async function stop(s: Session): Promise<void> {
  try {
    if (!s.client.exitInfo) {
      const exit = await s.client.shutdown();
      assert.equal(exit.code, 0, `clean exit after shutdown/exit; stderr:\n${s.client.stderr}`);
    }
  } finally {
    s.client.kill();
    fs.rmSync(s.ws, { recursive: true, force: true });
  }
}

function read(ws: string, rel: string): string {
  return fs.readFileSync(path.join(ws, rel), 'utf8');
}

/** Diagnostics of `rule` whose range covers the first occurrence of `needle` in `text`. */
function at(diags: any[], rule: string, text: string, needle: string): any[] {
  const p = positionOf(text, needle);
  const end = p.character + needle.length;
  return diags.filter((d) => d.code === rule && d.range.start.line === p.line && d.range.start.character <= p.character && d.range.end.character >= end);
}

test('initialize: capabilities, transports and a quick start', T, async () => {
  const s = await start();
  try {
    const caps = s.init.capabilities;
    assert.equal(s.init.serverInfo.name, 'wxperm');
    assert.ok(caps.hoverProvider);
    assert.deepEqual([...caps.completionProvider.triggerCharacters].sort(), ['"', "'", ',', '/', '[', '|'].sort());
    assert.deepEqual(caps.codeActionProvider.codeActionKinds, ['quickfix']);
    assert.ok(caps.workspaceSymbolProvider);
    const commands: string[] = caps.executeCommandProvider.commands;
    assert.ok(commands.includes('wxperm.server.lookup'));
    assert.ok(!commands.includes('wxperm.openDocs'), 'wxperm.openDocs runs client-side and is not advertised');
    assert.ok(!commands.includes('wxperm.lookup'), 'ids the VS Code extension registers itself are not advertised (languageclient would register them again)');
    assert.equal(caps.textDocumentSync.change, 2, 'incremental sync');
    assert.equal(caps.diagnosticProvider, undefined, 'no pull diagnostics for a client without textDocument.diagnostic');
    console.log(`# server ready (initialize answered) ${s.readyMs} ms after spawn`);
    assert.ok(s.readyMs < 15_000);
    // It asked for the file watcher on wxperm.json and the authorization file it read.
    await waitUntil(() => s.client.serverRequests.some((r) => r.method === 'client/registerCapability' && JSON.stringify(r.params).includes('shop-b.json')), 10_000, 'watcher registration');
    const reg = s.client.serverRequests.filter((r) => r.method === 'client/registerCapability').flatMap((r) => r.params.registrations);
    const watch = reg.filter((r: any) => r.method === 'workspace/didChangeWatchedFiles').pop();
    assert.ok(watch.registerOptions.watchers.some((w: any) => w.globPattern === '**/wxperm.json'));
    assert.ok(reg.some((r: any) => r.method === 'workspace/didChangeConfiguration'));
  } finally {
    await stop(s);
  }
});

test('push diagnostics, hover, completion, quick fix into wxperm.json, live edits', T, async () => {
  const s = await start();
  const { client, ws } = s;
  try {
    const file = path.join(ws, 'src', 'qrcode.ts');
    const text = read(ws, 'src/qrcode.ts');
    const started = Date.now();
    const t0 = client.mark();
    const u = client.open(file, 'typescript');
    let diags = await client.diagnostics(u, () => true, 15_000, t0);
    console.log(`# didOpen → publishDiagnostics ${Date.now() - started} ms`);
    assert.ok(diags.every((d) => d.source === 'wxperm'));
    const notGranted = at(diags, 'not-granted', text, '/wxa/commit');
    assert.equal(notGranted.length, 1, `not-granted on /wxa/commit; got ${JSON.stringify(diags)}`);
    assert.equal(notGranted[0].severity, 1);
    assert.match(notGranted[0].message, /18/);
    assert.match(notGranted[0].message, /wx1111111111111111/, 'names the authorizer that lacks it');
    assert.doesNotMatch(notGranted[0].message, /wx2222222222222222/);
    assert.equal(notGranted[0].data?.rule, 'not-granted', 'Diagnostic.data carries the finding');
    const mutex = at(diags, 'mutex-set', text, '/wxa/commit');
    assert.equal(mutex.length, 1);
    assert.equal(mutex[0].severity, 4, 'wxperm.json rules: mutex-set → hint');
    assert.deepEqual(at(diags, 'not-granted', text, '/wxa/getwxacodeunlimit'), [], 'set 17 is granted by both');

    // Hover on the granted interface.
    const hover = await client.request('textDocument/hover', { textDocument: { uri: u }, position: positionOf(text, 'getwxacodeunlimit') });
    assert.ok(hover, 'hover answered');
    const value = typeof hover.contents === 'string' ? hover.contents : hover.contents.value;
    assert.match(value, /17/);
    assert.match(value, /getUnlimitedQRCode|getwxacodeunlimit/);
    assert.ok(hover.range.start.line === positionOf(text, 'getwxacodeunlimit').line);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: u }, position: { line: 0, character: 3 } }), null, 'nothing to say on a comment');

    // Completion inside a path string.
    const draftFile = path.join(ws, 'src', 'draft.ts');
    const draft = "export const U = '/wxa/getwxac';\n";
    const du = client.open(draftFile, 'typescript', draft);
    const pos = positionOf(draft, "';");
    const completion = await client.request('textDocument/completion', { textDocument: { uri: du }, position: pos, context: { triggerKind: 1 } });
    const items = Array.isArray(completion) ? completion : completion.items;
    assert.ok(items.length > 0, 'completion items inside a path string');
    assert.ok(items.some((i: any) => JSON.stringify(i).includes('getwxacodeunlimit')), `getwxacodeunlimit offered; got ${items.slice(0, 5).map((i: any) => i.label).join(', ')}`);
    client.close(du);

    // Quick fix: grant set 18 to wx1111… in wxperm.json.
    const actions = await client.request('textDocument/codeAction', {
      textDocument: { uri: u }, range: notGranted[0].range, context: { diagnostics: [notGranted[0]], triggerKind: 1 },
    });
    const configUri = uri(path.join(ws, 'wxperm.json'));
    const grant = actions.find((a: any) => a.kind === 'quickfix' && a.edit?.changes?.[configUri]);
    assert.ok(grant, `a grant quick fix editing wxperm.json; got ${JSON.stringify(actions.map((a: any) => a.title))}`);
    assert.match(grant.title, /18/);
    assert.equal(grant.diagnostics?.[0]?.code, 'not-granted', 'the fixed diagnostic is attached');
    assert.ok(actions.some((a: any) => a.command?.command === 'wxperm.openDocs'), 'Open documentation runs the client command');
    // Apply it the way an editor would (to the file on disk) and tell the server the file changed.
    const before = read(ws, 'wxperm.json');
    const after = applyEdits(before, grant.edit.changes[configUri]);
    assert.match(after, /"wx1111111111111111": \[17, 19, 30, 18\]|"wx1111111111111111":\s*\[[^\]]*18/);
    const t1 = client.mark();
    fs.writeFileSync(path.join(ws, 'wxperm.json'), after);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
    diags = await client.diagnostics(u, (d) => at(d, 'not-granted', text, '/wxa/commit').length === 0, 15_000, t1);
    assert.deepEqual(at(diags, 'mutex-set', text, '/wxa/commit'), [], 'granted by every authorizer now: no mutex note either');

    // Editing the code: remove the call, then bring another ungranted call in.
    const t2 = client.mark();
    const edited = text.replace('/wxa/commit', '/wxa/get_category');
    client.change(u, 2, edited, text);
    diags = await client.diagnostics(u, () => true, 15_000, t2);
    const p = client.published(u).pop();
    assert.equal(p.version, 2, 'published for the current version');
    assert.deepEqual(at(diags, 'not-granted', edited, '/wxa/get_category').length, 0, '/wxa/get_category is set 18, now granted by both');
    const t3 = client.mark();
    const edited2 = edited.replace('/wxa/get_category', '/cgi-bin/express/business/order/add');
    client.change(u, 3, edited2, edited);
    diags = await client.diagnostics(u, (d) => d.length > 0, 15_000, t3);
    assert.equal(at(diags, 'not-granted', edited2, '/cgi-bin/express/business/order/add').length, 1);

    // wxperm.json open with unsaved edits: the fix is computed from that text and carries its version,
    // so an editor refuses it if the document changes before it is applied.
    const configPath = path.join(ws, 'wxperm.json');
    const unsaved = read(ws, 'wxperm.json').replace(/"wx1111111111111111":\s*\[[^\]]*\],/, '"wx1111111111111111": [17, 19, 30], // my note, not saved yet');
    assert.match(unsaved, /my note/);
    const cu = client.open(configPath, 'jsonc', unsaved, 7);
    client.change(cu, 8, unsaved + '\n', unsaved);
    const probeText = "post('/wxa/commit');\n";
    const t5 = client.mark();
    const pu = client.open(path.join(ws, 'src', 'probe.ts'), 'typescript', probeText);
    const probeDiags = await client.diagnostics(pu, (d) => at(d, 'not-granted', probeText, '/wxa/commit').length === 1, 15_000, t5);
    const current = await client.request('textDocument/codeAction', {
      textDocument: { uri: pu }, range: at(probeDiags, 'not-granted', probeText, '/wxa/commit')[0].range, context: { diagnostics: at(probeDiags, 'not-granted', probeText, '/wxa/commit'), triggerKind: 1 },
    });
    const versioned = current.find((a: any) => a.edit?.documentChanges?.some((c: any) => c.textDocument?.uri === configUri));
    assert.ok(versioned, `a grant fix as documentChanges; got ${JSON.stringify(current.map((a: any) => a.title))}`);
    assert.equal(versioned.edit.changes, undefined);
    const change = versioned.edit.documentChanges.find((c: any) => c.textDocument?.uri === configUri);
    assert.equal(change.textDocument.version, 8, 'the open version the edits were computed from');
    const fixed = applyEdits(unsaved + '\n', change.edits);
    assert.match(fixed, /"wx1111111111111111": \[17, 19, 30, 18\], \/\/ my note, not saved yet/, 'computed from the unsaved text: the comment stays');
    client.close(pu);
    client.close(cu);

    // Close: diagnostics cleared.
    const t4 = client.mark();
    client.close(u);
    diags = await client.diagnostics(u, () => true, 15_000, t4);
    assert.deepEqual(diags, []);
  } finally {
    await stop(s);
  }
});

test('other languages: Python and Go files of the fixture', T, async () => {
  const s = await start();
  const { client, ws } = s;
  try {
    const py = read(ws, 'app/express.py');
    const t0 = client.mark();
    const pu = client.open(path.join(ws, 'app', 'express.py'), 'python');
    const pd = await client.diagnostics(pu, () => true, 15_000, t0);
    assert.equal(at(pd, 'not-granted', py, '/cgi-bin/express/business/order/add').length, 1, JSON.stringify(pd));
    assert.match(at(pd, 'not-granted', py, '/cgi-bin/express/business/order/add')[0].message, /45|71/);

    const go = read(ws, 'internal/wxa/code.go');
    const t1 = client.mark();
    const gu = client.open(path.join(ws, 'internal', 'wxa', 'code.go'), 'go');
    const gd = await client.diagnostics(gu, () => true, 15_000, t1);
    assert.equal(at(gd, 'not-granted', go, '/wxa/get_category').length, 1, JSON.stringify(gd));
    assert.deepEqual(at(gd, 'not-granted', go, '/wxa/getwxacode?'), []);
    assert.ok(!gd.some((d) => d.range.start.line === positionOf(go, 'audit.internal').line), 'not a WeChat host: no diagnostic');
  } finally {
    await stop(s);
  }
});

test('config changes re-check open documents: authorization file on disk, wxperm.json open and edited', T, async () => {
  const s = await start();
  const { client, ws } = s;
  try {
    const text = read(ws, 'src/qrcode.ts');
    const t0 = client.mark();
    const u = client.open(path.join(ws, 'src', 'qrcode.ts'), 'typescript');
    await client.diagnostics(u, (d) => at(d, 'not-granted', text, '/wxa/commit').length === 1, 15_000, t0);

    // Shop B re-authorized without set 17: its saved response changes on disk.
    const authFile = path.join(ws, 'auth', 'shop-b.json');
    const t1 = client.mark();
    fs.writeFileSync(authFile, read(ws, 'auth/shop-b.json').replace('{ "funcscope_category": { "id": 17 } },', ''));
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(authFile), type: 2 }] });
    let diags = await client.diagnostics(u, (d) => at(d, 'not-granted', text, '/wxa/getwxacodeunlimit').length === 1, 15_000, t1);
    assert.match(at(diags, 'not-granted', text, '/wxa/getwxacodeunlimit')[0].message, /wx2222222222222222/);

    // wxperm.json opened in the editor: its unsaved text is the config.
    const cfgPath = path.join(ws, 'wxperm.json');
    const cfg = read(ws, 'wxperm.json');
    const cu = client.open(cfgPath, 'jsonc');
    const t2 = client.mark();
    const granted = cfg.replace('[17, 19, 30]', '[17, 18, 19, 30]');
    client.change(cu, 2, granted, cfg);
    diags = await client.diagnostics(u, (d) => at(d, 'not-granted', text, '/wxa/commit').length === 0, 15_000, t2);
    // Unsaved: the disk still has the old text.
    assert.equal(read(ws, 'wxperm.json'), cfg);

    // Closing the unsaved wxperm.json falls back to the disk version.
    const t3 = client.mark();
    client.close(cu);
    await client.diagnostics(u, (d) => at(d, 'not-granted', text, '/wxa/commit').length === 1, 15_000, t3);

    // A client without file watching: the next edit notices the changed file (stat check).
    const t4 = client.mark();
    fs.writeFileSync(cfgPath, '{ "grants": [17, 18, 30] }\n');
    const bumped = text + '\n// edited\n';
    client.change(u, 2, bumped, text);
    await client.diagnostics(u, (d) => d.length === 0 || at(d, 'not-granted', bumped, '/wxa/commit').length === 0, 15_000, t4);
  } finally {
    await stop(s);
  }
});

test('malformed wxperm.json: invalid-config on wxperm.json, unknown-set, and the server keeps answering', T, async () => {
  const s = await start();
  const { client, ws } = s;
  try {
    const cfgPath = path.join(ws, 'wxperm.json');
    const cu = uri(cfgPath);
    const text = read(ws, 'src/qrcode.ts');
    const u = client.open(path.join(ws, 'src', 'qrcode.ts'), 'typescript');
    await client.diagnostics(u, (d) => d.length > 0, 15_000, 0);

    // Broken on disk, not open: pushed on wxperm.json.
    const t0 = client.mark();
    fs.writeFileSync(cfgPath, '{\n  "grants": [17, 18,\n');
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: cu, type: 2 }] });
    let cfgDiags = await client.diagnostics(cu, (d) => d.some((x) => x.code === 'invalid-config'), 15_000, t0);
    assert.ok(cfgDiags.every((d) => d.code === 'invalid-config' && d.severity === 1));
    assert.ok(cfgDiags[0].range.start.line <= 2);

    // The server still answers everything.
    const hover = await client.request('textDocument/hover', { textDocument: { uri: u }, position: positionOf(text, 'getwxacodeunlimit') });
    assert.ok(hover);
    const sym = await client.request('workspace/symbol', { query: 'commit' });
    assert.ok(sym.length > 0);

    // Opened and fixed in the editor, with an id the catalog does not know.
    const t1 = client.mark();
    const open = client.open(cfgPath, 'jsonc', '{\n  "grants": [17, 18,\n', 1);
    assert.equal(open, cu);
    const fixed = '{\n  "grants": [17, 18, 9999]\n}\n';
    client.change(cu, 2, fixed, '{\n  "grants": [17, 18,\n');
    cfgDiags = await client.diagnostics(cu, (d) => d.length > 0 && d.every((x) => x.code !== 'invalid-config'), 15_000, t1);
    const unknown = cfgDiags.filter((d) => d.code === 'unknown-set');
    assert.equal(unknown.length, 1, `one unknown-set (not duplicated by the config reader and the scanner); got ${JSON.stringify(cfgDiags)}`);
    assert.deepEqual(unknown[0].range.start, positionOf(fixed, '9999'));
    // …and the source file was re-checked against the in-memory grants (18 now granted).
    await client.diagnostics(u, (d) => at(d, 'not-granted', text, '/wxa/commit').length === 0, 15_000, t1);

    // Garbage in JSON-RPC terms: unknown documents, bad positions, unknown commands.
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: 'file:///nope.ts' }, position: { line: 0, character: 0 } }), null);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: u }, position: { line: 9999, character: 9999 } }), null);
    assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: { uri: u }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'x', source: 'wxperm', code: 'not-granted', data: { wxperm: 1, rule: 'not-granted', reference: { kind: 'path', sets: 'bogus' } } }] } }).then((r) => Array.isArray(r)), true);
    client.notify('textDocument/didChange', { textDocument: { uri: 'file:///never-opened.ts', version: 2 }, contentChanges: [{ text: 'x' }] });
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: 'not a uri', type: 9 }] });
    client.notify('workspace/didChangeConfiguration', { settings: 'garbage' });
    await assert.rejects(client.request('workspace/executeCommand', { command: 'wxperm.nope', arguments: [] }), /unknown command/);
    await assert.rejects(client.request('workspace/executeCommand', { command: 'wxperm.lookup', arguments: [] }), /needs a query/);
    const again = await client.request('textDocument/hover', { textDocument: { uri: u }, position: positionOf(text, 'getwxacodeunlimit') });
    assert.ok(again, 'still answering');
  } finally {
    await stop(s);
  }
});

test('a 3 MB file and a minified file: one notice each, no diagnostics, not per edit', T, async () => {
  const s = await start();
  const { client, ws } = s;
  try {
    const line = "const url = 'https://api.weixin.qq.com/wxa/commit?access_token=' + token; // padding padding\n";
    const big = line.repeat(Math.ceil((3 * 1024 * 1024) / line.length));
    const bigFile = path.join(ws, 'src', 'big.js');
    fs.writeFileSync(bigFile, big);
    const t0 = client.mark();
    const bu = client.open(bigFile, 'javascript', big);
    let diags = await client.diagnostics(bu, () => true, 30_000, t0);
    assert.deepEqual(diags, []);
    const afterEdits = client.mark();
    client.change(bu, 2, big + '// one\n', big);
    client.change(bu, 3, big + '// two\n', big + '// one\n');
    diags = await client.diagnostics(bu, () => true, 30_000, afterEdits);
    assert.deepEqual(diags, []);
    await sleep(500);
    const notices = client.messages().filter((m) => m.method === 'window/showMessage' && m.message.includes('big.js'));
    assert.equal(notices.length, 1, `exactly one notice for big.js; got ${JSON.stringify(notices)}`);
    assert.match(notices[0].message, /MB, over wxperm\.maxFileSize/);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: bu }, position: { line: 0, character: 45 } }), null, 'no hover work on a skipped file');

    const min = "var a='https://api.weixin.qq.com/wxa/commit';".repeat(1000);
    const mu = client.open(path.join(ws, 'src', 'app.min.js'), 'javascript', min);
    diags = await client.diagnostics(mu, () => true, 15_000, 0);
    assert.deepEqual(diags, []);
    await sleep(300);
    const minNotices = client.messages().filter((m) => m.method === 'window/showMessage' && m.message.includes('app.min.js'));
    assert.equal(minNotices.length, 1);
    assert.match(minNotices[0].message, /minified/);

    // Reopening is a new session: one new notice.
    client.close(mu);
    client.open(path.join(ws, 'src', 'app.min.js'), 'javascript', min);
    await waitUntil(() => client.messages().filter((m) => m.method === 'window/showMessage' && m.message.includes('app.min.js')).length === 2, 10_000, 'second notice after reopen');
  } finally {
    await stop(s);
  }
});

test('measure: didOpen → diagnostics for a 1 MB source file', T, async () => {
  const s = await start();
  const { client, ws } = s;
  try {
    const chunk = [
      "export async function commit(token) { return post(`https://api.weixin.qq.com/wxa/commit?access_token=${token}`); }",
      "export const code = '/wxa/getwxacodeunlimit';",
      "// an ordinary comment line that mentions nothing of interest to the scanner at all",
      "const order = { path: '/cgi-bin/express/business/order/add', retries: 3 };",
      '',
    ].join('\n');
    const text = chunk.repeat(Math.ceil((1024 * 1024) / chunk.length));
    const file = path.join(ws, 'src', 'large.ts');
    fs.writeFileSync(file, text);
    const started = Date.now();
    const t0 = client.mark();
    const u = client.open(file, 'typescript', text);
    const diags = await client.diagnostics(u, (d) => d.length > 0, 60_000, t0);
    const ms = Date.now() - started;
    console.log(`# didOpen → publishDiagnostics for ${(text.length / 1024 / 1024).toFixed(2)} MB: ${ms} ms, ${diags.length} diagnostics`);
    assert.ok(diags.length > 1000);
    // Typing at the end of the big file: the last version wins, no stale publish.
    const typingStarted = Date.now();
    const t1 = client.mark();
    let cur = text;
    for (let v = 2; v <= 11; v++) {
      const next = cur + `// ${v}\n`;
      client.notify('textDocument/didChange', { textDocument: { uri: u, version: v }, contentChanges: [{ range: { start: endPos(cur), end: endPos(cur) }, text: `// ${v}\n` }] });
      cur = next;
      await sleep(20);
    }
    await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === u && p.version === 11, 60_000, t1);
    const settled = Date.now() - typingStarted;
    await sleep(500);
    const after = client.published(u).filter((p) => p.version > 1);
    assert.ok(after.length >= 1 && after.length <= 3, `debounced: ${after.length} publishes for 10 quick edits`);
    assert.equal(after[after.length - 1].version, 11, 'the last publish is for the last version');
    assert.deepEqual(after.map((p) => p.version), [...after.map((p) => p.version)].sort((a, b) => a - b), 'never an older version after a newer one');
    console.log(`# 10 quick edits of the 1 MB file → ${after.length} publish(es), v11 published ${settled} ms after the first edit`);
  } finally {
    await stop(s);
  }
});

test('settings without workspace/configuration: initializationOptions, didChangeConfiguration, zh-cn', T, async () => {
  const ws = copyFixture('workspace');
  fs.rmSync(path.join(ws, 'wxperm.json'));
  const client = new LspClient();
  const s: Session = { client, ws, init: undefined, readyMs: 0 };
  try {
    s.init = await client.initialize({ folders: [ws], configuration: false, locale: 'zh-CN', initializationOptions: { wxperm: { grants: [18] } } });
    const text = read(ws, 'src/qrcode.ts');
    const t0 = client.mark();
    const u = client.open(path.join(ws, 'src', 'qrcode.ts'), 'typescript');
    let diags = await client.diagnostics(u, () => true, 15_000, t0);
    assert.deepEqual(at(diags, 'not-granted', text, '/wxa/commit'), [], 'settings grant 18');
    const ng = at(diags, 'not-granted', text, '/wxa/getwxacodeunlimit');
    assert.equal(ng.length, 1, JSON.stringify(diags));
    assert.match(ng[0].message, /[\u4e00-\u9fff]/, 'zh-cn message');
    assert.equal(client.serverRequests.filter((r) => r.method === 'workspace/configuration').length, 0, 'never asks a client that cannot answer');

    const t1 = client.mark();
    client.notify('workspace/didChangeConfiguration', { settings: { wxperm: { grants: [17] } } });
    diags = await client.diagnostics(u, (d) => at(d, 'not-granted', text, '/wxa/commit').length === 1, 15_000, t1);
    assert.deepEqual(at(diags, 'not-granted', text, '/wxa/getwxacodeunlimit'), []);

    // Settings-only quick fix: no wxperm.json yet — the fix creates it.
    const commit = at(diags, 'not-granted', text, '/wxa/commit')[0];
    const actions = await client.request('textDocument/codeAction', { textDocument: { uri: u }, range: commit.range, context: { diagnostics: [commit] } });
    const create = actions.find((a: any) => a.edit?.documentChanges?.some((c: any) => c.kind === 'create' && c.uri === uri(path.join(ws, 'wxperm.json'))));
    assert.ok(create, `a quick fix that creates wxperm.json; got ${JSON.stringify(actions.map((a: any) => a.title))}`);
    // wxperm.json will win over the settings: it must keep what the settings granted (17) besides 18.
    const content = create.edit.documentChanges.find((c: any) => c.edits).edits[0].newText;
    assert.match(content, /"grants": \[17, 18\]/, content);

  } finally {
    await stop(s);
  }
});

test('workspace/configuration per resource, and a multi-root workspace', T, async () => {
  const ws = copyFixture('workspace');
  const second = copyFixture('second');
  const client = new LspClient();
  // Settings with grants: both folders have a wxperm.json, which wins.
  client.settings = { '': { grants: [999] } };
  const s: Session = { client, ws, init: undefined, readyMs: 0 };
  try {
    s.init = await client.initialize({ folders: [ws, second], configuration: true });
    const text = read(second, 'commit.js');
    const t0 = client.mark();
    const u = client.open(path.join(second, 'commit.js'), 'javascript');
    const diags = await client.diagnostics(u, () => true, 15_000, t0);
    assert.deepEqual(at(diags, 'not-granted', text, '/wxa/commit'), [], 'the second folder grants 18');
    assert.equal(at(diags, 'not-granted', text, '/wxa/getwxacodeunlimit').length, 1, JSON.stringify(diags));
    const asked = client.serverRequests.filter((r) => r.method === 'workspace/configuration').flatMap((r) => r.params.items);
    assert.ok(asked.some((i: any) => i.scopeUri === u && i.section === 'wxperm'), 'settings asked per document');

    const q = read(ws, 'src/qrcode.ts');
    const t1 = client.mark();
    const qu = client.open(path.join(ws, 'src', 'qrcode.ts'), 'typescript');
    const qd = await client.diagnostics(qu, () => true, 15_000, t1);
    assert.equal(at(qd, 'not-granted', q, '/wxa/commit').length, 1, 'the first folder does not grant 18 to wx1111…');
  } finally {
    await stop(s);
    fs.rmSync(second, { recursive: true, force: true });
  }
});

test('didChangeConfiguration with nothing new (eglot sends one per didOpen) re-checks nothing; a real change does', T, async () => {
  const ws = copyFixture('workspace');
  const client = new LspClient();
  client.settings = { '': { wxperm: { rules: { 'not-granted': 'warning' } } } };
  const s: Session = { client, ws, init: undefined, readyMs: 0 };
  try {
    s.init = await client.initialize({ folders: [ws], configuration: true });
    const t0 = client.mark();
    const u = client.open(path.join(ws, 'src', 'qrcode.ts'), 'typescript');
    const first = await client.diagnostics(u, (d) => d.some((x) => x.code === 'not-granted'), 15_000, t0);
    assert.equal(first.find((x) => x.code === 'not-granted').severity, 2, 'the settings make not-granted a warning');
    await sleep(300); // let the first check settle (debounce, warm-up)
    const publishes = client.published(u).length;
    const asked = () => client.serverRequests.filter((r) => r.method === 'workspace/configuration').length;
    const askedBefore = asked();
    const changed = () => client.messages().filter((m) => /configuration changed \(settings changed\)/.test(m.message)).length;

    client.notify('workspace/didChangeConfiguration', { settings: {} });
    for (const t = Date.now(); asked() === askedBefore && Date.now() - t < 10_000;) await sleep(20);
    assert.ok(asked() > askedBefore, 'the server asked for the settings again');
    await sleep(400); // longer than the debounce: a re-check would have published by now
    assert.equal(client.published(u).length, publishes, 'no second, identical publish');
    assert.equal(changed(), 0, 'nothing logged as changed');

    client.settings = { '': { wxperm: { rules: { 'not-granted': 'error' } } } };
    const t1 = client.mark();
    client.notify('workspace/didChangeConfiguration', { settings: null });
    const after = await client.diagnostics(u, (d) => d.some((x) => x.code === 'not-granted' && x.severity === 1), 15_000, t1);
    assert.ok(after.length);
    assert.equal(changed(), 1, 'the real change is logged once');
  } finally {
    await stop(s);
  }
});

test('pull diagnostics (textDocument/diagnostic) when the client supports them', T, async () => {
  const s = await start({ pull: true });
  const { client, ws } = s;
  try {
    assert.deepEqual(s.init.capabilities.diagnosticProvider, { identifier: 'wxperm', interFileDependencies: true, workspaceDiagnostics: false });
    const text = read(ws, 'src/qrcode.ts');
    const u = client.open(path.join(ws, 'src', 'qrcode.ts'), 'typescript');
    const report = await client.request('textDocument/diagnostic', { textDocument: { uri: u } });
    assert.equal(report.kind, 'full');
    assert.equal(at(report.items, 'not-granted', text, '/wxa/commit').length, 1);
    await sleep(600);
    assert.equal(client.published(u).length, 0, 'nothing pushed for a pulled document');

    // A config change asks the client to pull again.
    const requestsBefore = client.serverRequests.length;
    fs.writeFileSync(path.join(ws, 'wxperm.json'), '{ "grants": [17, 18, 30] }');
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(path.join(ws, 'wxperm.json')), type: 2 }] });
    await waitUntil(() => client.serverRequests.slice(requestsBefore).some((r) => r.method === 'workspace/diagnostic/refresh'), 10_000, 'workspace/diagnostic/refresh');
    const again = await client.request('textDocument/diagnostic', { textDocument: { uri: u } });
    assert.deepEqual(at(again.items, 'not-granted', text, '/wxa/commit'), []);
  } finally {
    await stop(s);
  }
});

test('workspace/symbol over the catalog and workspace/executeCommand wxperm.lookup', T, async () => {
  const s = await start();
  const { client } = s;
  try {
    const syms = await client.request('workspace/symbol', { query: 'getwxacodeunlimit' });
    const iface = syms.find((x: any) => x.name.includes('/wxa/getwxacodeunlimit'));
    assert.ok(iface, JSON.stringify(syms.slice(0, 3)));
    assert.match(iface.location.uri, /^file:\/\/.*CATALOG\.md$/);
    assert.ok(iface.location.range.start.line > 0);
    const catalogMd = fs.readFileSync(new URL(iface.location.uri), 'utf8').split('\n');
    assert.ok(catalogMd[iface.location.range.start.line].includes('`/wxa/getwxacodeunlimit`'), 'points at the interface row');
    assert.match(iface.containerName, /17/);

    const bySet = await client.request('workspace/symbol', { query: '18' });
    const set = bySet.find((x: any) => /^18 /.test(x.name));
    assert.ok(set);
    assert.ok(catalogMd[set.location.range.start.line].startsWith('## 18 '));

    const byName = await client.request('workspace/symbol', { query: 'getUnlimitedQRCode' });
    assert.ok(byName.some((x: any) => x.name.includes('getUnlimitedQRCode')), 'the name contains what matched (clients filter by name)');
    const byZh = await client.request('workspace/symbol', { query: '小程序码' });
    assert.ok(byZh.length > 0 && byZh.some((x: any) => x.name.includes('小程序码')));
    assert.ok((await client.request('workspace/symbol', { query: '' })).length >= 40, 'an empty query lists the sets');

    const res = await client.request('workspace/executeCommand', { command: 'wxperm.lookup', arguments: ['/wxa/getwxacodeunlimit'] });
    assert.equal(res.version, 1);
    assert.equal(res.matches[0].kind, 'interface');
    assert.equal(res.matches[0].path, '/wxa/getwxacodeunlimit');
    assert.ok(res.matches[0].sets.some((x: any) => x.id === 17));
    const advertised = await client.request('workspace/executeCommand', { command: 'wxperm.server.lookup', arguments: ['/wxa/getwxacodeunlimit'] });
    assert.deepEqual(advertised, res, 'the advertised id answers the same');
    const none = await client.request('workspace/executeCommand', { command: 'wxperm.lookup', arguments: ['zzzzzzzzzzzz'] });
    assert.deepEqual(none.matches, []);
  } finally {
    await stop(s);
  }
});

test('shutdown and exit: exit code 0; exit without shutdown: 1', T, async () => {
  const a = new LspClient();
  await a.initialize({});
  assert.equal((await a.shutdown()).code, 0);
  const b = new LspClient();
  try {
    await b.initialize({});
    b.notify('exit', null);
    assert.equal((await b.waitExit()).code, 1);
  } finally {
    b.kill();
  }
});

test('IPC transport (how VS Code starts it): initialize, diagnostics, shutdown', T, async () => {
  const ws = copyFixture('workspace');
  const child = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const received: any[] = [];
  const waiters: { match: (m: any) => boolean; resolve: (m: any) => void }[] = [];
  child.on('message', (m: any) => {
    received.push(m);
    if (m.method && m.id !== undefined) child.send({ jsonrpc: '2.0', id: m.id, result: m.method === 'workspace/configuration' ? m.params.items.map(() => null) : null });
    for (const w of waiters.splice(0)) if (w.match(m)) w.resolve(m);
    else waiters.push(w);
  });
  const next = (match: (m: any) => boolean) => new Promise<any>((resolve, reject) => {
    const have = received.find(match);
    if (have) return resolve(have);
    const timer = setTimeout(() => reject(new Error(`IPC: timed out; got ${JSON.stringify(received).slice(0, 800)}`)), 15_000);
    waiters.push({ match, resolve: (m) => { clearTimeout(timer); resolve(m); } });
  });
  try {
    child.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: process.pid, rootUri: uri(ws), workspaceFolders: [{ uri: uri(ws), name: 'ws' }], capabilities: {} } });
    const init = await next((m) => m.id === 1);
    assert.equal(init.result.serverInfo.name, 'wxperm');
    child.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
    const file = path.join(ws, 'src', 'qrcode.ts');
    const text = read(ws, 'src/qrcode.ts');
    child.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: uri(file), languageId: 'typescript', version: 1, text } } });
    const pub = await next((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri(file));
    assert.equal(at(pub.params.diagnostics, 'not-granted', text, '/wxa/commit').length, 1);
    child.send({ jsonrpc: '2.0', id: 2, method: 'shutdown', params: null });
    await next((m) => m.id === 2);
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.send({ jsonrpc: '2.0', method: 'exit', params: null });
    assert.equal(await exited, 0);
  } finally {
    child.kill();
    fs.rmSync(ws, { recursive: true, force: true });
  }
});

function endPos(text: string): { line: number; character: number } {
  const lines = text.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

async function waitUntil(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** Apply LSP TextEdits (non-overlapping) to a text. */
function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const off = (p: { line: number; character: number }) => (lineStarts[p.line] ?? text.length) + p.character;
  return [...edits].sort((x, y) => off(y.range.start) - off(x.range.start)).reduce((t, e) => t.slice(0, off(e.range.start)) + e.newText + t.slice(off(e.range.end)), text);
}
